"""Figures of Chapter 4, "Training: from maximum likelihood to cross-entropy".

Every function takes numbers that the chapter computed with ``logreg_lib`` (losses,
solver histories, curvature weights) and only draws them: no math happens here.
"""

import numpy as np
from matplotlib import ticker

from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = ["per_example_loss", "loss_curves", "curvature_weights"]

_SERIES_COLORS = [COLORS[name] for name in ("blue", "orange", "green", "vermillion",
                                             "purple", "sky")]


def _series_style(k, n_points, n_marks=10):
    """Colour, line style and marker of the k-th series, markers spread along the line."""
    return {
        "color": _SERIES_COLORS[k % len(_SERIES_COLORS)],
        "linestyle": LINESTYLES[k % len(LINESTYLES)],
        "marker": MARKERS[k % len(MARKERS)],
        "markevery": max(1, n_points // n_marks),
        "markersize": 5,
    }


def per_example_loss(p, loss_if_positive, loss_if_negative):
    r"""One example's cross-entropy against the predicted probability, for each label.

    Parameters
    ----------
    p : array_like of shape (n_points,)
        Predicted probabilities :math:`p = P(Y = 1 \mid \mathbf x)` in (0, 1), increasing.
    loss_if_positive : array_like of shape (n_points,)
        The loss :math:`-\log p` of an example whose label is 1.
    loss_if_negative : array_like of shape (n_points,)
        The loss :math:`-\log(1 - p)` of an example whose label is 0.

    Returns
    -------
    matplotlib.figure.Figure
        One panel: both curves, with the probability on the horizontal axis.
    """
    p = np.asarray(p, dtype=float)
    fig, ax = new_figure()
    ax.plot(p, loss_if_positive, label=r"label $y = 1$: loss $-\log p$",
            **_series_style(0, p.size))
    ax.plot(p, loss_if_negative, label=r"label $y = 0$: loss $-\log(1 - p)$",
            **_series_style(1, p.size))
    ax.set_xlabel(r"predicted probability $p = P(Y = 1 \mid \mathbf{x})$")
    ax.set_ylabel("loss of one example (nats)")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom=0.0)
    ax.legend(loc="upper center")
    return fig


def loss_curves(curves, *, xlabel="iteration", ylabel="mean cross-entropy $C$",
                log_y=False, reference=None, reference_label=None):
    r"""Convergence curves of several optimizer runs on shared axes.

    Parameters
    ----------
    curves : dict of str to array_like
        One entry per run: its legend label and the values to plot (loss, loss gap or
        gradient norm), one per iteration starting at iteration 0.
    xlabel, ylabel : str
        Axis labels (with units).
    log_y : bool, default=False
        Logarithmic vertical axis (for gradient norms and gaps to the optimum).
    reference : float, optional
        Draw a horizontal dotted line at this value (e.g. the minimum loss).
    reference_label : str, optional
        Legend label of the reference line.

    Returns
    -------
    matplotlib.figure.Figure
        One panel, one line per run, each with its own color, line style and marker.
    """
    fig, ax = new_figure()
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(values.size), values, label=label,
                **_series_style(k, values.size))
    if reference is not None:
        ax.axhline(reference, color=COLORS["black"], linestyle=":", linewidth=1.2,
                   label=reference_label)
    if log_y:
        ax.set_yscale("log")
        low, high = ax.get_ylim()
        if high / low < 100:  # less than two decades: plain numbers read better
            ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return fig


def curvature_weights(p_grid, weight_grid, p_data, weight_data):
    r"""The curvature weight :math:`p(1-p)` of an example against its probability.

    Parameters
    ----------
    p_grid : array_like of shape (n_points,)
        Probabilities in [0, 1] for the smooth curve.
    weight_grid : array_like of shape (n_points,)
        :math:`p(1-p)` on ``p_grid``.
    p_data : array_like of shape (n_samples,)
        Fitted probabilities of the data set's examples.
    weight_data : array_like of shape (n_samples,)
        Their weights :math:`W_{ii} = p^{(i)}(1 - p^{(i)})`.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: the curve with the examples on it, and a histogram of the fitted
        probabilities (how many examples sit where the weight is large).
    """
    p_grid = np.asarray(p_grid, dtype=float)
    p_data = np.asarray(p_data, dtype=float)
    fig, (ax, ax_hist) = new_figure(ncols=2)
    ax.plot(p_grid, weight_grid, color=COLORS["blue"], linestyle=LINESTYLES[0],
            label=r"$p(1 - p)$")
    ax.scatter(p_data, weight_data, s=14, marker=MARKERS[1], facecolors="none",
               edgecolors=COLORS["orange"], linewidths=0.8, label="tumors at the fit",
               zorder=3)
    ax.set_xlabel(r"fitted probability $p^{(i)}$")
    ax.set_ylabel(r"curvature weight $W_{ii} = p^{(i)}(1 - p^{(i)})$")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom=0.0)
    ax.legend(loc="lower center")
    ax_hist.hist(p_data, bins=np.linspace(0.0, 1.0, 21), color=COLORS["sky"],
                 edgecolor=COLORS["black"], hatch="//", linewidth=0.6)
    ax_hist.set_xlabel(r"fitted probability $p^{(i)}$")
    ax_hist.set_ylabel("number of tumors")
    ax_hist.set_xlim(0.0, 1.0)
    return fig
