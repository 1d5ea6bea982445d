"""Student notebooks for every chapter, generated from the chapter notebooks.

    python -m coursework student-notebooks [--out DIR]

A chapter notebook (``book/0N_*.ipynb``) is the author's view: hidden check cells full of
assertions, every exercise solution, ``glue`` calls that feed numbers into the prose, and
MyST markup that only Jupyter Book renders. Its student notebook, written to
``_build/student-notebooks/`` by default, is what a student opens in Jupyter, Binder,
Colab or a JupyterHub:

- a first cell that makes ``logreg_lib`` importable where it is missing: it installs the
  library from the repository set in ``_config.yml`` (``repository.url``, the course's one
  setting for its public address) or, with no address set, stops with a message saying
  how to install it;
- a second cell with a stand-in for ``myst_nb.glue`` (it does nothing), so that no cell
  needs the book's toolchain (the ``from myst_nb import glue`` line is removed), and that
  switches on the sliders of ``logreg_lib.plotting.interactive`` (``LOGREG_WIDGETS=1``);
- no hidden cells: a cell tagged ``remove-cell`` (or both ``remove-input`` and
  ``remove-output``) exists for the book's checks and glue only, and goes;
- no solutions: ``{solution}`` blocks and everything between ``{solution-start}`` and
  ``{solution-end}`` (markdown and code cells alike) go; each exercise keeps its text and
  gets a "Your answer" markdown cell and an empty code cell under it;
- the prose as plain Markdown: ``{glue:text}`` numbers are filled in from the chapter's
  stored outputs (which nbval keeps equal to what the code computes), figure captions
  follow their figures, cross-references become words, ``literalinclude`` becomes the
  code it includes;
- outputs, execution counts and cell metadata cleared.

Generation refuses (``StudentNotebookError``) rather than guessing when it meets something
it cannot convert safely: a solution without its end, a glue name with no stored value, a
reference to ``myst_nb`` other than the glue import.

Only the standard library and PyYAML are needed, so Binder's ``postBuild`` can run it.
"""

import ast
import copy
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "student-notebooks"

MARKER = "logreg-student-notebook"  # cell metadata key marking the generated cells


class StudentNotebookError(ValueError):
    """A chapter notebook holds something that cannot be converted safely."""


# ----------------------------------------------------------------------------- settings


def book_config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}


def repository(config=None):
    """``(url, branch)`` of the course's public repository; ``url`` is ``""`` when unset."""
    repo = (config if config is not None else book_config()).get("repository") or {}
    return (repo.get("url") or "").strip().rstrip("/"), (repo.get("branch") or "main").strip()


def chapter_paths():
    """The chapter notebooks in the order of the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").is_file()]


# ----------------------------------------------------------------------------- cells


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _markdown(text, role=None):
    cell = {"cell_type": "markdown", "metadata": {}, "source": text}
    if role:
        cell["metadata"][MARKER] = role
    return cell


def _code(text, role=None):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text}
    if role:
        cell["metadata"][MARKER] = role
    return cell


def is_hidden(cell):
    """A cell the site never shows: it exists for the book's checks and glue only."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    return "remove-cell" in tags or {"remove-input", "remove-output"} <= tags


def install_cell(url, branch):
    """The first cell: import logreg_lib, installing it from the repository if needed."""
    if url:
        action = (
            f'    source = "logreg_lib[plot] @ git+{url}@{branch}"\n'
            '    print(f"installing {source} ...")\n'
            '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", source,\n'
            '                           "pandas", "scikit-learn"])\n'
            "    importlib.invalidate_caches()\n"
        )
    else:
        action = (
            "    raise ModuleNotFoundError(\n"
            '        "logreg_lib is not installed, and this notebook was generated without the "\n'
            '        "course\'s repository address (repository.url in _config.yml). Install the "\n'
            '        "library from a copy of the course: pip install \'/path/to/the/course[plot]\' "\n'
            '        "pandas scikit-learn, then restart the kernel.")\n'
        )
    return (
        "# Makes logreg_lib, the course's library, importable where it is not installed\n"
        "# (Colab, a bare JupyterHub). Run this cell first.\n"
        "import importlib\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("logreg_lib") is None:\n'
        + action
        + 'print("logreg_lib is ready")'
    )


