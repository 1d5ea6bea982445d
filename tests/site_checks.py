"""What every built edition of the site must satisfy, shared by the site tests.

``test_site.py`` applies these checks to the full edition, ``test_student_site.py`` and
``test_accessibility.py`` to the student edition: the pages the table of contents lists, a
local HTTP server on 127.0.0.1, and one function that opens a page in chromium and asserts
everything a reader needs (status 200, no request leaving 127.0.0.1, no failed request or
console error, images loaded and described by a real alt text, math typeset, no raw TeX),
optionally audits it with axe-core, and saves a viewport-sized JPEG screenshot (plus a
full-page one when a check fails).

Every browser wait has an explicit, generous timeout (``TIMEOUT_MS``): on a loaded 2-core
machine a page with many figures can take well over playwright's default 30 s to settle.

Run as a script to serve an existing build while working on the checks (no rebuild)::

    python tests/site_checks.py _build/html        # prints the URL; Ctrl-C to stop
"""

import collections
import contextlib
import functools
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script (python tests/site_checks.py DIR)
    sys.path.insert(0, str(ROOT))

from coursework.pdf import serve  # noqa: E402  (the quiet local server that prints the PDF)

# Generous, explicit timeouts for every browser wait (milliseconds).
TIMEOUT_MS = 180_000

# axe-core, vendored (see tests/vendor/axe-core/README.md); injected into each page.
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# Violations of these impacts fail a page; the others are listed in the report.
BLOCKING_IMPACTS = ("critical", "serious")

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
    const math = Array.from(document.querySelectorAll('.math'));
    // MathJax loads asynchronously: on a loaded machine the page can be "network idle"
    // before its script has run, so wait for it (up to two minutes) when there is math.
    const ready = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
    const start = Date.now();
    while (math.length && !ready() && Date.now() - start < 120000) {
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    if (ready()) {
        await MathJax.startup.promise;
    }
    return {
        math: math.length,
        untypeset: math.filter(e => !e.querySelector('mjx-container')).length,
        containers: document.querySelectorAll('mjx-container').length,
        // MathJax's assistive output: MathML a screen reader reads, one per formula.
        assistive: document.querySelectorAll('mjx-container mjx-assistive-mml').length,
        // formulas MathJax could not parse: it shows them as a red "Math input error"
        errors: Array.from(document.querySelectorAll('mjx-merror'))
            .map(e => e.getAttribute('data-mjx-error')),
    };
}"""

BROKEN_IMAGES = r"""() => Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src'))"""

# Images in the page's content whose alt text is missing, empty, or a file name or path
# (what docutils writes when no alt is given). Decorative images outside <main> (none
# today) would be judged by axe-core instead.
BAD_ALT_IMAGES = r"""() => Array.from(document.querySelectorAll('main img'))
    .map(img => ({src: img.getAttribute('src'), alt: img.getAttribute('alt')}))
    .filter(({src, alt}) => alt === null || alt.trim() === ''
        || /\.(png|jpe?g|gif|svg|webp)$/i.test(alt.trim()) || alt.includes('_images/')
        || (src !== null && alt.trim() === src))"""

# The color scheme the theme shows (sphinx-book-theme sets it on <html>, following the
# reader's system setting when the mode is "auto").
THEME_IS = r"""scheme => document.documentElement.dataset.theme === scheme"""

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"

