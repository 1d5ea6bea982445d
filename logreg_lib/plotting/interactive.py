r"""Interactive explorations: move a slider instead of reading a table.

Three explorers, one per idea a reader grasps faster by moving it:

- :func:`explore_sigmoid`: the curve :math:`p = \sigma(\beta_0 + \beta_1 x)` under its two
  coefficients (Chapter 2, equation ``eq-sigmoid``);
- :func:`explore_probability_change`: what one unit of a feature with coefficient
  :math:`\beta` does to the probability, from a chosen baseline (Chapter 3);
- :func:`explore_cost_threshold`: the cost-based threshold
  :math:`\tau^* = c_{FP}/(c_{FP} + c_{FN})` and the confusion matrix it gives on data
  (Chapter 6).

Each draws one of two ways:

- **sliders** (ipywidgets) when widgets are switched on: with ``widgets=True``, after
  :func:`use_widgets`, or with the environment variable ``LOGREG_WIDGETS=1``. The
  student notebooks (``python -m coursework student-notebooks``) switch them on;
- **a still figure** otherwise, with the same picture at the given values and a one-line
  summary printed under it. This is what the book's website shows: the site needs no
  widget JavaScript (it works offline), and the printed text is rounded on purpose, free
  of memory addresses and widget ids, so nbval can compare it.

Every number comes from the library (:func:`~logreg_lib.links.sigmoid`,
:func:`~logreg_lib.interpretation.probability_change`,
:func:`~logreg_lib.thresholds.bayes_optimal_threshold`,
:func:`~logreg_lib.metrics.confusion_matrix`); this module only draws. The
``*_explorer`` functions build an explorer without showing it (for tests and custom
layouts); the ``explore_*`` functions show it.
"""

import os
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..interpretation import odds_ratio, probability_change, probability_change_linear
from ..links import logit, sigmoid
from ..metrics import confusion_matrix
from ..thresholds import bayes_optimal_threshold
from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = [
    "Explorer",
    "use_widgets",
    "widgets_enabled",
    "draw_sigmoid",
    "draw_probability_change",
    "draw_cost_threshold",
    "sigmoid_explorer",
    "probability_change_explorer",
    "cost_threshold_explorer",
    "explore_sigmoid",
    "explore_probability_change",
    "explore_cost_threshold",
]

_setting = {"widgets": None}  # None: follow LOGREG_WIDGETS


def use_widgets(on=True):
    """Switch the explorers' sliders on (``True``) or off; ``None`` follows ``LOGREG_WIDGETS``."""
    if on not in (True, False, None):
        raise ValueError(f"use_widgets() takes True, False or None, not {on!r}")
    _setting["widgets"] = on


def widgets_enabled():
    """Whether the explorers draw sliders: :func:`use_widgets`, else ``LOGREG_WIDGETS=1``."""
    if _setting["widgets"] is not None:
        return _setting["widgets"]
    return os.environ.get("LOGREG_WIDGETS", "") == "1"


@dataclass
class Explorer:
    """An exploration, built but not shown.

    Attributes
    ----------
    figure : matplotlib Figure or None
        The still figure at the starting values (``None`` in slider mode).
    summary : str
        One line that says in words what the figure shows at the starting values.
    widget : ipywidgets.Widget or None
        The sliders and their output area (slider mode only).
    update : callable
        ``update(**values)`` returns ``(figure, summary)`` for other slider values.
    """

    figure: Any
    summary: str
    widget: Any = None
    update: Callable = field(default=None, repr=False)


# ----------------------------------------------------------------------------- drawings


