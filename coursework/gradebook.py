"""Where submissions come from and where grades go: folder layouts, rosters, the gradebook.

Submission layouts (:func:`find_submissions`):

- a single notebook: ``grade alice.ipynb`` (student id: the file name without ``.ipynb``);
- a flat folder of notebooks, one per student: ``submissions/alice.ipynb``;
- one subfolder per student, as GitHub Classroom (``<assignment>-<username>/``) and
  Gradescope's "Export submissions" (``submission_<number>/``, with
  ``submission_metadata.yml`` naming the students) lay them out; the notebook is found
  inside (the one of this assignment when there are several).

A roster (CSV with a ``student_id`` column and optionally a ``submission`` column naming
the file or folder) maps submissions to ids and gives every student on it a row, with
"no submission" when nothing was handed in.

The gradebook is a CSV keyed by ``student_id``: one column per question, ``total``,
``possible``, ``reason``. :func:`merge_rows` updates it in place: regrading one student
replaces that student's row and keeps everyone else's, and hand-graded (written) points
are kept across regrades.
"""

import csv
import json
import os
import re
import tempfile
from pathlib import Path

import yaml


def _assignment_of(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))["metadata"]["otter"]["assignment_name"]
    except Exception:
        return None


def _pick_notebook(folder, assignment):
    notebooks = sorted(p for p in Path(folder).rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and not p.name.startswith("."))
    if not notebooks:
        return None, "no notebook in the folder"
    if len(notebooks) == 1:
        return notebooks[0], ""
    ours = [p for p in notebooks if _assignment_of(p) == assignment]
    if ours:
        note = f"{len(notebooks)} notebooks handed in, graded {ours[-1].relative_to(folder)}"
        return ours[-1], (note if len(ours) > 1 else "")
    return notebooks[0], f"{len(notebooks)} notebooks handed in, graded {notebooks[0].name}"


def _gradescope_ids(folder):
    """``{submission folder: student id}`` from Gradescope's ``submission_metadata.yml``."""
    meta = Path(folder) / "submission_metadata.yml"
    if not meta.is_file():
        return {}
    data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    ids = {}
    for key, entry in data.items():
        submitters = (entry or {}).get(":submitters") or (entry or {}).get("submitters") or []
        if submitters:
            who = submitters[0]
            sid = who.get(":sid") or who.get("sid") or who.get(":email") or who.get("email")
            if sid:
                ids[str(key)] = str(sid)
    return ids


