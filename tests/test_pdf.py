"""The printable edition: ``python -m coursework pdf`` makes a PDF of each edition.

Both PDFs are built once (single-page HTML builds from the notebooks' stored outputs,
printed by Debian's chromium) into ``_build/pdf/``. Their first pages, and the first page
holding a figure, are rendered to PNG with poppler's ``pdftoppm`` into
``_build/pdf/pages/`` for a person to look at; the tests read the text with ``pdftotext``
and list the images with ``pdfimages``. Skipped with a message where chromium or poppler
is missing, unless ``LOGREG_REQUIRE_BROWSER=1`` (``.ci/run``) requires them.
"""

import functools
import os
import re
import shutil
import subprocess
import sys

import pytest

from coursework import pdf
from site_checks import ROOT

PAGES_DIR = ROOT / "_build" / "pdf" / "pages"
TITLE = "Logistic Regression, derived and tested"

pytestmark = [pytest.mark.book, pytest.mark.browser]


def _require_tools():
    missing = [tool for tool in ("pdftoppm", "pdftotext", "pdfimages", "pdfinfo") if not shutil.which(tool)]
    if pdf.chromium_path() is None:
        missing.append("chromium")
    if missing:
        message = (f"{', '.join(missing)} not installed; install with "
                   "`sudo apt-get install -y chromium poppler-utils` to test the PDF edition")
        if os.environ.get("LOGREG_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (LOGREG_REQUIRE_BROWSER=1 requires them)")
        pytest.skip(message)


@functools.lru_cache(maxsize=1)
def build_pdfs():
    """Run the command a user runs, in its own process: the printing drives chromium with
    playwright's sync API, which cannot start inside a worker whose browser tests already
    run one (an asyncio loop is then live in the process)."""
    proc = subprocess.run([sys.executable, "-m", "coursework", "pdf"], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, "python -m coursework pdf failed:\n" + (proc.stdout + proc.stderr)[-4000:]
    return {edition: pdf.OUT / f"{edition}.pdf" for edition in pdf.EDITIONS}


@pytest.fixture(scope="module")
def pdfs():
    _require_tools()
    return build_pdfs()


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def text(path, first=None, last=None):
    pages = [] if first is None else ["-f", str(first), "-l", str(last)]
    return run("pdftotext", "-layout", *pages, str(path), "-")


def page_count(path):
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.MULTILINE).group(1))


def images(path):
    """(page, width, height) of every image in the PDF, icons included."""
    rows = run("pdfimages", "-list", str(path)).splitlines()[2:]
    found = []
    for row in rows:
        cells = row.split()
        if cells[2] == "image":
            found.append((int(cells[0]), int(cells[3]), int(cells[4])))
    return found


def render(path, page, name):
    """Render one page to PNG; return the PNG's path."""
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    stem = PAGES_DIR / f"{name}-{page}"
    run("pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(stem))
    return stem.with_suffix(".png")


def ink(png):
    """Share of the page's pixels that are not white."""
    from PIL import Image

    gray = Image.open(png).convert("L")
    histogram = gray.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.mark.parametrize("edition", pdf.EDITIONS)
def test_front_pages_show_title_and_contents(pdfs, edition):
    path = pdfs[edition]
    for page in (1, 2):
        png = render(path, page, edition)
        assert ink(png) > 0.005, f"page {page} of {path.name} renders blank ({png})"
    front = text(path, 1, 3)  # the title page and the contents
    assert TITLE in re.sub(r"\s+", " ", front), f"{path.name}: no title on the first pages"
    assert ("Student edition" in front) == (edition == "student")
    assert "Contents" in front
    chapters = re.findall(r"^\s*([1-6])\. \S", front, re.MULTILINE)
    assert sorted(set(chapters)) == list("123456"), f"{path.name}: the contents list chapters {chapters}"
    for page in ("Notation", "API reference", "Bibliography"):
        assert page in front, f"{path.name}: {page!r} missing from the contents"
    # the instructor's guide is in the full edition only (the student site leaves it out too)
    assert ("Instructor’s guide" in front) == (edition == "full"), (
        f"{path.name}: the instructor's guide is {'missing' if edition == 'full' else 'present'}")


@pytest.mark.parametrize("edition", pdf.EDITIONS)
def test_figures_math_and_page_numbers(pdfs, edition):
    path = pdfs[edition]
    total = page_count(path)
    assert total > 50, f"{path.name} has only {total} pages"
    figures = [img for img in images(path) if img[1] >= 300 and img[2] >= 200]
    assert len(figures) >= 20, f"{path.name}: only {len(figures)} figures ({figures[:5]})"
    first_figure_page = figures[0][0]
    assert first_figure_page < 20, f"{path.name}: the first figure is on page {first_figure_page}"
    png = render(path, first_figure_page, edition)
    assert ink(png) > 0.05, f"the page with the first figure renders nearly blank ({png})"
    assert re.search(r"Fig\. 1\.1\b", text(path, first_figure_page, first_figure_page)), (
        f"{path.name}: page {first_figure_page} shows a figure but not the caption of Fig. 1.1")
    assert re.search(rf"page 2 of {total}\b", text(path, 2, 2)), f"{path.name}: no page number on page 2"
    # Sphinx writes math as \( ... \) and \[ ... \] for MathJax; in the PDF's text these
    # delimiters mean a formula was printed untypeset (TeX in code listings has none, only
    # line breaks such as \\[1ex], which the look-behind skips).
    # pdf.print_pdf also refuses to print while any formula is untypeset.
    everything = text(path)
    raw = re.findall(r"(?<!\\)\\[(\[].{0,30}|\$\$.{0,30}", everything)
    assert not raw, f"{path.name}: TeX left untypeset: {raw[:5]}"
    assert re.search(r"Fig\. 6\.\d", everything), f"{path.name}: chapter 6's figures are missing"
    assert "Tagged:          yes" in run("pdfinfo", str(path)), f"{path.name} is not a tagged PDF"


def test_student_pdf_has_no_solutions(pdfs):
    full, student = text(pdfs["full"]), text(pdfs["student"])
    assert len(re.findall(r"Solution to Exercise", full)) >= 6, "the full edition shows no solutions"
    assert "Solution to Exercise" not in student
