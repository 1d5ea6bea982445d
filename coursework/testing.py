"""Build submissions from a handout, for the kit's tests and for trying the grader out.

``filled(student, solutions)`` is the handout with the reference answers typed in, as a
student who solved everything would hand it in; ``replace`` swaps in other answers and
``with_cell`` adds a cell, which is how the tests write wrong, broken and cheating
submissions.
"""

import copy
import re


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def answer_cells_by_question(nb, tag="otter_answer_cell"):
    """``{question: [cell index, ...]}``: code answer cells before each ``grader.check("q")``."""
    found, pending = {}, []
    for i, cell in enumerate(nb["cells"]):
        if tag in cell.get("metadata", {}).get("tags", []) and cell["cell_type"] == "code":
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


def with_cell(nb, source, after=None, before_question=None):
    """A copy of ``nb`` with a code cell added: after cell ``after`` (0-based), or just
    before the answer cells of ``before_question``, or after the set-up cell."""
    nb = copy.deepcopy(nb)
    if before_question is not None:
        position = answer_cells_by_question(nb)[before_question][0]
    else:
        position = (after if after is not None else 2) + 1
    nb["cells"].insert(position, {"cell_type": "code", "metadata": {}, "execution_count": None,
                                  "outputs": [], "source": source.strip("\n")})
    return nb


def write_answer(nb, question_heading, text):
    """A copy of ``nb`` with ``text`` in the written answer cell after ``question_heading``."""
    nb = copy.deepcopy(nb)
    seen = False
    for cell in nb["cells"]:
        if question_heading in _source(cell):
            seen = True
        elif seen and "otter_answer_cell" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = text
            return nb
    raise ValueError(f"no written answer cell after {question_heading!r}")
