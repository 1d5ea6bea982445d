r"""Shared numerical kernels: the one place where the pointwise logistic quantities, the
weighted Gram product, the penalty and the fitting problem are computed.

Internal module (no input checks beyond those of the problem object): the public
functions of :mod:`logreg_lib.links`, :mod:`logreg_lib.loss`,
:mod:`logreg_lib.regularization`, :mod:`logreg_lib.solvers`, :mod:`logreg_lib.inference`
and the estimators import from here, so that the stable sigmoid, the curvature
:math:`p(1-p)`, :math:`X^\top \operatorname{diag}(v) X` and the elastic-net penalty
exist once.

* :func:`expit`, :func:`log_expit`: :math:`\sigma(z)` and :math:`\log\sigma(z)` of a
  float array, never overflowing (one ``exp(-|z|)``, ``logaddexp``).
* :func:`curvature`: :math:`\sigma(z)\sigma(-z) = e^{-|z|}/(1 + e^{-|z|})^2`.
* :func:`nll_terms`, :func:`mean_loss`: per-sample and mean cross-entropy from scores.
* :func:`weighted_gram`: :math:`X^\top \operatorname{diag}(v) X`, blocked, via BLAS.
* :func:`covariance_from_information`: the inverse of an information matrix, through
  Cholesky (``inf`` where it is singular).
* :func:`check_alpha`, :func:`check_l1_ratio`, :func:`check_mask`,
  :func:`penalty_value`: the elastic-net penalty and its parameters.
* :func:`saturation_and_information`: at a fit's estimate, the count of fitted
  probabilities numerically 0 or 1 and the information matrix, from one pass.
* :class:`Design`, :class:`Problem`: the design matrix without a copy for the
  intercept, and the validated fitting problem with its objective, gradient and
  Hessian (what every solver iterates on).
"""

import numpy as np
from scipy import linalg

from ._parallel import over_rows
from ._validation import check_matrix, check_same_length, check_sample_weight, check_vector

def scalar_or_array(out):
    """Return a Python-like float for 0-d results, the array otherwise."""
    return out[()] if out.ndim == 0 else out


def expit(z):
    """Stable sigmoid of a float array, without input checks (internal fast path)."""
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log_expit(z):
    """Stable log-sigmoid of a float array, without input checks (internal fast path)."""
    return -np.logaddexp(0.0, -z)


def nll_terms(z, y):
    """Per-sample negative log-likelihood from the scores z (stable)."""
    # -[y log s(z) + (1 - y) log s(-z)]; for y in {0, 1} this is -log s((2y - 1) z)
    return -log_expit(np.where(y > 0, z, -z))


def mean_loss(z, y, w, w_sum):
    return float(w @ nll_terms(z, y)) / float(w_sum)


def weighted_gram(X, v):
    r"""Return :math:`X^\top \operatorname{diag}(v) X` for v >= 0, without an m-by-m matrix.

    Rows are scaled by :math:`\sqrt{v_i}` block by block and the symmetric product
    :math:`A^\top A` goes to BLAS (``syrk``), so the temporary memory is one block per
    core (:func:`~logreg_lib._parallel.over_rows`).
    """
    return Design(X).gram(v)


def covariance_from_information(info, diagnose=None):
    """Invert a symmetric information matrix through Cholesky.

    Returns a matrix of ``inf`` when the information is (numerically) singular, after
    calling ``diagnose`` (which may raise a more specific error).
    """
    try:
        factor = linalg.cho_factor(info, lower=False, check_finite=False)
        ok = np.min(np.diag(factor[0]) ** 2 / np.diag(info)) >= 1e-12
    except linalg.LinAlgError:
        ok = False
    if not ok:
        if diagnose is not None:
            diagnose()
        return np.full(info.shape, np.inf)
    cov = linalg.cho_solve(factor, np.eye(info.shape[0]), check_finite=False)
    return 0.5 * (cov + cov.T)  # exactly symmetric (the solves differ in the last bit)


def curvature(z):
    r"""The IRLS weights :math:`p(1-p) = \sigma(z)\sigma(-z) = e/(1+e)^2`, :math:`e = e^{-|z|}`.

    Positive (not rounded to 0) until :math:`|z| > 745`, with a single exponential.
    """
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def check_problem(beta, X, y=None, sample_weight=None):
    """Validate (beta, X, y, sample_weight) and return float arrays."""
    X = check_matrix(X)
    beta = check_vector(beta, "beta", length=None)
    if beta.shape[0] != X.shape[1]:
        raise ValueError(
            f"beta has {beta.shape[0]} entries but X has {X.shape[1]} columns; "
            "if X has no column of ones, did you forget add_intercept(X)?"
        )
    if y is not None:
        y = check_vector(y, "y")
        check_same_length(X=X, y=y)
        if not np.all((y == 0) | (y == 1)):
            raise ValueError("y must hold 0/1 labels for the loss functions; found other values.")
    w = check_sample_weight(sample_weight, X.shape[0])
    return beta, X, y, w