# Resolves once styles are recomputed and two frames painted, and no CSS animation or
# transition is running.
SETTLED = r"""async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    await frame();
    await frame();
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""

AXE_RUN = r"""async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                  summary: n.failureSummary})),
    }));
}"""


def bad_alt_images_in_html(html_dir, pages=None):
    """``(page, src, alt)`` for every ``<img>`` of the built pages without a real alt text.

    The static twin of ``BAD_ALT_IMAGES``: reads the HTML files, no browser needed.
    """
    found = []
    for page in pages or PAGES:
        html = (Path(html_dir) / f"{page}.html").read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*>", html):
            src = re.search(r'\ssrc="([^"]*)"', tag)
            alt = re.search(r'\salt="([^"]*)"', tag)
            src, alt = (src.group(1) if src else None), (alt.group(1).strip() if alt else None)
            if (not alt or re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt, re.IGNORECASE)
                    or "_images/" in alt or alt == src):
                found.append((page, src, alt))
    return found


class AxeReport:
    """axe-core's findings over the pages of one edition, written as a Markdown report.

    ``add`` records one page's violations; ``write`` lists every rule that fired (blocking
    or not) with its impact, the pages and how many elements, so the non-blocking rest is
    on record and can be worked down.
    """

    def __init__(self, edition, path):
        self.edition, self.path = edition, Path(path)
        self.pages = {}

    def add(self, page, violations, scheme="light"):
        self.pages[page if scheme == "light" else f"{page} ({scheme})"] = violations
        self.write()  # after every page, so the report is there even if a run stops early

    def write(self):
        rules = collections.OrderedDict()
        for page, violations in sorted(self.pages.items()):
            for v in violations:
                entry = rules.setdefault(v["id"], {"impact": v["impact"], "help": v["help"],
                                                   "url": v["helpUrl"], "pages": {}})
                entry["pages"][page] = len(v["nodes"])
        order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
        lines = [f"# axe-core audit: {self.edition} edition", "",
                 f"axe-core {_axe_version()}, its default rules (WCAG 2.x A and AA, best practices), "
                 f"{len(self.pages)} audits (each page in the light and in the dark color "
                 "scheme). Violations of impact "
                 f"{' or '.join(BLOCKING_IMPACTS)} fail the tests; the rest are listed here.", ""]
        if not rules:
            lines.append("No violations.")
        else:
            lines += ["| rule | impact | elements | pages | what it asks |", "|---|---|---|---|---|"]
            for rule, e in sorted(rules.items(), key=lambda kv: (order.get(kv[1]["impact"], 9), kv[0])):
                pages = ", ".join(f"{Path(p).name} ({n})" for p, n in e["pages"].items())
                lines.append(f"| [{rule}]({e['url']}) | {e['impact']} | {sum(e['pages'].values())} "
                             f"| {pages} | {e['help']} |")
            lines += ["", "## Elements", ""]
            for page, violations in sorted(self.pages.items()):
                for v in violations:
                    for n in v["nodes"]:
                        lines.append(f"- `{page}` {v['id']} ({v['impact']}): `{n['target']}`")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.path.with_suffix(".json").write_text(json.dumps(self.pages, indent=1), encoding="utf-8")
        return self.path


@functools.lru_cache(maxsize=1)
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def _axe_version():
    match = re.match(r"/\*! axe v([\d.]+)", _axe_source())
    return match.group(1) if match else "(unknown version)"


def axe_violations(tab):
    """Run axe-core on the open page; return its violations (id, impact, help, nodes)."""
    tab.add_script_tag(content=_axe_source())
    return tab.evaluate(AXE_RUN)


def blocking(violations):
    """The violations that fail a page, one line each."""
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements: "
            f"{', '.join(n['target'] for n in v['nodes'][:3])}): {v['help']}"
            for v in violations if v["impact"] in BLOCKING_IMPACTS]


def new_tab(browser, **context_options):
    """A fresh context and page with the generous timeouts; returns (context, page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


def screenshot(tab, path, full_page=False):
    """A JPEG of the viewport (about 150 kB) or, for a failure, of the whole page (its first
    60000 pixels: a JPEG cannot be taller than 65535)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    clip = None
    if full_page:
        height = tab.evaluate("() => document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": tab.viewport_size["width"], "height": min(height, 60000)}
    tab.screenshot(path=str(path), type="jpeg", quality=70, full_page=full_page, clip=clip,
                   animations="disabled", caret="hide", timeout=TIMEOUT_MS)


def audit_open_page(tab, page, audit):
    """axe-core on the page open in ``tab``, in the light and the dark color scheme (the
    theme follows the reader's system setting); records the violations in ``audit`` and
    fails on a serious or critical one."""
    serious = []
    # The theme fades colors when the scheme changes: measured mid-fade, contrast is wrong.
    tab.add_style_tag(content=NO_TRANSITIONS)
    for scheme in ("light", "dark"):
        tab.emulate_media(color_scheme=scheme)
        tab.wait_for_function(THEME_IS, arg=scheme)
        tab.evaluate(SETTLED)
        violations = axe_violations(tab)
        audit.add(page, violations, scheme)
        serious += [f"[{scheme}] {line}" for line in blocking(violations)]
    assert not serious, (
        f"{page}: axe-core found serious or critical accessibility violations "
        f"(report: {audit.path}):\n" + "\n".join(serious))


def check_accessibility(browser, base_url, page, audit):
    """Only the accessibility checks of ``check_page``: real alt texts, MathJax's assistive
    MathML, and the axe-core audit (for an edition whose other checks run elsewhere)."""
    context, tab = new_tab(browser)
    try:
        tab.goto(f"{base_url}/{page}.html", wait_until="networkidle")
        math = tab.evaluate(MATH_STATE)
        assert math["assistive"] == math["containers"], (
            f"{page}: MathJax's assistive MathML is off for some formulas: {math}")
        bad_alt = tab.evaluate(BAD_ALT_IMAGES)
        assert not bad_alt, f"{page}: images without a real alt text (a caption gives one): {bad_alt}"
        audit_open_page(tab, page, audit)
    finally:
        context.close()


def check_page(browser, base_url, page, screenshot_dir, audit=None):
    """Open one page the way a reader would and assert that it works offline.

    Saves ``screenshot_dir/NAME.jpg`` (the viewport) and, when a check fails,
    ``NAME-failed-full-page.jpg``. With ``audit`` (an ``AxeReport``), also runs axe-core:
    the page's violations go into the report and a serious or critical one fails the page.
    """
    context, tab = new_tab(browser)
    requests, failed, errors, bad_status = [], [], [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("response", lambda r: bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    name = Path(page).name
    try:
        response = tab.goto(f"{base_url}/{page}.html", wait_until="networkidle")
        assert response is not None and response.status == 200, (
            f"{page}: HTTP {response and response.status}")
        math = tab.evaluate(MATH_STATE)
        tab.wait_for_load_state("networkidle")
        screenshot(tab, Path(screenshot_dir) / f"{name}.jpg")

        outside = [u for u in requests if not u.startswith((base_url, "data:", "blob:", "about:"))]
        assert not outside, f"{page} requested something outside 127.0.0.1: {outside}"
        assert not failed, f"{page}: failed requests: {failed}"
        assert not bad_status, f"{page}: responses with an error status: {bad_status}"
        assert not errors, f"{page}: console errors: {errors}"
        assert not tab.evaluate(BROKEN_IMAGES), f"{page}: images that did not load"
        if math["math"]:
            assert math["containers"] > 0 and math["untypeset"] == 0, (
                f"{page}: math not typeset: {math}")
            assert not math["errors"], f"{page}: formulas MathJax could not read: {math['errors']}"
            assert math["assistive"] == math["containers"], (
                f"{page}: MathJax's assistive MathML is off for some formulas: {math}")
        raw = tab.evaluate(HAS_RAW_TEX)
        assert raw is None, f"{page}: raw TeX {raw!r} left as text"
        bad_alt = tab.evaluate(BAD_ALT_IMAGES)
        assert not bad_alt, f"{page}: images without a real alt text (a caption gives one): {bad_alt}"
        if audit is not None:
            audit_open_page(tab, page, audit)
    except Exception:
        # The whole page, for a person to look at; never hides the original failure.
        with contextlib.suppress(Exception):
            screenshot(tab, Path(screenshot_dir) / f"{name}-failed-full-page.jpg", full_page=True)
        raise
    finally:
        context.close()


def search_hits(browser, base_url, word):
    """The links the site's own search page lists for ``word``."""
    context, tab = new_tab(browser)
    try:
        tab.goto(f"{base_url}/search.html?q={word}", wait_until="networkidle")
        tab.wait_for_selector("ul.search li")
        return tab.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()


if __name__ == "__main__":
    import time

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html")
    with serve(folder) as url:
        print(f"serving {folder} at {url}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
