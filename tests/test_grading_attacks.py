"""A class of honest, broken, cheating, sabotaging and grader-killing submissions, graded
with the command an instructor runs (``python -m coursework grade``).

Every attack the kit was once open to is a submission here: patching otter's runner and
writing ``tests/*.py``, patching ``np.allclose`` and the library, calling the library
instead of writing the function, overwriting a classmate's notebook, killing the grader,
reading the hidden checks, forging the sandbox's results. Each honest score is exact,
each cheat scores at most what the same answer scores without the cheat, and no
submission changes another's row or file. The test depends on no process outside itself:
the sandboxes' scratch folders live under this test's own temporary folder, and that is
where it looks for leftovers.
"""

import csv
import hashlib
import json
import os
from pathlib import Path

import psutil
import pytest

from coursework.generate import generate
from coursework.testing import filled, with_cell

from test_coursework import LIMIT, SEED, WRONG, coursework_cli

pytestmark = pytest.mark.book

NAME = "02_sigmoid_odds"
FULL = {"q1": 3.0, "q2": 3.0, "q3": 3.0}
ZERO = {"q1": 0.0, "q2": 0.0, "q3": 0.0}

WRONG_Q1 = '''
def log_sigmoid_slope(z):
    return np.log(0.25) * np.ones_like(np.asarray(z, dtype=float))  # right at z = 0 only
'''
ENDLESS_Q1 = '''
def log_sigmoid_slope(z):
    while True:
        pass
'''
LIBRARY_Q1 = '''
def log_sigmoid_slope(z):
    return lr.log_sigmoid(z) + lr.log_sigmoid(-z)  # library functions the question forbids
'''
SYNTAX_Q2 = '''
def log_loss_from_scores(y, z)
    return 0.0
'''
CRASH_IN_Q2 = '''
import os
os._exit(1)
def log_loss_from_scores(y, z):
    return float(np.mean(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)))
'''

