"""The student edition: remove every exercise solution, gated ones included.

sphinx-exercise's ``hide_solutions = True`` drops a ``{solution}`` directive, but for a
gated solution (``{solution-start}`` ... ``{solution-end}``) it drops only the opening
directive: the notebook cells in between (the solution's code and its outputs) and the
closing marker stay in the page. This extension, loaded only by the student edition's
generated configuration (``python -m coursework student-site``), makes ``solution-start``
leave a marker and then deletes everything from the marker to its ``solution-end``.

It also makes the page's download button serve the chapter's *student notebook* (no
hidden checks, no solutions; ``python -m coursework student-notebooks``): the build copies
the page sources into ``_sources/`` (``html_copy_source``), and when it finishes, every
copied notebook is replaced by the student notebook of the same name from the folder
``student_notebooks`` names. A copied notebook without a student version is an error: the
build fails rather than publish an author's notebook.

A solution it cannot remove safely (an end marker that is not a sibling of its start,
say because a heading sits between them) is reported as a warning, which the strict
build (``-W``) turns into a failure: a solution never leaks silently.
"""

import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

logger = logging.getLogger(__name__)


class removed_solution_start(nodes.Element):
    """Where a gated solution began; removed, with what follows, before writing."""


class StudentSolutionStartDirective(SolutionStartDirective):
    def run(self):
        result = super().run()  # registers the start for sphinx-exercise's structure check
        if not self.config.hide_solutions:
            return result
        marker = removed_solution_start()
        marker["label"] = self.arguments[0]
        self.set_source_info(marker)
        return [marker]


class RemoveGatedSolutions(SphinxTransform):
    """Delete each marker, the nodes after it and its ``solution-end``."""

    # After sphinx-exercise's structure check (1), before its merge of gated
    # solutions (10), which with hidden solutions has nothing left to merge.
    default_priority = 5

    def apply(self):
        if not self.config.hide_solutions:
            return
        for marker in list(self.document.findall(removed_solution_start)):
            parent = marker.parent
            siblings = parent.children
            start = siblings.index(marker)
            end = next(
                (i for i in range(start + 1, len(siblings)) if isinstance(siblings[i], solution_end_node)),
                None,
            )
            if end is None:
                logger.warning(
                    "student edition: the solution to %r has no solution-end at the same level; "
                    "it cannot be removed safely",
                    marker["label"],
                    location=marker,
                )
                continue
            del parent[start : end + 1]


def _check_nothing_left(app, doctree, docname):
    """A solution node or marker left in a page at this point would be published."""
    if not app.config.hide_solutions:
        return
    kinds = (solution_node, solution_start_node, solution_end_node, removed_solution_start)
    for node in doctree.findall(lambda n: isinstance(n, kinds)):
        logger.warning("student edition: a solution survived in %s", docname, location=node)


MARKER = "logreg-student-notebook"  # coursework/student_notebooks.py marks its cells


def _serve_student_notebooks(app, exception):
    """Replace each copied chapter notebook in ``_sources/`` by its student notebook."""
    if exception is not None or not app.config.hide_solutions or app.builder.format != "html":
        return
    copied = sorted((Path(app.outdir) / "_sources").rglob("*.ipynb"))
    if not copied:
        return
    folder = Path(app.srcdir) / (app.config.student_notebooks or "")
    if not app.config.student_notebooks or not folder.is_dir():
        raise ExtensionError(
            f"student edition: no student notebooks in {app.config.student_notebooks!r} "
            "(python -m coursework student-notebooks); the page sources would be the full notebooks")
    for target in copied:
        student = folder / target.name
        if not student.is_file():
            raise ExtensionError(f"student edition: no student notebook for {target.name}")
        cells = json.loads(student.read_text(encoding="utf-8"))["cells"]
        if not any(MARKER in c.get("metadata", {}) for c in cells):
            raise ExtensionError(f"student edition: {student.name} is not a generated student notebook")
        shutil.copyfile(student, target)


def _skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(removed_solution_start, html=(_skip, None), latex=(_skip, None), text=(_skip, None))
    app.add_directive("solution-start", StudentSolutionStartDirective, override=True)
    app.add_transform(RemoveGatedSolutions)
    app.connect("doctree-resolved", _check_nothing_left)
    app.add_config_value("student_notebooks", "", "html", types=[str])
    app.connect("build-finished", _serve_student_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
