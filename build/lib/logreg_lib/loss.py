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
same as having the row twice. The sums gain a factor :math:`s_i` and the mean divides by
:math:`\sum_i s_i` instead of :math:`m`, so ``sample_weight=None`` and a vector of ones
give identical results.
"""

import numpy as np

from ._validation import (
    check_matrix,
    check_same_length,
    check_sample_weight,
    check_vector,
)
from .links import _log_sigmoid, _sigmoid

__all__ = [
    "add_intercept",
    "cross_entropy",
    "log_likelihood",
    "gradient",
    "per_sample_gradients",
    "hessian",
]

#: Rows per block when a weighted Gram matrix is accumulated (bounds the temporary copy).
_GRAM_BLOCK_ROWS = 4096


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


def _check_problem(beta, X, y=None, sample_weight=None):
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


# --- internal fast paths (no validation), used by the solvers -------------------------

def _nll_terms(z, y):
    """Per-sample negative log-likelihood from the scores z (stable)."""
    # -[y log s(z) + (1 - y) log s(-z)]; for y in {0, 1} this is -log s((2y - 1) z)
    return -_log_sigmoid(np.where(y > 0, z, -z))


def _loss(z, y, w, w_sum):
    return float(w @ _nll_terms(z, y)) / float(w_sum)


def _weighted_gram(X, v):
    r"""Return :math:`X^\top \operatorname{diag}(v) X` for v >= 0, without an m-by-m matrix.

    Rows are scaled by :math:`\sqrt{v_i}` block by block and the symmetric product
    :math:`A^\top A` goes to BLAS (``syrk``), so the temporary memory is one block.
    """
    n, d = X.shape
    if n <= _GRAM_BLOCK_ROWS:
        A = X * np.sqrt(v)[:, None]
        return A.T @ A
    G = np.zeros((d, d))
    for start in range(0, n, _GRAM_BLOCK_ROWS):
        stop = start + _GRAM_BLOCK_ROWS
        A = X[start:stop] * np.sqrt(v[start:stop])[:, None]
        G += A.T @ A
    return G


def _curvature(z):
    r"""The IRLS weights :math:`p(1-p) = \sigma(z)\sigma(-z) = e/(1+e)^2`, :math:`e = e^{-|z|}`.

    Positive (not rounded to 0) until :math:`|z| > 745`, with a single exponential.
    """
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


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
    beta, X, y, w = _check_problem(beta, X, y, sample_weight)
    return _loss(X @ beta, y, w, w.sum())


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
    beta, X, y, w = _check_problem(beta, X, y, sample_weight)
    return -float(w @ _nll_terms(X @ beta, y))


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
    beta, X, y, w = _check_problem(beta, X, y, sample_weight)
    return X.T @ (w * (_sigmoid(X @ beta) - y)) / w.sum()


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
    beta, X, y, _ = _check_problem(beta, X, y)
    return (_sigmoid(X @ beta) - y)[:, None] * X


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
    beta, X, _, w = _check_problem(beta, X, None, sample_weight)
    return _weighted_gram(X, w * _curvature(X @ beta)) / w.sum()
