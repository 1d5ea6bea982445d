"""Tests of logreg_lib.glm: logit, probit and cloglog binary GLMs (chapter 2).

References: statsmodels' ``GLM(family=Binomial(link=...))`` for the fits, scipy.stats
for the distribution functions, central finite differences for the derivatives.
"""

import warnings

import numpy as np
import pytest
import scipy.stats
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

import logreg_lib as lr
from logreg_lib.glm import (
    LINKS,
    fit_binary_glm,
    inverse_link,
    inverse_link_derivative,
    latent_error_sd,
    link_function,
)

FAST = settings(max_examples=60, deadline=None, derandomize=True)
SM_LINKS = {
    "logit": sm.families.links.Logit,
    "probit": sm.families.links.Probit,
    "cloglog": sm.families.links.CLogLog,
}


def _cancer(features):
    X, y = lr.load_breast_cancer()
    return X[features].to_numpy(), y.to_numpy()


def _statsmodels_fit(A, y, link):
    family = sm.families.Binomial(link=SM_LINKS[link]())
    return sm.GLM(y, sm.add_constant(A), family=family).fit(tol=1e-13, maxiter=200)


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("features", [["mean radius"], ["mean radius", "mean texture"],
                                      ["mean concavity", "mean smoothness", "mean area"]])
def test_fit_matches_statsmodels(link, features):
    A, y = _cancer(features)
    ours = fit_binary_glm(A, y, link)
    ref = _statsmodels_fit(A, y, link)
    assert ours.converged
    # both converge to the same maximum; the tolerance is the solvers' stopping rule
    np.testing.assert_allclose(ours.coef, ref.params, rtol=1e-6, atol=1e-9)
    # expected-information standard errors (statsmodels' default for IRLS)
    np.testing.assert_allclose(ours.std_err, ref.bse, rtol=1e-5)
    np.testing.assert_allclose(ours.log_likelihood, ref.llf, rtol=1e-10)
    np.testing.assert_allclose(ours.deviance, ref.deviance, rtol=1e-8)
    np.testing.assert_allclose(ours.aic, ref.aic, rtol=1e-10)
    np.testing.assert_allclose(ours.predict_proba(A), ref.fittedvalues, rtol=1e-5, atol=1e-9)


def test_logit_link_is_the_logistic_regression():
    A, y = _cancer(["mean radius", "mean texture"])
    ours = fit_binary_glm(A, y, "logit")
    model = lr.LogisticRegression().fit(A, y)
    np.testing.assert_allclose(ours.coef, np.r_[model.intercept_, model.coef_], rtol=1e-7)
    np.testing.assert_allclose(ours.predict_proba(A), model.predict_proba(A)[:, 1], atol=1e-9)


def test_without_intercept():
    A, y = _cancer(["mean radius"])
    A = A - A.mean()
    ours = fit_binary_glm(A, y, "probit", fit_intercept=False)
    ref = sm.GLM(y, A, family=sm.families.Binomial(link=sm.families.links.Probit())).fit(
        tol=1e-13)
    np.testing.assert_allclose(ours.coef, ref.params, rtol=1e-6)
    assert ours.decision_function(A).shape == (A.shape[0],)


@pytest.mark.parametrize("link,dist", [("logit", scipy.stats.logistic),
                                       ("probit", scipy.stats.norm)])
