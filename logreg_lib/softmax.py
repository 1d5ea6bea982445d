r"""Multiclass logistic regression: softmax, its cross-entropy, and the fitted model (chapter 5).

Chapter 5 ("Expanding logistic regression to multiclass") replaces the sigmoid by the
softmax of :math:`K` linear scores :math:`z_k = w_k^\top x` and trains by the
multinomial negative log-likelihood (cross-entropy).

Conventions
-----------
* The design matrix ``X`` has one row per sample and, if the model has an intercept,
  a leading column of ones (as ``logreg_lib.loss.add_intercept`` builds it).
* Coefficients are a matrix ``W`` of shape (n_columns, n_classes): column ``k`` holds
  :math:`w_k`, and the scores are ``Z = X @ W`` of shape (n_samples, n_classes).
* ``Y`` is the one-hot matrix of labels, shape (n_samples, n_classes) (1-D integer
  class codes 0..K-1 are accepted as well).
* For the Hessian, ``W`` is flattened class by class:
  :math:`\theta = (w_1; w_2; \dots; w_K)`, i.e. ``W.ravel(order="F")``, so entry
  ``k * n_columns + j`` is :math:`W_{jk}`.

Identifiability: adding the same vector to every :math:`w_k` changes no probability.
:class:`SoftmaxRegression` reports the symmetric ("centered") coefficients
:math:`\sum_k w_k = 0`, scikit-learn's convention. statsmodels' ``MNLogit`` instead
fixes the first class at zero and reports :math:`K-1` vectors
:math:`w_k - w_1`; the probabilities are the same.
"""

import warnings

import numpy as np
import scipy.optimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from ._validation import (
    as_float_array,
    check_feature_scale,
    check_labels,
    check_matrix,
    check_params,
    check_same_length,
    check_sample_weight,
    refuse_complex,
    restore_on_error,
)
from .exceptions import ConvergenceWarning, SeparationWarning

__all__ = [
    "softmax",
    "log_softmax",
    "softmax_cross_entropy",
    "softmax_gradient",
    "softmax_hessian",
    "SoftmaxRegression",
]

_HESSIAN_BLOCK_ROWS = 4096
#: Largest number of coefficients (n_columns * n_classes) for which an L-BFGS fit that
#: stalls above ``tol`` is finished by Newton steps (a Hessian of 400 x 400 at most).
_POLISH_MAX_COEF = 400


