"""Tests for logreg_lib.thresholds: brute force over every candidate threshold as reference."""

import numpy as np
import pytest
import sklearn.metrics as skm

from logreg_lib.thresholds import bayes_optimal_threshold, choose_threshold


def _data(seed=0, n=150):
    rng = np.random.default_rng(seed)
    y = (rng.uniform(size=n) < 0.3).astype(int)
    p = np.clip(np.round(rng.beta(2, 5, n) + 0.35 * y, 2), 0, 1)  # ties on purpose
    return y, p


def _brute(y, p, score):
    """Evaluate score(tn, fp, fn, tp) at every candidate (descending), first maximum."""
    cands = np.concatenate([[np.inf], np.unique(p)[::-1]])
    vals = []
    for t in cands:
        pred = p >= t
        tp, fp = np.sum(pred & (y == 1)), np.sum(pred & (y == 0))
        fn, tn = np.sum(~pred & (y == 1)), np.sum(~pred & (y == 0))
        vals.append(score(tn, fp, fn, tp))
    i = int(np.argmax(vals))
    return cands[i], vals[i]


def test_bayes_optimal_threshold():
    assert bayes_optimal_threshold(1, 1) == 0.5
    assert bayes_optimal_threshold(2.0, 6.0) == pytest.approx(0.25)
    for bad in (0, -1, np.inf, np.nan, "x"):
        with pytest.raises(ValueError, match="cost_fp"):
            bayes_optimal_threshold(bad, 1.0)
    with pytest.raises(ValueError, match="cost_fn"):
        bayes_optimal_threshold(1.0, 0.0)


@pytest.mark.parametrize("seed", [0, 1])
def test_criteria_match_brute_force(seed):
    y, p = _data(seed)
    c = choose_threshold(y, p, "cost", cost_fp=1.0, cost_fn=4.0)
    t, v = _brute(y, p, lambda tn, fp, fn, tp: -(fp + 4.0 * fn))
    assert c.threshold == t and c.value == pytest.approx(-v / len(y))
    c = choose_threshold(y, p, "f1")
    t, v = _brute(y, p, lambda tn, fp, fn, tp: 2 * tp / (2 * tp + fp + fn))
    assert c.threshold == t and c.value == pytest.approx(v)
    assert c.f1 == pytest.approx(skm.f1_score(y, (p >= c.threshold).astype(int)))
    c = choose_threshold(y, p, "youden")
    t, v = _brute(y, p, lambda tn, fp, fn, tp: tp / (tp + fn) - fp / (fp + tn))
    assert c.threshold == t and c.value == pytest.approx(v)
    pred = (p >= c.threshold).astype(int)
    np.testing.assert_array_equal(c.confusion_matrix, skm.confusion_matrix(y, pred))
    assert c.precision == pytest.approx(skm.precision_score(y, pred))
    assert c.recall == pytest.approx(skm.recall_score(y, pred))
    assert c.balanced_accuracy == pytest.approx(skm.balanced_accuracy_score(y, pred))
    assert c.accuracy == pytest.approx(skm.accuracy_score(y, pred))
    c = choose_threshold(y, p, "recall", min_recall=0.9)
    assert c.recall >= 0.9
    higher = np.unique(p)[np.unique(p) > c.threshold]
    if higher.size:  # the next larger candidate misses the target
        assert skm.recall_score(y, (p >= higher[0]).astype(int)) < 0.9


def test_cost_criterion_near_bayes_threshold_for_calibrated_probabilities():
    rng = np.random.default_rng(3)
    p = rng.uniform(size=20000)
    y = (rng.uniform(size=20000) < p).astype(int)  # calibrated by construction
    c = choose_threshold(y, p, cost_fp=1.0, cost_fn=3.0)
    assert c.threshold == pytest.approx(bayes_optimal_threshold(1.0, 3.0), abs=0.03)


def test_threshold_errors():
    y, p = _data()
    with pytest.raises(ValueError, match="criterion"):
        choose_threshold(y, p, "accuracy")
    with pytest.raises(ValueError, match="cost_fn"):
        choose_threshold(y, p, cost_fn=-1.0)
    with pytest.raises(ValueError, match="min_recall"):
        choose_threshold(y, p, "recall")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        choose_threshold(y, p * 2)
    with pytest.raises(ValueError, match="both"):
        choose_threshold(np.ones_like(y), p)
    with pytest.raises(ValueError, match="Inconsistent"):
        choose_threshold(y[:-1], p)
