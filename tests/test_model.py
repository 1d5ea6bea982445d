"""Tests of the estimators: LogisticRegression (Chapters 2-5) and LinearProbabilityModel (Chapter 1)."""

import sys
import types
import warnings

import numpy as np
import pandas as pd
import pytest

from logreg_lib import (
    ConvergenceWarning,
    InferenceWarning,
    ClassCodeRegression,
    LinearProbabilityModel,
    LogisticRegression,
    SeparationWarning,
    Summary,
    sigmoid,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (rng.random(400) < sigmoid(0.3 + X @ [1.0, -0.5, 0.0])).astype(int)
    return X, y


# --- scikit-learn conventions ---------------------------------------------------------

def test_fit_returns_self_and_sets_fitted_attributes(data):
    X, y = data
    model = LogisticRegression()
    assert model.fit(X, y) is model
    assert model.coef_.shape == (3,) and isinstance(model.intercept_, float)
    np.testing.assert_array_equal(model.classes_, [0, 1])
    assert model.converged_ and 3 <= model.n_iter_ <= 10
    assert model.n_features_in_ == 3
    assert set(model.history_) >= {"coef", "loss", "grad_norm"}
    assert not hasattr(model, "feature_names_in_")


def test_predictions_are_consistent(data):
    X, y = data
    model = LogisticRegression().fit(X, y)
    z = model.decision_function(X)
    np.testing.assert_allclose(z, model.intercept_ + X @ model.coef_, rtol=1e-14)
    proba = model.predict_proba(X)
    assert proba.shape == (400, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-15)  # sigma(z) + sigma(-z)
    np.testing.assert_allclose(proba[:, 1], sigmoid(z), rtol=1e-15)
    np.testing.assert_array_equal(model.predict(X), (z >= 0).astype(int))  # p >= 0.5 iff z >= 0
    np.testing.assert_array_equal(model.predict(X, threshold=0.8), (proba[:, 1] >= 0.8).astype(int))
    assert model.score(X, y) == np.mean(model.predict(X) == y)


def test_any_two_labels_second_is_positive(data):
    X, y = data
    ref = LogisticRegression().fit(X, y)
    for labels in (np.array(["benign", "malignant"]), np.array([-1, 7]), np.array([False, True])):
        model = LogisticRegression().fit(X, labels[y])
        np.testing.assert_array_equal(model.classes_, labels)
        np.testing.assert_array_equal(model.coef_, ref.coef_)
        assert set(model.predict(X)) <= set(labels)
    # swapping which label sorts second flips every sign
    flipped = LogisticRegression().fit(X, np.array(["b", "a"])[y])
    np.testing.assert_allclose(flipped.coef_, -ref.coef_, rtol=1e-10)


def test_pandas_columns_become_feature_names(data):
    X, y = data
    df = pd.DataFrame(X, columns=["age", "dose", "noise"])
    model = LogisticRegression().fit(df, pd.Series(y))
    np.testing.assert_array_equal(model.feature_names_in_, ["age", "dose", "noise"])
    np.testing.assert_array_equal(model.summary().names, ["(intercept)", "age", "dose", "noise"])
    # a DataFrame is column-major: the dot products may round differently in the last bit
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        p_array = model.predict_proba(X)  # scikit-learn's convention: allowed, with a warning
    np.testing.assert_allclose(model.predict_proba(df), p_array, rtol=1e-14)
    with pytest.raises(ValueError, match="same order"):
        model.predict(df[["dose", "age", "noise"]])


def test_no_intercept(data):
    X, y = data
    model = LogisticRegression(fit_intercept=False).fit(X, y)
    assert model.intercept_ == 0.0
    assert model.summary().names.tolist() == ["x0", "x1", "x2"]


def test_params_and_repr():
    model = LogisticRegression(alpha=0.5, solver="gd")
    assert model.get_params()["alpha"] == 0.5
    assert model.set_params(alpha=0.1) is model and model.alpha == 0.1
    assert repr(model) == "LogisticRegression(alpha=0.1, solver='gd')"
    with pytest.raises(ValueError, match="Invalid parameter 'C'"):
        model.set_params(C=1.0)


@pytest.mark.parametrize("solver", ["gd", "sgd"])
def test_first_order_solvers_reach_the_irls_estimate(data, solver):
    X, y = data
    ref = LogisticRegression().fit(X, y)
    # sgd's tol is on the full-data gradient norm relative to the starting one
    model = LogisticRegression(solver=solver, max_iter=5000 if solver == "gd" else 200,
                               tol=1e-9 if solver == "gd" else 0.05).fit(X, y)
    # gd stops at |grad| <= 1e-9 (Hessian eigenvalues ~0.2: error ~5e-9); sgd is noisy
    atol = 1e-7 if solver == "gd" else 0.05
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=0, atol=atol)


