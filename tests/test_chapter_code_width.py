"""Visible code fits the page's code column (issue 13): no line over 80 characters.

A longer line scrolls sideways on the site and wraps in the PDF. Hidden cells (tags
``remove-cell`` or ``remove-input``) are exempt: no reader sees them.
"""

from pathlib import Path

import nbformat
import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
WIDTH = 80
CHAPTERS = sorted(BOOK.glob("0*.ipynb"))


def test_finds_the_chapters():
    assert len(CHAPTERS) == 6, CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_visible_code_lines_fit_the_column(path):
    nb = nbformat.read(path, as_version=4)
    long = []
    for index, cell in enumerate(nb.cells):
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type != "code" or tags & {"remove-cell", "remove-input"}:
            continue
        long += [(index, len(line), line) for line in cell.source.splitlines()
                 if len(line) > WIDTH]
    assert not long, f"visible code lines over {WIDTH} characters (cell, length, line): {long}"
