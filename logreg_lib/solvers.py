r"""Solvers for the (penalized) cross-entropy: gradient descent, SGD, Newton and IRLS.

Chapter 4, Step 3 ("gradient updates") and "Newton/IRLS as a reference". Every solver
works on a design matrix ``X`` (intercept folded in as a column of ones, see
:func:`~logreg_lib.loss.add_intercept`), labels ``y`` in {0, 1} and optional frequency
weights, and minimizes

.. math::

    F(\beta) = C(\beta) + \alpha\left(\rho\lVert M\beta\rVert_1
               + \tfrac{1-\rho}{2}\lVert M\beta\rVert_2^2\right),

the mean cross-entropy plus an optional elastic-net penalty on the columns selected by
``penalty_mask`` (:math:`M`; ``None`` penalizes every column, so pass ``False`` for an
intercept column). With the default ``alpha=0`` this is plain maximum likelihood.

Every solver returns a :class:`SolverResult` whose ``history`` holds the path, one entry
per iterate: ``history["coef"]``, ``history["loss"]`` (:math:`F`) and
``history["grad_norm"]`` (the Euclidean norm of the gradient, or, with an L1 part, of the
minimum-norm subgradient, which is zero exactly at the optimum), so a chapter can plot
convergence. Each solver's docstring states its stopping rule.

The pointwise quantities come from one exponential and one ``log1p`` per sample: with
:math:`e_i = e^{-|z_i|}`,

.. math::

    p_i = \sigma(z_i),\quad p_i(1 - p_i) = \frac{e_i}{(1 + e_i)^2},\quad
    -\log\sigma(\pm z_i) = \operatorname{log1p}(e_i) + \max(0, \mp z_i),

which cannot overflow and keep the curvature positive far into the tails.
"""

import numpy as np
from scipy import linalg

from ._kernels import SINGULAR_PIVOT, Problem, expit
from ._parallel import single_blas_thread

__all__ = ["SolverResult", "gradient_descent", "sgd", "newton", "irls", "proximal_newton", "lbfgs"]

class SolverResult:
    r"""What a solver returns: the estimate and the path that led to it.

    Attributes
    ----------
    coef : ndarray of shape (n_columns,)
        The final coefficients, one per column of the design matrix.
    n_iter : int
        Number of update steps taken (epochs for :func:`sgd`).
    converged : bool
        Whether the stopping rule was met before ``max_iter``.
    history : dict of lists
        ``"coef"``, ``"loss"`` and ``"grad_norm"`` for the starting point and after each
        step (``"step_size"`` too for the first-order methods).
    message : str
        Why the solver stopped, in words.
    hessian : ndarray of shape (n_columns, n_columns) or None
        The Hessian of the smooth part of :math:`F` at ``coef`` (mean-loss scale), which
        the estimator reuses for the standard errors: from :func:`newton` and
        :func:`irls` (Cholesky), and from :func:`gradient_descent` and :func:`sgd` when
        they converged without an L1 part (their convergence test forms it); ``None``
        otherwise.
    """

    def __init__(self, coef, n_iter, converged, history, message, hessian=None):
        self.coef = coef
        self.n_iter = n_iter
        self.converged = converged
        self.history = history
        self.message = message
        self.hessian = hessian

    def __repr__(self):
        return (f"SolverResult(n_iter={self.n_iter}, converged={self.converged}, "
                f"loss={self.history['loss'][-1]:.6g})")


def _new_history(first_order=False):
    h = {"coef": [], "loss": [], "grad_norm": []}
    if first_order:
        h["step_size"] = []
    return h


def _record(history, beta, loss, grad_norm, step_size=None):
    history["coef"].append(beta.copy())
    history["loss"].append(float(loss))
    history["grad_norm"].append(float(grad_norm))
    if "step_size" in history:
        history["step_size"].append(step_size)


def _step_is_small(step, beta, tol):
    return float(np.max(np.abs(step))) <= tol * (1.0 + float(np.max(np.abs(beta))))


def _reference_gradient_norm(prob, beta, g):
    """Scale of the gradient-norm test: its norm at the start, or at zero if larger.

    Taking the larger of the two keeps a warm start close to the optimum from making
    the relative test looser.
    """
    ref = prob.grad_norm(beta, g)
    if np.any(beta != 0):
        zero = np.zeros_like(beta)
        z0 = prob.D.matvec(zero)
        ref = max(ref, prob.grad_norm(zero, prob.smooth_gradient(zero, prob.pointwise(z0)[1])))
    return ref


def _newton_distance(prob, beta, g, curvature=None, hessian=None):
    r"""Estimated distance to the optimum: the Newton step :math:`\lVert H^{+} g\rVert_\infty`.

    Near the optimum :math:`\beta - \beta^\star \approx H^{-1}\nabla F(\beta)`, so the
    Newton step at the returned coefficients measures how far they are from the optimum
    in the coefficients' own units, which a small gradient alone does not (a direction
    of tiny curvature hides a large error behind a small gradient). Uses the
    pseudo-inverse, so collinear columns do not break it; returns ``(distance, H)``.
    """
    if hessian is None:
        if curvature is None:
            curvature = prob.pointwise(prob.D.matvec(beta))[2]
        hessian = prob.hessian(curvature)
    evals, evecs = linalg.eigh(hessian)
    keep = evals > max(evals[-1], 0.0) * hessian.shape[0] * np.finfo(float).eps
    if not np.any(keep):
        return np.inf, hessian
    step = evecs[:, keep] @ ((evecs[:, keep].T @ g) / evals[keep])
    return float(np.max(np.abs(step))), hessian


