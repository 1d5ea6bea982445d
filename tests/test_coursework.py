"""The coursework kit: every assignment generated, its reference solutions graded in the sandbox.

For each master in ``coursework/assignments/`` the tests run ``otter assign`` (which also
runs the solutions against the public checks), build the grader (which runs the reference
solution on the hidden cases in the sandbox), then grade three submissions built from the
handed-out student notebook:

- the student notebook with the reference solutions typed into its answer cells: full marks
  on every autograded question (the written ones wait for a human);
- the student notebook as handed out (stubs): every question scores 0;
- the reference solutions with one question deliberately wrong: exactly that question's
  points are lost.

``test_grading_attacks.py`` grades a class of honest, broken and cheating submissions;
``test_grading_workflow.py`` walks through the instructor's guide command by command.
"""

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from coursework import assignment_names, master_path, questions
from coursework.grader import AssignmentGrader, load_hidden, manual_questions
from coursework.grading import grade_submission
from coursework.generate import generate
from coursework.testing import filled
from coursework.written import rubrics

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.book

NAMES = assignment_names()
SEED = 20261129  # the hidden cases' seed in these tests (graders draw a fresh one by default)
LIMIT = 10.0  # seconds per cell and per question, in tests (generous: the test machine is shared)

# One deliberately wrong answer per assignment: (question, the answer cell's new source).
WRONG = {
    "02_sigmoid_odds": ("q2", '''
def log_loss_from_scores(y, z):
    y = np.asarray(y, dtype=float)
    z = np.asarray(z, dtype=float)
    # sign error: the mean log-likelihood instead of its negative
    return float(np.mean(y * z - np.logaddexp(0.0, z)))
'''),
    "04_training_variants": ("q2", '''
def penalized_newton_step(beta, X, y, w, lam):
    beta, X, y, w = (np.asarray(a, float) for a in (beta, X, y, w))
    p = lr.sigmoid(X @ beta)
    D = np.eye(X.shape[1])
    D[0, 0] = 0.0
    g = X.T @ (w * (p - y)) / len(y) + lam * D @ beta  # divides by m, not by the sum of w
    H = (X * (w * p * (1 - p))[:, None]).T @ X / len(y) + lam * D
    return beta - np.linalg.solve(H, g)
'''),
    "06_softmax_threshold_calibration": ("q1", '''
def softmax_hvp(W, X, V):
    W, X, V = np.asarray(W, float), np.asarray(X, float), np.asarray(V, float)
    A = lr.softmax(X @ W, axis=1)
    return X.T @ (A * (X @ V)) / X.shape[0]  # forgot the centering term of d softmax
'''),
    "01_least_squares_labels": ("q1", '''
def ls_cut(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    b, a = np.polyfit(x, y, 1)
    return float(-a / b)  # where the line crosses 0, not 0.5
'''),
    "03_coefficient_intervals": ("q2", '''
def probability_change_delta(p0, coef, delta):
    p0 = np.asarray(p0, float)
    return p0 * (1.0 - p0) * delta * coef  # the linear approximation, not the exact change
'''),
    "05_separation": ("q2", '''
def loglik_along(X, y, w, ts):
    X, y, w = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
    p = 1.0 / (1.0 + np.exp(-np.outer(np.asarray(ts, float), X @ w)))
    with np.errstate(all="ignore"):  # the literal formula: log 0 for large steps
        return np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), axis=1)
'''),
}


def _cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell):
    return "".join(cell["source"])