GLUE_CELL = (
    "import os\n"
    "\n"
    "# Sliders for the interactive explorations (the website shows still figures instead).\n"
    'os.environ["LOGREG_WIDGETS"] = "1"\n'
    "\n"
    "\n"
    "# The book's website fills the numbers this notebook computes into its text with\n"
    "# myst_nb's `glue`. Here the numbers are already in the text: `glue` does nothing.\n"
    "def glue(name, value, display=True):\n"
    "    pass"
)

_GLUE_IMPORT = re.compile(r"^[ \t]*from[ \t]+myst_nb[ \t]+import[ \t]+glue[ \t]*(#.*)?\n?", re.MULTILINE)


def student_code(text, where):
    """A code cell's source without the glue import; any other use of myst_nb refuses."""
    text = _GLUE_IMPORT.sub("", text)
    if re.search(r"\bmyst_nb\b", text):
        raise StudentNotebookError(f"{where}: uses myst_nb beyond `from myst_nb import glue`")
    return text


def _names(targets):
    """Names bound or changed by assignment targets (``x``, ``x[i]``, ``x.a``, ``a, b``)."""
    names = set()
    for target in targets:
        for n in ast.walk(target):
            if isinstance(n, ast.Name):
                names.add(n.id)
    return names


def _stores(statement):
    """Names a top-level statement leaves bound or changed for the cells after it.

    Loop variables, comprehension variables and ``with ... as`` names are left out: they
    are the statement's own business, and a later cell that uses the same name for its own
    loop does not need them.
    """
    names = set()
    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        names |= _names(targets)
    elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        names.add(statement.name)
    elif isinstance(statement, (ast.Import, ast.ImportFrom)):
        names.update((a.asname or a.name).split(".")[0] for a in statement.names)
    for field in ("body", "orelse", "finalbody"):
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for inner in getattr(statement, field, []) or []:
                names |= _stores(inner)
    for handler in getattr(statement, "handlers", []) or []:
        for inner in handler.body:
            names |= _stores(inner)
    return names


def _local(statement):
    """Names a statement binds for its own use: loop, comprehension, ``as`` and parameter names."""
    names = set()
    for n in ast.walk(statement):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
            names |= _names([n.target])
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            names |= _names([n.optional_vars])
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            names |= {a.arg for a in ast.walk(n.args) if isinstance(a, ast.arg)}
    return names


def _loads(statement):
    return {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _free(statements):
    """Names a sequence of statements reads before binding them itself."""
    free, bound = set(), set()
    for statement in statements:
        free |= _loads(statement) - bound - _local(statement)
        bound |= _stores(statement)
    return free


class _NoAsserts(ast.NodeTransformer):
    def visit_Assert(self, node):
        return ast.Pass()


def _is_check(statement):
    """An assertion, or a bare call of ``glue``: what a hidden cell is for."""
    if isinstance(statement, ast.Assert):
        return True
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Name) and statement.value.func.id == "glue")


def support_code(cells):
    """``{index: code}`` for the hidden cells whose results later cells use.

    A hidden cell mostly asserts and glues, but now and then it also computes a value that
    a visible cell below uses. Walking the notebook backwards, a hidden cell's statement is
    kept when it binds a name that a kept cell further down reads; its assertions become
    ``pass``. Everything else of the hidden cells goes.
    """
    needed, kept = set(), {}
    for index in range(len(cells) - 1, -1, -1):
        code, hidden = cells[index]
        if code is None:
            continue
        tree = ast.parse(code)
        if not hidden:
            needed = (needed - {n for st in tree.body for n in _stores(st)}) | _free(tree.body)
            continue
        chosen = []
        for statement in reversed(tree.body):
            if _is_check(statement) or not (_stores(statement) & needed):
                continue
            chosen.append(statement)
            needed = (needed - _stores(statement)) | _free([statement])
        if chosen:
            module = ast.Module(body=[_NoAsserts().visit(s) for s in reversed(chosen)], type_ignores=[])
            kept[index] = ast.unparse(ast.fix_missing_locations(module))
    return kept


# ----------------------------------------------------------------------------- glue values


def glued_values(notebook):
    """``{name: text/plain}`` of every value the chapter glued, from its stored outputs."""
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            data = output.get("data", {})
            prefix = scrap.get("mime_prefix", "")
            text = data.get(prefix + "text/plain", data.get("text/plain"))
            if text is not None:
                values[scrap["name"]] = "".join(text) if isinstance(text, list) else text
    return values


