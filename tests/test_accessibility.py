"""The student edition's accessibility: real alt texts and a clean axe-core audit.

The full edition is audited page by page in ``test_site.py`` (with its other browser
checks). The student edition is what a class reads, so it gets the same audit here: it is
built with ``coursework.student_site`` (solutions removed, pages from the notebooks' stored
outputs) into its own folder, ``_build/accessibility/student-site``, so that this module
shares no build with ``test_student_site.py`` and can run beside it on another worker.

Every page is checked in chromium, in the light and the dark color scheme: no serious or
critical axe-core violation, no image whose alt text is empty or a file path, MathJax's
assistive MathML present. All violations, blocking or not, are listed in
``_build/accessibility/student.md`` (and ``.json``).

The last test checks the build extension that writes the alt texts
(``book/_ext/accessibility.py``) on a small document tree, with no build.
"""

import functools
import re

import pytest

from coursework import student_site
from site_checks import PAGES, ROOT, AxeReport, bad_alt_images_in_html, check_accessibility, serve

# the student edition leaves out the instructors' pages
STUDENT_PAGES = [p for p in PAGES if p not in student_site.INSTRUCTORS_ONLY]

OUTPUT = ROOT / "_build" / "accessibility" / "student-site"
AXE_REPORT = ROOT / "_build" / "accessibility" / "student.md"

pytestmark = pytest.mark.book


@functools.lru_cache(maxsize=1)
def build_student_edition():
    return student_site.build(OUTPUT, True, True, True)


@pytest.fixture(scope="module")
def student_html():
    proc = build_student_edition()
    if proc.returncode != 0:
        pytest.fail("the student edition did not build; see test_student_edition_builds")
    return student_site.html_dir(OUTPUT)


def test_student_edition_builds():
    proc = build_student_edition()
    problems = [line for line in proc.stdout.splitlines() if re.search(r"(WARNING|ERROR):", line)]
    assert proc.returncode == 0 and not problems, (
        "the student edition did not build strictly:\n" + "\n".join(problems or proc.stdout.splitlines()[-40:]))


def test_student_figures_have_real_alt_texts(student_html):
    images = sum(len(re.findall(r"<img\b", (student_html / f"{p}.html").read_text(encoding="utf-8")))
                 for p in STUDENT_PAGES)
    assert images >= 6, f"only {images} images in the student edition: figures are missing"
    bad = bad_alt_images_in_html(student_html, STUDENT_PAGES)
    assert not bad, "images whose alt text is empty or a file path:\n" + "\n".join(map(str, bad))


@pytest.fixture(scope="module")
def student_server(student_html):
    with serve(student_html) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def axe_report():
    return AxeReport("student", AXE_REPORT)


@pytest.mark.browser
@pytest.mark.parametrize("page", STUDENT_PAGES)
def test_student_page_is_accessible(page, student_server, browser, axe_report):
    check_accessibility(browser, student_server, page, axe_report)


# ---------------------------------------------------------------------------- the extension


def _extension():
    import importlib.util

    spec = importlib.util.spec_from_file_location("accessibility_ext", ROOT / "book" / "_ext" / "accessibility.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_alt_text_is_the_caption_with_math_as_text(caplog):
    from docutils import nodes

    ext = _extension()
    doc = nodes.section()
    figure = nodes.figure()
    figure += nodes.image(uri="_images/0123abcd.png")
    figure += nodes.caption("", "", nodes.Text("Odds against "), nodes.math("", r"\hat{\beta}_1"),
                            nodes.Text(", with   "), nodes.math("", r"\frac{p}{1-p}"), nodes.Text("."))
    described = nodes.image(uri="_images/kept.png", alt="Already described")
    bare = nodes.image(uri="_images/bare.png")
    doc += [figure, described, bare]
    with caplog.at_level("WARNING"):
        ext.add_alt_text(None, doc, "page")
    images = list(doc.findall(nodes.image))
    assert images[0]["alt"] == "Odds against β̂_1, with (p)/(1-p)."
    assert images[1]["alt"] == "Already described"
    assert "alt" not in images[2]  # no caption: left alone, and reported
    assert any("_images/bare.png has no alt text and no caption" in r.getMessage() for r in caplog.records)
