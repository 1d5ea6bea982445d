r"""Figures of Chapter 6 ("Thresholds, class imbalance, and calibration").

The expected cost of each decision as a function of the predicted probability, ROC and
precision-recall curves with chosen operating points, and the effect of class weights
and resampling on recall and on the probabilities. Every number drawn is computed by
``logreg_lib`` (:mod:`logreg_lib.metrics`); these functions only draw. The chapter's
calibration figures, with their intervals, are in :mod:`logreg_lib.plotting.reliability`.
"""

import numpy as np

from ..metrics import precision_recall_curve, precision_score, recall_score, roc_curve
from .style import COLORS, GREY, LINESTYLES, MARKERS, new_figure, series_color

__all__ = [
    "plot_expected_costs",
    "plot_roc_pr",
    "plot_imbalance_effects",
]


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
        ax.axvline(tau, color=GREY, linestyle=LINESTYLES[2], linewidth=1.2)
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
    ax_roc.plot([0, 1], [0, 1], color=GREY, linestyle=LINESTYLES[3], linewidth=1.2,
                label="random ranking")
    ax_pr.step(recall, precision, where="post", color=COLORS["blue"], linestyle=LINESTYLES[0],
               label="model")
    ax_pr.axhline(prevalence, color=GREY, linestyle=LINESTYLES[3], linewidth=1.2,
                  label=f"random ranking (prevalence {prevalence:.2f})")
    for k, (label, tau) in enumerate(operating_points.items()):
        x, t, prec = _operating_point(y_true, y_prob, tau)
        style = dict(color=series_color(k + 1), marker=MARKERS[k + 1], markersize=9, linestyle="none",
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
        style = dict(color=series_color(k), edgecolor="black", hatch=hatches[k % len(hatches)], height=0.7)
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
