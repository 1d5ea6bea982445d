"""Figures of chapter 5: separation, penalties and softmax regression.

Every function draws one figure in the house style (:mod:`logreg_lib.plotting.style`) and
returns it; the chapter's cell shows it. Classes are told apart by marker and hatching as
well as by color, so the figures read in greyscale and for color-blind readers.
"""

import numpy as np

from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = ["separation_divergence", "regularization_paths", "decision_regions"]

_CLASS_COLORS = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["vermillion"],
                 COLORS["purple"], COLORS["sky"]]
_HATCHES = ["", "//", "..", "\\\\", "xx", "oo"]


def _larger_text(fig, size=14):
    """Enlarge every text of a wide multi-panel figure, which pages show shrunk."""
    for ax in fig.axes:
        ax.title.set_fontsize(size + 1)
        ax.xaxis.label.set_fontsize(size)
        ax.yaxis.label.set_fontsize(size)
        ax.tick_params(labelsize=size - 2)
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_fontsize(size - 2)


def _scatter_classes(ax, X, codes, class_names):
    for k, name in enumerate(class_names):
        sel = codes == k
        ax.scatter(X[sel, 0], X[sel, 1], s=28, marker=MARKERS[k % len(MARKERS)],
                   color=_CLASS_COLORS[k % len(_CLASS_COLORS)], edgecolor="black",
                   linewidth=0.5, label=name, zorder=3)


def separation_divergence(X, y, direction, runs, feature_names=("x1", "x2"),
                          class_names=("y = 0", "y = 1")):
    r"""Separated data, and what gradient descent does on them (three panels).

    Left: the two classes in two features with the separating line
    :math:`d_0 + d_1 x_1 + d_2 x_2 = 0`. Middle: the coefficient norm
    :math:`\lVert\boldsymbol\beta\rVert_2` against the iteration. Right: the mean
    cross-entropy against the iteration. Both right-hand panels use logarithmic axes, on
    which the norm of a separated fit grows like a straight line (as :math:`\log t`) and
    its loss falls like :math:`1/t`, while an overlapping fit levels off.

    Parameters
    ----------
    X : array_like of shape (n_samples, 2)
        The two features drawn in the left panel.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    direction : array_like of shape (3,)
        Separating direction (intercept first), e.g. ``check_separation(...).direction``.
    runs : dict of str to dict
        Label of each run to a solver history with lists ``"coef"`` and ``"loss"``
        (``SolverResult.history``). The first run is the separated one.
    feature_names : tuple of str, default ("x1", "x2")
        Axis labels of the left panel (with units).
    class_names : tuple of str, default ("y = 0", "y = 1")
        Legend entries of the two classes.

    Returns
    -------
    fig : matplotlib Figure
    """
    X = np.asarray(X, dtype=float)
    codes = np.asarray(y).astype(int)
    d = np.asarray(direction, dtype=float)
    fig, axes = new_figure(ncols=3, width=15.0, height=5.0)
    ax = axes[0]
    _scatter_classes(ax, X, codes, class_names)
    x1 = np.linspace(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3, 200)
    if abs(d[2]) > 1e-12:
        ax.plot(x1, -(d[0] + d[1] * x1) / d[2], color=COLORS["black"], linestyle="--",
                linewidth=1.5, label="separating line")
    else:
        ax.axvline(-d[0] / d[1], color=COLORS["black"], linestyle="--", linewidth=1.5,
                   label="separating line")
    lo, hi = X[:, 1].min() - 0.4, X[:, 1].max() + 0.4
    ax.set_ylim(lo, hi)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_title("(a) the data")
    ax.legend(loc="best", fontsize=9)
    colors = [COLORS["vermillion"], COLORS["blue"], COLORS["green"], COLORS["purple"]]
    for i, (label, hist) in enumerate(runs.items()):
        coef = np.asarray(hist["coef"], dtype=float)
        loss = np.asarray(hist["loss"], dtype=float)
        it = np.arange(coef.shape[0])
        style = dict(color=colors[i % len(colors)], linestyle=LINESTYLES[i % len(LINESTYLES)],
                     label=label)
        axes[1].plot(it[1:], np.linalg.norm(coef, axis=1)[1:], **style)
        axes[2].plot(it[1:], loss[1:], **style)
    axes[1].set_xscale("log")
    axes[1].set_xlabel("iteration $t$ (log scale)")
    axes[1].set_ylabel(r"coefficient norm $\|\beta\|_2$")
    axes[1].set_title("(b) the coefficients")
    axes[1].legend(loc="upper left", fontsize=9)
    axes[2].set_xscale("log")
    axes[2].set_yscale("log")
    axes[2].set_xlabel("iteration $t$ (log scale)")
    axes[2].set_ylabel(r"mean cross-entropy $C(\beta)$ (log scale)")
    axes[2].set_title("(c) the loss")
    axes[2].legend(loc="lower left", fontsize=9)
    _larger_text(fig)
    return fig


