r"""Separation: when the maximum-likelihood estimate does not exist, and Firth's cure (chapter 5).

Chapter 5 warns that if a linear combination of the features splits the classes, the
likelihood keeps increasing as the coefficients grow: the maximum-likelihood estimate
(MLE) does not exist and iterative fits "converge" to huge, arbitrary numbers. This
module

* decides exactly, by linear programming, whether a data set is completely separated,
  quasi-completely separated or neither, for two classes and for the multinomial
  model, and names the separating direction (:func:`check_separation`);
* fits Firth's penalized likelihood, which has finite estimates even on separated data
  (:func:`firth_fit`).
"""

from dataclasses import dataclass, field

import numpy as np
import scipy.optimize
import scipy.sparse

from ._validation import check_matrix, check_same_length, check_sample_weight
from .exceptions import ConvergenceWarning

__all__ = ["SeparationResult", "check_separation", "SEPARATION_TOL", "FirthResult", "firth_fit"]


@dataclass
class SeparationResult:
    r"""Outcome of :func:`check_separation`.

    Attributes
    ----------
    kind : str
        ``"complete"``, ``"quasi-complete"`` or ``"none"``.
    direction : ndarray or None
        Two classes: shape (n_columns,), a vector :math:`d` with
        :math:`(2y_i - 1)\, x_i^\top d \ge 0` for every sample (all strict if
        complete), scaled to max-abs entry 1. More classes: shape
        (n_columns, n_classes), a centered matrix :math:`D` with
        :math:`x_i^\top(d_{y_i} - d_k) \ge 0` for every sample and class. None
        when ``kind == "none"``.
    columns : list of int
        Indices of the columns of ``X`` that the direction uses (non-zero entries).
    column_names : list of str
        Their names (``feature_names`` if given, else ``"x0"``, ``"x1"``, ...).
    separated_samples : ndarray of shape (n_samples,)
        True where the direction separates the sample strictly (margin > 0); in a
        quasi-complete separation the others lie on the separating hyperplane.
    classes : ndarray of shape (n_classes,)
        The labels; for two classes the second is the positive class.
    separated_pairs : list of tuple
        Pairs of classes some of whose samples the direction separates strictly.
    description : str
        A sentence for a warning or a report.
    """

    kind: str
    direction: object
    columns: list
    column_names: list
    separated_samples: np.ndarray
    classes: np.ndarray
    separated_pairs: list = field(default_factory=list)
    description: str = ""

    @property
    def separated(self):
        """True unless ``kind == "none"``."""
        return self.kind != "none"

    def __str__(self):
        return self.description


#: Tie tolerance of :func:`check_separation` (HiGHS's primal feasibility tolerance in
#: its linear programs): with the columns scaled to max-abs 1, the rows to unit 1-norm
#: and the direction to max-abs 1, a margin down to ``-tol`` counts as zero (a tie on the
#: separating hyperplane), and a sample counts as strictly separated only with a margin
#: above ``10 * tol``.
SEPARATION_TOL = 1e-7
_MAX_ROUNDS = 50


def _linprog(c, A_ub, b_ub, bounds, tol=None):
    options = {} if tol is None else {"primal_feasibility_tolerance": tol}
    res = scipy.optimize.linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs",
                                 options=options)
    if res.status != 0:
        raise RuntimeError(f"linear program failed: {res.message}")
    return res


def _margin_matrix(X, codes, K):
    r"""Sparse rows :math:`a` with :math:`a^\top \mathrm{vec}(D) = x_i^\top (d_{y_i} - d_k)`, k != y_i.

    ``vec(D)`` stacks the class columns :math:`d_0, \dots, d_{K-1}`. Each row has at most
    ``2 p`` non-zeros, so the matrix is built in CSR form (``n (K - 1)`` rows).
    """
    n, p = X.shape
    rows_i = np.repeat(np.arange(n), K - 1)
    others = np.array([[k for k in range(K) if k != c] for c in range(K)], dtype=int)
    others = others[codes].ravel()
    m = rows_i.shape[0]
    cols = np.arange(p)
    own_cols = codes[rows_i][:, None] * p + cols            # +x_i in block y_i
    other_cols = others[:, None] * p + cols                  # -x_i in block k
    data = np.concatenate([X[rows_i], -X[rows_i]], axis=1).ravel()
    indices = np.concatenate([own_cols, other_cols], axis=1).ravel()
    indptr = np.arange(0, 2 * p * m + 1, 2 * p)
    A = scipy.sparse.csr_matrix((data, indices, indptr), shape=(m, p * K))
    A.sum_duplicates()
    return A, rows_i, others


