"""Tests for logreg_lib.metrics: agreement with sklearn.metrics to 1e-12.

The tolerance is 1e-12 (absolute and relative) because both sides do the same
arithmetic (same sort, same cumulative sums, same trapezoid rule); only the order of
additions inside a run of tied scores may differ, which moves the last bits.
"""

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg_lib import metrics as M
from logreg_lib.exceptions import UndefinedMetricWarning

TOL = dict(rtol=1e-12, atol=1e-12)


def _data(seed, n=300, tied=False, weights=False):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    s = rng.normal(size=n) + 0.8 * y
    if tied:
        s = np.round(s, 1)  # many ties, mixed classes inside ties
    w = rng.uniform(0.0, 3.0, n) if weights else None
    if weights:
        w[rng.integers(0, n, 10)] = 0.0  # zero weights are dropped, as in sklearn
    return y, s, w


CASES = [(seed, tied, weights) for seed in range(3) for tied in (False, True) for weights in (False, True)]


@pytest.mark.parametrize("seed,tied,weights", CASES)
def test_roc_curve_matches_sklearn(seed, tied, weights):
    y, s, w = _data(seed, tied=tied, weights=weights)
    for drop in (True, False):
        ours = M.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        ref = skm.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        for a, b in zip(ours, ref):
            assert a.shape == b.shape
            np.testing.assert_allclose(a, b, **TOL)
    assert np.isposinf(ours[2][0])


@pytest.mark.parametrize("seed,tied,weights", CASES)
def test_ranking_scores_match_sklearn(seed, tied, weights):
    y, s, w = _data(seed, tied=tied, weights=weights)
    assert M.roc_auc_score(y, s, sample_weight=w) == pytest.approx(
        skm.roc_auc_score(y, s, sample_weight=w), abs=1e-12)
    assert M.average_precision_score(y, s, sample_weight=w) == pytest.approx(
        skm.average_precision_score(y, s, sample_weight=w), abs=1e-12)
    for max_fpr in (0.1, 0.5):
        assert M.roc_auc_score(y, s, sample_weight=w, max_fpr=max_fpr) == pytest.approx(
            skm.roc_auc_score(y, s, sample_weight=w, max_fpr=max_fpr), abs=1e-12)
    for drop in (False, True):
        ours = M.precision_recall_curve(y, s, sample_weight=w, drop_intermediate=drop)
        ref = skm.precision_recall_curve(y, s, sample_weight=w, drop_intermediate=drop)
        for a, b in zip(ours, ref):
            assert a.shape == b.shape
            np.testing.assert_allclose(a, b, **TOL)


def test_pr_curve_order_and_last_point():
    p, r, t = M.precision_recall_curve([0, 1, 1, 0, 1], [0.2, 0.9, 0.2, 0.5, 0.7])
    assert p[-1] == 1.0 and r[-1] == 0.0
    assert np.all(np.diff(t) > 0) and np.all(np.diff(r) <= 0)
    assert len(p) == len(r) == len(t) + 1


def test_auc_is_mann_whitney_with_half_ties():
    # direct O(n^2) count, independent of the curve code
    y, s, w = _data(7, n=120, tied=True, weights=True)
    pos, neg = y == 1, y == 0
    diff = s[pos][:, None] - s[neg][None, :]
    ww = w[pos][:, None] * w[neg][None, :]
    expected = np.sum(ww * ((diff > 0) + 0.5 * (diff == 0))) / ww.sum()
    assert M.roc_auc_score(y, s, sample_weight=w) == pytest.approx(expected, abs=1e-12)


def test_pos_label_and_string_labels():
    y, s, _ = _data(3)
    lab = np.where(y == 1, "spam", "ham")
    for pl in ("spam", "ham"):
        for ours, ref in zip(M.roc_curve(lab, s, pos_label=pl), skm.roc_curve(lab, s, pos_label=pl)):
            np.testing.assert_allclose(ours, ref, **TOL)
        assert M.average_precision_score(lab, s, pos_label=pl) == pytest.approx(
            skm.average_precision_score(lab, s, pos_label=pl), abs=1e-12)
    # roc_auc_score: the larger label is positive ("spam" > "ham")
    assert M.roc_auc_score(lab, s) == pytest.approx(skm.roc_auc_score(lab, s), abs=1e-12)
    # -1/1 labels need no pos_label
    ypm = 2 * y - 1
    np.testing.assert_allclose(M.roc_curve(ypm, s)[1], skm.roc_curve(ypm, s)[1], **TOL)
    with pytest.raises(ValueError, match="pos_label"):
        M.roc_curve(lab, s)