def _certify(prob, beta, g, tol, name, inverse_hessian=None):
    """Second test of the first-order solvers once their gradient test holds.

    Returns ``(converged, message, hessian)``: converged when the estimated distance to
    the optimum (:func:`_newton_distance`) is at most ``sqrt(tol) * (1 + max|beta|)``.
    With ``inverse_hessian`` (a callable, L-BFGS's own inverse-Hessian model) the step
    is taken from it instead, at no cost, and ``hessian`` is None. Skipped (trusted)
    with an L1 part, whose optimum is not a zero of the gradient.
    """
    if np.any(prob.l1 > 0):
        return True, None, None
    if inverse_hessian is not None:
        dist, H = float(np.max(np.abs(inverse_hessian(g)))), None
    else:
        dist, H = _newton_distance(prob, beta, g)
    bound = np.sqrt(tol) * (1.0 + float(np.max(np.abs(beta))))
    if dist <= bound:
        return True, None, H
    return False, (
        f"{name} stopped with a small gradient, but the coefficients are still about "
        f"{dist:.3g} away from the optimum (Newton-step estimate, more than "
        f"sqrt(tol) * (1 + max|coef|) = {bound:.3g}): the problem is ill-conditioned "
        "(features on very different scales or nearly collinear), so a small gradient "
        "does not mean a good fit."), H


def _check_tol(tol):
    tol = float(tol)
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a non-negative number, got {tol}.")
    return tol


def _cholesky(prob, H):
    """Cholesky factor of H, or None when the curvature has (numerically) vanished.

    Raises CollinearColumnsError when the singularity comes from X itself.
    """
    try:
        factor = linalg.cho_factor(H, lower=False, check_finite=False)
    except linalg.LinAlgError:
        factor = None
    else:
        pivots = np.diag(factor[0]) ** 2 / np.diag(H)
        if pivots.min() >= SINGULAR_PIVOT:
            return factor
    prob.diagnose_singular()  # raises for collinear columns
    return None


def _step_halving(beta, step, f, evaluate):
    """Step halving, as R's glm does: the first t in 1, 1/2, 1/4, ... (40 tries) for which
    the objective at ``beta + t * step`` does not exceed ``f`` beyond rounding.

    ``evaluate(candidate)`` returns a tuple whose first entry is the objective there (the
    rest is what the caller wants to keep from the same pass). A pure Newton step almost
    always passes at t = 1. Returns ``(t, candidate, evaluation)`` at the accepted point,
    or None when no tried step decreases the objective.
    """
    slack = 1e-12 * (1.0 + abs(f))
    t = 1.0
    for _ in range(40):
        cand = beta + t * step
        evaluation = evaluate(cand)
        if evaluation[0] <= f + slack:
            return t, cand, evaluation
        t *= 0.5
    return None


def _scores_and_pointwise(prob):
    """``evaluate`` for :func:`_step_halving`: (F, z, p, p(1 - p)) at a candidate."""
    def evaluate(beta):
        z = prob.D.matvec(beta)
        nll, p, curv = prob.pointwise(z)
        return prob.value(z, beta, nll), z, p, curv
    return evaluate


def _second_order_loop(prob, propose, max_iter, tol, name):
    """Loop of IRLS-by-QR and proximal Newton: propose, step-halve, stop on the step taken.

    ``propose`` returns the next iterate (or None when the curvature vanished).
    """
    D = prob.D
    beta = prob.beta0
    z = D.matvec(beta)
    nll, p, curv = prob.pointwise(z)
    f = prob.value(z, beta, nll)
    history = _new_history()
    converged, n_iter, recorded = False, 0, False
    message = f"{name} stopped at max_iter={max_iter} before the step-size rule was met."
    small_msg = f"{name} converged: the last step was below tol relative to the coefficients."
    for it in range(max_iter + 1):
        g = prob.smooth_gradient(beta, p)
        _record(history, beta, f, prob.grad_norm(beta, g))
        recorded = True
        if it == max_iter:
            break
        recorded = False
        beta_new = propose(beta, z, p, curv, g)
        if beta_new is None:
            message = (f"{name} stopped: the Hessian became numerically singular although the "
                       "columns of X are independent, because the fitted probabilities "
                       "saturate at 0 or 1 (the data look separated).")
            break
        step = beta_new - beta
        accepted = _step_halving(beta, step, f, _scores_and_pointwise(prob))
        if accepted is None:
            converged = _step_is_small(step, beta, tol)
            message = f"{name} stopped: no step along the proposed direction decreases the loss."
            break
        t, beta, (f, z, p, curv) = accepted
        n_iter = it + 1
        if _step_is_small(t * step, beta, tol):
            converged, message = True, small_msg
            break
    if not recorded:
        g = prob.smooth_gradient(beta, p)
        _record(history, beta, f, prob.grad_norm(beta, g))
    return SolverResult(beta, n_iter, converged, history, message)


