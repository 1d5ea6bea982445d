"""Hidden checks of assignment 2 (private: keep with the masters, out of the student's view).

Each case is put to the reference solution and to the submission in the sandbox; the
grader compares the results outside it. Inputs are drawn at grading time.
"""

import numpy as np

from coursework.spec import Call, Question, Value

FORBID = ("sigmoid", "log_sigmoid", "sigmoid_derivative", "cross_entropy", "log_loss")


def _slope_cases(rng):
    return [
        Call("log_sigmoid_slope", (np.linspace(-30.0, 30.0, 61),)),
        Call("log_sigmoid_slope", (np.array([-1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0]),),
             strict=True, label="log_sigmoid_slope of scores up to +-1000 (without a NumPy warning)"),
        Call("log_sigmoid_slope", (rng.normal(scale=40.0, size=(7, 5)),), strict=True),
    ]


def _loss_cases(rng):
    y = (rng.random(300) < 0.4).astype(float)
    z = rng.normal(scale=3.0, size=300)
    return [
        Call("log_loss_from_scores", (y, z)),
        Call("log_loss_from_scores", (np.array([1.0, 0.0, 0.0, 1.0]),
                                      np.array([800.0, -800.0, 800.0, -800.0])), strict=True,
             label="log_loss_from_scores for scores of +-800 (without a NumPy warning)"),
        Call("log_loss_from_scores", ((rng.random(400) < 0.5).astype(float),
                                      rng.normal(scale=60.0, size=400)), strict=True),
    ]


QUESTIONS = {
    "q1": Question(_slope_cases, forbid=FORBID, rtol=1e-10, atol=1e-12),
    "q2": Question(_loss_cases, forbid=FORBID, rtol=1e-9, atol=1e-12),
    "q3": Question(lambda rng: [Value("or_stds"), Value("odds_change_percent"), Value("p_after")],
                   rtol=1e-6, atol=1e-9),
}

RUBRICS = {
    "q4": """
3 points, one per part.

1. (1 point) Differentiates $(1 + e^{-z})^{-1}$ with the chain rule (or the quotient rule)
   and rewrites $e^{-z}/(1 + e^{-z})$ as $1 - \\sigma(z)$. Half a point for the correct
   derivative $e^{-z}/(1 + e^{-z})^2$ without the rewriting.
2. (1 point) Computes $1 - \\sigma(z) = e^{-z}/(1 + e^{-z})$ and the ratio $e^{z}$.
   No point for checking a single value of $z$.
3. (1 point) Says that the odds are $e^{z}$, that one more unit of $x_j$ adds $\\beta_j$
   to $z$, and that $e^{z + \\beta_j} = e^{z} e^{\\beta_j}$ does not depend on the starting
   point. Half a point if the independence from the other features is not stated.
""",
}
