r"""Probability calibration: reliability curves, ECE, Platt scaling, isotonic regression.

Chapter 6 ("Thresholds, class imbalance, and calibration") asks whether a predicted
"70 %" means that about 70 in 100 such cases are positive. This module measures it
(:func:`calibration_curve`, :func:`expected_calibration_error`) and repairs it with
the two classical post-hoc maps from scores to probabilities:

* Platt scaling (:class:`PlattScaler`): a one-feature logistic regression on the
  scores, fitted with the library's own :class:`logreg_lib.model.LogisticRegression`;
* isotonic calibration (:class:`IsotonicCalibrator`): the best non-decreasing step
  function, computed by the pool-adjacent-violators algorithm
  (:func:`isotonic_regression`).

Both calibrators are scikit-learn classifiers whose feature is the score: ``fit(X, y)``
with ``X = scores.reshape(-1, 1)`` (a 1-D vector of scores is accepted as one column),
and ``predict_proba(X)[:, 1]`` is the calibrated probability of the positive class.
That role, rather than a regressor's, is the one in which scikit-learn hands out
probabilities (``predict_proba``, the ``neg_log_loss`` and ``neg_brier_score`` scorers,
``CalibrationDisplay.from_estimator``), and the labels they are fitted on are classes,
not continuous targets.

The second half of the module puts a number on the uncertainty of a reliability diagram
(:func:`wilson_interval`, :func:`reliability_curve`), compares the two calibrators over
repeated splits (:func:`compare_calibrators`) and cross-fits them
(:func:`cross_fit_calibration`).

:func:`calibration_curve` and :func:`isotonic_regression` return exactly what their
scikit-learn namesakes return (tests check 1e-12).
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse
from scipy.stats import norm as _norm
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from ._validation import (
    as_float_array,
    as_label_array,
    check_binary_labels,
    check_feature_scale,
    check_params,
    check_probabilities,
    check_same_length,
    check_vector,
    refuse_complex,
    resolve_pos_label,
    restore_on_error,
)

__all__ = [
    "calibration_curve",
    "expected_calibration_error",
    "isotonic_regression",
    "PlattScaler",
    "IsotonicCalibrator",
]


# ----------------------------------------------------------------------- binning
def _binary_outcome(y_true, pos_label):
    """0/1 outcomes; the positive class as in scikit-learn's ``calibration_curve``."""
    y = as_label_array(y_true, "y_true")
    classes = np.unique(y)
    if classes.size > 2:
        raise ValueError(f"Only binary classification is supported. Provided labels {classes.tolist()}.")
    return (y == resolve_pos_label(classes, pos_label)).astype(np.float64)


def _bin_ids(y_prob, n_bins, strategy):
    if not (isinstance(n_bins, (int, np.integer)) and n_bins >= 1):
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}.")
    if strategy == "quantile":
        edges = np.percentile(y_prob, np.linspace(0, 1, n_bins + 1) * 100)
    elif strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}.")
    return np.searchsorted(edges[1:-1], y_prob)


def _binned(y_true, y_prob, pos_label, n_bins, strategy):
    y = _binary_outcome(y_true, pos_label)
    p = check_vector(y_prob, "y_prob")
    check_same_length(y_true=y, y_prob=p)
    p = check_probabilities(p, "y_prob")
    ids = _bin_ids(p, n_bins, strategy)
    conf_sum = np.bincount(ids, weights=p, minlength=n_bins)
    pos_sum = np.bincount(ids, weights=y, minlength=n_bins)
    count = np.bincount(ids, minlength=n_bins)
    return conf_sum, pos_sum, count


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform",
                      return_counts=False):
    r"""Reliability curve: observed frequency of positives against mean prediction, per bin.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, {0, 1} or {-1, 1} unless ``pos_label`` is given. A single class
        is allowed (as in scikit-learn): the curve is then all zeros or all ones.
    y_prob : array_like of shape (n_samples,)
        Predicted probabilities of the positive class, in [0, 1].
    pos_label : label, optional
        The positive class.
    n_bins : int, default 5
        Number of bins.
    strategy : {"uniform", "quantile"}, default "uniform"
        ``"uniform"``: equal-width bins on [0, 1]; ``"quantile"``: edges at the
        quantiles of ``y_prob`` (bins of about equal counts).
    return_counts : bool, default False
        Also return the number of samples in each non-empty bin.

    Returns
    -------
    prob_true : ndarray of shape (n_nonempty_bins,)
        Fraction of positives in each non-empty bin.
    prob_pred : ndarray of shape (n_nonempty_bins,)
        Mean predicted probability in each non-empty bin.
    counts : ndarray of shape (n_nonempty_bins,)
        Only if ``return_counts``: samples per non-empty bin.

    Raises
    ------
    ValueError
        More than two classes, probabilities outside [0, 1] or not finite, mismatched
        lengths, an unknown strategy, a non-positive ``n_bins``.

    Notes
    -----
    With edges :math:`0 = e_0 < e_1 < \dots < e_B = 1` (uniform) a probability
    :math:`p` falls in bin :math:`b` when :math:`e_{b-1} < p \le e_b` (the first bin
    also holds :math:`p = 0`): ``np.searchsorted`` on the inner edges, exactly as
    scikit-learn. For each bin :math:`B_b` with :math:`n_b > 0` samples,

    .. math::

        \mathrm{prob\_true}_b = \frac{1}{n_b}\sum_{i \in B_b} y_i, \qquad
        \mathrm{prob\_pred}_b = \frac{1}{n_b}\sum_{i \in B_b} p_i .

    Empty bins are dropped. A calibrated model lies on the diagonal.

    Examples
    --------
    >>> y = [0, 0, 1, 0, 1, 1]
    >>> p = [0.1, 0.2, 0.3, 0.6, 0.8, 0.9]
    >>> t, m, c = calibration_curve(y, p, n_bins=2, return_counts=True)
    >>> t.tolist(), m.round(3).tolist(), c.tolist()
    ([0.3333333333333333, 0.6666666666666666], [0.2, 0.767], [3, 3])
    """
    conf_sum, pos_sum, count = _binned(y_true, y_prob, pos_label, n_bins, strategy)
    nonzero = count != 0
    prob_true = pos_sum[nonzero] / count[nonzero]
    prob_pred = conf_sum[nonzero] / count[nonzero]
    if return_counts:
        return prob_true, prob_pred, count[nonzero]
    return prob_true, prob_pred


