"""The library's estimators as scikit-learn citizens (issue 10, items 1, 2 and 6).

Three parts:

1. scikit-learn's own estimator checks (``parametrize_with_checks``) on every estimator
   and configuration, with the deliberate differences listed and justified;
2. the ecosystem: ``cross_val_score``, ``GridSearchCV``, pipelines, ``CalibratedClassifierCV``,
   ``OneVsRestClassifier``, ``clone`` and pickle;
3. the reproducers of issue 10 that concern the estimators' API and validation, each as
   a test of the behavior the issue asks for.
"""

import pickle
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from logreg_lib import (
    IsotonicCalibrator,
    LinearDiscriminant,
    LogisticRegression,
    PlattScaler,
    SoftmaxRegression,
)
from logreg_lib.exceptions import ConvergenceWarning, SeparationWarning

# --- 1. scikit-learn's estimator checks --------------------------------------------------

#: Every configuration the issue names. The first-order solvers get settings that keep
#: the checks fast (the checks' toy data are tiny and often separable, where no solver
#: converges) while still running every check on a real fit.
ESTIMATORS = [
    LogisticRegression(),                                   # IRLS, maximum likelihood
    LogisticRegression(solver="lbfgs"),
    LogisticRegression(solver="gd", max_iter=200, tol=1e-4),
    LogisticRegression(solver="sgd", max_iter=30, tol=1e-3),
    LogisticRegression(alpha=0.05),                         # L2
    LogisticRegression(alpha=0.05, l1_ratio=0.5),           # elastic net (proximal Newton)
    LogisticRegression(firth=True),
    SoftmaxRegression(),
    SoftmaxRegression(alpha=0.01),
    PlattScaler(),
    IsotonicCalibrator(),
    LinearDiscriminant(),                                   # chapter 6's generative view
]

_N_LESS_THAN_D = (
    "15 samples, 30 features, no penalty: the Hessian is singular and the library refuses "
    "collinear columns by name instead of returning one of infinitely many optima "
    "(use alpha > 0)")

_ONE_SCORE = (
    "isotonic calibration maps one score column (X of shape (n, 1)); this check fits on "
    "several columns and gets a ValueError that says so")

#: The checks that fit an IsotonicCalibrator on X with more than one column.
_MULTI_COLUMN_CHECKS = (
    "check_classifier_data_not_an_array", "check_classifiers_classes",
    "check_classifiers_train", "check_dict_unchanged", "check_dont_overwrite_parameters",
    "check_dtype_object", "check_estimators_dtypes", "check_estimators_fit_returns_self",
    "check_estimators_nan_inf", "check_estimators_overwrite_params",
    "check_estimators_pickle", "check_f_contiguous_array_estimator",
    "check_fit2d_predict1d", "check_fit_check_is_fitted", "check_fit_idempotent",
    "check_fit_score_takes_y", "check_methods_sample_order_invariance",
    "check_methods_subset_invariance", "check_n_features_in",
    "check_n_features_in_after_fitting", "check_pipeline_consistency",
    "check_positive_only_tag_during_fit", "check_readonly_memmap_input",
    "check_sample_weight_equivalence_on_dense_data", "check_sample_weights_list",
    "check_sample_weights_not_an_array", "check_sample_weights_not_overwritten",
    "check_sample_weights_pandas_series", "check_sample_weights_shape",
    "check_supervised_y_2d",
)


_SCORE_VECTOR = (
    "a calibrator also takes a 1-D vector of scores as one column, as scikit-learn's "
    "IsotonicRegression does, so fitting on 1-D X does not raise")


def _expected_failed_checks(estimator):
    """Deliberate differences only, each with its reason."""
    if isinstance(estimator, IsotonicCalibrator):
        return {**{name: _ONE_SCORE for name in _MULTI_COLUMN_CHECKS},
                "check_fit1d": _SCORE_VECTOR}
    if isinstance(estimator, PlattScaler):
        return {"check_sample_weight_equivalence_on_dense_data": _N_LESS_THAN_D,
                "check_fit1d": _SCORE_VECTOR}
    if isinstance(estimator, LogisticRegression) and estimator.alpha == 0 and (
            estimator.solver == "irls"):
        return {"check_sample_weight_equivalence_on_dense_data": _N_LESS_THAN_D}
    return {}


