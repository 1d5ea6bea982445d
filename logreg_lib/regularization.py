r"""Penalties that keep coefficients finite: L2 (ridge), L1 (lasso) and the elastic net.

Chapter 5, "complete separation (why training may fail)": when a combination of
features separates the classes, the maximum-likelihood coefficients run off to
infinity, and the notes' first remedy is regularization. Chapter 4's objective gains a
penalty on the coefficients, never on the intercept:

.. math::

    F(\beta) = C(\beta) + \alpha \left( \rho \,\lVert \beta \rVert_1
               + \frac{1 - \rho}{2} \lVert \beta \rVert_2^2 \right),

where :math:`C` is the *mean* cross-entropy, :math:`\alpha \ge 0` the strength and
:math:`\rho \in [0, 1]` the ``l1_ratio`` (:math:`\rho = 0` is pure L2, :math:`\rho = 1`
pure L1).

How the penalized problem is solved, and why
--------------------------------------------
* Pure L2 (:math:`\rho = 0`) is smooth: Newton/IRLS simply adds :math:`\alpha I` (zero
  for the intercept) to the Hessian, and gradient descent adds :math:`\alpha\beta` to the
  gradient.
* With an L1 part the objective has kinks at zero, which is what produces *exact*
  zeros. ``solver="irls"`` then runs a **proximal Newton** method, as glmnet does: each
  outer step forms the same quadratic model as IRLS (gradient and Hessian of the smooth
  part) and minimizes "quadratic model + L1" by **cyclic coordinate descent**, where each
  coordinate update is a closed-form soft-thresholding (:func:`soft_threshold`); a
  backtracking line search on :math:`F` guarantees descent. It was chosen over FISTA
  because it inherits Newton's fast, tolerance-independent convergence (a handful of
  outer steps to 1e-10), which the tests need to match scikit-learn tightly, and because
  coordinate descent on a d-by-d quadratic costs nothing next to forming
  :math:`X^\top W X`. ``solver="gd"`` runs proximal gradient descent (ISTA:
  a gradient step on the smooth part, then soft-thresholding), slower but the direct
  extension of the chapter's update rule. ``solver="sgd"`` does not support L1.

The mapping to scikit-learn
---------------------------
scikit-learn's ``LogisticRegression`` minimizes
:math:`C_{\text{sk}} \sum_i s_i\,\text{loss}_i + \frac{1 - \rho}{2}\lVert w\rVert_2^2
+ \rho \lVert w\rVert_1`. Dividing by :math:`C_{\text{sk}} \sum_i s_i` gives the objective
above with :math:`\alpha = 1 / (C_{\text{sk}} \sum_i s_i)`, that is
:math:`C_{\text{sk}} = 1 / (\alpha \sum_i s_i)` (``C=np.inf`` is :math:`\alpha = 0`).
"""

import numpy as np

from ._kernels import (
    check_alpha,
    check_l1_ratio,
    check_mask,
    check_problem,
    curvature,
    expit,
    mean_loss,
    penalty_value,
    weighted_gram,
)
from ._validation import as_float_array, check_vector

__all__ = [
    "penalty",
    "soft_threshold",
    "penalized_cross_entropy",
    "penalized_gradient",
    "penalized_hessian",
    "regularization_path",
    "RegularizationPath",
]


def penalty(beta, alpha, l1_ratio=0.0, penalty_mask=None):
    r"""The elastic-net penalty :math:`\alpha(\rho\lVert\beta\rVert_1 + \frac{1-\rho}{2}\lVert\beta\rVert_2^2)`.

    Chapter 5, regularization as the remedy for separation.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    alpha : float
        Non-negative strength :math:`\alpha`.
    l1_ratio : float, default=0.0
        Mixing :math:`\rho \in [0, 1]`; 0 is ridge (L2), 1 is lasso (L1).
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Which coefficients are penalized; ``None`` means all. Pass ``False`` for the
        intercept's column.

    Returns
    -------
    float
        The penalty (0 when ``alpha == 0``).

    Raises
    ------
    ValueError
        If ``alpha`` is negative or not finite, ``l1_ratio`` is outside [0, 1], or the
        mask has the wrong length.

    Notes
    -----
    .. math::

        P(\beta) = \alpha \sum_{j \in \text{mask}} \left( \rho\,|\beta_j|
                   + \frac{1 - \rho}{2} \beta_j^2 \right).

    Examples
    --------
    >>> from logreg_lib import penalty
    >>> float(penalty([5.0, 1.0, -2.0], alpha=0.1, penalty_mask=[False, True, True]))
    0.25
    """
    beta = check_vector(beta, "beta")
    alpha, l1_ratio = check_alpha(alpha), check_l1_ratio(l1_ratio)
    return float(penalty_value(beta, alpha, l1_ratio, check_mask(penalty_mask, beta.shape[0])))