def _separable_rows(A, tol, free=None):
    r"""Largest set of rows of ``A`` that one direction makes strictly positive.

    Solves a short sequence of small linear programs in the direction only (no variable
    per row): with the rows normalized to unit 1-norm,

    .. math::

        \max_{d \in [-1, 1]^q} \sum_{i \in T} a_i^\top d \quad\text{s.t.}\quad
        a_i^\top d \ge 0\ \ \forall i,

    where :math:`T` holds the rows not yet known to be separable; rows whose margin
    exceeds ``10 * tol`` join the separable set, and the loop ends when none joins. The
    separating directions form a convex cone, so the sum of the directions found
    separates every row found at once. Returns ``(mask of separable rows, direction)``.
    """
    m, q = A.shape
    A = scipy.sparse.csr_matrix(A)
    norms = np.asarray(abs(A).sum(axis=1)).ravel()
    live = norms > 0  # an all-zero row is a tie for every direction
    An = scipy.sparse.diags(np.where(live, 1.0 / np.where(live, norms, 1.0), 0.0)) @ A
    A_live = An[live]
    bounds = [(-1.0, 1.0)] * q
    threshold = 10.0 * tol
    strict = np.zeros(m, dtype=bool)
    total = np.zeros(q)
    for _ in range(_MAX_ROUNDS):
        todo = live & ~strict
        if not todo.any():
            break
        c = -np.asarray(An[todo].sum(axis=0)).ravel()
        if not np.any(c):
            break
        d = _cone_program(c, A_live, bounds, tol)
        new = todo & (An @ d > threshold)
        if not new.any():
            break
        strict |= new
        total += d
    else:
        return _separable_rows_one_program(An, live)
    if strict.any():
        sparse = _sparsest_direction(A, strict, live, tol, free)
        if sparse is not None:
            total = sparse
    return strict, total


_WORKING_ROWS = 1000


def _sparsest_direction(An, strict, live, tol, free=None):
    r"""The separating direction with the smallest 1-norm (the simplest rule to read).

    Linear program in :math:`d = u - v` (:math:`u, v \ge 0`): minimize
    :math:`\sum_j (u_j + v_j)` subject to margin :math:`\ge 1` on the separable rows and
    :math:`\ge 0` on the others, solved by the same constraint generation. The 1-norm
    favors directions that use few columns, so the answer does not depend on which
    vertex a solver happens to return. Columns flagged in ``free`` (the intercept's)
    cost nothing: the rule is read off the features. Returns None if the program fails.
    """
    q = An.shape[1]
    cost = np.ones(q) if free is None else np.where(free, 0.0, 1.0)
    A = An[live]
    lower = np.where(strict[live], 1.0, 0.0)
    A2 = scipy.sparse.hstack([A, -A], format="csr")
    try:
        x = _cone_program(np.concatenate([cost, cost]), A2, [(0.0, None)] * (2 * q), tol,
                          lower=lower)
    except RuntimeError:
        return None
    d = x[:q] - x[q:]
    margins = An @ d
    if np.any(margins[live] < -10 * tol * max(1.0, np.abs(d).max())) or \
            np.any(margins[strict] <= 0.5):
        return None
    return d


def _cone_program(c, A, bounds, tol, lower=None):
    r"""Solve :math:`\min_d c^\top d` s.t. :math:`A d \ge 0`, :math:`d` in ``bounds``, by
    constraint generation.

    The optimum has at most as many active constraints as ``d`` has entries, so the
    program is solved on a working set of rows (an evenly spaced sample first), the
    direction is checked against every row with one product, and the most violated
    rows join the working set until none is violated beyond ``tol``: a relaxation whose
    optimum is feasible for all rows is optimal for all rows. Each program has a few
    thousand rows at most, whatever the number of samples.
    """
    m = A.shape[0]
    lower = np.zeros(m) if lower is None else lower
    if m <= 2 * _WORKING_ROWS:
        return _linprog(c, -A, -lower, bounds, tol=tol).x
    work = np.unique(np.linspace(0, m - 1, _WORKING_ROWS).astype(int))
    while True:
        d = _linprog(c, -A[work], -lower[work], bounds, tol=tol).x
        margins = A @ d - lower
        violated = np.flatnonzero(margins < -tol)
        if violated.size == 0:
            return d
        worst = violated[np.argsort(margins[violated], kind="stable")[:_WORKING_ROWS]]
        work = np.union1d(work, worst)


