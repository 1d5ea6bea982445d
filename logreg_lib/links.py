r"""The logistic link and its relatives: sigmoid, log-sigmoid, logit, odds.

Chapter 2 ("What is a logistic regression?") squeezes a linear score
:math:`z = \beta_0 + \beta^\top x` into :math:`(0, 1)` with the sigmoid, and reads
the model back as a linear model for the log-odds. Chapter 3 moves between
probabilities and odds. This module implements those maps once, so that every
other module (and every chapter) uses the same numerically stable versions.

Numerical stability
-------------------
The textbook formula :math:`1 / (1 + e^{-z})` overflows in ``exp`` for
:math:`z < -709` and ``log(sigmoid(z))`` becomes ``log(0) = -inf`` long before that.
Here:

* :func:`sigmoid` only ever exponentiates :math:`-|z| \le 0`, so ``exp`` cannot
  overflow, and picks the algebraically equivalent form that has no cancellation
  for each sign of ``z``;
* :func:`log_sigmoid` is :math:`-\log(1 + e^{-z})` computed by ``np.logaddexp``,
  so ``log_sigmoid(-1000) == -1000`` exactly;
* :func:`logit` avoids the cancellation of ``log(p) - log(1 - p)`` near
  :math:`p = 1/2`.

Every function accepts scalars or arrays of any shape, returns a float (for a
scalar input) or a float64 array of the same shape, and never emits a
``RuntimeWarning``.
"""

import numpy as np

from ._kernels import curvature, expit, log_expit, scalar_or_array
from ._validation import as_float_array

__all__ = ["sigmoid", "sigmoid_derivative", "log_sigmoid", "logit", "odds", "prob_from_odds"]


def _check_probability_array(p, name, *, closed=True):
    arr = as_float_array(p, name)
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; found values from "
            f"{arr.min():.4g} to {arr.max():.4g}."
        )
    return arr


def sigmoid(z):
    r"""The logistic (sigmoid) function, :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Chapter 2, the key modeling trick: it maps a linear score to a probability.

    Parameters
    ----------
    z : float or array_like of any shape
        Linear scores (log-odds). Must be finite.

    Returns
    -------
    p : float or ndarray of the same shape as ``z``
        :math:`\sigma(z)`, in :math:`[0, 1]` (exactly 0 or 1 only where the true
        value rounds to it in float64).

    Raises
    ------
    ValueError
        If ``z`` is not numeric or holds NaN or infinite values.

    See Also
    --------
    log_sigmoid : :math:`\log \sigma(z)`, accurate where :math:`\sigma(z)` underflows.
    logit : the inverse map.

    Notes
    -----
    With :math:`e = e^{-|z|} \in (0, 1]`,

    .. math::

        \sigma(z) = \begin{cases} \dfrac{1}{1 + e}, & z \ge 0, \\[1ex]
                                  \dfrac{e}{1 + e}, & z < 0, \end{cases}

    which never overflows and has a relative error of a few units in the last
    place for every :math:`z`. Its derivative is
    :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`.

    Examples
    --------
    >>> from logreg_lib import sigmoid
    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-1000.0))
    0.0
    >>> sigmoid([-2.0, 2.0]).round(4)
    array([0.1192, 0.8808])
    """
    arr = as_float_array(z, "z")
    return scalar_or_array(expit(arr))


def sigmoid_derivative(z):
    r"""The slope of the sigmoid, :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`.

    Chapter 2 derives it; chapter 3 uses it for the linear approximation
    :math:`\Delta p \approx p(1-p)\beta_j \Delta x_j`, and chapter 4 meets it again as the
    curvature weight :math:`w_i = p^{(i)}(1 - p^{(i)})` of the Hessian :math:`X^\top W X`.

    Parameters
    ----------
    z : float or array_like of any shape
        Linear scores. Must be finite.

    Returns
    -------
    ndarray or float of the same shape as ``z``
        Values in :math:`(0, 1/4]`, largest at :math:`z = 0`.

    Raises
    ------
    ValueError
        If ``z`` is not numeric or holds NaN or infinite values.

    Notes
    -----
    Computed as :math:`\sigma(|z|)\,\sigma(-|z|) = e^{-|z|} / (1 + e^{-|z|})^2`, which
    never overflows and keeps full relative precision in the tails, where the product
    ``p * (1 - p)`` would lose it once ``p`` rounds to 1.

    Examples
    --------
    >>> from logreg_lib import sigmoid_derivative
    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> round(float(sigmoid_derivative(2.0)), 6)  # same as at -2.0: the slope is symmetric
    0.104994
    """
    return scalar_or_array(curvature(as_float_array(z, "z")))


def log_sigmoid(z):
    r"""The logarithm of the sigmoid, :math:`\log \sigma(z) = -\log(1 + e^{-z})`.

    Chapter 4, the log-likelihood: each observation contributes
    :math:`y \log \sigma(z) + (1 - y) \log \sigma(-z)`, so the loss is computed
    from ``z`` through this function, never from ``log(p)``.

    Parameters
    ----------
    z : float or array_like of any shape
        Linear scores. Must be finite.

    Returns
    -------
    ndarray or float of the same shape as ``z``
        :math:`\log \sigma(z) \le 0`. Note that :math:`\log(1 - \sigma(z)) =
        \log \sigma(-z)`.

    Raises
    ------
    ValueError
        If ``z`` is not numeric or holds NaN or infinite values.

    Notes
    -----
    .. math::

        \log \sigma(z) = -\log\left(e^{0} + e^{-z}\right) = -\operatorname{logaddexp}(0, -z),

    evaluated by ``np.logaddexp``, which factors out the larger exponent. For
    :math:`z \to -\infty` this is :math:`z` to full precision (``log(sigmoid(z))``
    would return ``-inf`` once :math:`\sigma(z)` underflows); for
    :math:`z \to +\infty` it is :math:`-e^{-z}`.

    Examples
    --------
    >>> from logreg_lib import log_sigmoid
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    >>> float(log_sigmoid(0.0)) == -float(np.log(2.0))
    True
    """
    arr = as_float_array(z, "z")
    return scalar_or_array(log_expit(arr))


