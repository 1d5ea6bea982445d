r"""Class imbalance: class weights, random re-sampling, and undoing their prior shift (chapter 6).

Chapter 6 ("Thresholds, class imbalance, and calibration") lists two fixes for a rare
class, a weighted loss and re-sampling. Both change the class proportions the model
sees, so its probabilities answer a question about the *re-balanced* population: they
are no longer calibrated for the real one. :func:`prior_shift_correction` converts
them back (King and Zeng 2001; Elkan 2001).
"""

import numpy as np

from ._validation import as_float_array, check_matrix, check_probabilities, check_same_length

__all__ = [
    "balanced_class_weights",
    "balanced_sample_weights",
    "random_oversample",
    "random_undersample",
    "prior_shift_correction",
]


def _labels(y):
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] == 0:
        raise ValueError(f"y must be a non-empty 1-D array of labels, got shape {y.shape}.")
    if y.dtype.kind in "fc" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite labels.")
    return y


def balanced_class_weights(y):
    r"""scikit-learn's ``class_weight="balanced"``: weight :math:`n / (K\, n_k)` per class.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        Labels (any type).

    Returns
    -------
    weights : dict
        Class label to weight.

    Raises
    ------
    ValueError
        ``y`` empty, not 1-D, or with NaN labels.

    Notes
    -----
    .. math::

        w_k = \frac{n}{K\, n_k}, \qquad \sum_{i} w_{y_i} = n,

    so every class carries the same total weight :math:`n/K`: the weighted training
    data look balanced (prior :math:`1/K` per class).

    Examples
    --------
    >>> balanced_class_weights([0, 0, 0, 1])
    {0: 0.6666666666666666, 1: 2.0}
    """
    y = _labels(y)
    classes, counts = np.unique(y, return_counts=True)
    w = y.shape[0] / (classes.shape[0] * counts)
    return dict(zip(classes.tolist(), w.tolist()))


def balanced_sample_weights(y, class_weight=None):
    r"""Per-sample weights from class weights (``"balanced"`` by default).

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        Labels.
    class_weight : dict, optional
        Class label to weight; default :func:`balanced_class_weights`. Classes missing
        from the dict get weight 1.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
        ``class_weight[y[i]]``, to pass as ``sample_weight`` to a fit.

    Raises
    ------
    ValueError
        Bad labels or non-positive weights.

    Notes
    -----
    Weighting sample :math:`i` by :math:`w_{y_i}` multiplies its term in the
    cross-entropy, :math:`-\sum_i w_{y_i}\log p(y_i \mid x_i)`, which is what
    scikit-learn does with ``class_weight`` (it multiplies it into ``sample_weight``).

    Examples
    --------
    >>> balanced_sample_weights(["a", "a", "a", "b"]).tolist()
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 2.0]
    """
    y = _labels(y)
    if class_weight is None:
        class_weight = balanced_class_weights(y)
    classes, inverse = np.unique(y, return_inverse=True)
    w = np.array([float(class_weight.get(c, 1.0)) for c in classes.tolist()])  # per class
    if not np.all(np.isfinite(w) & (w > 0)):
        raise ValueError("class weights must be finite and positive.")
    return w[inverse]


def _resample(X, y, random_state, over):
    X = check_matrix(X, "X")
    y = _labels(y)
    check_same_length(X=X, y=y)
    rng = np.random.default_rng(random_state)
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    target = counts.max() if over else counts.min()
    pieces = []
    for k in range(classes.shape[0]):  # loop over classes, not samples
        idx = np.flatnonzero(inverse == k)
        if over:
            extra = rng.choice(idx, size=target - idx.shape[0], replace=True)
            pieces.append(np.concatenate([idx, extra]))
        else:
            pieces.append(np.sort(rng.choice(idx, size=target, replace=False)))
    order = np.concatenate(pieces)
    if not over:
        order = np.sort(order)  # keep the original order of the kept samples
    return X[order], y[order], order


def random_oversample(X, y, random_state=None, return_indices=False):
    r"""Duplicate random samples of the smaller classes until every class is as large as the largest.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features.
    y : array_like of shape (n_samples,)
        Labels.
    random_state : int or numpy.random.Generator, optional
        Seed: the same seed gives the same sample.
    return_indices : bool, default False
        Also return the row indices drawn from the original data.

    Returns
    -------
    X_res : ndarray of shape (K * n_max, n_features)
        Each class: all its original rows, then rows drawn with replacement.
    y_res : ndarray of shape (K * n_max,)
        Labels of ``X_res``.
    indices : ndarray of shape (K * n_max,)
        Only if ``return_indices``.

    Raises
    ------
    ValueError
        Mismatched lengths, bad ``X`` or labels.

    Notes
    -----
    Duplicating a sample :math:`r` times is the same, for the likelihood, as giving
    it weight :math:`r`: oversampling is a random version of class weighting, and
    shifts the class prior seen by the model to :math:`1/K` in the same way. Undo the
    shift with :func:`prior_shift_correction`.

    Examples
    --------
    >>> X = np.arange(5.0).reshape(-1, 1)
    >>> Xr, yr = random_oversample(X, [0, 0, 0, 1, 1], random_state=0)
    >>> np.bincount(yr).tolist()
    [3, 3]
    """
    X_res, y_res, order = _resample(X, y, random_state, over=True)
    return (X_res, y_res, order) if return_indices else (X_res, y_res)


