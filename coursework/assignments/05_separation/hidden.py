"""Hidden checks of assignment 5 (private: keep with the masters, out of the student's view)."""

import numpy as np

from coursework.spec import Call, Question

FORBID = ("check_separation", "log_likelihood", "cross_entropy")


def _design(rng, m, d):
    return np.column_stack([np.ones(m), rng.normal(size=(m, d))])


def _separation_cases(rng):
    cases = []
    X = _design(rng, 40, 2)
    w = rng.normal(size=3)
    separated = (X @ w > 0).astype(float)
    cases.append(Call("is_completely_separated", (X, separated), label="is_completely_separated(a separated sample)"))
    overlapping = separated.copy()
    overlapping[np.argsort(np.abs(X @ w))[-1]] = 1.0 - overlapping[np.argsort(np.abs(X @ w))[-1]]
    cases.append(Call("is_completely_separated", (X, overlapping),
                      label="is_completely_separated(a sample with one example moved across)"))
    X = _design(rng, 60, 3)
    cases.append(Call("is_completely_separated", (X, (rng.random(60) < 0.5).astype(float)),
                      label="is_completely_separated(a sample with random labels)"))
    return cases


def _loglik_cases(rng):
    cases = []
    for m, d in [(30, 2), (80, 3)]:
        X = _design(rng, m, d)
        w = rng.normal(size=d + 1)
        y = (X @ w > 0).astype(float)
        cases.append(Call("loglik_along", (X, y, w, np.array([0.0, 0.5, 3.0, 50.0, 2000.0])),
                          label="loglik_along(a separating direction, steps up to 2000)"))
        y_mixed = (rng.random(m) < 0.5).astype(float)
        cases.append(Call("loglik_along", (X, y_mixed, w, np.array([0.0, 1.0, 40.0, 1500.0])),
                          label="loglik_along(a non-separating direction, steps up to 1500)"))
    return cases


def _same_verdict(got, expected, case):
    return got is not None and got.shape == () and bool(got) == bool(expected)


QUESTIONS = {
    "q1": Question(_separation_cases, forbid=FORBID, compare=_same_verdict),
    "q2": Question(_loglik_cases, forbid=FORBID, rtol=1e-9, atol=1e-12),
}

RUBRICS = {
    "q3": """
3 points.

1. (2 points) Each term $\\log\\sigma(t m_i)$ increases to 0 (1 point); $\\ell < 0$ at every
   finite point, so the supremum 0 is not attained (1 point).
2. (1 point) The penalized objective tends to $-\\infty$ in every direction (coercive) and is
   continuous, so a maximizer exists. Half a point for "it becomes strictly concave" alone
   (strict concavity gives uniqueness, not existence).
""",
}
