"""The built website: a strict build, then every page checked in a real browser.

The build runs once per test session (``jupyter-book build . --all -W -n --keep-going``,
which executes every notebook). The browser tests serve ``_build/html`` on 127.0.0.1 and
drive Debian's chromium through playwright. Where chromium is missing they are skipped with
a message saying how to install it, unless ``LOGREG_REQUIRE_BROWSER=1`` (set by ``.ci/run``)
makes a missing browser a failure.

A full-page screenshot of every page is saved under ``_build/screenshots/`` so a person can
look at what the tests looked at.
"""

import functools
import http.server
import inspect
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

import logreg_lib

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"

# A word that occurs in chapter 4 and on no other page; the search test checks both.
SEARCH_WORD = "coin"
SEARCH_PAGE = "book/04_training"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.book


def toc_pages():
    """Every page the table of contents lists, as paths without extension."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return pages


PAGES = toc_pages()


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


def test_search_word_is_unique_to_its_chapter(site):
    """The search test below is only meaningful if its word is on one page only."""
    holders = []
    for page in PAGES:
        text = re.sub(r"<[^>]+>", " ", (site / f"{page}.html").read_text(encoding="utf-8"))
        main = text.split("Skip to main content")[-1]
        if re.search(rf"\b{SEARCH_WORD}\b", main, flags=re.IGNORECASE):
            holders.append(page)
    assert holders == [SEARCH_PAGE], (
        f"SEARCH_WORD {SEARCH_WORD!r} should appear on {SEARCH_PAGE} only, found on {holders}; "
        "pick another word that only chapter 4 uses"
    )


# ---------------------------------------------------------------------------- browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _chromium_path():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    path = _chromium_path()
    if path is None:
        message = (
            "chromium is not installed; install it with "
            "`sudo apt-get update && sudo apt-get install -y chromium` to run the browser tests"
        )
        if os.environ.get("LOGREG_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (LOGREG_REQUIRE_BROWSER=1 requires them)")
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


HAS_RAW_TEX = r"""() => {
    const body = document.querySelector('main') || document.body;
    const clone = body.cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea')
         .forEach(e => e.remove());
    const m = clone.textContent.match(/\\(frac|sigma|beta|sum|prod|log|exp|mathbf|boldsymbol|top|partial|nabla|left|right|begin|hat|tilde|alpha|cdot)(?![a-zA-Z])|\$\$/);
    return m ? m[0] : null;
}"""

MATH_STATE = r"""async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    const math = Array.from(document.querySelectorAll('.math'));
    return {
        math: math.length,
        untypeset: math.filter(e => !e.querySelector('mjx-container')).length,
        containers: document.querySelectorAll('mjx-container').length,
    };
}"""

BROKEN_IMAGES = r"""() => Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src'))"""


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(page, server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests, failed, errors, bad_status = [], [], [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("response", lambda r: bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))

    response = tab.goto(f"{server}/{page}.html", wait_until="networkidle")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    math = tab.evaluate(MATH_STATE)
    tab.wait_for_load_state("networkidle")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{Path(page).name}.png"), full_page=True)

    outside = [u for u in requests if not u.startswith((server, "data:", "blob:", "about:"))]
    assert not outside, f"{page} requested something outside 127.0.0.1: {outside}"
    assert not failed, f"{page}: failed requests: {failed}"
    assert not bad_status, f"{page}: responses with an error status: {bad_status}"
    assert not errors, f"{page}: console errors: {errors}"
    assert not tab.evaluate(BROKEN_IMAGES), f"{page}: images that did not load"
    if math["math"]:
        assert math["containers"] > 0 and math["untypeset"] == 0, f"{page}: math not typeset: {math}"
    raw = tab.evaluate(HAS_RAW_TEX)
    assert raw is None, f"{page}: raw TeX {raw!r} left as text"
    context.close()


@pytest.mark.browser
def test_search_finds_chapter_4(server, browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{server}/search.html?q={SEARCH_WORD}", wait_until="networkidle")
    tab.wait_for_selector("ul.search li", timeout=15000)
    hits = tab.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    context.close()
    assert any(SEARCH_PAGE in h for h in hits), f"search for {SEARCH_WORD!r} found {hits}"
