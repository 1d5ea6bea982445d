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


# ----------------------------------------------------------- out-of-fold probabilities
def _oof_data(seed=5, n=200):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (X @ [1.5, -1.0, 0.0] + rng.logistic(size=n) > 0.5).astype(int)
    return X, y


def test_out_of_fold_proba_matches_sklearn_cross_val_predict():
    from sklearn.linear_model import LogisticRegression as SkLogReg
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from logreg_lib.model import LogisticRegression
    from logreg_lib.thresholds import out_of_fold_proba

    X, y = _oof_data()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    sk = SkLogReg(C=np.inf, tol=1e-12, max_iter=1000)
    ref = cross_val_predict(sk, X, y, cv=folds, method="predict_proba")[:, 1]
    # same estimator, same folds: identical
    np.testing.assert_array_equal(out_of_fold_proba(sk, X, y, random_state=7), ref)
    # the library's own unpenalized fit on the same folds agrees to the solvers' tolerance
    ours = out_of_fold_proba(LogisticRegression(), X, y, random_state=7)
    np.testing.assert_allclose(ours, ref, atol=1e-6)
    # and no case was predicted by a model that saw it: differs from the full fit
    full = LogisticRegression().fit(X, y).predict_proba(X)[:, 1]
    assert np.max(np.abs(ours - full)) > 1e-3


def test_out_of_fold_proba_with_weights_and_labels():
    from logreg_lib.model import LogisticRegression
    from logreg_lib.thresholds import out_of_fold_proba

    X, y = _oof_data(seed=6)
    labels = np.where(y == 1, "yes", "no")
    p_lab = out_of_fold_proba(LogisticRegression(), X, labels, random_state=1)
    p_num = out_of_fold_proba(LogisticRegression(), X, y, random_state=1)
    np.testing.assert_allclose(p_lab, p_num, atol=1e-12)
    w = np.where(y == 1, 3.0, 1.0)
    p_w = out_of_fold_proba(LogisticRegression(), X, y, random_state=1, sample_weight=w)
    assert p_w.mean() > p_num.mean() + 0.05  # up-weighted positives inflate p
    with pytest.raises(ValueError, match="fewer than n_splits"):
        out_of_fold_proba(LogisticRegression(), X[:12], np.r_[np.ones(3), np.zeros(9)])


def test_threshold_on_fitted_values_is_optimistic():
    # The F1 reached on the data that chose the threshold exceeds, on average, the F1
    # of the same rule on fresh data; with out-of-fold predictions the gap shrinks.
    from logreg_lib.model import LogisticRegression
    from logreg_lib.thresholds import out_of_fold_proba

    gaps_fit, gaps_oof = [], []
    for seed in range(12):
        X, y = _oof_data(seed=100 + seed, n=120)
        X_new, y_new = _oof_data(seed=500 + seed, n=4000)
        model = LogisticRegression().fit(X, y)
        p_new = model.predict_proba(X_new)[:, 1]
        for p_choose, gaps in [(model.predict_proba(X)[:, 1], gaps_fit),
                               (out_of_fold_proba(LogisticRegression(), X, y), gaps_oof)]:
            c = choose_threshold(y, p_choose, "f1")
            fresh = skm.f1_score(y_new, p_new >= c.threshold)
            gaps.append(c.value - fresh)
    assert np.mean(gaps_fit) > 0.01
    assert np.mean(gaps_oof) < np.mean(gaps_fit)
