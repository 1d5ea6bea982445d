r"""Figures of Chapter 6 ("Thresholds, class imbalance, and calibration").

The expected cost of each decision as a function of the predicted probability, ROC and
precision-recall curves with chosen operating points, the effect of class weights and
resampling on recall and on the probabilities, reliability diagrams with their bin
counts, and the Platt and isotonic recalibration maps. Every number drawn is computed
by ``logreg_lib`` (:mod:`logreg_lib.metrics`, :mod:`logreg_lib.calibration`); these
functions only draw.
"""

import numpy as np

from ..calibration import calibration_curve
from ..metrics import precision_recall_curve, precision_score, recall_score, roc_curve
from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = [
    "plot_expected_costs",
    "plot_roc_pr",
    "plot_imbalance_effects",
    "plot_reliability",
    "plot_recalibration",
    "plot_isotonic_overfit",
]

_GREY = "0.45"
_SERIES = ["blue", "vermillion", "green", "orange", "purple", "sky"]


def _color(k):
    return COLORS[_SERIES[k % len(_SERIES)]]


def plot_expected_costs(cost_pairs, thresholds, num=201):
    r"""Expected cost of "predict positive" and "predict negative" against :math:`p`.

    Chapter 6, the Bayes-optimal threshold. For a case with probability :math:`p` of
    being positive, predicting positive costs :math:`(1 - p)\,c_{FP}` in expectation and
    predicting negative costs :math:`p\,c_{FN}`; the lines cross at the threshold
    :math:`\tau^*`. One panel per cost pair.

    Parameters
    ----------
    cost_pairs : sequence of (str, float, float)
        ``(title, cost_fp, cost_fn)`` for each panel.
    thresholds : sequence of float
        The optimal threshold of each panel (from
        :func:`logreg_lib.thresholds.bayes_optimal_threshold`), marked by a vertical line.
    num : int, default 201
        Grid points on [0, 1].

    Returns
    -------
    fig : matplotlib Figure
    """
    n = len(cost_pairs)
    fig, axes = new_figure(ncols=n, height=3.6)
    axes = np.atleast_1d(axes)
    p = np.linspace(0.0, 1.0, num)
    for ax, (title, c_fp, c_fn), tau in zip(axes, cost_pairs, thresholds):
        ax.plot(p, (1.0 - p) * c_fp, color=COLORS["vermillion"], linestyle=LINESTYLES[0],
                label=r"predict positive: $(1-p)\,c_{FP}$")
        ax.plot(p, p * c_fn, color=COLORS["blue"], linestyle=LINESTYLES[1],
                label=r"predict negative: $p\,c_{FN}$")
        ax.plot(p, np.minimum((1.0 - p) * c_fp, p * c_fn), color=COLORS["black"],
                linestyle=LINESTYLES[3], linewidth=3.0, alpha=0.5, label="cost of the best decision")
        ax.axvline(tau, color=_GREY, linestyle=LINESTYLES[2], linewidth=1.2)
        ax.annotate(rf"$\tau^* = {tau:.2f}$", xy=(tau, 0.92 * max(c_fp, c_fn)),
                    xytext=(6, 0), textcoords="offset points", fontsize=10)
        ax.set_title(f"{title}: $c_{{FP}}={c_fp:g}$, $c_{{FN}}={c_fn:g}$")
        ax.set_xlabel("predicted probability of the positive class, $p$")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, None)
    axes[0].set_ylabel("expected cost per case")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=9)
    return fig


def _operating_point(y_true, y_prob, tau):
    """(FPR, TPR, precision) of the rule ``y_prob >= tau`` (specificity = recall of class 0)."""
    y_pred = (y_prob >= tau).astype(int)
    fpr = 1.0 - recall_score(y_true, y_pred, pos_label=0)
    tpr = recall_score(y_true, y_pred)
    precision = precision_score(y_true, y_pred, zero_division=1.0)
    return fpr, tpr, precision