def draw_sigmoid(beta0, beta1, x_range=(-8.0, 8.0)):
    r"""The curve :math:`p(x) = \sigma(\beta_0 + \beta_1 x)` against the plain sigmoid.

    Chapter 2: :math:`\beta_1` sets the steepness (the slope at the crossing of
    :math:`p = 1/2` is :math:`\beta_1/4`) and the sign of the trend; :math:`\beta_0`
    shifts the crossing to :math:`x = -\beta_0/\beta_1`.

    Parameters
    ----------
    beta0, beta1 : float
        Intercept and slope of the score :math:`z = \beta_0 + \beta_1 x`.
    x_range : tuple of float, default=(-8.0, 8.0)
        Range of the feature axis.

    Returns
    -------
    fig : matplotlib Figure
    summary : str
        The crossing and the slope there, in words.

    Notes
    -----
    Implements equation ``eq-sigmoid`` of Chapter 2 with one feature; the tangent at the
    crossing has slope :math:`\sigma'(0)\,\beta_1 = \beta_1/4` (equation
    ``eq-ch2-sigmoid-derivative``).
    """
    beta0, beta1 = _finite(beta0, "beta0"), _finite(beta1, "beta1")
    x = np.linspace(x_range[0], x_range[1], 401)
    fig, ax = new_figure()
    ax.plot(x, sigmoid(x), color="0.55", linestyle=LINESTYLES[1], linewidth=1.5,
            label=r"$\sigma(x)$: $\beta_0 = 0$, $\beta_1 = 1$")
    ax.plot(x, sigmoid(beta0 + beta1 * x), color=COLORS["blue"], linestyle=LINESTYLES[0],
            label=rf"$\sigma({beta0:.2f} + {beta1:.2f}\,x)$")
    ax.axhline(0.5, color="0.75", linewidth=0.8)
    if beta1 != 0.0:
        x0 = -beta0 / beta1
        summary = (f"beta_0 = {beta0:.2f}, beta_1 = {beta1:.2f}: p = 0.5 at x = {x0:.2f}, "
                   f"where the slope is beta_1/4 = {beta1 / 4:.3f}")
        if x_range[0] <= x0 <= x_range[1]:
            half = 1.0 / max(abs(beta1), 0.25)  # a tangent segment of sensible length
            xt = np.array([x0 - half, x0 + half])
            ax.plot(xt, 0.5 + beta1 / 4 * (xt - x0), color=COLORS["vermillion"],
                    linestyle=LINESTYLES[2], linewidth=1.5, label=rf"tangent, slope $\beta_1/4 = {beta1 / 4:.3f}$")
            ax.plot([x0], [0.5], color=COLORS["vermillion"], marker=MARKERS[0], linestyle="none")
    else:
        summary = (f"beta_0 = {beta0:.2f}, beta_1 = 0.00: a flat curve, "
                   f"p = {float(sigmoid(beta0)):.3f} for every x")
    ax.set_xlim(*x_range)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("feature $x$")
    ax.set_ylabel(r"$p(x) = \sigma(\beta_0 + \beta_1 x)$")
    ax.set_title(rf"$\beta_0 = {beta0:.2f}$, $\beta_1 = {beta1:.2f}$")
    ax.legend(loc="upper left", fontsize=9)
    return fig, summary