def random_undersample(X, y, random_state=None, return_indices=False):
    r"""Keep a random subset of every class as large as the smallest class.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features.
    y : array_like of shape (n_samples,)
        Labels.
    random_state : int or numpy.random.Generator, optional
        Seed: the same seed gives the same subset.
    return_indices : bool, default False
        Also return the indices of the kept rows.

    Returns
    -------
    X_res : ndarray of shape (K * n_min, n_features)
        Kept rows, in their original order.
    y_res : ndarray of shape (K * n_min,)
        Labels of ``X_res``.
    indices : ndarray of shape (K * n_min,)
        Only if ``return_indices``.

    Raises
    ------
    ValueError
        Mismatched lengths, bad ``X`` or labels.

    Notes
    -----
    Sampling the majority class at rate :math:`r` is choice-based (case-control)
    sampling: for the logistic model only the intercept is biased, by
    :math:`-\log r` (King and Zeng 2001), which :func:`prior_shift_correction` removes.
    It throws data away: prefer weights when the data are small.

    Examples
    --------
    >>> X = np.arange(5.0).reshape(-1, 1)
    >>> Xr, yr = random_undersample(X, [0, 0, 0, 1, 1], random_state=0)
    >>> np.bincount(yr).tolist()
    [2, 2]
    """
    X_res, y_res, order = _resample(X, y, random_state, over=False)
    return (X_res, y_res, order) if return_indices else (X_res, y_res)


def _check_prior(value, name):
    value = float(as_float_array(value, name))
    if not 0 < value < 1:
        raise ValueError(f"{name} must be a class proportion strictly between 0 and 1, got {value}.")
    return value


def prior_shift_correction(p, train_prior, true_prior):
    r"""Correct probabilities learned under one class prior for another.

    Parameters
    ----------
    p : array_like of any shape
        Probabilities of the positive class from a model trained on data whose
        (effective, weighted) share of positives was ``train_prior``.
    train_prior : float in (0, 1)
        Share of positives the model saw: 0.5 after balancing by
        :func:`balanced_class_weights`, :func:`random_oversample` or
        :func:`random_undersample`; in general
        :math:`\sum_{y_i = 1} w_i / \sum_i w_i`.
    true_prior : float in (0, 1)
        Share of positives in the population the probabilities are for (for
        instance the share in the original training data).

    Returns
    -------
    p_corrected : ndarray of the shape of ``p`` (float for a scalar)
        Calibrated for ``true_prior`` if ``p`` was calibrated for ``train_prior``.

    Raises
    ------
    ValueError
        Probabilities outside [0, 1] or not finite; priors outside (0, 1).

    Notes
    -----
    Bayes' rule with the class-conditional densities unchanged and only the prior
    changed: the posterior odds scale by the ratio of prior odds,

    .. math::

        \frac{p'}{1 - p'} = \frac{p}{1 - p}\cdot
        \frac{\pi_{\text{true}} / (1 - \pi_{\text{true}})}
             {\pi_{\text{train}} / (1 - \pi_{\text{train}})}
        \quad\Longleftrightarrow\quad
        p' = \frac{r\,p}{r\,p + 1 - p}.

    On the logit scale this subtracts :math:`\log` of the prior-odds ratio from the
    intercept: King and Zeng's prior correction. Computed as
    :math:`r p / (r p + 1 - p)`, exact at 0 and 1, no clipping.

    References
    ----------
    - King, G. and Zeng, L. (2001). Logistic regression in rare events data.
      *Political Analysis* 9(2), 137-163.
    - Elkan, C. (2001). The foundations of cost-sensitive learning. *IJCAI 2001*,
      973-978.

    Examples
    --------
    >>> round(float(prior_shift_correction(0.5, train_prior=0.5, true_prior=0.1)), 6)
    0.1
    """
    p = check_probabilities(p, "p")
    pi_s = _check_prior(train_prior, "train_prior")
    pi_t = _check_prior(true_prior, "true_prior")
    r = (pi_t / (1 - pi_t)) / (pi_s / (1 - pi_s))
    out = r * p / (r * p + (1 - p))
    return out[()] if out.ndim == 0 else out


# ------------------------------------------------------------------------------------
# Case-control (outcome-dependent) sampling (chapter 6): Prentice and Pyke (1979).
__all__ += ["case_control_sample", "case_control_offset"]


def _check_rate(rate, name):
    try:
        rate = float(rate)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in (0, 1], got {rate!r}.") from None
    if not 0 < rate <= 1:
        raise ValueError(f"{name} must be a sampling rate in (0, 1], got {rate}.")
    return rate