def plot_roc_pr(y_true, y_prob, operating_points):
    r"""ROC curve (left) and precision-recall curve (right) with marked thresholds.

    Chapter 6: seeing the trade-off before choosing a threshold.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        0/1 labels, 1 the positive class.
    y_prob : array_like of shape (n_samples,)
        Predicted probabilities of the positive class.
    operating_points : dict of str to float
        Label and threshold :math:`\tau` of each point to mark; its coordinates come from
        :func:`logreg_lib.metrics.recall_score` and
        :func:`logreg_lib.metrics.precision_score` of the rule :math:`p \ge \tau`.

    Returns
    -------
    fig : matplotlib Figure
    """
    y_true = np.asarray(y_true)
    y_prob = np.asarray(y_prob, dtype=float)
    fpr, tpr, _ = roc_curve(y_true, y_prob)
    precision, recall, _ = precision_recall_curve(y_true, y_prob)
    prevalence = float(np.mean(y_true == 1))
    fig, (ax_roc, ax_pr) = new_figure(ncols=2, height=4.2)
    ax_roc.plot(fpr, tpr, color=COLORS["blue"], linestyle=LINESTYLES[0], label="model")
    ax_roc.plot([0, 1], [0, 1], color=_GREY, linestyle=LINESTYLES[3], linewidth=1.2,
                label="random ranking")
    ax_pr.step(recall, precision, where="post", color=COLORS["blue"], linestyle=LINESTYLES[0],
               label="model")
    ax_pr.axhline(prevalence, color=_GREY, linestyle=LINESTYLES[3], linewidth=1.2,
                  label=f"random ranking (prevalence {prevalence:.2f})")
    for k, (label, tau) in enumerate(operating_points.items()):
        x, t, prec = _operating_point(y_true, y_prob, tau)
        style = dict(color=_color(k + 1), marker=MARKERS[k + 1], markersize=9, linestyle="none",
                     markeredgecolor="black", label=rf"{label} ($\tau = {tau:.2f}$)")
        ax_roc.plot([x], [t], **style)
        ax_pr.plot([t], [prec], **style)
    ax_roc.set_xlabel("false-positive rate (1 - specificity)")
    ax_roc.set_ylabel("true-positive rate (recall)")
    ax_roc.set_title("ROC curve")
    ax_pr.set_xlabel("recall (true-positive rate)")
    ax_pr.set_ylabel("precision")
    ax_pr.set_title("Precision-recall curve")
    for ax in (ax_roc, ax_pr):
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
    ax_roc.legend(loc="lower right", fontsize=9)
    ax_pr.legend(loc="lower left", fontsize=9)
    return fig


def plot_imbalance_effects(names, recall, mean_prob, prevalence):
    r"""Recall at :math:`\tau = 0.5` (left) and mean predicted probability (right) per fit.

    Chapter 6, class imbalance: weighting and resampling buy recall by inflating the
    probabilities; the prior-shift correction brings the mean back to the prevalence.

    Parameters
    ----------
    names : sequence of str
        One label per fit (bar).
    recall : sequence of float
        Recall of each fit at the default threshold.
    mean_prob : sequence of float
        Mean predicted probability of each fit on the held-out data.
    prevalence : float
        True share of positives in the held-out data (dashed line).

    Returns
    -------
    fig : matplotlib Figure
    """
    names = list(names)
    y = np.arange(len(names))[::-1]
    fig, (ax_r, ax_p) = new_figure(ncols=2, height=0.55 * len(names) + 1.6)
    hatches = ["", "//", "\\\\", "..", "xx", "--", "oo"]
    for k, (yy, r, m) in enumerate(zip(y, recall, mean_prob)):
        style = dict(color=_color(k), edgecolor="black", hatch=hatches[k % len(hatches)], height=0.7)
        ax_r.barh(yy, r, **style)
        ax_p.barh(yy, m, **style)
        ax_r.annotate(f"{r:.2f}", xy=(r, yy), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=9)
        ax_p.annotate(f"{m:.3f}", xy=(m, yy), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=9)
    ax_p.axvline(prevalence, color=COLORS["black"], linestyle=LINESTYLES[1], linewidth=1.5,
                 label=f"true prevalence {prevalence:.3f}")
    for ax in (ax_r, ax_p):
        ax.set_yticks(y)
        ax.grid(axis="y", visible=False)
    ax_r.set_yticklabels(names)
    ax_p.set_yticklabels([])
    ax_r.set_xlim(0, 1.15)
    ax_p.set_xlim(0, 1.25 * max(max(mean_prob), prevalence))
    ax_r.set_xlabel(r"recall at $\tau = 0.5$")
    ax_p.set_xlabel("mean predicted probability")
    ax_p.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=9)
    return fig


