r"""Figures of chapter 2's "Why this function?": latent errors and three links."""

import numpy as np
import scipy.stats

from ..glm import LINKS, latent_error_sd
from .style import COLORS, LINESTYLES, MARKERS, new_figure

__all__ = ["plot_latent_links"]

_NAMES = {"logit": "logistic (logit)", "probit": "normal (probit)",
          "cloglog": "Gumbel (cloglog)"}
_COLOR = {"logit": COLORS["blue"], "probit": COLORS["orange"], "cloglog": COLORS["green"]}
_STYLE = {"logit": LINESTYLES[0], "probit": LINESTYLES[1], "cloglog": LINESTYLES[2]}
_DIST = {"logit": scipy.stats.logistic, "probit": scipy.stats.norm,
         "cloglog": scipy.stats.gumbel_r}


def plot_latent_links(x, y, fits, n_bins=10, xlabel="x"):
    r"""Latent error densities (left) and the fitted probability curves of three links (right).

    Chapter 2, "Why this function?". Left: the densities of the standard logistic,
    normal and Gumbel errors, each rescaled to unit variance so that only their shapes
    differ (the Gumbel is skewed). Right: :math:`p(x) = g^{-1}(\beta_0 + \beta_1 x)`
    for each fitted link, with the observed share of positives in quantile bins of
    ``x``.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        The single feature.
    y : array_like of shape (n_samples,)
        Labels coded 0/1.
    fits : dict of str to BinaryGLMResult
        One fit per link name, each with an intercept and one feature.
    n_bins : int, default=10
        Number of quantile bins for the observed shares.
    xlabel : str, default="x"
        Horizontal axis label of the right panel.

    Returns
    -------
    fig : matplotlib Figure
    axes : ndarray of two matplotlib Axes

    Raises
    ------
    ValueError
        If a key of ``fits`` is not a link name or a fit does not have one feature.
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    for name, fit in fits.items():
        if name not in LINKS:
            raise ValueError(f"fits has key {name!r}; the links are {LINKS}.")
        if not (fit.fit_intercept and fit.coef.size == 2):
            raise ValueError(f"the {name} fit must have an intercept and one feature.")
    fig, axes = new_figure(ncols=2, height=3.8)

    ax = axes[0]
    u = np.linspace(-4.0, 4.0, 401)
    for k, name in enumerate(LINKS):
        dist, scale = _DIST[name], latent_error_sd(name)
        # the density of eps / sd(eps), centered at its mean
        mean = dist.mean() / scale
        ax.plot(u, scale * dist.pdf(scale * (u + mean)), color=_COLOR[name],
                ls=_STYLE[name], label=_NAMES[name])
    ax.set_xlabel(r"latent error $\varepsilon$ (standardized: mean 0, variance 1)")
    ax.set_ylabel("density")
    ax.set_title("Three error distributions")
    ax.legend(loc="upper left", fontsize=9)

    ax = axes[1]
    grid = np.linspace(x.min(), x.max(), 400)
    for name, fit in fits.items():
        ax.plot(grid, fit.predict_proba(grid[:, None]), color=_COLOR[name],
                ls=_STYLE[name], label=_NAMES[name])
    edges = np.quantile(x, np.linspace(0.0, 1.0, n_bins + 1))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, n_bins - 1)
    centers = np.array([x[which == b].mean() for b in range(n_bins)])
    shares = np.array([y[which == b].mean() for b in range(n_bins)])
    ax.plot(centers, shares, ls="none", marker=MARKERS[1], color=COLORS["purple"],
            markeredgecolor=COLORS["black"], label="observed share (bins)")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(r"fitted $P(Y = 1 \mid x)$")
    ax.set_title("Three fitted curves")
    ax.legend(loc="lower right", fontsize=9)
    return fig, axes
