"""Tests for logreg_lib.calibration.

References: scikit-learn's ``calibration_curve``, ``isotonic_regression`` and
``IsotonicRegression(out_of_bounds="clip")`` (tolerance 1e-12: PAVA block means are
weighted means of the same numbers, summed in a different order), a hand-computed
binning, and an independent scipy minimization for Platt scaling (tolerance 1e-6 on
the parameters: two optimizers stopping at their own tolerances).
"""

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve as sk_calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.isotonic import isotonic_regression as sk_isotonic_regression

from logreg_lib.calibration import (
    IsotonicCalibrator,
    PlattScaler,
    calibration_curve,
    expected_calibration_error,
    isotonic_regression,
)

TOL = dict(rtol=1e-12, atol=1e-12)


def test_calibration_curve_hand_computed():
    # uniform bins of width 0.25: (.., .25], (.25, .5], (.5, .75], (.75, 1]
    # 0.25 sits on an edge and goes to the lower bin; bin 3 is empty and dropped.
    y = np.array([0, 1, 0, 1, 1, 0, 1])
    p = np.array([0.05, 0.25, 0.3, 0.45, 0.9, 0.95, 1.0])
    t, m, c = calibration_curve(y, p, n_bins=4, return_counts=True)
    np.testing.assert_allclose(t, [1 / 2, 1 / 2, 2 / 3], **TOL)
    np.testing.assert_allclose(m, [0.15, 0.375, (0.9 + 0.95 + 1.0) / 3], **TOL)
    np.testing.assert_array_equal(c, [2, 2, 3])
    ece = (2 * abs(0.5 - 0.15) + 2 * abs(0.5 - 0.375) + 3 * abs(2 / 3 - 2.85 / 3)) / 7
    assert expected_calibration_error(y, p, n_bins=4) == pytest.approx(ece, abs=1e-12)


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [3, 10])
def test_calibration_curve_matches_sklearn(strategy, n_bins):
    rng = np.random.default_rng(0)
    p = rng.beta(0.7, 1.3, 500)
    p[:20] = np.round(p[:20], 1)  # values on bin edges
    y = (rng.uniform(size=500) < p**1.3).astype(int)
    ours = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    ref = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    for a, b in zip(ours, ref):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, **TOL)
    lab = np.where(y == 1, "yes", "no")
    for a, b in zip(calibration_curve(lab, p, pos_label="yes", n_bins=n_bins, strategy=strategy),
                    sk_calibration_curve(lab, p, pos_label="yes", n_bins=n_bins, strategy=strategy)):
        np.testing.assert_allclose(a, b, **TOL)


def test_ece_zero_for_perfectly_calibrated_bins_and_errors():
    y = np.array([0, 1, 0, 1])
    p = np.array([0.5, 0.5, 0.5, 0.5])
    assert expected_calibration_error(y, p) == 0.0
    with pytest.raises(ValueError, match="strategy"):
        calibration_curve(y, p, strategy="kmeans")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        calibration_curve(y, [0.1, 0.2, 1.5, 0.3])
    with pytest.raises(ValueError, match="Inconsistent"):
        calibration_curve(y, [0.1, 0.2])
    with pytest.raises(ValueError, match="binary"):
        expected_calibration_error([0, 1, 2, 1], p)
    with pytest.raises(ValueError, match="NaN"):
        calibration_curve(y, [0.1, np.nan, 0.2, 0.3])
    with pytest.raises(ValueError, match="n_bins"):
        calibration_curve(y, p, n_bins=0)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("increasing", [True, False])
def test_isotonic_regression_matches_sklearn(seed, increasing):
    rng = np.random.default_rng(seed)
    n = [7, 100, 2000, 20000][seed]
    y = np.round(rng.normal(size=n).cumsum() * 0.1 + rng.normal(size=n), 1)  # ties
    w = rng.uniform(0.1, 3.0, n)
    for sw in (None, w):
        ours = isotonic_regression(y, sample_weight=sw, increasing=increasing)
        ref = sk_isotonic_regression(y, sample_weight=sw, increasing=increasing)
        np.testing.assert_allclose(ours, ref, **TOL)
    ours = isotonic_regression(y, y_min=-0.5, y_max=0.7, increasing=increasing)
    ref = sk_isotonic_regression(y, y_min=-0.5, y_max=0.7, increasing=increasing)
    np.testing.assert_allclose(ours, ref, **TOL)


