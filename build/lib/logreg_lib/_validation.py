"""Input checks shared by every public function.

Each check raises :class:`ValueError` with a message that names the argument and the
problem, so a reader never meets a shape error from deep inside numpy.
"""

import numpy as np

__all__ = [
    "as_float_array",
    "check_matrix",
    "check_vector",
    "check_same_length",
    "check_sample_weight",
    "check_binary_labels",
    "check_probabilities",
]


def as_float_array(a, name):
    """Convert ``a`` to a float64 array, refusing NaN, inf and non-numbers."""
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric; could not convert it to floats ({exc}).") from None
    if not np.all(np.isfinite(arr)):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{name} contains {n_nan} NaN and {n_inf} infinite value(s); "
            "remove or impute them before fitting."
        )
    return arr


def check_matrix(X, name="X"):
    """A finite 2-D float array with at least one row and one column."""
    if hasattr(X, "to_numpy"):  # pandas DataFrame
        X = X.to_numpy()
    arr = as_float_array(X, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features), got an array of shape {arr.shape}; "
            "use x.reshape(-1, 1) for a single feature."
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}).")
    return arr


def check_vector(v, name, length=None):
    """A finite 1-D float array (of a given length, when given)."""
    if hasattr(v, "to_numpy"):
        v = v.to_numpy()
    arr = as_float_array(v, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {arr.shape}.")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} has length {arr.shape[0]} but {length} was expected.")
    return arr


def check_same_length(**arrays):
    """All arrays given by keyword share their first dimension."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        parts = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"Inconsistent numbers of samples: {parts}.")


def check_sample_weight(sample_weight, n_samples):
    """Frequency weights: finite, non-negative, one per sample, not all zero.

    ``None`` means a weight of one for every sample.
    """
    if sample_weight is None:
        return np.ones(n_samples)
    w = check_vector(sample_weight, "sample_weight")
    if w.shape[0] != n_samples:
        raise ValueError(f"sample_weight has length {w.shape[0]} but X has {n_samples} rows.")
    if np.any(w < 0):
        raise ValueError("sample_weight must be non-negative; found negative weights.")
    if not w.sum() > 0:
        raise ValueError("sample_weight sums to zero: no sample carries any weight.")
    return w


def check_binary_labels(y, name="y"):
    """Labels of exactly two classes.

    Returns ``(classes, y01)``: the two sorted class labels and a float array that is 1
    where ``y`` equals the second (positive) class, as in scikit-learn.
    """
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {y.shape}.")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError(f"{name} contains NaN or infinite labels.")
    classes = np.unique(y)
    if classes.shape[0] != 2:
        raise ValueError(
            f"{name} must contain exactly two classes for a binary model, found "
            f"{classes.shape[0]}: {classes[:10].tolist()}."
        )
    return classes, (y == classes[1]).astype(np.float64)


def check_probabilities(p, name="y_prob"):
    """Finite values in [0, 1]."""
    arr = as_float_array(p, name)
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; found values from "
            f"{arr.min():.4g} to {arr.max():.4g}."
        )
    return arr
