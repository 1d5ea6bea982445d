"""Tests of logreg_lib.interpretation (Chapter 3): odds ratios, probability changes, intervals.

The notes' worked numbers are checked to the precision the notes print them (3 decimals,
i.e. atol=5e-4), except where noted.
"""

import numpy as np
import pytest

from logreg_lib import (
    odds,
    odds_ratio,
    odds_ratio_interval,
    prob_from_odds,
    probability_after_odds_ratio,
    probability_change,
    probability_change_linear,
    sigmoid,
    wald_interval,
)

R = np.exp(0.7)  # the notes' coefficient 0.7


def test_odds_ratio_worked_numbers():
    # e^0.7 ~ 2.01, OR(0.82) ~ 2.27, OR(-0.12) ~ 0.89 ("11% lower odds"), to 2 decimals
    np.testing.assert_allclose(odds_ratio(0.7), 2.01, atol=5e-3)
    np.testing.assert_allclose(odds_ratio(0.82), 2.27, atol=5e-3)
    np.testing.assert_allclose(odds_ratio(-0.12), 0.89, atol=5e-3)
    np.testing.assert_allclose(1 - odds_ratio(-0.12), 0.11, atol=5e-3)
    np.testing.assert_allclose(2 * odds_ratio(0.7), 4.03, atol=5e-3)  # new odds ~ 4.03


def test_odds_two_to_probability():
    np.testing.assert_allclose(prob_from_odds(2.0), 0.667, atol=5e-4)
    np.testing.assert_allclose(odds(2.0 / 3.0), 2.0, rtol=1e-15)


def test_probability_change_from_odds_two():
    # Exact: p' = r*o/(1+r*o) with o = 2, r = e^0.7 gives 0.8011 and dp = 0.1344. The notes
    # print 0.803 and 0.136: a rounding slip (0.803 would need r = 2.03). We test the exact
    # values and that the notes' numbers are within their slip of 0.002.
    p = 2.0 / 3.0
    new_p = probability_after_odds_ratio(p, R)
    np.testing.assert_allclose(new_p, R * 2 / (1 + R * 2), rtol=1e-15)
    np.testing.assert_allclose(new_p, 0.8011, atol=5e-5)
    np.testing.assert_allclose(probability_change(p, R), 0.1344, atol=5e-5)
    assert abs(new_p - 0.803) < 0.0025 and abs(probability_change(p, R) - 0.136) < 0.0025


@pytest.mark.parametrize("o, before, after", [(1.0, 0.5, 0.667), (4.0, 0.8, 0.889)])
def test_notes_examples_with_odds_doubled(o, before, after):
    # the notes' parenthetical uses "multiplies the odds by about 2": r = 2 reproduces
    # 0.5 -> 0.667 and 0.8 -> 0.889 to the printed 3 decimals
    p = prob_from_odds(o)
    np.testing.assert_allclose(p, before, rtol=1e-15)
    np.testing.assert_allclose(probability_after_odds_ratio(p, 2.0), after, atol=5e-4)
    # with r = e^0.7 exactly they are 0.668 and 0.890 (within 1.5e-3 of the notes)
    np.testing.assert_allclose(probability_after_odds_ratio(p, R), after, atol=1.5e-3)


def test_probability_change_is_largest_near_one_half():
    p = np.linspace(0.01, 0.99, 99)
    dp = probability_change(p, R)
    assert abs(p[np.argmax(dp)] - 0.5) < 0.1
    # exact form equals sigmoid(logit(p) + log r) - p
    np.testing.assert_allclose(dp, sigmoid(np.log(p / (1 - p)) + 0.7) - p, rtol=1e-12, atol=1e-15)


def test_linear_approximation():
    p = np.linspace(0.05, 0.95, 19)
    # first order in beta*dx: for beta*dx = 0.01 the error is O(0.01^2)
    exact = probability_change(p, np.exp(0.01))
    np.testing.assert_allclose(probability_change_linear(p, 0.01), exact, rtol=0, atol=1e-4 * 0.25)
    # ...for beta = 0.7 at p = 0.5 it is off by ~0.007, and for beta = 2 by ~0.12 (it
    # predicts 0.5 where the exact change is 0.381): the linearization is local
    np.testing.assert_allclose(probability_change_linear(0.5, 0.7), 0.175, rtol=1e-15)
    assert 0.005 < probability_change_linear(0.5, 0.7) - probability_change(0.5, R) < 0.01
    assert probability_change_linear(0.5, 2.0) - probability_change(0.5, np.exp(2.0)) > 0.1


def test_wald_and_odds_ratio_intervals():
    low, high = wald_interval(0.82, 0.33)
    np.testing.assert_allclose([low, high], [0.82 - 1.959964 * 0.33, 0.82 + 1.959964 * 0.33],
                               rtol=1e-6)  # z_{0.975} printed to 7 digits
    olow, ohigh = odds_ratio_interval(0.82, 0.33)
    np.testing.assert_allclose([olow, ohigh], np.exp([low, high]), rtol=1e-15)
    # asymmetric around the odds ratio: exp of the ends, not OR +- 1.96 * exp(SE)
    assert ohigh - odds_ratio(0.82) > odds_ratio(0.82) - olow
    low90, high90 = wald_interval(0.82, 0.33, level=0.90)
    assert low < low90 < high90 < high


@pytest.mark.parametrize("call, match", [
    (lambda: probability_change(1.2, 2.0), "p"),
    (lambda: probability_change(0.5, -1.0), "r"),
    (lambda: odds_ratio(np.nan), "beta"),
    (lambda: wald_interval(0.1, -1.0), "std_err"),
    (lambda: wald_interval(0.1, 1.0, level=95), "level"),
])
def test_invalid_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_boundaries_do_not_warn():
    assert probability_after_odds_ratio(1.0, 0.0) == 1.0
    assert probability_change(0.0, 5.0) == 0.0
    assert odds_ratio(1000.0) == np.inf
