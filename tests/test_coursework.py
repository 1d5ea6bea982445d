"""The coursework kit: every assignment generated, its reference solutions graded.

For each master in ``coursework/assignments/`` the tests run ``otter assign`` (which also
runs the solutions against every test), then grade, with the hidden tests, three
submissions built from the handed-out student notebook:

- the student notebook with the reference solutions typed into its answer cells: full marks;
- the student notebook as handed out (stubs): it runs top to bottom, every question
  scores 0, and the grader itself reports no error;
- the reference solutions with one question deliberately wrong: exactly that question's
  points are lost.

The class grader must survive a submission whose kernel dies, one that loops forever, one
with deleted cells and one that is not a notebook, and say why in the CSV. Otter runs take
about 20-40 s each here, so independent runs go two at a time.
"""

import copy
import csv
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from coursework import ASSIGNMENTS, assignment_names, master_path, questions
from coursework.generate import generate
from coursework.grading import grade, grade_one

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.book

NAMES = assignment_names()

# One deliberately wrong answer per assignment: (question, the answer cell's new source).
WRONG = {
    "01_sigmoid_odds": ("q2", '''
def log_loss_from_scores(y, z):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    # sign error: the mean log-likelihood instead of its negative
    return float(np.mean(y * z - np.logaddexp(0.0, z)))
'''),
    "02_gradient_hessian_irls": ("q2", '''
def ce_hessian(beta, X):
    beta, X = np.asarray(beta, float), np.asarray(X, float)
    p = lr.sigmoid(X @ beta)
    return (X * (p * (1 - p))[:, None]).T @ X  # forgot the division by m
'''),
    "03_softmax_threshold_calibration": ("q1", '''
def stable_softmax(Z):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)  # normalizes the columns, not the rows
'''),
}


def _cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell):
    return "".join(cell["source"])


def _is_answer(cell, tag):
    return tag in cell.get("metadata", {}).get("tags", [])


def answer_cells_by_question(nb, tag="otter_answer_cell"):
    """``{question: [cell index, ...]}``: answer cells before each ``grader.check("q")``."""
    found, pending = {}, []
    for i, cell in enumerate(nb["cells"]):
        if _is_answer(cell, tag):
            pending.append(i)
        check = re.fullmatch(r'grader\.check\("(\w+)"\)', _source(cell).strip())
        if check:
            found[check.group(1)], pending = pending, []
    return found


def filled(student, solutions, replace=None):
    """The student notebook with the reference answers typed in (and ``replace`` applied)."""
    nb = copy.deepcopy(student)
    ours = answer_cells_by_question(nb)
    theirs = answer_cells_by_question(solutions, "otter_assign_solution_cell")
    assert ours.keys() == theirs.keys() and all(len(ours[q]) == len(theirs[q]) for q in ours)
    for q in ours:
        for i, j in zip(ours[q], theirs[q]):
            nb["cells"][i]["source"] = solutions["cells"][j]["source"]
    for q, source in (replace or {}).items():
        first, *rest = ours[q]
        nb["cells"][first]["source"] = source.strip("\n")
        for i in rest:
            nb["cells"][i]["source"] = ""
    return nb


