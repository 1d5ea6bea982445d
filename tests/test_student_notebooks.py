"""The chapters' student notebooks (``python -m coursework student-notebooks``).

Each chapter's student notebook must run top to bottom in a fresh kernel in which
``import myst_nb`` fails (a ``sitecustomize`` on the kernel's PYTHONPATH blocks it, and the
test proves the block was in force), and must hold no assertion and no solution text.
What a solution says is read from the chapter notebook itself: the ``{solution}`` blocks
and everything between ``{solution-start}`` and ``{solution-end}``; the check counts them,
so it cannot pass by finding none.
"""

import ast
import json
import os
import re
import subprocess
import sys

import pytest

from coursework import student_notebooks as sn

CHAPTERS = sn.chapter_paths()

BLOCKER = '''\
import sys


class _BlockMystNb:
    """Make ``import myst_nb`` fail, as on Colab or a bare JupyterHub."""

    def find_spec(self, name, path=None, target=None):
        if name == "myst_nb" or name.startswith("myst_nb."):
            raise ModuleNotFoundError("No module named 'myst_nb' (blocked by the test)", name=name)
        return None


sys.meta_path.insert(0, _BlockMystNb())
'''

PROOF = (
    "try:\n"
    "    import myst_nb\n"
    "    print('myst_nb importable')\n"
    "except ModuleNotFoundError:\n"
    "    print('myst_nb blocked')\n"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("student-notebooks")
    paths = sn.generate(out)
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    shim = tmp_path_factory.mktemp("block-myst-nb")
    (shim / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "PYTHONPATH")}
    # the shim, and this checkout's logreg_lib (as in the README's editable install)
    env["PYTHONPATH"] = os.pathsep.join([str(shim), str(sn.ROOT)])
    return env


def code_cells(notebook):
    return [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]


