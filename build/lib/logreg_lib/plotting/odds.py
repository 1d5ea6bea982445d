r"""Figures of Chapter 3 ("How to read a logistic regression"): odds, probability changes,
odds-ratio intervals.

Every curve is computed by the library's own functions (:func:`~logreg_lib.links.sigmoid`,
:func:`~logreg_lib.interpretation.probability_change`, ...); this module only draws.
"""

import numpy as np

from ..interpretation import probability_change, probability_change_linear
from ..links import logit, sigmoid
from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = ["plot_same_step_on_sigmoid", "plot_probability_change", "plot_odds_ratio_intervals"]


def plot_same_step_on_sigmoid(beta, baselines, z_range=(-6.0, 6.0)):
    r"""The same step :math:`\beta` in log-odds, drawn on the sigmoid from several baselines.

    Chapter 3: a coefficient adds :math:`\beta` to :math:`z` wherever we start, but the
    probability moves by :math:`\sigma(z + \beta) - \sigma(z)`, which depends on the start.

    Parameters
    ----------
    beta : float
        The step in log-odds (a coefficient times a unit change of its feature).
    baselines : sequence of float
        Baseline probabilities in (0, 1), at most six; each gets its own color and marker.
    z_range : tuple of float, default=(-6.0, 6.0)
        Range of the log-odds axis.

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    baselines = np.asarray(baselines, dtype=float)
    fig, ax = new_figure()
    z = np.linspace(z_range[0], z_range[1], 400)
    ax.plot(z, sigmoid(z), color=COLORS["black"], linestyle="-", linewidth=1.5,
            label=r"$p = \sigma(z)$")
    colors = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    for k, p0 in enumerate(baselines):
        z0 = float(logit(p0))
        p1 = float(sigmoid(z0 + beta))
        color, marker = colors[k], MARKERS[k]
        ax.plot([z0, z0 + beta], [p0, p1], color=color, marker=marker, linestyle="none",
                markersize=7)
        # horizontal step in z, then vertical step in p
        ax.plot([z0, z0 + beta], [p0, p0], color=color, linestyle=LINESTYLES[1], linewidth=1.5)
        ax.annotate("", xy=(z0 + beta, p1), xytext=(z0 + beta, p0),
                    arrowprops=dict(arrowstyle="->", color=color, linewidth=1.8))
        ax.plot([], [], color=color, marker=marker, linestyle=LINESTYLES[1],
                label=rf"from $p = {p0:.3g}$: $\Delta p = {p1 - p0:.3f}$")
    ax.set_xlim(*z_range)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(r"log-odds $z = \beta_0 + \boldsymbol{\beta}^\top \mathbf{x}$")
    ax.set_ylabel(r"probability $p = P(Y = 1 \mid \mathbf{x})$")
    ax.set_title(rf"The same step $\Delta z = {beta:g}$ from different baselines")
    ax.legend(loc="upper left", fontsize=9)
    return fig, ax


def plot_probability_change(beta, dx=1.0, marked=(), n_points=400):
    r"""Exact and first-order probability change against the baseline probability.

    Chapter 3: for one coefficient, :math:`\Delta p` (exact, from the odds) and
    :math:`p(1-p)\beta\Delta x` (linear approximation) as functions of the baseline
    :math:`p`.

    Parameters
    ----------
    beta : float
        Coefficient.
    dx : float, default=1.0
        Change of the feature.
    marked : sequence of float, default=()
        Baseline probabilities to mark on the exact curve (e.g. worked examples).
    n_points : int, default=400
        Grid size on (0, 1).

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    p = np.linspace(0.0, 1.0, n_points)
    r = np.exp(beta * dx)
    exact = probability_change(p, r)
    linear = probability_change_linear(p, beta, dx)
    fig, ax = new_figure()
    ax.plot(p, exact, color=COLORS["blue"], linestyle=LINESTYLES[0],
            label=r"exact: $\dfrac{(r-1)\,o}{(1+o)(1+ro)}$")
    ax.plot(p, linear, color=COLORS["vermillion"], linestyle=LINESTYLES[1],
            label=r"linear: $p(1-p)\,\beta\,\Delta x$")
    marked = np.asarray(marked, dtype=float)
    if marked.size:
        ax.plot(marked, probability_change(marked, r), color=COLORS["black"],
                marker=MARKERS[1], linestyle="none", markersize=7,
                label="worked examples (exact)")
    ax.set_xlim(0, 1)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(r"baseline probability $p$")
    ax.set_ylabel(r"change of probability $\Delta p$")
    ax.set_title(rf"$\beta = {beta:g}$, $\Delta x = {dx:g}$, odds ratio $r = e^{{\beta\Delta x}}"
                 rf" = {r:.3f}$")
    ax.legend(loc="lower center", fontsize=9)
    return fig, ax


def plot_odds_ratio_intervals(names, odds_ratio, low, high, reference=None,
                              reference_label="reference value", estimate_label="estimate"):
    r"""Odds ratios with confidence intervals on a log scale (a forest plot).

    Chapter 3, the cervical-cancer example: each interval is
    :math:`[e^{\hat\beta - 1.96\,\mathrm{SE}}, e^{\hat\beta + 1.96\,\mathrm{SE}}]`,
    computed by the caller (e.g. with
    :func:`~logreg_lib.interpretation.odds_ratio_interval`). A log scale makes an odds
    ratio :math:`r` and its reciprocal :math:`1/r` equally far from 1.

    Parameters
    ----------
    names : sequence of str, length k
        Row labels, drawn from top to bottom.
    odds_ratio, low, high : array_like of shape (k,)
        Estimates and interval ends.
    reference : array_like of shape (k,), optional
        Values to mark next to each estimate (e.g. published odds ratios).
    reference_label, estimate_label : str
        Legend entries.

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    names = [str(n) for n in names]
    odds_ratio, low, high = (np.asarray(a, dtype=float) for a in (odds_ratio, low, high))
    k = len(names)
    y = np.arange(k)[::-1].astype(float)
    fig, ax = new_figure(height=0.55 * k + 1.6)
    ax.axvline(1.0, color=COLORS["black"], linestyle=LINESTYLES[3], linewidth=1.2,
               label="odds ratio 1 (no effect)")
    ax.hlines(y, low, high, color=COLORS["blue"], linewidth=2.2, label="95% interval")
    ax.plot(odds_ratio, y, color=COLORS["blue"], marker=MARKERS[0], linestyle="none",
            markersize=7, label=estimate_label)
    if reference is not None:
        ax.plot(np.asarray(reference, dtype=float), y, color=COLORS["vermillion"],
                marker=MARKERS[3], markerfacecolor="white", markeredgewidth=1.8,
                linestyle="none", markersize=7, label=reference_label)
    ax.set_xscale("log")
    ticks = [0.25, 0.5, 1, 2, 4]
    lo_lim = min(ticks[0], float(np.min(low)) / 1.2)
    hi_lim = max(ticks[-1], float(np.max(high)) * 1.2)
    ax.set_xlim(lo_lim, hi_lim)
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("odds ratio (log scale)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9)
    return fig, ax