def read_roster(path):
    """``{submission name or student id: student id}`` and the list of ids, from a CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "student_id" not in rows[0]:
        raise SystemExit(f"{path}: a roster needs a 'student_id' column")
    ids = [r["student_id"].strip() for r in rows if r["student_id"].strip()]
    mapping = {}
    for r in rows:
        sid = r["student_id"].strip()
        for key in (r.get("submission") or "", sid):
            if key.strip():
                mapping[key.strip()] = sid
                mapping[Path(key.strip()).stem] = sid
    return mapping, ids


def find_submissions(source, assignment, roster=None, student=None):
    """``[(student_id, notebook path or None, note)]`` for a file or a folder.

    ``note`` says what was odd (several notebooks, none). Ids come from the roster when it
    names the file or folder, else from the layout. With ``student``, ``source`` is that
    one student's notebook or folder (regrading one student), and the roster's other
    students are left alone.
    """
    source = Path(source)
    mapping, roster_ids = read_roster(roster) if roster else ({}, [])
    if student is not None:
        if source.is_dir():
            notebook, note = _pick_notebook(source, assignment)
            return [(student, notebook, note)]
        if source.is_file():
            return [(student, source, "")]
        raise SystemExit(f"{source}: no such file or folder")
    found = []
    if source.is_file():
        found.append((source.stem, source, ""))
    elif source.is_dir():
        gradescope = _gradescope_ids(source)
        for entry in sorted(source.iterdir()):
            if entry.name.startswith(".") or entry.name == "submission_metadata.yml":
                continue
            if entry.is_file() and entry.suffix == ".ipynb":
                found.append((entry.stem, entry, ""))
            elif entry.is_dir():
                notebook, note = _pick_notebook(entry, assignment)
                sid = gradescope.get(entry.name) or _classroom_id(entry.name, assignment)
                found.append((sid, notebook, note))
    else:
        raise SystemExit(f"{source}: no such file or folder")
    rows = []
    for sid, notebook, note in found:
        key = notebook.name if notebook is not None else sid
        sid = mapping.get(sid) or mapping.get(key) or mapping.get(Path(key).stem) or sid
        rows.append((sid, notebook, note))
    seen = {sid for sid, _, _ in rows}
    rows += [(sid, None, "no submission") for sid in roster_ids if sid not in seen]
    ids = [sid for sid, _, _ in rows]
    duplicates = sorted({sid for sid in ids if ids.count(sid) > 1})
    if duplicates:
        raise SystemExit(f"several submissions map to the same student id: {duplicates}")
    return rows


def _classroom_id(folder_name, assignment):
    """GitHub Classroom names repositories ``<assignment slug>-<username>``."""
    for prefix in {assignment, assignment.replace("_", "-")}:
        if folder_name.startswith(prefix + "-"):
            return folder_name[len(prefix) + 1:]
    return folder_name


def infer_assignment(source, names):
    """The assignment the notebooks under ``source`` belong to, or None."""
    source = Path(source)
    paths = [source] if source.is_file() else list(source.rglob("*.ipynb")) if source.is_dir() else []
    found = {_assignment_of(p) for p in paths} & set(names)
    return found.pop() if len(found) == 1 else None


# ------------------------------------------------------------------------------ gradebook


def columns(points):
    return ["student_id", "submission", *points, "total", "possible", "reason"]


def read_gradebook(path):
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_gradebook(path, rows, points):
    """Write atomically (a temporary file renamed over the old one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns(points), extrasaction="ignore")
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r["student_id"]):
            writer.writerow({k: _cell(row.get(k, "")) for k in columns(points)})
    os.replace(tmp, path)


def _cell(value):
    if isinstance(value, float):
        return f"{value:g}"
    return value


def merge_rows(old_rows, new_row, points, manual):
    """The gradebook with ``new_row`` in place of that student's old row.

    Hand-graded points (``manual`` questions) already in the old row are kept when the new
    row has none; the total is recomputed from the question columns.
    """
    sid = new_row["student_id"]
    old = next((r for r in old_rows if r.get("student_id") == sid), {})
    row = dict(new_row)
    for q in manual:
        if row.get(q) in (None, "") and old.get(q) not in (None, ""):
            row[q] = old[q]
    finish_row(row, points, manual)
    return [r for r in old_rows if r.get("student_id") != sid] + [row]


def finish_row(row, points, manual):
    """Fill ``total``, ``possible`` and the note on ungraded written questions."""
    total = 0.0
    for q in points:
        value = row.get(q, "")
        if value not in (None, ""):
            total += float(value)
    row["total"] = round(total, 4)
    row["possible"] = sum(points.values())
    waiting = [q for q in manual if row.get(q) in (None, "")]
    reason = re.sub(r"(; )?written questions not graded yet: [\w, ]+", "", row.get("reason", "")).strip("; ")
    if waiting and row.get("submission"):
        reason = "; ".join(filter(None, [reason, "written questions not graded yet: " + ", ".join(waiting)]))
    row["reason"] = reason
    return row


def read_written(path):
    """Hand grades ``{student_id: {question: points}}`` from a CSV
    (``student_id, question, points, comment``); blank points are skipped."""
    grades = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if (r.get("points") or "").strip():
                grades.setdefault(r["student_id"].strip(), {})[r["question"].strip()] = float(r["points"])
    return grades
