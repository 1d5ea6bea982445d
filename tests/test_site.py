"""The built website: a strict build, then every page checked in a real browser.

The build runs once per test session (``jupyter-book build . --all -W -n --keep-going``,
which executes every notebook). The browser tests serve ``_build/html`` on 127.0.0.1 and
drive Debian's chromium through playwright (the checks live in ``site_checks.py``, shared
with the student edition's tests). Where chromium is missing they are skipped with a
message saying how to install it, unless ``LOGREG_REQUIRE_BROWSER=1`` (set by ``.ci/run``)
makes a missing browser a failure.

Every page is also audited with axe-core (vendored in ``tests/vendor/axe-core``) in the
light and the dark color scheme: a serious or critical violation fails the page, and every
violation is listed in ``_build/accessibility/full.md`` (the student edition's audit is in
``test_accessibility.py``).

A viewport-sized JPEG screenshot of every page is saved under ``_build/screenshots/`` so a
person can look at what the tests looked at (plus a full-page one for a page that fails).
"""

import functools
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import logreg_lib
from site_checks import (
    PAGES,
    ROOT,
    SEARCH_PAGE,
    SEARCH_WORD,
    AxeReport,
    bad_alt_images_in_html,
    check_page,
    search_hits,
    search_word_holders,
    serve,
)

BUILD = ROOT / "_build"
HTML = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"
AXE_REPORT = BUILD / "accessibility" / "full.md"

pytestmark = pytest.mark.book


@functools.lru_cache(maxsize=1)
def build_book():
    """Build the book strictly; return (returncode, combined log)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", str(ROOT), "--all", "-W", "-n", "--keep-going"]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=1800)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def site():
    returncode, log = build_book()
    if returncode != 0:
        pytest.fail("the strict book build failed; see test_book_builds_without_warnings")
    return HTML


def test_book_builds_without_warnings():
    returncode, log = build_book()
    sphinx_warnings = [line for line in log.splitlines() if re.search(r"(WARNING|ERROR):", line)]
    assert returncode == 0 and not sphinx_warnings, (
        "jupyter-book build -W -n failed:\n" + "\n".join(sphinx_warnings or log.splitlines()[-40:])
    )
    for page in PAGES:
        assert (HTML / f"{page}.html").is_file(), f"{page}.html was not built"


def test_api_reference_documents_every_public_name(site):
    """The API page is generated from docstrings; a public name it lacks is a gap."""
    html = (site / "book" / "api.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="(logreg_lib\.[\w.]+)"', html))
    missing = []
    for name in logreg_lib.__all__:
        obj = getattr(logreg_lib, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            documented = f"{obj.__module__}.{name}" in ids
        else:  # module-level data such as constants
            documented = any(i.endswith(f".{name}") for i in ids)
        if not documented:
            missing.append(name)
    assert not missing, f"not on the API page (add its module to book/api.md): {missing}"


def test_every_figure_has_a_real_alt_text(site):
    """docutils writes an image's file path as its alt text; the accessibility extension
    replaces it with the figure's caption. The chapters have figures, so the check counts."""
    html = {page: (site / f"{page}.html").read_text(encoding="utf-8") for page in PAGES}
    images = sum(len(re.findall(r"<img\b", text)) for text in html.values())
    assert images >= 6, f"only {images} images on the pages: the chapters' figures are missing"
    bad = bad_alt_images_in_html(site)
    assert not bad, "images whose alt text is empty or a file path:\n" + "\n".join(map(str, bad))
    # the alt text is the caption's text (its first words, before any math)
    for page, text in html.items():
        for tag, caption in re.findall(
                r'(<img\b[^>]*>)\s*<figcaption>\s*<p><span class="caption-number">[^<]*</span>'
                r'<span class="caption-text">([^<]{12,})', text):
            alt = re.search(r'alt="([^"]*)"', tag).group(1)
            assert alt.startswith(caption.strip()[:12]), f"{page}: alt {alt!r} is not the caption {caption!r}"


def test_search_word_is_unique_to_its_chapter(site):
    """The search test below is only meaningful if its word is on one page only."""
    holders = search_word_holders(site)
    assert holders == [SEARCH_PAGE], (
        f"SEARCH_WORD {SEARCH_WORD!r} should appear on {SEARCH_PAGE} only, found on {holders}; "
        "pick another word that only chapter 4 uses"
    )


# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def axe_report():
    """The full edition's axe-core findings, rewritten after every page."""
    return AxeReport("full", AXE_REPORT)


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(page, server, browser, axe_report):
    check_page(browser, server, page, SCREENSHOTS, audit=axe_report)


@pytest.mark.browser
def test_search_finds_chapter_4(server, browser):
    hits = search_hits(browser, server, SEARCH_WORD)
    assert any(SEARCH_PAGE in h for h in hits), f"search for {SEARCH_WORD!r} found {hits}"
