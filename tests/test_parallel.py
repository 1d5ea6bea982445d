"""Passes over the rows (logreg_lib._parallel) and the fused evaluation built on them.

The fitting code reads X block by block, on every core; these tests check that doing so
changes nothing a user can see: the sums are those of the plain formulas, the result
does not depend on the number of threads (to the last bit), BLAS's thread setting is
given back, and an error inside a block reaches the caller.
"""

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController, threadpool_limits

from logreg_lib import LogisticRegression
from logreg_lib._kernels import Design, Problem, curvature, expit, nll_terms
import logreg_lib._parallel as parallel
from logreg_lib._parallel import MAX_CHUNKS, block_rows, n_threads, over_rows


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of a few hundred rows, so that small data make many blocks and chunks."""
    monkeypatch.setattr(parallel, "BLOCK_BYTES", 1 << 14)


def _data(n, d, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = (rng.random(n) < expit(X @ rng.standard_normal(d) * 0.5 + 0.2)).astype(float)
    w = rng.uniform(0.0, 2.0, n)
    return X, y, w


@pytest.mark.parametrize("blocks, extra", [(0, 1), (0, 255), (1, 1), (40, 13)])
def test_over_rows_visits_every_row_once(blocks, extra):
    n = blocks * block_rows(7) + extra
    seen = np.zeros(n, dtype=int)

    def block(start, stop):
        seen[start:stop] += 1
        return (stop - start, float(np.arange(start, stop).sum()))

    count, total = over_rows(n, 7, block)
    assert count == n and total == n * (n - 1) / 2
    assert np.all(seen == 1)


def test_over_rows_uses_at_most_max_chunks_and_combines_in_order():
    n = 100 * block_rows(3)
    calls = []

    def block(start, stop):
        calls.append(start)
        return ([start],)

    (starts,) = over_rows(n, 3, block, combine=lambda total, part: [total[0] + part[0]])
    assert starts == sorted(calls) and len(starts) == 100  # chunk order, not finish order
    assert MAX_CHUNKS < 100


@pytest.mark.parametrize("intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 0.3])
def test_fused_evaluation_equals_the_formulas(intercept, alpha):
    n, d = 3 * block_rows(6) + 101, 6  # several blocks, a ragged last one
    X, y, w = _data(n, d)
    D = Design(X, intercept=intercept)
    full = D.full()
    mask = np.ones(D.shape[1], dtype=bool)
    if intercept:
        mask[0] = False
    prob = Problem(D, y, w, alpha, 0.0, mask, None)
    beta = np.linspace(-0.4, 0.5, D.shape[1])

    f, g, H = prob.evaluate(beta, hessian=True)
    z = full @ beta
    p = expit(z)
    f_ref = (w @ nll_terms(z, y)) / w.sum() + 0.5 * alpha * (beta[mask] @ beta[mask])
    g_ref = full.T @ (w * (p - y)) / w.sum() + alpha * mask * beta
    H_ref = (full * (w * curvature(z))[:, None]).T @ full / w.sum() + np.diag(alpha * mask)
    assert f == pytest.approx(f_ref, rel=1e-13)
    np.testing.assert_allclose(g, g_ref, rtol=1e-11, atol=1e-15)
    np.testing.assert_allclose(H, H_ref, rtol=1e-11, atol=1e-15)
    f2, g2 = prob.evaluate(beta)
    assert f2 == f and np.array_equal(g2, g)


def test_results_do_not_depend_on_the_number_of_threads():
    X, y, _ = _data(30 * block_rows(12), 12)
    y = np.where(y > 0, "yes", "no")
    fits = []
    for threads in (1, None):
        with threadpool_limits(threads):
            m = LogisticRegression(solver="lbfgs").fit(X, y)
            m2 = LogisticRegression().fit(X, y)
        fits.append((m.coef_, m.covariance_, m2.coef_, m2.covariance_))
    for a, b in zip(*fits):
        assert np.array_equal(a, b)  # to the last bit


def test_blas_threads_are_given_back_even_when_a_block_raises():
    controller = ThreadpoolController()

    def blas_threads():
        return [lib.num_threads for lib in controller.select(user_api="blas").lib_controllers]

    before = blas_threads()
    n = 20 * block_rows(4)

    def block(start, stop):
        if start > n // 2:
            raise RuntimeError("boom in a block")
        return (1,)

    with pytest.raises(RuntimeError, match="boom in a block"):
        over_rows(n, 4, block)
    assert blas_threads() == before
    assert over_rows(n, 4, lambda a, b: (b - a,)) == [n]
    assert blas_threads() == before
    with threadpool_limits(1):
        assert n_threads() == 1  # a user's limit is respected


@pytest.mark.parametrize("bad, word", [(np.nan, "NaN"), (np.inf, "infinity"), (-np.inf, "infinity")])
def test_nan_and_inf_are_found_by_the_one_pass_and_named(bad, word):
    import pandas as pd

    X, y, _ = _data(2 * block_rows(3) + 5, 3)
    X[-2, 1] = bad  # in the last block
    frame = pd.DataFrame(X, columns=["age", "dose", "weight"])
    with pytest.raises(ValueError, match=rf"Input X contains {word}.*feature dose"):
        LogisticRegression(solver="lbfgs").fit(frame, y)