# The checks' toy data (blobs, a few samples) are often separable and too small for a
# first-order solver's tolerance: the estimators then warn, which is their documented
# behavior (tested in tests/test_model.py and tests/test_softmax.py), not a failure.
@pytest.mark.filterwarnings("ignore::logreg_lib.exceptions.SeparationWarning")
@pytest.mark.filterwarnings("ignore::logreg_lib.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_the_checks_cover_every_estimator_and_list_real_failures_only():
    """The expected failures name checks that exist and do fail: a check that starts
    passing (or a renamed one) must be removed from the list."""
    from sklearn.utils.estimator_checks import check_estimator

    for estimator in (IsotonicCalibrator(), PlattScaler(), LogisticRegression()):
        expected = _expected_failed_checks(estimator)
        with warnings.catch_warnings():  # the checks' own warnings are not at stake here
            warnings.simplefilter("ignore")
            results = check_estimator(estimator, on_fail=None,
                                      expected_failed_checks=expected)
        status = {}
        for r in results:
            status.setdefault(r["check_name"], set()).add(r["status"])
        assert set(expected) <= set(status), set(expected) - set(status)
        assert all(status[name] == {"xfail"} for name in expected)
        assert "failed" not in set().union(*status.values())


# --- 2. the ecosystem -------------------------------------------------------------------

@pytest.fixture(scope="module")
def binary():
    rng = np.random.default_rng(10)
    X = rng.normal(size=(240, 3)) * [1.0, 50.0, 0.02] + [0.0, 300.0, 1.0]  # mixed scales
    z = 0.8 * X[:, 0] + 0.02 * (X[:, 1] - 300) - 20 * (X[:, 2] - 1)
    y = (rng.uniform(size=240) < 1 / (1 + np.exp(-z))).astype(int)
    return X, y


@pytest.fixture(scope="module")
def three_classes():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 2))
    Z = X @ np.array([[1.5, -1.0, 0.0], [0.0, 1.0, -1.5]])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    y = np.array(["a", "b", "c"])[(rng.uniform(size=300)[:, None] > P.cumsum(axis=1)).sum(axis=1)]
    return X, y


def _scores(binary):
    """One score column for the calibrators: a deliberately miscalibrated log-odds."""
    X, y = binary
    s = 3.0 * LogisticRegression().fit(X, y).decision_function(X)[:, None] + 1.0
    return s, y


CV = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)


@pytest.mark.parametrize("make", [
    lambda: LogisticRegression(),
    lambda: LogisticRegression(solver="lbfgs"),
    lambda: LogisticRegression(alpha=0.01),
    lambda: SoftmaxRegression(),
])
def test_pipeline_with_scaler_cross_validates_without_nan(binary, make):
    """Issue 10: cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()))
    returned [nan nan nan]."""
    X, y = binary
    scores = cross_val_score(make_pipeline(StandardScaler(), make()), X, y, cv=CV)
    assert scores.shape == (3,) and np.all(np.isfinite(scores)) and scores.min() > 0.6
    log_loss = cross_val_score(make(), X, y, cv=CV, scoring="neg_log_loss")
    assert np.all(np.isfinite(log_loss))


@pytest.mark.parametrize("make", [lambda: PlattScaler(), lambda: IsotonicCalibrator()])
def test_calibrators_cross_validate_with_probability_scorers(binary, make):
    s, y = _scores(binary)
    for scoring in ("accuracy", "neg_log_loss", "neg_brier_score"):
        scores = cross_val_score(make(), s, y, cv=CV, scoring=scoring)
        assert np.all(np.isfinite(scores)), scoring


@pytest.mark.parametrize("estimator", [LogisticRegression(), SoftmaxRegression()])
def test_grid_search_over_alpha(binary, estimator):
    X, y = binary
    search = GridSearchCV(make_pipeline(StandardScaler(), estimator),
                          {f"{type(estimator).__name__.lower()}__alpha": [0.0, 0.01, 0.1]},
                          cv=CV).fit(X, y)
    assert search.best_params_ and np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.predict_proba(X).shape == (240, 2)


def test_calibrated_classifier_cv_wraps_the_estimators(binary, three_classes):
    X, y = binary
    for method in ("sigmoid", "isotonic"):
        cal = CalibratedClassifierCV(make_pipeline(StandardScaler(), LogisticRegression()),
                                     method=method, cv=CV).fit(X, y)
        P = cal.predict_proba(X)
        assert P.shape == (240, 2) and np.allclose(P.sum(axis=1), 1)
    X3, y3 = three_classes
    P3 = CalibratedClassifierCV(SoftmaxRegression(), cv=CV).fit(X3, y3).predict_proba(X3)
    assert P3.shape == (300, 3) and np.allclose(P3.sum(axis=1), 1)


