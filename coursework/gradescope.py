"""A Gradescope autograder for one assignment: ``python -m coursework gradescope NAME --out ZIP``.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when the
image is built, then ``run_autograder`` for each submission, with the student's files in
``/autograder/submission`` and the results expected in
``/autograder/results/results.json``. The zip holds:

- ``setup.sh``: installs bubblewrap and the Python packages (numpy, scipy, IPython, PyYAML,
  and ``logreg_lib`` from the copy in ``lib/``);
- ``run_autograder``: grades the submission with this kit's sandboxed grader;
- ``coursework/``: the kit (without the student-site builder), with only this assignment's
  master, hidden checks and reference solutions (``solutions.ipynb``);
- ``lib/``: the library's source, installable with pip.

``run_autograder`` honors ``AUTOGRADER_ROOT`` (default ``/autograder``) and ``PYTHON``
(default ``python3``), which is how the tests run it here. The written questions are not
in the results: grade them on Gradescope with a rubric (a manually graded question with
the rubric of ``hidden.py``), or with ``written-export``.
"""

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from . import ROOT, master_path, questions
from .generate import generated

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap util-linux python3-pip >/dev/null
cd /autograder/source
python3 -m pip install --quiet numpy scipy ipython pyyaml ./lib
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission. Grading happens in a bubblewrap sandbox; where
# the container forbids user namespaces the kit refuses to grade rather than run the
# student's code unsandboxed (see coursework/README.md, "Grading in a container").
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
mkdir -p "$ROOT/results"
exec "${PYTHON:-python3}" -c 'import sys; sys.path.insert(0, "."); from coursework.gradescope import run; sys.exit(run(sys.argv[1], sys.argv[2]))' \\
    "$ROOT/submission" "$ROOT/results/results.json"
"""


def build_zip(name, out, generated_dir=None):
    """Write the autograder zip for assignment ``name`` to ``out``; return its path."""
    made = generated(name, generated_dir) if generated_dir else generated(name)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="coursework-gradescope-") as tmp:
        tmp = Path(tmp)
        kit = tmp / "coursework"
        shutil.copytree(Path(__file__).parent, kit,
                        ignore=shutil.ignore_patterns("__pycache__", "assignments", "student_site.py",
                                                      "README.md"))
        (kit / "assignments" / name).mkdir(parents=True)
        for part in ("master.ipynb", "hidden.py"):
            shutil.copy(master_path(name).with_name(part), kit / "assignments" / name / part)
        shutil.copy(made.solutions, tmp / "solutions.ipynb")
        lib = tmp / "lib"
        lib.mkdir()
        shutil.copytree(ROOT / "logreg_lib", lib / "logreg_lib",
                        ignore=shutil.ignore_patterns("__pycache__", "plotting"))
        (lib / "pyproject.toml").write_text(
            '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
            '[project]\nname = "logreg_lib"\nversion = "0.1.0"\n'
            'dependencies = ["numpy>=1.26", "scipy>=1.11"]\n\n'
            '[tool.setuptools.packages.find]\ninclude = ["logreg_lib", "logreg_lib.*"]\n',
            encoding="utf-8")
        (tmp / "setup.sh").write_text(SETUP, encoding="utf-8")
        (tmp / "run_autograder").write_text(RUN, encoding="utf-8")
        (tmp / "assignment.json").write_text(json.dumps({"name": name}), encoding="utf-8")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(tmp.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(str(path.relative_to(tmp)), date_time=(2026, 1, 1, 0, 0, 0))
                    executable = path.name in ("setup.sh", "run_autograder")
                    info.external_attr = (0o755 if executable else 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
    return out


def run(submission_dir, results_path, limit=10.0):
    """Grade the notebook in ``submission_dir``; write Gradescope's ``results.json``."""
    from . import use_masters
    from .grader import AssignmentGrader
    from .grading import grade_submission
    from .gradebook import _pick_notebook

    here = Path.cwd()
    name = json.loads((here / "assignment.json").read_text(encoding="utf-8"))["name"]
    use_masters(here / "coursework" / "assignments")
    points = questions(name)
    notebook, note = _pick_notebook(submission_dir, name)
    grader = AssignmentGrader(name, here / "solutions.ipynb", limit=limit)
    row, feedback = grade_submission(grader, "submission", notebook, note)
    tests = []
    for q in grader.auto:
        problems = [line[2:] for line in _section(feedback, q)]
        tests.append({"name": q, "score": float(row[q]), "max_score": points[q],
                      "output": "\n".join(problems) or "All cases passed.", "visibility": "visible"})
    results = {"score": sum(t["score"] for t in tests), "tests": tests,
               "output": (row["reason"] or "Autograded questions graded.")
               + f" Written questions ({', '.join(grader.manual)}) are graded by hand."}
    Path(results_path).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _section(feedback, question):
    """The bullet lines under ``## question`` in a feedback text."""
    lines, inside = [], False
    for line in feedback.splitlines():
        if line.startswith("## "):
            inside = line.startswith(f"## {question}:")
            continue
        if inside and line.startswith("- "):
            lines.append(line)
    return lines
