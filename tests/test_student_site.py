"""The student edition: a strict build with every solution removed, checked in a browser.

``python -m coursework student-site`` builds the book from the notebooks' stored outputs
with sphinx-exercise's ``hide_solutions`` and the course's ``student_edition`` extension
(which also removes gated solutions' code cells) into ``_build/student/_build/html``.

To know what the solutions say, this module also builds the full edition the same way
(stored outputs, solutions shown) into ``_build/student-reference/``: every solution's text
is read from that HTML, and each sentence or code line of it that the full edition shows
nowhere outside a solution must be absent from every page of the student edition. The
reference build must show as many solutions as the sources contain, so the check cannot
pass by finding none.

The student edition leaves out what is the instructors' only: the instructor's guide, the
library's source pages (``_modules``) and the repository button. Its download button serves
the chapters' student notebooks, and with ``repository.url`` empty (as committed) no page
links to a repository or a launch service.

The browser checks are the full edition's own (``site_checks.py``), run against the
student edition (screenshots in ``_build/screenshots/student/``). Nothing here writes into ``_build/html``, so this
module can run beside test_site.py on another worker.
"""

import functools
import json
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
import yaml

import site_checks
from coursework import student_site
from site_checks import (
    PAGES,
    ROOT,
    SEARCH_PAGE,
    SEARCH_WORD,
    check_page,
    search_hits,
    search_word_holders,
    serve,
)

STUDENT_PAGES = [p for p in PAGES if p not in student_site.INSTRUCTORS_ONLY]

STUDENT = ROOT / "_build" / "student"
REFERENCE = ROOT / "_build" / "student-reference"
SCREENSHOTS = ROOT / "_build" / "screenshots" / "student"

pytestmark = pytest.mark.book


@functools.lru_cache(maxsize=1)
def build_editions():
    """Build the student edition and the reference full edition (both at once)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        student = pool.submit(student_site.build, STUDENT, True, True, True)
        reference = pool.submit(student_site.build, REFERENCE, False, True, True)
        return student.result(), reference.result()


@pytest.fixture(scope="module")
def student_html():
    student, reference = build_editions()
    if student.returncode != 0 or reference.returncode != 0:
        pytest.fail("a build failed; see test_student_edition_builds_without_warnings")
    return student_site.html_dir(STUDENT)


# ---------------------------------------------------------------------------- HTML text


class _Text(HTMLParser):
    """A page's text, split into what is inside a solution admonition and what is not."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outside, self.solutions = [], []
        self._stack = []  # open elements: True where a solution starts
        self._depth = 0  # open solution elements

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "meta", "link", "input", "wbr", "source"):
            return
        classes = (dict(attrs).get("class") or "").split()
        starts = "solution" in classes and tag == "div"
        if starts and self._depth == 0:
            self.solutions.append([])
        self._stack.append(starts)
        self._depth += starts

    def handle_endtag(self, tag):
        if tag in ("br", "img", "hr", "meta", "link", "input", "wbr", "source") or not self._stack:
            return
        self._depth -= self._stack.pop()

    def handle_data(self, data):
        (self.solutions[-1] if self._depth else self.outside).append(data)


def page_text(path):
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.outside), ["".join(s) for s in parser.solutions]


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def fragments(text, shortest=30):
    """Sentences and code lines of a solution, long enough to be telling."""
    pieces = []
    for line in text.splitlines():
        pieces += re.split(r"(?<=[.!?;:])\s+", line)
    return {squash(p) for p in pieces if len(squash(p)) >= shortest}


def count_solution_directives():
    """How many solutions the sources of the table of contents hold."""
    total = 0
    for page in PAGES:
        path = ROOT / f"{page}.ipynb"
        if path.is_file():
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            path = ROOT / f"{page}.md"
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        total += len(re.findall(r"^\s*[`:]{3,}\s*\{solution(?:-start)?\}", text, flags=re.MULTILINE))
    return total


# ---------------------------------------------------------------------------- tests


def test_student_edition_builds_without_warnings():
    student, reference = build_editions()
    for name, proc in (("student edition", student), ("reference full edition", reference)):
        problems = [line for line in proc.stdout.splitlines() if re.search(r"(WARNING|ERROR):", line)]
        assert proc.returncode == 0 and not problems, (
            f"the {name} did not build strictly:\n" + "\n".join(problems or proc.stdout.splitlines()[-40:]))
    for page in STUDENT_PAGES:
        assert (student_site.html_dir(STUDENT) / f"{page}.html").is_file(), f"{page}.html missing"