@single_blas_thread  # its passes are threaded (over_rows); see _parallel.one_blas_thread
def _newton_loop(prob, max_iter, tol, name, solve):
    """Newton/IRLS with Cholesky: stop on the Newton step, one pass over the data per step.

    Each evaluation gives the objective, the gradient and the Hessian together
    (:meth:`Problem.evaluate`), so a step costs one pass over ``X``: the objective that
    step halving needs at the new point comes with the derivatives of the next step.
    ``solve(factor, H, g, beta)`` returns the proposed new coefficients.
    """
    beta = prob.beta0
    f, g, H = prob.evaluate(beta, hessian=True)
    history = _new_history()
    converged, n_iter = False, 0
    message = f"{name} stopped at max_iter={max_iter} before the step-size rule was met."
    for it in range(max_iter + 1):
        _record(history, beta, f, prob.grad_norm(beta, g))
        factor = _cholesky(prob, H)
        if factor is None:
            H = None
            message = (f"{name} stopped: the Hessian became numerically singular although the "
                       "columns of X are independent, because the fitted probabilities "
                       "saturate at 0 or 1 (the data look separated).")
            break
        step = solve(factor, H, g, beta) - beta
        if _step_is_small(step, beta, tol):
            converged = True
            message = (f"{name} converged: the Newton step at the estimate is below tol "
                       "relative to the coefficients.")
            break
        if it == max_iter:
            break
        accepted = _step_halving(beta, step, f, lambda b: prob.evaluate(b, hessian=True))
        if accepted is None:
            message = f"{name} stopped: no step along the Newton direction decreases the loss."
            break
        _, beta, (f, g, H) = accepted
        n_iter = it + 1
    return SolverResult(beta, n_iter, converged, history, message, hessian=H)


# --- Newton and IRLS ------------------------------------------------------------------

_SECOND_ORDER_PARAMS = r"""

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights; ``None`` means all ones.
    alpha : float, default=0.0
        L2 strength (mean-loss scale); 0 is maximum likelihood.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all (pass ``False`` for the intercept).
    beta0 : array_like of shape (n_columns,), default=None
        Starting point; ``None`` means zeros (every :math:`p_i = 1/2`).
    max_iter : int, default=100
        Maximum number of Newton steps.
    tol : float, default=1e-8
        Tolerance of the stopping rule."""


def newton(X, y, sample_weight=None, *, alpha=0.0, penalty_mask=None, beta0=None,
           max_iter=100, tol=1e-8):
    r"""Newton's method: :math:`\beta \leftarrow \beta - (\nabla^2 F)^{-1} \nabla F`.

    Chapter 4, "Newton/IRLS as a reference": the second-order step written with the
    gradient and the Hessian. The linear system is solved through a Cholesky
    factorization of the Hessian (never an explicit inverse).
    {params}

    Returns
    -------
    SolverResult
        Coefficients, iteration count, convergence flag and path.

    Raises
    ------
    ValueError
        On invalid input, or when columns of ``X`` are collinear (the message names
        them).

    Notes
    -----
    Each step solves

    .. math::

        \left(\tfrac{1}{\sum s} X^\top W X + \alpha M\right)\delta
            = \tfrac{1}{\sum s} X^\top S (p - y) + \alpha M\beta,
        \qquad \beta \leftarrow \beta - t\,\delta,

    with :math:`t = 1` unless halving is needed to decrease :math:`F` (rare).

    **Stopping rule**: stop when the Newton step computed at the current coefficients
    satisfies :math:`\max_j |\delta_j| \le \text{tol}\,(1 + \max_j|\beta_j|)`; that
    last step is not taken, so the distance to the optimum is at most about that small
    step, and the Hessian at the returned coefficients (``hessian``) is exact for the
    standard errors. Newton converges quadratically, so this costs one Hessian more than
    the steps taken.

    If the Hessian becomes singular while the columns of ``X`` are independent (the
    probabilities saturate on separated data), the solver stops with
    ``converged=False``.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, newton
    >>> X = add_intercept([[0.0], [1.0], [2.0], [3.0]])
    >>> res = newton(X, [0, 1, 0, 1])
    >>> res.converged, res.coef.round(4).tolist()
    (True, [-1.3623, 0.9082])
    """
    prob = Problem(X, y, sample_weight, alpha, 0.0, penalty_mask, beta0)

    def solve(factor, H, g, beta):
        return beta - linalg.cho_solve(factor, g, check_finite=False)

    return _newton_loop(prob, max_iter, tol, "Newton", solve)


