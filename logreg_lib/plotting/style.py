"""House style of the course's figures.

Colors are the Okabe–Ito palette, chosen to stay distinct for the common forms of color
blindness; every series also gets its own line style and marker so that a figure printed
in greyscale still reads.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["COLORS", "GREY", "LINESTYLES", "MARKERS", "SERIES", "apply_style", "new_figure",
           "series_color"]

#: Okabe–Ito colors, in the order series use them.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Grey of reference lines and annotations (matplotlib's grey level).
GREY = "0.45"

#: The order in which the evaluation and calibration figures color their series.
SERIES = ("blue", "vermillion", "green", "orange", "purple", "sky")


def series_color(k):
    """Color of the k-th series (cycling through :data:`SERIES`)."""
    return COLORS[SERIES[k % len(SERIES)]]


#: One line style per series, so greyscale prints stay readable.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1))]

#: One marker per series (filled circle, square, triangle, diamond, down-triangle, cross).
MARKERS = ["o", "s", "^", "D", "v", "X"]

_RC = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 6,
    "axes.prop_cycle": mpl.cycler(color=list(COLORS.values())[:6])
    + mpl.cycler(linestyle=LINESTYLES),
    "image.cmap": "cividis",
}


def apply_style():
    """Apply the course's matplotlib settings (called by :func:`new_figure`)."""
    mpl.rcParams.update(_RC)


def new_figure(ncols=1, nrows=1, width=None, height=None, **kwargs):
    """A figure with the house style applied.

    Parameters
    ----------
    ncols, nrows : int
        Grid of axes.
    width, height : float, optional
        Size in inches; by default 6.4 wide per two columns and 4.0 high per row.
    **kwargs
        Passed to ``matplotlib.pyplot.subplots``.

    Returns
    -------
    fig : matplotlib Figure
    axes : a matplotlib Axes, or an array of them when ``ncols * nrows > 1``
    """
    apply_style()
    if width is None:
        width = 6.4 if ncols == 1 else 5.0 * ncols
    if height is None:
        height = 4.0 * nrows
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=(width, height), **kwargs)
