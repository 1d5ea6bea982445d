"""Figures of chapter 5's model selection: the penalty strength chosen by cross-validation.

Every function draws one figure in the house style (:mod:`logreg_lib.plotting.style`) and
returns it; the chapter's cell shows it.
"""

import numpy as np

from .style import COLORS, new_figure

__all__ = ["plot_validation_curve"]


def _finite_vector(values, name):
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.shape[0] < 2:
        raise ValueError(f"{name} must be a 1-D array of at least two values, got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf.")
    return arr


def plot_validation_curve(alphas, mean_loss, sd_loss, chosen_alpha, n_nonzero=None,
                          ylabel="held-out mean cross-entropy"):
    r"""Cross-validated loss against the penalty strength, mean plus or minus one sd.

    Chapter 5, "Choosing the penalty by cross-validation".

    Parameters
    ----------
    alphas : array_like of shape (n_alphas,)
        Positive penalty strengths :math:`\alpha` of the grid.
    mean_loss, sd_loss : array_like of shape (n_alphas,)
        Mean and standard deviation over the folds of the held-out loss at each
        :math:`\alpha` (for example ``-cv_results_["mean_test_score"]`` and
        ``cv_results_["std_test_score"]`` of scikit-learn's ``GridSearchCV`` scored with
        ``"neg_log_loss"``).
    chosen_alpha : float
        The selected strength, marked by a vertical line; it must be one of ``alphas``.
    n_nonzero : tuple (alphas_path, counts), optional
        If given, a second panel shows ``counts`` (the number of nonzero coefficients of
        an L1 fit) against ``alphas_path``, with the same vertical line.
    ylabel : str, default="held-out mean cross-entropy"
        Label of the loss axis.

    Returns
    -------
    fig : matplotlib Figure

    Raises
    ------
    ValueError
        Arrays of different lengths, non-positive ``alphas``, negative ``sd_loss``,
        NaN or inf, or a ``chosen_alpha`` that is not on the grid.

    Notes
    -----
    The horizontal axis is :math:`\alpha` on a logarithmic scale, decreasing to the
    right as in :func:`~logreg_lib.plotting.multiclass.regularization_paths`: the model
    grows more flexible from left to right. The band is mean :math:`\pm` one standard
    deviation over the folds, a measure of how much the estimate varies from fold to
    fold (not a confidence interval: the folds share training data).
    """
    alphas = _finite_vector(alphas, "alphas")
    mean_loss = _finite_vector(mean_loss, "mean_loss")
    sd_loss = _finite_vector(sd_loss, "sd_loss")
    if not (alphas.shape == mean_loss.shape == sd_loss.shape):
        raise ValueError(f"alphas, mean_loss and sd_loss must have the same length, got "
                         f"{alphas.shape[0]}, {mean_loss.shape[0]} and {sd_loss.shape[0]}.")
    if np.any(alphas <= 0):
        raise ValueError("alphas must be positive (the axis is logarithmic).")
    if np.any(sd_loss < 0):
        raise ValueError("sd_loss must be non-negative.")
    if not np.any(np.isclose(alphas, chosen_alpha, rtol=1e-12, atol=0)):
        raise ValueError(f"chosen_alpha={chosen_alpha!r} is not one of alphas.")

    ncols = 1 if n_nonzero is None else 2
    fig, axes = new_figure(ncols=ncols, width=5.4 * ncols, height=4.0)
    axes = np.atleast_1d(axes)
    ax = axes[0]
    ax.fill_between(alphas, mean_loss - sd_loss, mean_loss + sd_loss,
                    color=COLORS["sky"], alpha=0.35, linewidth=0,
                    label="mean $\\pm$ 1 sd over folds")
    ax.plot(alphas, mean_loss, color=COLORS["blue"], marker="o", label="mean over folds")
    ax.set_ylabel(ylabel)
    ax.set_title("(a) cross-validated loss" if ncols == 2 else "cross-validated loss")
    if n_nonzero is not None:
        path_alphas = _finite_vector(n_nonzero[0], "n_nonzero[0]")
        counts = np.asarray(n_nonzero[1], dtype=float)
        if counts.shape != path_alphas.shape:
            raise ValueError("n_nonzero must be (alphas_path, counts) of equal lengths.")
        axes[1].step(path_alphas, counts, where="mid", color=COLORS["vermillion"])
        axes[1].set_ylabel("nonzero coefficients (L1)")
        axes[1].set_title("(b) features the L1 fit keeps")
    for a in axes:
        a.axvline(chosen_alpha, color=COLORS["black"], linestyle="--", linewidth=1.2,
                  label=f"chosen $\\alpha$ = {chosen_alpha:.2g}")
        a.set_xscale("log")
        a.invert_xaxis()
        a.set_xlabel(r"penalty strength $\alpha$ (log scale, weaker to the right)")
    axes[0].legend(loc="best", fontsize=9)
    return fig