OTTER_CHEAT = '''
import os
os.makedirs("tests", exist_ok=True)
for q in ("q1", "q2", "q3"):
    with open(f"tests/{q}.py", "w") as f:
        f.write(f"OK_FORMAT = False\\nname = {q!r}\\npoints = 3\\ntest_cases = []\\n")
try:
    from otter.test_files import abstract_test
    abstract_test.TestFile.score = property(lambda self: 3.0)
    abstract_test.TestFile.passed_all = property(lambda self: True)
except Exception:
    pass
'''
PATCH_CHEAT = '''
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.max = lambda *args, **kwargs: 0.0
try:
    lr.sigmoid = lambda z: 0.25 + 0.0 * np.asarray(z)
    lr.log_sigmoid = log_sigmoid_slope
except Exception:
    pass
'''
SABOTAGE = '''
import os
targets = [{classmate!r}, {gradebook!r}, {hidden!r}]
for top in ("/sandbox", "/tmp", "/work", "/home", "/root", {class_dir!r}):
    for root, dirs, files in os.walk(top):
        targets += [os.path.join(root, f) for f in files
                    if f.endswith((".ipynb", ".csv", ".md", ".py")) and "runner" not in f]
for target in targets:
    try:
        with open(target, "w") as f:
            f.write("{{}}")
    except Exception:
        pass
'''
KILLER = '''
import os, signal
for pid in ({grader_pid}, os.getppid(), 1):
    try:
        os.kill(pid, signal.SIGKILL)
    except Exception:
        pass
os.kill(-1, signal.SIGKILL)
'''
PRINTER = '''
import os, re, sys
found_secret = False
for top in ["/sandbox", "/tmp", "/work", "/home", "/root", *sys.path]:
    for root, dirs, files in os.walk(top):
        for f in files:
            if f in ("hidden.py", "master.ipynb") or f.endswith(".ipynb"):
                path = os.path.join(root, f)
                text = open(path, errors="replace").read()
                print(path, text[:2000])
                if "BEGIN SOLUTION" in text or "QUESTIONS" in text:
                    found_secret = True
print(open("/sandbox/job/job.json").read()[:2000])
'''
FORGER = '''
import json
with open("/sandbox/out/results.jsonl", "a") as f:
    for q in ("q1", "q2", "q3"):
        for k in range(3):
            record = {"event": "probe", "question": q, "case": k,
                      "value": {"array": [0.5], "shape": []}}
            f.write(json.dumps(record) + "\\n")
    f.write(json.dumps({"event": "done"}) + "\\n")
'''


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class folder graded once; ``(table, expected, before, after, scratch, log)``."""
    base = tmp_path_factory.mktemp("attacks")
    made = generate([NAME], base / "generated")[0]
    student = json.loads(made.student.read_text(encoding="utf-8"))
    solutions = json.loads(made.solutions.read_text(encoding="utf-8"))
    solved = filled(student, solutions)
    wrong_q2 = filled(student, solutions, {WRONG[NAME][0]: WRONG[NAME][1]})
    wrong_q1 = filled(student, solutions, {"q1": WRONG_Q1})
    class_dir = base / "class"
    class_dir.mkdir()
    gradebook = base / "grades.csv"
    hidden = str(Path(__file__).resolve().parent.parent / "coursework" / "assignments" / NAME / "hidden.py")
    sabotage = SABOTAGE.format(classmate=str(class_dir / "honest.ipynb"), gradebook=str(gradebook),
                               hidden=hidden, class_dir=str(class_dir))
    submissions = {
        # name: (notebook, expected points, or the name of the honest twin it must not beat)
        "honest": (solved, FULL),
        "partially_wrong": (wrong_q2, {**FULL, "q2": 0.0}),
        "innocent_chdir": (with_cell(solved, 'import os\nos.makedirs("figures", exist_ok=True)\n'
                                     'os.chdir("figures")'), FULL),
        "endless_function": (filled(student, solutions, {"q1": ENDLESS_Q1}), {**FULL, "q1": 0.0}),
        "endless_cell": (with_cell(solved, "while True:\n    pass", before_question="q2"), FULL),
        "ignores_alarm": (with_cell(solved, "import signal\nsignal.signal(signal.SIGALRM, "
                                    "signal.SIG_IGN)\nwhile True:\n    pass", before_question="q3"), FULL),
        "exits": (with_cell(solved, "import os\nos._exit(3)", before_question="q2"), FULL),
        "segfault": (with_cell(solved, "import ctypes\nctypes.string_at(0)", before_question="q3"), FULL),
        "crash_in_answer": (filled(student, solutions, {"q2": CRASH_IN_Q2}), {**FULL, "q2": 0.0}),
        "syntax_error": (filled(student, solutions, {"q2": SYNTAX_Q2}), {**FULL, "q2": 0.0}),
        "memory_hog": (with_cell(solved, "hog = bytearray(64 * 1024**3)"), FULL),
        "calls_library": (filled(student, solutions, {"q1": LIBRARY_Q1}), {**FULL, "q1": 0.0}),
        "wrong_q1": (wrong_q1, {**FULL, "q1": 0.0}),
        "patches_numpy": (with_cell(wrong_q1, PATCH_CHEAT, before_question="q3"), "wrong_q1"),
        "stub": (student, ZERO),
        "patches_otter": (with_cell(student, OTTER_CHEAT), "stub"),
        "reads_hidden": (with_cell(student, PRINTER), "stub"),
        "forges_results": (with_cell(student, FORGER), "stub"),
        "sabotages": (with_cell(solved, sabotage), FULL),
        "kills_grader": (with_cell(solved, KILLER.format(grader_pid=os.getpid())), FULL),
    }
    for name, (nb, _) in submissions.items():
        (class_dir / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (class_dir / "not_a_notebook.ipynb").write_text('{"cells": [', encoding="utf-8")
    before = _digest(class_dir)
    scratch = base / "scratch"
    scratch.mkdir()
    proc = coursework_cli("grade", str(class_dir), "--gradebook", str(gradebook), "--seed", str(SEED),
                          "--limit", str(LIMIT), "--generated", str(base / "generated"),
                          env={**os.environ, "TMPDIR": str(scratch)}, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with gradebook.open(encoding="utf-8", newline="") as f:
        table = {r["student_id"]: r for r in csv.DictReader(f)}
    expected = {name: want for name, (_, want) in submissions.items()}
    return table, expected, before, _digest(class_dir), scratch, proc.stdout, base


def _points(row):
    return {q: float(row[q]) for q in FULL}


def test_every_submission_has_a_row(graded):
    table, expected, *_ = graded
    assert set(table) == set(expected) | {"not_a_notebook"}, sorted(table)
    assert "not a readable notebook" in table["not_a_notebook"]["reason"]
    assert float(table["not_a_notebook"]["total"]) == 0.0


@pytest.mark.parametrize("name", ["honest", "partially_wrong", "innocent_chdir", "endless_function",
                                  "endless_cell", "ignores_alarm", "exits", "segfault",
                                  "crash_in_answer", "syntax_error", "memory_hog", "calls_library",
                                  "wrong_q1", "stub", "sabotages", "kills_grader"])
def test_exact_scores(graded, name):
    table, expected, *_ = graded
    assert _points(table[name]) == expected[name], table[name]
    assert float(table[name]["possible"]) == 12.0  # 9 autograded + the written q4
    assert "written questions not graded yet: q4" in table[name]["reason"]


@pytest.mark.parametrize("cheat", ["patches_numpy", "patches_otter", "reads_hidden", "forges_results"])
def test_a_cheat_scores_no_more_than_the_same_answer_without_it(graded, cheat):
    table, expected, *_ = graded
    twin = expected[cheat]
    got, honest = _points(table[cheat]), _points(table[twin])
    assert all(got[q] <= honest[q] for q in FULL), (table[cheat], table[twin])
    if twin == "stub":  # nothing to break: exactly the stub's zero
        assert got == honest == ZERO, (table[cheat], table[twin])


def test_reasons_say_what_happened(graded):
    table, *_ = graded
    assert f"time limit of {LIMIT:g} s" in table["endless_function"]["reason"]
    assert "did not stop at its time limit" in table["ignores_alarm"]["reason"]
    assert "ended the notebook's process (exit 3); it was skipped" in table["exits"]["reason"]
    assert "ended the notebook's process" in table["segfault"]["reason"]
    assert "syntax error" in table["syntax_error"]["reason"]
    assert "called lr.log_sigmoid" in table["calls_library"]["reason"]
    assert "q2: log_loss_from_scores is not defined" in table["crash_in_answer"]["reason"]
    assert table["honest"]["reason"] == "written questions not graded yet: q4"
    assert table["innocent_chdir"]["reason"] == "written questions not graded yet: q4"


def test_no_submission_changed_another_file_or_row(graded):
    table, expected, before, after, *_ = graded
    assert before == after, "a submission changed a file of the class folder"
    assert _points(table["honest"]) == FULL  # the sabotaged classmate
    base = graded[-1]
    feedback = base / "grades_feedback"
    assert {p.stem for p in feedback.glob("*.md")} == set(table)
    assert (Path(__file__).resolve().parent.parent / "coursework" / "assignments" / NAME
            / "hidden.py").read_text(encoding="utf-8").startswith('"""Hidden checks')


def test_grading_left_no_process_behind(graded):
    *_, scratch, log, base = graded
    mine = str(scratch)
    leftovers = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any(mine in part for part in proc.info["cmdline"] or []):
                leftovers.append(proc.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    assert not leftovers, f"sandbox processes outlived the grading: {leftovers}"
    assert not any(scratch.iterdir()), "a sandbox's scratch folder was left behind"