def case_control_offset(case_rate, control_rate):
    r"""Shift of the logistic intercept under case-control sampling, :math:`\log(\gamma_1/\gamma_0)`.

    Parameters
    ----------
    case_rate : float in (0, 1]
        Probability :math:`\gamma_1` that a case (:math:`y = 1`) of the population enters
        the sample.
    control_rate : float in (0, 1]
        Probability :math:`\gamma_0` that a control (:math:`y = 0`) enters it.

    Returns
    -------
    offset : float
        :math:`\log \gamma_1 - \log \gamma_0`, added to the intercept; the slopes do
        not change.

    Raises
    ------
    ValueError
        A rate outside (0, 1].

    Notes
    -----
    Let the population follow :math:`\operatorname{logit} P(Y = 1 \mid \mathbf x) =
    \beta_0 + \mathbf x^\top\boldsymbol\beta` and let a unit enter the sample
    (:math:`S = 1`) with a probability that depends on its outcome only:
    :math:`P(S = 1 \mid Y = y, \mathbf x) = \gamma_y`. Bayes' rule within the sample
    gives

    .. math::

        \frac{P(Y = 1 \mid \mathbf x, S = 1)}{P(Y = 0 \mid \mathbf x, S = 1)}
        = \frac{\gamma_1}{\gamma_0}\cdot\frac{P(Y = 1 \mid \mathbf x)}{P(Y = 0 \mid \mathbf x)}
        \quad\Longrightarrow\quad
        \operatorname{logit} P(Y = 1 \mid \mathbf x, S = 1) =
        \Big(\beta_0 + \log\frac{\gamma_1}{\gamma_0}\Big) + \mathbf x^\top\boldsymbol\beta .

    The model is still logistic with the same slopes, so a logistic regression fitted
    to the sample estimates :math:`\boldsymbol\beta` consistently and its intercept
    estimates :math:`\beta_0 + \log(\gamma_1/\gamma_0)` (Prentice and Pyke 1979).
    Subtracting
    the offset is :func:`prior_shift_correction` with the sample's and the
    population's shares of positives: :math:`\operatorname{logit}\pi_s -
    \operatorname{logit}\pi = \log(\gamma_1/\gamma_0)`.

    References
    ----------
    - Prentice, R. L. and Pyke, R. (1979). Logistic disease incidence models and
      case-control studies. *Biometrika* 66(3), 403-411.

    Examples
    --------
    >>> round(case_control_offset(1.0, 0.1), 4)
    2.3026
    """
    return float(np.log(_check_rate(case_rate, "case_rate"))
                 - np.log(_check_rate(control_rate, "control_rate")))


def case_control_sample(X, y, *, case_rate=1.0, control_rate, random_state=None,
                        return_indices=False):
    r"""Draw a case-control sample: keep each case with one probability, each control with another.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features of the population.
    y : array_like of shape (n_samples,)
        0/1 outcomes (1 = case).
    case_rate : float in (0, 1], default 1.0
        Probability :math:`\gamma_1` of keeping a case (all cases by default).
    control_rate : float in (0, 1]
        Probability :math:`\gamma_0` of keeping a control.
    random_state : int or numpy.random.Generator, optional
        Seed: the same seed gives the same sample.
    return_indices : bool, default False
        Also return the kept rows' indices.

    Returns
    -------
    X_s : ndarray of shape (n_kept, n_features)
        Kept rows, in their original order.
    y_s : ndarray of shape (n_kept,)
        Their outcomes.
    indices : ndarray of shape (n_kept,)
        Only if ``return_indices``.

    Raises
    ------
    ValueError
        Outcomes other than 0/1, rates outside (0, 1], mismatched lengths.

    Notes
    -----
    Each row is kept independently with probability :math:`\gamma_{y_i}` (Bernoulli
    sampling), the setting in which :func:`case_control_offset` is exact: a logistic
    model for the population stays logistic in the sample with the intercept moved
    by :math:`\log(\gamma_1/\gamma_0)` and the slopes unchanged. Sampling depends on the
    outcome only, never on :math:`\mathbf x`. :func:`random_undersample` is the
    fixed-size version used to balance classes.

    Examples
    --------
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> Xs, ys = case_control_sample(X, [0, 0, 0, 0, 0, 0, 1, 1], control_rate=0.5,
    ...                              random_state=0)
    >>> int(ys.sum()), bool(len(ys) <= 8)
    (2, True)
    """
    X = check_matrix(X, "X")
    y = _labels(y)
    check_same_length(X=X, y=y)
    if not np.all(np.isin(y, [0, 1])):
        raise ValueError("y must hold 0/1 outcomes (1 = case) for case-control sampling.")
    r1 = _check_rate(case_rate, "case_rate")
    r0 = _check_rate(control_rate, "control_rate")
    rng = np.random.default_rng(random_state)
    rate = np.where(y == 1, r1, r0)
    keep = np.flatnonzero(rng.uniform(size=y.shape[0]) < rate)
    out = (X[keep], y[keep])
    return (*out, keep) if return_indices else out
