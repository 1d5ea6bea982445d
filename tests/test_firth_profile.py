"""Firth inference as in R's logistf, on logistf's own ``sex2`` data (issue 10, item 7).

``tests/data/sex2.csv`` is logistf's ``sex2`` table (provenance in ``tests/data/README.md``).
The reference coefficients come from logistf's tests. logistf's profile penalized-likelihood intervals are not part of that
reference, so they are derived here by brute force: an independent optimizer (scipy's
BFGS on the penalized log-likelihood written out with ``slogdet``) evaluates the profile
on a grid, and its crossings of the chi-squared critical value are compared with the
library's root finding.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from logreg_lib import (
    LogisticRegression,
    SeparationWarning,
    likelihood_ratio_test,
    profile_interval,
    wald_test,
)

DATA = Path(__file__).parent / "data" / "sex2.csv"
NAMES = ["(intercept)", "age", "oc", "vic", "vicl", "vis", "dia"]
LOGISTF_COEF = np.array([0.12025404, -1.10598130, -0.06881673, 2.26887464, -2.11140816,
                         -0.78831694, 3.09601263])


@pytest.fixture(scope="module")
def sex2():
    df = pd.read_csv(DATA)
    X = df[NAMES[1:]]
    y = df["case"]
    model = LogisticRegression(firth=True).fit(X, y)
    return X, y, model, model.summary()


def _design(X):
    return np.column_stack([np.ones(len(X)), np.asarray(X, dtype=float)])


def _penalized_nll(beta, X, y):
    z = X @ beta
    p = 1 / (1 + np.exp(-z))
    ll = np.sum(y * -np.logaddexp(0, -z) + (1 - y) * -np.logaddexp(0, z))
    return -(ll + 0.5 * np.linalg.slogdet((X * (p * (1 - p))[:, None]).T @ X)[1])


def _brute_profile(X, y, j, values):
    """2 (l*(beta_hat) - max over the others of l* with beta_j = b), by BFGS."""
    full = optimize.minimize(_penalized_nll, np.zeros(X.shape[1]), args=(X, y), method="BFGS",
                             options={"gtol": 1e-8})
    free = [k for k in range(X.shape[1]) if k != j]
    out = []
    for b in values:
        def restricted(theta, b=b):
            beta = np.empty(X.shape[1])
            beta[free], beta[j] = theta, b
            return _penalized_nll(beta, X, y)
        fit = optimize.minimize(restricted, full.x[free], method="BFGS", options={"gtol": 1e-8})
        out.append(2 * (fit.fun - full.fun))
    return np.array(out)


def test_firth_coefficients_match_logistf(sex2):
    _, _, model, s = sex2
    assert model.converged_ and list(s.names) == NAMES
    np.testing.assert_allclose(s.coef, LOGISTF_COEF, atol=1e-6)


def test_summary_reports_profile_intervals_and_penalized_lr_tests(sex2):
    X, y, model, s = sex2
    Xd, yv = _design(X), y.to_numpy()
    crit = stats.chi2.ppf(0.95, 1)
    assert s.inference == "penalized LR" and "p (penalized LR)" in s.to_text()
    assert any("profile penalized likelihood" in n for n in s.notes)
    # every interval end is where the brute-force profile crosses the critical value
    for j in range(7):
        ends = [s.ci_low[j], s.ci_high[j]]
        np.testing.assert_allclose(_brute_profile(Xd, yv, j, ends), crit, atol=2e-4)
    # p-values: the penalized LR test of beta_j = 0 is the profile at 0
    brute_at_zero = np.array([_brute_profile(Xd, yv, j, [0.0])[0] for j in range(7)])
    np.testing.assert_allclose(s.p_value, stats.chi2.sf(brute_at_zero, 1), rtol=1e-3, atol=1e-7)
    for j, name in enumerate(NAMES):
        one = likelihood_ratio_test(Xd, yv, j, firth=True)
        np.testing.assert_allclose(one.p_value, s.p_value[j], rtol=1e-8)
        np.testing.assert_allclose(profile_interval(Xd, yv, j, firth=True),
                                   [s.ci_low[j], s.ci_high[j]], rtol=1e-8)


def test_profile_interval_of_dia_by_a_grid_crossing(sex2):
    """dia nearly separates the classes: a 0.01 grid locates both crossings independently."""
    X, y, _, s = sex2
    Xd, yv = _design(X), y.to_numpy()
    j = NAMES.index("dia")
    crit = stats.chi2.ppf(0.95, 1)
    for end in (s.ci_low[j], s.ci_high[j]):
        grid = np.round(end, 2) + np.array([-0.02, -0.01, 0.0, 0.01, 0.02])
        dev = _brute_profile(Xd, yv, j, grid) - crit
        k = int(np.flatnonzero(np.sign(dev[:-1]) != np.sign(dev[1:]))[0])
        crossing = grid[k] - dev[k] * (grid[k + 1] - grid[k]) / (dev[k + 1] - dev[k])
        assert crossing == pytest.approx(end, abs=2e-3)   # linear interpolation on 0.01 steps
    # the profile interval is far from the symmetric Wald one near separation
    assert s.ci_high[j] - s.coef[j] > 2 * (s.coef[j] - s.ci_low[j])
    assert s.ci_low[j] > 0 > s.wald_ci_low[j]


def test_wald_stays_available_and_labeled(sex2):
    _, _, model, s = sex2
    w = model.summary(inference="wald")
    assert w.inference == "Wald" and any("Wald" in n for n in w.notes)
    np.testing.assert_allclose(w.p_value, wald_test(s.coef, s.std_err)[1], rtol=1e-14)
    np.testing.assert_array_equal(s.wald_p_value, w.p_value)
    j = NAMES.index("dia")
    # near separation the two disagree: Wald does not reject at 5%, the penalized LR does
    assert w.p_value[j] > 0.05 > s.p_value[j]
    # the standard errors are logistf's: sqrt(diag((X'WX)^-1)) at the Firth estimate
    Xd = _design(sex2[0])
    p = 1 / (1 + np.exp(-Xd @ s.coef))
    info = (Xd * (p * (1 - p))[:, None]).T @ Xd
    np.testing.assert_allclose(s.std_err, np.sqrt(np.diag(np.linalg.inv(info))), rtol=1e-6)


def test_profile_inference_needs_a_firth_fit(sex2):
    X, y, _, _ = sex2
    with pytest.warns(SeparationWarning, match="dia"):   # dia = 1 only among the cases
        ml = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="firth=True"):
        ml.summary(inference="profile")
    with pytest.raises(ValueError, match="inference"):
        LogisticRegression(firth=True).fit(X, y).summary(inference="score")
