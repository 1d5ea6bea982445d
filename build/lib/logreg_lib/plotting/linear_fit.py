r"""Figures of Chapter 1 ("Why not just use a regression?").

A least-squares line through 0/1 labels (:class:`~logreg_lib.linear_probability.LinearProbabilityModel`)
next to the logistic fit (:class:`~logreg_lib.model.LogisticRegression`), and a line
through made-up class codes 0, 1, 2. Every function takes data and *fitted* models (or
fitted values) and only draws: the math stays in the library.
"""

import numpy as np

from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = ["plot_linear_probability_fit", "plot_boundary_shift", "plot_class_codings"]

#: Color, marker and name of the two classes of a 0/1 label (negative first).
_CLASS_STYLE = (
    {"color": COLORS["blue"], "marker": MARKERS[0]},
    {"color": COLORS["vermillion"], "marker": MARKERS[2]},
)


def _jitter(n, scale, seed):
    """Seeded vertical jitter, so overlapping points become visible and figures reproduce."""
    return np.random.default_rng(seed).uniform(-scale, scale, size=n)


def _scatter_binary(ax, x, y, class_names, jitter, seed):
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y).ravel()
    offsets = _jitter(x.shape[0], jitter, seed)
    for label, style in zip((0, 1), _CLASS_STYLE):
        mask = y == label
        ax.scatter(x[mask], y[mask] + offsets[mask], s=14, alpha=0.45, linewidths=0,
                   color=style["color"], marker=style["marker"],
                   label=f"{class_names[label]} (y = {label})")


def _grid(x, extra=(), n=400, pad=0.05):
    values = np.concatenate([np.asarray(x, dtype=float).ravel(), np.asarray(extra, dtype=float).ravel()])
    lo, hi = values.min(), values.max()
    span = hi - lo
    return np.linspace(lo - pad * span, hi + pad * span, n)


def plot_linear_probability_fit(x, y, model, *, class_names=("benign", "malignant"), xlabel="x",
                                jitter=0.04, seed=0):
    r"""A least-squares line through 0/1 labels, with where it leaves :math:`[0, 1]`.

    Chapter 1, failure 1 ("no probabilistic meaning"). The labels are drawn at 0 and 1
    (with a small seeded vertical jitter so that overlapping points show), the fitted line
    :math:`h(x)` across the data, the bands where :math:`h(x) < 0` or :math:`h(x) > 1`
    hatched, and the cut where :math:`h(x)` crosses 0.5
    (:meth:`~logreg_lib.linear_probability.LinearProbabilityModel.decision_boundary`).

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, 1)
        The single feature.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    model : LinearProbabilityModel
        Fitted on ``x`` (one feature).
    class_names : tuple of str, default=("benign", "malignant")
        Names of the classes 0 and 1 for the legend.
    xlabel : str, default="x"
        Label of the horizontal axis (with its unit).
    jitter : float, default=0.04
        Half-width of the vertical jitter of the points (display only).
    seed : int, default=0
        Seed of the jitter.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=7.0, height=4.2)
    _scatter_binary(ax, x, y, class_names, jitter, seed)
    grid = _grid(x)
    h = model.predict_value(grid[:, None])
    ax.plot(grid, h, color=COLORS["black"], linestyle=LINESTYLES[0], label=r"least-squares line $h(x)$")
    ymin, ymax = min(h.min(), -0.1) - 0.1, max(h.max(), 1.1) + 0.1
    ax.axhspan(ymin, 0.0, facecolor="none", edgecolor=COLORS["black"], hatch="///", linewidth=0,
               alpha=0.35, label="not a probability ($h < 0$ or $h > 1$)")
    ax.axhspan(1.0, ymax, facecolor="none", edgecolor=COLORS["black"], hatch="///", linewidth=0, alpha=0.35)
    ax.axhline(0.5, color=COLORS["green"], linestyle=LINESTYLES[3], linewidth=1.2)
    cut = model.decision_boundary()
    ax.axvline(cut, color=COLORS["green"], linestyle=LINESTYLES[1], linewidth=1.5,
               label=f"cut $h(x) = 0.5$ at x = {cut:.2f}")
    ax.set_ylim(ymin, ymax)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(r"label $y$ and line value $h(x)$")
    ax.legend(loc="upper left", fontsize=9, frameon=True, facecolor="white", framealpha=0.95,
              edgecolor="none")
    return fig


def plot_boundary_shift(x, y, x_extra, y_extra, lpm_before, lpm_after, logit_before, logit_after,
                        logit_cuts, *, class_names=("benign", "malignant"), xlabel="x", jitter=0.04,
                        seed=0):
    r"""Two panels: the line's 0.5 cut moves after one extra point; the logistic boundary does not.

    Chapter 1, failure 2 ("no stable threshold"), and the bridge to Chapter 2. Left: the
    least-squares line before (solid) and after (dashed) adding the extra point, each with
    its 0.5 cut. Right: the logistic curve :math:`p(x)` before and after, each with its
    boundary :math:`p(x) = 0.5`. The extra point is drawn as a large black star.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, 1)
        The single feature of the original data.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    x_extra, y_extra : float
        The added sample.
    lpm_before, lpm_after : LinearProbabilityModel
        Fitted without and with the extra sample.
    logit_before, logit_after : LogisticRegression
        Fitted without and with the extra sample.
    logit_cuts : tuple of two floats
        The feature value where :math:`p(x) = 0.5` (the score :math:`z = 0`) before and
        after. The line's cuts come from
        :meth:`~logreg_lib.linear_probability.LinearProbabilityModel.decision_boundary`.
    class_names : tuple of str, default=("benign", "malignant")
        Names of the classes 0 and 1.
    xlabel : str, default="x"
        Label of the horizontal axes (with its unit).
    jitter : float, default=0.04
        Half-width of the vertical jitter of the points (display only).
    seed : int, default=0
        Seed of the jitter.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = new_figure(ncols=2, width=11.0, height=4.4, sharey=True)
    grid = _grid(x, extra=[x_extra], pad=0.03)
    panels = (
        (axes[0], "least-squares line", lambda m: m.predict_value(grid[:, None]),
         (lpm_before.decision_boundary(), lpm_after.decision_boundary()), r"$h(x)$",
         (lpm_before, lpm_after)),
        (axes[1], "logistic regression", lambda m: m.predict_proba(grid[:, None])[:, 1],
         tuple(logit_cuts), r"$p(x)$", (logit_before, logit_after)),
    )
    for ax, title, curve, cuts, symbol, models in panels:
        _scatter_binary(ax, x, y, class_names, jitter, seed)
        ax.scatter([x_extra], [y_extra], s=180, marker="*", color=COLORS["black"], zorder=5,
                   label=f"extra point (x = {x_extra:g}, y = {y_extra:g})")
        for k, (model, cut, when) in enumerate(zip(models, cuts, ("before", "after"))):
            color = (COLORS["black"], COLORS["purple"])[k]
            ax.plot(grid, curve(model), color=color, linestyle=LINESTYLES[k], label=f"{symbol} {when}")
            ax.axvline(cut, color=color, linestyle=LINESTYLES[k], linewidth=1.2,
                       label=f"cut {when}: x = {cut:.2f}")
        ax.axhline(0.5, color=COLORS["green"], linestyle=LINESTYLES[3], linewidth=1.0)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_xlim(grid[0], grid[-1])
        ax.legend(loc="lower right", fontsize=8.5)
    axes[0].set_ylim(-0.6, 1.6)
    axes[0].set_ylabel("label $y$, and $h(x)$ or $p(x)$")
    return fig


