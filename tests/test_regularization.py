"""Tests of logreg_lib.regularization and the penalized fits (Chapter 5)."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from logreg_lib import (
    LogisticRegression,
    add_intercept,
    penalized_cross_entropy,
    penalty,
    proximal_newton,
    regularization_path,
    sigmoid,
    soft_threshold,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 6))
    beta = np.array([1.5, -1.0, 0.5, 0.0, 0.0, 0.2])
    y = (rng.random(300) < sigmoid(0.3 + X @ beta)).astype(float)
    return X, y


def _objective(model, X, y, alpha, l1_ratio, w=None):
    mask = np.r_[False, np.ones(X.shape[1], dtype=bool)]
    beta = np.r_[model.intercept_, np.ravel(model.coef_)]
    return penalized_cross_entropy(beta, add_intercept(X), y, alpha, l1_ratio, w, mask)


def test_penalty_values():
    beta = np.array([10.0, 1.0, -2.0])
    mask = [False, True, True]
    assert penalty(beta, 0.0, 0.7, mask) == 0.0
    assert penalty(beta, 2.0, 0.0, mask) == pytest.approx(2.0 * 0.5 * 5.0, rel=1e-15)
    assert penalty(beta, 2.0, 1.0, mask) == pytest.approx(2.0 * 3.0, rel=1e-15)
    assert penalty(beta, 2.0, 0.5, mask) == pytest.approx(2.0 * (0.5 * 3.0 + 0.25 * 5.0), rel=1e-15)
    with pytest.raises(ValueError, match="alpha"):
        penalty(beta, -1.0)
    with pytest.raises(ValueError, match="l1_ratio"):
        penalty(beta, 1.0, 2.0)


def test_soft_threshold():
    np.testing.assert_array_equal(soft_threshold([-3.0, -0.5, 0.0, 0.5, 3.0], 1.0),
                                  [-2.0, 0.0, 0.0, 0.0, 2.0])
    with pytest.raises(ValueError):
        soft_threshold(1.0, -1.0)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("alpha", [0.01, 0.05])
def test_elastic_net_matches_scikit_learn_saga(data, alpha, l1_ratio):
    X, y = data
    C = 1.0 / (alpha * len(y))  # sklearn's C * sum(loss) + penalty, divided by C * n
    sk = SkLogisticRegression(C=C, l1_ratio=l1_ratio, solver="saga", tol=1e-12,
                              max_iter=100_000).fit(X, y)
    ours = LogisticRegression(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12).fit(X, y)
    # both solve the same strongly convex (in the active set) problem to ~1e-12; saga's
    # stopping rule is on the iterate change, so allow 1e-9 (observed ~1e-12)
    np.testing.assert_allclose(ours.coef_, sk.coef_.ravel(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.intercept_, sk.intercept_[0], rtol=0, atol=1e-9)
    # objective values: equal to rounding (1e-14 relative), and ours is not worse
    f_ours, f_sk = _objective(ours, X, y, alpha, l1_ratio), _objective(sk, X, y, alpha, l1_ratio)
    assert f_ours <= f_sk + 1e-14
    np.testing.assert_allclose(f_ours, f_sk, rtol=1e-12)
    # exact zeros in the same places
    np.testing.assert_array_equal(ours.coef_ == 0, sk.coef_.ravel() == 0)


def test_lasso_gives_exact_zeros_and_gd_agrees(data):
    X, y = data
    ours = LogisticRegression(alpha=0.05, l1_ratio=1.0, tol=1e-12).fit(X, y)
    assert np.sum(ours.coef_ == 0.0) >= 2  # the noise features are exactly zero
    gd = LogisticRegression(alpha=0.05, l1_ratio=1.0, solver="gd", tol=1e-10,
                            max_iter=100_000).fit(X, y)
    # proximal gradient stops at a subgradient norm of 1e-10: within ~1e-9 of the optimum
    np.testing.assert_allclose(gd.coef_, ours.coef_, rtol=0, atol=1e-8)
    np.testing.assert_array_equal(gd.coef_ == 0, ours.coef_ == 0)


def test_intercept_is_not_penalized(data):
    X, y = data
    # a huge penalty zeroes every slope, and the intercept becomes the logit of the mean
    model = LogisticRegression(alpha=1e6, tol=1e-12).fit(X, y)
    assert np.max(np.abs(model.coef_)) < 1e-5
    np.testing.assert_allclose(sigmoid(model.intercept_), y.mean(), rtol=1e-5)
    lasso = LogisticRegression(alpha=10.0, l1_ratio=1.0).fit(X, y)
    assert np.all(lasso.coef_ == 0)
    np.testing.assert_allclose(sigmoid(lasso.intercept_), y.mean(), rtol=1e-10)


def test_regularization_path_shrinks_with_warm_starts(data):
    X, y = data
    alphas = np.logspace(0, -3, 12)
    path = regularization_path(X, y, alphas, l1_ratio=1.0)
    assert path.coef.shape == (12, 6) and path.intercept.shape == (12,)
    assert path.converged.all()
    l1 = np.abs(path.coef).sum(axis=1)
    assert np.all(np.diff(l1) >= -1e-12)  # weaker penalty, larger coefficients
    assert np.all(path.coef[0] == 0)  # alpha = 1 zeroes everything
    n_nonzero = (path.coef != 0).sum(axis=1)
    assert n_nonzero[-1] >= 5
    # each path point equals a cold fit at the same alpha (to the solvers' tolerance)
    cold = LogisticRegression(alpha=alphas[6], l1_ratio=1.0).fit(X, y)
    np.testing.assert_allclose(path.coef[6], cold.coef_, rtol=0, atol=1e-7)
    assert path.feature_names.tolist() == [f"x{j}" for j in range(6)]


def test_regularization_path_validates(data):
    X, y = data
    with pytest.raises(ValueError, match="alpha"):
        regularization_path(X, y, [0.1, -1.0])
    with pytest.raises(ValueError, match="empty"):
        regularization_path(X, y, [])


def test_proximal_newton_with_l1_ratio_zero_is_ridge(data):
    X, y = data
    Xd = add_intercept(X)
    mask = np.r_[False, np.ones(6, dtype=bool)]
    ridge = LogisticRegression(alpha=0.05, tol=1e-12).fit(X, y)
    prox = proximal_newton(Xd, y, alpha=0.05, l1_ratio=0.0, penalty_mask=mask, tol=1e-12)
    # same smooth problem, Cholesky solve vs coordinate descent to 1e-13
    np.testing.assert_allclose(prox.coef[1:], ridge.coef_, rtol=0, atol=1e-10)


def test_warm_start_is_public_and_used_by_the_path():
    # issue 10, item 9: the path uses the estimator's public warm start, not a private fit
    from logreg_lib import LogisticRegression

    rng = np.random.default_rng(5)
    X = rng.normal(size=(300, 4))
    y = (X @ [1.0, -1.0, 0.5, 0.0] + rng.normal(size=300) > 0).astype(int)
    cold = LogisticRegression(alpha=0.01).fit(X, y)
    warm = LogisticRegression(alpha=0.011, warm_start=True).fit(X, y)
    first_iters = warm.n_iter_
    warm.set_params(alpha=0.01).fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-8)
    assert warm.n_iter_ < cold.n_iter_ and warm.n_iter_ < first_iters
    with pytest.raises(TypeError, match="warm_start"):
        LogisticRegression(warm_start="yes").fit(X, y)
    path = regularization_path(X, y, alphas=[0.1, 0.01])
    np.testing.assert_allclose(path.coef[1], cold.coef_, atol=1e-8)
    assert list(path.feature_names) == ["x0", "x1", "x2", "x3"]
