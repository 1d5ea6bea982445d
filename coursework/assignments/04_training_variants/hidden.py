"""Hidden checks of assignment 4 (private: keep with the masters, out of the student's view).

The cases are drawn at grading time; the reference values come from the master's solution,
run in the same sandbox with the same library functions switched off.
"""

import numpy as np

from coursework.spec import Call, Question

FORBID = ("gradient", "hessian", "penalized_gradient", "penalized_hessian", "newton", "irls",
          "LogisticRegression")


def _design(rng, m, d):
    return np.column_stack([np.ones(m), rng.normal(size=(m, d))])


def _cloglog_cases(rng):
    cases = []
    for m, d in [(30, 1), (120, 3), (400, 5)]:
        X = _design(rng, m, d)
        beta = rng.normal(scale=0.5, size=d + 1)
        y = (rng.random(m) < 0.5).astype(float)
        cases.append(Call("cloglog_gradient", (beta, X, y)))
    return cases


def _newton_cases(rng):
    cases = []
    for m, d, lam in [(60, 2, 0.05), (150, 3, 0.3), (300, 4, 2.0)]:
        X = _design(rng, m, d)
        beta = rng.normal(scale=0.5, size=d + 1)
        y = (rng.random(m) < 0.4).astype(float)
        w = rng.uniform(0.2, 3.0, size=m)
        cases.append(Call("penalized_newton_step", (beta, X, y, w, lam)))
    return cases


QUESTIONS = {
    "q1": Question(_cloglog_cases, forbid=FORBID, rtol=1e-8, atol=1e-11),
    "q2": Question(_newton_cases, forbid=FORBID, rtol=1e-8, atol=1e-11),
}

RUBRICS = {
    "q3": """
4 points: 2 per part.

1. (2 points) $dp/d\\eta = e^{\\eta}(1 - p)$ with the chain rule (1 point); the two
   log-derivatives and $\\nabla C = -X^\\top \\mathbf r / m$ with the sign and the mean right
   (1 point). A gradient without the $1/m$ or with the sign flipped: 1 point in all.
2. (2 points) Gradient and Hessian in matrix form, weights divided by their sum, the
   penalty's terms without the intercept (1 point). The positive-definiteness argument
   covers both cases: a direction with some non-intercept entry (penalty term positive)
   and the pure-intercept direction (the column of ones makes the data term positive)
   (1 point). "$X^\\top W X$ is positive definite" without the two cases: half a point.
""",
}