def plot_class_codings(x, labels, codings, grid, fitted_values, *, accuracies=None, xlabel="x",
                       jitter=0.06, seed=0):
    r"""One panel per numbering of three classes: the codes, the fitted line, the decoding cuts.

    Chapter 1, failure 3 ("multi-class mismatch"). In each panel the examples sit at the
    code their class received (with a small seeded vertical jitter), the least-squares
    line through those codes is drawn, and dotted horizontal lines at 0.5 and 1.5 mark
    where rounding to the nearest code switches class.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        The single feature.
    labels : array_like of shape (n_samples,)
        Class names.
    codings : list of dict
        One dict per panel, mapping each class name to its code (0, 1 or 2).
    grid : array_like of shape (n_grid,)
        Feature values at which the lines were evaluated.
    fitted_values : list of array_like of shape (n_grid,)
        The fitted line of each coding on ``grid``.
    accuracies : list of float, optional
        Accuracy of each coding's nearest-code rule, shown in the panel title.
    xlabel : str, default="x"
        Label of the horizontal axes (with its unit).
    jitter : float, default=0.06
        Half-width of the vertical jitter (display only).
    seed : int, default=0
        Seed of the jitter.

    Returns
    -------
    matplotlib.figure.Figure
    """
    x = np.asarray(x, dtype=float).ravel()
    labels = np.asarray(labels)
    grid = np.asarray(grid, dtype=float)
    names = sorted(codings[0])
    styles = {name: (list(COLORS.values())[i], MARKERS[i]) for i, name in enumerate(names)}
    offsets = _jitter(x.shape[0], jitter, seed)
    fig, axes = new_figure(ncols=len(codings), width=3.8 * len(codings), height=4.0, sharey=True)
    axes = np.atleast_1d(axes)
    for k, (ax, coding, line) in enumerate(zip(axes, codings, fitted_values)):
        for name in names:
            mask = labels == name
            color, marker = styles[name]
            ax.scatter(x[mask], coding[name] + offsets[mask], s=16, alpha=0.55, linewidths=0,
                       color=color, marker=marker, label=f"{name} = {coding[name]}")
        ax.plot(grid, line, color=COLORS["black"], linestyle=LINESTYLES[0], label="least-squares line")
        for cut in (0.5, 1.5):
            ax.axhline(cut, color=COLORS["black"], linestyle=LINESTYLES[3], linewidth=1.0)
        order = ", ".join(f"{name} = {coding[name]}" for name in sorted(coding, key=coding.get))
        title = f"({chr(ord('a') + k)}) {order}"
        if accuracies is not None:
            title += f"\naccuracy {accuracies[k]:.2f}"
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_yticks([0, 1, 2])
        ax.set_xlim(grid[0], grid[-1])
        ax.legend(loc="upper left", fontsize=8)
    axes[0].set_ylabel("class code and fitted value")
    axes[0].set_ylim(-0.6, 2.9)
    return fig