def test_one_vs_rest_makes_the_binary_model_multiclass(three_classes):
    X, y = three_classes
    ovr = OneVsRestClassifier(LogisticRegression()).fit(X, y)
    assert ovr.classes_.tolist() == ["a", "b", "c"]
    assert ovr.score(X, y) > 0.6
    # each binary model is "class k versus the rest", labels 0/1
    assert all(est.classes_.tolist() == [0, 1] for est in ovr.estimators_)


@pytest.mark.parametrize("name", ["irls", "lbfgs", "softmax", "platt", "isotonic"])
def test_clone_and_pickle_give_the_same_predictions(binary, name):
    """Issue 10: clone(SoftmaxRegression()) raised TypeError."""
    X, y = binary
    if name in ("platt", "isotonic"):
        X, y = _scores(binary)
    estimator = {"irls": LogisticRegression(alpha=0.01), "lbfgs": LogisticRegression(solver="lbfgs"),
                 "softmax": SoftmaxRegression(alpha=0.01), "platt": PlattScaler(),
                 "isotonic": IsotonicCalibrator()}[name]
    fitted = estimator.fit(X, y)
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params() and not hasattr(copy, "classes_")
    np.testing.assert_array_equal(copy.fit(X, y).predict_proba(X), fitted.predict_proba(X))
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))


# --- 3. the reproducers of issue 10 -----------------------------------------------------

def test_softmax_checks_dataframe_columns_at_predict(three_classes):
    """Issue 10: reordering the columns silently changed 122 of 300 predictions."""
    X, y = three_classes
    df = pd.DataFrame(X, columns=["u", "v"])
    model = SoftmaxRegression().fit(df, y)
    assert model.feature_names_in_.tolist() == ["u", "v"]
    with pytest.raises(ValueError, match="same order"):
        model.predict(df[["v", "u"]])
    with pytest.raises(ValueError, match="unseen at fit time"):
        model.predict(df.rename(columns={"v": "w"}))


def test_binary_softmax_decision_function_is_one_dimensional(binary):
    """Issue 10: the binary decision_function had shape (n, 2)."""
    X, y = binary
    model = SoftmaxRegression(alpha=0.01).fit(StandardScaler().fit_transform(X), y)
    Xs = StandardScaler().fit(X).transform(X)
    z = model.decision_function(Xs)
    assert z.shape == (240,)
    np.testing.assert_array_equal(model.predict(Xs), model.classes_[(z > 0).astype(int)])
    np.testing.assert_allclose(model.predict_log_proba(Xs), np.log(model.predict_proba(Xs)),
                               rtol=1e-12)


@pytest.mark.parametrize("make", [LogisticRegression, SoftmaxRegression])
def test_a_failed_refit_leaves_the_previous_fit_intact(binary, three_classes, make):
    """Issue 10: a failed refit left classes_ and n_features_in_ from the failed call and
    coef_ from the old one."""
    X, y = binary
    model = make(alpha=0.01).fit(X, y)
    before = {k: v for k, v in vars(model).items() if k.endswith("_")}
    X_bad = np.column_stack([X, X[:, :1]])                     # 4 columns
    y_bad = np.where(y == 1, "yes", "no")                      # other labels
    with pytest.raises(ValueError):
        model.fit(X_bad, y_bad, sample_weight=np.where(y == 1, 0.0, 1.0))  # class "yes" has no weight
    after = {k: v for k, v in vars(model).items() if k.endswith("_")}
    assert after.keys() == before.keys()
    for k in before:
        assert after[k] is before[k], k
    assert model.n_features_in_ == 3 and model.classes_.tolist() == [0, 1]
    assert model.predict(X).shape == (240,)


@pytest.mark.parametrize("make", [PlattScaler, IsotonicCalibrator])
def test_a_failed_calibrator_refit_leaves_the_previous_fit_intact(binary, make):
    s, y = _scores(binary)
    cal = make().fit(s, y)
    before = dict(vars(cal))
    with pytest.raises(ValueError, match="only one class"):
        cal.fit(np.column_stack([s, s]), np.ones(240))
    assert vars(cal).keys() == before.keys()
    assert all(vars(cal)[k] is v for k, v in before.items())
    assert cal.predict_proba(s).shape == (240, 2)


@pytest.mark.parametrize("make", [LogisticRegression, SoftmaxRegression, PlattScaler,
                                  IsotonicCalibrator])
def test_not_fitted_is_sklearns_error(make):
    with pytest.raises(NotFittedError):
        make().predict_proba([[0.0]])


