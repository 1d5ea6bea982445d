"""Tests for logreg_lib.separation: the separation LP and Firth's method.

Firth reference values. No published Firth example could be stated exactly from memory
with confidence (the logistf ``sex2`` estimates, Heinze & Schemper 2002 tables), so the
reference is derived independently instead:

* closed form for a 2x2 table (one binary covariate plus intercept): the model is
  saturated, each covariate group carries total leverage 1, and the modified score for
  group g reduces to (y_g + 1/2) - (n_g + 1) p_g = 0; so p_g = (y_g + 1/2)/(n_g + 1):
  Firth's estimate is the log odds ratio with 1/2 added to every cell (the
  Haldane-Anscombe correction), exactly;
* a direct numerical maximization (scipy BFGS) of the penalized log-likelihood
  l(b) + 1/2 log det(X^T W X), which does not use the modified-score formula;
* the modified score equations U*(b) = 0 at the estimate, with h computed from the
  explicit m-by-m hat matrix (allowed here, the data are small).
"""

import numpy as np
import pytest
import scipy.optimize

from logreg_lib.exceptions import ConvergenceWarning
from logreg_lib.separation import check_separation, firth_fit


def _design(x):
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    return np.hstack([np.ones((x.shape[0], 1)), x])


def test_complete_quasi_none_binary():
    x = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0])
    r = check_separation(_design(x), [0, 0, 0, 1, 1, 1], fit_intercept=False)
    assert r.kind == "complete" and r.separated and r.separated_samples.all()
    s = np.array([-1, -1, -1, 1, 1, 1])
    assert np.all(s * (_design(x) @ r.direction) > 0)
    assert r.columns == [1] and "x1" in r.description  # design columns x0 (ones), x1
    # quasi-complete: a tie at x = 0 with both labels
    xq = np.array([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0])
    rq = check_separation(_design(xq), [0, 0, 0, 1, 1, 1], fit_intercept=False)
    assert rq.kind == "quasi-complete"
    m = np.array([-1, -1, -1, 1, 1, 1]) * (_design(xq) @ rq.direction)
    assert np.all(m >= -1e-9) and np.any(m > 1e-6)
    np.testing.assert_array_equal(rq.separated_samples, [True, True, False, False, True, True])
    # overlap
    rn = check_separation(_design(x), [0, 1, 0, 1, 0, 1], fit_intercept=False)
    assert rn.kind == "none" and rn.direction is None and not rn.separated


def test_separation_needs_the_intercept_column_and_any_labels():
    # separated at x = 5, not through the origin: only the design with ones detects it
    x = np.array([1.0, 2.0, 3.0, 7.0, 8.0, 9.0])
    y = np.array(["no", "no", "no", "yes", "yes", "yes"])
    # a line through the origin cannot separate them...
    assert check_separation(x[:, None], y, fit_intercept=False).kind == "none"
    # ...but the default, like the estimator's, has an intercept (issue 10, item 8)
    assert check_separation(x[:, None], y).kind == "complete"
    r = check_separation(x[:, None], y, fit_intercept=True, feature_names=["dose"])
    assert r.kind == "complete" and r.column_names == ["intercept", "dose"]
    assert "'yes'" in r.description
    with pytest.raises(ValueError, match="two classes"):
        check_separation(x[:, None], np.ones(6))
    with pytest.raises(ValueError, match="Inconsistent"):
        check_separation(x[:, None], y[:4])


def test_separation_by_a_combination_of_columns():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = (X[:, 0] - 2 * X[:, 2] > 0.1).astype(int)  # a combination, no single column
    r = check_separation(X, y, fit_intercept=True)
    assert r.kind == "complete"
    assert 2 in r.columns or 3 in r.columns
    # with plenty of label noise the classes overlap (and statsmodels' MLE converges)
    y2 = (X[:, 0] - 2 * X[:, 2] + 2.0 * rng.normal(size=80) > 0).astype(int)
    assert check_separation(X, y2, fit_intercept=True).kind == "none"


def test_multinomial_separation_iris():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    r = check_separation(X, y, fit_intercept=True)
    assert r.kind == "quasi-complete"
    assert r.direction.shape == (5, 3)
    assert (0, 1) in r.separated_pairs and (1, 2) not in r.separated_pairs
    # the direction is a recession direction: x_i^T (d_{y_i} - d_k) >= 0
    Xd = np.hstack([np.ones((150, 1)), X])
    Z = Xd @ r.direction
    margins = Z[np.arange(150), y][:, None] - Z
    assert margins.min() > -1e-8
    assert np.all(margins[y == 0][:, 1:] > 1e-6)  # setosa strictly separated
    assert check_separation(X[y > 0], y[y > 0], fit_intercept=True).kind == "none"
    assert check_separation(X[y < 2], y[y < 2], fit_intercept=True).kind == "complete"
    # three classes, one well-mixed: the multinomial LP finds nothing
    rng = np.random.default_rng(1)
    Xm = rng.normal(size=(90, 2))
    assert check_separation(Xm, rng.integers(0, 3, 90), fit_intercept=True).kind == "none"