def logit(p):
    r"""The log-odds, :math:`\operatorname{logit}(p) = \log \dfrac{p}{1 - p}`.

    Chapter 2, "why is it called regression": logistic regression is a linear model
    for :math:`\operatorname{logit}(p)`. It is the inverse of :func:`sigmoid`.

    Parameters
    ----------
    p : float or array_like of any shape
        Probabilities in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray of the same shape as ``p``
        The log-odds. At the boundary the exact limits are returned without a
        warning: ``logit(0) == -inf`` and ``logit(1) == inf``.

    Raises
    ------
    ValueError
        If ``p`` holds NaN, infinite values, or values outside :math:`[0, 1]`.

    Notes
    -----
    The direct form ``log(p) - log(1 - p)`` subtracts two nearly equal numbers near
    :math:`p = 1/2`. Instead,

    .. math::

        \operatorname{logit}(p) = \begin{cases}
            \operatorname{log1p}\!\left(\dfrac{2p - 1}{1 - p}\right), & p \ge 1/2, \\[1ex]
            -\operatorname{log1p}\!\left(\dfrac{1 - 2p}{p}\right), & p < 1/2,
        \end{cases}

    in which :math:`2p - 1` and :math:`1 - p` (for :math:`p \ge 1/2`) are exact in
    floating point, so the result is accurate to a few units in the last place. Below
    :math:`p = 1/4` it is :math:`\log p - \operatorname{log1p}(-p)` instead, which stays
    finite and accurate down to the smallest subnormal :math:`p` (where
    :math:`(1 - 2p)/p` would overflow): ``logit(5e-324)`` is :math:`-744.44`.

    Examples
    --------
    >>> from logreg_lib import logit
    >>> float(logit(0.5))
    0.0
    >>> round(float(logit(2 / 3)), 6) == round(float(np.log(2.0)), 6)
    True
    """
    arr = _check_probability_array(p, "p")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        upper = np.log1p((2.0 * arr - 1.0) / (1.0 - arr))
        lower = -np.log1p((1.0 - 2.0 * arr) / arr)
        # (1 - 2p)/p overflows for subnormal p; log(p) - log1p(-p) does not, and has
        # no cancellation for p < 1/4 (|log p| > 4 |log1p(-p)| there)
        small = np.log(arr) - np.log1p(-arr)
    out = np.where(arr >= 0.5, upper, np.where(arr < 0.25, small, lower))
    return scalar_or_array(out)


def odds(p):
    r"""The odds of a probability, :math:`o = p / (1 - p)`.

    Chapter 3, "how to read logistic regression": odds are what a coefficient
    multiplies.

    Parameters
    ----------
    p : float or array_like of any shape
        Probabilities in :math:`[0, 1]`.

    Returns
    -------
    float or ndarray of the same shape as ``p``
        The odds, in :math:`[0, \infty]`; ``odds(1) == inf`` (the exact limit,
        returned without a warning).

    Raises
    ------
    ValueError
        If ``p`` holds NaN, infinite values, or values outside :math:`[0, 1]`.

    See Also
    --------
    prob_from_odds : the inverse map, :math:`p = o / (1 + o)`.

    Notes
    -----
    .. math::

        o = \frac{p}{1 - p} = \exp(\operatorname{logit}(p)).

    Examples
    --------
    >>> from logreg_lib import odds
    >>> float(odds(0.75))
    3.0
    >>> round(float(odds(2 / 3)), 12)
    2.0
    """
    arr = _check_probability_array(p, "p")
    with np.errstate(divide="ignore"):
        return scalar_or_array(arr / (1.0 - arr))


def prob_from_odds(o):
    r"""The probability that has odds ``o``, :math:`p = o / (1 + o)`.

    Chapter 3: the identity :math:`o = p/(1-p) \iff p = o/(1+o)` translates reported
    odds back to probabilities (odds 2 is probability 2/3).

    Parameters
    ----------
    o : float or array_like of any shape
        Non-negative, finite odds.

    Returns
    -------
    float or ndarray of the same shape as ``o``
        Probabilities in :math:`[0, 1]`.

    Raises
    ------
    ValueError
        If ``o`` holds NaN, infinite or negative values.

    Notes
    -----
    .. math::

        p = \frac{o}{1 + o} = \frac{1}{1 + 1/o},

    using the second form for :math:`o > 1` so that :math:`1 + o` cannot overflow
    for the largest floats.

    Examples
    --------
    >>> from logreg_lib import prob_from_odds
    >>> round(float(prob_from_odds(2.0)), 3)
    0.667
    >>> float(prob_from_odds(1.0))
    0.5
    """
    arr = as_float_array(o, "o")
    if np.any(arr < 0):
        raise ValueError(f"o must hold non-negative odds; found a minimum of {arr.min():.4g}.")
    safe = np.where(arr > 1.0, arr, 1.0)  # 1/o only where o > 1
    return scalar_or_array(np.where(arr > 1.0, 1.0 / (1.0 + 1.0 / safe), arr / (1.0 + arr)))
