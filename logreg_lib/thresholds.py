r"""Choosing the decision threshold (chapter 6).

Chapter 6 ("Thresholds, class imbalance, and calibration"): the rule "predict 1 when
:math:`p \ge 0.5`" is a convention, not a law. With calibrated probabilities and known
costs the best threshold follows from decision theory (:func:`bayes_optimal_threshold`);
otherwise it is chosen on held-out data for a stated goal (:func:`choose_threshold`).

Convention (scikit-learn's): a sample is predicted positive when
``y_prob >= threshold``.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import check_probabilities
from .metrics import counts_at_thresholds

__all__ = ["bayes_optimal_threshold", "ThresholdChoice", "choose_threshold"]


def _check_costs(cost_fp, cost_fn):
    for name, c in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
        try:
            c = float(c)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, got {c!r}.") from None
        if not (np.isfinite(c) and c > 0):
            raise ValueError(f"{name} must be a finite, positive cost, got {c!r}.")
    return float(cost_fp), float(cost_fn)


def bayes_optimal_threshold(cost_fp, cost_fn):
    r"""The probability threshold that minimizes the expected misclassification cost.

    Parameters
    ----------
    cost_fp : float
        Cost of a false positive (> 0).
    cost_fn : float
        Cost of a false negative (> 0).

    Returns
    -------
    threshold : float
        :math:`c_{FP} / (c_{FP} + c_{FN})`, in (0, 1).

    Raises
    ------
    ValueError
        A cost that is not a finite positive number.

    Notes
    -----
    For a sample with (calibrated) probability :math:`p` of being positive, predicting
    positive costs :math:`c_{FP}` with probability :math:`1 - p`, predicting negative
    costs :math:`c_{FN}` with probability :math:`p`. Predict positive when

    .. math::

        (1 - p)\, c_{FP} \le p\, c_{FN}
        \iff p \ge \frac{c_{FP}}{c_{FP} + c_{FN}} = t^\star .

    Equal costs give 1/2. Only the ratio of the costs matters. Costly misses
    (screening) lower the threshold; costly false alarms raise it. The rule is only as
    good as the calibration of :math:`p`.

    References
    ----------
    - Elkan, C. (2001). The foundations of cost-sensitive learning. *IJCAI 2001*,
      973-978.

    Examples
    --------
    >>> bayes_optimal_threshold(1.0, 9.0)
    0.1
    """
    cost_fp, cost_fn = _check_costs(cost_fp, cost_fn)
    return cost_fp / (cost_fp + cost_fn)


@dataclass
class ThresholdChoice:
    r"""Outcome of :func:`choose_threshold`.

    Attributes
    ----------
    threshold : float
        Predict positive when ``y_prob >= threshold`` (``inf``: predict no positive).
    criterion : str
        The criterion optimized.
    value : float
        The criterion's value at the threshold: mean cost per sample (``"cost"``), F1
        (``"f1"``), Youden's J (``"youden"``) or recall (``"recall"``).
    confusion_matrix : ndarray of shape (2, 2)
        ``[[TN, FP], [FN, TP]]`` (weighted counts if weights were given).
    precision, recall, specificity, f1, accuracy, balanced_accuracy : float
        Headline metrics at the threshold (precision is 0 when nothing is predicted
        positive).
    """

    threshold: float
    criterion: str
    value: float
    confusion_matrix: np.ndarray
    precision: float
    recall: float
    specificity: float
    f1: float
    accuracy: float
    balanced_accuracy: float


def choose_threshold(y_true, y_prob, criterion="cost", *, cost_fp=1.0, cost_fn=1.0,
                     min_recall=None, pos_label=None, sample_weight=None):
    r"""Pick a decision threshold on held-out data for a stated criterion.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        True labels, {0, 1} or {-1, 1} unless ``pos_label`` is given; both classes.
    y_prob : array_like of shape (n_samples,)
        Predicted probabilities of the positive class.
    criterion : {"cost", "f1", "youden", "recall"}, default "cost"
        ``"cost"``: minimize :math:`c_{FP} FP + c_{FN} FN`; ``"f1"``: maximize F1;
        ``"youden"``: maximize :math:`J = TPR - FPR`; ``"recall"``: the largest
        threshold whose recall is at least ``min_recall`` (the fewest positive
        predictions, hence fewest false alarms, that meet the recall target).
    cost_fp, cost_fn : float, default 1.0
        Positive costs of a false positive and a false negative (criterion "cost").
    min_recall : float in (0, 1], optional
        Required for ``criterion="recall"``.
    pos_label : label, optional
        The positive class.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights.

    Returns
    -------
    choice : ThresholdChoice
        The threshold, the criterion's value, the confusion matrix and headline metrics.

    Raises
    ------
    ValueError
        Unknown criterion, costs not positive, ``min_recall`` missing or outside
        (0, 1], probabilities outside [0, 1], one class only, mismatched lengths.

    Notes
    -----
    Candidates are the distinct values of ``y_prob`` (every achievable confusion
    matrix) and ``inf`` (no positive prediction); all are scored at once from the
    cumulative counts of :func:`logreg_lib.metrics.roc_curve`'s computation, then

    .. math::

        t^\star = \arg\min_t\ c_{FP}\,FP(t) + c_{FN}\,FN(t), \quad
        \arg\max_t \frac{2\,TP(t)}{2\,TP(t) + FP(t) + FN(t)}, \quad
        \arg\max_t\ TPR(t) - FPR(t),

    ties broken towards the larger threshold. Choose it on data not used for fitting,
    and report the metrics on yet other data: the chosen value is optimistic on the
    data that chose it. With calibrated probabilities the cost criterion lands near
    :func:`bayes_optimal_threshold`.

    Examples
    --------
    >>> y = [0, 0, 0, 1, 0, 1, 1, 1]
    >>> p = [0.1, 0.2, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9]
    >>> choice = choose_threshold(y, p, "youden")
    >>> choice.threshold, choice.confusion_matrix.tolist()
    (0.7, [[4, 0], [1, 3]])
    """
    criteria = ("cost", "f1", "youden", "recall")
    if criterion not in criteria:
        raise ValueError(f"criterion must be one of {criteria}, got {criterion!r}.")
    cost_fp, cost_fn = _check_costs(cost_fp, cost_fn)
    if criterion == "recall":
        if min_recall is None or not (0 < float(min_recall) <= 1):
            raise ValueError(f"criterion='recall' needs min_recall in (0, 1], got {min_recall!r}.")
    check_probabilities(np.asarray(y_prob, dtype=float) if not hasattr(y_prob, "to_numpy")
                        else y_prob.to_numpy(), "y_prob")
    fps, tps, thr = counts_at_thresholds(y_true, y_prob, pos_label=pos_label,
                                         sample_weight=sample_weight)
    # prepend the "nobody positive" candidate
    fps = np.concatenate([[0.0], fps])
    tps = np.concatenate([[0.0], tps])
    thr = np.concatenate([[np.inf], thr])
    P, N = tps[-1], fps[-1]
    fns, tns = P - tps, N - fps
    total = P + N
    if criterion == "cost":
        score = -(cost_fp * fps + cost_fn * fns)
    elif criterion == "f1":
        score = 2 * tps / (2 * tps + fps + fns)
    elif criterion == "youden":
        score = tps / P - fps / N
    else:
        ok = tps / P >= float(min_recall) - 1e-12
        score = np.where(ok, 0.0, -1.0)  # first (largest) threshold meeting the target
    i = int(np.argmax(score))  # first maximum: the largest threshold among ties
    tp, fp, fn, tn = tps[i], fps[i], fns[i], tns[i]
    integer = sample_weight is None
    cm = np.array([[tn, fp], [fn, tp]])
    cm = cm.round().astype(np.int64) if integer else cm
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / P
    specificity = tn / N
    f1 = 2 * tp / (2 * tp + fp + fn)
    value = {
        "cost": (cost_fp * fp + cost_fn * fn) / total,
        "f1": f1,
        "youden": recall - fp / N,
        "recall": recall,
    }[criterion]
    return ThresholdChoice(
        threshold=float(thr[i]), criterion=criterion, value=float(value), confusion_matrix=cm,
        precision=float(precision), recall=float(recall), specificity=float(specificity),
        f1=float(f1), accuracy=float((tp + tn) / total),
        balanced_accuracy=float((recall + specificity) / 2),
    )


__all__ += ["out_of_fold_proba"]


def out_of_fold_proba(estimator, X, y, *, n_splits=5, random_state=0, sample_weight=None):
    r"""Cross-validated probabilities: each case predicted by a model that did not see it.

    Parameters
    ----------
    estimator : object
        An unfitted binary classifier with ``get_params``, ``fit(X, y[,
        sample_weight])`` and ``predict_proba`` (the library's
        :class:`logreg_lib.model.LogisticRegression` or a scikit-learn classifier).
        It is never fitted itself: each fold fits a fresh copy built from its
        parameters.
    X : array_like of shape (n_samples, n_features)
        Features.
    y : array_like of shape (n_samples,)
        Labels of two classes.
    n_splits : int, default 5
        Folds of ``sklearn.model_selection.StratifiedKFold``.
    random_state : int, default 0
        Seed of the shuffled folds.
    sample_weight : array_like of shape (n_samples,), optional
        Passed to each fold's ``fit``.

    Returns
    -------
    p_oof : ndarray of shape (n_samples,)
        Probability of the positive class (the larger label) for every case, from the
        fold model that was fitted without it.

    Raises
    ------
    ValueError
        Not exactly two classes, a class with fewer than ``n_splits`` cases,
        mismatched lengths.

    Notes
    -----
    With folds :math:`F_1, \dots, F_K` and :math:`\hat{\boldsymbol\beta}^{(-k)}` fitted
    on all cases outside :math:`F_k`,

    .. math::

        \hat p^{\,\text{oof}}_i = \sigma\big(\hat\beta_0^{(-k)} +
        \mathbf x_i^\top \hat{\boldsymbol\beta}^{(-k)}\big), \qquad i \in F_k .

    A threshold chosen on these (:func:`choose_threshold`) is tuned on predictions
    that behave like predictions for new cases, not on the fitted values, which are
    optimistic; every training case still takes part. The same as
    ``sklearn.model_selection.cross_val_predict(..., method="predict_proba")[:, 1]``
    with the same folds (a test checks it), for estimators that scikit-learn can
    clone.

    Examples
    --------
    >>> from logreg_lib.model import LogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> y = (X[:, 0] + rng.normal(size=60) > 0).astype(int)
    >>> p = out_of_fold_proba(LogisticRegression(), X, y)
    >>> p.shape, bool(np.all((p > 0) & (p < 1)))
    ((60,), True)
    """
    from sklearn.model_selection import StratifiedKFold

    from ._validation import check_binary_labels, check_matrix, check_same_length

    X = check_matrix(X, "X")
    classes, y01 = check_binary_labels(y)
    check_same_length(X=X, y=y01)
    y_arr = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    smallest = int(min(y01.sum(), (1 - y01).sum()))
    if smallest < n_splits:
        raise ValueError(f"The smaller class has {smallest} cases, fewer than n_splits="
                         f"{n_splits}: every fold needs both classes.")
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    params = estimator.get_params()
    p_oof = np.empty(X.shape[0])
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    for fit_idx, out_idx in folds.split(X, y01):
        model = type(estimator)(**params)
        if w is None:
            model.fit(X[fit_idx], y_arr[fit_idx])
        else:
            model.fit(X[fit_idx], y_arr[fit_idx], sample_weight=w[fit_idx])
        col = int(np.flatnonzero(np.asarray(model.classes_) == classes[1])[0])
        p_oof[out_idx] = np.asarray(model.predict_proba(X[out_idx]))[:, col]
    return p_oof
