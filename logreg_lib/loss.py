r"""The training objective: cross-entropy, its gradient and its Hessian.

Chapter 4 ("Training: from MLE to cross-entropy"). With the intercept folded into the
design matrix as a leading column of ones (:func:`add_intercept`), the model is
:math:`p^{(i)} = \sigma(\beta^\top x^{(i)})` and maximum likelihood is the same as
minimizing the mean negative log-likelihood (the binary cross-entropy)

.. math::

    C(\beta) = -\frac{1}{m} \sum_{i=1}^m \left[ y^{(i)} \log p^{(i)}
               + (1 - y^{(i)}) \log (1 - p^{(i)}) \right],

whose gradient is :math:`\nabla C = \frac{1}{m} X^\top (p - y)` and whose Hessian is
:math:`\nabla^2 C = \frac{1}{m} X^\top W X` with :math:`W = \operatorname{diag}(p(1-p))`.

Sample weights
--------------
Every function takes ``sample_weight``, read as *frequency weights*: a weight of 2 is the
same as having the row twice. The sums gain a factor :math:`\omega_i` and the mean divides
by :math:`\sum_i \omega_i` instead of :math:`m`, so ``sample_weight=None`` and a vector of ones
give identical results.
"""

import numpy as np

from ._kernels import check_problem, curvature, expit, mean_loss, nll_terms, weighted_gram
from ._validation import check_matrix

__all__ = [
    "add_intercept",
    "cross_entropy",
    "log_likelihood",
    "gradient",
    "per_sample_gradients",
    "hessian",
]


def add_intercept(X):
    r"""Prepend a column of ones to ``X``: the design matrix of the notes.

    Chapter 4, "for notational convenience we fold the intercept into the dot
    product": :math:`\tilde x = (1, x_1, \dots, x_d)`, so that
    :math:`z = \tilde\beta^\top \tilde x = \beta_0 + \beta^\top x`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features (a pandas DataFrame is accepted).

    Returns
    -------
    ndarray of shape (n_samples, n_features + 1)
        ``[1, X]``, float64.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D, is empty, or holds NaN or infinite values.

    Examples
    --------
    >>> from logreg_lib import add_intercept
    >>> add_intercept([[2.0], [3.0]])
    array([[1., 2.],
           [1., 3.]])
    """
    X = check_matrix(X)
    out = np.empty((X.shape[0], X.shape[1] + 1))
    out[:, 0] = 1.0
    out[:, 1:] = X
    return out


# --- public functions ------------------------------------------------------------------

def cross_entropy(beta, X, y, sample_weight=None):
    r"""Mean negative log-likelihood (binary cross-entropy) of coefficients ``beta``.

    Chapter 4, Step 1, "construct a loss function": :math:`C(\beta) = -\ell(\beta)/m`.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients, one per column of ``X`` (the intercept is the coefficient of the
        column of ones, if ``X`` has one).
    X : array_like of shape (n_samples, n_columns)
        Design matrix, e.g. from :func:`add_intercept`.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Non-negative frequency weights :math:`s_i`; ``None`` means all ones.

    Returns
    -------
    float
        :math:`C(\beta) \ge 0`.

    Raises
    ------
    ValueError
        On NaN or infinite values, ``X`` not 2-D, mismatched lengths, labels other than
        0/1, or invalid weights.

    Notes
    -----
    .. math::

        C(\beta) = -\frac{1}{\sum_i s_i} \sum_{i=1}^m s_i \left[ y_i \log\sigma(z_i)
                   + (1 - y_i) \log\sigma(-z_i) \right], \qquad z = X\beta,

    using :math:`1 - \sigma(z) = \sigma(-z)`. The logs come from
    :func:`~logreg_lib.links.log_sigmoid`
    applied to :math:`z`, never from ``log(p)``: a confident mistake with
    :math:`z = -1000` costs exactly 1000, not ``inf``.

    Examples
    --------
    >>> from logreg_lib import cross_entropy
    >>> X = [[1.0, 0.0], [1.0, 1.0]]
    >>> round(cross_entropy([0.0, 0.0], X, [0, 1]), 6)  # log 2: a 50-50 guess
    0.693147
    """
    beta, X, y, w = check_problem(beta, X, y, sample_weight)
    return mean_loss(X @ beta, y, w, w.sum())