def format_glue(text, spec):
    """A glued value as ``{glue:text}`` shows it (a format spec applies to numbers)."""
    if not spec:
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return text[1:-1]
        return text
    number = re.fullmatch(r"(?:np\.\w+\()?([^()]*)\)?", text.strip()).group(1)
    return format(float(number), spec)


# ----------------------------------------------------------------------------- markdown


_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<args>.*)$")


def _find_close(lines, start, fence):
    """Index of the line closing the directive opened at ``start`` with ``fence``."""
    char, width = fence[0], len(fence)
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= width:
            return i
    return None


def _split_options(body_lines):
    """``(options, body)`` of a directive: leading ``:key: value`` lines, then the rest."""
    options, i = {}, 0
    while i < len(body_lines):
        m = re.match(r"^\s*:([\w-]+):\s*(.*)$", body_lines[i])
        if not m:
            break
        options[m.group(1)] = m.group(2).strip()
        i += 1
    return options, "\n".join(body_lines[i:]).strip("\n")


def _pyobject_source(path, name):
    """The source of a top-level function or class, as ``literalinclude :pyobject:`` shows it."""
    text = path.read_text(encoding="utf-8")
    body = ast.parse(text).body
    *outer, last = name.split(".")
    for part in outer:  # Class.method
        body = next((n.body for n in body if getattr(n, "name", None) == part), [])
    for node in body:
        if getattr(node, "name", None) == last:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            lines = text.splitlines()[start - 1 : node.end_lineno]
            indent = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
            return "\n".join(l[indent:] for l in lines)
    raise StudentNotebookError(f"literalinclude: {name!r} not found in {path.name}")


