"""What every built edition of the site must satisfy, shared by the site tests.

``test_site.py`` applies these checks to the full edition and ``test_student_site.py`` to
the student edition: the pages the table of contents lists, a local HTTP server on
127.0.0.1, and one function that opens a page in chromium and asserts everything a reader
needs (status 200, no request leaving 127.0.0.1, no failed request or console error,
images loaded, math typeset, no raw TeX) and saves a full-page screenshot.
"""

import contextlib
import functools
import http.server
import re
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# A word that occurs in chapter 4 and on no other page; the search tests check both.
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 (a free port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def search_word_holders(html_dir):
    """The toc pages whose main text contains SEARCH_WORD."""
    holders = []
    for page in PAGES:
        text = re.sub(r"<[^>]+>", " ", (Path(html_dir) / f"{page}.html").read_text(encoding="utf-8"))
        main = text.split("Skip to main content")[-1]
        if re.search(rf"\b{SEARCH_WORD}\b", main, flags=re.IGNORECASE):
            holders.append(page)
    return holders


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


def check_page(browser, base_url, page, screenshot_dir):
    """Open one page the way a reader would and assert that it works offline."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests, failed, errors, bad_status = [], [], [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("response", lambda r: bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = tab.goto(f"{base_url}/{page}.html", wait_until="networkidle")
        assert response is not None and response.status == 200, (
            f"{page}: HTTP {response and response.status}")
        math = tab.evaluate(MATH_STATE)
        tab.wait_for_load_state("networkidle")

        Path(screenshot_dir).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(screenshot_dir) / f"{Path(page).name}.png"), full_page=True)

        outside = [u for u in requests if not u.startswith((base_url, "data:", "blob:", "about:"))]
        assert not outside, f"{page} requested something outside 127.0.0.1: {outside}"
        assert not failed, f"{page}: failed requests: {failed}"
        assert not bad_status, f"{page}: responses with an error status: {bad_status}"
        assert not errors, f"{page}: console errors: {errors}"
        assert not tab.evaluate(BROKEN_IMAGES), f"{page}: images that did not load"
        if math["math"]:
            assert math["containers"] > 0 and math["untypeset"] == 0, (
                f"{page}: math not typeset: {math}")
        raw = tab.evaluate(HAS_RAW_TEX)
        assert raw is None, f"{page}: raw TeX {raw!r} left as text"
    finally:
        context.close()


def search_hits(browser, base_url, word):
    """The links the site's own search page lists for ``word``."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(f"{base_url}/search.html?q={word}", wait_until="networkidle")
        tab.wait_for_selector("ul.search li", timeout=15000)
        return tab.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()
