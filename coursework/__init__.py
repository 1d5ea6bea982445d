"""Coursework kit: autograded assignments and the student edition of the site.

Each assignment is one master notebook, ``coursework/assignments/<NN_name>/master.ipynb``,
in otter-grader's assign format: questions, reference solutions and public and hidden
tests. The command-line interface (``python -m coursework --help``) generates the student
notebooks and autograders, checks a student's notebook, grades a class and builds the
student edition of the site. ``coursework/README.md`` documents it.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = Path(__file__).resolve().parent / "assignments"
BUILD = ROOT / "_build" / "coursework"


def assignment_names():
    """The assignments, in order: the folder names under ``coursework/assignments``."""
    return sorted(p.parent.name for p in ASSIGNMENTS.glob("*/master.ipynb"))


def master_path(name):
    return ASSIGNMENTS / name / "master.ipynb"


def questions(name):
    """``{question: points}`` of an assignment, read from its master's ``BEGIN QUESTION`` cells."""
    import json

    cells = json.loads(master_path(name).read_text(encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw" and source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            found[str(config["name"])] = float(config.get("points", 1))
    return found


def use_masters(folder):
    """Read masters and hidden checks from ``folder`` (``<folder>/<NN_name>/master.ipynb``
    and ``hidden.py``) instead of ``coursework/assignments``: the private-repository
    layout described in ``coursework/README.md``."""
    global ASSIGNMENTS
    folder = Path(folder).resolve()
    if not any(folder.glob("*/master.ipynb")):
        raise SystemExit(f"--masters {folder}: no <NN_name>/master.ipynb in it")
    ASSIGNMENTS = folder
