"""Benchmark part 2 of logreg_lib against scikit-learn (wall time, one run each).

Usage: python benchmarks/bench_part2.py [--quick]

* softmax regression (L-BFGS, same tolerance and iteration cap) vs scikit-learn's
  multinomial LogisticRegression(solver="lbfgs") on n = 10^5, d = 50, K = 10;
* the 12 metrics, isotonic regression and calibration_curve on 10^6 scores.

Writes the table to benchmarks/results_part2.md. ``--quick`` uses 10x smaller sizes.
"""

import argparse
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn
import sklearn.calibration
import sklearn.isotonic
import sklearn.linear_model
import sklearn.metrics as skm

import logreg_lib.calibration as cal
import logreg_lib.metrics as M
from logreg_lib.softmax import SoftmaxRegression


def timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    rng = np.random.default_rng(0)
    rows = []

    # softmax regression
    n, d, K = 100_000 // scale, 50, 10
    X = rng.normal(size=(n, d))
    B = rng.normal(size=(d, K)) * 0.3
    Z = X @ B
    G = rng.gumbel(size=Z.shape)
    y = np.argmax(Z + G, axis=1)  # exact multinomial-logit sampling
    alpha = 1.0 / n  # sklearn's default C = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_ours, ours = timed(lambda: SoftmaxRegression(alpha=alpha, solver="lbfgs", tol=1e-4,
                                                       max_iter=100).fit(X, y))
        t_sk, ref = timed(lambda: sklearn.linear_model.LogisticRegression(
            C=1.0 / (alpha * n), tol=1e-4, max_iter=100).fit(X, y))
    gap = np.abs(ours.predict_proba(X[:1000]) - ref.predict_proba(X[:1000])).max()
    rows.append((f"SoftmaxRegression lbfgs (n={n}, d={d}, K={K})", t_ours, t_sk,
                 f"max prob diff {gap:.1e}; iters {ours.n_iter_} vs {int(ref.n_iter_[0])}"))

    # metrics on 10^6 scores
    m = 1_000_000 // scale
    y_true = (rng.uniform(size=m) < 0.3).astype(int)
    score = np.round(rng.normal(size=m) + y_true, 3)  # realistic ties
    prob = 1 / (1 + np.exp(-score))
    y_pred = (prob >= 0.5).astype(int)
    w = rng.uniform(0.5, 2.0, m)
    cases = [
        ("confusion_matrix", (y_true, y_pred), {}),
        ("accuracy_score", (y_true, y_pred), {}),
        ("precision_score", (y_true, y_pred), {}),
        ("recall_score", (y_true, y_pred), {}),
        ("f1_score", (y_true, y_pred), {}),
        ("balanced_accuracy_score", (y_true, y_pred), {}),
        ("roc_curve", (y_true, score), {}),
        ("roc_auc_score", (y_true, score), {}),
        ("precision_recall_curve", (y_true, score), {}),
        ("average_precision_score", (y_true, score), {}),
        ("log_loss", (y_true, prob), {}),
        ("brier_score_loss", (y_true, prob), {}),
        ("roc_auc_score (weighted)", (y_true, score), {"sample_weight": w}),
    ]
    for name, a, kw in cases:
        fn = name.split(" ")[0]
        t_ours, _ = timed(lambda: getattr(M, fn)(*a, **kw))
        t_sk, _ = timed(lambda: getattr(skm, fn)(*a, **kw))
        rows.append((f"metrics.{name}", t_ours, t_sk, ""))

    # isotonic regression / calibration
    order = np.argsort(prob, kind="stable")
    y_sorted = y_true[order].astype(float)
    t_ours, a = timed(lambda: cal.isotonic_regression(y_sorted))
    t_sk, b = timed(lambda: sklearn.isotonic.isotonic_regression(y_sorted))
    rows.append((f"isotonic_regression (0/1 labels sorted by score, n={m})", t_ours, t_sk,
                 f"max diff {np.abs(a - b).max():.1e}"))
    noisy = np.sort(rng.normal(size=m)) + rng.normal(size=m)
    t_ours, a = timed(lambda: cal.isotonic_regression(noisy))
    t_sk, b = timed(lambda: sklearn.isotonic.isotonic_regression(noisy))
    rows.append((f"isotonic_regression (trend + Gaussian noise, n={m})", t_ours, t_sk,
                 f"max diff {np.abs(a - b).max():.1e}"))
    stair = np.concatenate([np.arange(m - 1.0), [-1e9]])
    t_ours, a = timed(lambda: cal.isotonic_regression(stair))
    t_sk, b = timed(lambda: sklearn.isotonic.isotonic_regression(stair))
    rows.append((f"isotonic_regression (adversarial staircase, n={m})", t_ours, t_sk,
                 "worst case: Python stack over blocks"))
    t_ours, _ = timed(lambda: cal.IsotonicCalibrator().fit(score, y_true).predict(score))
    t_sk, _ = timed(lambda: sklearn.isotonic.IsotonicRegression(out_of_bounds="clip")
                    .fit(score, y_true).predict(score))
    rows.append(("IsotonicCalibrator fit+predict vs IsotonicRegression", t_ours, t_sk, ""))
    for strategy in ("uniform", "quantile"):
        t_ours, _ = timed(lambda: cal.calibration_curve(y_true, prob, n_bins=10, strategy=strategy))
        t_sk, _ = timed(lambda: sklearn.calibration.calibration_curve(y_true, prob, n_bins=10,
                                                                      strategy=strategy))
        rows.append((f"calibration_curve ({strategy})", t_ours, t_sk, ""))

    lines = [
        "# Part 2 benchmark: logreg_lib vs scikit-learn",
        "",
        f"One run each, wall time. scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
        f"Python {platform.python_version()}, {'--quick (sizes / 10)' if args.quick else 'full sizes'}.",
        "",
        "| task | ours (s) | sklearn (s) | ratio ours/sklearn | note |",
        "|---|---:|---:|---:|---|",
    ]
    for name, t_o, t_s, note in rows:
        lines.append(f"| {name} | {t_o:.4f} | {t_s:.4f} | {t_o / t_s:.2f} | {note} |")
    lines += [
        "",
        "Notes. One run per row on a shared 2-core machine, so ratios near 1 move by tens of",
        "per cent between runs (isotonic regression on noisy data measured 1.5x to 2.3x).",
        "Isotonic regression pools whole decreasing runs per vectorized numpy pass and finishes",
        "with a Python stack over the remaining blocks when a pass removes < 10 % of them; the",
        "adversarial staircase (one huge violator at the end) sends all n blocks to that loop.",
    ]
    text = "\n".join(lines) + "\n"
    out = Path(__file__).with_name("results_part2.md")
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