def test_no_solution_text_on_any_student_page(student_html):
    reference_html = student_site.html_dir(REFERENCE)
    solutions, outside = [], []
    for page in PAGES:
        rest, found = page_text(reference_html / f"{page}.html")
        outside.append(squash(rest))
        solutions += [(page, s) for s in found]
    expected = count_solution_directives()
    assert len(solutions) == expected, (
        f"the full edition shows {len(solutions)} solutions but the sources hold {expected}: "
        "the solution markup changed, so this check would miss leaks")

    for path in reference_html.rglob("*.html"):  # the API pages and module sources too
        if path.relative_to(reference_html).with_suffix("").as_posix() not in PAGES:
            outside.append(squash(page_text(path)[0]))
    elsewhere = " ".join(outside)
    telling = {}
    for page, text in solutions:
        found = {f for f in fragments(text) if f not in elsewhere}
        if len(squash(text)) >= 80:
            assert found, f"a solution on {page} has no sentence of its own to look for: {text[:200]!r}"
        telling.setdefault(page, set()).update(found)

    student_pages = {p: squash(p.read_text(encoding="utf-8")) for p in student_html.rglob("*.html")}
    # all of a student page's text, inside any (leftover) solution markup or not
    student_text = {p: squash(" ".join([page_text(p)[0], *page_text(p)[1]])) for p in student_html.rglob("*.html")}
    leaks = []
    for page, found in telling.items():
        for fragment in found:
            for path, text in student_text.items():
                if fragment in text:
                    leaks.append(f"{path.relative_to(student_html)}: {fragment[:100]!r} (solution on {page})")
    assert not leaks, "solution text in the student edition:\n" + "\n".join(leaks[:30])
    for path, raw in student_pages.items():
        assert 'class="solution' not in raw, f"a solution admonition in {path.relative_to(student_html)}"


def test_downloads_are_the_student_notebooks(student_html):
    """Page sources, notebook downloads and launch buttons would all hand out solutions:
    the only notebooks the student edition offers are the generated student notebooks."""
    generated = STUDENT / "student-notebooks"
    offered = sorted(student_html.rglob("*.ipynb"))
    chapters = [p for p in STUDENT_PAGES if (ROOT / f"{p}.ipynb").is_file()]
    assert sorted(p.relative_to(student_html).as_posix() for p in offered) == sorted(
        f"_sources/{p}.ipynb" for p in chapters)
    for path in offered:
        assert path.read_bytes() == (generated / path.name).read_bytes(), f"{path.name} is not the student notebook"
    for page in chapters:
        raw = (student_html / f"{page}.html").read_text(encoding="utf-8")
        links = [h for h in re.findall(r'(?:href|src)="([^"]+)"', raw)
                 if h.split("#")[0].split("?")[0].endswith(".ipynb")]
        assert links == [f"../_sources/{page}.ipynb"], f"{page}: notebook links {links}"


def test_student_notebooks_number_equations_and_figures_as_the_site(student_html):
    """The student notebooks' prose refers to equations and figures by the site's numbers."""
    from coursework import student_notebooks

    chapters = student_notebooks.chapter_paths()
    labels = student_notebooks.reference_labels(chapters)
    seen = {"equations": 0, "figures": 0}
    for path in chapters:
        html = (student_html / "book" / f"{path.stem}.html").read_text(encoding="utf-8")
        for label, number in re.findall(r'id="equation-([^"]+)"[^>]*>\s*<span class="eqno">\(([^)]*)\)', html):
            assert labels.get("eq:" + label) == number, f"{path.stem}: equation {label} is ({number}) on the site"
            seen["equations"] += 1
        for name, number in re.findall(
                r'<figure[^>]*id="([^"]+)"[^>]*>.*?<span class="caption-number">Fig\. ([\d.]+) ', html, flags=re.S):
            assert labels.get(name) == f"Figure {number}", f"{path.stem}: {name} is Fig. {number} on the site"
            seen["figures"] += 1
    assert seen["equations"] >= 30 and seen["figures"] >= 20, seen


