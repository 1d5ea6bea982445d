"""Generate each assignment's student notebook and reference solutions with ``otter assign``.

For an assignment ``NN_name`` the result is, under ``_build/coursework/NN_name/``:

- ``student/NN_name.ipynb``: the notebook to hand out (solutions replaced by ``...``,
  public checks kept in its metadata, a ``grader.check`` cell after each question), and
  ``student/tests/``: the same public checks as files (needed on Colab only);
- ``autograder/NN_name.ipynb``: the notebook with the reference solutions (instructors only),
  which ``grade`` runs in the sandbox on the same hidden cases as each submission;
- ``autograder/autograder.zip``: otter's own autograder (public checks only; ``grade`` does
  not use it).

The first cell of both notebooks is rewritten so that the self-checks find the notebook
by its assignment name, whatever its file is called. ``otter assign`` also runs the
solutions against every public check (``run_tests: true`` in each master), so generation
fails if a reference solution does not pass them.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import BUILD, assignment_names, master_path


INIT_CELL = """\
# Initialize Otter: find this notebook (whatever its file name) by its assignment name
import otter
from pathlib import Path
grader = otter.Notebook(next((str(p) for p in sorted(Path().glob("*.ipynb"))
                              if '"assignment_name": "{name}"' in p.read_text(encoding="utf-8")),
                             None))"""


@dataclass
class Generated:
    name: str
    folder: Path

    @property
    def student(self):
        return self.folder / "student" / f"{self.name}.ipynb"

    @property
    def solutions(self):
        return self.folder / "autograder" / f"{self.name}.ipynb"

    @property
    def autograder(self):
        return self.folder / "autograder" / "autograder.zip"

    def exists(self):
        return self.student.is_file() and self.autograder.is_file() and self.solutions.is_file()


def otter_command(*args):
    """Run otter from this interpreter's environment."""
    return [str(Path(sys.executable).with_name("otter")), *args]


def generate_one(name, out=BUILD):
    """Run ``otter assign`` on one master; raise RuntimeError with otter's log if it fails."""
    folder = Path(out) / name
    if folder.exists():
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory(prefix="coursework-assign-") as tmp:
        # otter names its outputs after the master's file name.
        source = Path(tmp) / f"{name}.ipynb"
        shutil.copy(master_path(name), source)
        proc = subprocess.run(otter_command("assign", source.name, str(folder.resolve())), cwd=tmp,
                              capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"otter assign failed for {name}:\n{proc.stdout}\n{proc.stderr}")
    zips = sorted((folder / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise RuntimeError(f"otter assign made {len(zips)} autograder zips for {name}")
    zips[0].rename(folder / "autograder" / "autograder.zip")  # a stable name, not a timestamp
    # Self-checks must work whatever the file is called (a browser saves "name (1).ipynb"):
    # the first cell finds the notebook by the assignment name in its metadata.
    for notebook in (folder / "student" / f"{name}.ipynb", folder / "autograder" / f"{name}.ipynb"):
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        first = nb["cells"][0]
        assert "otter.Notebook(" in "".join(first["source"]), f"unexpected first cell in {notebook}"
        first["source"] = INIT_CELL.format(name=name)
        notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # The public checks also as files, for Colab, where otter cannot read the notebook's
    # metadata and looks for them in ./tests instead.
    student = json.loads((folder / "student" / f"{name}.ipynb").read_text(encoding="utf-8"))
    tests = folder / "student" / "tests"
    tests.mkdir(exist_ok=True)
    for question, source in student["metadata"]["otter"]["tests"].items():
        (tests / f"{question}.py").write_text(source, encoding="utf-8")
    generated = Generated(name, folder)
    assert generated.exists(), f"otter assign left incomplete output in {folder}"
    return generated


def generate(names=None, out=BUILD, jobs=2):
    """Generate the given assignments (default: all), ``jobs`` at a time."""
    names = list(names or assignment_names())
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda n: generate_one(n, out), names))


def generated(name, out=BUILD):
    """The generated output of an assignment, generated first if it is missing or older
    than its master (grading must never compare with a stale reference solution)."""
    found = Generated(name, Path(out) / name)
    if found.exists() and found.solutions.stat().st_mtime >= master_path(name).stat().st_mtime:
        return found
    return generate_one(name, out)
