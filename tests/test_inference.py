"""Tests of logreg_lib.inference: covariance, Wald, likelihood-ratio and score tests, profile
intervals, deviance, Hosmer-Lemeshow and the summary table (Chapters 3 and 4)."""

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats

from logreg_lib import (
    LogisticRegression,
    SeparationWarning,
    Summary,
    add_intercept,
    covariance,
    deviance,
    deviance_residuals,
    hessian,
    hosmer_lemeshow_test,
    likelihood_ratio_test,
    load_cervical,
    make_cervical_cohort,
    pearson_residuals,
    profile_deviance,
    profile_interval,
    sandwich_covariance,
    score_test,
    wald_test,
)


@pytest.fixture(scope="module")
def cohort():
    df = make_cervical_cohort(seed=0)
    return df.iloc[:, :5], df.iloc[:, 5]


def test_covariance_is_the_inverse_of_the_summed_hessian(cohort):
    X, y = cohort
    model = LogisticRegression().fit(X, y)
    Xd = add_intercept(X)
    beta = np.r_[model.intercept_, model.coef_]
    cov = covariance(beta, Xd)
    # hessian() is the mean-loss Hessian: the summed one is m times larger
    np.testing.assert_allclose(cov @ (len(y) * hessian(beta, Xd)), np.eye(6), atol=1e-10)
    # the model forms [1, X]^T W [1, X] without the column of ones (sums instead), so the
    # entries agree to rounding relative to the matrix's scale (~0.1): atol 1e-14
    np.testing.assert_allclose(model.covariance_, cov, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(cov, cov.T)


def test_penalized_covariance_adds_the_penalty_to_the_information(cohort):
    X, y = cohort
    Xd = add_intercept(X)
    beta = np.zeros(6)
    mask = np.r_[False, np.ones(5, dtype=bool)]
    info = len(y) * hessian(beta, Xd) + np.diag(0.5 * len(y) * mask)
    np.testing.assert_allclose(covariance(beta, Xd, alpha=0.5, penalty_mask=mask),
                               np.linalg.inv(info), rtol=1e-10)


def test_covariance_of_collinear_columns_names_them():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    with pytest.raises(ValueError, match=r"columns \[#1, #2\] of X are collinear"):
        covariance(np.zeros(3), add_intercept(np.column_stack([x, 2 * x])))


def test_wald_test_matches_the_normal_distribution():
    z, p = wald_test([0.82, -0.12, 0.0], [0.33, 0.30, 1.0])
    np.testing.assert_allclose(z, [0.82 / 0.33, -0.4, 0.0], rtol=1e-15)
    np.testing.assert_allclose(p, 2 * stats.norm.sf(np.abs(z)), rtol=1e-14)
    # tiny p-values do not underflow to 0 through 1 - Phi(z)
    assert 0 < wald_test([30.0], [1.0])[1][0] < 1e-190
    with pytest.raises(ValueError, match="positive"):
        wald_test([1.0], [0.0])


def test_summary_columns_and_level():
    s = Summary(["(intercept)", "x"], [-2.91, 0.82], [0.32, 0.33], level=0.9)
    q = stats.norm.ppf(0.95)
    np.testing.assert_allclose(s.ci_low, [-2.91 - q * 0.32, 0.82 - q * 0.33], rtol=1e-14)
    np.testing.assert_allclose(s.odds_ratio, np.exp([-2.91, 0.82]), rtol=1e-15)
    assert "[90% low" in s.to_text()
    # the notes' table: OR 0.05 for the intercept and 2.27 for STDs, to 2 decimals
    np.testing.assert_allclose(s.odds_ratio, [0.05, 2.27], atol=5e-3)


def test_summary_text_is_identical_for_identical_fits(cohort):
    X, y = cohort
    a = LogisticRegression().fit(X, y).summary().to_text()
    b = LogisticRegression().fit(X.to_numpy(), y.to_numpy()).summary().to_text()
    assert a.splitlines()[3:] != []  # has rows
    assert a.replace("Hormonal contraceptives y/n", "x0") != b  # names differ ...
    # ... but the numbers are the same digits (rounded to 4 decimals on purpose)
    nums = lambda t: [line.split()[-9:] for line in t.splitlines()[4:10]]  # noqa: E731
    assert nums(a) == nums(b)


def test_summary_validates():
    with pytest.raises(ValueError, match="same length"):
        Summary(["a"], [1.0, 2.0], [1.0, 1.0])


# ---------------------------------------------------------------------------------------
# Likelihood-based inference (Chapter 4, "Inference"), against statsmodels and brute force
# ---------------------------------------------------------------------------------------
FIVE = ["Hormonal.Contraceptives", "Smokes", "Num.of.pregnancies",
        "STDs..Number.of.diagnosis", "IUD"]


@pytest.fixture(scope="module")
def cervical():
    """The real cervical table with a constant column, and statsmodels' fits of it."""
    X, y = load_cervical()
    Xd = sm.add_constant(X[FIVE])
    full = sm.Logit(y, Xd).fit(disp=0, method="newton", tol=1e-12, maxiter=100)
    glm = sm.GLM(y, Xd, family=sm.families.Binomial()).fit(tol=1e-13)
    return Xd, y.to_numpy(), full, glm


def test_deviance_and_residuals_match_statsmodels(cervical):
    Xd, y, full, glm = cervical
    beta = full.params.to_numpy()
    # deviance = -2 loglik for 0/1 labels; statsmodels' llf from its own sums: rtol 1e-12
    np.testing.assert_allclose(deviance(beta, Xd, y), -2 * full.llf, rtol=1e-12)
    np.testing.assert_allclose(deviance(beta, Xd, y), glm.deviance, rtol=1e-10)
    d = deviance_residuals(beta, Xd, y)
    r = pearson_residuals(beta, Xd, y)
    np.testing.assert_allclose(d, glm.resid_deviance, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r, glm.resid_pearson, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.sum(d ** 2), deviance(beta, Xd, y), rtol=1e-12)
    np.testing.assert_allclose(np.sum(r ** 2), glm.pearson_chi2, rtol=1e-9)


def test_sandwich_covariance_matches_statsmodels_hc0(cervical):
    Xd, y, full, _ = cervical
    beta = full.params.to_numpy()
    robust = sm.Logit(y, Xd).fit(disp=0, method="newton", tol=1e-12, maxiter=100,
                                 cov_type="HC0")
    np.testing.assert_allclose(sandwich_covariance(beta, Xd, y), robust.cov_params(),
                               rtol=1e-8, atol=1e-14)


def test_sandwich_covariance_weights_and_model_agreement():
    rng = np.random.default_rng(11)
    m = 4000
    X = add_intercept(rng.standard_normal((m, 2)))
    y = (rng.random(m) < 1 / (1 + np.exp(-(X @ [0.3, 1.0, -0.5])))).astype(float)
    beta = LogisticRegression().fit(X[:, 1:], y)
    beta = np.r_[beta.intercept_, beta.coef_]
    # correctly specified: the sandwich and the model-based standard errors agree
    se_model = np.sqrt(np.diag(covariance(beta, X)))
    se_robust = np.sqrt(np.diag(sandwich_covariance(beta, X, y)))
    np.testing.assert_allclose(se_robust, se_model, rtol=0.08)
    # a frequency weight of 2 is a duplicated row
    w = np.ones(m)
    w[:10] = 2.0
    Xdup, ydup = np.vstack([X, X[:10]]), np.r_[y, y[:10]]
    np.testing.assert_allclose(sandwich_covariance(beta, X, y, sample_weight=w),
                               sandwich_covariance(beta, Xdup, ydup), rtol=1e-12)
    with pytest.raises(ValueError, match="0/1 labels"):
        sandwich_covariance(beta, X, 2 * y)


def test_sandwich_covariance_measures_the_spread_when_the_model_is_wrong():
    # log-odds x^3 fitted linear in x, over 400 simulated cohorts (x drawn afresh each
    # time): the slope's actual spread is the sandwich's, not the model-based SE's
    rng = np.random.default_rng(2)
    m = 2000
    slopes, se_sandwich, se_model = [], [], []
    for _ in range(400):
        x = rng.uniform(-2, 2, m)
        y = (rng.random(m) < 1 / (1 + np.exp(-x ** 3))).astype(float)
        X = add_intercept(x[:, None])
        fit = LogisticRegression().fit(x[:, None], y)
        beta = np.r_[fit.intercept_, fit.coef_]
        slopes.append(beta[1])
        se_sandwich.append(np.sqrt(sandwich_covariance(beta, X, y)[1, 1]))
        se_model.append(np.sqrt(covariance(beta, X)[1, 1]))
    spread = np.std(slopes)
    assert abs(spread / np.mean(se_sandwich) - 1) < 0.08  # measured 0.97
    assert spread / np.mean(se_model) < 0.9  # measured 0.82: the model's SE is too wide


def test_residuals_stay_finite_for_confident_mistakes():
    X = np.ones((2, 1))
    d = deviance_residuals([-800.0], X, [1, 0])      # p = sigma(-800): log p = -800
    np.testing.assert_allclose(d, [np.sqrt(1600.0), -0.0], atol=1e-12)
    assert np.all(np.isfinite(pearson_residuals([-600.0], X, [0, 0])))


def test_likelihood_ratio_test_matches_statsmodels(cervical):
    Xd, y, full, _ = cervical
    # all slopes at once: statsmodels' llr against its intercept-only fit
    res = likelihood_ratio_test(Xd, y, FIVE)
    assert res.df == 5
    np.testing.assert_allclose(res.statistic, full.llr, rtol=1e-7)   # its null fit: tol 1e-8
    np.testing.assert_allclose(res.p_value, full.llr_pvalue, rtol=1e-6)
    # a nested pair, by column names and by indices
    small = sm.Logit(y, Xd.drop(columns=["Smokes", "IUD"])).fit(disp=0, tol=1e-12)
    res2 = likelihood_ratio_test(Xd, y, ["Smokes", "IUD"])
    res3 = likelihood_ratio_test(Xd.to_numpy(), y, [2, 5])
    np.testing.assert_allclose(res2.statistic, 2 * (full.llf - small.llf), rtol=1e-9)
    np.testing.assert_allclose(res2.statistic, res3.statistic, rtol=1e-12)
    np.testing.assert_allclose(res2.details["deviance_restricted"] - res2.details["deviance_full"],
                               res2.statistic, rtol=1e-12)
    assert res2.p_value == pytest.approx(stats.chi2.sf(res2.statistic, 2), rel=1e-12)
    np.testing.assert_allclose(res2.details["coef_restricted"][[0, 1, 3, 4]], small.params,
                               rtol=1e-8)


def test_score_test_matches_statsmodels(cervical):
    Xd, y, _, _ = cervical
    small = sm.GLM(y, Xd.drop(columns=["Smokes", "IUD"]),
                   family=sm.families.Binomial()).fit(tol=1e-13)
    ref = small.score_test(exog_extra=Xd[["Smokes", "IUD"]].to_numpy())
    res = score_test(Xd, y, ["Smokes", "IUD"])
    np.testing.assert_allclose(res.statistic, np.ravel(ref[0])[0], rtol=1e-8)
    np.testing.assert_allclose(res.p_value, np.ravel(ref[1])[0], rtol=1e-7)
    assert res.df == 2


def test_the_three_tests_agree_in_a_large_sample_and_part_near_separation():
    rng = np.random.default_rng(3)
    x = rng.normal(size=4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-(0.2 + 0.1 * x)))).astype(int)
    Xd = add_intercept(x[:, None])
    lr_ = likelihood_ratio_test(Xd, y, 1).statistic
    sc_ = score_test(Xd, y, 1).statistic
    model = LogisticRegression().fit(x[:, None], y)
    wald_ = (model.summary().wald[1]) ** 2
    np.testing.assert_allclose([sc_, wald_], lr_, rtol=0.01)   # asymptotically equivalent
    # Hauck-Donner: a strong, nearly separating effect in a small sample gives a Wald
    # statistic far smaller than the likelihood-ratio one
    x2 = np.array([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5])
    y2 = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    X2 = add_intercept(x2[:, None])
    m2 = LogisticRegression().fit(x2[:, None], y2)
    assert m2.summary().wald[1] ** 2 < 0.5 * likelihood_ratio_test(X2, y2, 1).statistic


