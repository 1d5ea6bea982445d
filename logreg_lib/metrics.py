r"""Evaluation metrics for probabilistic classifiers (chapter 6).

Chapter 6 ("Thresholds, class imbalance, and calibration") judges a fitted model by
the labels it predicts at a threshold (confusion matrix, accuracy, precision, recall,
F1, balanced accuracy), by the ranking its scores induce (ROC and precision-recall
curves, ROC AUC, average precision) and by the probabilities themselves (log loss,
Brier score).

Every function here has the name, the arguments and the semantics of its namesake in
``sklearn.metrics`` (scikit-learn 1.9), so a reader can swap one for the other and get
the same number (the tests check agreement to 1e-12, ties in the scores included).
Two deliberate differences, both stricter:

* a curve or a ranking score asked for when ``y_true`` holds a single class raises
  ``ValueError`` (scikit-learn warns and returns NaN);
* NaN or infinite scores and probabilities outside [0, 1] raise ``ValueError``.

Everything is vectorized: one sort of the scores and cumulative sums for the curves,
one ``np.bincount`` for the confusion matrix; no Python loop over samples.
"""

import warnings

import numpy as np

from ._validation import (
    as_float_array,
    as_label_array,
    check_probabilities,
    check_vector,
    resolve_pos_label,
)
from .exceptions import UndefinedMetricWarning

__all__ = [
    "confusion_matrix",
    "accuracy_score",
    "precision_score",
    "recall_score",
    "f1_score",
    "balanced_accuracy_score",
    "roc_curve",
    "roc_auc_score",
    "precision_recall_curve",
    "average_precision_score",
    "log_loss",
    "brier_score_loss",
]


# ----------------------------------------------------------------------------- helpers
def _labels_1d(y, name):
    """A 1-D array of labels of one kind: the library's shared label array check."""
    return as_label_array(y, name)


def _same_length(**arrays):
    lengths = {k: len(v) for k, v in arrays.items() if v is not None}
    if len(set(lengths.values())) > 1:
        parts = ", ".join(f"{k} has {n}" for k, n in lengths.items())
        raise ValueError(f"Inconsistent numbers of samples: {parts}.")


def _weights(sample_weight, n):
    """``None`` or a finite, non-negative 1-D float array of length ``n``."""
    if sample_weight is None:
        return None
    w = check_vector(sample_weight, "sample_weight")
    if w.shape[0] != n:
        raise ValueError(f"sample_weight has length {w.shape[0]} but y_true has {n} samples.")
    if np.any(w < 0):
        raise ValueError("sample_weight must be non-negative; found negative weights.")
    return w


def _binary_clf_curve(y_true, y_score, pos_label=None, sample_weight=None):
    r"""Weighted false- and true-positive counts at every distinct score threshold.

    Returns ``(fps, tps, thresholds)`` with thresholds in decreasing order; entry ``i``
    counts the samples with ``score >= thresholds[i]``. Ties in the scores share one
    threshold (the counts are taken at the end of each run of equal scores), exactly as
    scikit-learn's ``confusion_matrix_at_thresholds``.
    """
    y_true = _labels_1d(y_true, "y_true")
    y_score = check_vector(y_score, "y_score")
    _same_length(y_true=y_true, y_score=y_score)
    w = _weights(sample_weight, y_true.shape[0])
    classes = np.unique(y_true)
    pos_label = resolve_pos_label(classes, pos_label)
    y = y_true == pos_label
    if w is not None:
        keep = w != 0
        y, y_score, w = y[keep], y_score[keep], w[keep]
    n_pos = int(np.count_nonzero(y))
    if n_pos == 0 or n_pos == y.shape[0]:
        raise ValueError(
            "y_true must contain both the positive class "
            f"(pos_label={pos_label!r}) and at least one other class for a curve or a "
            f"ranking score; found only {'negatives' if n_pos == 0 else 'positives'}."
        )
    order = np.argsort(y_score[::-1], kind="stable")[::-1]
    order = y_score.shape[0] - 1 - order  # stable descending sort, ties in input order
    y_score = y_score[order]
    y = y[order].astype(np.float64)
    distinct = np.flatnonzero(np.diff(y_score))
    idx = np.concatenate([distinct, [y.shape[0] - 1]])
    if w is None:
        tps = np.cumsum(y)[idx]
        fps = 1.0 + idx - tps
    else:
        w = w[order]
        tps = np.cumsum(y * w)[idx]
        fps = np.cumsum((1.0 - y) * w)[idx]
    return fps, tps, y_score[idx]


