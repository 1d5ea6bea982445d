"""The vocabulary of hidden checks: what the grader asks a submission, and how it compares.

Each assignment's private ``hidden.py`` (beside its master) defines ``QUESTIONS``, a dict
``{question: Question(...)}`` for the questions graded by code. A question lists *cases*;
each case is a :class:`Call` of a student's function on inputs drawn at grading time
from a generator the grader seeds, or a :class:`Value` (a variable the notebook sets).
The same cases are put to the reference solution and to each submission, both in the
sandbox; the trusted grader compares the two results. A question's points are split
evenly among its cases.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass
class Call:
    """Call the student's ``name(*args)``; ``strict`` turns NumPy warnings into errors."""

    name: str
    args: tuple = ()
    strict: bool = False
    label: str = ""

    def describe(self):
        return self.label or f"{self.name}({', '.join(_shape(a) for a in self.args)})"


@dataclass
class Value:
    """Read the variable ``name`` the notebook sets."""

    name: str
    label: str = ""

    def describe(self):
        return self.label or f"the value of {self.name}"


@dataclass
class Question:
    """A question graded by code.

    ``cases(rng)`` returns the list of :class:`Call`/:class:`Value` (``rng`` is a seeded
    ``numpy.random.Generator``). Results match when they have the same shape and are
    close (``rtol``, ``atol``), or, if ``compare`` is given, when
    ``compare(got, expected, case)`` is true (both decoded to arrays). ``forbid`` names
    ``logreg_lib`` functions the question asks the student to write: they raise an error
    in the sandbox while this question is graded.
    """

    cases: Callable
    forbid: tuple = ()
    rtol: float = 1e-9
    atol: float = 1e-12
    compare: Callable | None = None
    names: tuple = field(default=())  # filled in by the grader: the graded names

    def case_list(self, rng):
        found = list(self.cases(rng))
        if not found or not all(isinstance(c, (Call, Value)) for c in found):
            raise ValueError("a question's cases must be a non-empty list of Call/Value")
        return found


def _shape(value):
    array = np.asarray(value) if not isinstance(value, (str, dict)) else None
    if array is None or array.dtype == object:
        return type(value).__name__
    if array.ndim == 0:  # a short number (1.0, -2.5) is shown; a drawn one is not
        text = f"{array.item()!r}" if array.dtype.kind in "fiub" else type(value).__name__
        return text if len(text) <= 6 else "a number"
    return f"an array of shape {array.shape}"


def encode_argument(value):
    """JSON form of an input (decoded by ``runner.decode`` in the sandbox)."""
    if isinstance(value, (tuple, list)):
        return {"seq": [encode_argument(v) for v in value], "tuple": isinstance(value, tuple)}
    if isinstance(value, dict):
        return {"map": {str(k): encode_argument(v) for k, v in value.items()}}
    if isinstance(value, (bool, np.bool_, int, np.integer, str)) or value is None:
        return {"value": value.item() if isinstance(value, np.generic) else value}
    if isinstance(value, (float, np.floating)):
        return {"float": float(value)}
    array = np.asarray(value)
    return {"array": array.ravel().tolist(), "shape": list(array.shape), "dtype": str(array.dtype)}


def encode_case(case):
    if isinstance(case, Value):
        return {"name": case.name, "value": True}
    return {"name": case.name, "args": [encode_argument(a) for a in case.args], "strict": case.strict}


def decoded(result):
    """A runner's encoded result as a NumPy array, a list, or None (for non-numbers)."""
    if not isinstance(result, dict):
        return None
    if "array" in result:
        try:
            return np.array(result["array"], dtype=float).reshape(result["shape"])
        except (ValueError, TypeError):
            return None
    if "seq" in result:
        return [decoded(r) for r in result["seq"]]
    return None


def same(got, expected, rtol, atol):
    """Trusted comparison of two decoded results."""
    if isinstance(expected, list):
        return (isinstance(got, list) and len(got) == len(expected)
                and all(same(g, e, rtol, atol) for g, e in zip(got, expected)))
    if not isinstance(expected, np.ndarray) or not isinstance(got, np.ndarray):
        return False
    if got.shape != expected.shape:
        return False
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))
