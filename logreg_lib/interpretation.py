r"""Reading a fitted model: odds ratios, probability changes, Wald intervals.

Chapter 3 ("How to read logistic regression?"). A coefficient :math:`\beta_j` adds
:math:`\beta_j` to the log-odds per unit of :math:`x_j`, so it *multiplies* the odds by
the odds ratio :math:`e^{\beta_j}`. The effect on the probability is not linear: it
depends on the baseline probability. This module computes the exact probability change,
its linear approximation :math:`p(1-p)\beta\Delta x`, and confidence intervals for
coefficients and odds ratios (whose ends are exponentiated, never the standard error).
"""

import numpy as np
from scipy import special

from ._validation import as_float_array
from ._kernels import scalar_or_array as _scalar_or_array

__all__ = [
    "odds_ratio",
    "probability_after_odds_ratio",
    "probability_change",
    "probability_change_linear",
    "wald_interval",
    "odds_ratio_interval",
]


def _check_level(level):
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1 (e.g. 0.95), got {level}.")
    return level


def _check_p(p):
    p = as_float_array(p, "p")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"p must hold probabilities in [0, 1]; found {p.min():.4g} to {p.max():.4g}.")
    return p


def _check_r(r):
    r = as_float_array(r, "r")
    if np.any(r < 0):
        raise ValueError(f"r must hold non-negative odds ratios; found a minimum of {r.min():.4g}.")
    return r


def odds_ratio(beta):
    r"""The odds ratio :math:`e^{\beta}` of a coefficient.

    Chapter 3, "odds form": one unit more of :math:`x_j` multiplies the odds by
    :math:`e^{\beta_j}`.

    Parameters
    ----------
    beta : float or array_like
        Coefficients (log odds ratios).

    Returns
    -------
    float or ndarray of the same shape
        :math:`e^{\beta}`; ``inf`` (without a warning) for :math:`\beta > 709.78`.

    Raises
    ------
    ValueError
        If ``beta`` holds NaN or infinite values.

    Notes
    -----
    .. math::

        \frac{\text{odds}(x_j + 1)}{\text{odds}(x_j)} = e^{\beta_j}.

    Examples
    --------
    >>> from logreg_lib import odds_ratio
    >>> round(float(odds_ratio(0.82)), 2), round(float(odds_ratio(-0.12)), 2)
    (2.27, 0.89)
    """
    beta = as_float_array(beta, "beta")
    with np.errstate(over="ignore"):
        return _scalar_or_array(np.exp(beta))


def probability_after_odds_ratio(p, r):
    r"""The probability after the odds of baseline ``p`` are multiplied by ``r``.

    Chapter 3, "how much does p move when odds are multiplied?":
    :math:`p' = ro / (1 + ro)` with :math:`o = p/(1-p)`.

    Parameters
    ----------
    p : float or array_like
        Baseline probabilities in :math:`[0, 1]`.
    r : float or array_like
        Odds ratios :math:`r \ge 0` (e.g. ``odds_ratio(beta * dx)``); broadcast with ``p``.

    Returns
    -------
    float or ndarray
        :math:`p'`.

    Raises
    ------
    ValueError
        If ``p`` is outside :math:`[0, 1]`, ``r`` is negative, or either holds NaN or inf.

    Notes
    -----
    Substituting :math:`o = p/(1-p)` and multiplying through by :math:`1-p`,

    .. math::

        p' = \frac{r o}{1 + r o} = \frac{r p}{(1 - p) + r p},

    which is finite for :math:`p = 1` (where :math:`o` is not).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import probability_after_odds_ratio
    >>> round(float(probability_after_odds_ratio(2 / 3, np.exp(0.7))), 3)
    0.801
    >>> round(float(probability_after_odds_ratio(0.8, 2.0)), 3)
    0.889
    """
    p, r = np.broadcast_arrays(_check_p(p), _check_r(r))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = r * p / ((1.0 - p) + r * p)
    out = np.where((1.0 - p) + r * p == 0, p, out)  # r = 0 and p = 1: 0/0, odds stay "infinite"
    return _scalar_or_array(out)


def probability_change(p, r):
    r"""Exact change of probability :math:`\Delta p = p' - p` when the odds are multiplied by ``r``.

    Chapter 3: the same coefficient moves :math:`p` most near :math:`p = 1/2`.

    Parameters
    ----------
    p : float or array_like
        Baseline probabilities in :math:`[0, 1]`.
    r : float or array_like
        Odds ratios :math:`r \ge 0`; broadcast with ``p``.

    Returns
    -------
    float or ndarray
        :math:`\Delta p`, positive when :math:`r > 1`.

    Raises
    ------
    ValueError
        If ``p`` is outside :math:`[0, 1]`, ``r`` is negative, or either holds NaN or inf.

    See Also
    --------
    probability_change_linear : the first-order approximation.

    Notes
    -----
    .. math::

        \Delta p = \frac{(r - 1)\, o}{(1 + o)(1 + r o)}
                 = \frac{(r - 1)\, p (1 - p)}{(1 - p) + r p},

    computed in the second form, which has no cancellation between :math:`p'` and
    :math:`p`.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import probability_change
    >>> round(float(probability_change(2 / 3, np.exp(0.7))), 3)
    0.134
    """
    p, r = np.broadcast_arrays(_check_p(p), _check_r(r))
    den = (1.0 - p) + r * p
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (r - 1.0) * p * (1.0 - p) / den
    return _scalar_or_array(np.where(den == 0, 0.0, out))


