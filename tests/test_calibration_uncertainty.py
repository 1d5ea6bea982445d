"""Tests for the chapter-6 additions to logreg_lib.calibration: Wilson intervals,
reliability curves with intervals, and the repeated-split comparison of calibrators.

References: statsmodels' proportion_confint (Wilson), the library's own
calibration_curve / expected_calibration_error (already checked against scikit-learn),
and direct re-computation of each repeat of compare_calibrators.
"""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from statsmodels.stats.proportion import proportion_confint

from logreg_lib.calibration import (
    IsotonicCalibrator,
    PlattScaler,
    calibration_curve,
    compare_calibrators,
    expected_calibration_error,
    reliability_curve,
    wilson_interval,
)
from logreg_lib.metrics import brier_score_loss, log_loss


@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
def test_wilson_matches_statsmodels(level):
    n = np.array([1, 5, 10, 10, 37, 200, 3])
    k = np.array([0, 5, 3, 10, 12, 1, 1])
    lo, hi = wilson_interval(k, n, level)
    ref_lo, ref_hi = proportion_confint(k, n, alpha=1 - level, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, rtol=0, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, rtol=0, atol=1e-12)
    assert np.all((lo <= k / n + 1e-12) & (k / n <= hi + 1e-12))


def test_wilson_coverage_exact():
    # Exact coverage from the binomial pmf (Brown, Cai and DasGupta 2001): averaged over
    # q in [0.05, 0.95] Wilson's 95% interval is within 0.01 of nominal at n = 20, 40,
    # 100 and never below 0.92, where the Wald interval averages below 0.93 at n <= 40.
    from scipy.stats import binom

    qs = np.linspace(0.05, 0.95, 181)
    for n in [20, 40, 100]:
        k = np.arange(n + 1)
        lo, hi = wilson_interval(k, n)
        coverage = np.array([binom.pmf(k, n, q)[(lo <= q) & (q <= hi)].sum() for q in qs])
        assert abs(coverage.mean() - 0.95) < 0.01
        assert coverage.min() > 0.92


def test_wilson_bad_input():
    with pytest.raises(ValueError, match="n must be at least 1"):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson_interval(5, 4)
    with pytest.raises(ValueError, match="level"):
        wilson_interval(1, 4, level=1.5)


@pytest.mark.parametrize("strategy", ["quantile", "uniform"])
def test_reliability_curve_agrees_with_calibration_curve(strategy):
    rng = np.random.default_rng(1)
    p = rng.uniform(size=500)
    y = (rng.uniform(size=500) < p).astype(int)
    curve = reliability_curve(y, p, n_bins=8, strategy=strategy)
    t, m, c = calibration_curve(y, p, n_bins=8, strategy=strategy, return_counts=True)
    np.testing.assert_array_equal(curve.prob_true, t)
    np.testing.assert_array_equal(curve.prob_pred, m)
    np.testing.assert_array_equal(curve.counts, c)
    lo, hi = proportion_confint(np.rint(t * c), c, alpha=0.05, method="wilson")
    np.testing.assert_allclose(curve.lower, lo, atol=1e-12)
    np.testing.assert_allclose(curve.upper, hi, atol=1e-12)
    assert curve.ece == expected_calibration_error(y, p, n_bins=8, strategy=strategy)
    if strategy == "quantile":
        assert c.max() - c.min() <= 1  # equal-count bins on continuous probabilities


def test_reliability_intervals_flag_a_shifted_model():
    # calibrated outcomes, but probabilities shifted up by 0.25 on the logit scale x4:
    # most bins of the shifted model miss the diagonal, few of the calibrated one do.
    rng = np.random.default_rng(2)
    z = rng.normal(size=4000)
    p = 1 / (1 + np.exp(-z))
    y = (rng.uniform(size=4000) < p).astype(int)
    good = reliability_curve(y, p, n_bins=10)
    bad = reliability_curve(y, 1 / (1 + np.exp(-(z + 1.0))), n_bins=10)
    assert good.covered.sum() >= 8
    assert bad.covered.sum() <= 3


def _scores(seed=3, n=400):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=2.0, size=n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(0.5 * z - 1.0)))).astype(int)
    return z, y


def _pos(calibrator, scores):
    # positive-class probability, whether predict_proba returns 1 or 2 columns
    p = np.asarray(calibrator.predict_proba(scores))
    return p[:, 1] if p.ndim == 2 else p