def irls(X, y, sample_weight=None, *, alpha=0.0, penalty_mask=None, beta0=None,
         max_iter=100, tol=1e-8, method="cholesky"):
    r"""Iteratively reweighted least squares: each step is a weighted least-squares fit.

    Chapter 4, "Newton/IRLS as a reference", written as the notes write it: compute
    :math:`p` and :math:`W`, solve the weighted normal equations, update :math:`\beta`.
    It is Newton's method (:func:`newton`) in other clothes.
    {params}
    method : {"cholesky", "qr"}, default="cholesky"
        ``"cholesky"`` solves the weighted normal equations through a Cholesky
        factorization of :math:`X^\top W X` (fast: what the model uses); ``"qr"`` solves
        the weighted least-squares problem through a QR factorization of
        :math:`W^{1/2} X` (slower, but its accuracy depends on the condition number of
        :math:`W^{1/2}X`, not of its square).

    Returns
    -------
    SolverResult
        Coefficients, iteration count, convergence flag and path.

    Raises
    ------
    ValueError
        On invalid input, an unknown ``method``, or when columns of ``X`` are collinear
        (the message names them).

    Notes
    -----
    With the working response :math:`u = X\beta + W^{-1}(y - p)` and
    :math:`W = \operatorname{diag}(s_i p_i (1 - p_i))`, the new coefficients are the
    weighted least-squares fit of :math:`u` on :math:`X`:

    .. math::

        \beta_{\text{new}} = \arg\min_b \sum_i W_{ii} (u_i - x_i^\top b)^2
                          \;\Longleftrightarrow\;
        X^\top W X\, \beta_{\text{new}} = X^\top W u = X^\top W X \beta + X^\top S (y - p).

    The right-hand form never divides by :math:`W_{ii}` (which can be tiny), and shows
    that :math:`\beta_{\text{new}} = \beta - (X^\top W X)^{-1} X^\top S (p - y)`, the
    notes' Newton step. For ``"qr"`` the rows are :math:`\sqrt{W_{ii}}\,x_i` and
    :math:`\sqrt{W_{ii}}\,u_i = \sqrt{W_{ii}}\,z_i + \sqrt{s_i}\,(2y_i - 1)
    e^{-(2y_i - 1) z_i / 2}`, again without a division. An L2 penalty adds
    :math:`\alpha \sum s\, M` to :math:`X^\top W X` (extra rows
    :math:`\sqrt{\alpha \sum s}\,M` for QR).

    **Stopping rule**: stop when the update of the coefficients satisfies
    :math:`\max_j |\Delta\beta_j| \le \text{tol}\,(1 + \max_j|\beta_j|)` (statsmodels'
    rule on the step size). With ``"cholesky"`` the update is computed and tested before
    it is taken, exactly as in :func:`newton` (so the Hessian at the result is returned);
    with ``"qr"`` the test applies to the update just taken. Steps are halved if they
    would increase the loss (as R's ``glm`` does).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, irls
    >>> X = add_intercept([[0.0], [1.0], [2.0], [3.0]])
    >>> res = irls(X, [0, 1, 0, 1], method="qr")
    >>> res.converged, res.coef.round(4).tolist()
    (True, [-1.3623, 0.9082])
    """
    if method not in ("cholesky", "qr"):
        raise ValueError(f"method must be 'cholesky' or 'qr', got {method!r}.")
    prob = Problem(X, y, sample_weight, alpha, 0.0, penalty_mask, beta0)

    def solve_normal_equations(factor, H, g, beta):
        # X^T W u / sum(s) = H beta - g  (see Notes); solve for the new coefficients
        return linalg.cho_solve(factor, H @ beta - g, check_finite=False)

    def propose_qr(beta, z, p, curv, g):
        sw = np.sqrt(prob.w * curv)
        sign = 2.0 * prob.y - 1.0
        A = prob.D.full() * sw[:, None]
        u = sw * z + np.sqrt(prob.w) * sign * np.exp(np.minimum(-0.5 * sign * z, 700.0))
        if prob.alpha > 0:
            ridge = np.diag(np.sqrt(prob.alpha * prob.w_sum) * prob.mask)[prob.mask]
            A = np.vstack([A, ridge])
            u = np.concatenate([u, np.zeros(ridge.shape[0])])
        Q, R = linalg.qr(A, mode="economic", check_finite=False)
        col_norm2 = np.einsum("ij,ij->j", A, A)
        if np.any(np.diag(R) ** 2 < SINGULAR_PIVOT * col_norm2):
            prob.diagnose_singular()
            return None
        return linalg.solve_triangular(R, Q.T @ u, check_finite=False)

    if method == "cholesky":
        return _newton_loop(prob, max_iter, tol, "IRLS", solve_normal_equations)
    return _second_order_loop(prob, propose_qr, max_iter, tol, "IRLS")


newton.__doc__ = newton.__doc__.replace("\n    {params}", _SECOND_ORDER_PARAMS)
irls.__doc__ = irls.__doc__.replace("\n    {params}", _SECOND_ORDER_PARAMS)


def _coordinate_descent(H, g, beta, l1, tol, max_sweeps):
    r"""Minimize :math:`g^\top(b-\beta) + \frac12 (b-\beta)^\top H (b-\beta) + \sum_j l1_j|b_j|`.

    Cyclic coordinate descent; each coordinate update is a soft-thresholding. The loop
    runs over the d columns (never over samples) and keeps :math:`H(b - \beta)` current.
    """
    b = beta.copy()
    u = np.zeros_like(beta)  # H (b - beta)
    diag = np.diag(H).copy()
    for _ in range(max_sweeps):
        biggest = 0.0
        for j in range(b.shape[0]):
            if diag[j] <= 0:
                continue
            c = diag[j] * b[j] - (g[j] + u[j])
            new = np.sign(c) * max(abs(c) - l1[j], 0.0) / diag[j]
            delta = new - b[j]
            if delta != 0.0:
                u += H[:, j] * delta
                b[j] = new
                biggest = max(biggest, abs(delta))
        if biggest <= tol:
            break
    return b


