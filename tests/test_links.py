"""Tests of logreg_lib.links: sigmoid, log_sigmoid, logit, odds, prob_from_odds (Chapters 2-3)."""

import warnings
from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg_lib import log_sigmoid, logit, odds, prob_from_odds, sigmoid, sigmoid_derivative

EPS = np.finfo(float).eps
# Hypothesis: few examples, no deadline, derandomized so that CI runs are identical.
FAST = settings(max_examples=60, deadline=None, derandomize=True)
finite_z = st.floats(min_value=-700, max_value=700, allow_nan=False, allow_infinity=False)
probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _exact_sigmoid(z):
    """sigmoid(z) in 60-digit decimal arithmetic, the reference for 'exact to rounding'."""
    getcontext().prec = 60
    return float(1 / (1 + (-Decimal(float(z))).exp()))


def _exact_log_sigmoid(z):
    # enough digits that 1 + e^{-z} keeps e^{-z} for large z
    getcontext().prec = 60 + int(max(0.0, z) / 2.3)
    return float(-(1 + (-Decimal(float(z))).exp()).ln())


def test_extreme_inputs_never_overflow_or_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        assert sigmoid(-1000.0) == 0.0
        assert sigmoid(1000.0) == 1.0
        assert log_sigmoid(-1000.0) == -1000.0
        assert log_sigmoid(1000.0) == 0.0
        z = np.array([-1e308, -745.2, -1000, 0, 1000, 1e308])
        for out in (sigmoid(z), log_sigmoid(z)):
            assert np.all(np.isfinite(out))


def test_sigmoid_is_exact_to_rounding_on_a_grid():
    z = np.concatenate([np.linspace(-740, 740, 301), [-1e-300, 0.0, 1e-300, 36.7, -36.7]])
    ref = np.array([_exact_sigmoid(v) for v in z])
    got = sigmoid(z)
    # relative error of at most 2 ulps: the split formula has one exp, one add, one divide
    nonzero = ref > 0
    np.testing.assert_allclose(got[nonzero], ref[nonzero], rtol=2 * EPS, atol=0)
    assert np.all(got[~nonzero] == 0)


def test_log_sigmoid_is_exact_to_rounding_on_a_grid():
    z = np.linspace(-1000, 700, 341)
    ref = np.array([_exact_log_sigmoid(v) for v in z])
    # logaddexp + log1p: a few ulps relative, even where log_sigmoid is tiny (z large)
    np.testing.assert_allclose(log_sigmoid(z), ref, rtol=4 * EPS, atol=0)


def test_scalar_in_scalar_out_and_shapes_kept():
    assert np.ndim(sigmoid(0.3)) == 0
    assert sigmoid(np.zeros((2, 3))).shape == (2, 3)
    assert float(sigmoid(0.0)) == 0.5
    assert float(logit(0.5)) == 0.0


def test_logit_boundaries_are_exact_limits_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert logit(0.0) == -np.inf
        assert logit(1.0) == np.inf
        assert odds(1.0) == np.inf
        assert odds(0.0) == 0.0
        assert prob_from_odds(0.0) == 0.0
        assert prob_from_odds(1e308) == 1.0


def test_logit_accurate_near_one_half():
    # log(p) - log(1-p) would lose ~8 digits here; the log1p form keeps them
    p = 0.5 + 2.0**-30
    getcontext().prec = 60
    ref = float((Decimal(p) / (1 - Decimal(p))).ln())
    np.testing.assert_allclose(logit(p), ref, rtol=4 * EPS)


@FAST
@given(finite_z)
def test_sigmoid_symmetry(z):
    # sigma(-z) = 1 - sigma(z): both sides are within one rounding of the truth
    np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), rtol=0, atol=2 * EPS)


@FAST
@given(finite_z)
def test_logit_inverts_sigmoid_where_representable(z):
    # sigma(z) is stored with relative error eps, so 1 - sigma(z) carries an absolute
    # error eps; logit amplifies it by 1/(p(1-p)) ~ (1 + e^z): the round trip is exact to
    # about eps * (1 + e^z) (and relative eps * |z|).
    back = logit(sigmoid(z))
    if z > 36:  # sigma(z) rounds to 1: z is not representable through p
        assume_inf = sigmoid(z) == 1.0
        assert (back == np.inf) if assume_inf else np.isfinite(back)
        return
    tol = 4 * EPS * (1.0 + np.exp(z)) + 4 * EPS * abs(z)
    assert abs(back - z) <= tol


