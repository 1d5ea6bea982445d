"""The interactive explorations (logreg_lib.plotting.interactive).

The drawings are checked against independent formulas and scikit-learn; the explorers in
both modes (still figure, sliders); and, in a real kernel, that the still mode leaves
nbval-stable text (no address, no widget id) and no widget output or widget state, so the
site needs no widget JavaScript.
"""

import json
import os
import re

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from logreg_lib.plotting import interactive  # noqa: E402


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.delenv("LOGREG_WIDGETS", raising=False)
    interactive.use_widgets(None)
    yield
    interactive.use_widgets(None)
    plt.close("all")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ----------------------------------------------------------------------------- drawings


def test_sigmoid_drawing_matches_the_formula():
    fig, summary = interactive.draw_sigmoid(-2.0, 1.5)
    curve = fig.axes[0].lines[1]
    x, y = curve.get_xdata(), curve.get_ydata()
    np.testing.assert_allclose(y, _sigmoid(-2.0 + 1.5 * x), rtol=1e-12)
    assert summary == "beta_0 = -2.00, beta_1 = 1.50: p = 0.5 at x = 1.33, where the slope is beta_1/4 = 0.375"
    # the marked crossing is at p = 1/2 and the tangent has slope beta_1 / 4
    tangent, point = fig.axes[0].lines[3], fig.axes[0].lines[4]
    assert point.get_xdata()[0] == pytest.approx(2.0 / 1.5) and point.get_ydata()[0] == 0.5
    (x0, x1), (y0, y1) = tangent.get_xdata(), tangent.get_ydata()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(1.5 / 4)


def test_sigmoid_drawing_flat_and_bad_input():
    _, summary = interactive.draw_sigmoid(1.0, 0.0)
    assert summary.endswith(f"p = {_sigmoid(1.0):.3f} for every x")
    with pytest.raises(ValueError, match="beta1 must be a finite number"):
        interactive.draw_sigmoid(0.0, np.inf)


def test_probability_change_matches_the_sigmoid_step():
    beta, p0 = 0.7, 0.2
    fig, summary = interactive.draw_probability_change(beta, p0)
    p1 = _sigmoid(np.log(p0 / (1 - p0)) + beta)  # one step of beta in log-odds
    assert f"to p = {p1:.3f}" in summary and f"change of {p1 - p0:+.3f}" in summary
    assert f"odds ratio {np.exp(beta):.3f}" in summary
    assert f"linear approximation {p0 * (1 - p0) * beta:+.3f}" in summary
    marked = fig.axes[1].lines[2]
    assert marked.get_xdata()[0] == p0 and marked.get_ydata()[0] == pytest.approx(p1 - p0)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        interactive.draw_probability_change(0.7, 1.0)


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, n)
    y = (rng.uniform(0, 1, n) < p).astype(int)  # calibrated probabilities
    return y, p


def test_cost_threshold_against_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    y, p = _data()
    fig, summary = interactive.draw_cost_threshold(y, p, 1.0, 4.0)
    tau = 1.0 / 5.0
    (tn, fp), (fn, tp) = metrics.confusion_matrix(y, (p >= tau).astype(int), labels=[0, 1])
    assert summary == (f"c_FP = 1, c_FN = 4: threshold tau* = 0.200; "
                       f"TN = {tn}, FP = {fp}, FN = {fn}, TP = {tp}; total cost {fp + 4 * fn:g}")
    shown = fig.axes[1].images[0].get_array()
    np.testing.assert_array_equal(shown, [[tn, fp], [fn, tp]])
    # the cost curve: average cost per case of "p >= tau"; on calibrated data its
    # minimum lies near tau* (the sampling noise of 400 cases allows a little slack)
    curve = fig.axes[0].lines[0]
    grid, cost = curve.get_xdata(), curve.get_ydata()
    i = np.argmin(np.abs(grid - tau))
    assert cost[i] == pytest.approx((fp + 4 * fn) / len(y))
    assert abs(grid[np.argmin(cost)] - tau) < 0.1


@pytest.mark.parametrize("y, p, message", [
    ([0, 1, 2], [0.1, 0.2, 0.3], "labels 0 and 1"),
    ([0, 1], [0.1, 1.2], "probabilities in"),
    ([0, 1], [0.1], "same length"),
])
def test_cost_threshold_bad_input(y, p, message):
    with pytest.raises(ValueError, match=message):
        interactive.draw_cost_threshold(y, p, 1.0, 1.0)


def test_cost_threshold_bad_costs():
    y, p = _data(20)
    with pytest.raises(ValueError):
        interactive.draw_cost_threshold(y, p, 0.0, 1.0)