def test_isotonic_regression_stack_fallback_and_edge_cases():
    # a staircase with one huge violator at the end makes the vectorized passes slow,
    # so the stack finishes: the result must still be exact
    y = np.concatenate([np.arange(3000.0), [-1e6]])
    np.testing.assert_allclose(isotonic_regression(y), sk_isotonic_regression(y), **TOL)
    assert isotonic_regression([2.0]).tolist() == [2.0]
    assert isotonic_regression([]).shape == (0,)
    with pytest.raises(ValueError, match="strictly positive"):
        isotonic_regression([1.0, 2.0], sample_weight=[1.0, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        isotonic_regression([1.0, np.nan])


@settings(derandomize=True, max_examples=80, deadline=None)
@given(y=st.lists(st.integers(-30, 30), min_size=1, max_size=60),
       wseed=st.integers(0, 1000))
def test_isotonic_properties(y, wseed):
    y = np.asarray(y, dtype=float) / 3.0
    w = np.random.default_rng(wseed).uniform(0.2, 2.0, y.size)
    fit = isotonic_regression(y, sample_weight=w)
    assert np.all(np.diff(fit) >= -1e-12)                        # monotone
    assert np.dot(w, fit) == pytest.approx(np.dot(w, y), abs=1e-9)  # weighted mean kept
    np.testing.assert_allclose(fit, sk_isotonic_regression(y, sample_weight=w), **TOL)


@pytest.mark.parametrize("weights", [False, True])
def test_isotonic_calibrator_matches_sklearn(weights):
    rng = np.random.default_rng(3)
    n = 3000
    s = np.round(rng.normal(size=n), 2)  # many tied scores with mixed labels
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-1.5 * s))).astype(int)
    w = rng.uniform(0, 2, n) if weights else None
    if weights:
        w[:50] = 0.0
    ours = IsotonicCalibrator().fit(s[:, None], y, sample_weight=w)
    ref = IsotonicRegression(out_of_bounds="clip").fit(s, y, sample_weight=w)
    np.testing.assert_array_equal(ours.X_thresholds_, ref.X_thresholds_)
    np.testing.assert_allclose(ours.y_thresholds_, ref.y_thresholds_, **TOL)
    t = np.concatenate([np.linspace(-5, 5, 301), s[:100]])  # outside the range: clipped
    p = ours.predict_proba(t[:, None])
    np.testing.assert_allclose(p[:, 1], ref.predict(t), **TOL)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, **TOL)
    np.testing.assert_array_equal(ours.predict(t[:, None]), (ref.predict(t) >= 0.5).astype(int))
    dec = IsotonicCalibrator(increasing=False).fit(-s[:, None], y)
    ref_dec = IsotonicRegression(increasing=False, out_of_bounds="clip").fit(-s, y)
    np.testing.assert_allclose(dec.predict_proba(-t[:, None])[:, 1], ref_dec.predict(-t), **TOL)


def test_isotonic_calibrator_errors():
    with pytest.raises(ValueError, match="not fitted"):
        IsotonicCalibrator().predict([[0.1]])
    with pytest.raises(ValueError, match="only one class"):
        IsotonicCalibrator().fit([[0.1], [0.2]], [1, 1])
    with pytest.raises(ValueError, match="single score per sample"):
        IsotonicCalibrator().fit(np.arange(6.0).reshape(3, 2), [0, 1, 1])
    # a 1-D vector of scores is one column, as for scikit-learn's IsotonicRegression
    one_d = IsotonicCalibrator().fit([0.1, 0.2, 0.3], [0, 1, 1])
    two_d = IsotonicCalibrator().fit([[0.1], [0.2], [0.3]], [0, 1, 1])
    assert one_d.n_features_in_ == 1
    np.testing.assert_array_equal(one_d.predict_proba([0.15, 0.3]),
                                  two_d.predict_proba([[0.15], [0.3]]))


def _platt_reference(s, y):
    """Platt's smoothed-target cross-entropy minimized directly by scipy (BFGS)."""
    n_pos, n_neg = y.sum(), (1 - y).sum()
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def f(ab):
        z = ab[0] * s + ab[1]
        return np.sum(np.logaddexp(0, z) - t * z)

    def g(ab):
        r = 1 / (1 + np.exp(-(ab[0] * s + ab[1]))) - t
        return np.array([r @ s, r.sum()])

    return scipy.optimize.minimize(f, [0.0, 0.0], jac=g, method="BFGS", options={"gtol": 1e-12}).x


def test_platt_scaler_matches_direct_minimization():
    pytest.importorskip("logreg_lib.model")
    rng = np.random.default_rng(4)
    s = rng.normal(size=400) * 2
    y = (rng.uniform(size=400) < 1 / (1 + np.exp(-(0.7 * s - 0.3)))).astype(int)
    cal = PlattScaler().fit(s[:, None], y)
    a, b = _platt_reference(s, y.astype(float))
    assert cal.a_ == pytest.approx(a, abs=1e-6)
    assert cal.b_ == pytest.approx(b, abs=1e-6)
    np.testing.assert_allclose(cal.predict_proba(s[:, None])[:, 1],
                               1 / (1 + np.exp(-(a * s + b))), atol=1e-7)
    # separated scores: the smoothed targets keep the slope finite, probabilities in (0, 1)
    sep = PlattScaler().fit([[-2.0], [-1.0], [1.0], [2.0]], [0, 0, 1, 1])
    p = sep.predict_proba([[-2.0], [2.0]])[:, 1]
    assert np.isfinite(sep.a_) and 0 < p[0] < 0.5 < p[1] < 1
    assert p[1] == pytest.approx(3 / 4, abs=0.05)  # the smoothed target (2+1)/(2+2)
    np.testing.assert_array_equal(sep.predict([[-2.0], [2.0]]), [0, 1])
    with pytest.raises(ValueError, match="not fitted"):
        PlattScaler().predict_proba([[0.0]])


def test_platt_scaler_on_two_scores_is_logistic_regression_on_them():
    """Several score columns: sigma(a's + b), the library's logistic regression on the
    scores with Platt's smoothed targets (no a_: that name is for one score)."""
    rng = np.random.default_rng(5)
    S = rng.normal(size=(300, 2))
    y = (rng.uniform(size=300) < 1 / (1 + np.exp(-(S @ [1.0, -0.5])))).astype(int)
    cal = PlattScaler(smooth_targets=False).fit(S, y)
    from logreg_lib import LogisticRegression
    ref = LogisticRegression(tol=1e-10).fit(S, y)
    np.testing.assert_allclose(cal.coef_, ref.coef_, rtol=1e-10)
    assert cal.b_ == pytest.approx(ref.intercept_, rel=1e-10) and not hasattr(cal, "a_")