def proximal_newton(X, y, sample_weight=None, *, alpha, l1_ratio, penalty_mask=None,
                    beta0=None, max_iter=100, tol=1e-8, max_sweeps=1000):
    r"""Elastic-net logistic regression by proximal Newton with coordinate descent (glmnet's way).

    Chapter 5, regularization with an L1 part: IRLS's quadratic model of the smooth part,
    plus the L1 penalty, minimized by cyclic coordinate descent (Friedman, Hastie and
    Tibshirani, 2010); exact zeros come out of the soft-thresholding. A line search makes
    it a proximal Newton method (Lee, Sun and Saunders, 2014).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    alpha : float
        Non-negative strength.
    l1_ratio : float
        Elastic-net mixing in [0, 1].
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all (pass ``False`` for the intercept).
    beta0 : array_like of shape (n_columns,), default=None
        Starting point (a warm start along a path); ``None`` means zeros.
    max_iter : int, default=100
        Maximum number of outer (Newton) steps.
    tol : float, default=1e-8
        Tolerance of the stopping rule; the inner coordinate descent uses ``tol / 10``.
    max_sweeps : int, default=1000
        Maximum number of coordinate-descent sweeps per outer step.

    Returns
    -------
    SolverResult
        Coefficients (with exact zeros), iteration count, convergence flag and path.

    Raises
    ------
    ValueError
        On invalid input.

    Notes
    -----
    With :math:`g` and :math:`H` the gradient and Hessian of the smooth part
    :math:`C(\beta) + \frac{\alpha(1-\rho)}{2}\lVert M\beta\rVert^2` at the current
    :math:`\beta`, each outer step computes

    .. math::

        b = \arg\min_b\; g^\top (b - \beta) + \tfrac12 (b - \beta)^\top H (b - \beta)
            + \alpha\rho \lVert M b\rVert_1

    one coordinate at a time, :math:`b_j \leftarrow S_{\alpha\rho M_j}(H_{jj} b_j - q_j) /
    H_{jj}` with :math:`q_j` the model's partial derivative, then moves
    :math:`\beta \leftarrow \beta + t(b - \beta)`, halving :math:`t` until :math:`F`
    does not increase.

    **Stopping rule**: as :func:`irls`, :math:`\max_j|\Delta\beta_j| \le
    \text{tol}\,(1 + \max_j|\beta_j|)`.

    References
    ----------
    - J. Friedman, T. Hastie, R. Tibshirani, "Regularization paths for generalized
      linear models via coordinate descent", Journal of Statistical Software 33(1), 2010.
    - J. D. Lee, Y. Sun, M. A. Saunders, "Proximal Newton-type methods for minimizing
      composite functions", SIAM Journal on Optimization 24(3), 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, proximal_newton
    >>> rng = np.random.default_rng(0)
    >>> X = add_intercept(rng.normal(size=(100, 3)))
    >>> y = (X[:, 1] > 0).astype(float)
    >>> res = proximal_newton(X, y, alpha=0.1, l1_ratio=1.0, penalty_mask=[False, True, True, True])
    >>> [bool(b == 0) for b in res.coef[2:]]  # noise features are exactly zero
    [True, True]
    """
    prob = Problem(X, y, sample_weight, alpha, l1_ratio, penalty_mask, beta0)

    def propose(beta, z, p, curv, g):
        H = prob.hessian(curv)
        inner_tol = 0.1 * tol * (1.0 + float(np.max(np.abs(beta))))
        return _coordinate_descent(H, g, beta, prob.l1, inner_tol, max_sweeps)

    return _second_order_loop(prob, propose, max_iter, tol, "Proximal Newton")


# --- first-order methods --------------------------------------------------------------