def soft_threshold(x, threshold):
    r"""Soft-thresholding, the proximal map of :math:`t|x|`: shrink toward 0 by ``threshold``.

    Chapter 5: the step that creates exact zeros under an L1 penalty.

    Parameters
    ----------
    x : float or array_like
        Values to shrink.
    threshold : float
        Non-negative amount :math:`t`.

    Returns
    -------
    float or ndarray
        :math:`\operatorname{sign}(x)\max(|x| - t, 0)`.

    Raises
    ------
    ValueError
        If ``threshold`` is negative or not finite, or ``x`` holds NaN or infinite values.

    Notes
    -----
    .. math::

        S_t(x) = \arg\min_b \left( \tfrac12 (b - x)^2 + t|b| \right)
               = \operatorname{sign}(x)\,\max(|x| - t,\ 0).

    Examples
    --------
    >>> from logreg_lib import soft_threshold
    >>> soft_threshold([-3.0, 0.5, 2.0], 1.0)
    array([-2.,  0.,  1.])
    """
    x = as_float_array(x, "x")
    t = check_alpha(threshold)
    out = np.sign(x) * np.maximum(np.abs(x) - t, 0.0)
    return out[()] if out.ndim == 0 else out


def penalized_cross_entropy(beta, X, y, alpha, l1_ratio=0.0, sample_weight=None, penalty_mask=None):
    r"""The penalized objective :math:`F(\beta) = C(\beta) + P(\beta)` that the model minimizes.

    Chapter 5 (the penalty) added to Chapter 4's mean cross-entropy.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    alpha : float
        Non-negative strength.
    l1_ratio : float, default=0.0
        Elastic-net mixing in [0, 1].
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns (``None``: all).

    Returns
    -------
    float
        :math:`F(\beta)`.

    Raises
    ------
    ValueError
        On invalid input (see :func:`~logreg_lib.loss.cross_entropy` and :func:`penalty`).

    Notes
    -----
    .. math::

        F(\beta) = C(\beta) + \alpha\left(\rho\lVert\beta\rVert_1
                   + \tfrac{1-\rho}{2}\lVert\beta\rVert_2^2\right).

    Examples
    --------
    >>> from logreg_lib import penalized_cross_entropy
    >>> round(penalized_cross_entropy([0.0, 1.0], [[1.0, 0.0], [1.0, 0.0]], [0, 1], 0.5), 6)
    0.943147
    """
    beta, X, y, w = check_problem(beta, X, y, sample_weight)
    alpha, l1_ratio = check_alpha(alpha), check_l1_ratio(l1_ratio)
    mask = check_mask(penalty_mask, X.shape[1])
    return mean_loss(X @ beta, y, w, w.sum()) + float(penalty_value(beta, alpha, l1_ratio, mask))


def penalized_gradient(beta, X, y, alpha, sample_weight=None, penalty_mask=None):
    r"""Gradient of the L2-penalized objective, :math:`\nabla C(\beta) + \alpha\beta`.

    Chapter 5 (ridge) on Chapter 4's gradient. With an L1 part the objective is not
    differentiable at zero, so this function covers the smooth (L2) penalty only.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    alpha : float
        Non-negative L2 strength.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns (``None``: all).

    Returns
    -------
    ndarray of shape (n_columns,)

    Raises
    ------
    ValueError
        On invalid input.

    Notes
    -----
    .. math::

        \nabla F(\beta) = \frac{1}{\sum_i s_i} X^\top S (p - y) + \alpha\, M \beta,

    with :math:`M` the diagonal 0/1 penalty mask.

    Examples
    --------
    >>> from logreg_lib import penalized_gradient
    >>> penalized_gradient([0.0, 2.0], [[1.0, 0.0], [1.0, 0.0]], [0, 1], 0.5)
    array([0., 1.])
    """
    beta, X, y, w = check_problem(beta, X, y, sample_weight)
    alpha = check_alpha(alpha)
    mask = check_mask(penalty_mask, X.shape[1])
    return X.T @ (w * (expit(X @ beta) - y)) / w.sum() + alpha * mask * beta


def penalized_hessian(beta, X, alpha, sample_weight=None, penalty_mask=None):
    r"""Hessian of the L2-penalized objective, :math:`X^\top W X / m + \alpha M`.

    Chapter 5 (ridge) on Chapter 4's Hessian: the penalty makes it positive definite,
    which is why a penalized fit exists even on separated data.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    alpha : float
        Non-negative L2 strength.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns (``None``: all).

    Returns
    -------
    ndarray of shape (n_columns, n_columns)

    Raises
    ------
    ValueError
        On invalid input.

    Notes
    -----
    .. math::

        \nabla^2 F(\beta) = \frac{1}{\sum_i s_i} X^\top W X + \alpha M.

    Examples
    --------
    >>> from logreg_lib import penalized_hessian
    >>> penalized_hessian([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]], 1.0, penalty_mask=[False, True])
    array([[0.25, 0.  ],
           [0.  , 1.25]])
    """
    beta, X, _, w = check_problem(beta, X, None, sample_weight)
    alpha = check_alpha(alpha)
    mask = check_mask(penalty_mask, X.shape[1])
    return weighted_gram(X, w * curvature(X @ beta)) / w.sum() + np.diag(alpha * mask)


