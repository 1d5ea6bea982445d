"""Hidden checks of assignment 3 (private: keep with the masters, out of the student's view)."""

from coursework.spec import Call, Question

FORBID = ("odds_ratio_interval", "wald_interval", "probability_after_odds_ratio", "probability_change")


def _ci_cases(rng):
    cases = []
    for delta, level in [(10.0, 0.95), (-0.5, 0.9), (2.0, 0.99)]:
        coef, se = float(rng.normal(scale=0.3)), float(rng.uniform(0.02, 0.3))
        cases.append(Call("odds_ratio_ci", (coef, se, delta, level),
                          label=f"odds_ratio_ci(delta = {delta:g}, level = {level:g})"))
    return cases


def _change_cases(rng):
    return [Call("probability_change_delta", (rng.uniform(0.01, 0.99, size=shape),
                                              float(rng.normal()), float(delta)))
            for shape, delta in [((7,), 1.0), ((3, 4), -2.5), ((50,), 0.3)]]


QUESTIONS = {
    "q1": Question(_ci_cases, forbid=FORBID, rtol=1e-9, atol=1e-12),
    "q2": Question(_change_cases, forbid=FORBID, rtol=1e-9, atol=1e-12),
}

RUBRICS = {
    "q3": """
3 points.

1. (2 points) Normality holds for $\\hat\\beta_j$, not for its exponential; a monotone map
   keeps the coverage (1 point). The endpoints $c e^{\\pm t}$ and the longer upper side
   (1 point).
2. (1 point) Odds times $e^{\\delta\\beta_j}$, back to a probability; the first-order change
   $p_0(1 - p_0)\\,\\delta\\beta_j$, largest at $1/2$. Half a point without the approximation.
""",
}
