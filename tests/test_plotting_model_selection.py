"""Tests of chapter 5's validation-curve figure (logreg_lib.plotting.model_selection)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from logreg_lib.plotting.model_selection import plot_validation_curve  # noqa: E402

ALPHAS = np.array([1e-1, 1e-2, 1e-3])
MEAN = np.array([0.30, 0.10, 0.20])
SD = np.array([0.01, 0.02, 0.05])


def test_curve_band_and_chosen_line_carry_the_data():
    fig = plot_validation_curve(ALPHAS, MEAN, SD, chosen_alpha=1e-2)
    try:
        (ax,) = fig.axes
        curve = [line for line in ax.lines if line.get_marker() == "o"][0]
        x, y = curve.get_data()
        np.testing.assert_allclose(x, ALPHAS)
        np.testing.assert_allclose(y, MEAN)
        # the band spans mean - sd to mean + sd
        band = ax.collections[0].get_paths()[0].vertices[:, 1]
        assert band.min() == pytest.approx((MEAN - SD).min())
        assert band.max() == pytest.approx((MEAN + SD).max())
        vline = [line for line in ax.lines if line.get_linestyle() == "--"][0]
        assert vline.get_xdata()[0] == pytest.approx(1e-2)
        assert ax.get_xscale() == "log"
        lo, hi = ax.get_xlim()
        assert lo > hi  # alpha decreases to the right
    finally:
        plt.close(fig)


def test_second_panel_shows_the_l1_counts():
    counts = np.array([2, 9, 15])
    fig = plot_validation_curve(ALPHAS, MEAN, SD, 1e-2, n_nonzero=(ALPHAS, counts))
    try:
        assert len(fig.axes) == 2
        x, y = fig.axes[1].lines[0].get_data()
        np.testing.assert_allclose(y, counts)
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"alphas": ALPHAS[:2]}, "same length"),
        ({"alphas": -ALPHAS}, "positive"),
        ({"sd_loss": -SD}, "non-negative"),
        ({"mean_loss": np.array([0.1, np.nan, 0.2])}, "NaN"),
        ({"chosen_alpha": 0.5}, "not one of alphas"),
        ({"n_nonzero": (ALPHAS, [1, 2])}, "equal lengths"),
    ],
)
def test_bad_input_is_named(kwargs, match):
    args = {"alphas": ALPHAS, "mean_loss": MEAN, "sd_loss": SD, "chosen_alpha": 1e-2}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        plot_validation_curve(**args)