def test_weight_two_equals_duplicating_the_row(data):
    X, y = data
    w = np.ones(400)
    w[:50] = 2.0
    weighted = LogisticRegression().fit(X, y, sample_weight=w)
    dup = LogisticRegression().fit(np.vstack([X, X[:50]]), np.concatenate([y, y[:50]]))
    # same optimization problem; both Newton fits converged to 1e-8 relative step, which
    # leaves ~1e-15 error after quadratic convergence: agreement to rounding
    np.testing.assert_allclose(weighted.coef_, dup.coef_, rtol=1e-10)
    np.testing.assert_allclose(weighted.summary().std_err, dup.summary().std_err, rtol=1e-10)


# --- errors ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "X, y, kwargs, match",
    [
        # scikit-learn's validation (validate_data, _check_sample_weight) words these
        (np.arange(4.0), [0, 1, 0, 1], {}, "2D array"),
        ([[0.0], [np.nan], [1.0]], [0, 1, 0], {}, "NaN"),
        ([[0.0], [np.inf], [1.0]], [0, 1, 0], {}, "infinity"),
        ([[0.0], [1.0], [2.0]], [0, 1], {}, "inconsistent numbers of samples"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"sample_weight": [1, -1, 1]}, "Negative values"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"sample_weight": [1, np.inf, 1]}, "infinity"),
        ([[0.0], [1.0], [2.0]], [0, 1, 0], {"sample_weight": [0, 0, 0]}, "weight"),
        ([[1j], [1.0], [2.0]], [0, 1, 0], {}, "[Cc]omplex"),
        # the library's label checker
        ([[0.0], [1.0], [2.0]], [0, 1, 2], {}, "Only binary classification is supported"),
        ([[0.0], [1.0], [2.0]], [1, 1, 1], {}, "only one class"),
    ],
)
def test_fit_rejects_bad_data(X, y, kwargs, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression().fit(X, y, **kwargs)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"alpha": -1.0}, "alpha"),
        ({"alpha": np.nan}, "alpha"),
        ({"solver": "newton"}, "Unknown solver"),
        ({"l1_ratio": 1.5}, "l1_ratio"),
        ({"alpha": 0.1, "l1_ratio": 0.5, "solver": "sgd"}, "does not support an L1"),
        ({"alpha": 0.1, "firth": True}, "firth=True cannot be combined"),
        ({"max_iter": 0}, "max_iter"),
        ({"tol": -1.0}, "tol"),
    ],
)
def test_fit_rejects_bad_parameters(data, params, match):
    X, y = data
    with pytest.raises(ValueError, match=match):
        LogisticRegression(**params).fit(X, y)


def test_unfitted_model_and_wrong_width(data):
    X, y = data
    with pytest.raises(ValueError, match="not fitted"):
        LogisticRegression().predict(X)
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="3"):
        model.predict(X[:, :2])
    with pytest.raises(ValueError, match="threshold"):
        model.predict(X, threshold=1.5)


def test_collinear_columns_are_named_in_the_error(data):
    X, y = data
    df = pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "a_plus_b": X[:, 0] + X[:, 1]})
    with pytest.raises(ValueError, match=r"\['a', 'b', 'a_plus_b'\] of X are collinear"):
        LogisticRegression().fit(df, y)
    const = pd.DataFrame({"a": X[:, 0], "always_one": np.ones(400)})
    with pytest.raises(ValueError, match=r"'\(intercept\)', 'always_one'"):
        LogisticRegression().fit(const, y)


# --- warnings -------------------------------------------------------------------------

def test_stopping_at_max_iter_warns(data):
    X, y = data
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        model = LogisticRegression(solver="gd", max_iter=3).fit(X, y)
    assert not model.converged_ and model.n_iter_ == 3


SEPARATED_X = np.array([[-2.0, 1.0], [-1.0, 0.0], [1.0, 1.0], [2.0, 0.0], [0.5, 1.0]])
SEPARATED_Y = np.array([0, 0, 1, 1, 1])