def expected_calibration_error(y_true, y_prob, *, pos_label=None, n_bins=10, strategy="uniform"):
    r"""Expected calibration error: the count-weighted mean gap of the reliability curve.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, {0, 1} or {-1, 1} unless ``pos_label`` is given.
    y_prob : array_like of shape (n_samples,)
        Predicted probabilities of the positive class.
    pos_label : label, optional
        The positive class.
    n_bins : int, default 10
        Number of bins.
    strategy : {"uniform", "quantile"}, default "uniform"
        Binning, as in :func:`calibration_curve`.

    Returns
    -------
    ece : float
        In [0, 1]; 0 for a model whose mean prediction equals the observed frequency
        in every bin.

    Raises
    ------
    ValueError
        As :func:`calibration_curve`.

    Notes
    -----
    With the bins of :func:`calibration_curve` (empty ones contribute nothing),

    .. math::

        \mathrm{ECE} = \sum_{b:\, n_b > 0} \frac{n_b}{n}
        \left| \mathrm{prob\_true}_b - \mathrm{prob\_pred}_b \right|.

    This is the binary ("positive-class") ECE: the accuracy and confidence of each bin
    are the frequency of positives and the mean predicted probability of the
    positive class. It depends on the binning and is biased upwards for small bins;
    read it together with the reliability curve, and with a proper score such as the
    Brier score.

    Examples
    --------
    >>> y = [0, 0, 1, 0, 1, 1]
    >>> p = [0.1, 0.2, 0.3, 0.6, 0.8, 0.9]
    >>> round(expected_calibration_error(y, p, n_bins=2), 4)
    0.1167
    """
    conf_sum, pos_sum, count = _binned(y_true, y_prob, pos_label, n_bins, strategy)
    return float(np.sum(np.abs(pos_sum - conf_sum)) / count.sum())


# ------------------------------------------------------------------------ PAVA
def _pava(y, w):
    r"""Increasing isotonic fit by pool-adjacent-violators, O(n), mostly vectorized.

    Works on blocks (start index, weighted sum, total weight). Phase 1 repeats a
    vectorized pass that pools every maximal run of blocks whose means strictly
    decrease; this is safe because adjacent violators are always equal in the
    solution. It stops when a pass removes fewer than 10 % of the blocks, so its total
    cost is at most ten passes over the data. Phase 2 finishes with the classical
    stack algorithm, a Python loop over the (usually few) remaining blocks.
    """
    n = y.shape[0]
    starts = np.arange(n)
    sums = y if w is None else w * y
    wts = None if w is None else w  # unit weights: a block's weight is its length
    means = y
    while means.shape[0] > 1:
        viol = means[:-1] >= means[1:]  # ties pooled too: equal neighbours are equal in the fit
        if not viol.any():
            break
        head = np.empty(means.shape[0], dtype=bool)
        head[0] = True
        np.logical_not(viol, out=head[1:])
        first = np.flatnonzero(head)
        old = means.shape[0]
        sums = np.add.reduceat(sums, first)
        starts = starts[first]
        if w is None:
            means = sums / np.diff(starts, append=n)
        else:
            wts = np.add.reduceat(wts, first)
            means = sums / wts
        if means.shape[0] > 0.9 * old:
            # few violations per pass: finish with the stack (a loop over blocks)
            if wts is None:
                wts = np.diff(starts, append=n).astype(np.float64)
            starts, sums, wts, means = _pava_stack(starts, sums, wts, means)
            break
    return np.repeat(means, np.diff(starts, append=n))


def _pava_stack(starts, sums, wts, means):
    """The stack form of PAVA over blocks: push each block, pool while the top two violate."""
    st_start, st_sum, st_w, st_mean = [], [], [], []
    for b0, s, wt, m in zip(starts.tolist(), sums.tolist(), wts.tolist(), means.tolist()):
        while st_mean and st_mean[-1] > m:
            s += st_sum.pop()
            wt += st_w.pop()
            b0 = st_start.pop()
            st_mean.pop()
            m = s / wt
        st_start.append(b0)
        st_sum.append(s)
        st_w.append(wt)
        st_mean.append(m)
    return (np.asarray(st_start, dtype=np.intp), np.asarray(st_sum),
            np.asarray(st_w), np.asarray(st_mean))