def otter_cli(*args, timeout=900):
    return subprocess.run([sys.executable, "-m", "coursework", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("coursework")
    return {g.name: g for g in generate(NAMES, out, jobs=2)}


@pytest.fixture(scope="module")
def submissions(made, tmp_path_factory):
    """Per assignment: solved, stub and wrong notebooks written to a folder of their own."""
    found = {}
    for name in NAMES:
        folder = tmp_path_factory.mktemp(f"submissions-{name}")
        student, solutions = _cells(made[name].student), _cells(made[name].solutions)
        question, wrong = WRONG[name]
        notebooks = {
            "solved": filled(student, solutions),
            "stub": student,
            "wrong": filled(student, solutions, {question: wrong}),
        }
        found[name] = {}
        for kind, nb in notebooks.items():
            path = folder / f"{kind}.ipynb"
            path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
            found[name][kind] = path
    return found


@pytest.fixture(scope="module")
def outcomes(made, submissions):
    """Every grading run and every stub check, two at a time: ``{(name, kind): result}``."""
    jobs = {}
    for name in NAMES:
        handout = _cells(made[name].student)
        for kind, path in submissions[name].items():
            jobs[(name, kind)] = (grade_one, path, made[name].autograder, handout, questions(name), 600)
        jobs[(name, "check-stub")] = (otter_cli, "check", str(submissions[name]["stub"]))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(job[0], *job[1:]) for key, job in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


# ---------------------------------------------------------------------------- masters


@pytest.mark.parametrize("name", NAMES)
def test_master_is_well_formed(name):
    nb = _cells(master_path(name))
    points = questions(name)
    assert len(points) >= 3 and all(p > 0 for p in points.values()), points
    config = _source(nb["cells"][0])
    assert config.startswith("# ASSIGNMENT CONFIG") and f"name: {name}" in config
    text = "\n".join(_source(c) for c in nb["cells"])
    assert text.count("# BEGIN QUESTION") == len(points)
    assert "hidden: true" in text, "every assignment needs hidden tests"
    # committed without outputs: nothing from this machine (paths, timings) is stored
    for cell in nb["cells"]:
        assert not cell.get("outputs") and cell.get("execution_count") is None, "clear the outputs"
    assert not re.search(r"/(work|tmp|home|root)/", text), "an absolute path in the master"


def test_there_are_at_least_three_assignments():
    assert len(NAMES) >= 3, NAMES
    assert set(WRONG) == set(NAMES), "give every assignment a deliberately wrong answer above"


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_holds_no_solution(name, made):
    student = made[name].student.read_text(encoding="utf-8")
    master = _cells(master_path(name))
    solution_lines = []
    for cell in master["cells"]:
        if cell["cell_type"] != "code":
            continue
        inside = False  # between "# BEGIN SOLUTION" and "# END SOLUTION" lines of the cell
        for line in _source(cell).splitlines():
            marker = line.strip()
            if marker.startswith("# BEGIN SOLUTION"):
                inside = True
            elif marker == "# END SOLUTION":
                inside = False
            elif (inside or marker.endswith("# SOLUTION")) and len(marker) > 12:
                solution_lines.append(marker.removesuffix("# SOLUTION").strip())
    assert solution_lines, "found no solution lines in the master"
    leaked = [line for line in solution_lines if json.dumps(line)[1:-1] in student]
    assert not leaked, f"solution lines in the student notebook: {leaked}"
    assert "hidden: true" not in student and "hidden=True" not in student, "hidden tests leaked"


# ---------------------------------------------------------------------------- grading


@pytest.mark.parametrize("name", NAMES)
def test_reference_solutions_score_full_marks(name, outcomes):
    row, results = outcomes[(name, "solved")]
    assert row["reason"] == "", row
    assert {q: row[q] for q in questions(name)} == questions(name), row


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_runs_and_scores_zero(name, outcomes):
    row, results = outcomes[(name, "stub")]
    assert row["reason"] == "", row
    assert all(row[q] == 0 for q in questions(name)), row
    graded = {t["name"]: t for t in results["tests"] if t["name"] in questions(name)}
    assert graded.keys() == questions(name).keys(), "otter did not grade every question"
    for q, test in graded.items():
        # every case failed in a test of ours, none in the grader's own machinery
        assert "Test case failed" in test["output"] and "Test case passed" not in test["output"], test
        assert "Traceback" not in test["output"], test["output"]
    check = outcomes[(name, "check-stub")]
    assert check.returncode == 0, check.stderr[-3000:]
    assert "Every cell ran without an error." in check.stdout, check.stdout
    assert f"Score on the public checks: 0 / {sum(questions(name).values()):g}." in check.stdout


def test_public_check_speaks_plainly(outcomes):
    report = outcomes[(NAMES[0], "check-stub")].stdout
    assert "stable_sigmoid returned None: replace the ... with your code" in report, report
    assert "Error at line" not in report and "Traceback" not in report, report


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_answer_loses_exactly_its_points(name, outcomes):
    question, _ = WRONG[name]
    points = questions(name)
    row, _ = outcomes[(name, "wrong")]
    assert row["reason"] == "", row
    expected = {q: (0.0 if q == question else p) for q, p in points.items()}
    assert {q: row[q] for q in points} == expected, row


def test_class_grader_survives_broken_submissions(made, submissions, tmp_path):
    name = NAMES[0]
    solved = _cells(submissions[name]["solved"])
    folder = tmp_path / "class"
    folder.mkdir()

    def write(student, nb):
        (folder / f"{student}.ipynb").write_text(json.dumps(nb), encoding="utf-8")

    def with_cell(source):
        nb = copy.deepcopy(solved)
        nb["cells"].insert(2, {"cell_type": "code", "metadata": {}, "execution_count": None,
                               "outputs": [], "source": source})
        return nb

    write("kernel_dies", with_cell("import os\nos._exit(1)"))
    write("loops_forever", with_cell("while True:\n    pass"))
    deleted = copy.deepcopy(solved)
    q2 = answer_cells_by_question(deleted)["q2"]
    deleted["cells"] = [c for i, c in enumerate(deleted["cells"])
                        if i not in q2 and _source(c).strip() != 'grader.check("q2")']
    write("deleted_cells", deleted)
    (folder / "not_a_notebook.ipynb").write_text('{"cells": [', encoding="utf-8")

    out = tmp_path / "grades.csv"
    rows = grade(folder, out, assignment=name, autograder=made[name].autograder, timeout=90, jobs=2)
    with out.open(encoding="utf-8", newline="") as f:
        table = {Path(r["submission"]).stem: r for r in csv.DictReader(f)}
    assert len(rows) == 4 and set(table) == {"kernel_dies", "loops_forever", "deleted_cells",
                                             "not_a_notebook"}
    points = questions(name)
    for student in ("kernel_dies", "loops_forever", "not_a_notebook"):
        assert float(table[student]["total"]) == 0.0, table[student]
    assert "kernel died" in table["kernel_dies"]["reason"], table["kernel_dies"]
    assert "time limit of 90 s" in table["loops_forever"]["reason"], table["loops_forever"]
    assert "not a readable notebook" in table["not_a_notebook"]["reason"]
    row = table["deleted_cells"]
    assert "deleted cells" in row["reason"] and "q2" in row["reason"], row
    assert float(row["q2"]) == 0.0 and float(row["total"]) == sum(points.values()) - points["q2"], row
    assert float(row["possible"]) == sum(points.values())
    # the endless loop's processes (otter and its kernel) were all stopped
    leftovers = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "coursework-grade-" not in leftovers, "a grading process outlived its time limit"