def test_complete_separation_warns_with_direction_and_remedies():
    X = pd.DataFrame(SEPARATED_X, columns=["dose", "smoker"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = LogisticRegression().fit(X, SEPARATED_Y)
    categories = [w.category for w in caught]
    assert categories == [SeparationWarning]  # one clear warning, not a convergence one too
    message = str(caught[0].message)
    assert "Complete separation" in message or "completely separated" in message
    assert "dose" in message
    for remedy in ("alpha=", "firth=True", "drop the separating feature"):
        assert remedy in message
    assert not model.converged_


def test_quasi_complete_separation_is_named():
    X = np.array([[-2.0], [-1.0], [0.0], [0.0], [1.0], [2.0]])
    with pytest.warns(SeparationWarning, match="(?i)quasi-complete"):
        LogisticRegression().fit(X, [0, 0, 0, 1, 1, 1])


def test_separation_fallback_without_the_separation_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "logreg_lib.separation", None)  # import now fails
    with pytest.warns(SeparationWarning, match="may be separated"):
        LogisticRegression().fit(SEPARATED_X, SEPARATED_Y)


def test_penalty_keeps_separated_fits_finite_and_quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LogisticRegression(alpha=0.1).fit(SEPARATED_X, SEPARATED_Y)
    assert model.converged_ and np.all(np.abs(model.coef_) < 10)


def test_saturated_but_not_separated_data_do_not_warn():
    # one extreme, correctly classified point drives p to 1 - 1e-20, but the classes overlap
    rng = np.random.default_rng(2)
    x = np.append(rng.normal(size=200), 60.0)
    y = np.append((rng.random(200) < sigmoid(x[:200])).astype(int), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LogisticRegression().fit(x[:, None], y)
    assert model.predict_proba([[60.0]])[0, 1] == 1.0 and model.converged_


# --- Firth wiring ---------------------------------------------------------------------

def test_firth_calls_separation_firth_fit_and_uses_its_covariance(monkeypatch):
    calls = {}

    def fake_firth_fit(X, y, sample_weight=None, max_iter=100, tol=1e-8):
        calls.update(X=X, y=y, max_iter=max_iter, tol=tol)
        return types.SimpleNamespace(coef=np.array([0.5, 1.5, -1.0]), n_iter=4, converged=True,
                                     history={"coef": [], "loss": [], "grad_norm": []},
                                     cov=np.diag([0.04, 0.09, 0.16]))

    fake = types.ModuleType("logreg_lib.separation")
    fake.firth_fit = fake_firth_fit
    monkeypatch.setitem(sys.modules, "logreg_lib.separation", fake)
    model = LogisticRegression(firth=True).fit(SEPARATED_X, SEPARATED_Y)
    np.testing.assert_array_equal(calls["X"][:, 0], 1.0)  # design matrix with intercept
    np.testing.assert_array_equal(calls["y"], SEPARATED_Y.astype(float))
    assert model.intercept_ == 0.5 and model.coef_.tolist() == [1.5, -1.0]
    np.testing.assert_allclose(model.summary().std_err, [0.2, 0.3, 0.4], rtol=1e-15)


def test_firth_gives_finite_estimates_on_separated_data():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no separation warning for Firth
        model = LogisticRegression(firth=True).fit(SEPARATED_X, SEPARATED_Y)
    assert np.all(np.isfinite(model.summary().std_err)) and np.all(np.abs(model.coef_) < 10)


# --- summary --------------------------------------------------------------------------

def test_summary_table(data):
    X, y = data
    model = LogisticRegression().fit(X, y)
    s = model.summary()
    assert isinstance(s, Summary) and len(s) == 4
    np.testing.assert_allclose(s.coef, np.r_[model.intercept_, model.coef_], rtol=0)
    np.testing.assert_allclose(s.std_err, np.sqrt(np.diag(model.covariance_)), rtol=0)
    np.testing.assert_allclose(s.wald, s.coef / s.std_err, rtol=1e-15)
    # odds-ratio interval = exponentiated coefficient interval (never exp of the SE)
    np.testing.assert_allclose(s.odds_ratio_ci_low, np.exp(s.ci_low), rtol=1e-15)
    np.testing.assert_allclose(s.odds_ratio_ci_high, np.exp(s.ci_high), rtol=1e-15)
    assert np.all(s.odds_ratio_ci_low < s.odds_ratio) and np.all(s.odds_ratio < s.odds_ratio_ci_high)
    text = str(s)
    assert "(intercept)" in text and "odds ratio" in text and "-0.0000" not in text
    assert "<table" in s._repr_html_() and "(intercept)" in s._repr_html_()
    assert s.to_frame().shape == (4, 9)


def test_summary_of_a_penalized_fit_warns(data):
    X, y = data
    model = LogisticRegression(alpha=0.1).fit(X, y)
    with pytest.warns(InferenceWarning, match="not valid"):
        s = model.summary()
    assert "Penalized" in str(s)


def test_summary_text_is_rounded_on_purpose():
    s = Summary(["a", "b"], [-1e-9, 0.123456789], [0.5, 0.25])
    text = s.to_text()
    assert "0.1235" in text and "0.123456" not in text
    assert "-0.0000" not in text  # a tiny negative number prints as 0.0000


# --- Chapter 1: the linear probability model ------------------------------------------

def test_linear_probability_model_is_least_squares_and_leaves_the_unit_interval():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 30.0])
    y = np.array([0, 0, 0, 1, 1, 1, 1])
    lpm = LinearProbabilityModel().fit(x[:, None], y)
    ref = np.polyfit(x, y, 1)
    np.testing.assert_allclose([lpm.coef_[0], lpm.intercept_], ref, rtol=1e-10)
    values = lpm.predict_value(np.array([[-5.0], [40.0]]))
    assert values[0] < 0 or values[1] > 1  # not a probability