def test_symmetric_inverse_links_are_the_error_cdfs(link, dist):
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(inverse_link(z, link), dist.cdf(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(inverse_link_derivative(z, link), dist.pdf(z),
                               rtol=1e-12, atol=1e-300)


def test_cloglog_is_the_gumbel_latent_model():
    # y = 1 when z + eps > 0 with eps ~ Gumbel (maximum): p = P(eps > -z) = 1 - F(-z)
    z = np.linspace(-30, 3.5, 500)
    np.testing.assert_allclose(inverse_link(z, "cloglog"), scipy.stats.gumbel_r.sf(-z),
                               rtol=1e-12)
    np.testing.assert_allclose(inverse_link_derivative(z, "cloglog"),
                               scipy.stats.gumbel_r.pdf(-z), rtol=1e-12)


@pytest.mark.parametrize("link", LINKS)
def test_derivative_matches_finite_differences(link):
    z = np.linspace(-8, 3, 221)
    h = 1e-6
    fd = (inverse_link(z + h, link) - inverse_link(z - h, link)) / (2 * h)
    np.testing.assert_allclose(inverse_link_derivative(z, link), fd, rtol=1e-7, atol=1e-9)


def test_logit_inverse_link_is_the_sigmoid():
    z = np.linspace(-700, 700, 1401)
    np.testing.assert_allclose(inverse_link(z, "logit"), lr.sigmoid(z), rtol=1e-14,
                               atol=0)
    np.testing.assert_allclose(inverse_link_derivative(z, "logit"),
                               lr.sigmoid_derivative(z), rtol=1e-12, atol=0)


@pytest.mark.parametrize("link", LINKS)
@FAST
@given(p=st.floats(min_value=1e-12, max_value=1 - 1e-6))
def test_link_and_inverse_round_trip(link, p):
    assert inverse_link(link_function(p, link), link) == pytest.approx(p, rel=1e-9)


@pytest.mark.parametrize("link", LINKS)
def test_extreme_scores_neither_warn_nor_leave_the_unit_interval(link):
    z = np.array([-1e6, -1000.0, -40.0, 0.0, 40.0, 1000.0, 1e6])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = inverse_link(z, link)
        dp = inverse_link_derivative(z, link)
    assert np.all((p >= 0) & (p <= 1)) and np.all(np.diff(p) >= 0)
    assert p[0] == 0.0 and p[-1] == 1.0
    assert np.all(dp >= 0) and np.all(np.isfinite(dp))


def test_cloglog_is_asymmetric_and_keeps_small_probabilities():
    assert inverse_link(0.0, "cloglog") == pytest.approx(1 - np.exp(-1.0), rel=1e-15)
    # the left tail is e^z to first order, accurate where 1 - exp(-e^z) would cancel
    assert inverse_link(-40.0, "cloglog") == pytest.approx(np.exp(-40.0), rel=1e-15)
    z = 1.5
    assert inverse_link(-z, "cloglog") + inverse_link(z, "cloglog") != pytest.approx(1.0)


def test_latent_error_sd():
    assert latent_error_sd("logit") == pytest.approx(np.pi / np.sqrt(3))
    assert latent_error_sd("probit") == 1.0
    assert latent_error_sd("cloglog") == pytest.approx(np.pi / np.sqrt(6))


def test_logit_probit_coefficient_ratio_on_real_data():
    # the scale argument of chapter 2: ratios near pi / sqrt(3) = 1.81
    A, y = _cancer(["mean radius", "mean texture"])
    ratio = fit_binary_glm(A, y, "logit").coef / fit_binary_glm(A, y, "probit").coef
    assert np.all((1.6 < ratio) & (ratio < 1.9))


def test_separation_is_reported():
    x = np.array([[1.0], [2.0], [3.0], [4.0]])
    with pytest.warns(lr.SeparationWarning, match="does not exist"):
        res = fit_binary_glm(x, [0, 0, 1, 1], "probit")
    assert not res.converged or np.max(np.abs(res.coef)) > 5


def test_non_convergence_is_reported():
    A, y = _cancer(["mean radius"])
    with pytest.warns(lr.ConvergenceWarning, match="did not converge"):
        res = fit_binary_glm(A, y, "cloglog", max_iter=2)
    assert not res.converged and res.n_iter == 2


@pytest.mark.parametrize("kwargs,match", [
    ({"link": "identity"}, "link must be one of"),
    ({"y": [0, 1, 2, 1]}, "0/1 labels"),
    ({"y": [1, 1, 1, 1]}, "both classes"),
    ({"y": [0, 1, 1]}, "Inconsistent numbers of samples"),
    ({"X": [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]]}, "linearly dependent"),
    ({"X": [[1.0], [np.nan], [3.0], [4.0]]}, "NaN"),
    ({"max_iter": 0}, "max_iter"),
])
def test_bad_input_is_refused(kwargs, match):
    args = {"X": [[1.0], [2.0], [3.0], [4.0]], "y": [0, 1, 0, 1], "link": "probit"}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        fit_binary_glm(args["X"], args["y"], args["link"],
                       **{k: v for k, v in args.items() if k not in ("X", "y", "link")})


def test_link_function_refuses_boundaries_and_unknown_links():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        link_function([0.2, 1.0], "probit")
    with pytest.raises(ValueError, match="link must be one of"):
        inverse_link(0.0, "log")
    with pytest.raises(ValueError, match="NaN"):
        inverse_link([0.0, np.nan], "cloglog")


def test_predict_checks_the_number_of_columns():
    A, y = _cancer(["mean radius"])
    res = fit_binary_glm(A, y, "probit")
    with pytest.raises(ValueError, match="columns"):
        res.predict_proba(np.ones((3, 2)))


def test_plot_latent_links_draws_one_curve_per_fit_and_checks_its_input():
    import matplotlib.pyplot as plt

    from logreg_lib import plotting

    A, y = _cancer(["mean radius"])
    fits = {link: fit_binary_glm(A, y, link) for link in LINKS}
    fig, axes = plotting.plot_latent_links(A[:, 0], y, fits, xlabel="radius")
    try:
        assert len(axes) == 2
        # three densities on the left; three curves and the binned shares on the right
        assert len(axes[0].lines) == 3 and len(axes[1].lines) == 4
        # each density integrates to 1 over the plotted range (it is nearly all the mass)
        for line in axes[0].lines:
            u, f = line.get_data()
            assert np.sum(f) * (u[1] - u[0]) == pytest.approx(1.0, abs=0.01)
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="links are"):
        plotting.plot_latent_links(A[:, 0], y, {"identity": fits["logit"]})
    two = fit_binary_glm(_cancer(["mean radius", "mean texture"])[0], y, "logit")
    with pytest.raises(ValueError, match="one feature"):
        plotting.plot_latent_links(A[:, 0], y, {"logit": two})
