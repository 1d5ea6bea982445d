"""The printable edition: the book as one PDF, for the full and for the student edition.

    python -m coursework pdf                   # both: _build/pdf/full.pdf, _build/pdf/student.pdf
    python -m coursework pdf --edition student

Each edition is built as a single HTML page (Sphinx's ``singlehtml`` builder, from the
notebooks' stored outputs, with the configuration ``coursework.student_site`` derives from
``_config.yml``: the student edition without solutions), served on 127.0.0.1 and printed
by Debian's chromium through playwright once MathJax has typeset every formula. Before
printing, a title block and a table of contents (every chapter and section, linked) are
put at the top of the page; the PDF gets an outline (bookmarks), tagged structure for
screen readers, and page numbers in its footer. Nothing is fetched from the network.
"""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import yaml

from .student_site import ROOT, site_config, student_toc

OUT = ROOT / "_build" / "pdf"
EDITIONS = ("full", "student")

# Headless chromium flags that work in a container without a GPU or a network.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 300_000

# Run in the page before printing: a title block and a linked table of contents of the
# pages (chapters, guide, reference) and their sections, built from the single page's
# structure; each page will start a new sheet.
PREPARE = r"""([title, subtitle]) => {
    const main = document.querySelector('main') || document.body;
    const article = main.querySelector('article') || main;
    const head = document.createElement('section');
    head.className = 'pdf-front';
    const h = document.createElement('p');
    h.className = 'pdf-title';
    h.textContent = title;
    head.appendChild(h);
    if (subtitle) {
        const s = document.createElement('p');
        s.className = 'pdf-subtitle';
        s.textContent = subtitle;
        head.appendChild(s);
    }
    const nav = document.createElement('nav');
    nav.className = 'pdf-contents';
    nav.setAttribute('aria-label', 'Contents');
    const label = document.createElement('h2');
    label.textContent = 'Contents';
    nav.appendChild(label);
    const list = document.createElement('ol');
    let n = 0;
    const entry = (section, into) => {
        const heading = section.querySelector(':scope > h1, :scope > h2, :scope > h3');
        if (!heading) { return null; }
        if (!section.id) { section.id = 'pdf-section-' + (n++); }
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = '#' + section.id;
        const clone = heading.cloneNode(true);
        clone.querySelectorAll('.headerlink').forEach(e => e.remove());
        link.textContent = clone.textContent.replace(/\s+/g, ' ').trim();
        item.appendChild(link);
        into.appendChild(item);
        return item;
    };
    // The root page, then every page the table of contents lists (in a singlehtml build
    // they are the sections of the toctree wrappers), each with its own sections.
    const root = article.querySelector('section');
    const pages = [root, ...article.querySelectorAll('.toctree-wrapper > section')];
    pages.forEach(page => {
        const item = entry(page, list);
        if (!item) { return; }
        item.className = 'pdf-chapter';
        page.classList.add('pdf-page');
        const sub = document.createElement('ol');
        page.querySelectorAll(':scope > section').forEach(section => entry(section, sub));
        item.appendChild(sub);
    });
    list.querySelectorAll('ol:empty').forEach(e => e.remove());
    nav.appendChild(list);
    head.appendChild(nav);
    article.insertBefore(head, article.firstChild);
    return list.querySelectorAll('li.pdf-chapter').length;
}"""

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
@media print {
  .pdf-front { page-break-after: always; break-after: page; }
  .pdf-title { font-size: 2.2rem; font-weight: 700; margin: 30mm 0 4mm 0; }
  .pdf-subtitle { font-size: 1.2rem; margin-bottom: 14mm; }
  .pdf-contents ol { list-style: none; padding-left: 0; }
  .pdf-contents ol ol { padding-left: 1.5em; font-size: 0.92em; }
  .pdf-contents li.pdf-chapter { margin-top: 0.6em; font-weight: 600; }
  .pdf-contents li.pdf-chapter li { font-weight: 400; }
  .pdf-contents a { color: inherit; text-decoration: none; }
  section.pdf-page { break-before: page; }
  figure, img, .math, mjx-container[display="true"] { break-inside: avoid; }
  /* The theme's light-gray captions are hard to read on paper. */
  figcaption, figcaption p, figcaption span { color: #24292f !important; }
  /* Chromium breaks pages only between blocks, not inside the theme's flex layout. */
  .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
  .bd-page-width { display: block !important; }
  /* The theme's own printed contents list (top level only) gives way to .pdf-contents. */
  .onlyprint, .headerlink, .header-article, .bd-header-article, .prev-next-area, .bd-footer,
  .bd-footer-article, .bd-sidebar-primary, .bd-sidebar-secondary, .pst-js-only,
  #pst-back-to-top, .bd-header { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
}
"""

FOOTER = ('<div style="font-size:8px; width:100%; padding:0 16mm; color:#444; '
          'display:flex; justify-content:space-between;"><span>{title}</span>'
          '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def chromium_path():
    """Debian's chromium, or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def build_singlehtml(edition, out=OUT, quiet=True):
    """Build one edition as a single HTML page; returns (process, html folder)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    folder = (Path(out) / edition).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    config = site_config(hide_solutions=edition == "student", config_dir=folder)
    config_path = folder / "_config.yml"
    header = "# Generated by `python -m coursework pdf` from _config.yml: do not edit.\n"
    config_path.write_text(header + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", ".", "--all", "--builder", "singlehtml",
           "--config", os.path.relpath(config_path, ROOT), "--path-output", os.path.relpath(folder, ROOT),
           "-W", "-n", "--keep-going"]
    if edition == "student":  # the student edition's contents: no instructors' pages
        toc_path = folder / "_toc.yml"
        toc_path.write_text("# Generated by `python -m coursework pdf` from _toc.yml: do not edit.\n"
                            + yaml.safe_dump(student_toc(), sort_keys=False), encoding="utf-8")
        cmd += ["--toc", os.path.relpath(toc_path, ROOT)]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, text=True, timeout=1800,
                          stdout=subprocess.PIPE if quiet else None,
                          stderr=subprocess.STDOUT if quiet else None)
    return proc, folder / "_build" / "singlehtml", config["title"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` on 127.0.0.1 (a free port), quietly; yield the base URL.

    Chromium prints the book from here, and the tests' browser checks use it too.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def print_pdf(html_dir, pdf_path, title, subtitle=""):
    """Print ``html_dir/index.html`` (a singlehtml build) to ``pdf_path`` with chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium is not installed: `sudo apt-get install -y chromium`")
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with serve(html_dir) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        try:
            context = browser.new_context(color_scheme="light")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            outside, missing = [], []
            page.on("request", lambda r: outside.append(r.url)
                    if not r.url.startswith((url, "data:", "blob:", "about:")) else None)
            # The theme asks for the search index, which a singlehtml build does not write.
            page.on("response", lambda r: missing.append(f"{r.status} {r.url}")
                    if r.status >= 400 and not r.url.endswith("/searchindex.js") else None)
            page.goto(f"{url}/{_single_page(html_dir)}", wait_until="networkidle")
            # Every formula typeset before printing (MathJax is served from the book itself).
            page.evaluate("async () => { if (window.MathJax && MathJax.startup) "
                          "await MathJax.startup.promise; }")
            page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
            untypeset = page.evaluate("() => Array.from(document.querySelectorAll('.math'))"
                                      ".filter(e => !e.querySelector('mjx-container')).length")
            if untypeset:
                raise RuntimeError(f"{untypeset} formulas were not typeset by MathJax")
            chapters = page.evaluate(PREPARE, [title, subtitle])
            if not chapters:
                raise RuntimeError(f"no chapter headings found in {html_dir}/index.html")
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            if outside or missing:
                raise RuntimeError(f"the page requested something outside 127.0.0.1 ({outside}) "
                                   f"or missing ({missing})")
            page.pdf(path=str(pdf_path), format="A4", print_background=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER.format(title=_escape(title)),
                     margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                     scale=0.8, outline=True, tagged=True)
        finally:
            browser.close()
    return pdf_path


def _single_page(html_dir):
    """The one page of a singlehtml build, where its relative links resolve.

    Sphinx names the page after the root document (``book/intro.html``, with ``index.html``
    redirecting to it) but writes its links relative to the build folder: a copy at the
    top, ``print.html``, is the page as intended.
    """
    html_dir = Path(html_dir)
    config = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    page = html_dir / f"{config['root']}.html"
    if not page.is_file():
        raise RuntimeError(f"the single-page build has no {page}")
    shutil.copyfile(page, html_dir / "print.html")
    return "print.html"


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build(editions=EDITIONS, out=OUT, quiet=True):
    """Build the PDF of each edition; returns {edition: pdf path}. Raises on a failed build."""
    made = {}
    for edition in editions:
        proc, html_dir, title = build_singlehtml(edition, out, quiet)
        if proc.returncode != 0:
            log = proc.stdout or ""
            raise RuntimeError(f"the {edition} edition's single-page build failed:\n" + log[-4000:])
        subtitle = "Student edition: exercises without solutions" if edition == "student" else \
            "Full edition, with the exercises' solutions"
        title = title.replace(" (student edition)", "")
        made[edition] = print_pdf(html_dir, Path(out) / f"{edition}.pdf", title, subtitle)
    return made
