"""Tests of logreg_lib.information (Chapter 4): entropy, KL divergence, cross-entropy in nats."""

import numpy as np
import pytest
from scipy import stats

from logreg_lib import add_intercept, cross_entropy, sigmoid
from logreg_lib.information import cross_entropy_of, entropy, kl_divergence


def _random_distributions(n, k, seed):
    return np.random.default_rng(seed).dirichlet(np.ones(k), size=n)


def test_entropy_matches_scipy_and_known_values():
    P = _random_distributions(20, 5, 0)
    np.testing.assert_allclose(entropy(P), stats.entropy(P, axis=1), rtol=1e-12)
    assert entropy([0.5, 0.5]) == pytest.approx(np.log(2), rel=1e-15)
    assert entropy(np.full(7, 1 / 7)) == pytest.approx(np.log(7), rel=1e-14)
    assert entropy([1.0, 0.0, 0.0]) == 0.0          # 0 log 0 = 0, a certain outcome


def test_entropy_is_at_most_log_k():
    P = _random_distributions(200, 4, 1)
    H = entropy(P)
    assert np.all(H >= 0) and np.all(H <= np.log(4) + 1e-12)


def test_kl_matches_scipy_is_nonnegative_and_zero_only_at_equality():
    P, Q = _random_distributions(30, 3, 2), _random_distributions(30, 3, 3)
    D = kl_divergence(P, Q)
    np.testing.assert_allclose(D, stats.entropy(P, Q, axis=1), rtol=1e-12)
    assert np.all(D > 0)
    np.testing.assert_allclose(kl_divergence(P, P), 0.0, atol=1e-15)


def test_kl_is_not_symmetric_and_infinite_off_support():
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert kl_divergence(p, q) == pytest.approx(0.5 * np.log(0.5 / 0.9) + 0.5 * np.log(5))
    assert abs(kl_divergence(p, q) - kl_divergence(q, p)) > 0.1
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))


def test_cross_entropy_is_entropy_plus_kl_and_the_direct_sum():
    P, Q = _random_distributions(25, 4, 4), _random_distributions(25, 4, 5)
    direct = -(P * np.log(Q)).sum(axis=1)
    np.testing.assert_allclose(cross_entropy_of(P, Q), direct, rtol=1e-12)
    np.testing.assert_allclose(cross_entropy_of(P, Q), entropy(P) + kl_divergence(P, Q),
                               rtol=1e-12)
    assert np.all(cross_entropy_of(P, Q) >= entropy(P))   # Gibbs' inequality


def test_mean_of_one_hot_cross_entropies_is_the_log_loss():
    rng = np.random.default_rng(6)
    X = add_intercept(rng.normal(size=(40, 2)))
    beta = rng.normal(size=3)
    y = (rng.random(40) < sigmoid(X @ beta)).astype(int)
    p = sigmoid(X @ beta)
    labels = np.column_stack([y, 1 - y]).astype(float)       # one-hot: (y = 1, y = 0)
    model = np.column_stack([p, 1 - p])
    assert cross_entropy_of(labels, model).mean() == pytest.approx(
        cross_entropy(beta, X, y), rel=1e-12)


@pytest.mark.parametrize("bad, match", [
    ([0.5, 0.6], "sum to 1"),
    ([1.2, -0.2], "negative"),
    ([np.nan, 1.0], "NaN"),
    ([], "at least one"),
    (0.5, "at least one"),
])
def test_bad_distributions_are_named(bad, match):
    with pytest.raises(ValueError, match=match):
        entropy(bad)
    with pytest.raises(ValueError, match=match):
        kl_divergence([0.5, 0.5], bad) if np.size(bad) == 2 else kl_divergence(bad, [1.0])


def test_mismatched_outcome_counts_are_named():
    with pytest.raises(ValueError, match="same number of outcomes"):
        cross_entropy_of([0.5, 0.5], [0.2, 0.3, 0.5])
