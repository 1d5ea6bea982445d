"""Run one submission inside the sandbox and report plain data; never imported by the grader.

This file is copied, read-only, into each submission's sandbox and started there as
``python -s runner.py JOB.json``. It imports nothing from ``coursework``: the grader's
code, the masters and the hidden checks stay outside. It

1. executes the submission's code cells one by one, in an IPython shell (so magics work),
   with a time limit per cell, going on after a cell that fails, as "Restart and run all"
   would if it did not stop at errors;
2. then calls the functions (or reads the variables) each question grades, on the inputs
   the grader chose at grading time, with a time limit per question;
3. writes every event as one JSON line to the results file as soon as it happens, so what
   was done survives a crash or a kill of this process.

It reports values, never verdicts: the trusted grader outside compares them with the
reference solution's values. Whatever the student's code patches in this process
(NumPy, the library, this runner) can change only the values reported, which is what
the student's own functions could return anyway.
"""

import json
import os
import signal
import sys
import threading
import time
import warnings


class TimeLimit(BaseException):
    """Raised in the student's code when its time is up (a BaseException: ``except
    Exception`` in the student's code does not swallow it)."""


def _on_alarm(signum, frame):
    raise TimeLimit()


def decode(value):
    """Turn the grader's JSON encoding of an argument back into Python and NumPy objects."""
    import numpy as np

    if not isinstance(value, dict):
        return value
    if "array" in value:
        return np.array(value["array"], dtype=value.get("dtype", "float64")).reshape(value["shape"])
    if "seq" in value:
        items = [decode(v) for v in value["seq"]]
        return tuple(items) if value.get("tuple") else items
    if "map" in value:
        return {k: decode(v) for k, v in value["map"].items()}
    if "float" in value:
        return float(value["float"])
    return value.get("value")


def encode(value, depth=0):
    """Plain-data form of a student's result: numbers become arrays of floats."""
    import numpy as np

    if value is None:
        return {"none": True}
    if isinstance(value, str):
        return {"str": value[:200]}
    if isinstance(value, dict) and depth < 3:
        return {"map": {str(k)[:50]: encode(v, depth + 1) for k, v in list(value.items())[:20]}}
    try:
        array = np.asarray(value, dtype=float)
        if array.size > 2_000_000:
            return {"other": f"an array of {array.size} numbers (too large to compare)"}
        return {"array": array.ravel().tolist(), "shape": list(array.shape)}
    except Exception:
        pass
    if isinstance(value, (list, tuple)) and depth < 3:
        return {"seq": [encode(v, depth + 1) for v in list(value)[:20]]}
    return {"other": f"an object of type {type(value).__name__}"}


def describe(error):
    """One line for the grader: the exception's type and message."""
    if isinstance(error, TimeLimit):
        return "TimeLimit"
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, SyntaxError):
        text = f"SyntaxError: {error.msg} (line {error.lineno} of the cell)"
    return text[:500]


def main(job_path):
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    results = open(job["results"], "a", encoding="utf-8")
    write = results.write  # kept before the student's code runs
    flush = results.flush
    dumps = json.dumps

    def emit(record):
        write(dumps(record) + "\n")
        flush()

    limit = float(job["limit"])
    signal.signal(signal.SIGALRM, _on_alarm)
    deadline = [None]  # when the running cell or question must have stopped
    exit_now = os._exit

    def watchdog():
        # Code that ignores the alarm (it blocks SIGALRM or swallows the exception in a
        # loop) is stopped here, a second after its limit: the process ends, and the
        # grader runs the notebook again without that cell.
        while True:
            time.sleep(0.2)
            if deadline[0] is not None and time.monotonic() > deadline[0] + 1.0:
                emit({"event": "watchdog"})
                exit_now(70)

    threading.Thread(target=watchdog, daemon=True).start()

    def run_with_limit(seconds, function, *args):
        deadline[0] = time.monotonic() + seconds
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return function(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            deadline[0] = None

    from IPython.core.interactiveshell import InteractiveShell

    for module in ("numpy", "scipy.stats", "pandas", "logreg_lib"):  # imported outside the limits
        try:
            __import__(module)
        except Exception:  # noqa: BLE001 - a notebook that needs it reports the error itself
            pass

    shell = InteractiveShell.instance()
    shell.showtraceback = lambda *a, **k: None  # errors are reported as data, not printed
    emit({"event": "ready"})
    for cell in job["cells"]:
        index = cell["index"]
        emit({"event": "start", "cell": index})
        started = time.monotonic()
        error = None
        try:
            outcome = run_with_limit(limit, shell.run_cell, cell["source"], False, True)
            error = outcome.error_before_exec or outcome.error_in_exec
        except TimeLimit as stopped:
            error = stopped
        except BaseException as other:  # noqa: BLE001 - anything the cell raised
            error = other
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        emit({"event": "end", "cell": index, "seconds": round(time.monotonic() - started, 3),
              "error": None if error is None else describe(error)})

    namespace = shell.user_ns
    for question, calls in job["questions"].items():
        question_deadline = time.monotonic() + limit
        for number, call in enumerate(calls):
            record = {"event": "probe", "question": question, "case": call.get("case", number)}
            remaining = question_deadline - time.monotonic()
            if remaining <= 0:
                emit({**record, "error": "TimeLimit"})
                continue
            try:
                if call["name"] not in namespace:
                    raise NameError(f"name '{call['name']}' is not defined")
                target = namespace[call["name"]]

                def evaluate():
                    with warnings.catch_warnings():
                        warnings.simplefilter("error" if call.get("strict") else "ignore")
                        if call.get("value"):
                            return encode(target)
                        if not callable(target):
                            raise TypeError(f"{call['name']} is not a function")
                        args = [decode(a) for a in call.get("args", [])]
                        return encode(target(*args))

                record["value"] = run_with_limit(remaining, evaluate)
            except TimeLimit:
                record["error"] = "TimeLimit"
            except BaseException as error:  # noqa: BLE001
                record["error"] = describe(error)
            emit(record)
    emit({"event": "done"})


if __name__ == "__main__":
    main(sys.argv[1])
    os._exit(0)  # skip interpreter shutdown: the student's atexit hooks and threads do not run