@pytest.mark.parametrize("weights", [False, True])
def test_label_metrics_match_sklearn(weights):
    rng = np.random.default_rng(11)
    y = rng.integers(0, 2, 400)
    yp = np.where(rng.uniform(size=400) < 0.75, y, 1 - y)
    w = rng.uniform(0, 2, 400) if weights else None
    np.testing.assert_array_equal(M.confusion_matrix(y, yp, sample_weight=w),
                                  skm.confusion_matrix(y, yp, sample_weight=w))
    for norm in ("true", "pred", "all"):
        np.testing.assert_allclose(M.confusion_matrix(y, yp, sample_weight=w, normalize=norm),
                                   skm.confusion_matrix(y, yp, sample_weight=w, normalize=norm), **TOL)
    for name in ("precision_score", "recall_score", "f1_score"):
        for pl in (0, 1):
            assert getattr(M, name)(y, yp, pos_label=pl, sample_weight=w) == pytest.approx(
                getattr(skm, name)(y, yp, pos_label=pl, sample_weight=w), abs=1e-12)
    assert M.accuracy_score(y, yp, sample_weight=w) == pytest.approx(
        skm.accuracy_score(y, yp, sample_weight=w), abs=1e-12)
    assert M.accuracy_score(y, yp, sample_weight=w, normalize=False) == pytest.approx(
        skm.accuracy_score(y, yp, sample_weight=w, normalize=False), abs=1e-9)
    for adj in (False, True):
        assert M.balanced_accuracy_score(y, yp, sample_weight=w, adjusted=adj) == pytest.approx(
            skm.balanced_accuracy_score(y, yp, sample_weight=w, adjusted=adj), abs=1e-12)


def test_multiclass_label_metrics_match_sklearn():
    rng = np.random.default_rng(5)
    y = rng.choice(np.array(["a", "b", "c", "d"]), 300)
    yp = np.where(rng.uniform(size=300) < 0.6, y, rng.choice(np.array(["a", "b", "c"]), 300))
    np.testing.assert_array_equal(M.confusion_matrix(y, yp), skm.confusion_matrix(y, yp))
    lab = ["d", "a", "c"]
    np.testing.assert_array_equal(M.confusion_matrix(y, yp, labels=lab), skm.confusion_matrix(y, yp, labels=lab))
    assert M.accuracy_score(y, yp) == skm.accuracy_score(y, yp)
    assert M.balanced_accuracy_score(y, yp) == pytest.approx(skm.balanced_accuracy_score(y, yp), abs=1e-12)
    for avg in ("micro", "macro", "weighted"):
        for name in ("precision_score", "recall_score", "f1_score"):
            assert getattr(M, name)(y, yp, average=avg) == pytest.approx(
                getattr(skm, name)(y, yp, average=avg), abs=1e-12)
    np.testing.assert_allclose(M.f1_score(y, yp, average=None), skm.f1_score(y, yp, average=None), **TOL)
    with pytest.raises(ValueError, match="multiclass"):
        M.precision_score(y, yp)


def test_zero_division():
    y, yp = [1, 1, 0], [0, 0, 0]
    with pytest.warns(UndefinedMetricWarning):
        assert M.precision_score(y, yp) == 0.0
    assert M.precision_score(y, yp, zero_division=1.0) == 1.0
    assert np.isnan(M.precision_score(y, yp, zero_division=np.nan))
    with pytest.raises(ValueError, match="zero_division"):
        M.precision_score(y, yp, zero_division=0.5)


