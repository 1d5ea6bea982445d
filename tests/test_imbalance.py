"""Tests for logreg_lib.imbalance.

The prior-shift correction is checked exactly (1e-12) on a saturated model, where the
fitted probabilities are the (weighted) class frequencies of each covariate group, so
no optimizer is involved; and approximately with part 1's LogisticRegression.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight

from logreg_lib.imbalance import (
    balanced_class_weights,
    balanced_sample_weights,
    prior_shift_correction,
    random_oversample,
    random_undersample,
)


def test_balanced_weights_match_sklearn():
    y = np.array(["a"] * 7 + ["b"] * 2 + ["c"] * 11)
    cw = balanced_class_weights(y)
    ref = compute_class_weight("balanced", classes=np.unique(y), y=y)
    np.testing.assert_allclose([cw[c] for c in ["a", "b", "c"]], ref, rtol=1e-15)
    np.testing.assert_allclose(balanced_sample_weights(y), compute_sample_weight("balanced", y), rtol=1e-15)
    assert balanced_sample_weights(y).sum() == pytest.approx(len(y))
    np.testing.assert_allclose(balanced_sample_weights(y, {"a": 2.0}), np.where(y == "a", 2.0, 1.0))
    with pytest.raises(ValueError, match="positive"):
        balanced_sample_weights(y, {"a": -1.0})


def test_resampling_is_seeded_and_balanced():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = np.array([0] * 40 + [1] * 10)
    Xo, yo, io = random_oversample(X, y, random_state=1, return_indices=True)
    assert np.bincount(yo).tolist() == [40, 40]
    np.testing.assert_array_equal(Xo, X[io])
    assert set(range(50)) <= set(io.tolist())  # every original row kept
    Xo2, yo2 = random_oversample(X, y, random_state=1)
    np.testing.assert_array_equal(Xo, Xo2)
    assert not np.array_equal(random_oversample(X, y, random_state=2)[0], Xo)
    Xu, yu, iu = random_undersample(X, y, random_state=1, return_indices=True)
    assert np.bincount(yu).tolist() == [10, 10]
    assert len(set(iu.tolist())) == 20 and np.all(np.diff(iu) > 0)
    np.testing.assert_array_equal(random_undersample(X, y, random_state=1)[0], Xu)
    with pytest.raises(ValueError, match="Inconsistent"):
        random_oversample(X, y[:-1])


def test_prior_shift_exact_on_saturated_model():
    rng = np.random.default_rng(1)
    g = rng.integers(0, 4, 5000)                     # 4 covariate groups
    y = (rng.uniform(size=5000) < np.array([0.02, 0.05, 0.1, 0.3])[g]).astype(int)
    w = balanced_sample_weights(y)
    pi_true = y.mean()
    pi_train = np.sum(w * y) / np.sum(w)
    assert pi_train == pytest.approx(0.5)
    p_true = np.array([y[g == k].mean() for k in range(4)])      # unweighted MLE
    p_w = np.array([np.sum(w[g == k] * y[g == k]) / np.sum(w[g == k]) for k in range(4)])  # weighted MLE
    assert np.all(p_w > p_true + 0.05)              # the distortion
    np.testing.assert_allclose(prior_shift_correction(p_w, pi_train, pi_true), p_true, rtol=1e-12)  # the cure


def test_prior_shift_with_the_library_model():
    model = pytest.importorskip("logreg_lib.model")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(20000, 2))
    y = (rng.uniform(size=20000) < 1 / (1 + np.exp(-(X @ [1.0, -0.5] - 3.0)))).astype(int)
    plain = model.LogisticRegression().fit(X, y).predict_proba(X)[:, 1]
    weighted = model.LogisticRegression().fit(X, y, sample_weight=balanced_sample_weights(y)).predict_proba(X)[:, 1]
    corrected = prior_shift_correction(weighted, 0.5, y.mean())
    assert np.abs(weighted - plain).max() > 0.3
    assert np.abs(corrected - plain).max() < 0.03
    assert corrected.mean() == pytest.approx(y.mean(), abs=0.005)


@settings(derandomize=True, max_examples=50, deadline=None)
@given(p=st.floats(0, 1), a=st.floats(0.01, 0.99), b=st.floats(0.01, 0.99))
def test_prior_shift_round_trip(p, a, b):
    there = prior_shift_correction(p, a, b)
    assert 0 <= there <= 1
    assert prior_shift_correction(there, b, a) == pytest.approx(p, abs=1e-9)
    assert prior_shift_correction(p, a, a) == pytest.approx(p, abs=1e-15)


def test_prior_shift_errors():
    with pytest.raises(ValueError, match="train_prior"):
        prior_shift_correction(0.3, 0.0, 0.5)
    with pytest.raises(ValueError, match="true_prior"):
        prior_shift_correction(0.3, 0.5, 1.0)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        prior_shift_correction([0.3, 1.2], 0.5, 0.2)


# ------------------------------------------------------------- case-control sampling
def test_case_control_offset_is_the_prior_shift():
    from logreg_lib.imbalance import case_control_offset

    # the shares of positives before and after sampling differ by the offset in logit
    pi, r1, r0 = 0.03, 0.9, 0.05
    pi_s = pi * r1 / (pi * r1 + (1 - pi) * r0)
    logit = lambda q: np.log(q / (1 - q))  # noqa: E731
    assert logit(pi_s) - logit(pi) == pytest.approx(case_control_offset(r1, r0), abs=1e-12)
    # so removing the offset from the score is prior_shift_correction
    z = np.linspace(-6, 6, 25)
    p_sample = 1 / (1 + np.exp(-(z + case_control_offset(r1, r0))))
    np.testing.assert_allclose(prior_shift_correction(p_sample, pi_s, pi),
                               1 / (1 + np.exp(-z)), atol=1e-12)
    with pytest.raises(ValueError, match="control_rate"):
        case_control_offset(1.0, 0.0)
    with pytest.raises(ValueError, match="case_rate"):
        case_control_offset(1.5, 0.1)


def test_case_control_sample_rates_and_seed():
    from logreg_lib.imbalance import case_control_sample

    rng = np.random.default_rng(0)
    X = rng.normal(size=(20000, 2))
    y = (rng.uniform(size=20000) < 0.1).astype(int)
    Xs, ys, idx = case_control_sample(X, y, case_rate=0.8, control_rate=0.2,
                                      random_state=3, return_indices=True)
    np.testing.assert_array_equal(Xs, X[idx])
    assert np.all(np.diff(idx) > 0)
    n1, n0 = int(y.sum()), int((1 - y).sum())
    # binomial counts: within 4 standard deviations of r * n
    assert abs(ys.sum() - 0.8 * n1) < 4 * np.sqrt(n1 * 0.8 * 0.2)
    assert abs((1 - ys).sum() - 0.2 * n0) < 4 * np.sqrt(n0 * 0.2 * 0.8)
    Xs2, ys2 = case_control_sample(X, y, case_rate=0.8, control_rate=0.2, random_state=3)
    np.testing.assert_array_equal(Xs2, Xs)
    with pytest.raises(ValueError, match="0/1"):
        case_control_sample(X, y + 1, control_rate=0.5)
    with pytest.raises(ValueError, match="Inconsistent"):
        case_control_sample(X[:5], y, control_rate=0.5)


def test_prentice_pyke_by_simulation():
    # Population from a known logistic model; keep all cases and 5% of controls. The
    # fit on the sample recovers the slopes, and its intercept is beta_0 + log(1/0.05),
    # each within 4 of the fit's own standard errors.
    from logreg_lib.imbalance import case_control_offset, case_control_sample
    from logreg_lib.inference import covariance
    from logreg_lib.model import LogisticRegression

    rng = np.random.default_rng(11)
    n, beta0, beta = 200_000, -4.0, np.array([1.0, -0.5])
    X = rng.normal(size=(n, 2))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(beta0 + X @ beta)))).astype(int)
    Xs, ys = case_control_sample(X, y, control_rate=0.05, random_state=12)
    fit = LogisticRegression().fit(Xs, ys)
    design = np.column_stack([np.ones(len(ys)), Xs])
    se = np.sqrt(np.diag(covariance(np.r_[fit.intercept_, fit.coef_], design)))
    offset = case_control_offset(1.0, 0.05)
    assert abs(fit.intercept_ - (beta0 + offset)) < 4 * se[0]
    assert np.all(np.abs(fit.coef_ - beta) < 4 * se[1:])
    # the uncorrected intercept is far off: the shift is real, not noise
    assert abs(fit.intercept_ - beta0) > 20 * se[0]