class Converter:
    """Turns one chapter's MyST markdown into plain Markdown for Jupyter."""

    ADMONITIONS = {"note": "Note", "warning": "Warning", "caution": "Caution", "tip": "Tip",
                   "important": "Important", "hint": "Hint", "seealso": "See also",
                   "attention": "Attention", "danger": "Danger", "error": "Error"}

    def __init__(self, chapter, glue, labels, source_dir):
        self.chapter = chapter  # file name, for messages
        self.glue = glue
        self.labels = labels  # label -> words a reference to it becomes
        self.source_dir = source_dir

    # roles --------------------------------------------------------------------------

    def roles(self, text):
        def glue_text(m):
            name, _, spec = m.group(2).partition(":")
            if name not in self.glue:
                raise StudentNotebookError(
                    f"{self.chapter}: no stored value for glue name {name!r}; execute the chapter "
                    "first (.ci/execute_notebooks.py)")
            return format_glue(self.glue[name], spec)

        def target(m):
            role, content = m.group(1), m.group(2)
            shown = re.fullmatch(r"(.*?)\s*<([^<>]+)>", content, flags=re.DOTALL)
            explicit, label = (shown.group(1), shown.group(2)) if shown else (None, content)
            if role in ("func", "meth", "class", "mod", "attr", "obj", "data", "exc"):
                if explicit:
                    return f"`{explicit}`"
                name = label.lstrip("~")
                if label.startswith("~"):
                    name = name.rsplit(".", 1)[-1]
                return f"`{name}()`" if role in ("func", "meth") else f"`{name}`"
            if role == "eq":
                return f"({self.labels.get('eq:' + label, label)})"
            if role in ("cite:p", "cite:t", "cite"):
                keys = ", ".join(k.strip() for k in label.split(","))
                return f"[{keys}]"
            if role == "doc":
                if explicit:
                    return explicit
                return self.labels.get("doc:" + label.split("/")[-1], label)
            if role in ("ref", "numref"):
                words = self.labels.get(label)
                if words is None:
                    raise StudentNotebookError(f"{self.chapter}: unknown reference target {label!r}")
                if role == "numref" and explicit:
                    return explicit.replace("%s", words.split()[-1]).replace("{number}", words.split()[-1])
                return explicit or words
            raise StudentNotebookError(f"{self.chapter}: no plain-Markdown form for the role {{{role}}}")

        text = re.sub(r"\{(glue:text|glue)\}`([^`]+)`", glue_text, text)
        text = re.sub(r"(?<![\\^_\w])\{([a-z][\w:-]*)\}`([^`]+)`", target, text)
        # targets such as (ch3-standardized)= before a heading
        text = re.sub(r"^\([\w:-]+\)=[ \t]*\n", "", text, flags=re.MULTILINE)
        # a numbered display equation: $$ ... $$ (label), numbered as on the site
        text = _EQUATION_LABEL.sub(lambda m: "\\tag{" + self.labels.get("eq:" + m.group(1), m.group(1)) + "}\n$$", text)
        return text

    # directives ----------------------------------------------------------------------

    def blocks(self, text):
        """Split markdown into ``(kind, text, info)``: kind is "md", "exercise",
        "solution-start" or "solution-end"; ``{solution}`` blocks are dropped here."""
        lines = text.split("\n")
        out, plain, i = [], [], 0

        def flush():
            if plain:
                out.append(("md", "\n".join(plain), None))
                plain.clear()

        while i < len(lines):
            m = _FENCE.match(lines[i])
            if not m:
                plain.append(lines[i])
                i += 1
                continue
            close = _find_close(lines, i, m.group("fence"))
            if close is None:
                raise StudentNotebookError(f"{self.chapter}: the directive {{{m.group('name')}}} is never closed")
            name, args = m.group("name"), m.group("args").strip()
            options, body = _split_options(lines[i + 1 : close])
            i = close + 1
            if name == "solution":
                continue
            if name in ("solution-start", "solution-end"):
                flush()
                out.append((name, "", args))
                continue
            if name == "exercise":
                flush()
                title = f" ({args})" if args else ""
                out.append(("exercise", f"**Exercise{title}.** " + self.roles(self.directive_body(body)),
                            options.get("label")))
                continue
            plain.append(self.directive(name, args, options, body))
        flush()
        return out

    def directive_body(self, body):
        """A directive's body, its own nested directives converted."""
        parts = []
        for kind, chunk, _ in self.blocks(body):
            if kind != "md":
                raise StudentNotebookError(f"{self.chapter}: an exercise or solution nested in a directive")
            parts.append(chunk)
        return "\n".join(parts)

    def directive(self, name, args, options, body):
        if name == "literalinclude":
            path = (self.source_dir / args).resolve()
            if "pyobject" in options:
                code = _pyobject_source(path, options["pyobject"])
            else:
                code = path.read_text(encoding="utf-8")
            return f"```python\n{code}\n```"
        if name == "admonition" or name in self.ADMONITIONS:
            title = args if name == "admonition" else self.ADMONITIONS[name] + (f": {args}" if args else "")
            inner = self.directive_body(body)
            quoted = "\n".join("> " + line if line else ">" for line in inner.split("\n"))
            return f"> **{title}**\n>\n{quoted}"
        if name in ("math",):
            tag = f"\\tag{{{options['label']}}}\n" if "label" in options else ""
            return f"$$\n{body}\n{tag}$$"
        raise StudentNotebookError(f"{self.chapter}: no plain-Markdown form for the directive {{{name}}}")


def _heading_labels(notebook):
    """``{label: heading text}`` for ``(label)=`` targets, and the chapter's title."""
    labels, title = {}, None
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        lines = _source(cell).split("\n")
        for i, line in enumerate(lines):
            if title is None and line.startswith("# "):
                title = line[2:].strip()
            m = re.match(r"^\(([\w:-]+)\)=\s*$", line)
            if m:
                heading = next((l for l in lines[i + 1 :] if l.strip()), "")
                labels[m.group(1)] = "the section " + '"' + heading.lstrip("#").strip() + '"'
        for ex in re.finditer(r"\{exercise\}[ \t]*(.*)\n(?::[\w-]+:.*\n)*?:label:[ \t]*([\w:-]+)", "\n".join(lines)):
            labels[ex.group(2)] = "the exercise " + '"' + ex.group(1).strip() + '"'
    return labels, title


_EQUATION_LABEL = re.compile(r"\$\$[ \t]*\(([\w:-]+)\)[ \t]*$", re.MULTILINE)