def test_separation_agrees_with_statsmodels_on_existence():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    X = sm.add_constant(rng.normal(size=(60, 2)))
    y = (rng.uniform(size=60) < 1 / (1 + np.exp(-X @ [0.2, 1.0, -1.0]))).astype(float)
    assert check_separation(X, y, fit_intercept=False).kind == "none"
    res = sm.Logit(y, X).fit(disp=0)
    assert res.mle_retvals["converged"]


# ------------------------------------------------------------------------- Firth
def _hat_and_score(beta, X, y):
    p = 1 / (1 + np.exp(-X @ beta))
    v = p * (1 - p)
    Wh = np.sqrt(v)[:, None] * X
    Hm = Wh @ np.linalg.inv(X.T @ (v[:, None] * X)) @ Wh.T  # explicit hat matrix (small n)
    h = np.diag(Hm)
    return X.T @ (y - p + h * (0.5 - p)), p


@pytest.mark.parametrize("cells", [(10, 5, 0, 8), (3, 7, 4, 2), (0, 6, 5, 0)])
def test_firth_2x2_closed_form(cells):
    # cells: (x=0,y=0), (x=0,y=1), (x=1,y=0), (x=1,y=1); zero cells mean separation
    a, b, c, d = cells
    x = np.repeat([0.0, 0.0, 1.0, 1.0], cells)
    y = np.repeat([0.0, 1.0, 0.0, 1.0], cells)
    X = _design(x)
    r = firth_fit(X, y)
    assert r.converged
    b0 = np.log((b + 0.5) / (a + 0.5))
    b1 = np.log((d + 0.5) * (a + 0.5) / ((c + 0.5) * (b + 0.5)))
    np.testing.assert_allclose(r.coef, [b0, b1], atol=1e-9)
    # frequency weights give the same fit as the repeated rows
    Xu = _design([0.0, 0.0, 1.0, 1.0])
    keep = np.array(cells) > 0
    rw = firth_fit(Xu[keep], np.array([0.0, 1.0, 0.0, 1.0])[keep], sample_weight=np.array(cells, float)[keep])
    np.testing.assert_allclose(rw.coef, r.coef, atol=1e-9)


def test_firth_modified_score_and_direct_maximization():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 2))
    X = _design(x)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(float)  # completely separated
    assert check_separation(X, y, fit_intercept=False).kind == "complete"
    r = firth_fit(X, y)
    assert r.converged and np.all(np.isfinite(r.coef))
    U, p = _hat_and_score(r.coef, X, y)
    np.testing.assert_allclose(U, 0.0, atol=1e-8)

    def neg_penalized(beta):
        z = X @ beta
        ll = np.sum(y * z - np.logaddexp(0, z))
        q = 1 / (1 + np.exp(-z))
        return -(ll + 0.5 * np.linalg.slogdet(X.T @ ((q * (1 - q))[:, None] * X))[1])

    ref = scipy.optimize.minimize(neg_penalized, np.zeros(3), method="BFGS", options={"gtol": 1e-10}).x
    np.testing.assert_allclose(r.coef, ref, atol=1e-5)
    # covariance: inverse Fisher information at the estimate
    v = p * (1 - p)
    np.testing.assert_allclose(r.cov, np.linalg.inv(X.T @ (v[:, None] * X)), rtol=1e-8)
    np.testing.assert_allclose(r.hat.sum(), 3.0, atol=1e-8)  # trace of the hat matrix = rank
    # history: penalized loss decreases, one entry per iterate
    loss = np.array(r.history["loss"])
    assert np.all(np.diff(loss) <= 1e-10)
    assert len(r.history["coef"]) == len(loss) == len(r.history["grad_norm"]) == r.n_iter + 1


def test_firth_on_overlapping_data_shrinks_the_mle():
    import statsmodels.api as sm

    rng = np.random.default_rng(8)
    X = _design(rng.normal(size=(50, 1)))
    y = (rng.uniform(size=50) < 1 / (1 + np.exp(-(X @ [0.5, 1.5])))).astype(float)
    mle = sm.Logit(y, X).fit(disp=0).params
    r = firth_fit(X, y)
    U, _ = _hat_and_score(r.coef, X, y)
    np.testing.assert_allclose(U, 0.0, atol=1e-8)
    assert abs(r.coef[1]) < abs(mle[1])  # bias reduction pulls towards zero