def test_instructors_material_left_out(student_html):
    for page in student_site.INSTRUCTORS_ONLY:
        assert not (student_html / f"{page}.html").exists(), f"the student edition publishes {page}"
        assert not list(student_html.rglob(f"{page.rsplit('/', 1)[-1]}.*")), f"a copy of {page}"
    assert not (student_html / "_modules").exists(), "the student edition publishes the library's source pages"
    for path in student_html.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert "instructors.html" not in raw, f"{path.relative_to(student_html)} links to the instructor's guide"
        assert "_modules/" not in raw, f"{path.relative_to(student_html)} links to a source page"


def test_no_launch_or_repository_link_without_repository_url(student_html):
    """As committed, repository.url is empty: no button or link to a made-up place."""
    url = (yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")).get("repository") or {}).get("url")
    if url:
        pytest.skip(f"repository.url is set ({url}): launch buttons are expected")
    assert student_site.repository_links(student_html) == {}


def test_repository_links_finds_buttons_and_links(tmp_path):
    """The check above can fail: it sees the theme's buttons and links to launch services."""
    (tmp_path / "a.html").write_text('<div class="dropdown dropdown-launch-buttons"></div>')
    (tmp_path / "b.html").write_text('<a href="https://mybinder.org/v2/gh/o/r/main?urlpath=x">B</a>')
    (tmp_path / "c.html").write_text('<a href="intro.html">fine</a>')
    assert sorted(student_site.repository_links(tmp_path)) == ["a.html", "b.html"]


# ---------------------------------------------------------------------------- configuration


def _theme_options(url, repository_button=True):
    from types import SimpleNamespace

    import repository_buttons

    # as Jupyter Book passes them: its defaults switch the repository button off
    config = SimpleNamespace(repository_button=repository_button, html_theme_options={
        "repository_url": url, "launch_buttons": {"binderhub_url": "https://mybinder.org"},
        "use_repository_button": False, "use_issues_button": False, "use_edit_page_button": False})
    repository_buttons._configure(None, config)
    return config.html_theme_options


def test_buttons_follow_repository_url(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "book" / "_ext"))
    empty = _theme_options("")
    assert "launch_buttons" not in empty and "repository_url" not in empty
    assert not any(empty[b] for b in ("use_repository_button", "use_issues_button", "use_edit_page_button"))
    real = _theme_options("https://github.com/someone/course")
    assert real["use_repository_button"] is True and real["launch_buttons"]
    student = _theme_options("https://github.com/someone/course", repository_button=False)
    assert student["use_repository_button"] is False


def test_student_config_launches_binder_on_the_student_notebooks():
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    base["repository"] = {"url": "https://github.com/someone/course", "branch": "main"}
    base["launch_buttons"] = {"notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org",
                              "colab_url": "https://colab.research.google.com"}
    config = student_site.site_config(True, STUDENT, base)
    # Colab opens files committed to the repository only; the student notebooks are generated
    assert config["launch_buttons"] == {"notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org"}
    assert config["repository"]["path_to_book"] == student_site.BINDER_NOTEBOOKS
    assert config["sphinx"]["config"]["repository_button"] is False
    assert "sphinx.ext.viewcode" not in config["sphinx"]["extra_extensions"]
    assert "book/instructors.*" in config["exclude_patterns"]
    assert "instructors" not in yaml.safe_dump(student_site.student_toc())


# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def student_server(student_html):
    with serve(student_html) as base_url:
        yield base_url


def test_search_word_is_unique_in_the_student_edition(student_html, monkeypatch):
    # site_checks.search_word_holders reads every page of _toc.yml; the student edition
    # has all but the instructors' pages
    monkeypatch.setattr(site_checks, "PAGES", STUDENT_PAGES)
    assert search_word_holders(student_html) == [SEARCH_PAGE]


@pytest.mark.browser
@pytest.mark.parametrize("page", STUDENT_PAGES)
def test_student_page_in_browser(page, student_server, browser):
    check_page(browser, student_server, page, SCREENSHOTS)


@pytest.mark.browser
def test_student_search_finds_chapter_4(student_server, browser):
    hits = search_hits(browser, student_server, SEARCH_WORD)
    assert any(SEARCH_PAGE in h for h in hits), f"search for {SEARCH_WORD!r} found {hits}"