def draw_probability_change(beta, baseline, dx=1.0):
    r"""One step :math:`\beta\,\Delta x` in log-odds from a chosen baseline probability.

    Chapter 3: left, the step on the sigmoid from :math:`z_0 = \operatorname{logit}(p_0)`
    to :math:`z_0 + \beta\Delta x`; right, the change :math:`\Delta p` against every
    baseline, exact and to first order, with the chosen baseline marked.

    Parameters
    ----------
    beta : float
        Coefficient of the feature.
    baseline : float
        Baseline probability :math:`p_0`, in (0, 1).
    dx : float, default=1.0
        Change of the feature.

    Returns
    -------
    fig : matplotlib Figure
    summary : str
        The odds ratio, the new probability and the change, in words.

    Notes
    -----
    With odds ratio :math:`r = e^{\beta\Delta x}`, the new probability is
    :math:`p_1 = r o_0/(1 + r o_0)` with :math:`o_0 = p_0/(1 - p_0)`, and the first-order
    change is :math:`p_0(1 - p_0)\beta\Delta x` (Chapter 3,
    :func:`~logreg_lib.interpretation.probability_change` and
    :func:`~logreg_lib.interpretation.probability_change_linear`).
    """
    beta, dx = _finite(beta, "beta"), _finite(dx, "dx")
    p0 = _finite(baseline, "baseline")
    if not 0.0 < p0 < 1.0:
        raise ValueError(f"baseline must be a probability strictly between 0 and 1, got {p0!r}")
    r = float(odds_ratio(beta * dx))
    dp = float(probability_change(p0, r))
    dp_lin = float(probability_change_linear(p0, beta, dx))
    p1 = p0 + dp
    z0 = float(logit(p0))

    fig, (left, right) = new_figure(ncols=2, height=3.8)
    z = np.linspace(min(-6.0, z0 + min(beta * dx, 0) - 1), max(6.0, z0 + max(beta * dx, 0) + 1), 400)
    left.plot(z, sigmoid(z), color=COLORS["black"], linewidth=1.5, label=r"$\sigma(z)$")
    left.plot([z0, z0 + beta * dx], [p0, p0], color=COLORS["blue"], linestyle=LINESTYLES[1])
    left.annotate("", xy=(z0 + beta * dx, p1), xytext=(z0 + beta * dx, p0),
                  arrowprops=dict(arrowstyle="->", color=COLORS["blue"], linewidth=1.8))
    left.plot([z0, z0 + beta * dx], [p0, p1], color=COLORS["blue"], marker=MARKERS[0], linestyle="none",
              label=rf"$p_0 = {p0:.2f} \to p_1 = {p1:.3f}$")
    left.set_xlabel("log-odds $z$")
    left.set_ylabel("probability $p$")
    left.set_ylim(-0.02, 1.02)
    left.set_title(rf"step $\beta\,\Delta x = {beta * dx:.2f}$ in log-odds")
    left.legend(loc="upper left", fontsize=9)

    grid = np.linspace(0.0, 1.0, 401)
    right.plot(grid, probability_change(grid, r), color=COLORS["blue"], linestyle=LINESTYLES[0],
               label=r"exact $\Delta p$")
    right.plot(grid, probability_change_linear(grid, beta, dx), color=COLORS["vermillion"],
               linestyle=LINESTYLES[1], label=r"linear $p(1-p)\,\beta\,\Delta x$")
    right.plot([p0], [dp], color=COLORS["black"], marker=MARKERS[1], linestyle="none",
               label=rf"at $p_0 = {p0:.2f}$: $\Delta p = {dp:.3f}$")
    right.axhline(0.0, color="0.75", linewidth=0.8)
    right.set_xlim(0, 1)
    right.set_xlabel("baseline probability $p_0$")
    right.set_ylabel(r"change of probability $\Delta p$")
    right.set_title(rf"odds ratio $r = e^{{\beta\Delta x}} = {r:.3f}$")
    right.legend(loc="best", fontsize=9)
    summary = (f"beta = {beta:.2f}, dx = {dx:g} (odds ratio {r:.3f}): from p = {p0:.2f} to "
               f"p = {p1:.3f}, a change of {dp:+.3f} (linear approximation {dp_lin:+.3f})")
    return fig, summary


def _costs_table(y_true, y_prob, cost_fp, cost_fn, thresholds):
    """Average cost per case of the rule ``p >= tau`` for every ``tau``."""
    y = np.asarray(y_true)
    p = np.asarray(y_prob, dtype=float)
    predicted = p[None, :] >= thresholds[:, None]
    fp = np.sum(predicted & (y[None, :] == 0), axis=1)
    fn = np.sum(~predicted & (y[None, :] == 1), axis=1)
    return (cost_fp * fp + cost_fn * fn) / len(y)