def check_alpha(alpha):
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise ValueError(f"alpha must be a number, got {alpha!r}.") from None
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be a finite, non-negative penalty strength, got {alpha}.")
    return alpha


def check_l1_ratio(l1_ratio):
    try:
        l1_ratio = float(l1_ratio)
    except (TypeError, ValueError):
        raise ValueError(f"l1_ratio must be a number in [0, 1], got {l1_ratio!r}.") from None
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}.")
    return l1_ratio


def check_mask(penalty_mask, n_columns):
    """Boolean mask of penalized columns; ``None`` means every column."""
    if penalty_mask is None:
        return np.ones(n_columns, dtype=bool)
    mask = np.asarray(penalty_mask)
    if mask.shape != (n_columns,):
        raise ValueError(
            f"penalty_mask must have one entry per column ({n_columns}), got shape {mask.shape}."
        )
    return mask.astype(bool)


def penalty_value(beta, alpha, l1_ratio, mask):
    b = beta[mask]
    return alpha * (l1_ratio * np.abs(b).sum() + 0.5 * (1.0 - l1_ratio) * (b @ b))


#: A pivot of the Cholesky factor below this fraction of its diagonal entry means that
#: the column is, to ~10 significant digits, a linear combination of earlier columns
#: (the squared pivot is 1 - R^2 of that regression, in the metric of the weights).
SINGULAR_PIVOT = 1e-10


class CollinearColumnsError(ValueError):
    """Singular Hessian because some columns of X are linearly dependent."""

    def __init__(self, columns, template):
        super().__init__(template.format(cols="[" + column_list(columns) + "]") + ".")
        self.columns = columns
        self.template = template


def column_list(columns, names=None):
    if names is None:
        return ", ".join(f"#{c}" for c in columns)
    return ", ".join(repr(str(names[c])) for c in columns)


def pointwise(z, y):
    r"""Return (nll_i, p_i, p_i(1 - p_i)) from scores z and labels y, with one ``exp`` and
    one ``log1p``: with :math:`e = e^{-|z|}`, :math:`p = 1/(1+e)` or :math:`e/(1+e)`,
    :math:`p(1-p) = e/(1+e)^2` and :math:`-\log\sigma(\pm z) = \max(z, 0) - yz +
    \operatorname{log1p}(e)` (exact for y in {0, 1})."""
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|z|) in (0, 1]
    inv = e + 1.0
    np.reciprocal(inv, out=inv)  # 1 / (1 + e)
    curv = e * inv  # sigma(-|z|)
    p = curv.copy()
    np.copyto(p, inv, where=z >= 0)  # sigma(z)
    curv *= inv  # sigma(|z|) sigma(-|z|) = p (1 - p)
    nll = np.maximum(z, 0.0)
    nll -= y * z
    nll += np.log1p(e, out=e)
    return nll, p, curv


def residual_terms(z, sign):
    r"""Return (nll_i, p_i - y_i, p_i(1 - p_i)) from scores z and ``sign`` :math:`= 1 - 2y`.

    The fitting passes' form of :func:`pointwise`: with :math:`t = (1 - 2y)z` (the
    score pointing away from the observed label) and :math:`e = e^{-|t|}`, the loss is
    :math:`\ell = \log(1 + e^{t}) = \max(t, 0) + \operatorname{log1p}(e)`, the residual
    is :math:`p - y = (1 - 2y)\,\sigma(t)` and the curvature is :math:`e/(1+e)^2`:
    one ``exp``, one ``log1p`` and no division by small numbers.
    """
    t = sign * z
    e = np.abs(t)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|t|) in (0, 1]
    inv = e + 1.0
    np.reciprocal(inv, out=inv)  # 1 / (1 + e)
    small = e * inv  # sigma(-|t|)
    curv = small * inv  # sigma(-|t|) sigma(|t|)
    r = np.where(t >= 0, inv, small)  # sigma(t)
    r *= sign
    nll = np.maximum(t, 0.0)
    nll += np.log1p(e, out=e)
    return nll, r, curv