# ----------------------------------------------------------------------------- explorers


def test_still_mode_is_the_default():
    assert not interactive.widgets_enabled()
    explorer = interactive.sigmoid_explorer(-2.0, 1.5)
    assert explorer.widget is None and explorer.figure is not None
    assert explorer.summary == interactive.draw_sigmoid(-2.0, 1.5)[1]


def test_switches(monkeypatch):
    monkeypatch.setenv("LOGREG_WIDGETS", "1")
    assert interactive.widgets_enabled()
    interactive.use_widgets(False)
    assert not interactive.widgets_enabled()
    with pytest.raises(ValueError, match="True, False or None"):
        interactive.use_widgets("yes")


def test_slider_mode_redraws_on_a_change(capsys):
    ipywidgets = pytest.importorskip("ipywidgets")
    y, p = _data()
    for build, values, name, new in [
        (interactive.sigmoid_explorer, (-2.0, 1.5), "beta1", 0.5),
        (interactive.probability_change_explorer, (0.7, 0.2), "baseline", 0.5),
        (lambda a, b, widgets: interactive.cost_threshold_explorer(y, p, a, b, widgets=widgets),
         (1.0, 9.0), "cost_fn", 3.0),
    ]:
        explorer = build(*values, widgets=True)
        assert isinstance(explorer.widget, ipywidgets.VBox) and explorer.figure is None
        sliders = explorer.widget.children[0].children
        assert len(sliders) == 2 and all(s.min <= s.value <= s.max for s in sliders)
        capsys.readouterr()
        slider = next(s for s in sliders if s.description.startswith(
            {"beta1": "β₁", "baseline": "baseline", "cost_fn": "cost of a false negative"}[name]))
        slider.value = new
        printed = capsys.readouterr().out
        others = {n: s.value for n, s in zip(_names(build), sliders)}
        assert explorer.update(**others)[1] in printed


def _names(build):
    if build is interactive.sigmoid_explorer:
        return ["beta0", "beta1"]
    if build is interactive.probability_change_explorer:
        return ["beta", "baseline"]
    return ["cost_fp", "cost_fn"]


def test_without_ipywidgets_a_still_figure_and_a_note(monkeypatch, capsys):
    monkeypatch.setitem(__import__("sys").modules, "ipywidgets", None)
    explorer = interactive.sigmoid_explorer(widgets=True)
    assert explorer.widget is None and explorer.figure is not None
    assert "ipywidgets is not installed" in capsys.readouterr().out


# ----------------------------------------------------------------------------- in a kernel

CELLS = [
    "import numpy as np\nfrom logreg_lib.plotting import interactive",
    "interactive.explore_sigmoid(beta0=-2.0, beta1=1.5)",
    "interactive.explore_probability_change(beta=0.7, baseline=0.2)",
    "rng = np.random.default_rng(0)\np = rng.uniform(0, 1, 200)\ny = (rng.uniform(0, 1, 200) < p).astype(int)\n"
    "interactive.explore_cost_threshold(y, p, cost_fp=1.0, cost_fn=9.0)",
]


def _run(cells, env_extra=None):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "LOGREG_WIDGETS")}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(env_extra or {})
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute(env=env)
    return nb


def test_site_mode_in_a_kernel_is_nbval_stable_and_widget_free():
    nb = _run(CELLS)
    for cell in nb.cells[1:]:
        kinds = [set(o.get("data", {})) for o in cell.outputs if o["output_type"] == "display_data"]
        assert any("image/png" in k for k in kinds), "no figure shown"
        assert not any(m.startswith("application/vnd.jupyter.widget") for k in kinds for m in k)
        text = json.dumps([o for o in cell.outputs if o["output_type"] != "display_data"]) + json.dumps(
            [o["data"].get("text/plain") for o in cell.outputs if o["output_type"] == "display_data"])
        assert not re.search(r"0x[0-9a-f]{6,}|model_id", text), text
        assert sum(o["output_type"] == "display_data" for o in cell.outputs) == 1, "a figure shown twice"
    printed = "".join(o.get("text", "") for o in nb.cells[1].outputs if o["output_type"] == "stream")
    assert printed.strip() == interactive.draw_sigmoid(-2.0, 1.5)[1]
    assert "widgets" not in nb.metadata


def test_slider_mode_in_a_kernel():
    pytest.importorskip("ipywidgets")
    nb = _run(CELLS, {"LOGREG_WIDGETS": "1"})
    for cell in nb.cells[1:]:
        kinds = [set(o.get("data", {})) for o in cell.outputs if o["output_type"] == "display_data"]
        assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds)