def isotonic_regression(y, *, sample_weight=None, y_min=None, y_max=None, increasing=True):
    r"""Isotonic (monotone) least-squares regression by pool-adjacent-violators.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        The values to fit, in the order of the (already sorted) inputs.
    sample_weight : array_like of shape (n_samples,), optional
        Strictly positive weights (default: ones).
    y_min, y_max : float, optional
        Clip the fitted values to these bounds afterwards (as scikit-learn does).
    increasing : bool, default True
        Fit a non-decreasing (True) or non-increasing (False) sequence.

    Returns
    -------
    y_fit : ndarray of shape (n_samples,)
        The monotone sequence closest to ``y`` in weighted least squares.

    Raises
    ------
    ValueError
        ``y`` not 1-D or not finite, weights not strictly positive or of the wrong length.

    Notes
    -----
    Solves

    .. math::

        \min_{\hat y}\ \sum_{i=1}^{n} w_i (y_i - \hat y_i)^2
        \quad\text{subject to}\quad \hat y_1 \le \hat y_2 \le \dots \le \hat y_n .

    The solution is piecewise constant; on each block it equals the weighted mean of
    ``y`` over the block. PAVA builds the blocks: whenever two adjacent blocks violate
    the order, pool them (their common value is the weighted mean). Pooling any
    adjacent violators is safe, so the order of pooling does not matter; here whole
    decreasing runs are pooled per vectorized pass, and a stack finishes the job (see
    the module source). The output preserves the weighted mean of ``y`` and equals
    ``sklearn.isotonic.isotonic_regression`` to rounding.

    References
    ----------
    - Ayer, Brunk, Ewing, Reid and Silverman (1955). An empirical distribution
      function for sampling with incomplete information. *Annals of Mathematical
      Statistics* 26(4), 641-647.
    - Zadrozny, B. and Elkan, C. (2002). Transforming classifier scores into
      accurate multiclass probability estimates. *KDD 2002*, 694-699.

    Examples
    --------
    >>> isotonic_regression([1.0, 3.0, 2.0, 4.0, 3.5]).tolist()
    [1.0, 2.5, 2.5, 3.75, 3.75]
    >>> isotonic_regression([1.0, 3.0, 2.0], sample_weight=[1.0, 3.0, 1.0]).tolist()
    [1.0, 2.75, 2.75]
    """
    y = check_vector(y, "y")
    if y.shape[0] == 0:
        return y.copy()
    if sample_weight is None:
        w = None
    else:
        w = check_vector(sample_weight, "sample_weight", length=y.shape[0])
        if not np.all(w > 0):
            raise ValueError("sample_weight must be strictly positive for isotonic_regression.")
    if increasing:
        out = _pava(y, w)
    else:
        out = _pava(y[::-1], None if w is None else w[::-1])[::-1].copy()
    if y_min is not None or y_max is not None:
        out = np.clip(out, -np.inf if y_min is None else y_min, np.inf if y_max is None else y_max)
    return out