def test_one_far_point_moves_the_line_but_not_the_logistic_boundary():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 3.5, 3.6])
    y = np.array([0, 0, 0, 1, 1, 1, 1, 0])
    x_out, y_out = np.append(x, 40.0), np.append(y, 1)
    before = LinearProbabilityModel().fit(x[:, None], y).decision_boundary()
    after = LinearProbabilityModel().fit(x_out[:, None], y_out).decision_boundary()
    lr_before = LogisticRegression().fit(x[:, None], y)
    lr_after = LogisticRegression().fit(x_out[:, None], y_out)
    b_before = -lr_before.intercept_ / lr_before.coef_[0]
    b_after = -lr_after.intercept_ / lr_after.coef_[0]
    assert abs(after - before) > 0.5  # the line's 0.5 crossing moves a lot
    assert abs(b_after - b_before) < abs(after - before) / 4  # the logistic one barely


def test_linear_probability_model_validates():
    with pytest.raises(ValueError, match="two classes"):
        LinearProbabilityModel().fit([[1.0], [2.0]], [1, 1])
    with pytest.raises(ValueError, match="not fitted"):
        LinearProbabilityModel().predict([[1.0]])


def test_logistic_decision_boundary_is_where_p_equals_the_threshold(data):
    X, y = data
    model = LogisticRegression().fit(X[:, :1], y)
    for tau in (0.2, 0.5, 0.9):
        x_star = model.decision_boundary(tau)
        # p(x*) = tau up to the rounding of logit and one division
        np.testing.assert_allclose(model.predict_proba([[x_star]])[0, 1], tau, rtol=1e-12)
    with pytest.raises(ValueError, match="single feature"):
        LogisticRegression().fit(X, y).decision_boundary()
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        model.decision_boundary(1.0)


def test_class_code_regression_is_the_code_weighted_sum_of_one_vs_rest_lines():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(90, 2))
    y = np.repeat(np.array(["cat", "dog", "bird"]), 30)
    X[y == "dog"] += 2.0
    X[y == "bird"] += 4.0
    codes = {"cat": 0, "dog": 1, "bird": 2}
    model = ClassCodeRegression(codes=codes).fit(X, y)
    by_parts = sum(c * LinearProbabilityModel().fit(X, (y == k).astype(int)).predict_value(X)
                   for k, c in codes.items())
    # least squares is linear in the target: equal up to the two solvers' rounding
    np.testing.assert_allclose(model.predict_value(X), by_parts, atol=1e-10)
    # re-numbering the classes changes the model and its decisions (the fake geometry)
    swapped = ClassCodeRegression(codes={"cat": 0, "dog": 2, "bird": 1}).fit(X, y)
    assert np.any(swapped.predict(X) != model.predict(X))
    # default codes are 0..K-1 in sorted label order
    default = ClassCodeRegression().fit(X, y)
    assert default.classes_.tolist() == ["bird", "cat", "dog"]
    np.testing.assert_array_equal(default.codes_, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="no number for"):
        ClassCodeRegression(codes={"cat": 0, "dog": 1}).fit(X, y)
    with pytest.raises(ValueError, match="distinct"):
        ClassCodeRegression(codes={"cat": 0, "dog": 0, "bird": 1}).fit(X, y)