def gradient_descent(X, y, sample_weight=None, *, alpha=0.0, l1_ratio=0.0, penalty_mask=None,
                     step_size=None, line_search=False, beta0=None, max_iter=1000, tol=1e-6):
    r"""Full-batch gradient descent, :math:`\beta \leftarrow \beta - \eta \nabla F(\beta)`.

    Chapter 4, Step 3, "gradient updates" (minimize the loss :math:`C`):
    :math:`\beta \leftarrow \beta - \eta \frac{1}{m} X^\top (p - y)`. With an L1 part
    the step is followed by soft-thresholding (proximal gradient descent, ISTA).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    alpha : float, default=0.0
        Penalty strength (mean-loss scale).
    l1_ratio : float, default=0.0
        Elastic-net mixing in [0, 1].
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all.
    step_size : float, default=None
        The fixed learning rate :math:`\eta`. ``None`` uses :math:`\eta = 1/L` with
        :math:`L = \lambda_{\max}(X^\top S X)/(4\sum s) + \alpha(1-\rho)`, an upper bound
        on the curvature (since :math:`p(1-p) \le 1/4`), for which every step decreases
        :math:`F`. With ``line_search=True`` it is only the first trial step.
    line_search : bool, default=False
        Backtracking line search: try twice the previous step, halve until the local
        curvature along the step is at most :math:`1/\eta` (see Notes).
    beta0 : array_like of shape (n_columns,), default=None
        Starting point; ``None`` means zeros.
    max_iter : int, default=1000
        Maximum number of steps.
    tol : float, default=1e-6
        Tolerance of the stopping rule (relative gradient norm, see Notes); ``0`` runs
        exactly ``max_iter`` steps.

    Returns
    -------
    SolverResult
        Coefficients, iteration count, convergence flag and path (with ``"step_size"``).
        Without an L1 part and once converged, ``hessian`` is the Hessian at ``coef``.

    Raises
    ------
    ValueError
        On invalid input or a non-positive ``step_size``.

    Notes
    -----
    The step, with :math:`f` the smooth part of :math:`F` and :math:`S_t` soft-thresholding
    (the identity without an L1 part):

    .. math::

        \beta^{+} = S_{\eta\alpha\rho M}\!\left(\beta - \eta \nabla f(\beta)\right).

    The line search accepts :math:`\eta` when, with :math:`d = \beta^+ - \beta`,
    :math:`(\nabla f(\beta^+) - \nabla f(\beta))^\top d \le \lVert d\rVert^2/\eta`: the
    curvature along the step is at most :math:`1/\eta`, which guarantees the
    sufficient decrease :math:`f(\beta^+) \le f(\beta) + \nabla f(\beta)^\top d +
    \lVert d\rVert^2 / (2\eta)` and, unlike comparing loss values, still works when the
    loss changes by less than its rounding error.

    **Stopping rule**: stop when the gradient norm (minimum-norm subgradient with L1)
    satisfies :math:`\lVert\nabla F(\beta)\rVert_2 \le \text{tol}\cdot g_{\text{ref}}`,
    with :math:`g_{\text{ref}}` its value at the starting point (or at zero, if larger).
    Without a penalty and with unscaled features this can take very many steps: the
    error shrinks by a factor of about :math:`1 - \lambda_{\min}/\lambda_{\max}` per step.

    **Convergence**: a small gradient is not yet a small error when the Hessian has a
    direction of tiny curvature. So ``converged`` also requires the Newton step at the
    result, :math:`H^{-1}\nabla F` (an estimate of the remaining distance to the
    optimum, computed once), to satisfy :math:`\max_j|\delta_j| \le
    \sqrt{\text{tol}}\,(1 + \max_j|\beta_j|)`; otherwise ``converged`` is false and
    ``message`` says how far the coefficients still are. With an L1 part only the
    subgradient test applies.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, gradient_descent
    >>> X = add_intercept([[0.0], [1.0], [2.0], [3.0]])
    >>> res = gradient_descent(X, [0, 1, 0, 1], max_iter=20000, tol=1e-10)
    >>> res.converged, res.coef.round(4).tolist()
    (True, [-1.3623, 0.9082])
    """
    prob = Problem(X, y, sample_weight, alpha, l1_ratio, penalty_mask, beta0)
    if step_size is None:
        step_size = 1.0 / prob.lipschitz()
    else:
        step_size = float(step_size)
        if not (np.isfinite(step_size) and step_size > 0):
            raise ValueError(f"step_size must be a positive number, got {step_size}.")
    D = prob.D
    beta = prob.beta0
    z = D.matvec(beta)
    nll, p, _ = prob.pointwise(z)
    f = prob.value(z, beta, nll)
    g = prob.smooth_gradient(beta, p)
    tol = _check_tol(tol)
    threshold = tol * _reference_gradient_norm(prob, beta, g)
    history = _new_history(first_order=True)
    converged, n_iter = False, 0
    eta = step_size
    for it in range(max_iter + 1):
        gn = prob.grad_norm(beta, g)
        _record(history, beta, f, gn, eta)
        if gn <= threshold and tol > 0:
            converged = True
            break
        if it == max_iter:
            break
        if line_search:
            # Backtracking on the curvature along the step: accept eta when
            # (g(beta+) - g(beta)) . d <= |d|^2 / eta, the condition under which the
            # descent lemma f(beta+) <= f + g.d + |d|^2/(2 eta) holds. Comparing gradients
            # instead of loss values keeps the test meaningful when the loss changes by
            # less than its rounding error (near the optimum).
            eta = 2.0 * eta
            for _ in range(60):
                cand = _prox_step(beta, g, eta, prob.l1)
                z_c = D.matvec(cand)
                nll_c, p_c, _ = prob.pointwise(z_c)
                g_c = prob.smooth_gradient(cand, p_c)
                d = cand - beta
                if (g_c - g) @ d <= (d @ d) / eta:
                    break
                eta *= 0.5
        else:
            cand = _prox_step(beta, g, eta, prob.l1)
            z_c = D.matvec(cand)
            nll_c, p_c, _ = prob.pointwise(z_c)
            g_c = prob.smooth_gradient(cand, p_c)
        beta, z, g = cand, z_c, g_c
        f = prob.value(z, beta, nll_c)
        n_iter = it + 1
    hessian = None
    if converged:
        converged, message, hessian = _certify(prob, beta, g, tol, "Gradient descent")
        message = message or ("Gradient descent converged: the gradient norm fell below tol "
                              "times its starting value.")
    else:
        message = (f"Gradient descent stopped at max_iter={max_iter} with gradient norm "
                   f"{gn:.3g} > {threshold:.3g} (tol times the starting gradient norm).")
    return SolverResult(beta, n_iter, converged, history, message, hessian=hessian)


def _prox_step(beta, g, eta, l1):
    v = beta - eta * g
    if np.any(l1 > 0):
        v = np.sign(v) * np.maximum(np.abs(v) - eta * l1, 0.0)
    return v


