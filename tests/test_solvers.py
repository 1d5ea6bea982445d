"""Tests of logreg_lib.solvers (Chapter 4): Newton, IRLS, L-BFGS, gradient descent, SGD."""

import numpy as np
import pytest

from logreg_lib import (
    add_intercept,
    gradient,
    gradient_descent,
    irls,
    lbfgs,
    newton,
    penalized_gradient,
    sgd,
    sigmoid,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = add_intercept(rng.normal(size=(2000, 4)))
    beta = np.array([-0.5, 1.0, -1.0, 0.5, 0.0])
    y = (rng.random(2000) < sigmoid(X @ beta)).astype(float)
    w = rng.integers(1, 4, size=2000).astype(float)
    return X, y, w


@pytest.mark.parametrize("weighted", [False, True])
def test_irls_newton_and_gradient_descent_agree(data, weighted):
    X, y, w = data
    w = w if weighted else None
    ref = newton(X, y, w, tol=1e-12)
    chol = irls(X, y, w, tol=1e-12)
    qr = irls(X, y, w, tol=1e-12, method="qr")
    gd = gradient_descent(X, y, w, tol=1e-11, max_iter=20_000)
    gd_ls = gradient_descent(X, y, w, tol=1e-11, max_iter=20_000, line_search=True)
    for res in (ref, chol, qr, gd, gd_ls):
        assert res.converged, res.message
    # the three second-order solvers solve the same linear systems: rounding only
    np.testing.assert_allclose(chol.coef, ref.coef, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(qr.coef, ref.coef, rtol=1e-12, atol=1e-14)
    # gradient descent stopped at |grad| <= 1e-11; the Hessian's smallest eigenvalue is
    # ~0.1 here, so the coefficients are within ~1e-10 of the optimum
    np.testing.assert_allclose(gd.coef, ref.coef, rtol=0, atol=1e-9)
    np.testing.assert_allclose(gd_ls.coef, ref.coef, rtol=0, atol=1e-9)
    # the gradient at the Newton estimate vanishes (first-order condition)
    assert np.max(np.abs(gradient(ref.coef, X, y, w))) < 1e-12


def test_sgd_gets_close_and_is_reproducible(data):
    X, y, _ = data
    ref = irls(X, y)
    a = sgd(X, y, seed=3)
    b = sgd(X, y, seed=3)
    np.testing.assert_array_equal(a.coef, b.coef)  # same seed, same path
    assert not np.array_equal(a.coef, sgd(X, y, seed=4).coef)
    # mini-batch noise with a 1/(1+k) step: within a few hundredths after ~50 epochs
    np.testing.assert_allclose(a.coef, ref.coef, rtol=0, atol=0.05)
    assert a.history["loss"][-1] < a.history["loss"][0]


def test_newton_converges_quadratically(data):
    X, y, _ = data
    res = newton(X, y, tol=1e-14)
    assert res.n_iter <= 8
    g = np.array(res.history["grad_norm"])
    # once close, each step roughly squares the gradient norm
    assert g[-2] < 1e-6 and g[-1] < 1e-12
    loss = np.array(res.history["loss"])
    assert np.all(np.diff(loss) <= 1e-15)


def test_fixed_step_gradient_descent_decreases_the_loss_every_step(data):
    X, y, _ = data
    res = gradient_descent(X, y, max_iter=200, tol=1e-12)
    loss = np.array(res.history["loss"])
    # step 1/L with L an upper bound of the curvature: monotone descent (up to rounding)
    assert np.all(np.diff(loss) <= 1e-15)
    assert len(res.history["coef"]) == res.n_iter + 1 == len(res.history["grad_norm"])


def test_paths_have_one_entry_per_iterate(data):
    X, y, _ = data
    res = irls(X, y)
    assert len(res.history["coef"]) == len(res.history["loss"]) == res.n_iter + 1
    np.testing.assert_array_equal(res.history["coef"][0], np.zeros(X.shape[1]))
    np.testing.assert_array_equal(res.history["coef"][-1], res.coef)


def test_line_search_is_faster_than_the_fixed_step_on_unscaled_features(data):
    X, y, _ = data
    Xs = X.copy()
    Xs[:, 1] *= 30.0  # badly scaled feature: the fixed step 1/L is tiny for the others
    fixed = gradient_descent(Xs, y, max_iter=300, tol=1e-6)
    searched = gradient_descent(Xs, y, max_iter=300, tol=1e-6, line_search=True)
    assert searched.history["loss"][-1] < fixed.history["loss"][-1]


def test_max_iter_reached_is_reported(data):
    X, y, _ = data
    res = gradient_descent(X, y, max_iter=3)
    assert not res.converged and res.n_iter == 3
    assert "max_iter" in res.message


def test_l2_penalty_solves_the_penalized_first_order_condition(data):
    X, y, _ = data
    mask = np.array([False, True, True, True, True])
    res = irls(X, y, alpha=0.5, penalty_mask=mask, tol=1e-12)
    g = penalized_gradient(res.coef, X, y, 0.5, penalty_mask=mask)
    assert np.max(np.abs(g)) < 1e-12
    gd = gradient_descent(X, y, alpha=0.5, penalty_mask=mask, tol=1e-12, max_iter=5000)
    # strongly convex (alpha = 0.5): |beta - beta*| <= |grad| / 0.5
    np.testing.assert_allclose(gd.coef, res.coef, rtol=0, atol=1e-11)


def test_collinear_columns_are_named():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(100, 2))
    X = add_intercept(np.column_stack([x, x[:, 0] + x[:, 1]]))
    y = (rng.random(100) < 0.5).astype(float)
    with pytest.raises(ValueError, match=r"columns \[#1, #2, #3\] of X are collinear"):
        irls(X, y)
    with pytest.raises(ValueError, match="collinear"):
        newton(X, y)


def test_separated_data_do_not_converge():
    X = add_intercept(np.array([[-2.0], [-1.0], [1.0], [2.0]]))
    y = np.array([0.0, 0.0, 1.0, 1.0])
    res = irls(X, y, max_iter=50)
    assert not res.converged
    # the slope keeps growing: there is no finite maximum-likelihood estimate
    slopes = [c[1] for c in res.history["coef"]]
    assert slopes[-1] > 10 and slopes[-1] > slopes[len(slopes) // 2]


@pytest.mark.parametrize("solver", [irls, newton, gradient_descent, sgd, lbfgs])
def test_invalid_input(solver):
    X = add_intercept(np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match="0/1"):
        solver(X, [0, 1, 2])
    with pytest.raises(ValueError, match="Inconsistent"):
        solver(X, [0, 1])
    with pytest.raises(ValueError, match="alpha"):
        solver(X, [0, 1, 1], alpha=-1.0)


def test_invalid_solver_options():
    X = add_intercept(np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match="method"):
        irls(X, [0, 1, 1], method="svd")
    with pytest.raises(ValueError, match="step_size"):
        gradient_descent(X, [0, 1, 1], step_size=-1.0)
    with pytest.raises(ValueError, match="batch_size"):
        sgd(X, [0, 1, 1], batch_size=0)


# --- L-BFGS (issue 10, item 4) -------------------------------------------------------

@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("alpha", [0.0, 0.3])
def test_lbfgs_agrees_with_irls(data, weighted, alpha):
    X, y, w = data
    w = w if weighted else None
    mask = np.array([False, True, True, True, True])
    ref = irls(X, y, w, alpha=alpha, penalty_mask=mask, tol=1e-12)
    res = lbfgs(X, y, w, alpha=alpha, penalty_mask=mask, tol=1e-8)
    assert res.converged, res.message
    # |grad| <= 1e-8 * |grad at 0| (~0.3) and the Hessian's smallest eigenvalue is ~0.1:
    # the coefficients are within ~3e-8 of the optimum
    np.testing.assert_allclose(res.coef, ref.coef, rtol=0, atol=1e-7)
    assert res.hessian is None  # no X^T W X formed: the estimator forms it once
    g = penalized_gradient(res.coef, X, y, alpha, sample_weight=w, penalty_mask=mask)
    assert np.linalg.norm(g) <= 1e-8 * res.history["grad_norm"][0]


def test_lbfgs_matches_scikit_learn(data):
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    X, y, _ = data
    sk = SkLogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10).fit(X[:, 1:], y)
    res = lbfgs(X, y, tol=1e-8)
    np.testing.assert_allclose(res.coef, np.r_[sk.intercept_, sk.coef_.ravel()], atol=1e-7)


def test_lbfgs_path_and_warm_start(data):
    X, y, _ = data
    res = lbfgs(X, y)
    assert len(res.history["coef"]) == len(res.history["loss"]) == res.n_iter + 1
    np.testing.assert_array_equal(res.history["coef"][-1], res.coef)
    assert res.history["loss"][-1] < res.history["loss"][0]
    # started at the optimum, it stops at once: the reference scale is the gradient at 0
    again = lbfgs(X, y, beta0=irls(X, y, tol=1e-12).coef)
    assert again.converged and again.n_iter == 0


def test_lbfgs_reports_max_iter_and_refuses_bad_options(data):
    X, y, _ = data
    res = lbfgs(X, y, max_iter=2)
    assert not res.converged and res.n_iter == 2 and "max_iter=2" in res.message
    with pytest.raises(ValueError, match="memory"):
        lbfgs(X, y, memory=0)
    with pytest.raises(ValueError, match="tol"):
        lbfgs(X, y, tol=-1.0)


# --- honest first-order solvers (issue 10, item 3) ------------------------------------

@pytest.fixture(scope="module")
def unscaled():
    """Features on scales 10, 1 and 200: the reproducer of issue 10 for SGD."""
    rng = np.random.default_rng(0)
    n = 1000
    X = np.column_stack([rng.normal(50, 10, n), rng.normal(0, 1, n), rng.exponential(200, n)])
    z = -3 + 0.06 * X[:, 0] + 1.0 * X[:, 1] - 0.002 * X[:, 2]
    y = (rng.random(n) < sigmoid(z)).astype(float)
    return add_intercept(X), y


def test_sgd_on_unscaled_features_does_not_claim_convergence(unscaled):
    X, y = unscaled
    best = irls(X, y).history["loss"][-1]
    res = sgd(X, y)
    # its loss is far above the optimum (0.665 vs 0.551): it must not call that converged
    assert res.history["loss"][-1] > best + 0.05
    assert not res.converged
    assert "gradient norm" in res.message


@pytest.fixture(scope="module")
def ill_conditioned():
    """Two features equal up to 1e-4: a direction of curvature ~1e-9 carries the optimum."""
    rng = np.random.default_rng(0)
    n = 1000
    x1 = rng.normal(size=n)
    x2 = x1 + 1e-4 * rng.normal(size=n)
    X = add_intercept(np.column_stack([x1, x2]))
    y = (rng.random(n) < sigmoid(x1 + (x2 - x1) / 1e-4 * 0.02)).astype(float)
    return X, y


def test_gradient_descent_on_ill_conditioned_data_does_not_claim_convergence(ill_conditioned):
    X, y = ill_conditioned
    ref = irls(X, y)
    assert np.abs(ref.coef[1:]).min() > 400  # the optimum lies far along the flat direction
    res = gradient_descent(X, y)
    assert np.abs(res.coef - ref.coef).max() > 100  # gd is nowhere near it...
    assert not res.converged  # ...and says so
    # a looser tol meets the gradient test; the Newton-step estimate still refuses
    loose = gradient_descent(X, y, tol=1e-4)
    assert not loose.converged
    assert "away from the optimum" in loose.message and "ill-conditioned" in loose.message


@pytest.mark.parametrize("solver", [gradient_descent, sgd, lbfgs])
def test_converged_means_close_to_the_optimum(data, solver):
    X, y, _ = data
    ref = irls(X, y, tol=1e-12)
    res = solver(X, y, max_iter=5000) if solver is not sgd else solver(X, y, max_iter=500)
    assert res.converged, res.message
    # converged promises |delta| <= sqrt(tol) (1 + max|coef|) for the Newton-step estimate
    tol = 1e-3 if solver is sgd else 1e-6
    bound = np.sqrt(tol) * (1 + np.abs(ref.coef).max())
    assert np.abs(res.coef - ref.coef).max() <= bound


def test_tol_zero_runs_every_step(data):
    X, y, _ = data
    assert gradient_descent(X, y, max_iter=7, tol=0.0).n_iter == 7
    assert sgd(X, y, max_iter=3, tol=0.0).n_iter == 3
    with pytest.raises(ValueError, match="tol"):
        gradient_descent(X, y, tol=-1.0)


# --- the estimator's solver option ---------------------------------------------------

def test_estimator_lbfgs_matches_irls_with_standard_errors(data):
    from logreg_lib import LogisticRegression

    X, y, w = data
    a = LogisticRegression().fit(X[:, 1:], y, sample_weight=w)
    b = LogisticRegression(solver="lbfgs", tol=1e-8).fit(X[:, 1:], y, sample_weight=w)
    assert b.converged_
    np.testing.assert_allclose(b.coef_, a.coef_, atol=1e-7)
    np.testing.assert_allclose(b.covariance_, a.covariance_, rtol=1e-5)
    c = LogisticRegression(solver="lbfgs", alpha=0.2).fit(X[:, 1:], y)
    d = LogisticRegression(alpha=0.2).fit(X[:, 1:], y)
    np.testing.assert_allclose(c.coef_, d.coef_, atol=1e-6)


def test_estimator_lbfgs_refuses_an_l1_part(data):
    from logreg_lib import LogisticRegression

    X, y, _ = data
    with pytest.raises(ValueError, match="solver='lbfgs' does not support an L1 penalty"):
        LogisticRegression(solver="lbfgs", alpha=0.1, l1_ratio=0.5).fit(X[:, 1:], y)


def test_estimator_sgd_on_unscaled_features_warns(unscaled):
    from logreg_lib import ConvergenceWarning, LogisticRegression

    X, y = unscaled
    with pytest.warns(ConvergenceWarning, match="standardize the features"):
        model = LogisticRegression(solver="sgd").fit(X[:, 1:], y)
    assert not model.converged_


def test_estimator_gd_on_ill_conditioned_data_warns(ill_conditioned):
    from logreg_lib import ConvergenceWarning, LogisticRegression

    X, y = ill_conditioned
    with pytest.warns(ConvergenceWarning, match="ill-conditioned"):
        model = LogisticRegression(solver="gd", tol=1e-4).fit(X[:, 1:], y)
    assert not model.converged_