@pytest.mark.parametrize("make", [LogisticRegression, SoftmaxRegression])
class TestValidationLayer:
    """Item 6: one validation layer, the same behavior in both estimators."""

    def test_continuous_target_is_refused(self, binary, make):
        X, _ = binary
        y = np.random.default_rng(0).normal(size=240)  # used to become 240 classes
        with pytest.raises(ValueError, match="Unknown label type: continuous"):
            make().fit(X, y)

    @pytest.mark.parametrize("labels, match", [
        (np.array(["a", None] * 120, dtype=object), "missing label"),
        (np.array(["a", 1] * 120, dtype=object), "mixes strings and numbers"),
    ])
    def test_none_and_mixed_labels_are_refused(self, binary, make, labels, match):
        X, _ = binary
        with pytest.raises(ValueError, match=match):
            make().fit(X, labels)

    def test_all_weight_on_one_class_is_refused_up_front(self, binary, make):
        """Issue 10: it crashed inside check_separation with a misleading message."""
        X, y = binary
        with pytest.raises(ValueError, match="total sample_weight of class 0 is zero"):
            make().fit(X, y, sample_weight=y.astype(float))

    def test_complex_input_is_refused(self, binary, make):
        """Issue 10: complex X was fitted on its real part."""
        X, y = binary
        with pytest.raises(ValueError, match="[Cc]omplex"):
            make().fit(X + 1e-3j, y)
        with pytest.raises(ValueError, match="[Cc]omplex"):
            make().fit((X + 1e-3j).tolist(), y)

    def test_sparse_input_is_refused_by_name(self, binary, make):
        X, y = binary
        with pytest.raises(TypeError, match="[Ss]parse"):
            make().fit(scipy.sparse.csr_matrix(X), y)

    @pytest.mark.parametrize("scale, word", [(1e154, "1e+154"), (1e-200, "1e-200")])
    def test_extreme_scales_name_the_scale(self, binary, make, scale, word):
        X, y = binary
        X = X.copy()
        X[:, 2] = scale * np.sign(X[:, 2] - 1)
        with pytest.raises(ValueError, match=re.escape(f"Feature x2 has values of magnitude {word}")):
            make().fit(X, y)

    @pytest.mark.parametrize("param, value, error", [
        ("alpha", "0.1", TypeError),
        ("alpha", -1.0, ValueError),
        ("fit_intercept", "no", TypeError),
        ("max_iter", 2.5, TypeError),
        ("tol", 0.0, ValueError),
    ])
    def test_parameter_types_are_checked_at_fit(self, binary, make, param, value, error):
        X, y = binary
        model = make(**{param: value})  # stored unchanged: get_params/clone round-trip
        assert model.get_params()[param] == value
        with pytest.raises(error, match=param):
            model.fit(X, y)


def test_random_state_none_is_refused(binary):
    """random_state is a seed: every fit of the library is reproducible."""
    X, y = binary
    with pytest.raises(TypeError, match="random_state"):
        LogisticRegression(solver="sgd", random_state=None).fit(X, y)


def test_labels_of_any_type_become_classes(binary):
    X, y = binary
    Xs = StandardScaler().fit_transform(X)
    for labels in (np.where(y == 1, "yes", "no"), y.astype(bool), y * 10 - 5, y.astype(float)):
        for make in (LogisticRegression, SoftmaxRegression):
            model = make().fit(Xs, labels)
            assert model.classes_.tolist() == sorted(set(labels.tolist()))
            assert set(model.predict(Xs).tolist()) <= set(labels.tolist())


def test_softmax_does_not_let_zero_weight_rows_hide_a_separation():
    """Issue 10: rows of zero weight, which the fit ignores, hid a separation from
    SoftmaxRegression's check."""
    X = np.array([[-3.0], [-2.0], [-1.0], [1.0], [2.0], [3.0], [0.5], [-0.5]])
    y = np.array([0, 0, 0, 1, 1, 1, 0, 1])   # the last two rows overlap the classes...
    w = np.array([1, 1, 1, 1, 1, 1, 0, 0.0])  # ...but carry no weight: separated
    with pytest.warns(SeparationWarning):
        SoftmaxRegression().fit(X, y, sample_weight=w)


@pytest.mark.parametrize("make, kwargs, X, y, category", [
    (LogisticRegression, {"max_iter": 1}, [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]],
     [0, 0, 1, 0, 1, 1], ConvergenceWarning),
    (LogisticRegression, {}, [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], SeparationWarning),
    (SoftmaxRegression, {"max_iter": 1}, [[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1],
     ConvergenceWarning),
    (SoftmaxRegression, {}, [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], SeparationWarning),
])
def test_warnings_point_at_the_callers_line(make, kwargs, X, y, category):
    """The fit's guard against half-updated state adds a frame: the warnings still name
    the user's line, not the library's."""
    with pytest.warns(category) as record:
        make(**kwargs).fit(X, y)
    assert {r.filename for r in record if r.category is category} == {__file__}
