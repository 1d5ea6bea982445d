"""Run untrusted notebook code in a bubblewrap sandbox.

Each run gets a fresh, private set of folders and sees nothing else of this machine's
files but the Python environment, read-only:

- ``/sandbox/work``: a private, writable copy of the submission (the cell's working folder);
- ``/sandbox/out``: where ``runner.py`` writes its JSON-lines results;
- ``/sandbox/job``: the runner, the job (cells and inputs) and the library, read-only:
  ``logreg_lib`` is a copy in which the functions a question asks the student to write
  raise an error instead (see :func:`restricted_library`);
- the system and the Python installation (``/usr``, ``/etc``, the interpreter's prefix
  and the virtual environment), read-only; an empty ``/tmp``; no network (own network
  namespace), own process-ID namespace (the grader's processes are invisible and cannot
  be signaled), no capabilities.

Limits: CPU seconds and address space with ``prlimit``, a file-size limit, and a
wall-clock limit enforced from outside (the whole sandbox is killed). Where bubblewrap is
missing or cannot create namespaces, :func:`require_sandbox` refuses to grade with a
message saying how to fix it; nothing ever runs unsandboxed.
"""

import ast
import json
import os
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path

RUNNER = Path(__file__).with_name("runner.py")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot isolate a process on this machine."""


def _environment_paths():
    """Read-only folders the sandboxed Python needs: system, interpreter, virtual env."""
    paths = []
    for candidate in ["/usr", "/etc", "/opt", sys.base_prefix, sys.prefix,
                      sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"]]:
        real = os.path.realpath(candidate)
        if os.path.isdir(real) and real not in paths:
            paths.append(real)
    # keep only the outermost folders
    return [p for p in paths if not any(p != q and p.startswith(q + os.sep) for q in paths)]


def _base_arguments():
    args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--clearenv"]
    for path in _environment_paths():
        args += ["--ro-bind", path, path]
        if path != os.path.realpath(path):
            pass
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):  # usr-merged systems: symlinks
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    # the virtual environment's own path may be a symlink to its real folder
    if os.path.realpath(sys.prefix) != sys.prefix:
        args += ["--symlink", os.path.realpath(sys.prefix), sys.prefix]
    # an installed copy of the library (pip install, as on Gradescope) is hidden under an
    # empty folder: the sandbox's only logreg_lib is the restricted copy
    for folder in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}:
        installed = Path(folder) / "logreg_lib"
        if installed.is_dir():
            args += ["--tmpfs", str(installed.resolve())]
    return args


def bwrap_path():
    return shutil.which("bwrap")


@lru_cache(maxsize=1)
def require_sandbox():
    """Return the bwrap command, or raise :class:`SandboxUnavailable` saying what to do."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable(
            "refusing to grade: bubblewrap (bwrap) is not installed, and submissions are "
            "never run without a sandbox. Install it (Debian/Ubuntu: `sudo apt-get install "
            "bubblewrap`), or grade in a container as coursework/README.md explains.")
    probe = subprocess.run([bwrap, *_base_arguments(), "--", sys.executable, "-c", "print(40 + 2)"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0 or probe.stdout.strip() != "42":
        raise SandboxUnavailable(
            "refusing to grade: bubblewrap is installed but cannot create a sandbox here "
            f"({(probe.stderr or probe.stdout).strip()[:300]}). Unprivileged user namespaces "
            "are probably disabled (sysctl kernel.unprivileged_userns_clone=1, or "
            "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04), or this is a "
            "container that forbids them: see coursework/README.md, 'Grading in a container'.")
    return bwrap


def restricted_library(forbidden, dest):
    """Copy ``logreg_lib`` to ``dest/logreg_lib`` with the ``forbidden`` functions disabled.

    Each forbidden function (or class) keeps its name and signature, but its body raises
    ``RuntimeError("FORBIDDEN lr.NAME ...")``; everything else is unchanged. The student's
    process cannot get the original back (the sandbox holds no other copy of the library's
    code), and the grader recognizes the message in a reason.
    """
    import logreg_lib

    source = Path(logreg_lib.__file__).parent
    target = Path(dest) / "logreg_lib"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    forbidden = set(forbidden)
    if not forbidden:
        return target
    found = set()
    for path in target.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        changed = False
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in forbidden:
                message = (f"FORBIDDEN lr.{node.name}: this assignment asks you to write it "
                           "yourself, so the library's version is unavailable when grading")
                stub = ast.parse(f"raise RuntimeError({message!r})").body
                if isinstance(node, ast.FunctionDef):
                    _replace_body(node, stub)
                else:  # a class: every method raises (docstrings and decorators stay)
                    for item in node.body:
                        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            _replace_body(item, stub)
                    if not any(isinstance(i, ast.FunctionDef) and i.name == "__init__" for i in node.body):
                        init = ast.parse("def __init__(self, *args, **kwargs):\n    pass").body[0]
                        _replace_body(init, stub)
                        node.body.append(init)
                found.add(node.name)
                changed = True
        if changed:
            path.write_text(ast.unparse(tree) + "\n", encoding="utf-8")
    missing = forbidden - found
    if missing:
        raise ValueError(f"forbidden names not defined in logreg_lib: {sorted(missing)}")
    return target


def _replace_body(function, stub):
    """Keep the docstring (module code may edit it), replace the rest by ``stub``."""
    body = function.body
    keep = body[:1] if (body and isinstance(body[0], ast.Expr)
                        and isinstance(getattr(body[0], "value", None), ast.Constant)
                        and isinstance(body[0].value.value, str)) else []
    function.body = keep + list(stub)


def run(job, work_files, *, forbidden=(), wall_seconds=120.0, cpu_seconds=None,
        memory_bytes=4 * 1024**3, file_bytes=64 * 1024**2):
    """Run ``runner.py`` on ``job`` (a dict) in a fresh sandbox; return ``(records, status)``.

    ``work_files`` maps file names to bytes written into the private working folder.
    ``records`` are the runner's JSON lines that parse; ``status`` is ``"ok"``,
    ``"timeout"`` (killed at the wall-clock limit) or ``"exit N"``.
    """
    bwrap = require_sandbox()
    cpu_seconds = int(cpu_seconds or max(10, wall_seconds))
    with tempfile.TemporaryDirectory(prefix="coursework-sandbox-") as tmp:
        tmp = Path(tmp)
        work, out, ro = tmp / "work", tmp / "out", tmp / "job"
        for folder in (work, out, ro):
            folder.mkdir()
        for name, data in work_files.items():
            (work / name).write_bytes(data)
        restricted_library(forbidden, ro / "lib")
        shutil.copy(RUNNER, ro / "runner.py")
        job = {**job, "results": "/sandbox/out/results.jsonl"}
        (ro / "job.json").write_text(json.dumps(job), encoding="utf-8")
        env = {"PATH": "/usr/bin:/bin", "HOME": "/sandbox/work", "PYTHONPATH": "/sandbox/job/lib",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg",
               "MPLCONFIGDIR": "/tmp", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8", "TMPDIR": "/tmp"}
        command = ["prlimit", f"--cpu={cpu_seconds}", f"--as={memory_bytes}", f"--fsize={file_bytes}",
                   "--core=0", bwrap, *_base_arguments(),
                   "--bind", str(work), "/sandbox/work", "--bind", str(out), "/sandbox/out",
                   "--ro-bind", str(ro), "/sandbox/job", "--chdir", "/sandbox/work"]
        for key, value in env.items():
            command += ["--setenv", key, value]
        command += ["--", sys.executable, "-s", "/sandbox/job/runner.py", "/sandbox/job/job.json"]
        with open(tmp / "log.txt", "wb") as log:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    start_new_session=True)
            try:
                code = proc.wait(timeout=wall_seconds)
                status = "ok" if code == 0 else f"exit {code}"
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                status = "timeout"
        records = []
        results = out / "results.jsonl"
        if results.is_file():
            with results.open(encoding="utf-8", errors="replace") as f:
                for line in f:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(record, dict):
                        records.append(record)
    return records, status


def _kill_group(proc):
    """Kill the sandbox: its process group (bwrap and, with it, its PID namespace)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