# -------------------------------------------------------------------- calibrators
class _ScoreCalibrator(ClassifierMixin, BaseEstimator):
    """What both calibrators share: scikit-learn's classifier API on a matrix of scores.

    ``X`` is 2-D, one row per sample and one column per score, as for every
    scikit-learn estimator; a 1-D vector of scores is read as one column (as
    scikit-learn's own ``IsotonicRegression`` does). ``predict_proba`` has one column
    per class and ``predict`` gives labels, so a calibrator works wherever a
    probabilistic classifier does (pipelines, ``cross_val_score`` with
    ``scoring="neg_log_loss"``, ``CalibrationDisplay.from_estimator``).
    """

    #: Largest number of score columns the calibrator can map (``None``: any).
    _max_columns = None

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # a positive-class probability
        tags.input_tags.sparse = False
        return tags

    def _check_columns(self, X):
        if self._max_columns is not None and X.shape[1] > self._max_columns:
            raise ValueError(
                f"{type(self).__name__} maps a single score per sample: X must have one "
                f"column (scores.reshape(-1, 1)), got {X.shape[1]} columns. Calibrate "
                "each score separately, or combine several scores with PlattScaler.")
        return X

    @staticmethod
    def _score_matrix(X):
        """A 1-D vector of scores becomes one column; anything else is left as it is."""
        if hasattr(X, "columns") or scipy.sparse.issparse(X):
            return X
        arr = np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X)
        return arr.reshape(-1, 1) if arr.ndim == 1 else X

    def _check_scores(self, X):
        """Scores at predict time: fitted model, same columns as at fit."""
        check_is_fitted(self)
        if self.n_features_in_ == 1:  # a vector of scores is one column; otherwise
            X = self._score_matrix(X)  # scikit-learn's "Reshape your data" error
        refuse_complex(X)
        return validate_data(self, X, reset=False, dtype=np.float64)

    def _fit_data(self, X, y, sample_weight):
        """Checked scores, classes, 0/1 labels and weights for ``fit``."""
        X = self._score_matrix(X)
        refuse_complex(X)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        classes, y01 = check_binary_labels(y, sample_weight=w)
        self._check_columns(X)
        check_feature_scale(X, getattr(self, "feature_names_in_", None))
        return X, classes, y01, w

    def predict_proba(self, X):
        r"""Calibrated class probabilities.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_scores)
            Scores on the same scale as in :meth:`fit`.

        Returns
        -------
        P : ndarray of shape (n_samples, 2)
            ``P[:, 1]`` is the calibrated probability of ``classes_[1]``, ``P[:, 0]``
            its complement.

        Raises
        ------
        ValueError
            Not fitted (``NotFittedError``), non-finite scores, or a number of columns
            other than at fit.
        """
        p = self._positive_proba(X)
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        r"""The more probable class: ``classes_[1]`` where its calibrated probability is
        at least 0.5.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_scores)
            Scores on the same scale as in :meth:`fit`.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        p = self._positive_proba(X)
        return self.classes_[(p >= 0.5).astype(int)]


class PlattScaler(_ScoreCalibrator):
    r"""Platt scaling: calibrated probabilities :math:`\sigma(a s + b)` from scores ``s``.

    A scikit-learn classifier whose features are scores: ``X`` of shape (n, 1), or a
    1-D vector, holds one score per sample (Platt's setting); with several score
    columns it fits
    :math:`\sigma(a^\top s + b)`, one slope per score.

    Parameters
    ----------
    smooth_targets : bool, default True
        Fit to Platt's smoothed targets instead of the 0/1 labels (see Notes). This
        is what Platt (1999) and scikit-learn's ``CalibratedClassifierCV(method=
        "sigmoid")`` do; it also keeps :math:`a` finite when the scores separate the
        classes.
    max_iter : int, default 100
        Passed to :class:`logreg_lib.model.LogisticRegression`.
    tol : float, default 1e-10
        Passed to :class:`logreg_lib.model.LogisticRegression`.

    Attributes
    ----------
    a_ : float
        Slope on the score (one score column only).
    b_ : float
        Intercept.
    coef_ : ndarray of shape (n_scores,)
        The slopes, one per score column (``coef_[0] == a_`` for one column).
    classes_ : ndarray of shape (2,)
        The two labels; the second is the positive class.
    model_ : logreg_lib.model.LogisticRegression
        The fitted logistic regression on the scores.
    n_iter_ : int
        Iterations of its solver.
    n_features_in_ : int
        Number of score columns seen in ``fit``.

    Notes
    -----
    Fits, by the library's own unpenalized logistic regression on the score ``s``,

    .. math::

        P(y = 1 \mid s) = \sigma(a s + b), \qquad
        \min_{a, b}\ -\sum_i \big[t_i \log \sigma(a s_i + b)
        + (1 - t_i)\log(1 - \sigma(a s_i + b))\big].

    With ``smooth_targets``, :math:`t_i = (N_+ + 1)/(N_+ + 2)` for positives and
    :math:`t_i = 1/(N_- + 2)` for negatives (a Bayesian prior that stops the
    calibrated probabilities from reaching 0 or 1 on finite data). A soft target is
    fitted exactly by duplicating each sample as a positive with weight :math:`t_i`
    and a negative with weight :math:`1 - t_i`, which is how the 0/1 model is reused.
    Fit it on held-out data, not on the data the scores were trained on.

    References
    ----------
    - Platt, J. C. (1999). Probabilistic outputs for support vector machines and
      comparisons to regularized likelihood methods. In *Advances in Large Margin
      Classifiers*, MIT Press, 61-74.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> p = PlattScaler().fit(s.reshape(-1, 1), y).predict_proba(s.reshape(-1, 1))[:, 1]
    >>> p.shape, bool(np.all(np.diff(p) > 0))
    ((8,), True)
    """

    def __init__(self, smooth_targets=True, max_iter=100, tol=1e-10):
        self.smooth_targets = smooth_targets
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, sample_weight=None):
        r"""Fit :math:`a, b` on held-out scores and labels.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_scores) or (n_samples,)
            Uncalibrated scores (decision values or probabilities), usually one column;
            a 1-D vector is one column.
        y : array_like of shape (n_samples,)
            Labels of two classes.
        sample_weight : array_like of shape (n_samples,), optional
            Non-negative weights.

        Returns
        -------
        self : PlattScaler

        Raises
        ------
        ValueError
            Not exactly two classes, a class of zero total weight, mismatched
            lengths, non-finite scores.
        """
        from .model import LogisticRegression

        with restore_on_error(self):
            check_params(self, smooth_targets="bool", max_iter=("int", 1), tol=("posreal",))
            X, classes, y01, w = self._fit_data(X, y, sample_weight)
            if self.smooth_targets:
                n_pos = w[y01 == 1].sum()
                n_neg = w[y01 == 0].sum()
                t = np.where(y01 == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
                Xf = np.vstack([X, X])
                yy = np.concatenate([np.ones(X.shape[0]), np.zeros(X.shape[0])])
                ww = np.concatenate([w * t, w * (1.0 - t)])
            else:
                Xf, yy, ww = X, y01, w
            model = LogisticRegression(alpha=0.0, max_iter=self.max_iter, tol=self.tol)
            model.fit(Xf, yy, sample_weight=ww)
            self.model_ = model
            self.classes_ = classes
            self.coef_ = np.array(model.coef_, dtype=float)
            self.b_ = float(model.intercept_)
            self.n_iter_ = model.n_iter_
            if X.shape[1] == 1:
                self.a_ = float(self.coef_[0])
            elif hasattr(self, "a_"):
                del self.a_
        return self

    # documented on this class (the API page lists each class's own members)
    predict_proba = _ScoreCalibrator.predict_proba
    predict = _ScoreCalibrator.predict

    def _positive_proba(self, X):
        from .links import sigmoid

        check_is_fitted(self, "coef_")
        X = self._check_scores(X)
        return np.asarray(sigmoid(X @ self.coef_ + self.b_), dtype=np.float64)


class IsotonicCalibrator(_ScoreCalibrator):
    r"""Isotonic calibration: a non-decreasing step map from scores to probabilities.

    A scikit-learn classifier on one score column: ``X`` has shape (n, 1) (or is a 1-D
    vector of scores).

    Parameters
    ----------
    increasing : bool, default True
        Direction of the fitted map.
    y_min, y_max : float, optional
        Bounds for the fitted values (default none; with 0/1 labels they lie in [0, 1]).

    Attributes
    ----------
    X_thresholds_ : ndarray of shape (n_thresholds,)
        Distinct training scores kept for interpolation (interior points of constant
        runs removed), increasing.
    y_thresholds_ : ndarray of shape (n_thresholds,)
        Fitted values at ``X_thresholds_``.
    X_min_, X_max_ : float
        Range of the training scores; predictions outside it are clipped to it.
    classes_ : ndarray of shape (2,)
        The two labels; the second is the positive class.
    n_features_in_ : int
        Always 1.

    Notes
    -----
    Fitting follows scikit-learn's ``IsotonicRegression(out_of_bounds="clip")``:
    drop zero-weight samples; sort by score; merge samples with exactly equal scores
    into one point whose target is their weighted mean and whose weight is their
    total weight (scikit-learn also merges scores closer than about 1e-15, a
    difference that only matters for scores equal up to rounding); run
    :func:`isotonic_regression`; keep the first and last point of each constant run.
    Prediction interpolates linearly between the kept points,

    .. math::

        \hat p(s) = \hat y_j + \frac{s - x_j}{x_{j+1} - x_j}(\hat y_{j+1} - \hat y_j),
        \qquad x_j \le s \le x_{j+1},

    and clips :math:`s` to the training range first. Because the map is flat on
    runs, distinct scores can receive equal calibrated probabilities: isotonic
    calibration can create ties and so change the ROC AUC (scikit-learn issue 16321).
    It needs more held-out data than Platt scaling to avoid overfitting.

    References
    ----------
    - Zadrozny, B. and Elkan, C. (2002). Transforming classifier scores into
      accurate multiclass probability estimates. *KDD 2002*, 694-699.

    Examples
    --------
    >>> cal = IsotonicCalibrator().fit([[0.1], [0.2], [0.3], [0.4]], [0, 1, 0, 1])
    >>> cal.predict_proba([[0.0], [0.2], [0.25], [0.5]])[:, 1].tolist()
    [0.0, 0.5, 0.5, 1.0]
    """

    _max_columns = 1

    def __init__(self, increasing=True, y_min=None, y_max=None):
        self.increasing = increasing
        self.y_min = y_min
        self.y_max = y_max

    def fit(self, X, y, sample_weight=None):
        r"""Fit the monotone map on held-out scores and labels.

        Parameters
        ----------
        X : array_like of shape (n_samples, 1) or (n_samples,)
            Uncalibrated scores, one column (or a 1-D vector).
        y : array_like of shape (n_samples,)
            Labels of two classes (the larger is positive).
        sample_weight : array_like of shape (n_samples,), optional
            Non-negative weights; zero-weight samples are ignored.

        Returns
        -------
        self : IsotonicCalibrator

        Raises
        ------
        ValueError
            Not exactly two classes, a class of zero total weight, mismatched
            lengths, non-finite scores, ``X`` not of one column.
        """
        with restore_on_error(self):
            check_params(self, increasing="bool", y_min=("real", None, None, "none"),
                         y_max=("real", None, None, "none"))
            X, classes, y01, w = self._fit_data(X, y, sample_weight)
            s = X[:, 0]
            keep = w > 0
            s, y01, w = s[keep], y01[keep], w[keep]
            order = np.lexsort((y01, s))
            s, y01, w = s[order], y01[order], w[order]
            # merge exact ties: weighted mean target, summed weight
            head = np.concatenate([[True], s[1:] != s[:-1]])
            first = np.flatnonzero(head)
            x_u = s[first]
            w_u = np.add.reduceat(w, first)
            y_u = np.add.reduceat(w * y01, first) / w_u
            fitted = isotonic_regression(y_u, sample_weight=w_u, y_min=self.y_min,
                                         y_max=self.y_max, increasing=self.increasing)
            keep_pts = np.ones(fitted.shape[0], dtype=bool)
            keep_pts[1:-1] = (fitted[1:-1] != fitted[:-2]) | (fitted[1:-1] != fitted[2:])
            self.X_thresholds_ = x_u[keep_pts]
            self.y_thresholds_ = fitted[keep_pts]
            self.X_min_, self.X_max_ = float(x_u[0]), float(x_u[-1])
            self.classes_ = classes
        return self

    # documented on this class (the API page lists each class's own members)
    predict_proba = _ScoreCalibrator.predict_proba
    predict = _ScoreCalibrator.predict

    def _positive_proba(self, X):
        check_is_fitted(self, "X_thresholds_")
        s = np.clip(self._check_scores(X)[:, 0], self.X_min_, self.X_max_)
        if self.X_thresholds_.shape[0] == 1:
            return np.full(s.shape, self.y_thresholds_[0])
        return np.interp(s, self.X_thresholds_, self.y_thresholds_)


# ------------------------------------------------------------------------------------
# Calibration with its uncertainty (chapter 6, "How sure is a reliability diagram?").

__all__ += [
    "wilson_interval",
    "ReliabilityCurve",
    "reliability_curve",
    "CalibratorComparison",
    "compare_calibrators",
]


def _positive_proba(calibrator, scores):
    """Positive-class probabilities of a fitted calibrator, as a 1-D array.

    Accepts both calibrator interfaces: ``predict_proba`` returning one probability per
    score (1-D) or scikit-learn's two columns (negative, positive).
    """
    p = np.asarray(calibrator.predict_proba(scores), dtype=np.float64)
    return p[:, 1] if p.ndim == 2 else p


def _check_level(level):
    try:
        level = float(level)
    except (TypeError, ValueError):
        raise ValueError(f"level must be a number in (0, 1), got {level!r}.") from None
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}.")
    return level


def wilson_interval(k, n, level=0.95):
    r"""Wilson score interval for a binomial proportion :math:`k / n`.

    Parameters
    ----------
    k : array_like of int
        Successes (positives), :math:`0 \le k \le n`.
    n : array_like of int
        Trials (cases), :math:`n \ge 1`; broadcast against ``k``.
    level : float in (0, 1), default 0.95
        Coverage of the interval.

    Returns
    -------
    lower, upper : ndarray of the broadcast shape of ``k`` and ``n``
        The interval's ends, inside [0, 1] (float for scalar input).

    Raises
    ------
    ValueError
        ``n < 1``, ``k`` outside ``[0, n]``, a level outside (0, 1).

    Notes
    -----
    With :math:`\hat q = k/n` and the normal quantile
    :math:`c = \Phi^{-1}\big((1 + \text{level})/2\big)` (1.96 for 95 %), the interval
    collects the proportions :math:`q` that a score test would not reject,
    :math:`|\hat q - q| \le c\sqrt{q(1-q)/n}`; solving the quadratic gives

    .. math::

        \frac{k + c^2/2}{n + c^2} \pm \frac{c}{n + c^2}
        \sqrt{\frac{k\,(n - k)}{n} + \frac{c^2}{4}} .

    Unlike the Wald interval :math:`\hat q \pm c\sqrt{\hat q(1-\hat q)/n}` it never
    leaves [0, 1] and does not shrink to a point when :math:`k = 0` or
    :math:`k = n`, which matters for the nearly pure bins at both ends of a
    reliability diagram (chapter 6). Equals statsmodels'
    ``proportion_confint(k, n, method="wilson")``.

    References
    ----------
    - Wilson, E. B. (1927). Probable inference, the law of succession, and
      statistical inference. *JASA* 22(158), 209-212.
    - Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
      binomial proportion. *Statistical Science* 16(2), 101-133.

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0, 0.2775)
    """
    level = _check_level(level)
    k = as_float_array(k, "k")
    n = as_float_array(n, "n")
    k, n = np.broadcast_arrays(k, n)
    if np.any(n < 1):
        raise ValueError("n must be at least 1 in every bin (empty bins have no interval).")
    if np.any(k < 0) or np.any(k > n):
        raise ValueError("k must lie between 0 and n.")
    c = _norm.ppf(0.5 + level / 2)
    center = (k + c**2 / 2) / (n + c**2)
    half = c / (n + c**2) * np.sqrt(k * (n - k) / n + c**2 / 4)
    # exact ends for pure bins (k = 0 or k = n), where rounding could leave 1e-17
    lower = np.where(k == 0, 0.0, np.clip(center - half, 0.0, 1.0))
    upper = np.where(k == n, 1.0, np.clip(center + half, 0.0, 1.0))
    if lower.ndim == 0:
        return float(lower), float(upper)
    return lower, upper


@dataclass
class ReliabilityCurve:
    r"""Outcome of :func:`reliability_curve`: one point per non-empty bin.

    Attributes
    ----------
    prob_pred : ndarray of shape (n_nonempty_bins,)
        Mean predicted probability of the positive class in the bin.
    prob_true : ndarray of shape (n_nonempty_bins,)
        Observed share of positives in the bin.
    counts : ndarray of shape (n_nonempty_bins,)
        Cases in the bin.
    lower, upper : ndarray of shape (n_nonempty_bins,)
        Wilson interval of the observed share (:func:`wilson_interval`).
    ece : float
        Positive-class ECE with the same bins (:func:`expected_calibration_error`).
    n_bins : int
        Bins asked for (quantile bins with tied edges can leave fewer non-empty).
    strategy : str
        ``"uniform"`` or ``"quantile"``.
    level : float
        Coverage of the intervals.
    """

    prob_pred: np.ndarray
    prob_true: np.ndarray
    counts: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    ece: float
    n_bins: int
    strategy: str
    level: float

    @property
    def covered(self):
        """ndarray of bool: bins whose interval contains the mean prediction."""
        return (self.lower <= self.prob_pred) & (self.prob_pred <= self.upper)


def reliability_curve(y_true, y_prob, *, n_bins=10, strategy="quantile", level=0.95,
                      pos_label=None):
    r"""Reliability curve with a binomial interval for every bin.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, {0, 1} or {-1, 1} unless ``pos_label`` is given.
    y_prob : array_like of shape (n_samples,)
        Predicted probabilities of the positive class.
    n_bins : int, default 10
        Number of bins.
    strategy : {"quantile", "uniform"}, default "quantile"
        Equal-count bins (default: every point rests on about ``n / n_bins`` cases)
        or equal-width bins, as in :func:`calibration_curve`.
    level : float in (0, 1), default 0.95
        Coverage of the per-bin intervals.
    pos_label : label, optional
        The positive class.

    Returns
    -------
    curve : ReliabilityCurve
        Points, counts, Wilson intervals and the ECE of the same binning.

    Raises
    ------
    ValueError
        As :func:`calibration_curve`, or a level outside (0, 1).

    Notes
    -----
    For bin :math:`b` with :math:`n_b` cases, :math:`k_b` of them positive, the
    point is :math:`(\bar p_b, k_b/n_b)` exactly as in :func:`calibration_curve`.
    If the model is calibrated, :math:`k_b` is a sum of independent Bernoulli
    outcomes whose mean is close to :math:`\bar p_b`, so an interval for the bin's
    true share (Wilson's, :func:`wilson_interval`) shows how far from the diagonal a
    point may fall by chance alone. About one bin in twenty misses the diagonal at
    level 0.95 even for a perfectly calibrated model; a systematic pattern of misses
    on one side is the sign of miscalibration. The intervals are per bin, not
    simultaneous.

    Examples
    --------
    >>> y = [0, 0, 1, 0, 1, 1]
    >>> p = [0.1, 0.2, 0.3, 0.6, 0.8, 0.9]
    >>> curve = reliability_curve(y, p, n_bins=2)
    >>> curve.counts.tolist(), curve.prob_true.round(3).tolist()
    ([3, 3], [0.333, 0.667])
    >>> curve.lower.round(3).tolist(), curve.upper.round(3).tolist()
    ([0.061, 0.208], [0.792, 0.939])
    """
    level = _check_level(level)
    prob_true, prob_pred, counts = calibration_curve(
        y_true, y_prob, pos_label=pos_label, n_bins=n_bins, strategy=strategy,
        return_counts=True)
    k = np.rint(prob_true * counts)
    lower, upper = wilson_interval(k, counts, level)
    ece = expected_calibration_error(y_true, y_prob, pos_label=pos_label, n_bins=n_bins,
                                     strategy=strategy)
    return ReliabilityCurve(prob_pred=prob_pred, prob_true=prob_true, counts=counts,
                            lower=np.atleast_1d(lower), upper=np.atleast_1d(upper),
                            ece=ece, n_bins=int(n_bins), strategy=strategy, level=level)


@dataclass
class CalibratorComparison:
    r"""Outcome of :func:`compare_calibrators`: one value per repeat and method.

    Attributes
    ----------
    cal_size : int
        Calibration cases per repeat.
    n_repeats : int
        Number of random splits.
    brier, ece, log_loss : dict of str to ndarray of shape (n_repeats,)
        Held-out Brier score, positive-class ECE and (clipped) log loss, by method
        (``"Platt"``, ``"isotonic"`` and, if ``y_prob`` was given, ``"uncalibrated"``).
    confident_misses : dict of str to ndarray of shape (n_repeats,)
        Held-out cases given probability exactly 0 or 1 for the wrong class: each
        costs :math:`-\log \varepsilon \approx 36` nats in the clipped log loss.
    n_test : ndarray of shape (n_repeats,)
        Held-out cases per repeat.
    """

    cal_size: int
    n_repeats: int
    brier: dict
    ece: dict
    log_loss: dict
    confident_misses: dict
    n_test: np.ndarray

    def summary(self):
        r"""Mean and standard deviation (ddof = 0) across repeats.

        Returns
        -------
        table : dict of str to dict of str to (float, float)
            ``table[metric][method] = (mean, sd)`` for the metrics ``"brier"``,
            ``"ece"``, ``"log_loss"`` and ``"confident_misses"``.
        """
        out = {}
        for metric in ("brier", "ece", "log_loss", "confident_misses"):
            values = getattr(self, metric)
            out[metric] = {m: (float(np.mean(v)), float(np.std(v))) for m, v in values.items()}
        return out


def compare_calibrators(scores, y, *, cal_size, n_repeats=50, y_prob=None, n_bins=10,
                        strategy="quantile", random_state=0):
    r"""Platt scaling against isotonic calibration over repeated random splits.

    Parameters
    ----------
    scores : array_like of shape (n_samples,)
        Uncalibrated scores of held-out cases (for instance a model's log-odds).
    y : array_like of shape (n_samples,)
        Their labels, {0, 1}.
    cal_size : int
        Cases drawn (stratified) to fit the two maps in each repeat; the other
        ``n_samples - cal_size`` cases score them.
    n_repeats : int, default 50
        Random splits.
    y_prob : array_like of shape (n_samples,), optional
        The model's own probabilities, scored on the same test cases as
        ``"uncalibrated"``.
    n_bins : int, default 10
        Bins of the ECE.
    strategy : {"quantile", "uniform"}, default "quantile"
        Binning of the ECE (:func:`expected_calibration_error`).
    random_state : int, default 0
        Seed of the splits: repeat ``r`` uses ``random_state + r``.

    Returns
    -------
    result : CalibratorComparison
        Every metric for every repeat and method.

    Raises
    ------
    ValueError
        Labels not 0/1, a ``cal_size`` that leaves fewer than two cases of a class on
        either side, mismatched lengths, ``n_repeats < 1``.

    Notes
    -----
    Repeat :math:`r` splits the cases with
    ``sklearn.model_selection.train_test_split(stratify=y, random_state=random_state + r)``,
    fits :class:`PlattScaler` and :class:`IsotonicCalibrator` on the calibration part
    and scores both on the rest with

    .. math::

        \text{Brier} = \frac1N\sum_i (\hat p_i - y_i)^2, \qquad
        \text{ECE} = \sum_b \frac{N_b}{N}\,|\bar y_b - \bar p_b|, \qquad
        \text{log loss} = -\frac1N\sum_i \log \operatorname{clip}(\hat p_{i,y_i},
        \varepsilon, 1 - \varepsilon),

    over the :math:`N` test cases (:math:`N_b` in bin :math:`b`), with
    :math:`\varepsilon` the float64 machine epsilon (as scikit-learn and
    :func:`logreg_lib.metrics.log_loss`). Isotonic maps output exact 0s and 1s, so
    each confident miss adds :math:`-\log\varepsilon / N \approx 36/N` to the log
    loss: reported separately, because the log-loss comparison of the two methods
    is mostly a count of these cases.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=300)
    >>> y = (rng.uniform(size=300) < 1 / (1 + np.exp(-2 * z))).astype(int)
    >>> res = compare_calibrators(z, y, cal_size=100, n_repeats=3)
    >>> sorted(res.brier), res.brier["Platt"].shape
    (['Platt', 'isotonic'], (3,))
    """
    from sklearn.model_selection import train_test_split

    from .metrics import brier_score_loss
    from .metrics import log_loss as _log_loss

    s = check_vector(scores, "scores")
    y01 = check_vector(y, "y")
    check_same_length(scores=s, y=y01)
    if not np.all(np.isin(y01, [0.0, 1.0])):
        raise ValueError("y must hold 0/1 labels.")
    if not (isinstance(n_repeats, (int, np.integer)) and n_repeats >= 1):
        raise ValueError(f"n_repeats must be a positive integer, got {n_repeats!r}.")
    n_pos = int(y01.sum())
    n = y01.shape[0]
    if not (isinstance(cal_size, (int, np.integer)) and 4 <= cal_size <= n - 4):
        raise ValueError(f"cal_size must be an integer between 4 and n - 4 = {n - 4}, "
                         f"got {cal_size!r}.")
    cal_pos = cal_size * n_pos / n
    if min(cal_pos, cal_size - cal_pos, n_pos - cal_pos, n - n_pos - cal_size + cal_pos) < 2:
        raise ValueError(f"cal_size={cal_size} leaves fewer than two cases of a class in the "
                         "calibration or the test part.")
    if y_prob is not None:
        y_prob = check_probabilities(check_vector(y_prob, "y_prob"), "y_prob")
        check_same_length(scores=s, y_prob=y_prob)
    methods = ["Platt", "isotonic"] + ([] if y_prob is None else ["uncalibrated"])
    res = {key: {m: np.empty(n_repeats) for m in methods}
           for key in ("brier", "ece", "log_loss", "confident_misses")}
    n_test = np.empty(n_repeats, dtype=np.int64)
    idx = np.arange(n)
    for r in range(n_repeats):
        cal, test = train_test_split(idx, train_size=cal_size, stratify=y01,
                                     random_state=random_state + r)
        probs = {
            "Platt": _positive_proba(PlattScaler().fit(s[cal], y01[cal]), s[test]),
            "isotonic": _positive_proba(IsotonicCalibrator().fit(s[cal], y01[cal]),
                                        s[test]),
        }
        if y_prob is not None:
            probs["uncalibrated"] = y_prob[test]
        yt = y01[test]
        n_test[r] = yt.shape[0]
        for m, p in probs.items():
            res["brier"][m][r] = brier_score_loss(yt, p)
            res["ece"][m][r] = expected_calibration_error(yt, p, n_bins=n_bins,
                                                          strategy=strategy)
            res["log_loss"][m][r] = _log_loss(yt, p)
            res["confident_misses"][m][r] = np.sum(((p == 0) & (yt == 1))
                                                   | ((p == 1) & (yt == 0)))
    return CalibratorComparison(cal_size=int(cal_size), n_repeats=int(n_repeats),
                                n_test=n_test, **res)


__all__ += ["cross_fit_calibration"]


def cross_fit_calibration(calibrator, scores, y, *, n_splits=5, random_state=0):
    r"""Out-of-fold calibrated probabilities: each case mapped by a calibrator that never saw it.

    Parameters
    ----------
    calibrator : PlattScaler or IsotonicCalibrator
        An unfitted calibrator; each fold fits a fresh copy built from its parameters.
    scores : array_like of shape (n_samples,)
        Uncalibrated scores of held-out cases (for instance a model's log-odds).
    y : array_like of shape (n_samples,)
        Their labels, two classes.
    n_splits : int, default 5
        Folds of ``sklearn.model_selection.StratifiedKFold`` (shuffled).
    random_state : int, default 0
        Seed of the folds.

    Returns
    -------
    p : ndarray of shape (n_samples,)
        Calibrated probability of the positive class for every case.
    calibrators : list of fitted calibrators
        One per fold, in the order of the folds.

    Raises
    ------
    ValueError
        Not exactly two classes, a class with fewer than ``n_splits`` cases,
        mismatched lengths, non-finite scores.

    Notes
    -----
    With folds :math:`F_1, \dots, F_K` of the :math:`N` cases and :math:`g^{(-k)}` the
    map fitted on the cases outside :math:`F_k`,

    .. math::

        \hat p_i = g^{(-k)}(s_i), \qquad i \in F_k .

    Every case then has a calibrated probability that did not use its own label, so
    a reliability diagram, a Brier score or an ECE of :math:`\hat p` judges the
    calibration method on all :math:`N` cases instead of a separate test part (chapter
    6, "Repairing calibration"). The :math:`K` maps differ slightly, so even a strictly
    increasing method such as Platt scaling can change the ranking a little across
    folds.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=200)
    >>> y = (rng.uniform(size=200) < 1 / (1 + np.exp(-(2 * z - 1)))).astype(int)
    >>> p, maps = cross_fit_calibration(PlattScaler(), z, y)
    >>> p.shape, len(maps), bool(np.all((p > 0) & (p < 1)))
    ((200,), 5, True)
    """
    import inspect

    from sklearn.model_selection import StratifiedKFold


    s = check_vector(scores, "scores")
    classes, y01 = check_binary_labels(y)
    check_same_length(scores=s, y=y01)
    smallest = int(min(y01.sum(), (1 - y01).sum()))
    if smallest < n_splits:
        raise ValueError(f"The smaller class has {smallest} cases, fewer than n_splits="
                         f"{n_splits}: every fold needs both classes.")
    if hasattr(calibrator, "get_params"):
        params = calibrator.get_params()
    else:  # the constructor's arguments, stored under their own names
        names = inspect.signature(type(calibrator)).parameters
        params = {name: getattr(calibrator, name) for name in names}
    p = np.empty(s.shape[0])
    fitted = []
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    for fit_idx, out_idx in folds.split(s, y01):
        cal = type(calibrator)(**params).fit(s[fit_idx], y01[fit_idx])
        p[out_idx] = _positive_proba(cal, s[out_idx])
        fitted.append(cal)
    return p, fitted
