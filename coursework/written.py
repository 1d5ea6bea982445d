"""Hand-grading the written (derivation) questions: one file per question, a CSV to fill in.

``export`` reads each submission's answers to the questions its master marks
``manual: true`` (the cells between otter's ``<!-- BEGIN QUESTION -->`` and
``<!-- END QUESTION -->`` markers), and writes, into the output folder:

- ``<question>.md``: the question's rubric (from the private ``hidden.py``, ``RUBRICS``),
  then every student's answer, so a grader reads one question across the class;
- ``written.csv``: ``student_id, question, points, comment``, with ``points`` blank, for
  the grader to fill in; ``written-import`` merges it into the gradebook.

Nothing is executed: the answers are read as text.
"""

import csv
import importlib.util
import json
from pathlib import Path

from . import master_path, questions


def rubrics(name):
    path = master_path(name).with_name("hidden.py")
    spec = importlib.util.spec_from_file_location(f"coursework_rubrics_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "RUBRICS", {})


def written_answers(nb, manual):
    """``{question: text}``: what a notebook holds between each manual question's markers."""
    answers, current, order = {}, None, iter(manual)
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if "<!-- BEGIN QUESTION -->" in source:
            current = next(order, None)
            if current is not None:
                answers[current] = []
            continue  # the prompt
        if "<!-- END QUESTION -->" in source:
            current = None
            continue
        if current is not None and source.strip():
            fence = "```python\n" if cell.get("cell_type") == "code" else ""
            answers[current].append(fence + source.strip() + ("\n```" if fence else ""))
    return {q: "\n\n".join(parts).strip() for q, parts in answers.items()}


def export(source, out, assignment=None, roster=None):
    """Write ``<question>.md`` per written question and ``written.csv``; return the paths."""
    from . import assignment_names
    from .gradebook import find_submissions, infer_assignment
    from .grader import manual_questions

    assignment = assignment or infer_assignment(source, assignment_names())
    if assignment is None:
        raise SystemExit("cannot tell the assignment: pass --assignment")
    manual = manual_questions(assignment)
    if not manual:
        raise SystemExit(f"{assignment} has no written questions")
    points = questions(assignment)
    rubric = rubrics(assignment)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    answers = {}
    for student_id, path, _ in find_submissions(source, assignment, roster):
        try:
            nb = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
        except (ValueError, UnicodeDecodeError):
            nb = {}
        answers[student_id] = written_answers(nb, manual) if isinstance(nb, dict) else {}
    made = []
    placeholder = "_Type your answer here, replacing this text._"
    for q in manual:
        lines = [f"# {assignment}, {q} (written, {points[q]:g} points)", "",
                 "## Rubric", "", rubric.get(q, "(no rubric in hidden.py)").strip(), ""]
        for student_id in sorted(answers):
            text = answers[student_id].get(q, "")
            if not text or text == placeholder:
                text = "*(no answer)*"
            lines += [f"## {student_id}", "", text, ""]
        path = out / f"{q}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        made.append(path)
    table = out / "written.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "question", "points", "comment"])
        for student_id in sorted(answers):
            for q in manual:
                blank = not answers[student_id].get(q) or answers[student_id][q] == placeholder
                writer.writerow([student_id, q, "0" if blank else "", "no answer" if blank else ""])
    made.append(table)
    return made
