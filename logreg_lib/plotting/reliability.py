r"""Figures of Chapter 6 that show uncertainty: reliability diagrams with binomial
intervals, the spread of calibration metrics across repeated splits, the sampling
distribution of case-control estimates, and two decision boundaries on one scatter.

Every number drawn comes from ``logreg_lib`` (:func:`logreg_lib.calibration.reliability_curve`,
:func:`logreg_lib.calibration.compare_calibrators`, the estimators); these functions only
draw.
"""

import numpy as np

from .style import COLORS, GREY, LINESTYLES, MARKERS, new_figure, series_color

__all__ = [
    "plot_reliability_intervals",
    "plot_calibrator_spread",
    "plot_case_control_estimates",
    "plot_boundaries",
]


def plot_reliability_intervals(curves, ncols=None, lim=(0.0, 1.0)):
    r"""One reliability diagram per model, each bin with its Wilson interval.

    Chapter 6, "How sure is a reliability diagram?". Each panel shows the points of a
    :class:`logreg_lib.calibration.ReliabilityCurve` at (mean prediction, observed
    share) with a vertical bar for the bin's interval. Bins whose interval misses the
    diagonal are drawn as open markers; the panel title gives how many bins, the cases
    per bin and the ECE.

    Parameters
    ----------
    curves : dict of str to ReliabilityCurve
        Panel title to curve (from :func:`logreg_lib.calibration.reliability_curve`).
    ncols : int, optional
        Panels per row (default: all in one row, at most 4).
    lim : (float, float), default (0, 1)
        Range of both axes (zoom in when all probabilities are small).

    Returns
    -------
    fig : matplotlib Figure
    """
    n = len(curves)
    ncols = min(n, 4) if ncols is None else ncols
    nrows = int(np.ceil(n / ncols))
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=3.4 * ncols + 0.4,
                           height=3.6 * nrows, sharex=True, sharey=True, squeeze=False)
    flat = axes.ravel()
    for k, (ax, (title, c)) in enumerate(zip(flat, curves.items())):
        ax.plot(lim, lim, color=GREY, linestyle=LINESTYLES[3], linewidth=1.2)
        ok = c.covered
        err = np.clip(np.vstack([c.prob_true - c.lower, c.upper - c.prob_true]), 0, None)
        ax.errorbar(c.prob_pred, c.prob_true, yerr=err, linestyle="none",
                    color=series_color(k), ecolor=series_color(k), elinewidth=1.4, capsize=3)
        ax.plot(c.prob_pred[ok], c.prob_true[ok], linestyle="none", color=series_color(k),
                marker=MARKERS[k % len(MARKERS)], label="interval covers the diagonal")
        ax.plot(c.prob_pred[~ok], c.prob_true[~ok], linestyle="none", color=series_color(k),
                marker=MARKERS[k % len(MARKERS)], markerfacecolor="white",
                markeredgewidth=1.6, label="interval misses it")
        lo, hi = int(c.counts.min()), int(c.counts.max())
        per_bin = f"{lo}" if lo == hi else f"{lo}–{hi}"
        ax.set_title(f"{title}\n{len(c.counts)} bins of {per_bin} cases, "
                     f"ECE {c.ece:.3f}", fontsize=10)
        pad = 0.02 * (lim[1] - lim[0])
        ax.set_xlim(*lim)
        ax.set_ylim(lim[0] - pad, lim[1] + pad)
        ax.set_aspect("equal")
    for ax in flat[n:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("mean predicted probability")
    for ax in axes[:, 0]:
        ax.set_ylabel("observed share of positives")
    flat[0].legend(loc="upper left", fontsize=8)
    return fig


def plot_calibrator_spread(comparisons, metrics=None):
    r"""Held-out calibration metrics of each method across repeated splits, by size.

    Chapter 6, Platt scaling against isotonic regression. One panel per metric; at
    each calibration-set size, one box per method summarizes the values of the
    random splits of a :class:`logreg_lib.calibration.CalibratorComparison` (box:
    quartiles; whiskers: 5th and 95th percentiles; white diamond: mean).

    Parameters
    ----------
    comparisons : sequence of CalibratorComparison
        One per calibration-set size, from
        :func:`logreg_lib.calibration.compare_calibrators`.
    metrics : dict of str to str, optional
        Attribute to panel title; default Brier score, ECE and log loss.

    Returns
    -------
    fig : matplotlib Figure
    """
    if metrics is None:
        metrics = {"brier": "Brier score", "ece": "ECE (10 equal-count bins)",
                   "log_loss": "log loss (nats, clipped)"}
    methods = list(getattr(comparisons[0], next(iter(metrics))).keys())
    fig, axes = new_figure(ncols=len(metrics), height=3.8)
    axes = np.atleast_1d(axes)
    n_m = len(methods)
    width = 0.8 / n_m
    for ax, (attr, title) in zip(axes, metrics.items()):
        for j, method in enumerate(methods):
            data = [getattr(c, attr)[method] for c in comparisons]
            pos = np.arange(len(comparisons)) + (j - (n_m - 1) / 2) * width
            box = ax.boxplot(data, positions=pos, widths=width * 0.85, whis=(5, 95),
                             patch_artist=True, showfliers=False, showmeans=True,
                             meanprops={"marker": "D", "markerfacecolor": "white",
                                        "markeredgecolor": "black", "markersize": 5})
            for patch in box["boxes"]:
                patch.set_facecolor(series_color(j))
                patch.set_alpha(0.75)
                patch.set_hatch(["", "//", ".."][j % 3])
            for med in box["medians"]:
                med.set_color("black")
            ax.plot([], [], color=series_color(j), linewidth=8, alpha=0.75, label=method)
        ax.set_xticks(np.arange(len(comparisons)))
        ax.set_xticklabels([str(c.cal_size) for c in comparisons])
        ax.set_xlabel("calibration cases")
        ax.set_title(title)
        ax.set_ylim(0, None)
    axes[0].legend(loc="upper right", fontsize=9)
    return fig


def plot_case_control_estimates(estimates, names, reference, shifted=None):
    r"""Histograms of coefficients fitted to repeated case-control samples.

    Chapter 6, case-control sampling. One panel per coefficient, with a solid line
    at the value the whole population gives; for a shifted coefficient (the
    intercept) a dashed line at that value plus the Prentice-Pyke offset instead,
    and the population value, far off the axis, in the panel's title.

    Parameters
    ----------
    estimates : array_like of shape (n_repeats, n_coefficients)
        One row per sample: intercept first, then the slopes.
    names : sequence of str
        Panel titles, one per column.
    reference : array_like of shape (n_coefficients,)
        Coefficients of the fit to the whole population.
    shifted : dict of int to float, optional
        Column index to a predicted value (the intercept plus the offset), drawn
        dashed.

    Returns
    -------
    fig : matplotlib Figure
    """
    est = np.asarray(estimates, dtype=float)
    ref = np.asarray(reference, dtype=float)
    shifted = {} if shifted is None else shifted
    fig, axes = new_figure(ncols=est.shape[1], height=3.3)
    axes = np.atleast_1d(axes)
    for j, ax in enumerate(axes):
        ax.hist(est[:, j], bins=20, color=series_color(0), alpha=0.7, edgecolor="white")
        if j in shifted:
            ax.axvline(shifted[j], color=series_color(1), linestyle=LINESTYLES[1],
                       linewidth=2.0, label="population + offset")
            ax.set_title(f"{names[j]} (population: {ref[j]:.2f})")
        else:
            ax.axvline(ref[j], color="black", linestyle=LINESTYLES[0],
                       linewidth=1.6, label="whole population")
            ax.set_title(names[j])
        ax.set_xlabel("estimate")
        ax.legend(loc="upper left", fontsize=8)
    axes[0].set_ylabel("samples")
    return fig


def plot_boundaries(X, y, lines, feature_names, labels=("negative", "positive")):
    r"""A two-feature scatter with the :math:`p = 0.5` boundary of several linear models.

    Chapter 6, the generative view: logistic regression and LDA draw different
    lines through the same data. Each line is :math:`\beta_0 + \beta_1 x_1 +
    \beta_2 x_2 = 0`.

    Parameters
    ----------
    X : array_like of shape (n_samples, 2)
        The two features.
    y : array_like of shape (n_samples,)
        0/1 labels.
    lines : dict of str to (float, array_like of shape (2,))
        Label to ``(intercept, coef)``.
    feature_names : sequence of str
        Axis labels.
    labels : (str, str), default ("negative", "positive")
        Legend names of the two classes.

    Returns
    -------
    fig : matplotlib Figure
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    fig, ax = new_figure(width=6.0, height=4.6)
    for k, name in enumerate(labels):
        sel = y == k
        ax.plot(X[sel, 0], X[sel, 1], linestyle="none", marker=["o", "^"][k],
                markersize=4, alpha=0.55, color=[GREY, COLORS["orange"]][k], label=name)
    x1 = np.linspace(X[:, 0].min(), X[:, 0].max(), 50)
    for k, (label, (b0, coef)) in enumerate(lines.items()):
        b1, b2 = np.asarray(coef, dtype=float)
        ax.plot(x1, -(b0 + b1 * x1) / b2, color=[series_color(0), series_color(1), series_color(2)][k % 3],
                linestyle=LINESTYLES[k % len(LINESTYLES)], label=label)
    ax.set_ylim(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.legend(loc="upper right", fontsize=9)
    return fig