def draw_cost_threshold(y_true, y_prob, cost_fp, cost_fn):
    r"""The cost-based threshold on data, and the confusion matrix it gives.

    Chapter 6: left, the average cost per case of the rule :math:`\hat y = 1 \iff
    p \ge \tau` against :math:`\tau`, with the Bayes-optimal threshold
    :math:`\tau^* = c_{FP}/(c_{FP} + c_{FN})` marked; right, the confusion matrix at
    :math:`\tau^*` (rows: true class, columns: predicted class; 0 then 1).

    Parameters
    ----------
    y_true : array_like of shape (n,)
        True labels, 0 or 1.
    y_prob : array_like of shape (n,)
        Predicted probabilities of class 1.
    cost_fp, cost_fn : float
        Costs of a false positive and of a false negative (> 0).

    Returns
    -------
    fig : matplotlib Figure
    summary : str
        The threshold, the four counts and the total cost, in words.

    Notes
    -----
    Implements the cost-based threshold of Chapter 6
    (:func:`~logreg_lib.thresholds.bayes_optimal_threshold`); the confusion matrix is
    :func:`~logreg_lib.metrics.confusion_matrix`.
    """
    y = np.asarray(y_true)
    p = np.asarray(y_prob, dtype=float)
    if y.ndim != 1 or p.shape != y.shape:
        raise ValueError(f"y_true and y_prob must be 1-d of the same length, got shapes {y.shape} and {p.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true must hold the labels 0 and 1 only")
    if not (np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()):
        raise ValueError("y_prob must hold probabilities in [0, 1]")
    tau = float(bayes_optimal_threshold(cost_fp, cost_fn))
    (tn, fp), (fn, tp) = confusion_matrix(y, (p >= tau).astype(int), labels=[0, 1])
    total = cost_fp * fp + cost_fn * fn

    fig, (left, right) = new_figure(ncols=2, height=3.8)
    grid = np.linspace(0.0, 1.0, 201)
    left.plot(grid, _costs_table(y, p, cost_fp, cost_fn, grid), color=COLORS["blue"],
              linestyle=LINESTYLES[0], label="average cost per case")
    left.axvline(tau, color=COLORS["vermillion"], linestyle=LINESTYLES[2], linewidth=1.5,
                 label=rf"$\tau^* = {tau:.3f}$")
    left.axvline(0.5, color="0.6", linestyle=LINESTYLES[3], linewidth=1.2, label=r"$\tau = 0.5$")
    left.set_xlim(0, 1)
    left.set_ylim(bottom=0)
    left.set_xlabel(r"threshold $\tau$")
    left.set_ylabel("average cost per case")
    left.set_title(rf"$c_{{FP}} = {cost_fp:g}$, $c_{{FN}} = {cost_fn:g}$")
    left.legend(loc="best", fontsize=9)

    matrix = np.array([[tn, fp], [fn, tp]])
    right.imshow(matrix, cmap="cividis", vmin=0, vmax=max(int(matrix.max()), 1))
    right.grid(False)
    names = [["TN", "FP"], ["FN", "TP"]]
    for i in range(2):
        for j in range(2):
            dark = matrix[i, j] < 0.5 * matrix.max()
            right.text(j, i, f"{names[i][j]}\n{matrix[i, j]}", ha="center", va="center", fontsize=12,
                       color="white" if dark else "black")
    right.set_xticks([0, 1], ["predicted 0", "predicted 1"])
    right.set_yticks([0, 1], ["true 0", "true 1"])
    right.set_title(rf"confusion matrix at $\tau^* = {tau:.3f}$")
    summary = (f"c_FP = {cost_fp:g}, c_FN = {cost_fn:g}: threshold tau* = {tau:.3f}; "
               f"TN = {tn}, FP = {fp}, FN = {fn}, TP = {tp}; total cost {total:g}")
    return fig, summary


def _finite(value, name):
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


# ----------------------------------------------------------------------------- explorers


def _build(draw, sliders, values, widgets):
    """An :class:`Explorer`: a still figure, or sliders that redraw ``draw(**values)``."""
    if widgets is None:
        widgets = widgets_enabled()
    if widgets:
        try:
            import ipywidgets
        except ModuleNotFoundError:
            print("ipywidgets is not installed, so here is a still figure "
                  "(pip install ipywidgets for sliders)")
        else:
            return _slider_explorer(ipywidgets, draw, sliders, values)
    fig, summary = draw(**values)
    return Explorer(figure=fig, summary=summary, update=draw)


def _slider_explorer(ipywidgets, draw, sliders, values):
    controls = {}
    for name, (label, low, high, step) in sliders.items():
        controls[name] = ipywidgets.FloatSlider(
            value=values[name], min=low, max=high, step=step, description=label,
            continuous_update=False, readout_format=".2f",
            style={"description_width": "initial"})

    def redraw(**changed):
        fig, summary = draw(**{**values, **changed})
        _show(fig)
        print(summary)

    output = ipywidgets.interactive_output(redraw, controls)
    box = ipywidgets.VBox([ipywidgets.HBox(list(controls.values())), output])
    fig, summary = draw(**values)  # the summary at the starting values
    _close(fig)
    return Explorer(figure=None, summary=summary, widget=box, update=draw)


def _close(fig):
    import matplotlib.pyplot as plt

    plt.close(fig)