# ------------------------------------------------------------------ confusion matrix
def _encode(y_true, y_pred, labels):
    """Integer codes of ``y_true`` and ``y_pred`` in ``labels`` (``-1`` if absent)."""
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    else:
        labels = np.asarray(labels)
        if labels.ndim != 1 or labels.size == 0:
            raise ValueError("'labels' should be a non-empty 1-D list of labels.")
        if len(np.intersect1d(y_true, labels)) == 0:
            raise ValueError("At least one label specified must be in y_true.")
    sorter = np.argsort(labels, kind="stable")
    sorted_labels = labels[sorter]

    def codes(y):
        pos = np.searchsorted(sorted_labels, y)
        pos_c = np.minimum(pos, sorted_labels.size - 1)
        found = sorted_labels[pos_c] == y
        return np.where(found, sorter[pos_c], -1)

    return labels, codes(y_true), codes(y_pred)


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    r"""Confusion matrix: row ``i`` is the true class, column ``j`` the predicted class.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels (any hashable, sortable labels; two or more classes).
    y_pred : array_like of shape (n_samples,)
        Predicted labels.
    labels : array_like of shape (n_classes,), optional
        Classes to index the matrix, in this order. Samples whose true or predicted
        label is not listed are ignored. Default: the sorted union of the labels in
        ``y_true`` and ``y_pred``.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights; a sample counts ``sample_weight[i]`` times.
    normalize : {"true", "pred", "all"} or None, default None
        Divide by the row sums (recalls on the diagonal), the column sums (precisions
        on the diagonal) or the grand total. Empty rows/columns give 0.

    Returns
    -------
    C : ndarray of shape (n_classes, n_classes)
        Integer counts when there are no (or integer) weights and no normalization,
        float otherwise.

    Raises
    ------
    ValueError
        Mismatched lengths, non 1-D labels, an unknown ``normalize``, or ``labels``
        sharing no class with ``y_true``.

    Notes
    -----
    With weights :math:`w_k`,

    .. math::

        C_{ij} = \sum_{k} w_k \,[y_k = c_i]\,[\hat y_k = c_j].

    For two classes ordered (negative, positive) this is
    ``[[TN, FP], [FN, TP]]``. Computed with one ``np.bincount`` of
    ``i * n_classes + j``.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1, 0, 1], [0, 1, 0, 0, 1])
    array([[2, 0],
           [1, 2]])
    """
    y_true = _labels_1d(y_true, "y_true")
    y_pred = _labels_1d(y_pred, "y_pred")
    _same_length(y_true=y_true, y_pred=y_pred)
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be one of None, 'true', 'pred', 'all'; got {normalize!r}.")
    integer_weights = sample_weight is None or np.asarray(sample_weight).dtype.kind in "iub"
    w = _weights(sample_weight, y_true.shape[0])
    labels, t, p = _encode(y_true, y_pred, labels)
    k = labels.size
    keep = (t >= 0) & (p >= 0)
    flat = t[keep] * k + p[keep]
    if w is None:
        C = np.bincount(flat, minlength=k * k).astype(np.int64)
    else:
        C = np.bincount(flat, weights=w[keep], minlength=k * k)
        if integer_weights:
            C = np.rint(C).astype(np.int64)
    C = C.reshape(k, k)
    if normalize is not None:
        with np.errstate(all="ignore"):
            if normalize == "true":
                C = C / C.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                C = C / C.sum(axis=0, keepdims=True)
            else:
                C = C / C.sum()
        C = np.nan_to_num(C)
    return C


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    r"""Fraction (or weighted number) of samples whose predicted label is the true one.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels.
    y_pred : array_like of shape (n_samples,)
        Predicted labels.
    normalize : bool, default True
        Return the fraction; if False, the (weighted) number of correct predictions.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        Mismatched lengths or non 1-D labels.

    Notes
    -----
    .. math::

        \mathrm{accuracy} = \frac{\sum_k w_k [\hat y_k = y_k]}{\sum_k w_k}.

    With a rare positive class, predicting "negative" for everyone already scores
    :math:`1 - \pi`; chapter 6 uses this to motivate the other metrics.

    Examples
    --------
    >>> accuracy_score([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y_true = _labels_1d(y_true, "y_true")
    y_pred = _labels_1d(y_pred, "y_pred")
    _same_length(y_true=y_true, y_pred=y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    correct = (y_true == y_pred).astype(np.float64)
    if normalize:
        return float(np.average(correct, weights=w))
    return float(correct.sum() if w is None else np.dot(correct, w))


def _zero_division_value(zero_division):
    if isinstance(zero_division, str):
        if zero_division != "warn":
            raise ValueError(f"zero_division must be 'warn', 0.0, 1.0 or np.nan; got {zero_division!r}.")
        return 0.0
    value = float(zero_division)
    if not (value in (0.0, 1.0) or np.isnan(value)):
        raise ValueError(f"zero_division must be 'warn', 0.0, 1.0 or np.nan; got {zero_division!r}.")
    return value


def _safe_ratio(num, den, zero_division, metric):
    value = _zero_division_value(zero_division)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    bad = den == 0
    if np.any(bad):
        out = np.where(bad, value, out)
        if isinstance(zero_division, str):
            warnings.warn(
                f"{metric} is ill-defined (0/0) for some labels and is set to 0.0; "
                "pass zero_division to choose the value and silence this warning.",
                UndefinedMetricWarning,
                stacklevel=3,
            )
    return out


def _prf(y_true, y_pred, labels, pos_label, average, sample_weight, zero_division, metric):
    """Shared body of precision_score, recall_score and f1_score."""
    averages = ("binary", "micro", "macro", "weighted", None)
    if average not in averages:
        raise ValueError(f"average must be one of {averages}; got {average!r}.")
    y_true = _labels_1d(y_true, "y_true")
    y_pred = _labels_1d(y_pred, "y_pred")
    _same_length(y_true=y_true, y_pred=y_pred)
    present = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if present.size > 2:
            raise ValueError(
                f"Target is multiclass ({present.size} labels) but average='binary'; "
                "choose average='micro', 'macro', 'weighted' or None."
            )
        if present.size == 2 and pos_label not in present.tolist():
            raise ValueError(
                f"pos_label={pos_label!r} is not a valid label: it should be one of "
                f"{present.tolist()}."
            )
        wanted = [pos_label]
    else:
        wanted = present.tolist() if labels is None else list(labels)
    C = confusion_matrix(y_true, y_pred, labels=present, sample_weight=sample_weight)
    C = C.astype(np.float64)
    # per-label counts (a label absent from the data gets index -1: all counts zero);
    # the loop runs over labels, not samples
    present_list = present.tolist()
    idx = np.array([present_list.index(lab) if lab in present_list else -1 for lab in wanted])
    diag = np.append(np.diag(C), 0.0)
    col = np.append(C.sum(axis=0), 0.0)
    row = np.append(C.sum(axis=1), 0.0)
    tp, pred_pos, true_pos = diag[idx], col[idx], row[idx]
    if average == "micro":
        tp, pred_pos, true_pos = tp.sum(keepdims=True), pred_pos.sum(keepdims=True), true_pos.sum(keepdims=True)
    if metric == "precision":
        score = _safe_ratio(tp, pred_pos, zero_division, "Precision")
    elif metric == "recall":
        score = _safe_ratio(tp, true_pos, zero_division, "Recall")
    else:
        score = _safe_ratio(2.0 * tp, pred_pos + true_pos, zero_division, "F-score")
    if average is None:
        return score
    if average == "weighted":
        if true_pos.sum() == 0:
            return float(_zero_division_value(zero_division))
        weights = true_pos
    else:
        weights = None
    finite = ~np.isnan(score)
    if not np.any(finite):
        return float("nan")
    return float(np.average(score[finite], weights=None if weights is None else weights[finite]))


_PRF_PARAMS = r"""
    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels.
    y_pred : array_like of shape (n_samples,)
        Predicted labels.
    labels : array_like, optional
        Labels to include when ``average != "binary"`` (default: all present labels).
    pos_label : label, default 1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted"} or None, default "binary"
        ``"binary"``: the score of ``pos_label`` only; ``"micro"``: pool the counts of
        all labels; ``"macro"``: unweighted mean over labels; ``"weighted"``: mean
        weighted by each label's support; None: one score per label.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default "warn"
        Value returned when the ratio is 0/0; ``"warn"`` returns 0.0 and emits
        :class:`~logreg_lib.exceptions.UndefinedMetricWarning`.

    Returns
    -------
    score : float or ndarray of shape (n_labels,)
        An array when ``average`` is None.

    Raises
    ------
    ValueError
        Mismatched lengths, an unknown ``average``, more than two labels with
        ``average="binary"``, or a ``pos_label`` that is not one of the labels.