def all_text(notebook):
    return "\n".join(c["source"] for c in notebook["cells"])


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def solution_texts(path):
    """``(solution texts, the chapter's text outside solutions)`` of a chapter notebook."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    solutions, outside, gated = [], [], False
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            (solutions if gated else outside).append(source)
            continue
        lines, i, kept = source.split("\n"), 0, []
        while i < len(lines):
            m = re.match(r"^\s*(`{3,}|:{3,})\{(solution|solution-start|solution-end)\}", lines[i])
            if not m:
                (solutions if gated else kept).append(lines[i])
                i += 1
                continue
            close = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == m.group(1))
            if m.group(2) == "solution":
                solutions.append("\n".join(lines[i + 1 : close]))
            else:
                gated = m.group(2) == "solution-start"
            i = close + 1
        outside.append("\n".join(kept))
    return solutions, squash("\n".join(outside))


def fragments(text, shortest=30):
    """Sentences and code lines long enough to be telling, without MyST markup."""
    pieces = []
    for line in text.splitlines():
        if line.strip().startswith(":") or "{glue" in line or "{eq}" in line or "{numref}" in line:
            continue  # options, and lines whose markup the converter rewrites
        pieces += re.split(r"(?<=[.!?;:])\s+", line)
    return {squash(p) for p in pieces if len(squash(p)) >= shortest and "`" not in p}


# ----------------------------------------------------------------------------- the Done-when


@pytest.mark.book  # executes every chapter: left out of the quick `-m "not book"` loop
@pytest.mark.parametrize("chapter", [p.name for p in CHAPTERS])
def test_student_notebook_runs_without_myst_nb(chapter, generated, kernel_env, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.from_dict(generated[chapter])
    notebook.cells.append(nbformat.v4.new_code_cell(PROOF))
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=kernel_env)  # raises CellExecutionError on the first failing cell
    proof = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    assert proof.strip() == "myst_nb blocked", f"the kernel could import myst_nb: {proof!r}"
    ready = "".join(o.get("text", "") for o in notebook.cells[1].outputs)
    assert "logreg_lib is ready" in ready


def test_every_chapter_has_a_student_notebook(generated):
    assert len(CHAPTERS) == 6
    assert sorted(generated) == sorted(p.name for p in CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_no_assertion_and_no_solution_text(chapter, generated):
    notebook = generated[chapter.name]
    for source in code_cells(notebook):
        tree = ast.parse(source)
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Assert)], f"an assertion in:\n{source}"
    solutions, outside = solution_texts(chapter)
    assert solutions, f"{chapter.name}: no solution found in the chapter, so this check would miss leaks"
    text = squash(all_text(notebook))
    telling = set()
    for solution in solutions:
        telling |= {f for f in fragments(solution) if f not in outside}
    assert telling, f"{chapter.name}: the solutions have no sentence of their own to look for"
    leaks = sorted(f for f in telling if f in text)
    assert not leaks, f"{chapter.name}: solution text in the student notebook: {leaks[:5]}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_student_notebook_shape(chapter, generated):
    notebook = generated[chapter.name]
    source = json.loads(chapter.read_text(encoding="utf-8"))
    text = all_text(notebook)
    assert not re.search(r"^\s*(from|import)\s+myst_nb", "\n".join(code_cells(notebook)), re.M)
    # an exercise keeps its text and gets an answer cell pair
    exercises = sum(len(re.findall(r"^\s*`{3,}\{exercise\}", "".join(c["source"]), re.M))
                    for c in source["cells"] if c["cell_type"] == "markdown")
    answers = [c for c in notebook["cells"] if c["metadata"].get(sn.MARKER) == "answer"]
    assert exercises and len(answers) == 2 * exercises
    assert text.count("**Exercise") == exercises
    # outputs cleared, no tags, the install cell first among the code cells
    for cell in notebook["cells"]:
        assert set(cell["metadata"]) <= {sn.MARKER}
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert notebook["cells"][1]["metadata"][sn.MARKER] == "install"
    # the prose is plain Markdown: no MyST role or directive left, numbers filled in
    assert not re.search(r"(?<![\\^_\w])\{[a-z][\w:-]*\}`", text), "a MyST role survived"
    assert not re.search(r"^\s*(`{3,}|:{3,})\{", text, re.M), "a MyST directive survived"
    # no path of the machine that generated it
    assert str(sn.ROOT) not in json.dumps(notebook)


def test_glued_numbers_are_filled_in(generated):
    """Chapter 2 glues the number of tumors; the student text shows it."""
    text = "\n".join(c["source"] for c in generated["02_logistic_model.ipynb"]["cells"]
                     if c["cell_type"] == "markdown")
    values = sn.glued_values(json.loads(CHAPTERS[1].read_text(encoding="utf-8")))
    assert values["ch2_n_tumors"] == "569"
    assert "the 569" in text and "ch2_n_tumors" not in text


# ----------------------------------------------------------------------------- the install cell


def _run_install_cell(source, tmp_path):
    """Run an install cell where logreg_lib cannot be imported; return the process."""
    script = tmp_path / "cell.py"
    script.write_text(
        "import importlib.util\n"
        "_real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'logreg_lib' else _real(name, *a)\n"
        + source + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, text=True, capture_output=True,
                          timeout=60)


def test_install_cell_without_repository_says_how_to_install(tmp_path):
    notebook = sn.student_notebook(CHAPTERS[1], config={"repository": {"url": ""}}, number=2)
    source = notebook["cells"][1]["source"]
    assert "git+" not in source
    proc = _run_install_cell(source, tmp_path)
    assert proc.returncode != 0
    assert "ModuleNotFoundError" in proc.stderr and "repository.url" in proc.stderr
    assert "pip install" in proc.stderr


def test_install_cell_uses_the_configured_repository():
    config = {"repository": {"url": "https://github.com/someone/some-course/", "branch": "spring"}}
    source = sn.student_notebook(CHAPTERS[1], config=config, number=2)["cells"][1]["source"]
    assert "logreg_lib[plot] @ git+https://github.com/someone/some-course@spring" in source
    compile(source, "install cell", "exec")


# ----------------------------------------------------------------------------- the converter


def _chapter(tmp_path, cells):
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "09_test.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text, tags=(), outputs=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text,
            "outputs": list(outputs), "execution_count": 1}


def glued(name, text):
    return {"output_type": "display_data", "data": {"application/papermill.record/text/plain": text},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}}}


def test_hidden_cells_go_but_values_used_below_are_kept(tmp_path):
    path = _chapter(tmp_path, [
        code("from myst_nb import glue\nimport numpy as np\nx = np.arange(3)"),
        code("assert x.sum() == 3\nhelper = x * 2\nunused = 7\nglue('a', 1, display=False)",
             tags=["remove-cell"], outputs=[glued("a", "1")]),
        code("print(helper)"),
        code("for i in range(3):\n    assert i < 3", tags=["remove-cell"]),
    ])
    notebook = sn.student_notebook(path, labels={}, config={"repository": {"url": ""}})
    sources = code_cells(notebook)[2:]  # after the install and glue cells
    assert sources[0] == "import numpy as np\nx = np.arange(3)"
    assert sources[1].endswith("helper = x * 2") and "assert" not in sources[1] and "unused" not in sources[1]
    assert sources[2] == "print(helper)" and len(sources) == 3


def test_solutions_go_and_exercises_get_answer_cells(tmp_path):
    path = _chapter(tmp_path, [
        md("Text with {glue:text}`v:.2f` and {glue:text}`n`.\n\n"
           "```{exercise} Title\n:label: ex-1\n\nDo it.\n```\n\n"
           "```{solution} ex-1\n:class: dropdown\n\nSECRET ONE.\n```\nAfter."),
        md("````{solution-start} ex-1\n````\nSECRET TWO."),
        code("secret = 3", outputs=[glued("v", "1.23456"), glued("n", "569")]),
        md("````{solution-end}\n````\nVisible again."),
    ])
    notebook = sn.student_notebook(path, labels={}, config={"repository": {"url": ""}})
    text = all_text(notebook)
    assert "Text with 1.23 and 569." in text and "**Exercise (Title).** Do it." in text
    assert "After." in text and "Visible again." in text
    assert "SECRET" not in text and "secret" not in text
    roles = [c["metadata"].get(sn.MARKER) for c in notebook["cells"]]
    assert roles.count("answer") == 2


def test_unclosed_solution_is_refused(tmp_path):
    path = _chapter(tmp_path, [md("````{solution-start} ex-1\n````\nSECRET"), code("x = 1")])
    with pytest.raises(sn.StudentNotebookError, match="no solution-end"):
        sn.student_notebook(path, labels={}, config={})


def test_missing_glue_value_is_refused(tmp_path):
    path = _chapter(tmp_path, [md("A number: {glue:text}`never_glued`.")])
    with pytest.raises(sn.StudentNotebookError, match="never_glued"):
        sn.student_notebook(path, labels={}, config={})


def test_other_myst_nb_use_is_refused(tmp_path):
    path = _chapter(tmp_path, [code("import myst_nb\nmyst_nb.glue('a', 1)")])
    with pytest.raises(sn.StudentNotebookError, match="myst_nb"):
        sn.student_notebook(path, labels={}, config={})


def test_command_line_writes_every_chapter(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "coursework", "student-notebooks", "--out", str(tmp_path)],
                          cwd=sn.ROOT, text=True, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(sn.ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == sorted(p.name for p in CHAPTERS)


# ----------------------------------------------------------------------------- Binder


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_binder_environment_is_student_sized_and_pinned_like_the_tests():
    binder = _pins(sn.ROOT / "binder" / "requirements.txt")
    tested = _pins(sn.ROOT / "requirements.txt")
    for name in ("numpy", "scipy", "matplotlib", "pandas", "scikit-learn", "ipywidgets", "pyyaml"):
        assert name in binder, f"binder/requirements.txt lacks {name}"
    for name in ("jupyter-book", "sphinx", "myst-nb", "pytest", "nbval", "playwright", "otter-grader"):
        assert name not in binder, f"binder/requirements.txt installs the authoring tool {name}"
    different = {n: (v, tested[n]) for n, v in binder.items() if n in tested and tested[n] != v}
    assert not different, f"binder pins differ from requirements.txt: {different}"
    assert set(binder) - {"pyyaml"} <= set(tested), "a binder package the tests never install"


def test_binder_post_build_commands_run(tmp_path):
    """postBuild's student-notebook command, run from the root as repo2docker does."""
    script = (sn.ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert os.access(sn.ROOT / "binder" / "postBuild", os.X_OK)
    assert "pip install --no-deps --no-cache-dir ." in script
    command = next(line for line in script.splitlines() if "coursework student-notebooks" in line)
    out = command.split("--out", 1)[1].strip()
    assert out == "student-notebooks/book"  # where coursework/student_site.py points Binder
    from coursework import student_site

    assert student_site.BINDER_NOTEBOOKS + "/book" == out
    proc = subprocess.run([sys.executable, "-m", "coursework", "student-notebooks", "--out",
                           str(tmp_path / out)], cwd=sn.ROOT, text=True, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(sn.ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / out).glob("*.ipynb"))) == len(CHAPTERS)