def _show(fig):
    """Display a figure once in IPython (and close it, so it is not shown twice)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ModuleNotFoundError:  # a plain Python session: the caller keeps the figure
        return
    if get_ipython() is not None:
        display(fig)
        _close(fig)


def _present(explorer):
    if explorer.widget is not None:
        from IPython.display import display

        display(explorer.widget)
    else:
        _show(explorer.figure)
        print(explorer.summary)


def sigmoid_explorer(beta0=0.0, beta1=1.0, *, widgets=None):
    r"""Build the explorer of :math:`\sigma(\beta_0 + \beta_1 x)` (see :func:`explore_sigmoid`)."""
    sliders = {"beta0": ("β₀ (intercept)", -6.0, 6.0, 0.1), "beta1": ("β₁ (slope)", -4.0, 4.0, 0.05)}
    return _build(draw_sigmoid, sliders, {"beta0": beta0, "beta1": beta1}, widgets)


def probability_change_explorer(beta=0.7, baseline=0.2, *, widgets=None):
    r"""Build the explorer of one unit's probability change (see :func:`explore_probability_change`)."""
    sliders = {"beta": ("β (coefficient)", -3.0, 3.0, 0.05),
               "baseline": ("baseline p₀", 0.01, 0.99, 0.01)}
    return _build(draw_probability_change, sliders, {"beta": beta, "baseline": baseline}, widgets)


def cost_threshold_explorer(y_true, y_prob, cost_fp=1.0, cost_fn=9.0, *, widgets=None):
    r"""Build the explorer of the cost-based threshold (see :func:`explore_cost_threshold`)."""
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)

    def draw(cost_fp, cost_fn):
        return draw_cost_threshold(y_true, y_prob, cost_fp, cost_fn)

    sliders = {"cost_fp": ("cost of a false positive", 0.5, 20.0, 0.5),
               "cost_fn": ("cost of a false negative", 0.5, 20.0, 0.5)}
    return _build(draw, sliders, {"cost_fp": cost_fp, "cost_fn": cost_fn}, widgets)


def explore_sigmoid(beta0=0.0, beta1=1.0, *, widgets=None):
    r"""Show how :math:`\beta_0` and :math:`\beta_1` shape :math:`p(x) = \sigma(\beta_0 + \beta_1 x)`.

    Chapter 2. Sliders for both coefficients where widgets are on (see the module's
    docstring), else the still figure of :func:`draw_sigmoid` at the given values and
    its summary line.

    Parameters
    ----------
    beta0, beta1 : float, default 0 and 1
        Starting values.
    widgets : bool, optional
        Force sliders (``True``) or the still figure (``False``); by default
        :func:`widgets_enabled` decides.

    Returns
    -------
    None
        The explorer is displayed; :func:`sigmoid_explorer` returns it instead.
    """
    _present(sigmoid_explorer(beta0, beta1, widgets=widgets))


def explore_probability_change(beta=0.7, baseline=0.2, *, widgets=None):
    r"""Show the probability change of one unit of a feature, from a chosen baseline.

    Chapter 3. Sliders for :math:`\beta` and the baseline :math:`p_0` where widgets are
    on, else the still figure of :func:`draw_probability_change` and its summary line.

    Parameters
    ----------
    beta : float, default 0.7
        Starting coefficient.
    baseline : float, default 0.2
        Starting baseline probability, in (0, 1).
    widgets : bool, optional
        Force sliders or the still figure; by default :func:`widgets_enabled` decides.

    Returns
    -------
    None
        The explorer is displayed; :func:`probability_change_explorer` returns it instead.
    """
    _present(probability_change_explorer(beta, baseline, widgets=widgets))


def explore_cost_threshold(y_true, y_prob, cost_fp=1.0, cost_fn=9.0, *, widgets=None):
    r"""Show the cost-based threshold on data and the confusion matrix it gives.

    Chapter 6. Sliders for the two costs where widgets are on, else the still figure of
    :func:`draw_cost_threshold` and its summary line.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        True labels, 0 or 1 (held-out data, say).
    y_prob : array_like of shape (n,)
        Predicted probabilities of class 1.
    cost_fp, cost_fn : float, default 1 and 9
        Starting costs of a false positive and a false negative.
    widgets : bool, optional
        Force sliders or the still figure; by default :func:`widgets_enabled` decides.

    Returns
    -------
    None
        The explorer is displayed; :func:`cost_threshold_explorer` returns it instead.
    """
    _present(cost_threshold_explorer(y_true, y_prob, cost_fp, cost_fn, widgets=widgets))
