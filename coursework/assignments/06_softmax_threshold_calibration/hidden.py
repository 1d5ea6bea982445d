"""Hidden checks of assignment 6 (private: keep with the masters, out of the student's view).

The cases are drawn at grading time; the reference values come from the master's solution,
run in the same sandbox with the same library functions switched off.
"""

import numpy as np

from coursework.spec import Call, Question, Value


def _hvp_cases(rng):
    cases = []
    for m, d, k, scale in [(40, 2, 3, 1.0), (200, 4, 5, 3.0), (150, 3, 4, 200.0)]:
        X = np.column_stack([np.ones(m), rng.normal(size=(m, d))])
        W = rng.normal(scale=scale, size=(d + 1, k))
        V = rng.normal(size=(d + 1, k))
        cases.append(Call("softmax_hvp", (W, X, V)))
    return cases


def _threshold_cases(rng):
    cases = [Call("prior_shift_threshold", (1.0, 1.0, 0.5, 0.5))]
    for _ in range(3):
        c_fp, c_fn = rng.uniform(0.5, 20.0, size=2)
        train, deploy = rng.uniform(0.02, 0.9, size=2)
        cases.append(Call("prior_shift_threshold", (float(c_fp), float(c_fn), float(train), float(deploy)),
                          label="prior_shift_threshold(other costs and priors)"))
    return cases


def _temperature_cases(rng):
    true_score = rng.normal(scale=2.0, size=1500)
    y = (rng.random(1500) < 1.0 / (1.0 + np.exp(-true_score))).astype(float)
    return [
        Call("temperature_fit", (2.5 * true_score, y), label="temperature_fit(other scores and labels)"),
        Value("p_test_repaired"),
        Value("ece_before"),
        Value("ece_after"),
    ]


# One set for the three questions: the notebook then runs once per submission.
FORBID = ("softmax_hessian", "softmax_gradient", "bayes_optimal_threshold", "choose_threshold",
          "prior_shift_correction", "PlattScaler", "LogisticRegression", "newton", "irls")

QUESTIONS = {
    "q1": Question(_hvp_cases, forbid=FORBID, rtol=1e-8, atol=1e-12),
    "q2": Question(_threshold_cases, forbid=FORBID, rtol=1e-10, atol=1e-12),
    "q3": Question(_temperature_cases, forbid=FORBID, rtol=1e-7, atol=1e-9),
}

RUBRICS = {
    "q4": """
3 points.

1. (2 points) The Jacobian $a_k([k=l] - a_l)$ from the quotient rule (1 point); the
   change $\\mathbf a \\circ (\\mathbf u - (\\mathbf a^\\top\\mathbf u)\\mathbf 1)$, the product
   $X^\\top dA/m$ and a cost of order $m d K$ against $m d^2 K^2$ for the full Hessian
   (1 point; half without the cost comparison).
2. (1 point) Posterior odds = likelihood ratio x prior odds, the likelihood ratio
   unchanged by the shift, and the algebra to $c_{FP}/(c_{FP} + k\\,c_{FN})$. Half a point
   for the right formula without the Bayes argument.
""",
}