def test_compare_calibrators_recomputes_each_repeat():
    z, y = _scores()
    p_model = 1 / (1 + np.exp(-z))
    res = compare_calibrators(z, y, cal_size=60, n_repeats=4, y_prob=p_model,
                              random_state=10)
    assert sorted(res.brier) == ["Platt", "isotonic", "uncalibrated"]
    for r in [0, 3]:
        cal, test = train_test_split(np.arange(len(y)), train_size=60, stratify=y,
                                     random_state=10 + r)
        p_pl = _pos(PlattScaler().fit(z[cal], y[cal]), z[test])
        p_is = _pos(IsotonicCalibrator().fit(z[cal], y[cal]), z[test])
        assert res.brier["Platt"][r] == brier_score_loss(y[test], p_pl)
        assert res.ece["isotonic"][r] == expected_calibration_error(
            y[test], p_is, n_bins=10, strategy="quantile")
        assert res.log_loss["isotonic"][r] == log_loss(y[test], p_is)
        assert res.brier["uncalibrated"][r] == brier_score_loss(y[test], p_model[test])
        misses = np.sum((p_is == 0) & (y[test] == 1)) + np.sum((p_is == 1) & (y[test] == 0))
        assert res.confident_misses["isotonic"][r] == misses
    assert np.all(res.confident_misses["Platt"] == 0)  # smoothed targets: never 0 or 1
    assert np.all(res.n_test == len(y) - 60)
    table = res.summary()
    assert table["brier"]["Platt"][0] == pytest.approx(res.brier["Platt"].mean())
    assert table["brier"]["Platt"][1] == pytest.approx(res.brier["Platt"].std())
    # the model's own probabilities are badly calibrated here (slope 0.5, shift -1)
    assert table["brier"]["Platt"][0] < table["brier"]["uncalibrated"][0]


def test_confident_misses_account_for_the_log_loss_gap():
    # each confident miss costs -log(eps) / n_test: removing them closes most of the gap
    z, y = _scores(seed=4, n=300)
    res = compare_calibrators(z, y, cal_size=20, n_repeats=20)
    eps_cost = -np.log(np.finfo(float).eps)
    assert eps_cost == pytest.approx(36.04, abs=0.01)
    assert res.confident_misses["isotonic"].sum() > 0
    penalty = res.confident_misses["isotonic"] * eps_cost / res.n_test
    assert np.all(res.log_loss["isotonic"] >= penalty)


def test_compare_calibrators_bad_input():
    z, y = _scores()
    with pytest.raises(ValueError, match="cal_size"):
        compare_calibrators(z, y, cal_size=2)
    with pytest.raises(ValueError, match="fewer than two cases"):
        compare_calibrators(z, y, cal_size=5)
    with pytest.raises(ValueError, match="0/1"):
        compare_calibrators(z, y * 2, cal_size=60)
    with pytest.raises(ValueError, match="n_repeats"):
        compare_calibrators(z, y, cal_size=60, n_repeats=0)


def test_reliability_figure_draws_what_the_curve_says():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from logreg_lib.plotting import plot_calibrator_spread, plot_reliability_intervals

    rng = np.random.default_rng(2)
    z = rng.normal(size=2000)
    y = (rng.uniform(size=2000) < 1 / (1 + np.exp(-z))).astype(int)
    curves = {"calibrated": reliability_curve(y, 1 / (1 + np.exp(-z)), n_bins=8),
              "shifted": reliability_curve(y, 1 / (1 + np.exp(-(z + 1.5))), n_bins=8)}
    fig = plot_reliability_intervals(curves)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2
    for ax, c in zip(axes, curves.values()):
        filled, hollow = [ln for ln in ax.get_lines() if ln.get_marker() not in ("None", "")][-2:]
        assert len(filled.get_xdata()) == int(c.covered.sum())
        assert len(hollow.get_xdata()) == int((~c.covered).sum())
        assert hollow.get_markerfacecolor() in ("white", (1.0, 1.0, 1.0, 1.0))
    assert (~curves["shifted"].covered).sum() >= 5
    plt.close(fig)
    zs, ys = _scores()
    comps = [compare_calibrators(zs, ys, cal_size=n, n_repeats=3) for n in (30, 90)]
    fig = plot_calibrator_spread(comps)
    assert len(fig.axes) == 3
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["30", "90"]
    plt.close(fig)


@pytest.mark.parametrize("make", [PlattScaler, lambda: IsotonicCalibrator()])
def test_cross_fit_calibration_is_out_of_fold(make):
    from sklearn.model_selection import StratifiedKFold

    from logreg_lib.calibration import cross_fit_calibration

    z, y = _scores(seed=7, n=300)
    p, maps = cross_fit_calibration(make(), z, y, n_splits=4, random_state=3)
    assert len(maps) == 4 and p.shape == (300,)
    folds = list(StratifiedKFold(4, shuffle=True, random_state=3).split(z, y))
    # fold k's probabilities come from a map fitted on the other folds only
    for (fit_idx, out_idx), cal in zip(folds, maps):
        ref = _pos(make().fit(z[fit_idx], y[fit_idx]), z[out_idx])
        np.testing.assert_array_equal(p[out_idx], ref)
    with pytest.raises(ValueError, match="fewer than n_splits"):
        cross_fit_calibration(make(), z[:20], np.r_[np.ones(3), np.zeros(17)])
