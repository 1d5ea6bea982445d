"""Tests of logreg_lib.inference: covariance, Wald tests and the summary table (Chapter 3)."""

import numpy as np
import pytest
from scipy import stats

from logreg_lib import (
    LogisticRegression,
    Summary,
    add_intercept,
    covariance,
    hessian,
    make_cervical_cohort,
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