def regularization_paths(paths, titles=None):
    r"""Coefficients against the penalty strength, one panel per path.

    Parameters
    ----------
    paths : list of RegularizationPath
        Results of :func:`logreg_lib.regularization.regularization_path`, e.g. one L2
        and one L1 path over the same ``alphas``.
    titles : list of str, optional
        One title per panel.

    Returns
    -------
    fig : matplotlib Figure

    Notes
    -----
    The horizontal axis is :math:`\alpha` on a logarithmic scale, decreasing to the
    right, so the penalty weakens from left to right and the curves move from the
    heavily shrunk fit toward the unpenalized one. Exact zeros (from an L1 part) lie on
    the dotted zero line.
    """
    n = len(paths)
    fig, axes = new_figure(ncols=n, width=5.6 * n, height=4.2, sharey=True)
    axes = np.atleast_1d(axes)
    for i, (ax, path) in enumerate(zip(axes, paths)):
        alphas = np.asarray(path.alphas, dtype=float)
        for j, name in enumerate(path.feature_names):
            ax.plot(alphas, path.coef[:, j], color=list(COLORS.values())[j % 6],
                    linestyle=LINESTYLES[j % len(LINESTYLES)],
                    marker=MARKERS[j % len(MARKERS)], markevery=max(1, len(alphas) // 8),
                    markersize=5, label=str(name))
        ax.axhline(0.0, color=COLORS["black"], linewidth=0.8, linestyle=":")
        ax.set_xscale("log")
        ax.invert_xaxis()
        ax.set_xlabel(r"penalty strength $\alpha$ (log scale, weaker to the right)")
        if i == 0:
            ax.set_ylabel(r"coefficient $\beta_j$ (log-odds per standard deviation)")
        if titles is not None:
            ax.set_title(titles[i])
    axes[0].legend(loc="best", fontsize=9)
    _larger_text(fig, size=13)
    return fig


def decision_regions(X, y, predictors, titles, feature_names=("x1", "x2"), class_names=None,
                     resolution=300):
    r"""Decision regions of several classifiers on the same two features, side by side.

    Parameters
    ----------
    X : array_like of shape (n_samples, 2)
        The two features.
    y : array_like of shape (n_samples,)
        Class codes 0, ..., K-1 (the markers of the points).
    predictors : list of callables
        Each maps an array of shape (n_points, 2) to predicted class codes in
        0, ..., K-1 (the same coding as ``y``).
    titles : list of str
        One title per panel.
    feature_names : tuple of str, default ("x1", "x2")
        Axis labels (with units).
    class_names : list of str, optional
        Legend entries, one per code; default "class 0", "class 1", ...
    resolution : int, default 300
        Grid points per axis.

    Returns
    -------
    fig : matplotlib Figure

    Notes
    -----
    Each region is filled with its class's color and hatching and outlined in black,
    and the points keep their class's marker, so that the panels read without color.
    """
    X = np.asarray(X, dtype=float)
    codes = np.asarray(y).astype(int)
    K = int(codes.max()) + 1
    if class_names is None:
        class_names = [f"class {k}" for k in range(K)]
    pad = 0.5
    g1 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution)
    g2 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution)
    G1, G2 = np.meshgrid(g1, g2)
    grid = np.column_stack([G1.ravel(), G2.ravel()])
    n = len(predictors)
    fig, axes = new_figure(ncols=n, width=5.0 * n, height=5.2, sharey=True)
    axes = np.atleast_1d(axes)
    levels = np.arange(K + 1) - 0.5
    for i, (ax, predict) in enumerate(zip(axes, predictors)):
        Z = np.asarray(predict(grid)).astype(int).reshape(G1.shape)
        ax.contourf(G1, G2, Z, levels=levels, colors=_CLASS_COLORS[:K], alpha=0.22,
                    hatches=_HATCHES[:K])
        ax.contour(G1, G2, Z, levels=levels[1:-1], colors=COLORS["black"], linewidths=1.2)
        _scatter_classes(ax, X, codes, class_names)
        ax.set_xlabel(feature_names[0])
        if i == 0:
            ax.set_ylabel(feature_names[1])
        ax.set_title(titles[i])
        ax.grid(False)
    axes[-1].legend(loc="upper right", fontsize=9, frameon=True)
    _larger_text(fig)
    return fig