def test_firth_errors_and_nonconvergence():
    X = _design([0.0, 1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="0, 1"):
        firth_fit(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match="rank"):
        firth_fit(np.hstack([X, X[:, [1]]]), [0, 1, 0, 1])
    with pytest.warns(ConvergenceWarning):
        r = firth_fit(X, [0, 0, 1, 1], max_iter=1)
    assert not r.converged


def test_part1_logistic_regression_uses_firth():
    model = pytest.importorskip("logreg_lib.model")
    x = np.repeat([0.0, 0.0, 1.0, 1.0], (10, 5, 0, 8))
    y = np.repeat([0, 1, 0, 1], (10, 5, 0, 8))
    m = model.LogisticRegression(firth=True).fit(x[:, None], y)
    assert m.coef_[0] == pytest.approx(np.log(8.5 * 10.5 / (0.5 * 5.5)), abs=1e-7)


# ------------------------------------------------ issue 10: cheap, weighted, intercept
def test_default_intercept_answers_iris_setosa_like_the_estimator():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    setosa = (y == 0).astype(int)
    # separable with an intercept (the estimators' default), which the default now uses
    assert check_separation(X, setosa).kind == "complete"
    assert check_separation(X, setosa).column_names[0] == "intercept"


def test_near_ties_within_the_tolerance_count_as_ties():
    # x = 0 carries both labels: a quasi-complete separation at the threshold 0
    x = np.array([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0])
    y = np.array([0, 0, 0, 1, 1, 1])
    assert check_separation(x[:, None], y).kind == "quasi-complete"
    # moving the y=0 tie by a rounding error makes the classes overlap in exact
    # arithmetic; within the documented tolerance it is still the same tie
    nudged = x.copy()
    nudged[2] = 1e-14
    r = check_separation(nudged[:, None], y)
    assert r.kind == "quasi-complete"
    np.testing.assert_array_equal(r.separated_samples, [True, True, False, False, True, True])
    # a real overlap (one point clearly on the wrong side) is not a tie
    moved = x.copy()
    moved[2] = 0.5
    assert check_separation(moved[:, None], y).kind == "none"


def test_zero_weight_rows_are_dropped():
    x = np.array([-2.0, -1.0, 1.0, 2.0, 1.5])
    y = np.array([0, 0, 1, 1, 0])  # the last row breaks the separation...
    assert check_separation(x[:, None], y).kind == "none"
    w = np.array([1.0, 1.0, 1.0, 1.0, 0.0])  # ...unless it has no weight
    r = check_separation(x[:, None], y, sample_weight=w)
    assert r.kind == "complete"
    np.testing.assert_array_equal(r.separated_samples, [True, True, True, True, False])
    with pytest.raises(ValueError, match="sums to zero"):
        check_separation(x[:, None], y, sample_weight=np.zeros(5))


def test_all_weight_on_one_class_is_reported_not_crashed():
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 1, 0, 1])
    r = check_separation(x, y, sample_weight=[0.0, 1.0, 0.0, 2.0])
    assert r.kind == "complete"  # the intercept alone sends p to 1
    assert "all the positive weight is on class 1" in r.description


def test_large_problems_use_small_programs(monkeypatch):
    import logreg_lib.separation as sep

    sizes = []
    original = sep._linprog

    def spy(c, A_ub, b_ub, bounds, tol=None):
        sizes.append(A_ub.shape)
        return original(c, A_ub, b_ub, bounds, tol=tol)

    monkeypatch.setattr(sep, "_linprog", spy)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20_000, 5))
    y = (X[:, 0] - X[:, 1] > 0.2).astype(int)
    assert check_separation(X, y).kind == "complete"
    y_noisy = (X[:, 0] + rng.normal(size=20_000) > 0).astype(int)
    assert check_separation(X, y_noisy).kind == "none"
    # one variable per column (6 with the intercept; twice that for the 1-norm of the
    # reported direction), never one per sample, and working sets far smaller than the
    # 20 000 rows
    assert sizes and all(cols in (6, 12) for _, cols in sizes)
    assert max(rows for rows, _ in sizes) < 5000
    # the multinomial margins are sparse: 2 p non-zeros per row
    A, _, _ = sep._margin_matrix(X[:100], rng.integers(0, 4, 100), 4)
    assert A.format == "csr" and A.nnz == 2 * 5 * 100 * 3


def test_binary_fit_runs_no_linear_program_without_saturation(monkeypatch):
    import logreg_lib.separation as sep
    from logreg_lib import ConvergenceWarning, LogisticRegression

    calls = []
    monkeypatch.setattr(sep, "check_separation", lambda *a, **k: calls.append(1))
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 10))
    y = (rng.random(5000) < 1 / (1 + np.exp(-X @ rng.normal(size=10)))).astype(int)
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(max_iter=2).fit(X, y)  # stopped early, nothing saturated
    assert calls == []


@pytest.mark.parametrize("model_name", ["LogisticRegression", "SoftmaxRegression"])
def test_zero_weight_rows_cannot_hide_a_separation_from_the_models(model_name):
    import logreg_lib
    from logreg_lib.exceptions import SeparationWarning

    x = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 2.5])
    y = np.array([0, 0, 0, 1, 1, 1, 0])
    w = np.array([1.0, 1, 1, 1, 1, 1, 0])
    model = getattr(logreg_lib, model_name)()
    with pytest.warns(SeparationWarning, match="Complete separation"):
        model.fit(x[:, None], y, sample_weight=w)
