r"""Entropy, Kullback–Leibler divergence and cross-entropy of discrete distributions, in nats.

Chapter 4, "Cross-entropy and information": the mean log loss :math:`C(\beta)` of
:mod:`logreg_lib.loss` is an average cross-entropy between the labels' distribution and
the model's, and this module provides the three quantities of that argument for discrete
distributions. All logarithms are natural, so every result is in **nats**
(1 nat = :math:`1/\log 2 \approx 1.443` bits). The terms :math:`0 \log 0` are taken as 0,
through scipy's ``special.entr`` and ``special.rel_entr``.
"""

import numpy as np
from scipy import special

__all__ = ["entropy", "kl_divergence", "cross_entropy_of"]


def _distribution(p, name):
    p = np.asarray(p, dtype=float)
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ValueError(f"{name} must hold at least one probability along its last axis, "
                         f"got shape {p.shape}.")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    if np.any(p < 0):
        raise ValueError(f"{name} contains negative probabilities (smallest {p.min():.3g}).")
    total = p.sum(axis=-1)
    if not np.allclose(total, 1.0, rtol=0.0, atol=1e-9):
        worst = float(np.max(np.abs(total - 1.0)))
        raise ValueError(f"{name} must sum to 1 along its last axis; it is off by up to "
                         f"{worst:.3g}.")
    return p


def _pair(p, q):
    p, q = _distribution(p, "p"), _distribution(q, "q")
    if p.shape[-1] != q.shape[-1]:
        raise ValueError(f"p and q must have the same number of outcomes, got "
                         f"{p.shape[-1]} and {q.shape[-1]}.")
    return p, q


def entropy(p):
    r"""Entropy of a discrete distribution, in nats.

    Chapter 4, equation ``eq-ch4-entropy``.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes)
        Probabilities along the last axis, non-negative and summing to 1.

    Returns
    -------
    float or ndarray of shape (...)
        :math:`H(p)`, one value per distribution.

    Raises
    ------
    ValueError
        If ``p`` is empty, not finite, negative, or does not sum to 1.

    Notes
    -----
    .. math::

        H(p) = -\sum_k p_k \log p_k,

    with :math:`0 \log 0 = 0`. It is 0 for a certain outcome and :math:`\log K` for
    :math:`K` equally likely ones: :math:`\log 2 \approx 0.693` nats for two.

    Examples
    --------
    >>> from logreg_lib.information import entropy
    >>> round(float(entropy([0.5, 0.5])), 6), float(entropy([1.0, 0.0]))
    (0.693147, 0.0)
    """
    p = _distribution(p, "p")
    return special.entr(p).sum(axis=-1)


def kl_divergence(p, q):
    r"""Kullback–Leibler divergence of ``q`` from ``p``, in nats.

    Chapter 4, equation ``eq-ch4-kl``.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes)
        The reference distribution (the one the outcomes are drawn from).
    q : array_like of shape (..., n_outcomes)
        The approximating distribution (the model's); broadcast against ``p``.

    Returns
    -------
    float or ndarray of shape (...)
        :math:`D_{\mathrm{KL}}(p \,\|\, q) \ge 0`, which is ``inf`` when ``q`` gives
        probability 0 to an outcome that ``p`` gives a positive probability.

    Raises
    ------
    ValueError
        If either argument is not a distribution, or their numbers of outcomes differ.

    Notes
    -----
    .. math::

        D_{\mathrm{KL}}(p \,\|\, q) = \sum_k p_k \log\frac{p_k}{q_k},

    with :math:`0 \log(0/q) = 0`. It is zero exactly when :math:`p = q` (Gibbs'
    inequality) and it is not symmetric in :math:`p` and :math:`q`.

    Examples
    --------
    >>> from logreg_lib.information import kl_divergence
    >>> round(float(kl_divergence([0.5, 0.5], [0.9, 0.1])), 6)
    0.510826
    """
    p, q = _pair(p, q)
    return special.rel_entr(p, q).sum(axis=-1)


def cross_entropy_of(p, q):
    r"""Cross-entropy of ``q`` relative to ``p``, in nats: entropy plus KL divergence.

    Chapter 4, equation ``eq-ch4-cross-entropy-decomposition``. (The loss of a fitted
    model, :func:`logreg_lib.loss.cross_entropy`, is the average of this quantity over the
    examples with :math:`p` the observed label's one-hot distribution.)

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes)
        The distribution the outcomes are drawn from.
    q : array_like of shape (..., n_outcomes)
        The distribution used to score them; broadcast against ``p``.

    Returns
    -------
    float or ndarray of shape (...)
        :math:`H(p, q)`, ``inf`` where ``q`` gives probability 0 to a possible outcome.

    Raises
    ------
    ValueError
        If either argument is not a distribution, or their numbers of outcomes differ.

    Notes
    -----
    .. math::

        H(p, q) = -\sum_k p_k \log q_k = H(p) + D_{\mathrm{KL}}(p \,\|\, q),

    the expected log loss of predicting with :math:`q` outcomes drawn from :math:`p`.
    Computed as the sum of the two terms, so the :math:`0 \log 0` convention carries
    over.

    Examples
    --------
    >>> from logreg_lib.information import cross_entropy_of
    >>> round(float(cross_entropy_of([1.0, 0.0], [0.8, 0.2])), 6)   # -log 0.8
    0.223144
    """
    p, q = _pair(p, q)
    return special.entr(p).sum(axis=-1) + special.rel_entr(p, q).sum(axis=-1)
