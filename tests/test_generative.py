"""Tests for logreg_lib.generative (chapter 6, the generative view).

References: scikit-learn's LinearDiscriminantAnalysis(solver="lsqr") for the
coefficients and probabilities, and Bayes' rule with scipy's Gaussian densities for
the claim that the log posterior odds are exactly linear.
"""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

from logreg_lib.generative import LinearDiscriminant
from logreg_lib.model import LogisticRegression


def _gaussian_classes(seed=0, n=(300, 150)):
    rng = np.random.default_rng(seed)
    cov = np.array([[1.0, 0.6, 0.0], [0.6, 2.0, -0.3], [0.0, -0.3, 0.5]])
    X0 = rng.multivariate_normal([0.0, 0.0, 0.0], cov, size=n[0])
    X1 = rng.multivariate_normal([1.0, -0.5, 0.5], cov, size=n[1])
    return np.vstack([X0, X1]), np.r_[np.zeros(n[0]), np.ones(n[1])].astype(int)


def test_matches_sklearn_lda():
    X, y = _gaussian_classes()
    ours = LinearDiscriminant().fit(X, y)
    ref = LinearDiscriminantAnalysis(solver="lsqr").fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_[0], rtol=1e-10)
    assert ours.intercept_ == pytest.approx(ref.intercept_[0], rel=1e-10)
    np.testing.assert_allclose(ours.covariance_, ref.covariance_, rtol=1e-12)
    np.testing.assert_allclose(ours.means_, ref.means_, rtol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-12)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                               atol=1e-10)


def test_log_odds_are_bayes_rule_with_gaussian_densities():
    X, y = _gaussian_classes(seed=1)
    lda = LinearDiscriminant().fit(X, y)
    f0 = multivariate_normal(lda.means_[0], lda.covariance_).logpdf(X)
    f1 = multivariate_normal(lda.means_[1], lda.covariance_).logpdf(X)
    log_odds = np.log(lda.priors_[1] / lda.priors_[0]) + f1 - f0
    np.testing.assert_allclose(lda.decision_function(X), log_odds, atol=1e-9)


def test_close_to_logistic_regression_on_gaussian_data():
    # With the model right for both, both estimate the same coefficients.
    X, y = _gaussian_classes(seed=2, n=(20000, 10000))
    lda = LinearDiscriminant().fit(X, y)
    logit = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(lda.coef_, logit.coef_, atol=0.06)
    assert lda.intercept_ == pytest.approx(logit.intercept_, abs=0.06)


def test_string_labels_and_errors():
    X, y = _gaussian_classes(seed=3)
    labels = np.where(y == 1, "b", "a")
    np.testing.assert_allclose(LinearDiscriminant().fit(X, labels).coef_,
                               LinearDiscriminant().fit(X, y).coef_)
    with pytest.raises(ValueError, match="singular"):
        LinearDiscriminant().fit(np.column_stack([X, np.ones(len(y))]), y)
    with pytest.raises(ValueError, match="not fitted"):
        LinearDiscriminant().predict_proba(X)
    with pytest.raises(ValueError, match="features"):
        LinearDiscriminant().fit(X, y).decision_function(X[:, :2])
    with pytest.raises(ValueError, match="two classes"):
        LinearDiscriminant().fit(X, np.zeros(len(y)))