# ------------------------------------------------------------------------ softmax
def log_softmax(Z, axis=-1):
    r"""Logarithm of the softmax, by the log-sum-exp trick.

    Parameters
    ----------
    Z : array_like of any shape
        Finite scores (logits).
    axis : int, default -1
        The axis over which the classes run.

    Returns
    -------
    L : ndarray of the shape of ``Z``
        :math:`\log \mathrm{softmax}(z)_k`, all :math:`\le 0`.

    Raises
    ------
    ValueError
        NaN or infinite scores.

    Notes
    -----
    With :math:`c = \max_k z_k`,

    .. math::

        \log \mathrm{softmax}(z)_k = z_k - \log\sum_j e^{z_j}
        = (z_k - c) - \log\sum_j e^{z_j - c}.

    Every exponent is :math:`\le 0` and the largest is exactly 0, so the sum lies in
    :math:`[1, K]`: no overflow and no ``log(0)`` for any finite input. (Only a true
    value below the float64 range, :math:`z_k - c < -1.8 \times 10^{308}`, comes out
    as ``-inf``.) Subtracting the same constant from every score changes nothing
    (shift invariance).

    Examples
    --------
    >>> log_softmax([1000.0, 1000.0]).tolist() == [-np.log(2), -np.log(2)]
    True
    """
    Z = as_float_array(Z, "Z")
    with np.errstate(over="ignore"):  # z - max below -1.8e308 is -inf: exp gives 0, exactly
        shifted = Z - np.max(Z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(Z, axis=-1):
    r"""Softmax: turn scores into probabilities that are positive and sum to one.

    Parameters
    ----------
    Z : array_like of any shape
        Finite scores (logits).
    axis : int, default -1
        The axis over which the classes run.

    Returns
    -------
    P : ndarray of the shape of ``Z``
        :math:`e^{z_k} / \sum_j e^{z_j}` along ``axis``.

    Raises
    ------
    ValueError
        NaN or infinite scores.

    Notes
    -----
    .. math::

        \mathrm{softmax}(z)_k = \frac{e^{z_k - c}}{\sum_{j=1}^{K} e^{z_j - c}},
        \qquad c = \max_j z_j ,

    the max-shift (log-sum-exp trick) making every exponent :math:`\le 0`. With two
    classes, :math:`\mathrm{softmax}(z_0, z_1)_1 = \sigma(z_1 - z_0)`: the logistic
    model is the case :math:`K = 2`.

    Examples
    --------
    >>> softmax([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]]).round(4).tolist()
    [[0.09, 0.2447, 0.6652], [0.5, 0.5, 0.0]]
    """
    Z = as_float_array(Z, "Z")
    with np.errstate(over="ignore"):  # z - max below -1.8e308 is -inf: exp gives 0, exactly
        E = np.exp(Z - np.max(Z, axis=axis, keepdims=True))
    return E / np.sum(E, axis=axis, keepdims=True)


# ------------------------------------------------------------------- loss & derivatives
def _check_problem(W, X, Y, sample_weight):
    X = check_matrix(X, "X")
    W = as_float_array(W, "W")
    if W.ndim != 2 or W.shape[0] != X.shape[1]:
        raise ValueError(
            f"W must have shape (n_columns, n_classes) = ({X.shape[1]}, K), got {W.shape}; "
            "coefficients are columns, one per class."
        )
    K = W.shape[1]
    if Y is not None:
        Y = np.asarray(Y.to_numpy() if hasattr(Y, "to_numpy") else Y)
        if Y.ndim == 1:
            codes = as_float_array(Y, "Y")
            if np.any(codes != np.round(codes)) or np.any(codes < 0) or np.any(codes >= K):
                raise ValueError(f"1-D Y must hold integer class codes in 0..{K - 1}.")
            Y = np.zeros((codes.shape[0], K))
            Y[np.arange(codes.shape[0]), codes.astype(np.intp)] = 1.0
        else:
            Y = as_float_array(Y, "Y")
            if Y.shape[1] != K:
                raise ValueError(f"Y has {Y.shape[1]} columns but W has {K} classes.")
        check_same_length(X=X, Y=Y)
    w = check_sample_weight(sample_weight, X.shape[0])
    return W, X, Y, w


def _loss_grad(W, X, Y, w, w_sum):
    """Mean cross-entropy and its gradient (no validation)."""
    Z = X @ W
    L = log_softmax(Z)
    loss = -float(np.sum(w * np.sum(Y * L, axis=1)) / w_sum)
    R = (np.exp(L) - Y) * (w / w_sum)[:, None]
    return loss, X.T @ R


def _hessian(W, X, w, w_sum):
    n, d = X.shape
    K = W.shape[1]
    H = np.zeros((d * K, d * K))
    for start in range(0, n, _HESSIAN_BLOCK_ROWS):
        Xb = X[start:start + _HESSIAN_BLOCK_ROWS]
        sb = w[start:start + _HESSIAN_BLOCK_ROWS] / w_sum
        Pb = softmax(Xb @ W)
        # block-diagonal part: X^T diag(s p_k) X for each class k
        for k in range(K):
            A = Xb * np.sqrt(sb * Pb[:, k])[:, None]
            H[k * d:(k + 1) * d, k * d:(k + 1) * d] += A.T @ A
        # minus sum_i s_i (p_i p_i^T) kron (x_i x_i^T): rows b_i = sqrt(s_i) p_i kron x_i
        B = (Pb[:, :, None] * Xb[:, None, :]).reshape(Xb.shape[0], K * d) * np.sqrt(sb)[:, None]
        H -= B.T @ B
    return H


def softmax_cross_entropy(W, X, Y, sample_weight=None):
    r"""Mean multinomial cross-entropy (negative log-likelihood) of coefficients ``W``.

    Parameters
    ----------
    W : array_like of shape (n_columns, n_classes)
        Coefficients, one column per class.
    X : array_like of shape (n_samples, n_columns)
        Design matrix (leading column of ones for an intercept).
    Y : array_like of shape (n_samples, n_classes) or (n_samples,)
        One-hot labels (soft labels with rows summing to one also work), or integer
        class codes.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative frequency weights :math:`s_i`.

    Returns
    -------
    loss : float

    Raises
    ------
    ValueError
        Shapes that do not fit together, NaN or infinite values, invalid weights.

    Notes
    -----
    .. math::

        C(W) = -\frac{1}{\sum_i s_i}\sum_{i=1}^{m} s_i \sum_{k=1}^{K} Y_{ik}
        \log \mathrm{softmax}(z_i)_k , \qquad z_i = W^\top x_i ,

    computed with :func:`log_softmax`, so a confident mistake costs its margin, never
    ``inf``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.5], [1.0, -1.0]])
    >>> round(float(softmax_cross_entropy(np.zeros((2, 3)), X, [0, 2])), 6)  # log 3
    1.098612
    """
    W, X, Y, w = _check_problem(W, X, Y, sample_weight)
    return _loss_grad(W, X, Y, w, w.sum())[0]


def softmax_gradient(W, X, Y, sample_weight=None):
    r"""Gradient of :func:`softmax_cross_entropy` with respect to ``W``.

    Parameters
    ----------
    W : array_like of shape (n_columns, n_classes)
        Coefficients, one column per class.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    Y : array_like of shape (n_samples, n_classes) or (n_samples,)
        One-hot labels or integer class codes.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative frequency weights.

    Returns
    -------
    G : ndarray of shape (n_columns, n_classes)

    Raises
    ------
    ValueError
        As :func:`softmax_cross_entropy`.

    Notes
    -----
    Since :math:`\partial \log\mathrm{softmax}(z)_k / \partial z_j = [j = k] - p_j`,

    .. math::

        \nabla_W C = \frac{1}{\sum_i s_i} X^\top S (P - Y),
        \qquad P = \mathrm{softmax}(XW),\ S = \mathrm{diag}(s),

    which is :math:`X^\top (P - Y)/m` without weights: the binary formula
    :math:`X^\top(p - y)/m` column by column. Its columns sum to
    :math:`X^\top S(P\mathbf 1 - Y\mathbf 1) = 0`, the trace of the shift invariance.

    Examples
    --------
    >>> X = np.array([[1.0, 0.5], [1.0, -1.0]])
    >>> softmax_gradient(np.zeros((2, 2)), X, [0, 1]).tolist()
    [[0.0, 0.0], [-0.375, 0.375]]
    """
    W, X, Y, w = _check_problem(W, X, Y, sample_weight)
    return _loss_grad(W, X, Y, w, w.sum())[1]


def softmax_hessian(W, X, sample_weight=None):
    r"""Hessian of :func:`softmax_cross_entropy`, a (dK, dK) matrix.

    Parameters
    ----------
    W : array_like of shape (n_columns, n_classes)
        Coefficients, one column per class.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative frequency weights.

    Returns
    -------
    H : ndarray of shape (n_columns * n_classes, n_columns * n_classes)
        With respect to :math:`\theta` = ``W.ravel(order="F")`` (class blocks);
        block :math:`(k, l)` is :math:`\partial^2 C / \partial w_k \partial w_l^\top`.

    Raises
    ------
    ValueError
        As :func:`softmax_cross_entropy`.

    Notes
    -----
    .. math::

        \frac{\partial^2 C}{\partial w_k\, \partial w_l^\top}
        = \frac{1}{\sum_i s_i}\sum_{i=1}^{m} s_i\, p_{ik}([k = l] - p_{il})\, x_i x_i^\top,
        \qquad
        \nabla^2 C = \frac{1}{\sum_i s_i}\sum_i s_i
        \left(\mathrm{diag}(p_i) - p_i p_i^\top\right) \otimes x_i x_i^\top .

    It does not depend on ``Y``. It is positive semi-definite and singular: the
    direction "add the same vector to every :math:`w_k`" is in its null space
    (shift invariance), so plain Newton needs a convention (see
    :class:`SoftmaxRegression`). Built as a block-diagonal sum of
    :math:`X^\top \mathrm{diag}(s\, p_k) X` minus :math:`B^\top B` with rows
    :math:`b_i = \sqrt{s_i}\, p_i \otimes x_i`, over blocks of rows: no m-by-m matrix.

    Examples
    --------
    >>> X = np.array([[1.0, 0.5], [1.0, -1.0]])
    >>> H = softmax_hessian(np.zeros((2, 3)), X)
    >>> H.shape, bool(np.allclose(H @ np.tile([1.0, 2.0], 3), 0))
    ((6, 6), True)
    """
    W, X, _, w = _check_problem(W, X, None, sample_weight)
    return _hessian(W, X, w, w.sum())


# ------------------------------------------------------------------------ the model
class SoftmaxRegression(ClassifierMixin, BaseEstimator):
    r"""Multinomial (softmax) logistic regression, a scikit-learn classifier.

    Parameters
    ----------
    alpha : float, default 0.0
        L2 penalty strength on the feature coefficients (never on the intercepts):
        minimizes :math:`C(W) + \frac{\alpha}{2}\lVert W_{\text{features}}\rVert_F^2`.
        scikit-learn's ``C`` is :math:`1/(\alpha \sum_i s_i)` (``C = 1/(alpha * n)``
        without weights).
    solver : {"lbfgs", "newton", "gd"}, default "lbfgs"
        ``"lbfgs"``: ``scipy.optimize.minimize(method="L-BFGS-B")`` on the loss and
        gradient, finished by at most five Newton steps (within ``max_iter``) when its
        line search stalls above ``tol`` (at most 400 coefficients); ``"newton"``: Newton's method with the pseudo-inverse of the singular
        Hessian and backtracking (for small d*K); ``"gd"``: gradient descent with the
        step :math:`1/L` (teaching; slow).
    max_iter : int, default 100
        Maximum number of iterations.
    tol : float, default 1e-8
        Stop when the largest absolute entry of the gradient is below ``tol``.
    fit_intercept : bool, default True
        Add a column of ones (one intercept per class).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Sorted labels; column ``k`` of :meth:`predict_proba` is ``classes_[k]``.
    coef_ : ndarray of shape (n_classes, n_features)
        Centered feature coefficients (rows sum to zero over classes).
    intercept_ : ndarray of shape (n_classes,)
        Centered intercepts (zeros without ``fit_intercept``).
    W_ : ndarray of shape (n_columns, n_classes)
        All coefficients as one matrix, intercepts in the first row (if fitted).
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of str, shape (n_features,)
        Column names, only when ``X`` was a pandas DataFrame; ``predict`` then checks
        that a DataFrame has the same columns in the same order.
    n_iter_ : int
        Iterations used.
    converged_ : bool
        Whether the gradient criterion was met.
    history_ : dict of lists
        ``"loss"`` (penalized mean cross-entropy) and ``"grad_norm"`` (max-abs
        gradient) per iteration, starting at :math:`W = 0`.

    Raises
    ------
    ValueError
        From :meth:`fit`: fewer than two classes, a continuous target, ``None`` or
        mixed labels, a class of zero total weight, bad shapes, NaN/inf, complex or
        extreme-scale features, an unknown solver, a negative ``alpha``.
    TypeError
        From :meth:`fit`: a parameter of the wrong type, or sparse ``X``.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` is reached first.
    SeparationWarning
        If ``alpha == 0``, the fitted probability of the observed class reaches 1
        (within 1e-6) and the linear program of
        :func:`logreg_lib.separation.check_separation` confirms that some classes are
        linearly separable: the maximum-likelihood estimate does not exist.

    Notes
    -----
    .. math::

        P(y = k \mid x) = \mathrm{softmax}(W^\top x)_k, \qquad
        \min_W\ C(W) + \frac{\alpha}{2}\sum_{j \ge 1}\sum_k W_{jk}^2 .

    *Identifiability.* Adding one vector :math:`c` to every class column leaves the
    probabilities unchanged, so without a penalty the minimizer is a line of
    solutions and the Hessian is singular along it. The gradient is orthogonal to
    that direction (its columns sum to zero), so every solver here, started at
    :math:`W = 0`, moves only within the centered subspace :math:`\sum_k w_k = 0`
    (Newton takes the minimum-norm solution of :math:`H\delta = -g`, from
    ``numpy.linalg.lstsq``). The result is the symmetric parametrization used by
    scikit-learn. The reference-category convention of statsmodels' ``MNLogit`` is
    ``coef_[k] - coef_[0]``; both give the same probabilities. With :math:`K = 2` the
    model is the logistic regression with :math:`\beta = w_1 - w_0 = 2 w_1`.

    References
    ----------
    - Albert, A. and Anderson, J. A. (1984). On the existence of maximum
      likelihood estimates in logistic regression models. *Biometrika* 71(1), 1-10.

    Examples
    --------
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> y = np.array(["a", "b", "a", "c", "b", "c", "c", "a"])
    >>> m = SoftmaxRegression(solver="newton").fit(X, y)
    >>> m.predict_proba(X).shape, bool(np.allclose(m.coef_.sum(axis=0), 0))
    ((8, 3), True)
    """

    def __init__(self, alpha=0.0, solver="lbfgs", max_iter=100, tol=1e-8, fit_intercept=True):
        self.alpha = alpha
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.fit_intercept = fit_intercept

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False  # dense solvers: sparse X is refused at fit
        return tags

    # -- helpers
    def _design(self, X):
        """``[1, X]`` (or ``X``) from a validated float array."""
        if self.fit_intercept:
            X = np.hstack([np.ones((X.shape[0], 1)), X])
        return X

    def _objective(self, X, Y, w, w_sum, mask):
        alpha = self.alpha

        def f(W):
            loss, G = _loss_grad(W, X, Y, w, w_sum)
            Wm = W * mask
            return loss + 0.5 * alpha * float(np.sum(Wm * Wm)), G + alpha * Wm

        return f

    def fit(self, X, y, sample_weight=None):
        r"""Fit the coefficients by minimizing the (penalized) cross-entropy.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features (no column of ones: ``fit_intercept`` adds it).
        y : array_like of shape (n_samples,)
            Labels, any type, at least two classes.
        sample_weight : array_like of shape (n_samples,), optional
            Non-negative frequency weights.

        Returns
        -------
        self : SoftmaxRegression

        Raises
        ------
        ValueError
            Fewer than two classes, a continuous target, ``None`` or mixed labels, a
            class of zero total weight, bad shapes, NaN/inf, complex or extreme-scale
            features, an unknown solver, invalid ``alpha``, ``max_iter`` or ``tol``.
        TypeError
            A parameter of the wrong type, or sparse ``X``.

        Notes
        -----
        A fit that raises leaves the estimator as it was: a failed refit keeps the
        previous fit intact.
        """
        with restore_on_error(self):  # a failed fit leaves the previous one intact
            return self._fit(X, y, sample_weight)

    def _fit(self, X, y, sample_weight):
        check_params(self, solver=("options", ("lbfgs", "newton", "gd")),
                     alpha=("real", 0, None), max_iter=("int", 1), tol=("posreal",),
                     fit_intercept="bool")
        refuse_complex(X)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        classes, codes = check_labels(y, sample_weight=w)
        column_names = getattr(self, "feature_names_in_", None)
        check_feature_scale(X, column_names)
        Xd = self._design(X)
        n_features = X.shape[1]
        self._column_names = (["intercept"] if self.fit_intercept else []) + (
            [str(c) for c in column_names] if column_names is not None
            else [f"x{j + 1}" for j in range(n_features)]
        )
        n, d = Xd.shape
        K = classes.shape[0]
        w_sum = w.sum()
        Y = np.zeros((n, K))
        Y[np.arange(n), codes] = 1.0
        mask = np.ones((d, 1))
        if self.fit_intercept:
            mask[0] = 0.0
        f = self._objective(Xd, Y, w, w_sum, mask)
        history = {"loss": [], "grad_norm": []}

        def record(W):
            loss, G = f(W)
            history["loss"].append(loss)
            history["grad_norm"].append(float(np.max(np.abs(G))))
            return loss, G

        W = np.zeros((d, K))
        if self.solver == "lbfgs":
            W, n_iter = self._fit_lbfgs(f, record, W)
            budget = min(5, int(self.max_iter) - n_iter)
            if budget > 0 and np.max(np.abs(f(W)[1])) >= self.tol and W.size <= _POLISH_MAX_COEF:
                # L-BFGS-B's line search compares loss values, which stop resolving a
                # decrease (about |gradient|^2) once max|gradient| nears 1e-8: a few
                # Newton steps (within max_iter), driven by the gradient, finish the job
                W, extra = self._fit_newton(f, record, W, Xd, w, w_sum, mask, max_iter=budget)
                n_iter += extra
        elif self.solver == "newton":
            W, n_iter = self._fit_newton(f, record, W, Xd, w, w_sum, mask)
        else:
            W, n_iter = self._fit_gd(f, record, W, Xd, w, w_sum)
        W = W - W.mean(axis=1, keepdims=True)  # symmetric convention (exact, not a fit)
        grad_norm = float(np.max(np.abs(f(W)[1])))
        self.converged_ = grad_norm < self.tol
        self.n_iter_ = int(n_iter)
        self.history_ = history
        self.classes_ = classes
        self.W_ = W
        if self.fit_intercept:
            self.intercept_ = W[0].copy()
            self.coef_ = W[1:].T.copy()
        else:
            self.intercept_ = np.zeros(K)
            self.coef_ = W.T.copy()
        if not self.converged_:
            warnings.warn(
                f"SoftmaxRegression(solver={self.solver!r}) stopped after {self.n_iter_} "
                f"iterations with max|gradient| = {grad_norm:.2e} > tol = {self.tol:g}. "
                "Scale the features, add a penalty (alpha > 0) or check for separation "
                "before raising max_iter.",
                ConvergenceWarning,
                stacklevel=3,
            )
        if self.alpha == 0:
            # rows of zero weight are not in the fit: they must not hide a separation
            keep = w > 0
            self._warn_if_separated(Xd[keep], codes[keep], classes)
        return self

    def _warn_if_separated(self, Xd, codes, classes):
        P = softmax(Xd @ self.W_)
        p_obs = P[np.arange(codes.shape[0]), codes]
        if np.max(p_obs) < 1 - 1e-6:
            return
        from .separation import check_separation

        result = check_separation(Xd, classes[codes], fit_intercept=False,
                                  feature_names=self._column_names)
        if result.kind != "none":
            warnings.warn(
                f"{result.description} The maximum-likelihood estimate does not exist: "
                "the coefficients grow without bound as the fit goes on. Add a penalty, "
                "e.g. SoftmaxRegression(alpha=0.01), which keeps them finite.",
                SeparationWarning,
                stacklevel=4,
            )

    def _fit_lbfgs(self, f, record, W0):
        shape = W0.shape

        def fun(theta):
            loss, G = record(theta.reshape(shape))
            return loss, G.ravel()

        res = scipy.optimize.minimize(
            fun, W0.ravel(), jac=True, method="L-BFGS-B",
            options={"maxiter": int(self.max_iter), "gtol": self.tol, "ftol": 1e-15,
                     "maxls": 50},
        )
        return res.x.reshape(shape), res.nit

    def _fit_newton(self, f, record, W, X, w, w_sum, mask, max_iter=None):
        d, K = W.shape
        pen = np.diag(np.tile(mask[:, 0], K)) * self.alpha
        loss, G = record(W)
        n_iter = 0
        # a decrease below the rounding of the loss is not a failed step
        slack = 8 * np.finfo(float).eps
        for n_iter in range(1, int(self.max_iter if max_iter is None else max_iter) + 1):
            if np.max(np.abs(G)) < self.tol:
                n_iter -= 1
                break
            H = _hessian(W, X, w, w_sum) + pen
            g = G.ravel(order="F")
            step = -np.linalg.lstsq(H, g, rcond=None)[0]  # minimum-norm Newton step
            D = step.reshape((d, K), order="F")
            t = 1.0
            while True:  # backtracking (Armijo) line search
                new_loss, new_G = f(W + t * D)
                if new_loss <= loss + 1e-4 * t * float(g @ step) + slack * abs(loss) or t < 1e-10:
                    break
                t *= 0.5
            W = W + t * D
            loss, G = record(W)
        return W, n_iter

    def _fit_gd(self, f, record, W, X, w, w_sum):
        # L = lambda_max(Hessian) <= 1/2 * lambda_max(X^T S X) / sum(s) + alpha
        A = X * np.sqrt(w / w_sum)[:, None]
        L = 0.5 * np.linalg.norm(A, 2) ** 2 + self.alpha
        loss, G = record(W)
        n_iter = 0
        for n_iter in range(1, int(self.max_iter) + 1):
            if np.max(np.abs(G)) < self.tol:
                n_iter -= 1
                break
            W = W - G / L
            loss, G = record(W)
        return W, n_iter

    # -- prediction
    def _check_fitted(self):
        check_is_fitted(self, "W_")  # sklearn's NotFittedError, a ValueError

    def _scores(self, X):
        """The (n_samples, n_classes) scores of X, checked against the fit."""
        self._check_fitted()
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self._design(X) @ self.W_

    def decision_function(self, X):
        r"""Scores :math:`z_{ik} = w_k^\top x_i`; for two classes, :math:`z_{i1} - z_{i0}`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
            With two classes, scikit-learn's convention: one score per sample, the
            log-odds of ``classes_[1]``, positive where it is predicted.
        """
        Z = self._scores(X)
        if Z.shape[1] == 2:
            return Z[:, 1] - Z[:, 0]
        return Z

    def predict_proba(self, X):
        r"""Class probabilities :math:`\mathrm{softmax}(W^\top x)`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        P : ndarray of shape (n_samples, n_classes)
            Rows sum to one; columns follow ``classes_``.
        """
        return softmax(self._scores(X))

    def predict_log_proba(self, X):
        r"""Logarithms of the class probabilities, by :func:`log_softmax`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        L : ndarray of shape (n_samples, n_classes)
            Finite even where a probability rounds to zero.
        """
        return log_softmax(self._scores(X))

    def predict(self, X):
        r"""Most probable class.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            ``classes_[argmax_k z_k]``.
        """
        Z = self._scores(X)
        return self.classes_[np.argmax(Z, axis=1)]