def _reliability_panels(ax_curve, ax_count, y_true, probs, n_bins, first_style=0):
    width = 1.0 / n_bins / (len(probs) + 1)
    for k, (label, p) in enumerate(probs.items()):
        j = k + first_style
        frac, mean_pred, counts = calibration_curve(y_true, p, n_bins=n_bins, return_counts=True)
        ax_curve.plot(mean_pred, frac, color=_color(j), linestyle=LINESTYLES[j % len(LINESTYLES)],
                      marker=MARKERS[j % len(MARKERS)], label=label)
        bins = np.minimum((mean_pred * n_bins).astype(int), n_bins - 1)
        left = bins / n_bins + (k + 0.5) * width
        ax_count.bar(left, counts, width=width, align="edge", color=_color(j), edgecolor="black",
                     hatch=["", "//", "\\\\", ".."][k % 4], label=label)
    ax_curve.plot([0, 1], [0, 1], color=_GREY, linestyle=LINESTYLES[3], linewidth=1.2,
                  label="perfect calibration")
    ax_curve.set_xlim(0, 1)
    ax_curve.set_ylim(-0.02, 1.02)
    ax_curve.set_ylabel("observed share of positives")
    ax_curve.legend(loc="upper left", fontsize=9)
    ax_count.set_xlim(0, 1)
    ax_count.set_xticks(np.linspace(0, 1, n_bins + 1))
    ax_count.set_xlabel("mean predicted probability in the bin")
    ax_count.set_ylabel("cases in bin")


def plot_reliability(y_true, probs, n_bins=10):
    r"""Reliability diagram (top) with the number of cases in each bin (bottom).

    Chapter 6, calibration. Each curve comes from
    :func:`logreg_lib.calibration.calibration_curve` with ``return_counts=True``: a
    point per non-empty bin, at (mean prediction, observed share of positives). The
    bars show how many cases stand behind each point.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        0/1 labels.
    probs : dict of str to array_like
        Predicted probabilities of each model, by label.
    n_bins : int, default 10
        Equal-width bins on [0, 1].

    Returns
    -------
    fig : matplotlib Figure
    """
    fig, (ax_curve, ax_count) = new_figure(nrows=2, width=6.4, height=6.6, sharex=True,
                                           gridspec_kw={"height_ratios": [3, 1.3]})
    _reliability_panels(ax_curve, ax_count, y_true, probs, n_bins)
    ax_curve.set_xlabel("")
    return fig