"""


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """Precision: the fraction of predicted positives that are positive."""
    return _prf(y_true, y_pred, labels, pos_label, average, sample_weight, zero_division, "precision")


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """Recall (sensitivity, true-positive rate): the fraction of positives found."""
    return _prf(y_true, y_pred, labels, pos_label, average, sample_weight, zero_division, "recall")


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """F1 score: the harmonic mean of precision and recall."""
    return _prf(y_true, y_pred, labels, pos_label, average, sample_weight, zero_division, "f1")


precision_score.__doc__ = r"""Precision: the fraction of predicted positives that are positive.
""" + _PRF_PARAMS + r"""
    Notes
    -----
    .. math::

        \mathrm{precision} = \frac{TP}{TP + FP}

    with weighted counts. Chapter 6: the metric to watch when false alarms are costly.

    Examples
    --------
    >>> precision_score([0, 1, 1, 0, 1], [1, 1, 0, 0, 1])
    0.6666666666666666
    """

recall_score.__doc__ = r"""Recall (sensitivity, true-positive rate): the fraction of positives found.
""" + _PRF_PARAMS + r"""
    Notes
    -----
    .. math::

        \mathrm{recall} = \frac{TP}{TP + FN}

    with weighted counts. Chapter 6: the metric to watch when misses are costly.

    Examples
    --------
    >>> recall_score([0, 1, 1, 0, 1], [1, 1, 0, 0, 1])
    0.6666666666666666
    """

f1_score.__doc__ = r"""F1 score: the harmonic mean of precision and recall.
""" + _PRF_PARAMS + r"""
    Notes
    -----
    .. math::

        F_1 = \frac{2\,\mathrm{precision}\cdot\mathrm{recall}}
                   {\mathrm{precision} + \mathrm{recall}}
            = \frac{2\,TP}{2\,TP + FP + FN},

    computed from the right-hand side (so it is 0/0 only when there is no positive
    at all, neither true nor predicted).

    Examples
    --------
    >>> f1_score([0, 1, 1, 0, 1], [1, 1, 0, 0, 1])
    0.6666666666666666
    """


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    r"""Balanced accuracy: the mean over classes of each class's recall.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels.
    y_pred : array_like of shape (n_samples,)
        Predicted labels.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.
    adjusted : bool, default False
        Rescale so that chance level (predicting one class for everyone) scores 0 and a
        perfect classifier 1.

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        Mismatched lengths or non 1-D labels.

    Notes
    -----
    For :math:`K` classes present in ``y_true``,

    .. math::

        \mathrm{BA} = \frac{1}{K}\sum_{k=1}^{K} \frac{C_{kk}}{\sum_j C_{kj}},
        \qquad
        \mathrm{BA}_{\mathrm{adj}} = \frac{\mathrm{BA} - 1/K}{1 - 1/K}.

    For two classes this is the mean of sensitivity and specificity, insensitive to
    the class proportions. Classes that appear only in ``y_pred`` are ignored, with a
    :class:`~logreg_lib.exceptions.UndefinedMetricWarning`. With a single class in
    ``y_true`` the adjusted score is 0/0 (or negative over 0): like scikit-learn it is
    ``nan`` (``-inf`` if the recall is below one), with an ``UndefinedMetricWarning``.

    Examples
    --------
    >>> balanced_accuracy_score([0, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    if np.any(np.isnan(per_class)):
        warnings.warn("y_pred contains classes not in y_true", UndefinedMetricWarning, stacklevel=2)
        per_class = per_class[~np.isnan(per_class)]
    score = float(np.mean(per_class))
    if adjusted:
        chance = 1.0 / per_class.shape[0]
        if chance == 1.0:
            # one class in y_true: chance level is perfect, the rescaling is 0/0 or x/0;
            # return what scikit-learn returns (nan, or -inf below chance), with a warning
            warnings.warn("adjusted balanced accuracy is undefined when y_true holds a "
                          "single class (chance level is 1); returning scikit-learn's "
                          "value (nan, or -inf below chance).", UndefinedMetricWarning,
                          stacklevel=2)
            return float("nan") if score == chance else float("-inf")
        score = (score - chance) / (1.0 - chance)
    return float(score)


# ------------------------------------------------------------------------- curves
def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    r"""Receiver operating characteristic: false- and true-positive rates per threshold.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels; {0, 1} or {-1, 1} unless ``pos_label`` is given.
    y_score : array_like of shape (n_samples,)
        Scores, larger meaning "more positive" (probabilities or decision values).
    pos_label : label, optional
        The positive class (default 1, allowed only for {0, 1} or {-1, 1} labels).
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights; zero-weight samples are removed first.
    drop_intermediate : bool, default True
        Drop thresholds whose point lies on the straight segment between its
        neighbours (it changes neither the plot nor the area).

    Returns
    -------
    fpr : ndarray of shape (n_thresholds,)
        ``fpr[i]`` is the (weighted) fraction of negatives with
        ``score >= thresholds[i]``.
    tpr : ndarray of shape (n_thresholds,)
        The same fraction among the positives.
    thresholds : ndarray of shape (n_thresholds,)
        Decreasing; the first is ``inf`` (predict nobody positive: the point (0, 0)),
        as in scikit-learn 1.9, so thresholds never exceed the scores' range except there.

    Raises
    ------
    ValueError
        ``y_true`` without both classes, mismatched lengths, NaN or infinite scores,
        labels not in {0, 1} or {-1, 1} without ``pos_label``.

    Notes
    -----
    Sort the scores in decreasing order; at each distinct score :math:`t`

    .. math::

        \mathrm{TPR}(t) = \frac{\sum_k w_k [y_k = 1][s_k \ge t]}{\sum_k w_k [y_k = 1]},
        \qquad
        \mathrm{FPR}(t) = \frac{\sum_k w_k [y_k = 0][s_k \ge t]}{\sum_k w_k [y_k = 0]}.

    Tied scores share one threshold, so a tie between a positive and a negative makes
    a diagonal step (worth half a "correctly ordered pair" in the AUC).

    Examples
    --------
    >>> fpr, tpr, thr = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    >>> thr.tolist()
    [inf, 0.8, 0.4, 0.35, 0.1]
    """
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.concatenate(
            [[True], np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), [True]]
        )
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    tps = np.concatenate([[0.0], tps])
    fps = np.concatenate([[0.0], fps])
    thresholds = np.concatenate([[np.inf], thresholds])
    return fps / fps[-1], tps / tps[-1], thresholds


def _binary_ranking_target(y_true):
    """Labels for roc_auc_score: exactly two classes, the larger one positive."""
    y_true = _labels_1d(y_true, "y_true")
    classes = np.unique(y_true)
    if classes.size != 2:
        raise ValueError(
            f"roc_auc_score needs exactly two classes in y_true, found {classes.size}: "
            f"{classes[:10].tolist()} (multiclass ROC AUC is not implemented here)."
        )
    return y_true, classes[1]


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, max_fpr=None,
                  multi_class="raise", labels=None):
    r"""Area under the ROC curve (binary).

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, exactly two classes; the larger label is the positive class.
    y_score : array_like of shape (n_samples,)
        Scores of the positive class.
    average : str, default "macro"
        Accepted for compatibility; ignored for binary targets (as in scikit-learn).
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.
    max_fpr : float in (0, 1], optional
        Return the standardized partial AUC over :math:`[0, \mathrm{max\_fpr}]`
        (McClish correction), as scikit-learn does.
    multi_class : str, default "raise"
        Accepted for compatibility; only binary targets are supported.
    labels : array_like, optional
        Accepted for compatibility; ignored for binary targets.

    Returns
    -------
    auc : float

    Raises
    ------
    ValueError
        Not exactly two classes in ``y_true``, 2-D scores, mismatched lengths, NaN or
        infinite scores, ``max_fpr`` outside (0, 1].

    Notes
    -----
    The trapezoidal area under the curve of :func:`roc_curve`. It equals the
    probability that a random positive scores above a random negative, ties counted
    one half (the Mann-Whitney statistic):

    .. math::

        \mathrm{AUC} = \frac{\sum_{i: y_i = 1}\sum_{j: y_j = 0} w_i w_j
        \left([s_i > s_j] + \tfrac12 [s_i = s_j]\right)}
        {\sum_{i: y_i = 1} w_i \sum_{j: y_j = 0} w_j}.

    It depends on the scores only through their order, so any strictly increasing
    transformation of the scores leaves it unchanged.

    Examples
    --------
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    if np.ndim(y_score) != 1:
        raise ValueError("roc_auc_score supports binary targets with 1-D y_score only.")
    y_true, pos = _binary_ranking_target(y_true)
    fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos, sample_weight=sample_weight)
    if max_fpr is None or max_fpr == 1:
        return float(np.trapezoid(tpr, fpr))
    if not 0 < max_fpr <= 1:
        raise ValueError(f"Expected max_fpr in range (0, 1], got: {max_fpr!r}")
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp = [fpr[stop - 1], fpr[stop]]
    y_interp = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial = float(np.trapezoid(tpr, fpr))
    min_area = 0.5 * max_fpr**2
    return float(0.5 * (1 + (partial - min_area) / (max_fpr - min_area)))


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    r"""Precision and recall at every distinct score threshold.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels; {0, 1} or {-1, 1} unless ``pos_label`` is given.
    y_score : array_like of shape (n_samples,)
        Scores, larger meaning "more positive".
    pos_label : label, optional
        The positive class.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights; zero-weight samples are removed first.
    drop_intermediate : bool, default False
        Keep only the first and last threshold of each run of equal recall.

    Returns
    -------
    precision : ndarray of shape (n_thresholds + 1,)
        ``precision[i]`` for predictions ``score >= thresholds[i]``; the last
        element is 1 by convention.
    recall : ndarray of shape (n_thresholds + 1,)
        Decreasing; the last element is 0 (the point with no positive prediction).
    thresholds : ndarray of shape (n_thresholds,)
        Increasing distinct scores (not starting at ``inf``, unlike :func:`roc_curve`).

    Raises
    ------
    ValueError
        ``y_true`` without both classes, mismatched lengths, NaN or infinite scores.

    Notes
    -----
    .. math::

        P(t) = \frac{TP(t)}{TP(t) + FP(t)}, \qquad R(t) = \frac{TP(t)}{TP(t) + FN(t)}.

    The output order (increasing thresholds, decreasing recall, the extra point
    ``(recall, precision) = (0, 1)`` at the end) is scikit-learn's.

    Examples
    --------
    >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> p.round(3).tolist(), r.tolist(), t.tolist()
    ([0.5, 0.667, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    fps, tps, thresholds = _binary_clf_curve(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.concatenate(
            [[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]]
        )
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    ps = tps + fps
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(ps != 0, tps / ps, 0.0)
    recall = tps / tps[-1]
    return (
        np.concatenate([precision[::-1], [1.0]]),
        np.concatenate([recall[::-1], [0.0]]),
        thresholds[::-1].copy(),
    )


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1, sample_weight=None):
    r"""Average precision: the step-function area under the precision-recall curve.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels (two classes).
    y_score : array_like of shape (n_samples,)
        Scores of the positive class.
    average : str, default "macro"
        Accepted for compatibility; ignored for binary targets.
    pos_label : label, default 1
        The positive class.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.

    Returns
    -------
    average_precision : float

    Raises
    ------
    ValueError
        More than two classes, a ``pos_label`` not in ``y_true``, ``y_true`` without
        both classes, mismatched lengths, NaN or infinite scores.

    Notes
    -----
    With the thresholds of :func:`precision_recall_curve` in decreasing order,

    .. math::

        \mathrm{AP} = \sum_n (R_n - R_{n-1})\, P_n ,

    each precision weighted by the recall gained at its threshold: no linear
    interpolation (which would be optimistic), as in scikit-learn.

    Examples
    --------
    >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    y_true = _labels_1d(y_true, "y_true")
    if np.ndim(y_score) != 1:
        raise ValueError("average_precision_score supports binary targets with 1-D y_score only.")
    present = np.unique(y_true)
    if present.size > 2:
        raise ValueError(f"average_precision_score is binary only; y_true has {present.size} classes.")
    if pos_label not in present.tolist():
        raise ValueError(f"pos_label={pos_label!r} is not a valid label. It should be one of {present.tolist()}")
    precision, recall, _ = precision_recall_curve(
        y_true, y_score, pos_label=pos_label, sample_weight=sample_weight
    )
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


# ---------------------------------------------------------------- probability scores
def _prob_target(y_true, y_prob, labels):
    """One-hot targets and an (n, K) probability matrix, scikit-learn style."""
    y_true = _labels_1d(y_true, "y_true")
    P = check_probabilities(y_prob, "y_prob")
    if P.ndim == 1:
        P = P[:, None]
    if P.ndim != 2:
        raise ValueError(f"y_prob must be 1-D or 2-D, got shape {P.shape}.")
    _same_length(y_true=y_true, y_prob=P)
    if P.shape[1] == 1:
        P = np.column_stack([1.0 - P[:, 0], P[:, 0]])
    if labels is None:
        classes = np.unique(y_true)
    else:
        classes = np.unique(np.asarray(labels))
        if not np.all(np.isin(y_true, classes)):
            extra = np.setdiff1d(y_true, classes).tolist()
            raise ValueError(f"y_true contains values {extra} not belonging to the passed labels {classes.tolist()}.")
    if classes.size != P.shape[1]:
        raise ValueError(
            f"y_true and y_prob contain different numbers of classes: {classes.size} vs "
            f"{P.shape[1]}; pass the labels explicitly through labels. Classes found in "
            f"y_true: {classes.tolist()}."
        )
    eps = np.finfo(np.float64).eps
    if not np.all(np.isclose(P.sum(axis=1), 1.0, rtol=np.sqrt(eps))):
        warnings.warn("The y_prob values do not sum to one. Make sure to pass probabilities.",
                      UserWarning, stacklevel=3)
    codes = np.searchsorted(classes, y_true)
    return codes, P


def log_loss(y_true, y_proba, *, normalize=True, sample_weight=None, labels=None):
    r"""Cross-entropy (negative log-likelihood) of the true labels under ``y_proba``.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels.
    y_proba : array_like of shape (n_samples,) or (n_samples, n_classes)
        Probabilities: of the larger (positive) label when 1-D; columns in the sorted
        order of the labels when 2-D.
    normalize : bool, default True
        Return the (weighted) mean; if False, the sum.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.
    labels : array_like, optional
        The classes, when ``y_true`` does not contain all of them.

    Returns
    -------
    loss : float

    Raises
    ------
    ValueError
        Probabilities outside [0, 1] or not finite, a number of columns that does not
        match the number of classes, mismatched lengths.

    Warns
    -----
    UserWarning
        Rows of ``y_proba`` that do not sum to one (within ``sqrt(eps)``).

    Notes
    -----
    .. math::

        \mathcal L = -\frac{1}{\sum_k w_k}\sum_k w_k \log p_{k, y_k}.

    As in scikit-learn, probabilities are clipped to
    :math:`[\varepsilon, 1 - \varepsilon]` (:math:`\varepsilon` = float64 machine
    epsilon) so a confident mistake costs :math:`-\log\varepsilon \approx 36` instead
    of infinity. This is the only silent clip in the module.

    Examples
    --------
    >>> round(log_loss([0, 1, 1], [0.1, 0.8, 0.6]), 6)
    0.279777
    """
    codes, P = _prob_target(y_true, y_proba, labels)
    w = _weights(sample_weight, codes.shape[0])
    eps = np.finfo(np.float64).eps
    p_true = np.clip(P[np.arange(codes.shape[0]), codes], eps, 1 - eps)
    loss = -np.log(p_true)
    if normalize:
        return float(np.average(loss, weights=w))
    return float(np.sum(loss) if w is None else np.dot(loss, w))


def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None,
                     scale_by_half="auto"):
    r"""Brier score: the mean squared difference between probabilities and outcomes.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels.
    y_proba : array_like of shape (n_samples,) or (n_samples, n_classes)
        1-D: probability of the positive class; 2-D: one column per class, in the
        sorted order of the labels.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.
    pos_label : label, optional
        The positive class for 1-D ``y_proba`` (default: 1 for {0, 1} or {-1, 1}
        labels, otherwise the larger label for numeric labels).
    labels : array_like, optional
        The classes, for 2-D ``y_proba``.
    scale_by_half : bool or "auto", default "auto"
        Multiply by 1/2; "auto" does so for binary problems, so the binary score is the
        familiar :math:`\frac1n\sum_k (y_k - p_k)^2` in [0, 1].

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        Probabilities outside [0, 1], more than two classes with 1-D ``y_proba``,
        mismatched lengths.

    Notes
    -----
    .. math::

        \mathrm{BS} = \frac{c}{\sum_k w_k}\sum_k w_k \sum_{j=1}^{K} (Y_{kj} - P_{kj})^2,

    :math:`Y` the one-hot labels and :math:`c` = 1/2 when halved. A proper scoring
    rule: it is minimized in expectation by the true probabilities.

    Examples
    --------
    >>> round(brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    """
    if scale_by_half not in ("auto", True, False):
        raise ValueError(f"scale_by_half must be 'auto', True or False; got {scale_by_half!r}.")
    P = as_float_array(y_proba, "y_proba")
    if P.ndim == 1 or (P.ndim == 2 and P.shape[1] == 1):
        y = _labels_1d(y_true, "y_true")
        p = check_probabilities(P.reshape(-1), "y_prob")
        _same_length(y_true=y, y_prob=p)
        classes = np.unique(y)
        if classes.size > 2:
            raise ValueError(
                f"y_true has {classes.size} classes but y_proba is 1-D: pass one column "
                "per class for a multiclass Brier score."
            )
        try:
            pos = resolve_pos_label(classes, pos_label)
        except ValueError:
            if classes.dtype.kind in "OUS":
                raise
            pos = classes[-1]
        w = _weights(sample_weight, y.shape[0])
        sq = 2.0 * ((y == pos).astype(np.float64) - p) ** 2
        binary = True
    else:
        codes, P = _prob_target(y_true, P, labels)
        w = _weights(sample_weight, codes.shape[0])
        Y = np.zeros_like(P)
        Y[np.arange(codes.shape[0]), codes] = 1.0
        sq = np.sum((Y - P) ** 2, axis=1)
        binary = P.shape[1] < 3
    score = np.average(sq, weights=w)
    if scale_by_half == "auto":
        scale_by_half = binary
    if scale_by_half:
        score *= 0.5
    return float(score)