class RegularizationPath:
    r"""Coefficients of penalized fits along a sequence of penalty strengths.

    Returned by :func:`regularization_path`.

    Attributes
    ----------
    alphas : ndarray of shape (n_alphas,)
        The penalty strengths, in the order they were fitted.
    l1_ratio : float
        The elastic-net mixing used for every fit.
    coef : ndarray of shape (n_alphas, n_features)
        Feature coefficients (intercept excluded), one row per alpha.
    intercept : ndarray of shape (n_alphas,)
        Intercepts (zeros if fitted without one).
    n_iter : ndarray of shape (n_alphas,)
        Solver iterations per fit (small thanks to warm starts).
    converged : ndarray of bool, shape (n_alphas,)
        Whether each fit met its stopping rule.
    feature_names : ndarray of str, shape (n_features,)
        Names of the features (``x0``, ``x1``, ... for arrays).
    """

    def __init__(self, alphas, l1_ratio, coef, intercept, n_iter, converged, feature_names):
        self.alphas = alphas
        self.l1_ratio = l1_ratio
        self.coef = coef
        self.intercept = intercept
        self.n_iter = n_iter
        self.converged = converged
        self.feature_names = feature_names

    def __repr__(self):
        return (
            f"RegularizationPath(n_alphas={len(self.alphas)}, n_features={self.coef.shape[1]}, "
            f"l1_ratio={self.l1_ratio})"
        )


def regularization_path(X, y, alphas, l1_ratio=0.0, sample_weight=None, fit_intercept=True,
                        solver="irls", max_iter=None, tol=None):
    r"""Fit the penalized model for each strength in ``alphas``, warm-starting each fit.

    Chapter 5: the coefficient-shrinkage figure (coefficients against
    :math:`\log \alpha`), where L1 sets coefficients to exactly zero one after another.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features (a pandas DataFrame's column names become ``feature_names``).
    y : array_like of shape (n_samples,)
        Two classes; the second of the sorted labels is the positive class.
    alphas : array_like of shape (n_alphas,)
        Non-negative strengths. They are fitted in the order given; from largest to
        smallest makes the warm starts most effective.
    l1_ratio : float, default=0.0
        Elastic-net mixing in [0, 1].
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    fit_intercept : bool, default=True
        Whether to fit an (unpenalized) intercept.
    solver : {"irls", "gd"}, default="irls"
        As in :class:`~logreg_lib.model.LogisticRegression`.
    max_iter, tol : optional
        Passed to each fit (``None``: the solver's defaults).

    Returns
    -------
    RegularizationPath
        Arrays ``alphas``, ``coef`` (n_alphas, n_features), ``intercept``, ``n_iter``,
        ``converged`` and ``feature_names``.

    Raises
    ------
    ValueError
        On invalid input, as :class:`~logreg_lib.model.LogisticRegression`, or an empty
        or negative ``alphas``.

    Notes
    -----
    Each fit minimizes

    .. math::

        C(\beta) + \alpha_k\left(\rho\lVert\beta\rVert_1 + \tfrac{1-\rho}{2}\lVert\beta\rVert_2^2\right)

    starting from the previous fit's coefficients.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import regularization_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3))
    >>> y = (X[:, 0] + 0.2 * rng.normal(size=200) > 0).astype(int)
    >>> path = regularization_path(X, y, alphas=[1.0, 0.1, 0.01], l1_ratio=1.0)
    >>> path.coef.shape
    (3, 3)
    >>> bool(np.all(path.coef[0] == 0))  # a strong L1 penalty zeroes every coefficient
    True
    """
    from .model import LogisticRegression

    alphas = check_vector(alphas, "alphas")
    if alphas.shape[0] == 0:
        raise ValueError("alphas is empty: give at least one penalty strength.")
    for a in alphas:
        check_alpha(a)
    l1_ratio = check_l1_ratio(l1_ratio)
    model = LogisticRegression(alpha=float(alphas[0]), l1_ratio=l1_ratio, solver=solver,
                               fit_intercept=fit_intercept, max_iter=max_iter, tol=tol,
                               warm_start=True)
    coefs, intercepts, n_iters, converged = [], [], [], []
    for a in alphas:
        model.set_params(alpha=float(a))
        model.fit(X, y, sample_weight=sample_weight)  # starts from the previous fit
        coefs.append(model.coef_.copy())
        intercepts.append(model.intercept_)
        n_iters.append(model.n_iter_)
        converged.append(model.converged_)
    names = getattr(model, "feature_names_in_", None)
    if names is None:
        names = [f"x{j}" for j in range(model.n_features_in_)]
    return RegularizationPath(
        alphas=alphas, l1_ratio=l1_ratio, coef=np.array(coefs), intercept=np.array(intercepts),
        n_iter=np.array(n_iters), converged=np.array(converged),
        feature_names=np.asarray(names, dtype=object),
    )