def _separable_rows_one_program(An, live):
    """The same answer from one larger program (a variable per row); used as a fallback
    when the sequence of small programs has not settled after ``_MAX_ROUNDS`` rounds."""
    m, q = An.shape
    A = An[live]
    k = A.shape[0]
    c = np.concatenate([np.zeros(q), -np.ones(k)])
    A_ub = scipy.sparse.hstack([-A, scipy.sparse.identity(k, format="csr")], format="csr")
    bounds = [(None, None)] * q + [(0.0, 1.0)] * k
    res = _linprog(c, A_ub, np.zeros(k), bounds)
    strict = np.zeros(m, dtype=bool)
    strict[live] = res.x[q:] > 0.5
    return strict, res.x[:q]


def check_separation(X, y, *, fit_intercept=True, feature_names=None, sample_weight=None,
                     tol=SEPARATION_TOL):
    r"""Decide exactly whether the data are completely, quasi-completely or not separated.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        The features. With the default ``fit_intercept=True`` a column of ones is
        prepended, as :class:`~logreg_lib.model.LogisticRegression` does; pass the
        model's full design matrix with ``fit_intercept=False``.
    y : array_like of shape (n_samples,)
        Labels; two classes (any labels, the larger is "positive") or more
        (the multinomial model).
    fit_intercept : bool, default=True
        Prepend a column of ones to ``X`` (then ``direction[0]`` is the intercept). The
        default matches the estimators' default: iris setosa against the rest is
        separable with an intercept, not through the origin.
    feature_names : list of str, optional
        Names of the columns of ``X`` (after the intercept, if added) for the
        description.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights. Only their support matters for separation: rows of zero
        weight are not in the fit, so they are dropped (they cannot hide a separation);
        ``separated_samples`` is False for them.
    tol : float, default=1e-7
        Tie tolerance (see :data:`SEPARATION_TOL`): with the columns scaled to max-abs 1,
        each sample's row to unit 1-norm and the direction to max-abs 1, a margin down
        to ``-tol`` counts as zero, so a sample within rounding of the separating
        hyperplane is a tie (data one rounding error away from a quasi-complete
        separation are reported as quasi-completely separated, which is what every
        solver sees), and a sample counts as strictly separated only with a margin above
        ``10 * tol``.

    Returns
    -------
    result : SeparationResult
        ``kind``, ``direction``, ``columns``, ``description`` and more.

    Raises
    ------
    ValueError
        Fewer than two classes, NaN or infinite values, mismatched lengths, invalid
        weights, no row of positive weight.

    Notes
    -----
    For two classes write :math:`s_i = 2y_i - 1`. Albert and Anderson (1984): the MLE
    exists if and only if the classes overlap, i.e. no :math:`d` satisfies
    :math:`s_i x_i^\top d \ge 0` for all :math:`i` with :math:`Xd \ne 0`. The rows
    :math:`a_i = s_i x_i` are normalized to unit 1-norm (after scaling the columns of
    :math:`X` to max-abs 1), and a short sequence of linear programs over the
    direction alone (HiGHS through ``scipy.optimize.linprog``),

    .. math::

        \max_{d \in [-1, 1]^p} \sum_{i \in T} a_i^\top d \quad\text{s.t.}\quad
        a_i^\top d \ge 0\ \ \forall i,

    with :math:`T` the samples not yet known to be separable, collects every sample
    that some direction separates strictly (margin above ``10 * tol``) until none
    joins. The separating directions form a convex cone, so the sum of the directions
    found separates all of them at once; the direction reported is then the one of
    smallest 1-norm with margin at least 1 on those samples (one more program), the
    rule with the fewest columns (the intercept costs nothing), whatever vertex the
    solver lands on. None: overlap, and the MLE exists when
    :math:`X` has full column rank; all: complete separation; otherwise quasi-complete
    separation, with the other samples on the hyperplane. Each program has one
    variable per column and one constraint per sample, never a variable per sample,
    and is solved by constraint generation on a working set of at most a few thousand
    samples, so :math:`10^5` rows take a fraction of a second (a single program with a
    variable per sample, the textbook formulation, is the fallback if the sequence has
    not settled after 50 programs).

    For :math:`K > 2` classes the same programs run over a matrix
    :math:`D = (d_1, \dots, d_K)` with margins :math:`x_i^\top(d_{y_i} - d_k)`,
    :math:`k \ne y_i` (the recession directions of the multinomial likelihood;
    statsmodels' ``MNLogit`` does no such check), built as a sparse matrix. Iris is
    quasi-completely separated: setosa is separable from the other two species, which
    overlap. For :math:`K = 2` this reduces to the binary program with
    :math:`d = d_1 - d_0`.

    References
    ----------
    - Albert, A. and Anderson, J. A. (1984). On the existence of maximum
      likelihood estimates in logistic regression models. *Biometrika* 71(1), 1-10.
    - Konis, K. (2007). *Linear programming algorithms for detecting separated
      data in binary logistic regression models*. DPhil thesis, University of Oxford.

    Examples
    --------
    >>> x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> check_separation(x, [0, 0, 1, 1]).kind
    'complete'
    >>> check_separation(x, [0, 1, 0, 1]).kind
    'none'
    >>> check_separation(np.array([[1.0], [2.0], [7.0], [8.0]]), [0, 0, 1, 1]).kind
    'complete'
    """
    X = check_matrix(X, "X")
    if fit_intercept:
        X = np.hstack([np.ones((X.shape[0], 1)), X])
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got an array of shape {y.shape}.")
    if y.dtype.kind in "fc" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite labels.")
    check_same_length(X=X, y=y)
    tol = float(tol)
    if not (np.isfinite(tol) and 0 < tol < 1e-2):
        raise ValueError(f"tol must be a small positive number (below 1e-2), got {tol}.")
    classes, codes = np.unique(y, return_inverse=True)
    labels = classes.tolist()  # Python scalars for readable messages
    K = classes.shape[0]
    if K < 2:
        raise ValueError(f"y must contain at least two classes, found {classes.tolist()}.")
    n_all, p = X.shape
    weight = check_sample_weight(sample_weight, n_all)
    keep = weight > 0  # check_sample_weight refuses all-zero weights
    X, codes = X[keep], codes[keep]
    n = X.shape[0]
    if feature_names is None:
        names = (["intercept"] if fit_intercept else []) + [
            f"x{j}" for j in range(p - int(fit_intercept))
        ]
    else:
        names = (["intercept"] if fit_intercept else []) + [str(f) for f in feature_names]
        if len(names) != p:
            raise ValueError(f"feature_names has {len(names) - int(fit_intercept)} names for "
                             f"{p - int(fit_intercept)} columns.")
    col_scale = np.max(np.abs(X), axis=0)
    col_scale[col_scale == 0] = 1.0
    Xs = X / col_scale
    if K == 2:
        s = np.where(codes == 1, 1.0, -1.0)
        A = scipy.sparse.csr_matrix(s[:, None] * Xs)  # margins = A @ d
        rows = np.arange(n)
        others = None
    else:
        A, rows, others = _margin_matrix(Xs, codes, K)
    constant = np.all(Xs == Xs[:1], axis=0) & (Xs[0] != 0)  # intercept column(s)
    strict_rows, d_opt = _separable_rows(A, tol, np.tile(constant, 1 if K == 2 else K))
    if K == 2:
        d_opt = d_opt / col_scale
    else:
        d_opt = (d_opt.reshape((K, p)) / col_scale).ravel()
    if strict_rows.all():
        kind, direction = "complete", d_opt
    elif strict_rows.any():
        kind, direction = "quasi-complete", d_opt
    else:
        kind, direction = "none", None

    present = np.unique(codes)
    one_class = present.shape[0] == 1
    if direction is None:
        return SeparationResult(
            kind="none", direction=None, columns=[], column_names=[],
            separated_samples=np.zeros(n_all, dtype=bool), classes=classes,
            description="The classes overlap: no separation, the maximum-likelihood "
                        "estimate exists (if X has full column rank).",
        )
    separated_samples = np.zeros(n_all, dtype=bool)
    if K == 2:
        separated_samples[keep] = strict_rows
        direction = direction / np.max(np.abs(direction))
        direction[np.abs(direction) < 1e-9] = 0.0
        used = np.flatnonzero(direction).tolist()
        pairs = [(labels[0], labels[1])]
        terms = " ".join(f"{direction[j]:+.4g}*{names[j]}" for j in used)
        rule = (f"the score {terms} is {'>' if kind == 'complete' else '>='} 0 for every "
                f"y={labels[1]!r} sample and {'<' if kind == 'complete' else '<='} 0 for "
                f"every y={labels[0]!r} sample")
    else:
        # a sample is separated if all its margins are strictly positive
        separated_samples[keep] = np.logical_and.reduce(strict_rows.reshape(n, K - 1), axis=1)
        D = direction.reshape((K, p)).T
        D = D - D.mean(axis=1, keepdims=True)
        D = D / np.max(np.abs(D))
        D[np.abs(D) < 1e-9] = 0.0
        direction = D
        used = np.flatnonzero(np.any(D != 0, axis=1)).tolist()
        pair_set = set()
        for a, b in zip(codes[rows[strict_rows]], others[strict_rows]):
            pair_set.add((min(a, b), max(a, b)))
        pairs = [(labels[a], labels[b]) for a, b in sorted(pair_set)]
        rule = ("the direction strictly separates classes "
                + ", ".join(f"{a!r} | {b!r}" for a, b in pairs)
                + f" (columns {', '.join(names[j] for j in used)})")
    if one_class:
        rule += f" (all the positive weight is on class {labels[int(present[0])]!r})"
    if kind == "complete":
        description = f"Complete separation: {rule}."
    else:
        n_on = int(n - separated_samples[keep].sum())
        description = (f"Quasi-complete separation: {rule}; {n_on} sample(s) lie on the "
                       "separating hyperplane, the others are classified perfectly.")
    return SeparationResult(
        kind=kind, direction=direction, columns=used, column_names=[names[j] for j in used],
        separated_samples=separated_samples, classes=classes, separated_pairs=pairs,
        description=description,
    )