class Design:
    """The design matrix ``[1, X]`` (or ``X``) without copying ``X`` to add the ones.

    The estimator passes its features with ``intercept=True``: products with the column
    of ones are sums, so a 10^6-by-100 fit does not need an 800 MB copy of its data.
    """

    def __init__(self, X, intercept=False):
        self.X = X
        self.intercept = bool(intercept)
        self.shape = (X.shape[0], X.shape[1] + self.intercept)

    def matvec(self, beta):
        if self.intercept:
            z = self.X @ beta[1:]
            z += beta[0]
            return z
        return self.X @ beta

    def rmatvec(self, r):
        if self.intercept:
            out = np.empty(self.shape[1])
            out[0] = r.sum()
            out[1:] = self.X.T @ r
            return out
        return self.X.T @ r

    def scaled_block(self, start, stop, sv):
        """Rows ``start:stop`` of the design, each multiplied by ``sv`` (a fresh array)."""
        off = int(self.intercept)
        A = np.empty((stop - start, self.shape[1]))
        np.multiply(self.X[start:stop], sv[:, None], out=A[:, off:])
        if off:
            A[:, 0] = sv
        return A

    def gram(self, v):
        r"""Return :math:`D^\top \operatorname{diag}(v) D` (v >= 0), one block at a time."""
        sv = np.sqrt(v)

        def block(start, stop):
            A = self.scaled_block(start, stop, sv[start:stop])
            return (A.T @ A,)  # BLAS syrk

        return over_rows(self.shape[0], self.shape[1], block)[0]

    def rows(self, idx):
        """Materialized rows (a mini-batch)."""
        rows = self.X[idx]
        return np.column_stack([np.ones(rows.shape[0]), rows]) if self.intercept else rows

    def full(self):
        """The materialized design matrix (only for the rarely used paths)."""
        if self.intercept:
            return np.column_stack([np.ones(self.X.shape[0]), self.X])
        return self.X


#: A fitted probability is numerically 0 or 1 when sigma(z) < 10 eps or 1 - sigma(z) <
#: 10 eps, i.e. |z| > -log(10 eps) ~ 33.7.
SATURATED = -np.log(10 * np.finfo(float).eps)


def saturation_and_information(design, w, beta, information):
    """One pass over the rows at the fitted coefficients.

    Returns the number of rows with positive weight whose fitted probability is
    numerically 0 or 1 (a sign of separation) and, if ``information`` is true, the
    information matrix :math:`D^\top W D` of the summed likelihood (else None).
    """
    off = int(design.intercept)
    slopes, shift = beta[off:], (beta[0] if off else 0.0)

    def block(start, stop):
        z = design.X[start:stop] @ slopes
        z += shift
        wb = w[start:stop]
        count = np.count_nonzero((np.abs(z) > SATURATED) & (wb > 0))
        if not information:
            return count, 0.0
        A = design.scaled_block(start, stop, np.sqrt(wb * curvature(z)))
        return count, A.T @ A

    count, gram = over_rows(design.shape[0], design.shape[1], block)
    return int(count), (gram if information else None)


