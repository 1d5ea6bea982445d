"""The sandbox itself: what a submission's code can see and do, probed from inside.

One sandbox run executes cells that try the network, the grader's files, writing outside
its folder and signaling processes, and reports what happened as values; the test
asserts on them. A second run checks that a forbidden library function is switched off
in the sandbox's copy of ``logreg_lib`` and nowhere else. Also: rows are in the gradebook
as soon as each student is graded, so an interrupted run keeps them.
"""

import json
import os
from pathlib import Path

import pytest

import logreg_lib
from coursework import sandbox
from coursework.spec import Value, encode_case

pytestmark = pytest.mark.book

PROBE = '''
import os, socket, signal
def attempt(action):
    try:
        action()
        return 1.0
    except Exception:
        return 0.0

network = attempt(lambda: socket.create_connection(("127.0.0.1", 22), timeout=2))
dns = attempt(lambda: socket.getaddrinfo("example.org", 80))
sees_secret = float(os.path.exists({secret!r}))
sees_repository = float(os.path.exists({repository!r}))
writes_usr = attempt(lambda: open("/usr/coursework-test", "w"))
writes_library = attempt(lambda: open(os.path.join(os.path.dirname(__import__("logreg_lib").__file__), "x.py"), "w"))
writes_work = attempt(lambda: open("scratch.txt", "w").write("ok"))
tmp_is_empty = float(os.listdir("/tmp") == [])
own_pid_namespace = float(os.getpid() < 10)
signals_grader = attempt(lambda: os.kill({grader_pid}, 0))
work_files = float(sorted(f for f in os.listdir(".") if not f.startswith(".")) == ["scratch.txt", "submission.ipynb"])
'''

NAMES = ["network", "dns", "sees_secret", "sees_repository", "writes_usr", "writes_library",
         "writes_work", "tmp_is_empty", "own_pid_namespace", "signals_grader", "work_files"]


def _run(cells, names, forbidden=()):
    job = {"limit": 20, "cells": [{"index": i + 1, "source": s} for i, s in enumerate(cells)],
           "questions": {"q": [{**encode_case(Value(n)), "case": k} for k, n in enumerate(names)]}}
    records, status = sandbox.run(job, {"submission.ipynb": b"{}"}, forbidden=forbidden,
                                  wall_seconds=120)
    values = {}
    for record in records:
        if record.get("event") == "probe":
            value = record.get("value", {}).get("array")
            values[names[record["case"]]] = value[0] if value else record.get("error")
    return values, status, records


def test_a_submission_sees_and_reaches_nothing_outside_its_folder(tmp_path):
    secret = tmp_path / "hidden.py"
    secret.write_text("QUESTIONS = {}", encoding="utf-8")
    repository = str(Path(__file__).resolve().parent.parent / "coursework")
    values, status, records = _run(
        [PROBE.format(secret=str(secret), repository=repository, grader_pid=os.getpid())], NAMES)
    assert status == "ok", records
    assert values == {"network": 0.0, "dns": 0.0, "sees_secret": 0.0, "sees_repository": 0.0,
                      "writes_usr": 0.0, "writes_library": 0.0, "writes_work": 1.0,
                      "tmp_is_empty": 1.0, "own_pid_namespace": 1.0, "signals_grader": 0.0,
                      "work_files": 1.0}, values


def test_forbidden_functions_are_switched_off_only_in_the_sandbox():
    cells = ["import logreg_lib as lr\nimport importlib\nimportlib.reload(lr)",
             "try:\n    lr.gradient([0.0], [[1.0]], [1.0])\n    called = 1.0\n"
             "except RuntimeError as error:\n    called = float('FORBIDDEN lr.gradient' in str(error))\n"
             "still_there = float(abs(lr.sigmoid(0.0) - 0.5) < 1e-15)"]
    values, status, records = _run(cells, ["called", "still_there"], forbidden=("gradient",))
    assert status == "ok" and values == {"called": 1.0, "still_there": 1.0}, records
    assert logreg_lib.gradient([0.0], [[1.0]], [1.0]).shape == (1,), "the real library is untouched"


def test_memory_and_output_limits_hold():
    cells = ["hog = None\ntry:\n    hog = bytearray(64 * 1024**3)\nexcept MemoryError:\n    pass\n"
             "refused = float(hog is None)",
             "import errno\ntry:\n    open('big.bin', 'wb').write(b'x' * (200 * 1024**2))\n    capped = 0.0\n"
             "except OSError as error:\n    capped = float(error.errno == errno.EFBIG)"]
    values, status, records = _run(cells, ["refused", "capped"])
    assert status == "ok" and values == {"refused": 1.0, "capped": 1.0}, records


def test_missing_bubblewrap_is_a_refusal(monkeypatch):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    sandbox.require_sandbox.cache_clear()
    try:
        with pytest.raises(sandbox.SandboxUnavailable, match="refusing to grade"):
            sandbox.run({"limit": 1, "cells": [], "questions": {}}, {})
    finally:
        sandbox.require_sandbox.cache_clear()


def test_rows_are_written_as_each_student_is_graded(tmp_path, monkeypatch):
    """The gradebook holds each student's row as soon as that student is graded, so a run
    that is stopped keeps every finished row."""
    from coursework import grading

    def fake(grader, student_id, path, note="", written=None):
        return ({"student_id": student_id, "submission": path.name, "q1": 1.0, "reason": ""}, "")

    class Grader:
        name, points, manual, auto = "demo", {"q1": 1.0}, [], ["q1"]

    monkeypatch.setattr(grading, "grade_submission", fake)
    for who in ("ann", "ben", "cid"):
        (tmp_path / f"{who}.ipynb").write_text(json.dumps({"cells": []}), encoding="utf-8")
    book = tmp_path / "grades.csv"
    on_disk = []

    def look(row):  # called once a student is graded, before the next one starts
        on_disk.append(sorted(line.split(",")[0] for line in book.read_text(encoding="utf-8").splitlines()[1:]))

    grading.grade(tmp_path, book, grader=Grader(), jobs=1, on_row=look)
    assert on_disk == [["ann"], ["ann", "ben"], ["ann", "ben", "cid"]], on_disk


def test_an_installed_library_is_hidden_in_the_sandbox(tmp_path, monkeypatch):
    """Where logreg_lib is pip-installed (Gradescope's setup.sh), an empty folder is mounted
    over it, so the restricted copy is the only library the submission can load."""
    import site

    (tmp_path / "logreg_lib").mkdir()
    monkeypatch.setattr(site, "getsitepackages", lambda: [str(tmp_path)])
    args = sandbox._base_arguments()
    i = args.index("--tmpfs", args.index("--tmpfs") + 1)
    assert args[i + 1] == str((tmp_path / "logreg_lib").resolve()), args