# --------------------------------------------------------------------------- Firth
@dataclass
class FirthResult:
    r"""Outcome of :func:`firth_fit`.

    Attributes
    ----------
    coef : ndarray of shape (n_columns,)
        Firth estimates, one per column of the design matrix.
    cov : ndarray of shape (n_columns, n_columns)
        :math:`(X^\top W X)^{-1}` at the estimate: Wald standard errors are the
        square roots of its diagonal.
    n_iter : int
        Newton iterations used.
    converged : bool
        Whether both stopping rules were met.
    history : dict of lists
        ``"coef"``, ``"loss"`` (negative penalized log-likelihood) and
        ``"grad_norm"`` (max-abs modified score) per iteration, from the start.
    hat : ndarray of shape (n_samples,)
        Diagonal :math:`h_i` of the weighted hat matrix at the estimate.
    """

    coef: np.ndarray
    cov: np.ndarray
    n_iter: int
    converged: bool
    history: dict
    hat: np.ndarray


def _firth_parts(beta, X, y, w):
    """Penalized log-likelihood, modified score, Fisher information, hat diagonal."""
    z = X @ beta
    log_p = -np.logaddexp(0.0, -z)
    log_q = -np.logaddexp(0.0, z)
    p = np.exp(log_p)
    v = w * np.exp(log_p + log_q)  # s_i p_i (1 - p_i), stable
    info = (X * v[:, None]).T @ X
    L = np.linalg.cholesky(info)
    # h_i = v_i x_i^T I^{-1} x_i via the Cholesky factor: no m-by-m matrix
    Q = np.linalg.solve(L, X.T)
    h = v * np.sum(Q * Q, axis=0)
    loglik = float(w @ (y * log_p + (1 - y) * log_q))
    pen = float(np.sum(np.log(np.diag(L))))  # 1/2 log det I
    score = X.T @ (w * (y - p) + h * (0.5 - p))
    return loglik + pen, score, info, L, h