def coursework_cli(*args, timeout=900, **kwargs):
    return subprocess.run([sys.executable, "-m", "coursework", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("coursework")
    return {g.name: g for g in generate(NAMES, out, jobs=2)}


@pytest.fixture(scope="module")
def graders(made):
    with ThreadPoolExecutor(max_workers=2) as pool:
        built = pool.map(lambda n: AssignmentGrader(n, made[n].solutions, seed=SEED, limit=LIMIT), NAMES)
        return dict(zip(NAMES, built))


@pytest.fixture(scope="module")
def outcomes(made, graders):
    """Solved, stub and wrong notebooks of every assignment graded, two at a time."""
    jobs = {}
    for name in NAMES:
        student, solutions = _cells(made[name].student), _cells(made[name].solutions)
        question, wrong = WRONG[name]
        notebooks = {"solved": filled(student, solutions), "stub": student,
                     "wrong": filled(student, solutions, {question: wrong})}
        for kind, nb in notebooks.items():
            jobs[(name, kind)] = nb

    def run(key, nb, tmp=made[NAMES[0]].folder.parent):
        path = tmp / f"{key[0]}-{key[1]}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        return grade_submission(graders[key[0]], key[1], path)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(run, key, nb) for key, nb in jobs.items()}
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
    # committed without outputs: nothing from this machine (paths, timings) is stored
    for cell in nb["cells"]:
        assert not cell.get("outputs") and cell.get("execution_count") is None, "clear the outputs"
    assert not re.search(r"/(work|tmp|home|root)/", text), "an absolute path in the master"
    # every question is graded: by hidden cases, or by hand with a rubric
    hidden, manual = load_hidden(name), manual_questions(name)
    assert set(hidden) | set(manual) == set(points) and not set(hidden) & set(manual)
    assert manual, "every assignment has a written (derivation) question graded by hand"
    assert set(rubrics(name)) == set(manual), "every written question needs a rubric in hidden.py"
    assert "hidden: true" not in text, "hidden checks live in hidden.py, not in the master"


def test_there_are_assignments_and_wrong_answers():
    assert len(NAMES) >= 3, NAMES
    assert set(WRONG) == set(NAMES), "give every assignment a deliberately wrong answer above"


@pytest.mark.parametrize("name", NAMES)
def test_every_graded_name_has_a_public_check(name, made):
    """A student can run every graded function on a small case before handing in."""
    tests = _cells(made[name].student)["metadata"]["otter"]["tests"]
    for q, question in load_hidden(name).items():
        names = {case.name for case in question.case_list(np.random.default_rng(0))}
        public = tests.get(q, "")
        for graded in names:
            assert re.search(rf"def test_\w+\([^)]*\b{graded}\b", public), (
                f"{name} {q}: no public check takes {graded}")


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
    hidden_text = master_path(name).with_name("hidden.py").read_text(encoding="utf-8")
    for marker in ("RUBRICS", "def _", "QUESTIONS"):
        assert marker in hidden_text and marker not in student
    handout = {p.name for p in made[name].student.parent.rglob("*")}
    assert "hidden.py" not in handout and "master.ipynb" not in handout, handout


# ---------------------------------------------------------------------------- grading


def _auto(name):
    manual = manual_questions(name)
    return {q: p for q, p in questions(name).items() if q not in manual}


@pytest.mark.parametrize("name", NAMES)
def test_reference_solutions_score_full_marks(name, outcomes):
    row, feedback = outcomes[(name, "solved")]
    assert {q: row[q] for q in _auto(name)} == _auto(name), row
    waiting = ", ".join(manual_questions(name))
    assert row["reason"] == "", row  # the written questions' note is added in the gradebook
    assert all(row[q] == "" for q in manual_questions(name)), row
    assert "not graded yet" in feedback and waiting.split(", ")[0] in feedback


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_scores_zero_and_says_why(name, outcomes):
    row, feedback = outcomes[(name, "stub")]
    assert all(row[q] == 0 for q in _auto(name)), row
    for q in _auto(name):
        assert f"{q}: " in row["reason"], row["reason"]
    assert "replace" in row["reason"] and "..." in row["reason"], row["reason"]
    assert "Traceback" not in feedback


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_answer_loses_exactly_its_points(name, outcomes):
    question, _ = WRONG[name]
    points = _auto(name)
    row, feedback = outcomes[(name, "wrong")]
    expected = {q: (0.0 if q == question else p) for q, p in points.items()}
    assert {q: row[q] for q in points} == expected, row
    assert row["reason"].startswith(f"{question}: "), row
    assert "off by up to" in row["reason"] or "nan or inf" in row["reason"], row


@pytest.mark.parametrize("name", NAMES)
def test_feedback_shows_no_hidden_case(name, outcomes, graders):
    """Feedback describes cases by shape and error size, never by hidden values or source."""
    grader = graders[name]
    for kind in ("stub", "wrong"):
        _, feedback = outcomes[(name, kind)]
        assert "def " not in feedback and "rng" not in feedback and "hidden.py" not in feedback
        for q, cases in grader.cases.items():
            for case in cases:
                for arg in getattr(case, "args", ()):
                    values = np.ravel(arg)
                    if values.size > 3:  # a drawn input: none of its values appears
                        assert f"{float(values[1]):.6f}" not in feedback


def test_public_check_speaks_plainly_under_any_file_name(made, tmp_path):
    name = "02_sigmoid_odds"
    renamed = tmp_path / f"{name} (1).ipynb"  # what a browser saves the second time
    renamed.write_bytes(made[name].student.read_bytes())
    check = coursework_cli("check", str(renamed))
    assert check.returncode == 0, check.stderr[-3000:]
    report = check.stdout
    assert "log_sigmoid_slope returned None: replace the ... with your code" in report, report
    assert "Error at line" not in report and "Traceback" not in report, report
    assert "Every cell ran without an error." in report, report
    possible = sum(_auto(name).values())
    assert f"Score on the public checks: 0 / {possible:g}." in report, report
