"""Build the student edition of the site: every exercise solution removed.

The configuration is generated at build time from ``_config.yml`` and ``_toc.yml`` (never
a second copy kept by hand) with these changes:

- ``hide_solutions: true`` (sphinx-exercise) and the local extension
  ``book/_ext/student_edition.py``, which also removes gated solutions' code cells;
- ``execute_notebooks: "off"``: pages are built from the notebooks' stored outputs, which
  the test suite (nbval) keeps identical to what the code produces;
- what is the instructors' only: the instructor's guide (``book/instructors.md``) is left
  out of the table of contents, the library's source pages (``_modules``, from
  ``sphinx.ext.viewcode``) are not generated, and there is no repository button;
- the download button of a chapter serves its *student notebook* (``python -m coursework
  student-notebooks``: no checks, no solutions), which the build writes over the page
  source; the other page sources are the Markdown pages, which hold no solution;
- launch buttons only once ``repository.url`` is set, and then only Binder, opening the
  student notebook that ``binder/postBuild`` generates in ``student-notebooks/book/`` (as
  the full edition's do; Colab can open only files committed to the repository: a
  student uploads the downloaded notebook instead).

The site lands in ``_build/student/_build/html`` (the full edition is ``_build/html``).
"""

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STUDENT_DIR = ROOT / "_build" / "student"


INSTRUCTORS_ONLY = ("book/instructors",)
# where binder/postBuild writes the student notebooks, as the Binder button opens them
BINDER_NOTEBOOKS = "student-notebooks"


def student_toc():
    """``_toc.yml`` without the pages that are the instructors' only."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def keep(entries):
        kept = []
        for entry in entries or []:
            if entry.get("file") in INSTRUCTORS_ONLY:
                continue
            if "sections" in entry:
                entry = {**entry, "sections": keep(entry["sections"])}
            kept.append(entry)
        return kept

    if "parts" in toc:
        for part in toc["parts"]:
            part["chapters"] = keep(part.get("chapters"))
        toc["parts"] = [part for part in toc["parts"] if part["chapters"]]
    if "chapters" in toc:
        toc["chapters"] = keep(toc["chapters"])
    return toc


def site_config(hide_solutions=True, config_dir=STUDENT_DIR, base=None):
    """The book's configuration, changed for the student edition; relative paths only.

    ``hide_solutions=False`` gives the full edition built the same way (stored outputs),
    which the tests use as the reference for what the solutions say. ``base`` replaces
    the contents of ``_config.yml`` (for tests).
    """
    if base is None:
        base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = copy.deepcopy(base)
    config["title"] = config["title"] + (" (student edition)" if hide_solutions else "")
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    sphinx = config.setdefault("sphinx", {})
    # Merged into the theme options jupyter-book derives from _config.yml, not replacing them.
    sphinx["recursive_update"] = True
    extensions = dict(sphinx.get("local_extensions") or {})
    extensions["student_edition"] = "book/_ext"
    # jupyter-book resolves a local extension's folder against the configuration file.
    rel = os.path.relpath(ROOT, config_dir)
    sphinx["local_extensions"] = {name: f"{rel}/{path}" for name, path in extensions.items()}
    settings = sphinx.setdefault("config", {})
    settings["hide_solutions"] = hide_solutions
    settings["html_show_sourcelink"] = False
    if not hide_solutions:
        config.pop("launch_buttons", None)
        settings["html_copy_source"] = False
        settings["html_theme_options"] = {"use_download_button": False}
        return config

    # the instructors' pages and sources stay out
    sphinx["extra_extensions"] = [e for e in sphinx.get("extra_extensions") or [] if e != "sphinx.ext.viewcode"]
    config["exclude_patterns"] = list(config.get("exclude_patterns") or []) + [f"{p}.*" for p in INSTRUCTORS_ONLY]
    settings["repository_button"] = False  # book/_ext/repository_buttons.py
    # the download button serves the student notebooks (book/_ext/student_edition.py)
    settings["html_copy_source"] = True
    settings["html_theme_options"] = {"use_download_button": True}
    settings["student_notebooks"] = os.path.relpath(config_dir / "student-notebooks", ROOT)
    # Binder only (the student notebook exists only once binder/postBuild has run)
    launch = {k: v for k, v in (config.get("launch_buttons") or {}).items()
              if k in ("notebook_interface", "binderhub_url")}
    if launch.get("binderhub_url"):
        config["launch_buttons"] = launch
        config.setdefault("repository", {})["path_to_book"] = BINDER_NOTEBOOKS
    else:
        config.pop("launch_buttons", None)
    return config


def build(output=STUDENT_DIR, hide_solutions=True, strict=True, quiet=False):
    """Write the generated configuration into ``output`` and build the site there.

    Returns the finished process (``returncode``, ``stdout`` holding the whole log).
    ``hide_solutions=False`` builds the full edition the same way (the tests use it as
    the reference that shows which texts are solutions).
    """
    output = Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    config_path = output / "_config.yml"
    header = "# Generated by `python -m coursework student-site` from _config.yml: do not edit.\n"
    config_path.write_text(header + yaml.safe_dump(site_config(hide_solutions, output), sort_keys=False),
                           encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", ".", "--all", "--config", os.path.relpath(config_path, ROOT),
           "--path-output", os.path.relpath(output, ROOT)]
    if hide_solutions:
        from .student_notebooks import generate

        notebooks = output / "student-notebooks"
        shutil.rmtree(notebooks, ignore_errors=True)
        generate(notebooks)
        toc_path = output / "_toc.yml"
        header = "# Generated by `python -m coursework student-site` from _toc.yml: do not edit.\n"
        toc_path.write_text(header + yaml.safe_dump(student_toc(), sort_keys=False), encoding="utf-8")
        cmd += ["--toc", os.path.relpath(toc_path, ROOT)]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    if quiet:
        return subprocess.run(cmd, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=1800)
    return subprocess.run(cmd, cwd=ROOT, env=env, text=True, timeout=1800)


def html_dir(output=STUDENT_DIR):
    """Where the built pages are."""
    return Path(output) / "_build" / "html"


# Where a page would send a reader to the repository or to a launch service.
_REPOSITORY_LINK = re.compile(
    r'(?:href|src)="([^"]*(?:github\.com|gitlab\.com|mybinder\.org|colab\.research\.google\.com'
    r'|/hub/user-redirect/git-pull)[^"]*)"')


def repository_links(html_dir):
    """``{page: [links]}`` of a built site's pages that link to a repository or launch service,
    or carry the theme's repository or launch buttons.

    With ``repository.url`` empty this must be empty for both editions: no page points to a
    place that does not exist. (The full edition's site tests may call it too.)
    """
    found = {}
    for path in sorted(Path(html_dir).rglob("*.html")):
        raw = path.read_text(encoding="utf-8")
        links = _REPOSITORY_LINK.findall(raw)
        # sphinx-book-theme's labels of its launch, repository, edit and issues buttons
        links += [marker for marker in ("dropdown-launch-buttons", "source-repository-button",
                                        "source-edit-button", "source-issues-button") if marker in raw]
        if links:
            found[path.relative_to(html_dir).as_posix()] = links
    return found