def log_likelihood(beta, X, y, sample_weight=None):
    r"""Log-likelihood :math:`\ell(\beta)` (a sum, not a mean).

    Chapter 4, "log-likelihood: products to sums for numerical safety".

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients, one per column of ``X``.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights; ``None`` means all ones.

    Returns
    -------
    float
        :math:`\ell(\beta) \le 0`.

    Raises
    ------
    ValueError
        On invalid input, as :func:`cross_entropy`.

    Notes
    -----
    .. math::

        \ell(\beta) = \sum_{i=1}^m s_i \left[ y_i \log\sigma(z_i) + (1 - y_i)\log\sigma(-z_i)
        \right] = -\Big(\sum_i s_i\Big)\, C(\beta).

    Examples
    --------
    >>> from logreg_lib import log_likelihood
    >>> round(log_likelihood([0.0], [[1.0], [1.0]], [0, 1]), 6)  # 2 log(1/2)
    -1.386294
    """
    beta, X, y, w = check_problem(beta, X, y, sample_weight)
    return -float(w @ nll_terms(X @ beta, y))


def gradient(beta, X, y, sample_weight=None):
    r"""Gradient of the cross-entropy, :math:`\nabla C = X^\top (p - y) / m`.

    Chapter 4, Step 2, "take the gradient of the loss" (the boxed result).

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights; ``None`` means all ones.

    Returns
    -------
    ndarray of shape (n_columns,)
        :math:`\nabla C(\beta)`.

    Raises
    ------
    ValueError
        On invalid input, as :func:`cross_entropy`.

    See Also
    --------
    per_sample_gradients : the terms :math:`(p_i - y_i)\, x_i` that this averages.

    Notes
    -----
    .. math::

        \nabla C(\beta) = \frac{1}{\sum_i s_i} \sum_{i=1}^m s_i (p_i - y_i)\, x^{(i)}
                        = \frac{1}{\sum_i s_i} X^\top S (p - y),
        \qquad p = \sigma(X\beta),\ S = \operatorname{diag}(s).

    Examples
    --------
    >>> from logreg_lib import gradient
    >>> gradient([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]], [0, 1])
    array([ 0. , -0.5])
    """
    beta, X, y, w = check_problem(beta, X, y, sample_weight)
    return X.T @ (w * (expit(X @ beta) - y)) / w.sum()


def per_sample_gradients(beta, X, y):
    r"""Gradient of each sample's loss, :math:`(p_i - y_i)\, x^{(i)}`, one row per sample.

    Chapter 4, Step 2 (3): the single-example gradient of
    :math:`-\ell^{(i)}(\beta)`. Their mean is :func:`gradient`; a mini-batch of them is
    what :func:`~logreg_lib.solvers.sgd` follows.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.

    Returns
    -------
    ndarray of shape (n_samples, n_columns)
        Row ``i`` is :math:`(p_i - y_i)\, x^{(i)}`.

    Raises
    ------
    ValueError
        On invalid input, as :func:`cross_entropy`.

    Notes
    -----
    .. math::

        \nabla_\beta \left(-\ell^{(i)}(\beta)\right) = (p_i - y_i)\, x^{(i)},
        \qquad \frac{1}{m}\sum_{i=1}^m (p_i - y_i)\, x^{(i)} = \nabla C(\beta).

    Examples
    --------
    >>> from logreg_lib import per_sample_gradients
    >>> per_sample_gradients([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]], [0, 1])
    array([[ 0.5, -0.5],
           [-0.5, -0.5]])
    """
    beta, X, y, _ = check_problem(beta, X, y)
    return (expit(X @ beta) - y)[:, None] * X


def hessian(beta, X, sample_weight=None):
    r"""Hessian of the cross-entropy, :math:`\nabla^2 C = X^\top W X / m`.

    Chapter 4, "the Hessian of the negative log-likelihood", divided by :math:`m`
    because :math:`C` is a mean. It does not depend on the labels.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights; ``None`` means all ones.

    Returns
    -------
    ndarray of shape (n_columns, n_columns)
        Symmetric positive semi-definite :math:`\nabla^2 C(\beta)`.

    Raises
    ------
    ValueError
        On invalid input, as :func:`cross_entropy`.

    Notes
    -----
    .. math::

        \nabla^2 C(\beta) = \frac{1}{\sum_i s_i} \sum_{i=1}^m s_i\, p_i (1 - p_i)\,
        x^{(i)} x^{(i)\top} = \frac{1}{\sum_i s_i} X^\top W X,
        \qquad W = \operatorname{diag}\big(s_i\, p_i (1 - p_i)\big).

    The diagonal matrix :math:`W` is never formed (it would be m-by-m): the rows of
    :math:`X` are scaled by :math:`\sqrt{W_{ii}}` and the scaled copy is multiplied by its
    own transpose. :math:`p(1-p)` is computed as :math:`e/(1+e)^2` with
    :math:`e = e^{-|z|}`, so it stays positive (instead of rounding to 0 through
    :math:`1 - p`) for large :math:`|z|`.

    Examples
    --------
    >>> from logreg_lib import hessian
    >>> hessian([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]])
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    beta, X, _, w = check_problem(beta, X, None, sample_weight)
    return weighted_gram(X, w * curvature(X @ beta)) / w.sum()