@FAST
@given(probs)
def test_odds_round_trip(p):
    if p == 1.0:
        assert odds(p) == np.inf
        return
    # two roundings in odds, two in prob_from_odds: a few ulps relative
    np.testing.assert_allclose(prob_from_odds(odds(p)), p, rtol=4 * EPS, atol=0)


@FAST
@given(st.floats(min_value=0.0, max_value=1e300, allow_nan=False))
def test_prob_from_odds_round_trip(o):
    p = prob_from_odds(o)
    assert 0.0 <= p <= 1.0
    if o < 1e15:  # beyond that 1 - p is below eps and the odds are not representable
        np.testing.assert_allclose(odds(p), o, rtol=1e-15 * (1 + o), atol=0)


@FAST
@given(st.floats(min_value=1e-300, max_value=1 - 1e-16))
def test_sigmoid_of_logit_returns_p(p):
    # logit(p) carries a relative error of a few eps, i.e. an absolute error of
    # ~eps * |logit(p)|, which sigmoid turns into a relative error of ~eps * |logit(p)|
    tol = 4 * EPS * (2.0 + abs(float(logit(p))))
    np.testing.assert_allclose(sigmoid(logit(p)), p, rtol=tol, atol=0)


def test_sigmoid_derivative_identity():
    # sigma'(z) = sigma(z)(1 - sigma(z)), checked by central differences: truncation error
    # ~h^2 * max|third derivative| / 6 < 1e-11, rounding error ~eps/h ~ 2e-11: atol=1e-10
    z = np.linspace(-6, 6, 13)
    h = 1e-5
    numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(numeric, sigmoid(z) * (1 - sigmoid(z)), rtol=0, atol=1e-10)
    # the library's sigmoid_derivative is the same function; the product p * (1 - p) loses
    # about eps / (1 - p) ~ 1e-13 relative precision at z = 6 to the cancellation in 1 - p
    np.testing.assert_allclose(sigmoid_derivative(z), sigmoid(z) * (1 - sigmoid(z)), rtol=1e-12)
    np.testing.assert_array_equal(sigmoid_derivative(z), sigmoid_derivative(-z))
    assert sigmoid_derivative(0.0) == 0.25 and np.all(sigmoid_derivative(z) <= 0.25)


def test_sigmoid_derivative_keeps_relative_precision_in_the_tail():
    # at z = 40, p rounds to 1 and p * (1 - p) is 0; the true slope is e^-40 (1 + O(e^-40))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(40.0) * (1 - sigmoid(40.0)) == 0.0
        np.testing.assert_allclose(sigmoid_derivative(40.0), np.exp(-40.0), rtol=1e-15)
        assert sigmoid_derivative(-1000.0) == 0.0  # underflows quietly, no warning


@pytest.mark.parametrize("func", [sigmoid, log_sigmoid])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, [0.0, np.nan], "abc"])
def test_scores_must_be_finite_numbers(func, bad):
    with pytest.raises(ValueError, match="z"):
        func(bad)


@pytest.mark.parametrize("func", [logit, odds])
@pytest.mark.parametrize("bad", [-0.1, 1.5, [0.2, 2.0], np.nan])
def test_probabilities_must_be_in_unit_interval(func, bad):
    with pytest.raises(ValueError, match="p"):
        func(bad)


def test_odds_must_be_non_negative():
    with pytest.raises(ValueError, match="non-negative"):
        prob_from_odds(-1.0)
    with pytest.raises(ValueError, match="infinite"):
        prob_from_odds(np.inf)


def test_logit_of_subnormal_probabilities_is_finite_and_accurate():
    # issue 10: (1 - 2p)/p overflowed to inf for subnormal p
    getcontext().prec = 50
    p = np.array([5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 1e-20, 0.1, 0.2, 0.3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = logit(p)
    # reference in 50-digit arithmetic: log(p) - log(1 - p)
    ref = np.array([float(Decimal(v).ln() - (1 - Decimal(v)).ln()) for v in p])
    np.testing.assert_allclose(got, ref, rtol=4e-16)
    assert logit(5e-324) == pytest.approx(-744.4400719213812, rel=1e-15)
    assert logit(0.0) == -np.inf and logit(1.0) == np.inf
