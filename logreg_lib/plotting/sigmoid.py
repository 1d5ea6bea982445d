r"""Figures of Chapter 2 ("What is a logistic regression?").

The sigmoid and its derivative, the hyperplane boundary of a two-feature model with its
probability contours, the stability of the logistic 0.5 crossing next to a least-squares
line when one extreme case is added, and the log-odds view that gives the model its name.
Every curve is computed by ``logreg_lib`` (:func:`~logreg_lib.links.sigmoid`,
:func:`~logreg_lib.links.logit`, a fitted model's ``predict_proba``); these functions
only draw.
"""

import numpy as np

from ..links import logit, sigmoid
from .style import COLORS, GREY, LINESTYLES, MARKERS, new_figure

__all__ = [
    "plot_sigmoid",
    "plot_decision_boundary_2d",
    "plot_robust_boundary",
    "plot_log_odds",
]


def plot_sigmoid(z_max=8.0, num=401):
    r"""The sigmoid with its tangent at 0 (left) and its derivative (right).

    Chapter 2, the sigmoid's properties: range :math:`(0, 1)`, the symmetry point
    :math:`(0, 1/2)`, the steepest slope :math:`1/4` at :math:`z = 0`, saturation for
    large :math:`|z|`, and :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`.

    Parameters
    ----------
    z_max : float, default=8.0
        The horizontal axis runs over :math:`[-z_{\max}, z_{\max}]`.
    num : int, default=401
        Number of grid points.

    Returns
    -------
    fig : matplotlib Figure
    axes : ndarray of two matplotlib Axes
    """
    z = np.linspace(-z_max, z_max, num)
    p = sigmoid(z)
    fig, axes = new_figure(ncols=2, height=3.8)
    ax = axes[0]
    ax.axhline(0.0, color=GREY, lw=1.0, ls=LINESTYLES[3])
    ax.axhline(1.0, color=GREY, lw=1.0, ls=LINESTYLES[3], label="saturation levels 0 and 1")
    ax.plot(z, p, color=COLORS["blue"], ls=LINESTYLES[0], label=r"$\sigma(z)$")
    near = np.abs(z) <= 2.5
    ax.plot(z[near], 0.5 + z[near] / 4.0, color=COLORS["vermillion"], ls=LINESTYLES[1],
            label=r"tangent at 0: $\frac{1}{2} + \frac{z}{4}$")
    ax.plot([0.0], [0.5], marker=MARKERS[0], color=COLORS["black"], ls="none",
            label=r"center of symmetry $(0, \frac{1}{2})$")
    ax.set_xlabel(r"linear score $z$ (log-odds)")
    ax.set_ylabel(r"probability $p = \sigma(z)$")
    ax.set_ylim(-0.08, 1.12)
    ax.set_title("The sigmoid squeezes any score into (0, 1)")
    ax.legend(loc="upper left", fontsize=9)

    ax = axes[1]
    ax.plot(z, p * (1.0 - p), color=COLORS["green"], ls=LINESTYLES[0],
            label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
    ax.axhline(0.25, color=COLORS["vermillion"], ls=LINESTYLES[1], lw=1.2,
               label=r"maximum slope $\frac{1}{4}$ at $z = 0$")
    ax.set_xlabel(r"linear score $z$ (log-odds)")
    ax.set_ylabel(r"slope $\sigma'(z)$")
    ax.set_ylim(0.0, 0.3)
    ax.set_title("Its slope peaks at 0 and dies out in the tails")
    ax.legend(loc="upper left", fontsize=9)
    return fig, axes


def plot_decision_boundary_2d(model, X, y, axis_labels, levels=(0.1, 0.25, 0.75, 0.9),
                              class_names=("benign", "malignant")):
    r"""Two features, the fitted line :math:`\beta_0 + \beta_1 x_1 + \beta_2 x_2 = 0` and
    probability contours.

    Chapter 2, "the decision boundary is a hyperplane": in two dimensions the set
    :math:`p(\mathbf x) = 1/2` is a straight line, and every other level
    :math:`p = \tau` is a parallel line :math:`z = \operatorname{logit}(\tau)`.

    Parameters
    ----------
    model : fitted LogisticRegression
        A binary model with two features (``coef_`` of shape (2,), ``intercept_``,
        ``predict_proba``).
    X : array_like of shape (n_samples, 2)
        The two features.
    y : array_like of shape (n_samples,)
        Labels coded 0/1.
    axis_labels : sequence of two str
        Names (with units) of the two features, for the axes.
    levels : sequence of float, default=(0.1, 0.25, 0.75, 0.9)
        Probabilities at which dashed contours are drawn (0.5 is always drawn solid).
    class_names : sequence of two str, default=("benign", "malignant")
        Legend names of the labels 0 and 1.

    Returns
    -------
    fig : matplotlib Figure
    ax : matplotlib Axes
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    fig, ax = new_figure(width=6.8, height=5.0)
    styles = [(COLORS["blue"], MARKERS[0]), (COLORS["vermillion"], MARKERS[2])]
    for label, (color, marker) in enumerate(styles):
        sel = y == label
        ax.scatter(X[sel, 0], X[sel, 1], s=16, color=color, marker=marker, alpha=0.55,
                   edgecolors="none", label=f"{class_names[label]} (y = {label})")
    pad0 = 0.05 * np.ptp(X[:, 0])
    pad1 = 0.05 * np.ptp(X[:, 1])
    x0 = np.linspace(X[:, 0].min() - pad0, X[:, 0].max() + pad0, 200)
    x1 = np.linspace(X[:, 1].min() - pad1, X[:, 1].max() + pad1, 200)
    g0, g1 = np.meshgrid(x0, x1)
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    names = getattr(model, "feature_names_in_", None)
    if names is not None:  # a model fitted on a DataFrame is asked with the same columns
        import pandas as pd

        grid = pd.DataFrame(grid, columns=names)
    prob = model.predict_proba(grid)[:, 1].reshape(g0.shape)
    cs = ax.contour(g0, g1, prob, levels=sorted(levels), colors=GREY, linewidths=1.0,
                    linestyles="dashed")
    ax.clabel(cs, fmt=lambda v: f"p = {v:.2f}", fontsize=8, inline=True)
    b0 = float(model.intercept_)
    b1, b2 = (float(b) for b in model.coef_)
    ax.plot(x0, -(b0 + b1 * x0) / b2, color=COLORS["black"], ls=LINESTYLES[0], lw=2.2,
            label=r"boundary $\beta_0 + \beta_1 x_1 + \beta_2 x_2 = 0$ ($p = 0.5$)")
    ax.plot([], [], color=GREY, ls="dashed", lw=1.0, label=r"contours $p = \tau$")
    ax.set_xlim(x0[0], x0[-1])
    ax.set_ylim(x1[0], x1[-1])
    ax.set_xlabel(f"$x_1$: {axis_labels[0]}")
    ax.set_ylabel(f"$x_2$: {axis_labels[1]}")
    ax.legend(loc="upper right", fontsize=9, framealpha=0.9, frameon=True)
    return fig, ax


def plot_robust_boundary(x, y, x_extra, lpm_before, lpm_after, logistic_before,
                         logistic_after, feature_name="mean radius", units=""):
    r"""One extreme, correctly labeled case: the line's 0.5 crossing moves, the sigmoid's does not.

    Chapter 2, "a robust boundary" (the notes' second figure). Top: least-squares lines
    (:class:`~logreg_lib.linear_probability.LinearProbabilityModel`) before and after
    adding the case; bottom: logistic fits before and after. Vertical lines mark each
    model's 0.5 crossing; an inset magnifies the crossings.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        The one feature of the original data.
    y : array_like of shape (n_samples,)
        Labels coded 0/1.
    x_extra : float
        Feature value of the added case (labeled 1).
    lpm_before, lpm_after : fitted LinearProbabilityModel
        Fitted without and with the extra case.
    logistic_before, logistic_after : fitted LogisticRegression
        Fitted without and with the extra case.
    feature_name : str, default="mean radius"
        Horizontal axis label.
    units : str, default=""
        Appended to the axis label.

    Returns
    -------
    fig : matplotlib Figure
    axes : ndarray of two matplotlib Axes
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    grid = np.linspace(min(x.min(), x_extra) - 1.0, max(x.max(), x_extra) + 2.0, 600)
    fig, axes = new_figure(nrows=2, width=7.0, height=8.6, sharex=True)

    def crossing_logistic(model):
        return -float(model.intercept_) / float(model.coef_[0])

    panels = [
        (axes[0], "Least-squares line: the cut moves",
         [(lpm_before.predict_value(grid[:, None]), lpm_before.decision_boundary()),
          (lpm_after.predict_value(grid[:, None]), lpm_after.decision_boundary())],
         r"$h(x)$", "fitted line $h(x)$ / label $y$"),
        (axes[1], "Logistic curve: the cut stays",
         [(logistic_before.predict_proba(grid[:, None])[:, 1], crossing_logistic(logistic_before)),
          (logistic_after.predict_proba(grid[:, None])[:, 1], crossing_logistic(logistic_after))],
         r"$p(x)$", "probability $p(x)$ / label $y$"),
    ]
    for ax, title, curves, sym, ylabel in panels:
        ax.scatter(x[y == 0], y[y == 0], s=14, marker=MARKERS[0], color=COLORS["blue"],
                   alpha=0.35, edgecolors="none", label="benign (y = 0)")
        ax.scatter(x[y == 1], y[y == 1], s=14, marker=MARKERS[2], color=COLORS["vermillion"],
                   alpha=0.35, edgecolors="none", label="malignant (y = 1)")
        ax.scatter([x_extra], [1.0], s=110, marker=MARKERS[3], facecolors="none",
                   edgecolors=COLORS["black"], linewidths=1.8, label="added case")
        ax.axhline(0.5, color=GREY, lw=1.0, ls=LINESTYLES[3])
        inset = ax.inset_axes([0.52, 0.08, 0.44, 0.36])
        for k, ((values, cut), name) in enumerate(zip(curves, ("original data", "with added case"))):
            color = (COLORS["green"], COLORS["purple"])[k]
            ax.plot(grid, values, color=color, ls=LINESTYLES[k], label=f"{sym}, {name}")
            ax.axvline(cut, color=color, ls=LINESTYLES[k], lw=1.0)
            inset.plot(grid, values, color=color, ls=LINESTYLES[k])
            inset.axvline(cut, color=color, ls=LINESTYLES[k], lw=1.0)
        cuts = [c for _, c in curves]
        mid = 0.5 * (cuts[0] + cuts[1])
        inset.axhline(0.5, color=GREY, lw=1.0, ls=LINESTYLES[3])
        inset.set_xlim(mid - 1.2, mid + 1.2)
        inset.set_ylim(0.35, 0.65)
        inset.tick_params(labelsize=7)
        inset.set_title("zoom on the 0.5 crossing", fontsize=8)
        inset.grid(True, alpha=0.3)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_ylim(-0.25, 1.45)
        ax.legend(loc="upper left", fontsize=8.5, ncol=2)
    axes[1].set_xlabel(f"{feature_name}{units}")
    axes[1].tick_params(labelbottom=True)
    return fig, axes


def plot_log_odds(model, x, y, n_bins=10, feature_name="mean radius", units=""):
    r"""The same one-feature fit on the probability scale (left) and the log-odds scale (right).

    Chapter 2, "why it is called regression": :math:`p(x)` is an S-curve, but
    :math:`\operatorname{logit}(p(x)) = \beta_0 + \beta_1 x` is a straight line. Dots are
    the observed share of positives in quantile bins of ``x`` (and their log-odds, for
    bins whose share is neither 0 nor 1).

    Parameters
    ----------
    model : fitted LogisticRegression
        A binary model with one feature.
    x : array_like of shape (n_samples,)
        The feature.
    y : array_like of shape (n_samples,)
        Labels coded 0/1.
    n_bins : int, default=10
        Number of quantile bins for the observed shares.
    feature_name : str, default="mean radius"
        Horizontal axis label.
    units : str, default=""
        Appended to the axis label.

    Returns
    -------
    fig : matplotlib Figure
    axes : ndarray of two matplotlib Axes
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    grid = np.linspace(x.min(), x.max(), 400)
    p = model.predict_proba(grid[:, None])[:, 1]
    z = model.decision_function(grid[:, None])
    edges = np.quantile(x, np.linspace(0.0, 1.0, n_bins + 1))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, n_bins - 1)
    centers = np.array([x[which == b].mean() for b in range(n_bins)])
    shares = np.array([y[which == b].mean() for b in range(n_bins)])
    fig, axes = new_figure(ncols=2, height=3.8)
    ax = axes[0]
    ax.plot(grid, p, color=COLORS["blue"], ls=LINESTYLES[0], label=r"fitted $p(x) = \sigma(z)$")
    ax.plot(centers, shares, ls="none", marker=MARKERS[1], color=COLORS["orange"],
            markeredgecolor=COLORS["black"], label="observed share malignant (bins)")
    ax.set_ylabel(r"probability $p(x)$")
    ax.set_title("Probability scale: an S-curve")
    ax = axes[1]
    ax.plot(grid, z, color=COLORS["blue"], ls=LINESTYLES[0],
            label=r"fitted log-odds $\beta_0 + \beta_1 x$")
    inner = (shares > 0) & (shares < 1)
    ax.plot(centers[inner], logit(shares[inner]), ls="none", marker=MARKERS[1],
            color=COLORS["orange"], markeredgecolor=COLORS["black"],
            label="observed log-odds (bins)")
    ax.axhline(0.0, color=GREY, lw=1.0, ls=LINESTYLES[3])
    ax.set_ylabel(r"log-odds $\log\frac{p}{1-p}$")
    ax.set_title("Log-odds scale: a straight line")
    for ax in axes:
        ax.set_xlabel(f"{feature_name}{units}")
        ax.legend(loc="upper left", fontsize=9)
    return fig, axes