def reference_labels(chapters):
    """Words for every reference target of the course: chapters, sections, exercises, figures
    and numbered equations (``"eq:" + label``), numbered as the website numbers them."""
    labels = {}
    for number, path in enumerate(chapters, start=1):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        found, title = _heading_labels(notebook)
        labels.update(found)
        labels["doc:" + path.stem] = f"Chapter {number} (*{title}*)" if title else f"Chapter {number}"
        # numbered equations, "$$ ... $$ (label)", as Sphinx numbers them: (chapter.k)
        equation = 0
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                for label in _EQUATION_LABEL.findall(_source(cell)):
                    equation += 1
                    labels["eq:" + label] = f"{number}.{equation}"
        figure = 0
        for cell in notebook["cells"]:
            name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
            if name:
                figure += 1
                labels[name] = f"Figure {number}.{figure}"
    return labels


# ----------------------------------------------------------------------------- notebooks


def student_notebook(path, labels=None, config=None, number=None):
    """The student notebook of one chapter, as a notebook dictionary."""
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if labels is None:
        labels = reference_labels(chapter_paths())
    url, branch = repository(config)
    converter = Converter(path.name, glued_values(notebook), labels, path.parent)
    title = _heading_labels(notebook)[1] or path.stem

    # which code cells the student notebook keeps: (source, hidden) or None where dropped
    kept_code, in_solution = [], False
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for kind, _, _ in converter.blocks(_source(cell)):
                in_solution = {"solution-start": True, "solution-end": False}.get(kind, in_solution)
        code = _source(cell) if cell["cell_type"] == "code" and not in_solution else None
        kept_code.append((None if code is None else _GLUE_IMPORT.sub("", code), is_hidden(cell)))
    support = support_code(kept_code)

    cells = []
    in_solution = None  # the label of the open gated solution
    for index, cell in enumerate(notebook["cells"]):
        where = f"{path.name}, cell {index}"
        if cell["cell_type"] == "code":
            if in_solution is not None:
                continue
            if is_hidden(cell):
                if index in support:
                    cells.append(_code("# Computed here for the cells below.\n" + support[index], "support"))
                continue
            cells.append(_code(student_code(_source(cell), where)))
            caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
            if caption.get("caption"):
                words = labels.get(caption.get("name"), "Figure")
                cells.append(_markdown(f"**{words}.** " + converter.roles(caption["caption"])))
            continue
        if cell["cell_type"] != "markdown":
            continue
        for kind, text, info in converter.blocks(_source(cell)):
            if kind == "solution-start":
                if in_solution is not None:
                    raise StudentNotebookError(f"{where}: a solution starts inside the solution to {in_solution}")
                in_solution = info or "?"
            elif kind == "solution-end":
                if in_solution is None:
                    raise StudentNotebookError(f"{where}: a solution-end without its start")
                in_solution = None
            elif in_solution is not None:
                continue
            elif kind == "exercise":
                cells.append(_markdown(text))
                cells.append(_markdown("**Your answer** (double-click to edit; add cells as you need):",
                                       "answer"))
                cells.append(_code(f"# Your code for the exercise {info or ''}".rstrip(), "answer"))
            else:
                converted = converter.roles(text).strip("\n")
                if converted.strip():
                    cells.append(_markdown(converted))
    if in_solution is not None:
        raise StudentNotebookError(f"{path.name}: the solution to {in_solution} has no solution-end")

    chapter = f"chapter {number}" if number else "a chapter"
    intro = _markdown(
        f"*Student notebook of {chapter}: {title}* Run the cells from top to bottom. "
        "Each exercise has a **Your answer** cell under it; the worked solutions are not in "
        "this notebook. Generated by `python -m coursework student-notebooks`.", "intro")
    head = [intro, _code(install_cell(url, branch), "install"), _code(GLUE_CELL, "glue")]
    return {
        "cells": head + cells,
        "metadata": {
            "kernelspec": copy.deepcopy(notebook["metadata"].get(
                "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"})),
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def generate(out=OUT, chapters=None, config=None):
    """Write one student notebook per chapter into ``out``; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    every = chapter_paths()
    labels = reference_labels(every)
    written = []
    for path in chapters or every:
        path = Path(path)
        number = every.index(path) + 1 if path in every else None
        notebook = student_notebook(path, labels, config, number)
        for i, cell in enumerate(notebook["cells"]):
            cell["id"] = f"student-{i}"
        target = out / path.name
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