def sgd(X, y, sample_weight=None, *, alpha=0.0, penalty_mask=None, step_size=None,
        batch_size=32, decay=1.0, max_iter=100, tol=1e-3, seed=0, beta0=None):
    r"""Seeded mini-batch stochastic gradient descent.

    Chapter 4, Step 3: the same update as :func:`gradient_descent`, with the mean over a
    random mini-batch in place of the mean over all samples.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    alpha : float, default=0.0
        L2 strength (SGD does not support an L1 part).
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all.
    step_size : float, default=None
        Initial learning rate :math:`\eta_0`; ``None`` uses :math:`1/L` as
        :func:`gradient_descent` does.
    batch_size : int, default=32
        Rows per mini-batch.
    decay : float, default=1.0
        Epoch ``k`` uses :math:`\eta_k = \eta_0 / (1 + k)^{\text{decay}}` (1 is the
        classical Robbins-Monro schedule); 0 keeps the step constant, and the iterates then
        keep fluctuating around the optimum.
    max_iter : int, default=100
        Maximum number of epochs (passes over the data).
    tol : float, default=1e-3
        Tolerance of the stopping rule (relative full-data gradient norm, see Notes);
        ``0`` runs exactly ``max_iter`` epochs. Mini-batch noise keeps SGD from reaching
        the very small values that suit :func:`gradient_descent`.
    seed : int, default=0
        Seed of the generator that shuffles the rows each epoch: the same seed gives the
        same path.
    beta0 : array_like of shape (n_columns,), default=None
        Starting point; ``None`` means zeros.

    Returns
    -------
    SolverResult
        Coefficients, number of epochs, convergence flag and path (one entry per epoch,
        loss and gradient norm on the full data); ``hessian`` as in
        :func:`gradient_descent`.

    Raises
    ------
    ValueError
        On invalid input, a non-positive ``step_size`` or ``batch_size``, or a negative
        ``decay``.

    Notes
    -----
    For a mini-batch :math:`B` of :math:`b` rows,

    .. math::

        \beta \leftarrow \beta - \eta_k \left( \frac{m}{b \sum_i s_i}\sum_{i \in B}
        s_i (p_i - y_i)\, x^{(i)} + \alpha M \beta \right),

    an unbiased estimate of :math:`\nabla F(\beta)`.

    **Stopping rule**: after each epoch the full-data gradient is evaluated; stop when
    :math:`\lVert\nabla F(\beta)\rVert_2 \le \text{tol}\cdot g_{\text{ref}}`, with
    :math:`g_{\text{ref}}` its norm at the starting point (or at zero, if larger), or
    after ``max_iter`` epochs. A loss that barely changes over an epoch is *not* a
    criterion: with a decaying step SGD can stall far from the optimum (on unscaled
    features, for example). ``converged`` also requires the Newton-step estimate of the
    distance to the optimum to be small, exactly as in :func:`gradient_descent`.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, sgd
    >>> rng = np.random.default_rng(0)
    >>> X = add_intercept(rng.normal(size=(500, 2)))
    >>> y = (rng.random(500) < 1 / (1 + np.exp(-X @ [0.5, 1.0, -1.0]))).astype(float)
    >>> res = sgd(X, y, seed=1)
    >>> res.coef.shape
    (3,)
    """
    prob = Problem(X, y, sample_weight, alpha, 0.0, penalty_mask, beta0)
    batch_size = int(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size}.")
    if not (np.isfinite(decay) and decay >= 0):
        raise ValueError(f"decay must be non-negative, got {decay}.")
    if step_size is None:
        step_size = 1.0 / prob.lipschitz()
    elif not (np.isfinite(step_size) and step_size > 0):
        raise ValueError(f"step_size must be a positive number, got {step_size}.")
    rng = np.random.default_rng(seed)
    D, y, w = prob.D, prob.y, prob.w
    n = D.shape[0]
    beta = prob.beta0
    history = _new_history(first_order=True)

    def evaluate(beta):
        z = D.matvec(beta)
        nll, p, _ = prob.pointwise(z)
        return prob.value(z, beta, nll), prob.grad_norm(beta, prob.smooth_gradient(beta, p))

    f, gn = evaluate(beta)
    _record(history, beta, f, gn, None)
    tol = _check_tol(tol)
    g0 = prob.smooth_gradient(beta, prob.pointwise(D.matvec(beta))[1])
    threshold = tol * _reference_gradient_norm(prob, beta, g0)
    converged, n_epochs = False, 0
    for epoch in range(max_iter):
        eta = step_size / (1.0 + epoch) ** decay
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            Xb = D.rows(idx)
            zb = Xb @ beta
            pb = expit(zb)
            g = Xb.T @ (w[idx] * (pb - y[idx])) * (n / (idx.shape[0] * prob.w_sum)) \
                + prob.l2 * beta
            beta = beta - eta * g
        n_epochs = epoch + 1
        f, gn = evaluate(beta)
        _record(history, beta, f, gn, eta)
        if gn <= threshold and tol > 0:
            converged = True
            break
    hessian = None
    if converged:
        z = D.matvec(beta)
        g = prob.smooth_gradient(beta, prob.pointwise(z)[1])
        converged, message, hessian = _certify(prob, beta, g, tol, "SGD")
        message = message or ("SGD converged: the full-data gradient norm fell below tol "
                              "times its starting value.")
    else:
        message = (f"SGD stopped at max_iter={max_iter} epochs with full-data gradient norm "
                   f"{gn:.3g} > {threshold:.3g} (tol times the starting gradient norm).")
    return SolverResult(beta, n_epochs, converged, history, message, hessian=hessian)


# --- quasi-Newton ---------------------------------------------------------------------