def firth_fit(X, y, sample_weight=None, max_iter=100, tol=1e-8):
    r"""Firth's bias-reduced (penalized-likelihood) logistic regression.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Full design matrix (leading column of ones for an intercept), full column rank.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative frequency weights :math:`s_i`.
    max_iter : int, default 100
        Maximum number of Newton iterations.
    tol : float, default 1e-8
        Stop when the max-abs step and the max-abs modified score are both below
        ``tol``.

    Returns
    -------
    result : FirthResult
        With ``coef``, ``cov``, ``n_iter``, ``converged``, ``history`` and ``hat``.

    Raises
    ------
    ValueError
        Labels not in {0, 1}, NaN or infinite values, mismatched lengths, invalid
        weights, or a rank-deficient ``X`` (singular information matrix).

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` is reached first.

    Notes
    -----
    Firth (1993) maximizes the log-likelihood penalized by Jeffreys' prior,

    .. math::

        \ell^*(\beta) = \ell(\beta) + \tfrac12 \log\det I(\beta), \qquad
        I(\beta) = X^\top W X,\ W = \mathrm{diag}(s_i p_i (1 - p_i)),

    whose gradient is the modified score

    .. math::

        U^*(\beta) = X^\top\big(S(y - p) + h \odot (\tfrac12 - p)\big) = 0,

    :math:`h_i` the diagonal of :math:`W^{1/2} X (X^\top W X)^{-1} X^\top W^{1/2}`.
    The penalty removes the :math:`O(1/n)` bias of the MLE and, because
    :math:`\log\det I \to -\infty` as :math:`\lVert\beta\rVert \to \infty`, keeps
    the estimate finite under separation (Heinze and Schemper 2002). Iterations
    (Heinze and Schemper's): :math:`\beta \leftarrow \beta + I(\beta)^{-1} U^*(\beta)`,
    halving the step until :math:`\ell^*` does not decrease. The hat diagonal comes
    from a Cholesky factor of :math:`I`, without the m-by-m hat matrix. For a single
    binary covariate (a 2x2 table) the estimate is the log odds ratio with 1/2 added
    to each cell.

    References
    ----------
    - Firth, D. (1993). Bias reduction of maximum likelihood estimates.
      *Biometrika* 80(1), 27-38.
    - Heinze, G. and Schemper, M. (2002). A solution to the problem of separation
      in logistic regression. *Statistics in Medicine* 21(16), 2409-2419.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0]] * 4 + [[1.0, 1.0]] * 3)
    >>> y = np.array([0, 0, 0, 1, 1, 1, 1])   # x = 1 always has y = 1: separated
    >>> r = firth_fit(X, y)
    >>> bool(np.isclose(r.coef[1], np.log(3.5 * 3.5 / (0.5 * 1.5))))
    True
    """
    import warnings

    X = check_matrix(X, "X")
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1 or not np.all((y == 0) | (y == 1)):
        raise ValueError("y must be a 1-D array of labels in {0, 1}.")
    check_same_length(X=X, y=y)
    w = check_sample_weight(sample_weight, X.shape[0])
    if np.linalg.matrix_rank(X[w > 0]) < X.shape[1]:
        raise ValueError("X is rank-deficient (collinear columns): the information matrix is "
                         "singular. Drop redundant columns.")
    beta = np.zeros(X.shape[1])
    history = {"coef": [], "loss": [], "grad_norm": []}
    obj, score, info, L, h = _firth_parts(beta, X, y, w)
    converged = False
    n_iter = 0
    for n_iter in range(1, int(max_iter) + 1):
        history["coef"].append(beta.copy())
        history["loss"].append(-obj)
        history["grad_norm"].append(float(np.max(np.abs(score))))
        step = np.linalg.solve(info, score)
        t = 1.0
        while True:
            new = _firth_parts(beta + t * step, X, y, w)
            if new[0] >= obj - 1e-12 * abs(obj) or t < 1e-8:
                break
            t *= 0.5
        beta = beta + t * step
        obj, score, info, L, h = new
        if np.max(np.abs(t * step)) < tol and np.max(np.abs(score)) < tol:
            converged = True
            break
    history["coef"].append(beta.copy())
    history["loss"].append(-obj)
    history["grad_norm"].append(float(np.max(np.abs(score))))
    if not converged:
        warnings.warn(
            f"firth_fit stopped after {n_iter} iterations with max|U*| = "
            f"{np.max(np.abs(score)):.2e}.",
            ConvergenceWarning,
            stacklevel=2,
        )
    Linv = np.linalg.solve(L, np.eye(L.shape[0]))
    return FirthResult(coef=beta, cov=Linv.T @ Linv, n_iter=n_iter, converged=converged,
                       history=history, hat=h)