class Problem:
    """Validated data and penalty; evaluates F, its smooth gradient and Hessian."""

    def __init__(self, X, y, sample_weight, alpha, l1_ratio, penalty_mask, beta0):
        self.D = X if isinstance(X, Design) else Design(check_matrix(X))
        self.y = check_vector(y, "y")
        check_same_length(X=self.D.X, y=self.y)
        if not np.all((self.y == 0) | (self.y == 1)):
            raise ValueError("y must hold 0/1 labels for the solvers; found other values.")
        self.w = check_sample_weight(sample_weight, self.D.shape[0])
        self.w_sum = float(self.w.sum())
        self.wy = self.w * self.y
        self.sign = 1.0 - 2.0 * self.y  # t = (1 - 2y) z in residual_terms
        self.unit_weights = bool(np.all(self.w == 1.0))
        self.alpha = check_alpha(alpha)
        self.l1_ratio = check_l1_ratio(l1_ratio)
        d = self.D.shape[1]
        self.mask = check_mask(penalty_mask, d)
        self.l2 = self.alpha * (1.0 - self.l1_ratio) * self.mask  # per-column L2 strength
        self.l1 = self.alpha * self.l1_ratio * self.mask  # per-column L1 strength
        if beta0 is None:
            self.beta0 = np.zeros(d)
        else:
            self.beta0 = check_vector(beta0, "beta0", length=d).copy()

    def pointwise(self, z):
        """Return (nll_i, p_i, p_i(1 - p_i)) from scores z (see :func:`pointwise`)."""
        return pointwise(z, self.y)

    def value(self, z, beta, nll=None):
        if nll is None:
            nll = self.pointwise(z)[0]
        pen = penalty_value(beta, self.alpha, self.l1_ratio, self.mask) if self.alpha > 0 else 0.0
        return float(self.w @ nll) / self.w_sum + pen

    def evaluate(self, beta, hessian=False):
        r"""Objective, smooth gradient (and Hessian) at ``beta`` from one pass over the rows.

        Returns ``(F, g)``, or ``(F, g, H)`` with ``hessian=True``: :math:`F` the full
        objective (penalty included), ``g`` and ``H`` those of its smooth part. Block by
        block (:func:`~logreg_lib._parallel.over_rows`), the scores :math:`z = X\beta`,
        the pointwise quantities, the block's share of :math:`X^\top S(p - y)` and of
        :math:`X^\top W X` come from the same rows while they are in cache, so ``X`` is
        read once however many quantities are wanted.
        """
        D, w = self.D, self.w
        off = int(D.intercept)
        slopes, shift = beta[off:], (beta[0] if off else 0.0)

        def block(start, stop):
            Xb = D.X[start:stop]
            z = Xb @ slopes
            z += shift
            nll, r, curv = residual_terms(z, self.sign[start:stop])
            if not self.unit_weights:  # (skipped for the common all-ones weights)
                wb = w[start:stop]
                nll *= wb
                r *= wb
                curv *= wb
            g = np.empty(D.shape[1])
            g[off:] = Xb.T @ r
            if off:
                g[0] = r.sum()
            if not hessian:
                return float(nll.sum()), g
            A = D.scaled_block(start, stop, np.sqrt(curv, out=curv))
            return float(nll.sum()), g, A.T @ A

        parts = over_rows(D.shape[0], D.shape[1], block)
        f, g = parts[0] / self.w_sum, parts[1] / self.w_sum
        g += self.l2 * beta
        f += penalty_value(beta, self.alpha, self.l1_ratio, self.mask) if self.alpha > 0 else 0.0
        if not hessian:
            return f, g
        H = parts[2] / self.w_sum
        H[np.diag_indices_from(H)] += self.l2
        return f, g, H

    def smooth_gradient(self, beta, p):
        r = self.w * p
        r -= self.wy
        g = self.D.rmatvec(r)
        g /= self.w_sum
        g += self.l2 * beta
        return g

    def hessian(self, curvature):
        H = self.D.gram(self.w * curvature)
        H /= self.w_sum
        H[np.diag_indices_from(H)] += self.l2
        return H

    def grad_norm(self, beta, g):
        """Norm of the minimum-norm subgradient of F (the gradient when there is no L1)."""
        if not np.any(self.l1 > 0):
            return float(np.linalg.norm(g))
        r = np.where(beta != 0, g + self.l1 * np.sign(beta),
                     np.sign(g) * np.maximum(np.abs(g) - self.l1, 0.0))
        return float(np.linalg.norm(r))

    def lipschitz(self):
        r"""Largest eigenvalue of the Hessian's upper bound :math:`X^\top S X / (4\sum s)`."""
        G = self.D.gram(self.w) / self.w_sum
        return float(linalg.eigvalsh(G, subset_by_index=[G.shape[0] - 1, G.shape[0] - 1])[0]) / 4.0 \
            + float(self.l2.max(initial=0.0))

    def diagnose_singular(self):
        """Raise CollinearColumnsError if X's columns are dependent; else return."""
        G = self.D.gram(self.w) / self.w_sum
        G[np.diag_indices_from(G)] += self.l2
        scale = np.sqrt(np.diag(G))
        zero = np.flatnonzero(scale == 0)
        if zero.size:
            raise CollinearColumnsError(
                zero.tolist(), "column(s) {cols} of X are all zeros (in the rows with positive "
                "weight), so their coefficients are not identifiable")
        evals, evecs = linalg.eigh(G / np.outer(scale, scale))
        if evals[0] >= SINGULAR_PIVOT:
            return
        v = evecs[:, 0]
        cols = np.flatnonzero(np.abs(v) > 0.05 * np.abs(v).max()).tolist()
        raise CollinearColumnsError(
            cols, "columns {cols} of X are collinear: a linear combination of them is "
            "(numerically) zero, so the Hessian X^T W X is singular and the coefficients are "
            "not identifiable. Drop one of these columns (for example a dummy column that "
            "duplicates the intercept, or a feature that is a sum of others)")
