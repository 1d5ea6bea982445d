"""Tests for logreg_lib.softmax.

References and tolerances:
* finite differences (central, h = 1e-6) for the gradient and Hessian: 1e-7, the
  truncation + rounding error of the difference quotient;
* scikit-learn's multinomial LogisticRegression and statsmodels' MNLogit, both run to
  tight tolerances: probabilities to 1e-6 (two optimizers with their own stopping rules);
* part 1's binary LogisticRegression for K = 2: 1e-7.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from logreg_lib.exceptions import ConvergenceWarning, SeparationWarning
from logreg_lib.softmax import (
    SoftmaxRegression,
    log_softmax,
    softmax,
    softmax_cross_entropy,
    softmax_gradient,
    softmax_hessian,
)

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(derandomize=True, max_examples=80, deadline=None)
@given(Z=arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=finite),
       c=st.floats(-1e3, 1e3))
def test_softmax_rows_sum_to_one_and_shift_invariant(Z, c):
    P = softmax(Z)
    assert np.all(P >= 0) and np.all(np.isfinite(P))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(Z + c), P, atol=1e-12)
    L = log_softmax(Z)
    assert np.all(L <= 0) and np.all(np.isfinite(L))
    np.testing.assert_allclose(log_softmax(Z + c), L, atol=1e-9 * (1 + np.abs(L).max()))
    np.testing.assert_allclose(softmax(Z.T, axis=0), P.T, atol=1e-15)


def test_softmax_extremes_and_errors():
    assert softmax([1e308, -1e308]).tolist() == [1.0, 0.0]
    assert log_softmax([0.0, -1000.0])[1] == pytest.approx(-1000.0)
    np.testing.assert_allclose(softmax([[0.0, np.log(3.0)]]), [[0.25, 0.75]], rtol=1e-15)
    with pytest.raises(ValueError, match="NaN"):
        softmax([0.0, np.nan])


def _problem(seed=0, n=60, p=3, K=4):
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, p))])
    W = rng.normal(size=(p + 1, K))
    y = rng.integers(0, K, n)
    Y = np.eye(K)[y]
    w = rng.uniform(0.2, 2.0, n)
    return X, W, Y, y, w


@pytest.mark.parametrize("weighted", [False, True])
def test_gradient_and_hessian_by_finite_differences(weighted):
    X, W, Y, y, w = _problem()
    sw = w if weighted else None
    G = softmax_gradient(W, X, Y, sample_weight=sw)
    H = softmax_hessian(W, X, sample_weight=sw)
    h = 1e-6
    d, K = W.shape
    G_fd = np.zeros_like(W)
    H_fd = np.zeros((d * K, d * K))
    for k in range(K):
        for j in range(d):
            E = np.zeros_like(W)
            E[j, k] = h
            G_fd[j, k] = (softmax_cross_entropy(W + E, X, Y, sw) - softmax_cross_entropy(W - E, X, Y, sw)) / (2 * h)
            dG = (softmax_gradient(W + E, X, Y, sw) - softmax_gradient(W - E, X, Y, sw)) / (2 * h)
            H_fd[:, k * d + j] = dG.ravel(order="F")
    np.testing.assert_allclose(G, G_fd, atol=1e-7)
    np.testing.assert_allclose(H, H_fd, atol=1e-7)
    # integer codes give the same loss as one-hot; unweighted gradient is X^T (P - Y) / m
    assert softmax_cross_entropy(W, X, y) == pytest.approx(softmax_cross_entropy(W, X, Y), rel=1e-14)
    np.testing.assert_allclose(softmax_gradient(W, X, Y), X.T @ (softmax(X @ W) - Y) / X.shape[0], atol=1e-15)


def test_hessian_psd_singular_along_shift_and_blocked():
    import sys

    S = sys.modules["logreg_lib.softmax"]  # the package re-exports the function softmax

    X, W, Y, y, w = _problem(n=50)
    H = softmax_hessian(W, X, sample_weight=w)
    eig = np.linalg.eigvalsh(H)
    assert eig.min() > -1e-12
    shift = np.tile(np.array([0.3, -1.0, 2.0, 0.5]), W.shape[1])  # same vector for every class
    np.testing.assert_allclose(H @ shift, 0.0, atol=1e-12)
    old = S._HESSIAN_BLOCK_ROWS
    try:
        S._HESSIAN_BLOCK_ROWS = 7  # several row blocks: same matrix
        np.testing.assert_allclose(softmax_hessian(W, X, sample_weight=w), H, atol=1e-14)
    finally:
        S._HESSIAN_BLOCK_ROWS = old


def test_loss_is_stable_for_huge_scores():
    X = np.array([[1.0, 1000.0], [1.0, -1000.0]])
    W = np.array([[0.0, 0.0], [1.0, -1.0]])
    # confident mistakes: each costs its margin 2000, not inf
    assert softmax_cross_entropy(W, X, [1, 0]) == pytest.approx(2000.0)
    with pytest.raises(ValueError, match="shape"):
        softmax_cross_entropy(np.zeros((3, 2)), X, [0, 1])
    with pytest.raises(ValueError, match="class codes"):
        softmax_cross_entropy(W, X, [0, 2])


def _overlapping(seed=1, n=300, K=3, p=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    B = rng.normal(size=(p, K))
    y = np.array([rng.choice(K, p=pr) for pr in softmax(X @ B)])
    return X, np.array(["cat", "dog", "owl", "yak"])[:K][y]


def _sklearn(X, y, C, sw=None):
    from sklearn.linear_model import LogisticRegression as SK

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's own convergence chatter, if any
        return SK(C=C, tol=1e-12, max_iter=10000).fit(X, y, sample_weight=sw)


@pytest.mark.parametrize("solver", ["newton", "lbfgs"])
@pytest.mark.parametrize("alpha", [0.0, 0.05])
def test_matches_sklearn_multinomial(solver, alpha):
    X, y = _overlapping()
    n = X.shape[0]
    ours = SoftmaxRegression(alpha=alpha, solver=solver, tol=1e-9, max_iter=500).fit(X, y)
    assert ours.converged_
    ref = _sklearn(X, y, C=np.inf if alpha == 0 else 1.0 / (alpha * n))
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    np.testing.assert_allclose(ours.coef_, ref.coef_ - ref.coef_.mean(axis=0), atol=1e-4)
    assert np.all(ours.predict(X) == ref.predict(X))
    np.testing.assert_allclose(ours.coef_.sum(axis=0), 0.0, atol=1e-12)  # symmetric convention
    np.testing.assert_allclose(ours.intercept_.sum(), 0.0, atol=1e-12)


def test_sample_weight_equals_repetition_and_sklearn():
    X, y = _overlapping(seed=2, n=120)
    rep = np.random.default_rng(0).integers(0, 4, X.shape[0])
    a = SoftmaxRegression(solver="newton").fit(X, y, sample_weight=rep.astype(float))
    b = SoftmaxRegression(solver="newton").fit(np.repeat(X, rep, axis=0), np.repeat(y, rep))
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-7)
    ref = _sklearn(X, y, C=1.0 / (0.1 * rep.sum()), sw=rep.astype(float))
    ours = SoftmaxRegression(alpha=0.1, solver="newton").fit(X, y, sample_weight=rep.astype(float))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)


def test_matches_statsmodels_mnlogit_reference_category():
    import statsmodels.api as sm

    X, y = _overlapping(seed=3, n=250)
    codes = np.unique(y, return_inverse=True)[1]
    Xc = sm.add_constant(X)
    res = sm.MNLogit(codes, Xc).fit(method="newton", disp=0, maxiter=100, tol=1e-12)
    ours = SoftmaxRegression(solver="newton", tol=1e-10).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), res.predict(Xc), atol=1e-7)
    # MNLogit: class 0 is the reference, params are w_k - w_0 for k = 1..K-1
    W = ours.W_
    np.testing.assert_allclose(W[:, 1:] - W[:, [0]], np.asarray(res.params), atol=1e-5)


def test_two_classes_equal_the_logistic_model():
    model = pytest.importorskip("logreg_lib.model")
    rng = np.random.default_rng(4)
    X = rng.normal(size=(200, 2))
    y = (rng.uniform(size=200) < 1 / (1 + np.exp(-(X @ [1.0, -2.0] + 0.3)))).astype(int)
    sm_ = SoftmaxRegression(solver="newton", tol=1e-10).fit(X, y)
    lr = model.LogisticRegression(tol=1e-10).fit(X, y)
    np.testing.assert_allclose(sm_.predict_proba(X), lr.predict_proba(X), atol=1e-7)
    np.testing.assert_allclose(sm_.coef_[1] - sm_.coef_[0], lr.coef_, atol=1e-6)
    assert sm_.intercept_[1] - sm_.intercept_[0] == pytest.approx(lr.intercept_, abs=1e-6)


def test_solvers_agree_and_history():
    X, y = _overlapping(seed=5, n=150)
    newton = SoftmaxRegression(solver="newton").fit(X, y)
    lbfgs = SoftmaxRegression(solver="lbfgs").fit(X, y)
    gd = SoftmaxRegression(solver="gd", max_iter=20000, tol=1e-6).fit(X, y)
    np.testing.assert_allclose(lbfgs.coef_, newton.coef_, atol=1e-6)
    np.testing.assert_allclose(gd.coef_, newton.coef_, atol=1e-4)
    loss = np.array(gd.history_["loss"])
    assert np.all(np.diff(loss) <= 1e-15)  # step 1/L: monotone descent
    assert len(newton.history_["loss"]) == newton.n_iter_ + 1 and newton.n_iter_ < 15
    assert newton.history_["grad_norm"][-1] < 1e-8


def test_iris_setosa_separation_warns():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    with pytest.warns(SeparationWarning, match="separation") as rec:
        SoftmaxRegression(solver="newton", max_iter=50).fit(X, y)
    assert any("0 | 1" in str(r.message) for r in rec)  # setosa (0) vs versicolor (1)
    # a penalty gives a finite, warning-free fit
    SoftmaxRegression(alpha=0.01, solver="newton").fit(X, y)


def test_convergence_warning_and_errors():
    X, y = _overlapping(seed=6, n=100)
    with pytest.warns(ConvergenceWarning):
        m = SoftmaxRegression(solver="gd", max_iter=3).fit(X, y)
    assert not m.converged_ and m.n_iter_ == 3
    with pytest.raises(ValueError, match="two classes"):
        SoftmaxRegression().fit(X, np.zeros(100))
    with pytest.raises(ValueError, match="solver"):
        SoftmaxRegression(solver="sag").fit(X, y)
    with pytest.raises(ValueError, match="not fitted"):
        SoftmaxRegression().predict(X)
    with pytest.raises(ValueError, match="features"):
        SoftmaxRegression(solver="newton").fit(X, y).predict(X[:, :2])
    m = SoftmaxRegression(solver="newton", fit_intercept=False).fit(X, y)
    assert np.all(m.intercept_ == 0) and m.coef_.shape == (3, 3)


def test_lbfgs_stall_above_tol_is_finished_by_newton(monkeypatch):
    """L-BFGS-B's line search compares loss values and can stall with max|gradient| just
    above tol = 1e-8 (here 1.5e-8, found on a cross-validation fold); one Newton step
    finishes the fit instead of a ConvergenceWarning."""
    import sys

    from sklearn.model_selection import StratifiedKFold

    rng = np.random.default_rng(11)
    X = rng.normal(size=(300, 2))
    Z = X @ np.array([[1.5, -1.0, 0.0], [0.0, 1.0, -1.5]])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    y = (rng.uniform(size=300)[:, None] > P.cumsum(axis=1)).sum(axis=1)
    train = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))[2][0]
    model = SoftmaxRegression().fit(X[train], y[train])
    assert model.converged_ and model.history_["grad_norm"][-1] < 1e-12
    monkeypatch.setattr(sys.modules["logreg_lib.softmax"], "_POLISH_MAX_COEF", 0)
    with pytest.warns(ConvergenceWarning):  # L-BFGS alone stops above tol
        SoftmaxRegression().fit(X[train], y[train])
