"""The trusted grader: put the hidden cases to a submission in the sandbox, compare outside.

For one assignment, :class:`AssignmentGrader`

1. reads the master's questions and points, and the private ``hidden.py`` beside it;
2. draws each question's cases from a generator seeded at grading time;
3. runs the reference solutions (otter's solutions notebook) on those cases in the
   sandbox, once, and keeps their results;
4. for each submission, runs its code cells and the same cases in the sandbox (one run per
   set of forbidden library functions), and compares the results here, in this process,
   with NumPy that the submission never touched.

A cell that kills its process (``os._exit``, a crash, an endless loop that outlives its
time limit) is skipped and the notebook run again without it, so it costs only the
questions that needed it; the reason names it.
"""

import importlib.util
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import master_path, questions
from .sandbox import run as run_sandbox
from .spec import Call, Question, Value, decoded, encode_case, same

OTTER_CELL = re.compile(r"grader\s*=\s*otter\.Notebook\(|^\s*grader\.(check|check_all|export)\(.*\)\s*$")


class GradingError(RuntimeError):
    """The grader itself cannot work (not the student's fault): a broken reference."""


def load_hidden(name):
    """The ``QUESTIONS`` of ``<masters>/<name>/hidden.py``."""
    path = master_path(name).with_name("hidden.py")
    if not path.is_file():
        raise GradingError(f"{name} has no hidden checks: {path.name} is missing beside its master")
    spec = importlib.util.spec_from_file_location(f"coursework_hidden_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.QUESTIONS


def manual_questions(name):
    """Questions graded by hand (``manual: true`` in the master's ``BEGIN QUESTION``)."""
    import yaml

    cells = json.loads(master_path(name).read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            if config.get("manual"):
                found.append(str(config["name"]))
    return found


def code_cells(nb):
    """The cells to run: ``[{"index": n, "source": ..., "question": q}]``.

    ``index`` counts every cell from 1, as a student sees them in Jupyter; ``question``
    is the question whose check cell comes next (``None`` after the last one). otter's
    own cells (set-up, ``grader.check``) are left out: nothing of otter runs when grading.
    """
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ValueError("no list of cells")
    found, pending = [], []
    for i, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        check = re.fullmatch(r'\s*grader\.check\(\s*["\'](\w+)["\']\s*\)\s*', source)
        if check:
            for item in pending:
                item["question"] = check.group(1)
            pending = []
            continue
        if cell.get("cell_type") != "code" or not source.strip() or OTTER_CELL.search(source):
            continue
        item = {"index": i, "source": source, "question": None}
        found.append(item)
        pending.append(item)
    return found


@dataclass
class Evaluation:
    """What the sandbox reported for one notebook."""

    results: dict = field(default_factory=dict)   # {question: {case: record}}
    cell_errors: dict = field(default_factory=dict)  # {cell index: error text}
    skipped: dict = field(default_factory=dict)   # {cell index: why it was skipped}
    cell_question: dict = field(default_factory=dict)  # {cell index: question}


class AssignmentGrader:
    """Grades submissions of one assignment against its reference, in the sandbox."""

    def __init__(self, name, solutions, *, seed=None, limit=10.0, restarts=3):
        self.name = name
        self.points = questions(name)
        self.manual = manual_questions(name)
        self.hidden = load_hidden(name)
        unknown = set(self.hidden) - set(self.points)
        if unknown:
            raise GradingError(f"hidden.py of {name} grades unknown questions {sorted(unknown)}")
        self.auto = [q for q in self.points if q in self.hidden]
        missing = [q for q in self.points if q not in self.hidden and q not in self.manual]
        if missing:
            raise GradingError(f"{name}: questions {missing} are neither in hidden.py nor manual")
        self.seed = secrets.randbits(32) if seed is None else int(seed)
        self.limit = float(limit)
        self.restarts = restarts
        rng = np.random.default_rng(self.seed)
        self.cases = {q: self.hidden[q].case_list(rng) for q in self.auto}
        groups = {}
        for q in self.auto:
            groups.setdefault(tuple(sorted(self.hidden[q].forbid)), []).append(q)
        self.groups = groups
        self.reference = self._reference(Path(solutions))

    # -------------------------------------------------------------------- running

    def evaluate(self, notebook_bytes, file_name="submission.ipynb"):
        """Run a notebook (bytes of its JSON) in the sandbox; return an :class:`Evaluation`."""
        nb = json.loads(notebook_bytes.decode("utf-8"))
        cells = code_cells(nb)
        found = Evaluation(cell_question={c["index"]: c["question"] for c in cells})
        for forbid, group in self.groups.items():
            self._run_group(cells, group, forbid, notebook_bytes, file_name, found)
        return found

    def _run_group(self, cells, group, forbid, notebook_bytes, file_name, found):
        skip = set(found.skipped)
        pending = {q: dict(enumerate(self.cases[q])) for q in group}
        for _ in range(self.restarts + 1):
            todo = {q: [{**encode_case(case), "case": k} for k, case in cases.items()]
                    for q, cases in pending.items() if cases}
            if not todo:
                return
            run_cells = [{"index": c["index"], "source": c["source"]} for c in cells
                         if c["index"] not in skip]
            job = {"limit": self.limit, "cells": run_cells, "questions": todo}
            # the last resort, for code that holds the interpreter in C past the watchdog
            wall = 30 + (self.limit + 1) * (len(run_cells) + len(todo))
            records, status = run_sandbox(job, {Path(file_name).name: notebook_bytes},
                                          forbidden=forbid, wall_seconds=wall)
            if not any(r.get("event") == "ready" for r in records):
                raise GradingError(f"the sandbox did not start ({status}); is the environment "
                                   "complete (IPython, numpy, logreg_lib)?")
            started = None
            for record in records:
                event = record.get("event")
                if event == "start":
                    started = record.get("cell")
                elif event == "end":
                    started = None
                    # an error matters where the cell belongs to a question of this run
                    # (another run's forbidden functions may break the other cells)
                    if record.get("error") and found.cell_question.get(record.get("cell")) in group:
                        found.cell_errors.setdefault(record.get("cell"), str(record["error"]))
                elif event == "probe":
                    q, k = record.get("question"), record.get("case")
                    if q in pending and k in pending[q]:
                        found.results.setdefault(q, {})[k] = record
                        del pending[q][k]
            if status == "ok" and any(r.get("event") == "done" for r in records):
                break
            if status == "timeout" or any(r.get("event") == "watchdog" for r in records):
                how = f"did not stop at its time limit of {self.limit:g} s"
            else:
                how = f"ended the notebook's process ({status})"
            if started is not None:  # a cell killed the process: run again without it
                found.skipped[started] = how
                skip.add(started)
                continue
            # the process died during a question's calls: that question's remaining
            # calls fail (the same function would do it again); the others are tried again
            for q in group:
                if pending[q]:
                    for k in list(pending[q]):
                        found.results.setdefault(q, {})[k] = {"error": f"the call {how}"}
                    pending[q].clear()
                    break
        for q, cases in pending.items():
            for k in cases:
                found.results.setdefault(q, {})[k] = {"error": "not run: the notebook's process "
                                                      "kept ending early"}

    def _reference(self, solutions):
        nb_bytes = solutions.read_bytes()
        evaluation = self.evaluate(nb_bytes, solutions.name)
        reference = {}
        for q in self.auto:
            reference[q] = {}
            for k, case in enumerate(self.cases[q]):
                record = evaluation.results.get(q, {}).get(k, {})
                if "value" not in record:
                    raise GradingError(
                        f"the reference solution of {self.name} {q} fails on "
                        f"{case.describe()}: {record.get('error', 'no result')}")
                reference[q][k] = decoded(record["value"])
        if evaluation.cell_errors:
            raise GradingError(f"cells of the reference solution of {self.name} stopped with "
                               f"errors: {evaluation.cell_errors}")
        return reference

    # -------------------------------------------------------------------- scoring

    def score(self, evaluation):
        """``({question: points}, {question: [problem, ...]})`` for the auto-graded questions."""
        scores, problems = {}, {}
        for q in self.auto:
            question: Question = self.hidden[q]
            cases = self.cases[q]
            passed, notes = 0, []
            for k, case in enumerate(cases):
                record = evaluation.results.get(q, {}).get(k, {})
                expected = self.reference[q][k]
                if "value" in record and not _is_number_like(record["value"]):
                    notes.append(f"{case.describe()} {_not_numbers(record['value'], case)}")
                elif "value" in record:
                    got = decoded(record["value"])
                    ok = (question.compare(got, expected, case) if question.compare
                          else same(got, expected, question.rtol, question.atol))
                    if ok:
                        passed += 1
                    else:
                        notes.append(f"{case.describe()} {_difference(got, expected)}")
                else:
                    notes.append(self._explain(record.get("error", "no result"), case, q, evaluation))
            scores[q] = round(self.points[q] * passed / len(cases), 4)
            problems[q] = _dedupe(notes)
            broken = [i for i, e in sorted(evaluation.cell_errors.items())
                      if evaluation.cell_question.get(i) == q]
            if passed < len(cases):
                for i in broken:
                    problems[q].append(f"cell {i} stopped with {_short(evaluation.cell_errors[i])}")
                for i, how in sorted(evaluation.skipped.items()):
                    problems[q].append(f"cell {i} {how}; it was skipped")
            problems[q] = _dedupe(problems[q])
        return scores, problems

    def _explain(self, error, case, q, evaluation):
        error = str(error)
        forbidden = re.search(r"FORBIDDEN lr\.(\w+)", error)
        if forbidden:
            return (f"your code called lr.{forbidden.group(1)}, which this question asks you to "
                    "write yourself (it is unavailable when grading)")
        if error == "TimeLimit":
            return f"{case.describe()} took longer than the time limit of {self.limit:g} s"
        if error.startswith("NameError"):
            return f"{case.name} is not defined when the notebook has run ({_short(error)})"
        return f"{case.describe()} stopped with {_short(error)}"


def _short(text, n=160):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _dedupe(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _is_number_like(value):
    if not isinstance(value, dict):
        return False
    if "array" in value:
        return True
    return "seq" in value and all(_is_number_like(v) for v in value["seq"])


def _not_numbers(value, case):
    verb = "is" if isinstance(case, Value) else "returned"
    if not isinstance(value, dict):
        return f"{verb} something that is not a number"
    if value.get("none"):
        return f"{verb} None: replace the ... with your code (and `return` the result)"
    if "ellipsis" in str(value.get("other", "")):
        return f"{verb} still ...: replace it with your answer"
    what = value.get("other") or ("a string" if "str" in value else "not numbers")
    return f"{verb} {what}, not numbers"


def _difference(got, expected):
    """Why two results differ, without showing the expected values (hidden)."""
    if got is None:
        return "did not return numbers"
    if isinstance(expected, list) or isinstance(got, list):
        return "returned a result of the wrong structure"
    if got.shape != expected.shape:
        return f"returned shape {got.shape}, expected shape {expected.shape}"
    if not np.all(np.isfinite(got) == np.isfinite(expected)):
        return "returned nan or inf where a finite number was expected (or the reverse)"
    gap = float(np.max(np.abs(got - expected))) if got.size else 0.0
    return f"is off by up to {gap:.3g}"


__all__ = ["AssignmentGrader", "Call", "Value", "Question", "GradingError", "code_cells",
           "load_hidden", "manual_questions"]