@single_blas_thread  # its passes are threaded (over_rows); see _parallel.one_blas_thread
def lbfgs(X, y, sample_weight=None, *, alpha=0.0, penalty_mask=None, beta0=None,
          max_iter=1000, tol=1e-6, memory=10):
    r"""Limited-memory BFGS (scipy's L-BFGS-B) on the (L2-penalized) mean cross-entropy.

    Chapter 4, between the first-order methods and Newton/IRLS: a quasi-Newton method
    that builds a low-rank model of the Hessian from the last ``memory`` gradient
    differences, so each step costs one pass over the data for the loss and the gradient
    (no :math:`X^\top W X`). At large ``d`` it is much faster than :func:`irls`; it does
    not give the exact Hessian, which the estimator then computes once at the estimate
    for the standard errors.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights; ``None`` means all ones.
    alpha : float, default=0.0
        L2 strength (mean-loss scale); 0 is maximum likelihood. There is no L1 option:
        the L1 norm is not differentiable and L-BFGS-B does not handle it; use
        :func:`proximal_newton` or :func:`gradient_descent` for an L1 part.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all (pass ``False`` for the intercept).
    beta0 : array_like of shape (n_columns,), default=None
        Starting point (a warm start); ``None`` means zeros.
    max_iter : int, default=1000
        Maximum number of L-BFGS iterations.
    tol : float, default=1e-6
        Tolerance of the stopping rule (relative gradient norm, see Notes). Values much
        below 1e-8 are usually out of reach: the line search compares loss values, and
        these stop changing beyond their rounding error once the gradient norm is about
        :math:`\sqrt{\epsilon} \approx 10^{-8}` times its scale.
    memory : int, default=10
        Number of correction pairs kept (scipy's ``maxcor``).

    Returns
    -------
    SolverResult
        Coefficients, iteration count, convergence flag and path (one entry per
        iteration); ``hessian`` is None (the estimator forms the exact Hessian at the
        estimate for the standard errors).

    Raises
    ------
    ValueError
        On invalid input or a non-positive ``memory``.

    Notes
    -----
    The objective and its gradient are

    .. math::

        F(\beta) = \frac{1}{\sum_i s_i}\sum_i s_i\, \ell_i(\beta)
                   + \frac{\alpha}{2}\lVert M\beta\rVert_2^2,\qquad
        \nabla F(\beta) = \frac{1}{\sum_i s_i} X^\top S (p - y) + \alpha M \beta,

    both from one evaluation of the scores :math:`z = X\beta`.

    **Stopping rule**: stop when :math:`\lVert\nabla F(\beta)\rVert_2 \le \text{tol}\cdot
    g_{\text{ref}}`, with :math:`g_{\text{ref}}` the gradient norm at the starting point
    (or at zero, if that is larger: a warm start close to the optimum must not make the
    test looser). Near the optimum the error is about :math:`H^{-1}\nabla F`, so the
    rule bounds the distance to the optimum relative to the scale of the problem.
    ``converged`` is this test at the returned coefficients, whatever made scipy stop
    (its own rules are switched off, except when the line search can no longer decrease
    :math:`F` because of rounding), together with the estimate of the distance to the
    optimum described in :func:`gradient_descent`, here :math:`H_k^{-1}\nabla F` with
    L-BFGS's own inverse-Hessian model :math:`H_k^{-1}` (free: no :math:`X^\top W X`
    is formed; the exact Hessian is only formed when no iteration was taken).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, lbfgs
    >>> X = add_intercept([[0.0], [1.0], [2.0], [3.0]])
    >>> res = lbfgs(X, [0, 1, 0, 1])
    >>> res.converged, res.coef.round(4).tolist()
    (True, [-1.3623, 0.9082])
    """
    from scipy import optimize

    prob = Problem(X, y, sample_weight, alpha, 0.0, penalty_mask, beta0)
    memory = int(memory)
    if memory < 1:
        raise ValueError(f"memory must be a positive integer, got {memory}.")
    max_iter = int(max_iter)
    if max_iter < 0:
        raise ValueError(f"max_iter must be a non-negative integer, got {max_iter}.")
    tol = _check_tol(tol)
    cache = {}

    def evaluate(beta):  # one pass over the data per new point (scipy asks twice for x0)
        if "beta" not in cache or not np.array_equal(cache["beta"], beta):
            f, g = prob.evaluate(beta)
            cache["beta"], cache["f"], cache["g"] = beta.copy(), f, g
        return cache["f"], cache["g"]

    def fun(beta):
        f, g = evaluate(beta)
        return f, g.copy()

    beta = prob.beta0
    f, g = fun(beta)
    threshold = tol * _reference_gradient_norm(prob, beta, g)
    history = _new_history()
    _record(history, beta, f, float(np.linalg.norm(g)))
    state = {"n_iter": 0, "done": tol > 0 and float(np.linalg.norm(g)) <= threshold}

    def callback(intermediate_result):
        x = intermediate_result.x
        f_k, g_k = evaluate(x)
        gn = float(np.linalg.norm(g_k))
        _record(history, x, f_k, gn)
        state["n_iter"] += 1
        if gn <= threshold and tol > 0:
            state["done"] = True
            raise StopIteration

    message, res = None, None
    if not state["done"] and max_iter > 0:
        res = optimize.minimize(
            fun, beta, jac=True, method="L-BFGS-B", callback=callback,
            options={"maxiter": max_iter, "maxcor": memory, "gtol": 0.0, "ftol": 0.0,
                     "maxls": 50, "maxfun": 20 * max_iter + 100})
        beta = np.asarray(res.x, dtype=float)
        scipy_message = str(res.message)
        if not history["coef"] or not np.array_equal(history["coef"][-1], beta):
            f_k, g_k = evaluate(beta)
            _record(history, beta, f_k, float(np.linalg.norm(g_k)))
    else:
        scipy_message = ""
    gn = history["grad_norm"][-1]
    converged, hessian = gn <= threshold and tol > 0, None
    if converged:
        inverse = None if res is None else res.hess_inv.matvec
        converged, message, hessian = _certify(prob, beta, evaluate(beta)[1], tol, "L-BFGS",
                                               inverse)
        message = message or ("L-BFGS converged: the gradient norm fell below tol times its "
                              "value at the start.")
    elif state["n_iter"] >= max_iter:
        message = (f"L-BFGS stopped at max_iter={max_iter} with gradient norm {gn:.3g} > "
                   f"{threshold:.3g} (tol times the starting gradient norm).")
    else:
        message = (f"L-BFGS stopped after {state['n_iter']} iterations with gradient norm "
                   f"{gn:.3g} > {threshold:.3g} (tol times the starting gradient norm): "
                   f"scipy reported {scipy_message!r}, usually because the loss no longer "
                   "decreases beyond its rounding error (tol too small for this problem, or "
                   "badly scaled features).")
    return SolverResult(beta, state["n_iter"], converged, history, message, hessian=hessian)
