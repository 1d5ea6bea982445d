"""logreg_lib against statsmodels and scikit-learn on real and synthetic data.

Tolerances. Every reference below solves the same convex problem with a Newton-type
method run to a tight tolerance, so the estimates agree to far better than their
statistical error; what remains is each solver's stopping tolerance times the conditioning
of the problem:

* statsmodels ``Logit``/``GLM`` (Newton/IRLS) with tolerances 1e-12 and our IRLS with
  ``tol=1e-12``: coefficients and standard errors to ``rtol=1e-8`` (observed: ~1e-13).
* scikit-learn ``newton-cholesky`` with ``tol=1e-12``: coefficients to ``rtol=1e-7``
  (its stopping rule is on the gradient, so the error is ~tol * condition number).
* scikit-learn ``lbfgs`` (quasi-Newton) with ``tol=1e-12``: ``rtol=1e-5`` -- L-BFGS is only
  superlinearly convergent and stops on its own projected-gradient criterion.
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from logreg_lib import LogisticRegression, load_breast_cancer, make_cervical_cohort, sigmoid


def _spector():
    d = sm.datasets.spector.load_pandas()
    return d.exog.to_numpy(float), d.endog.to_numpy(float)


def _breast_cancer():
    X, y = load_breast_cancer()
    cols = ["mean radius", "mean texture", "mean smoothness", "mean symmetry"]
    return X[cols].to_numpy(), y.to_numpy().astype(float)


def _cohort():
    df = make_cervical_cohort(n_samples=2000, seed=11)
    return df.iloc[:, :5].to_numpy(float), df.iloc[:, 5].to_numpy(float)


def _synthetic():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(3000, 8)) * np.arange(1, 9)  # different scales on purpose
    beta = rng.normal(size=8) / np.arange(1, 9)
    y = (rng.random(3000) < sigmoid(-0.4 + X @ beta)).astype(float)
    return X, y


DATASETS = {"spector": _spector, "breast_cancer": _breast_cancer, "cohort": _cohort,
            "synthetic": _synthetic}


@pytest.mark.parametrize("name", DATASETS)
def test_coefficients_and_standard_errors_match_statsmodels_logit(name):
    X, y = DATASETS[name]()
    ref = sm.Logit(y, sm.add_constant(X, has_constant="add")).fit(
        method="newton", tol=1e-12, maxiter=100, disp=0)
    model = LogisticRegression(tol=1e-12).fit(X, y)
    s = model.summary()
    np.testing.assert_allclose(s.coef, ref.params, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(s.std_err, ref.bse, rtol=1e-8)
    np.testing.assert_allclose(s.p_value, ref.pvalues, rtol=1e-6, atol=1e-300)
    ci = ref.conf_int(alpha=0.05)
    np.testing.assert_allclose(np.column_stack([s.ci_low, s.ci_high]), ci, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("name", ["spector", "cohort", "synthetic"])
def test_weighted_fit_matches_statsmodels_glm_with_frequency_weights(name):
    X, y = DATASETS[name]()
    w = np.random.default_rng(0).integers(1, 5, size=len(y)).astype(float)
    ref = sm.GLM(y, sm.add_constant(X, has_constant="add"), family=sm.families.Binomial(),
                 freq_weights=w).fit(tol=1e-13, maxiter=100)
    model = LogisticRegression(tol=1e-12).fit(X, y, sample_weight=w)
    s = model.summary()
    np.testing.assert_allclose(s.coef, ref.params, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(s.std_err, ref.bse, rtol=1e-8)
    # and frequency weights are duplicated rows, for statsmodels' Logit too
    rows = np.repeat(np.arange(len(y)), w.astype(int))
    dup = sm.Logit(y[rows], sm.add_constant(X[rows], has_constant="add")).fit(
        method="newton", tol=1e-12, disp=0)
    np.testing.assert_allclose(s.std_err, dup.bse, rtol=1e-8)


def _sklearn(X, y, C, solver, w=None):
    # scikit-learn 1.9: `penalty` is deprecated (FutureWarning); C=np.inf means no penalty
    # and the default l1_ratio=0 means L2. With filterwarnings=error any warning fails here.
    est = SkLogisticRegression(C=C, solver=solver, tol=1e-12, max_iter=10_000)
    return est.fit(X, y, sample_weight=w)


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("solver, rtol", [("newton-cholesky", 1e-7), ("lbfgs", 1e-5)])
def test_unpenalized_fit_matches_scikit_learn(name, solver, rtol):
    X, y = DATASETS[name]()
    if solver == "lbfgs":
        X = (X - X.mean(axis=0)) / X.std(axis=0)  # L-BFGS needs scaled features to get close
    ref = _sklearn(X, y, np.inf, solver)
    model = LogisticRegression(tol=1e-12).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_.ravel(), rtol=rtol, atol=1e-8)
    np.testing.assert_allclose(model.intercept_, ref.intercept_[0], rtol=rtol, atol=1e-8)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("alpha", [1e-3, 0.1])
def test_l2_penalty_matches_scikit_learn_with_the_equivalent_C(weighted, alpha):
    # ours: mean_s(loss) + alpha/2 |b|^2 ; sklearn: C * sum_s(loss) + 1/2 |w|^2
    # dividing sklearn's by C * sum(s) gives ours with alpha = 1 / (C * sum(s))
    X, y = _synthetic()
    w = np.random.default_rng(1).uniform(0.5, 2.0, size=len(y)) if weighted else None
    sum_w = len(y) if w is None else w.sum()
    C = 1.0 / (alpha * sum_w)
    ref = _sklearn(X, y, C, "newton-cholesky", w)
    model = LogisticRegression(alpha=alpha, tol=1e-12).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(model.coef_, ref.coef_.ravel(), rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(model.intercept_, ref.intercept_[0], rtol=1e-7, atol=1e-10)


def test_scikit_learn_default_C_is_a_penalty():
    # the peers' trap: sklearn's default C=1 shrinks; our default alpha=0 does not
    X, y = _spector()
    default_sk = SkLogisticRegression().fit(X, y)
    ours = LogisticRegression().fit(X, y)
    assert np.max(np.abs(default_sk.coef_.ravel() - ours.coef_)) > 0.1
    C = 1.0
    alpha = 1.0 / (C * len(y))
    np.testing.assert_allclose(LogisticRegression(alpha=alpha, tol=1e-12).fit(X, y).coef_,
                               _sklearn(X, y, C, "newton-cholesky").coef_.ravel(), rtol=1e-7)


def test_statsmodels_on_separated_data_agrees_that_something_is_wrong():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    with warnings.catch_warnings(record=True) as caught:  # statsmodels warns its own way
        warnings.simplefilter("always")
        try:
            sm.Logit(y, sm.add_constant(X)).fit(disp=0, maxiter=50)
        except Exception:  # older statsmodels raised PerfectSeparationError
            pass
    assert caught  # statsmodels did complain
    from logreg_lib import SeparationWarning

    with pytest.warns(SeparationWarning):
        LogisticRegression().fit(X, y)