def plot_recalibration(cal_scores, cal_y, maps, y_true, probs, n_bins=10):
    r"""Recalibration maps (left) and held-out reliability (right).

    Chapter 6, repairing calibration. Left: the fitted maps from a model's score
    :math:`z` to a calibrated probability (Platt's sigmoid, the isotonic step
    function), over the calibration cases drawn at 0 and 1 with a small vertical
    jitter. Right: reliability diagram and bin counts on the held-out cases.

    Parameters
    ----------
    cal_scores : array_like of shape (n_cal,)
        Scores (log-odds) of the calibration cases.
    cal_y : array_like of shape (n_cal,)
        Their 0/1 labels.
    maps : dict of str to (array_like, array_like)
        Label to ``(grid, calibrated probability on the grid)`` of each map.
    y_true : array_like of shape (n_test,)
        Held-out 0/1 labels.
    probs : dict of str to array_like
        Held-out probabilities before and after recalibration, by label.
    n_bins : int, default 10
        Equal-width bins of the reliability diagram.

    Returns
    -------
    fig : matplotlib Figure
    """
    fig = new_figure(width=11.0, height=5.6)[0]
    fig.clf()
    grid = fig.add_gridspec(2, 2, height_ratios=[3, 1.3])
    ax_map = fig.add_subplot(grid[:, 0])
    ax_curve = fig.add_subplot(grid[0, 1])
    ax_count = fig.add_subplot(grid[1, 1], sharex=ax_curve)
    cal_scores = np.asarray(cal_scores, dtype=float)
    cal_y = np.asarray(cal_y)
    jitter = np.random.default_rng(0).uniform(-0.03, 0.03, cal_y.shape[0])
    ax_map.plot(cal_scores, cal_y + jitter, linestyle="none", marker="|", markersize=9,
                color=_GREY, label="calibration cases (0 or 1)")
    for k, (label, (xg, pg)) in enumerate(maps.items()):
        ax_map.plot(xg, pg, color=_color(k + 1), linestyle=LINESTYLES[(k + 1) % len(LINESTYLES)],
                    label=label)
    ax_map.set_xlabel("score of the miscalibrated model, $z$ (log-odds)")
    ax_map.set_ylabel("calibrated probability")
    ax_map.set_ylim(-0.06, 1.06)
    ax_map.legend(loc="center right", fontsize=9)
    ax_map.set_title("Fitted maps")
    _reliability_panels(ax_curve, ax_count, y_true, probs, n_bins)
    ax_curve.set_title("Held-out reliability")
    ax_curve.tick_params(labelbottom=False)
    return fig


def plot_isotonic_overfit(maps, sizes, scores_by_method, ylabel="held-out log loss"):
    r"""Isotonic maps from a small and a large calibration set (left); held-out loss by size (right).

    Chapter 6, the overfitting risk of isotonic calibration.

    Parameters
    ----------
    maps : dict of str to (array_like, array_like)
        Label to ``(grid, calibrated probability on the grid)``; drawn in green
        (dash-dotted), sky blue (dotted), vermillion (dashed, the style of Platt scaling
        elsewhere in the chapter), purple.
    sizes : sequence of int
        Calibration-set sizes.
    scores_by_method : dict of str to sequence of float
        Method label to its mean held-out score at each size.
    ylabel : str, default "held-out log loss"
        Label of the right panel's vertical axis.

    Returns
    -------
    fig : matplotlib Figure
    """
    fig, (ax_map, ax_size) = new_figure(ncols=2, height=4.2)
    map_styles = [("green", 2), ("sky", 3), ("vermillion", 1), ("purple", 4)]
    for k, (label, (xg, pg)) in enumerate(maps.items()):
        color, ls = map_styles[k % len(map_styles)]
        ax_map.plot(xg, pg, color=COLORS[color], linestyle=LINESTYLES[ls], label=label)
    ax_map.set_xlabel("score of the miscalibrated model, $z$ (log-odds)")
    ax_map.set_ylabel("calibrated probability")
    ax_map.set_ylim(-0.04, 1.04)
    ax_map.legend(loc="center right", fontsize=9)
    ax_map.set_title("Isotonic maps")
    for k, (label, vals) in enumerate(scores_by_method.items()):
        ax_size.plot(sizes, vals, color=_color(k + 1), linestyle=LINESTYLES[(k + 1) % len(LINESTYLES)],
                     marker=MARKERS[k + 1], label=label)
    ax_size.set_xlabel("calibration cases used to fit the map")
    ax_size.set_ylabel(ylabel)
    ax_size.set_ylim(0, None)
    ax_size.legend(loc="upper right", fontsize=9)
    ax_size.set_title("Held-out loss against calibration-set size")
    return fig
