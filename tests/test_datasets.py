"""Tests of logreg_lib.datasets: the synthetic cervical-cancer cohort and the loaders."""

import sys

import numpy as np
import pytest

from logreg_lib import (
    CERVICAL_TRUE_COEF,
    LogisticRegression,
    load_breast_cancer,
    load_iris,
    load_wine,
    make_cervical_cohort,
)

FEATURES = list(CERVICAL_TRUE_COEF)[1:]
OUTCOME = "Cancer (synthetic)"


def test_cohort_shape_names_and_synthetic_label():
    df = make_cervical_cohort()
    assert df.shape == (858, 6)
    assert list(df.columns) == [
        "Hormonal contraceptives y/n", "Smokes y/n", "Num. of pregnancies",
        "Num. of diagnosed STDs", "Intrauterine device y/n", OUTCOME]
    assert df.attrs["synthetic"] is True and "SYNTHETIC" in df.attrs["description"]
    assert df.attrs["true_coef"] == CERVICAL_TRUE_COEF
    assert "synthetic" in OUTCOME.lower() and "synthetic" in make_cervical_cohort.__doc__.lower()
    assert set(df[OUTCOME].unique()) == {0, 1}


def test_cohort_is_seeded():
    a, b = make_cervical_cohort(seed=7), make_cervical_cohort(seed=7)
    assert a.equals(b)
    assert not a.equals(make_cervical_cohort(seed=8))
    assert make_cervical_cohort(n_samples=10, seed=1).shape == (10, 6)


def test_cohort_feature_distributions_match_the_real_summary():
    df = make_cervical_cohort(n_samples=200_000, seed=0)
    # 200 000 draws: standard errors of these proportions are ~0.001, hence atol=0.01
    np.testing.assert_allclose(df["Hormonal contraceptives y/n"].mean(), 0.64, atol=0.01)
    np.testing.assert_allclose(df["Smokes y/n"].mean(), 0.14, atol=0.01)
    np.testing.assert_allclose(df["Intrauterine device y/n"].mean(), 0.10, atol=0.01)
    np.testing.assert_allclose(df["Num. of pregnancies"].mean(), 2.2, atol=0.05)
    assert df["Num. of pregnancies"].between(0, 4).mean() > 0.9
    np.testing.assert_allclose((df["Num. of diagnosed STDs"] >= 1).mean(), 0.09, atol=0.01)
    # about 55 positives in 858 (6.4%); the simulated rate is ~6.5%
    np.testing.assert_allclose(df[OUTCOME].mean(), 55 / 858, atol=0.01)


def test_refits_cover_the_true_coefficients_at_the_nominal_rate():
    # 200 seeded cohorts of the real size (858): each 95% Wald interval should contain the
    # true coefficient in 95% of them. With 200 replications the coverage has a binomial
    # standard deviation of sqrt(0.95 * 0.05 / 200) = 0.0154; we accept +-3 sd per
    # coefficient and +-3 sd of the pooled 1200 intervals. (n = 858 is enough: coverage is
    # already nominal and 200 fits take about a second.) Doubling or halving the standard
    # errors would give ~100% or ~68% and fail.
    true = np.array(list(CERVICAL_TRUE_COEF.values()))
    covered = np.zeros((200, 6), dtype=bool)
    for seed in range(200):
        df = make_cervical_cohort(seed=seed)
        s = LogisticRegression().fit(df[FEATURES], df[OUTCOME]).summary()
        covered[seed] = (s.ci_low <= true) & (true <= s.ci_high)
    rate = covered.mean(axis=0)
    sd = np.sqrt(0.95 * 0.05 / 200)
    assert np.all(np.abs(rate - 0.95) <= 3 * sd), rate
    assert abs(covered.mean() - 0.95) <= 3 * np.sqrt(0.95 * 0.05 / 1200), covered.mean()


def test_cohort_validates_n():
    for bad in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="n_samples"):
            make_cervical_cohort(n_samples=bad)


def test_breast_cancer_has_malignant_as_positive_class():
    X, y = load_breast_cancer()
    assert X.shape == (569, 30) and y.name == "malignant"
    assert int(y.sum()) == 212  # 212 malignant tumors (sklearn's target 0)
    # malignant tumors are larger: the flip is the right way round
    assert X.loc[y == 1, "mean radius"].mean() > X.loc[y == 0, "mean radius"].mean()


def test_iris_and_wine():
    X, y = load_iris()
    assert X.shape == (150, 4) and sorted(y.unique()) == ["setosa", "versicolor", "virginica"]
    assert (y == "setosa").sum() == 50
    X, y = load_wine()
    assert X.shape == (178, 13) and sorted(y.unique()) == ["class_0", "class_1", "class_2"]


@pytest.mark.parametrize("loader", [load_breast_cancer, load_iris, load_wine])
def test_loaders_explain_a_missing_scikit_learn(monkeypatch, loader):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # "import sklearn" now fails
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        loader()


# --- the real cervical table (package data, CC BY 4.0) -----------------------------------

def test_load_cervical_reproduces_the_notes_table():
    import statsmodels.api as sm

    from logreg_lib import load_cervical

    X, y = load_cervical()
    assert X.shape == (858, 15) and int(y.sum()) == 55 and y.name == "cancer"
    assert set(y.unique()) == {0, 1} and "Biopsy" not in X.columns
    five = ["Hormonal.Contraceptives", "Smokes", "Num.of.pregnancies",
            "STDs..Number.of.diagnosis", "IUD"]
    s = LogisticRegression().fit(X[five], y).summary()
    # the notes print two decimals: every weight and standard error rounds to them
    np.testing.assert_array_equal(np.round(s.coef, 2), [-2.91, -0.12, 0.26, 0.04, 0.82, 0.62])
    np.testing.assert_array_equal(np.round(s.std_err, 2), [0.32, 0.30, 0.37, 0.10, 0.33, 0.40])
    ref = sm.Logit(y, sm.add_constant(X[five])).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(s.coef, ref.params, rtol=1e-8)
    np.testing.assert_allclose(s.std_err, ref.bse, rtol=1e-7)


def test_load_cervical_states_provenance_and_licence():
    from importlib import resources

    from logreg_lib import load_cervical

    doc = load_cervical.__doc__
    assert "CC BY 4.0" in doc and "UCI" in doc and "Fernandes" in doc
    readme = resources.files("logreg_lib").joinpath("data", "README.md").read_text()
    assert "CC BY 4.0" in readme and "Molnar" in readme
