"""The instructor's guide, step by step, each step the command the guide shows.

generate -> collect (GitHub Classroom and Gradescope export layouts, a roster) -> grade in
the sandbox -> export the written answers -> import the hand grades -> regrade one
student -> build the Gradescope autograder and run its ``run_autograder`` here. Also: a
single notebook and an empty folder grade, a missing or broken bubblewrap is a refusal
(never an unsandboxed run), and masters can live in a private folder (``--masters``).
"""

import csv
import json
import os
import shutil
import stat
import subprocess
import zipfile

import pytest

from coursework.testing import filled, write_answer

from test_coursework import LIMIT, SEED, WRONG, coursework_cli

pytestmark = pytest.mark.book

NAME = "02_sigmoid_odds"
AUTO = {"q1": 3.0, "q2": 3.0, "q3": 3.0}
ANSWER = r"""1. By the chain rule $\sigma'(z) = e^{-z}/(1 + e^{-z})^2 = \sigma(z)(1 - \sigma(z))$.
2. $\sigma/(1 - \sigma) = e^{z}$, so the log-odds are $z$.
3. One more unit of $x_j$ adds $\beta_j$ to $z$: the odds are multiplied by $e^{\beta_j}$."""


def _table(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {r["student_id"]: r for r in csv.DictReader(f)}


def _points(row):
    return {q: float(row[q]) for q in AUTO}


def _ok(proc):
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Generated assignment and a GitHub Classroom folder of three students plus a roster."""
    base = tmp_path_factory.mktemp("workflow")
    generated = base / "generated"
    _ok(coursework_cli("generate", NAME, "--out", str(generated)))
    student_nb = generated / NAME / "student" / f"{NAME}.ipynb"
    solutions_nb = generated / NAME / "autograder" / f"{NAME}.ipynb"
    student = json.loads(student_nb.read_text(encoding="utf-8"))
    solutions = json.loads(solutions_nb.read_text(encoding="utf-8"))
    notebooks = {
        "alice": write_answer(filled(student, solutions), "Question 4", ANSWER),
        "bob": student,
        "carol": filled(student, solutions, {WRONG[NAME][0]: WRONG[NAME][1]}),
    }
    classroom = base / "classroom"
    for who, nb in notebooks.items():
        folder = classroom / f"{NAME.replace('_', '-')}-{who}"  # GitHub Classroom's repo names
        folder.mkdir(parents=True)
        (folder / f"{NAME}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    roster = base / "roster.csv"
    roster.write_text("student_id,name\nalice,Alice A.\nbob,Bob B.\ncarol,Carol C.\ndave,Dave D.\n",
                      encoding="utf-8")
    return {"base": base, "generated": generated, "classroom": classroom, "roster": roster,
            "notebooks": notebooks, "solved": filled(student, solutions)}


def grade_cli(course, source, gradebook, *extra):
    return _ok(coursework_cli("grade", str(source), "--gradebook", str(gradebook), "--seed", str(SEED),
                              "--limit", str(LIMIT), "--generated", str(course["generated"]), *extra))


@pytest.fixture(scope="module")
def gradebook(course):
    """Steps 3-6: grade the class, export the written answers, import the hand grades."""
    book = course["base"] / "grades.csv"
    grade_cli(course, course["classroom"], book, "--roster", str(course["roster"]))
    graded = _table(book)
    written = course["base"] / "written"
    _ok(coursework_cli("written-export", str(course["classroom"]), "--out", str(written),
                       "--roster", str(course["roster"])))
    sheet = written / "written.csv"
    with sheet.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    blank = {r["student_id"]: dict(r) for r in rows}
    for row in rows:  # the grader's hand grades
        if row["student_id"] == "alice":
            row["points"], row["comment"] = "2.5", "part 3: say why the factor does not depend on z"
        elif row["student_id"] == "carol":
            row["points"] = "1"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["student_id", "question", "points", "comment"])
        writer.writeheader()
        writer.writerows(rows)
    _ok(coursework_cli("written-import", str(sheet), "--gradebook", str(book), "--assignment", NAME))
    return {"path": book, "graded": graded, "blank": blank, "written": written, "after": _table(book)}


def test_grade_a_github_classroom_folder_with_a_roster(gradebook):
    graded = gradebook["graded"]
    assert set(graded) == {"alice", "bob", "carol", "dave"}
    assert _points(graded["alice"]) == AUTO
    assert _points(graded["bob"]) == {q: 0.0 for q in AUTO}
    assert _points(graded["carol"]) == {**AUTO, "q2": 0.0}
    assert graded["dave"]["reason"] == "no submission" and float(graded["dave"]["total"]) == 0
    assert graded["alice"]["q4"] == "" and "not graded yet: q4" in graded["alice"]["reason"]
    feedback = gradebook["path"].parent / "grades_feedback" / "carol.md"
    assert "## q2: 0 / 3" in feedback.read_text(encoding="utf-8")


def test_written_answers_are_exported_per_question_with_the_rubric(gradebook):
    text = (gradebook["written"] / "q4.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {NAME}, q4 (written, 3 points)") and "## Rubric" in text
    assert "chain rule" in text.split("## alice", 1)[1].split("## bob", 1)[0]
    assert "*(no answer)*" in text.split("## bob", 1)[1]
    blank = gradebook["blank"]
    assert blank["alice"]["points"] == "" and blank["bob"]["points"] == "0"  # nothing to read


def test_hand_grades_are_merged_into_the_gradebook(gradebook):
    after = gradebook["after"]
    assert float(after["alice"]["q4"]) == 2.5 and float(after["alice"]["total"]) == 11.5
    assert after["alice"]["reason"] == ""
    assert float(after["bob"]["q4"]) == 0.0 and float(after["carol"]["q4"]) == 1.0
    assert float(after["carol"]["total"]) == 7.0


def test_regrading_one_student_keeps_the_others(course, gradebook):
    book = gradebook["path"]
    before = _table(book)
    fixed = course["base"] / "carol-resubmitted"
    fixed.mkdir()
    (fixed / "my work (1).ipynb").write_text(json.dumps(course["solved"]), encoding="utf-8")
    grade_cli(course, fixed, book, "--student", "carol", "--roster", str(course["roster"]))
    after = _table(book)
    assert set(after) == set(before)
    for who in ("alice", "bob", "dave"):
        assert after[who] == before[who], who
    assert _points(after["carol"]) == AUTO
    assert float(after["carol"]["q4"]) == 1.0, "the hand grade survives the regrade"
    assert float(after["carol"]["total"]) == 10.0


def test_gradescope_export_single_file_and_empty_folder(course, tmp_path):
    export = tmp_path / "export"
    (export / "submission_1111").mkdir(parents=True)
    (export / "submission_1111" / f"{NAME}.ipynb").write_text(json.dumps(course["solved"]),
                                                              encoding="utf-8")
    (export / "submission_metadata.yml").write_text(
        "submission_1111:\n  :submitters:\n  - :name: Erin E.\n    :sid: '20260042'\n"
        "    :email: erin@example.org\n", encoding="utf-8")
    book = tmp_path / "grades.csv"
    grade_cli(course, export, book)
    assert _points(_table(book)["20260042"]) == AUTO
    single = tmp_path / "frank.ipynb"
    single.write_text(json.dumps(course["notebooks"]["carol"]), encoding="utf-8")
    grade_cli(course, single, book)
    table = _table(book)
    assert set(table) == {"20260042", "frank"} and _points(table["frank"]) == {**AUTO, "q2": 0.0}
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = grade_cli(course, empty, tmp_path / "empty.csv", "--assignment", NAME)
    assert "no submission found" in proc.stdout
    assert (tmp_path / "empty.csv").read_text(encoding="utf-8").startswith("student_id,submission,q1")


def test_gradescope_autograder_runs_here(course, tmp_path):
    archive = tmp_path / "autograder.zip"
    _ok(coursework_cli("gradescope", NAME, "--out", str(archive), "--generated", str(course["generated"])))
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        zf.extractall(root / "source")
    assert {"setup.sh", "run_autograder", "solutions.ipynb", "lib/pyproject.toml",
            f"coursework/assignments/{NAME}/hidden.py"} <= names
    assert "coursework/student_site.py" not in names
    setup = (root / "source" / "setup.sh").read_text(encoding="utf-8")
    assert "numpy" in setup and "scipy" in setup and "./lib" in setup and "bubblewrap" in setup
    (root / "submission").mkdir()
    (root / "submission" / "anything.ipynb").write_text(json.dumps(course["notebooks"]["carol"]),
                                                        encoding="utf-8")
    script = root / "source" / "run_autograder"
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PYTHON": course_python()}
    proc = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert {t["name"]: t["score"] for t in results["tests"]} == {**AUTO, "q2": 0.0}
    assert results["score"] == 6.0 and "q4" in results["output"]
    assert all(t["max_score"] == 3.0 for t in results["tests"])


def course_python():
    import sys

    return sys.executable


def test_no_sandbox_is_a_refusal(course, tmp_path):
    nb = tmp_path / "x.ipynb"
    nb.write_text(json.dumps(course["solved"]), encoding="utf-8")
    base = ["grade", str(nb), "--gradebook", str(tmp_path / "g.csv"), "--generated", str(course["generated"])]
    no_bwrap = tmp_path / "bin-without-bwrap"
    no_bwrap.mkdir()
    proc = coursework_cli(*base, env={**os.environ, "PATH": str(no_bwrap)})
    assert proc.returncode == 3 and "refusing to grade: bubblewrap (bwrap) is not installed" in proc.stderr
    broken = tmp_path / "bin-broken-bwrap"
    broken.mkdir()
    fake = broken / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(0o755)
    proc = coursework_cli(*base, env={**os.environ, "PATH": f"{broken}:{os.environ['PATH']}"})
    assert proc.returncode == 3 and "cannot create a sandbox" in proc.stderr, proc.stderr
    assert "Permission denied" in proc.stderr
    assert not (tmp_path / "g.csv").exists(), "nothing is graded without a sandbox"


def test_masters_can_live_in_a_private_folder(course, tmp_path):
    from coursework import ASSIGNMENTS

    private = tmp_path / "instructors-private" / "assignments"
    shutil.copytree(ASSIGNMENTS / NAME, private / NAME)
    nb = tmp_path / "gina.ipynb"
    nb.write_text(json.dumps(course["solved"]), encoding="utf-8")
    proc = _ok(coursework_cli("--masters", str(private), "grade", str(nb), "--gradebook",
                              str(tmp_path / "g.csv"), "--seed", str(SEED), "--limit", str(LIMIT),
                              "--generated", str(course["generated"])))
    assert _points(_table(tmp_path / "g.csv")["gina"]) == AUTO, proc.stdout
    proc = coursework_cli("--masters", str(tmp_path), "grade", str(nb), "--gradebook", str(tmp_path / "h.csv"))
    assert proc.returncode != 0 and "no <NN_name>/master.ipynb" in proc.stderr
