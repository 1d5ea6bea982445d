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
* :func:`check_alpha`, :func:`check_l1_ratio`, :func:`check_mask`,
  :func:`penalty_value`: the elastic-net penalty and its parameters.
* :class:`Design`, :class:`Problem`: the design matrix without a copy for the
  intercept, and the validated fitting problem with its objective, gradient and
  Hessian (what every solver iterates on).
"""

import numpy as np
from scipy import linalg

from ._validation import check_matrix, check_same_length, check_sample_weight, check_vector

#: Rows per block in :func:`weighted_gram` and :meth:`Design.gram_rmatvec`.
GRAM_BLOCK_ROWS = 4096


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
    :math:`A^\top A` goes to BLAS (``syrk``), so the temporary memory is one block.
    """
    n, d = X.shape
    if n <= GRAM_BLOCK_ROWS:
        A = X * np.sqrt(v)[:, None]
        return A.T @ A
    G = np.zeros((d, d))
    for start in range(0, n, GRAM_BLOCK_ROWS):
        stop = start + GRAM_BLOCK_ROWS
        A = X[start:stop] * np.sqrt(v[start:stop])[:, None]
        G += A.T @ A
    return G


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

    def gram(self, v):
        r"""Return :math:`D^\top \operatorname{diag}(v) D`."""
        if not self.intercept:
            return weighted_gram(self.X, v)
        G = np.empty((self.shape[1], self.shape[1]))
        G[0, 0] = v.sum()
        G[0, 1:] = G[1:, 0] = self.X.T @ v
        G[1:, 1:] = weighted_gram(self.X, v)
        return G

    def gram_rmatvec(self, v, r):
        r"""Return :math:`D^\top \operatorname{diag}(v) D` and :math:`D^\top r` in one pass.

        Rows are processed in blocks: each block of :math:`\sqrt{v}`-scaled rows (with the
        column of ones, if any) goes to BLAS ``syrk``, and :math:`X^\top r` is accumulated
        from the same block while it is still in cache. Only one block-sized buffer is
        allocated.
        """
        X = self.X
        n = X.shape[0]
        d = self.shape[1]
        off = int(self.intercept)
        G = np.zeros((d, d))
        g = np.zeros(d)
        sv = np.sqrt(v)
        rows = min(n, GRAM_BLOCK_ROWS)
        buf = np.empty((rows, d))
        for start in range(0, n, rows):
            stop = min(start + rows, n)
            A = buf[: stop - start]
            Xb = X[start:stop]
            np.multiply(Xb, sv[start:stop, None], out=A[:, off:])
            if off:
                A[:, 0] = sv[start:stop]
            G += A.T @ A
            g[off:] += Xb.T @ r[start:stop]
        if off:
            g[0] = r.sum()
        return G, g

    def rows(self, idx):
        """Materialized rows (a mini-batch)."""
        rows = self.X[idx]
        return np.column_stack([np.ones(rows.shape[0]), rows]) if self.intercept else rows

    def full(self):
        """The materialized design matrix (only for the rarely used paths)."""
        if self.intercept:
            return np.column_stack([np.ones(self.X.shape[0]), self.X])
        return self.X


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
        """Return (nll_i, p_i, p_i(1 - p_i)) from scores z with one exp and one log1p."""
        e = np.abs(z)
        np.negative(e, out=e)
        np.exp(e, out=e)  # e = exp(-|z|) in (0, 1]
        inv = e + 1.0
        np.reciprocal(inv, out=inv)  # 1 / (1 + e)
        curv = e * inv  # sigma(-|z|)
        p = curv.copy()
        np.copyto(p, inv, where=z >= 0)  # sigma(z)
        curv *= inv  # sigma(|z|) sigma(-|z|) = p (1 - p)
        # -log sigma(+-z) = log(1 + e^z) - y z = max(z, 0) - y z + log1p(e^{-|z|}),
        # where max(z, 0) - y z is exact for y in {0, 1}
        nll = np.maximum(z, 0.0)
        nll -= self.y * z
        nll += np.log1p(e, out=e)
        return nll, p, curv

    def value(self, z, beta, nll=None):
        if nll is None:
            nll = self.pointwise(z)[0]
        pen = penalty_value(beta, self.alpha, self.l1_ratio, self.mask) if self.alpha > 0 else 0.0
        return float(self.w @ nll) / self.w_sum + pen

    def smooth_value(self, z, beta):
        nll = self.pointwise(z)[0]
        return float(self.w @ nll) / self.w_sum + 0.5 * float(self.l2 @ (beta * beta))

    def loss_gradient(self, beta):
        """Smooth objective and its gradient at ``beta``, from one pass (no curvature)."""
        z = self.D.matvec(beta)
        e = np.abs(z)
        np.negative(e, out=e)
        np.exp(e, out=e)  # exp(-|z|)
        # residual p - y with p = sigma(z): 1/(1+e) for z >= 0, e/(1+e) otherwise
        r = np.where(z >= 0, 1.0, e)
        den = e + 1.0
        r /= den
        nll = np.maximum(z, 0.0)
        nll -= self.y * z
        nll += np.log1p(e, out=e)
        r -= self.y
        r *= self.w
        g = self.D.rmatvec(r)
        g /= self.w_sum
        g += self.l2 * beta
        f = float(self.w @ nll) / self.w_sum + 0.5 * float(self.l2 @ (beta * beta))
        return f, g

    def smooth_gradient(self, beta, p):
        r = self.w * p
        r -= self.wy
        g = self.D.rmatvec(r)
        g /= self.w_sum
        g += self.l2 * beta
        return g

    def gradient_hessian(self, beta, p, curvature):
        """Gradient and Hessian of the smooth part, from one pass over the data."""
        r = self.w * p
        r -= self.wy
        H, g = self.D.gram_rmatvec(self.w * curvature, r)
        H /= self.w_sum
        g /= self.w_sum
        H[np.diag_indices_from(H)] += self.l2
        g += self.l2 * beta
        return g, H

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
