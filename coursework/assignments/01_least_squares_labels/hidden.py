"""Hidden checks of assignment 1 (private: keep with the masters, out of the student's view)."""

import numpy as np

from coursework.spec import Call, Question

FORBID = ("LinearProbabilityModel",)


def _sample(rng, n0, n1, gap):
    x = np.concatenate([rng.normal(0.0, 1.0, n0), rng.normal(gap, 1.0, n1)])
    return x, np.concatenate([np.zeros(n0), np.ones(n1)])


def _cut_cases(rng):
    return [Call("ls_cut", _sample(rng, n0, n1, gap))
            for n0, n1, gap in [(30, 20, 2.0), (100, 40, 1.5), (50, 150, 3.0)]]


def _flip_cases(rng):
    cases = []
    for n0, n1, gap, far in [(60, 40, 2.5, 40.0), (100, 100, 3.0, 80.0), (80, 30, 2.0, 3.0)]:
        x, y = _sample(rng, n0, n1, gap)
        cases.append(Call("flipped_by_one", (x, y, far)))
    return cases


QUESTIONS = {
    "q1": Question(_cut_cases, forbid=FORBID, rtol=1e-9, atol=1e-12),
    "q2": Question(_flip_cases, forbid=FORBID, rtol=0.0, atol=0.0),
}

RUBRICS = {
    "q3": """
3 points, one per part.

1. (1 point) Both normal equations, solved for $a$ and then $b$. Half a point for the
   formulas stated without the derivation.
2. (1 point) The line is unbounded when $b \\ne 0$; the crossing points of 0 and 1 (or an
   equivalent limit argument).
3. (1 point) The far example's large $x_i - \\bar x$ and large negative residual pull the
   slope down; the cut $(0.5 - a)/b$ moves right and flips examples near it. Half a point
   for "the line gets flatter" without the role of the residual.
""",
}