def _brute_profile(X, y, j, values, firth=False):
    """Profile deviance on a grid with an independent optimizer (scipy BFGS), no shared code."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    def objective(beta):
        z = X @ beta
        ll = np.sum(y * -np.logaddexp(0, -z) + (1 - y) * -np.logaddexp(0, z))
        if firth:
            p = 1 / (1 + np.exp(-z))
            ll += 0.5 * np.linalg.slogdet((X * (p * (1 - p))[:, None]).T @ X)[1]
        return -ll

    free = [k for k in range(X.shape[1]) if k != j]
    full = optimize.minimize(objective, np.zeros(X.shape[1]), method="BFGS",
                             options={"gtol": 1e-9, "maxiter": 10_000})
    out = []
    for b in values:
        def restricted(theta, b=b):
            beta = np.empty(X.shape[1])
            beta[free], beta[j] = theta, b
            return objective(beta)
        fit = optimize.minimize(restricted, full.x[free], method="BFGS",
                                options={"gtol": 1e-9, "maxiter": 10_000})
        out.append(2 * (fit.fun - full.fun))
    return np.array(out)


def test_profile_interval_matches_a_brute_force_grid(cervical):
    Xd, y, _, glm = cervical
    j = list(Xd.columns).index("IUD")
    low, high = profile_interval(Xd, y, "IUD")
    crit = stats.chi2.ppf(0.95, 1)
    # the brute-force profile crosses the critical value at the two ends (BFGS: 1e-5)
    np.testing.assert_allclose(_brute_profile(Xd, y, j, [low, high]), crit, atol=1e-4)
    # and our own profile deviance agrees with the brute force on a grid
    grid = np.linspace(low - 0.5, high + 0.5, 7)
    np.testing.assert_allclose(profile_deviance(Xd, y, "IUD", grid),
                               _brute_profile(Xd, y, j, grid), atol=1e-4)
    # statsmodels has no profile interval for Logit; the Wald interval is close but
    # symmetric, the profile one is not
    wald_low, wald_high = glm.conf_int().loc["IUD"]
    assert abs(low - wald_low) < 0.1 and abs(high - wald_high) < 0.1
    assert not np.isclose(high - glm.params["IUD"], glm.params["IUD"] - low, rtol=1e-3)


def test_profile_interval_is_infinite_under_separation():
    x = np.array([0.0, 1, 2, 3, 4, 5, 6, 7])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    X = add_intercept(x[:, None])
    with pytest.warns(SeparationWarning):
        low, high = profile_interval(X, y, 1)
    assert np.isfinite(low) and low > 0 and high == np.inf
    # Firth's penalized profile stays finite on both sides
    low_f, high_f = profile_interval(X, y, 1, firth=True)
    assert 0 < low_f < high_f < np.inf


def test_profile_and_tests_validate_their_input(cervical):
    Xd, y, _, _ = cervical
    with pytest.raises(ValueError, match="Unknown column"):
        profile_interval(Xd, y, "Age")
    with pytest.raises(ValueError, match="out of range"):
        likelihood_ratio_test(Xd.to_numpy(), y, 9)
    with pytest.raises(ValueError, match="level"):
        profile_interval(Xd, y, 1, level=1.5)
    with pytest.raises(ValueError, match="labels 0 and 1"):
        score_test(Xd, 2 * y, 1)
    with pytest.raises(ValueError, match="each once"):
        likelihood_ratio_test(Xd, y, [1, 1])


def test_hosmer_lemeshow_by_hand_and_its_null_distribution():
    y = np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 1])
    p = np.linspace(0.1, 0.9, 10)
    res = hosmer_lemeshow_test(y, p, n_groups=5)
    obs, exp_, n = np.array([0, 1, 2, 1, 2]), p.reshape(5, 2).sum(1), 2
    np.testing.assert_allclose(res.statistic, np.sum((obs - exp_) ** 2 / (exp_ * (1 - exp_ / n))),
                               rtol=1e-14)
    assert res.df == 3
    np.testing.assert_array_equal(res.details["groups"]["observed"], obs)
    # labels drawn from the model itself: the p-values are roughly uniform (seeded)
    rng = np.random.default_rng(0)
    pvals = []
    for _ in range(200):
        q = rng.uniform(0.05, 0.95, 500)
        pvals.append(hosmer_lemeshow_test((rng.random(500) < q).astype(int), q).p_value)
    assert 0.02 < np.mean(np.array(pvals) < 0.05) < 0.10
    with pytest.raises(ValueError, match="n_groups"):
        hosmer_lemeshow_test(y, p, n_groups=2)


def test_summary_column_is_wald_not_z(cohort):
    X, y = cohort
    s = LogisticRegression().fit(X, y).summary()
    assert "wald" in s.to_frame().columns and "z" not in s.to_frame().columns
    assert "wald T" in s.to_text() and "P>|T|" in s.to_text()
    np.testing.assert_array_equal(s.p_value, s.wald_p_value)
