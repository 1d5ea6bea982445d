"""One story: each experiment's numbers are computed in one chapter only (issue 13).

Later chapters link back to an experiment ({numref}, {doc}) instead of rerunning it. A
rerun shows up as the same precise number in the stored outputs of two chapters: printed
by a visible cell, or glued for the prose. This test reads the executed notebooks (no
kernel needed) and fails when a number with at least four significant digits that is not
a whole number appears in two chapters. Shorter numbers (0.5, 0.373, 1.20) coincide by
chance too often to mean anything, and whole numbers (569 tumors, 1.000) are facts about
the data or round values, not experiment results.
"""

import collections
import re
from pathlib import Path

import nbformat

BOOK = Path(__file__).resolve().parent.parent / "book"
NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")


def _significant_digits(token):
    mantissa = token.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa)


def _output_texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        for mime, value in out.get("data", {}).items():
            if mime.endswith("text/plain"):  # printed results and glued values
                yield value


def precise_numbers_by_chapter():
    """Map each precise number to the chapters whose stored outputs contain it."""
    where = collections.defaultdict(set)
    for path in sorted(BOOK.glob("0*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for text in _output_texts(cell):
                for token in NUMBER.findall(text):
                    value = float(token)
                    if _significant_digits(token) >= 4 and value != round(value):
                        where[token.lstrip("-")].add(path.stem)
    return where


def test_finds_the_chapters_and_their_numbers():
    where = precise_numbers_by_chapter()
    chapters = set().union(*where.values())
    assert len(chapters) == 6, chapters
    # chapter 1's extra-tumor experiment: its cut is printed to three decimals
    assert "15.398" in where and where["15.398"] == {"01_why_not_linear_regression"}


# Numbers that two chapters print for unrelated reasons, each read and explained; the
# test below also fails if one of them stops occurring, so the list cannot go stale.
COINCIDENCES = {
    "0.5000": "sigma(0) in chapter 2's table; the default threshold 0.5 in chapter 6",
    "10.41": "chapter 1's cut of the line at h = 0; a Wald T^2 in chapter 4's Hauck-Donner table",
    "2.014": "exp(0.7): the example slope of chapter 3's explorer and of chapter 6's "
             "case-control exercise",
    "1.542": "an odds ratio of the cervical table (ch. 3); a Platt intercept (ch. 6)",
    "1.054": "an odds-ratio interval end (ch. 3); a case-control intercept (ch. 6)",
    "1.046": "an odds ratio of age (ch. 3); a case-control intercept (ch. 6)",
}


def test_no_experiment_is_computed_in_two_chapters():
    where = precise_numbers_by_chapter()
    stale = sorted(t for t in COINCIDENCES if len(where.get(t, ())) < 2)
    assert not stale, f"these listed coincidences no longer occur; drop them: {stale}"
    repeats = {token: sorted(chs) for token, chs in where.items()
               if len(chs) > 1 and token not in COINCIDENCES}
    assert not repeats, (
        "the same precise number is printed or glued in two chapters; link back to the "
        f"chapter that owns the experiment instead of recomputing it: {repeats}"
    )