@pytest.mark.parametrize("weights", [False, True])
def test_probability_scores_match_sklearn(weights):
    rng = np.random.default_rng(2)
    n = 200
    y = rng.integers(0, 2, n)
    p = rng.uniform(size=n)
    p[:3] = [0.0, 1.0, 1.0]  # clipped to eps as in sklearn
    w = rng.uniform(0, 2, n) if weights else None
    assert M.log_loss(y, p, sample_weight=w) == pytest.approx(skm.log_loss(y, p, sample_weight=w), rel=1e-12)
    assert M.log_loss(y, p, sample_weight=w, normalize=False) == pytest.approx(
        skm.log_loss(y, p, sample_weight=w, normalize=False), rel=1e-12)
    assert M.brier_score_loss(y, p, sample_weight=w) == pytest.approx(
        skm.brier_score_loss(y, p, sample_weight=w), rel=1e-12)
    assert M.brier_score_loss(y, p, pos_label=0) == pytest.approx(skm.brier_score_loss(y, p, pos_label=0), rel=1e-12)
    # (n, K) probabilities
    P = rng.dirichlet(np.ones(4), size=n)
    yk = rng.integers(0, 4, n)
    assert M.log_loss(yk, P, sample_weight=w) == pytest.approx(skm.log_loss(yk, P, sample_weight=w), rel=1e-12)
    assert M.brier_score_loss(yk, P, sample_weight=w) == pytest.approx(
        skm.brier_score_loss(yk, P, sample_weight=w), rel=1e-12)
    # labels= when y_true misses a class
    assert M.log_loss(np.zeros(n, int) + (yk > 0), P[:, :2] / P[:, :2].sum(1, keepdims=True), labels=[0, 1]) == pytest.approx(
        skm.log_loss(np.zeros(n, int) + (yk > 0), P[:, :2] / P[:, :2].sum(1, keepdims=True), labels=[0, 1]), rel=1e-12)
    yk3 = np.where(yk == 3, 0, yk)
    assert M.log_loss(yk3, P, labels=[0, 1, 2, 3]) == pytest.approx(skm.log_loss(yk3, P, labels=[0, 1, 2, 3]), rel=1e-12)


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="both"):
        M.roc_curve([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="both"):
        M.precision_recall_curve([0, 0, 0], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="two classes"):
        M.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="NaN"):
        M.roc_auc_score([0, 1, 1], [0.1, np.nan, 0.3])
    with pytest.raises(ValueError, match="Inconsistent"):
        M.roc_auc_score([0, 1, 1], [0.1, 0.3])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        M.log_loss([0, 1], [0.5, 1.2])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        M.brier_score_loss([0, 1], [-0.1, 0.5])
    with pytest.raises(ValueError, match="Inconsistent"):
        M.confusion_matrix([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="normalize"):
        M.confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match="different numbers of classes"):
        M.log_loss([0, 1, 2], [0.2, 0.5, 0.7])
    with pytest.warns(UserWarning, match="sum to one"):
        M.log_loss([0, 1], [[0.5, 0.6], [0.5, 0.5]])


scores = st.lists(st.integers(-20, 20), min_size=4, max_size=40)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(raw=scores, seed=st.integers(0, 2**16))
def test_ranking_metrics_invariant_to_increasing_transform(raw, seed):
    rng = np.random.default_rng(seed)
    s = np.asarray(raw, dtype=float) / 4.0  # integers: ties are common
    y = rng.integers(0, 2, s.size)
    y[:2] = [0, 1]
    t = np.exp(s) * 3.0 + 1.0  # strictly increasing, preserves ties
    assert M.roc_auc_score(y, t) == pytest.approx(M.roc_auc_score(y, s), abs=1e-12)
    assert M.average_precision_score(y, t) == pytest.approx(M.average_precision_score(y, s), abs=1e-12)
    # and both agree with sklearn on these tie-heavy inputs
    assert M.roc_auc_score(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
    assert M.average_precision_score(y, s) == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)


@pytest.mark.parametrize("y_pred", [[0, 0, 0], [0, 1, 0]])
def test_adjusted_balanced_accuracy_on_one_class_behaves_like_sklearn(y_pred):
    """Issue 10: one class in y_true made the adjusted score divide by zero (a crash);
    scikit-learn returns nan (all right) or -inf (below chance)."""
    with pytest.warns(UndefinedMetricWarning):
        ours = M.balanced_accuracy_score([0, 0, 0], y_pred, adjusted=True)
    with np.errstate(all="ignore"), pytest.warns(UserWarning):  # sklearn warns too
        ref = skm.balanced_accuracy_score([0, 0, 0], y_pred, adjusted=True)
    np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("y, match", [
    (np.array([0, None, 1], dtype=object), "missing label"),
    (np.array([0, "a", 1], dtype=object), "mixes strings and numbers"),
])
def test_label_metrics_refuse_missing_and_mixed_labels(y, match):
    with pytest.raises(ValueError, match=match):
        M.accuracy_score(y, np.array([0, 1, 1], dtype=object))