def probability_change_linear(p, beta, dx=1.0):
    r"""First-order probability change :math:`\Delta p \approx p(1-p)\,\beta\,\Delta x`.

    Chapter 3, "from odds ratios to probability changes", using
    :math:`\sigma'(z) = p(1 - p)`. Good for small :math:`\beta\Delta x`; compare with
    :func:`probability_change` to see where it fails.

    Parameters
    ----------
    p : float or array_like
        Baseline probabilities in :math:`[0, 1]`.
    beta : float or array_like
        Coefficients.
    dx : float or array_like, default=1.0
        Change of the feature.

    Returns
    -------
    float or ndarray
        :math:`p(1-p)\beta\Delta x` (broadcast over the inputs).

    Raises
    ------
    ValueError
        If ``p`` is outside :math:`[0, 1]` or any input holds NaN or inf.

    Notes
    -----
    .. math::

        \Delta p \approx \frac{dp}{dz}\,\Delta z = \sigma'(z)\,\beta\,\Delta x
                 = p(1-p)\,\beta\,\Delta x.

    Examples
    --------
    >>> from logreg_lib import probability_change_linear
    >>> round(float(probability_change_linear(0.5, 0.7)), 3)
    0.175
    """
    p = _check_p(p)
    beta = as_float_array(beta, "beta")
    dx = as_float_array(dx, "dx")
    return _scalar_or_array(np.asarray(p * (1.0 - p) * beta * dx))


def wald_interval(coef, std_err, level=0.95):
    r"""Wald confidence interval :math:`\hat\beta \pm z_{1-a/2}\,\mathrm{SE}`.

    Chapter 3, "uncertainty note": report 95% confidence intervals.

    Parameters
    ----------
    coef : float or array_like
        Estimates :math:`\hat\beta`.
    std_err : float or array_like
        Their standard errors (non-negative), same shape.
    level : float, default=0.95
        Confidence level in (0, 1).

    Returns
    -------
    low, high : float or ndarray
        The interval's ends.

    Raises
    ------
    ValueError
        On NaN or inf, a negative standard error, or a level outside (0, 1).

    Notes
    -----
    .. math::

        \left[\hat\beta - z\,\mathrm{SE},\ \hat\beta + z\,\mathrm{SE}\right],
        \qquad z = \Phi^{-1}\!\left(\tfrac{1 + \text{level}}{2}\right)
        \approx 1.96 \text{ for } 95\%.

    Examples
    --------
    >>> from logreg_lib import wald_interval
    >>> low, high = wald_interval(0.82, 0.33)
    >>> round(float(low), 3), round(float(high), 3)
    (0.173, 1.467)
    """
    coef = as_float_array(coef, "coef")
    std_err = as_float_array(std_err, "std_err")
    if np.any(std_err < 0):
        raise ValueError("std_err must be non-negative.")
    z = special.ndtri(0.5 + _check_level(level) / 2.0)
    return _scalar_or_array(np.asarray(coef - z * std_err)), _scalar_or_array(np.asarray(coef + z * std_err))


def odds_ratio_interval(coef, std_err, level=0.95):
    r"""Confidence interval of an odds ratio: the exponentiated ends of :func:`wald_interval`.

    Chapter 3, "uncertainty note": :math:`\exp(\hat\beta \pm 1.96\,\mathrm{SE})`. The
    interval is not symmetric around :math:`e^{\hat\beta}`, and exponentiating the
    standard error instead would be wrong.

    Parameters
    ----------
    coef : float or array_like
        Estimates :math:`\hat\beta`.
    std_err : float or array_like
        Their standard errors.
    level : float, default=0.95
        Confidence level in (0, 1).

    Returns
    -------
    low, high : float or ndarray
        :math:`\exp` of the Wald interval's ends.

    Raises
    ------
    ValueError
        As :func:`wald_interval`.

    Notes
    -----
    Because :math:`\exp` is increasing,
    :math:`P(a \le \beta \le b) = P(e^a \le e^\beta \le e^b)`:

    .. math::

        \left[e^{\hat\beta - z\,\mathrm{SE}},\ e^{\hat\beta + z\,\mathrm{SE}}\right].

    Examples
    --------
    >>> from logreg_lib import odds_ratio_interval
    >>> low, high = odds_ratio_interval(0.82, 0.33)
    >>> round(float(low), 2), round(float(high), 2)
    (1.19, 4.34)
    """
    low, high = wald_interval(coef, std_err, level)
    return odds_ratio(low), odds_ratio(high)
