"""Input checks shared by every public function.

Each check raises :class:`ValueError` (:class:`TypeError` for a parameter of the wrong
type) with a message that names the argument and the problem, so a reader never meets a
shape error from deep inside numpy. The estimators let scikit-learn's own validation
(``validate_data``, ``check_is_fitted``, ``check_classification_targets``) do what it
does well and add here what it does not check: the one label checker of the library
(:func:`check_labels`), the feature scale (:func:`check_feature_scale`), parameter
types (:func:`check_params`) and a fit that leaves no trace when it fails
(:func:`restore_on_error`).
"""

import contextlib
import numbers

import numpy as np
from sklearn.utils import check_scalar
from sklearn.utils.multiclass import check_classification_targets

from ._parallel import over_rows

__all__ = [
    "as_float_array",
    "check_matrix",
    "check_vector",
    "check_same_length",
    "check_sample_weight",
    "check_binary_labels",
    "check_labels",
    "as_label_array",
    "resolve_pos_label",
    "check_probabilities",
    "check_feature_scale",
    "check_params",
    "restore_on_error",
    "refuse_complex",
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


def as_label_array(y, name="y"):
    """A non-empty 1-D array of labels of one kind (numbers, strings or booleans).

    Refuses NaN and infinite labels, ``None`` (a missing label) and a mix of strings
    and numbers, each with a message that says which. A column vector (n, 1) is
    flattened, as scikit-learn's metrics do.
    """
    if hasattr(y, "to_numpy"):  # pandas Series or one-column DataFrame
        y = y.to_numpy()
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {y.shape}.")
    if y.shape[0] == 0:
        raise ValueError(f"{name} is empty.")
    if y.dtype.kind == "c":
        raise ValueError(f"{name} holds complex numbers; labels must be real numbers or strings.")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError(f"{name} contains NaN or infinite labels.")
    if y.dtype.kind == "O":
        missing = [i for i, v in enumerate(y) if v is None or (isinstance(v, float) and v != v)]
        if missing:
            raise ValueError(
                f"{name} contains {len(missing)} missing label(s) (None or NaN), the first at "
                f"position {missing[0]}; drop or label those rows before fitting.")
        is_str = np.array([isinstance(v, str) for v in y])
        if is_str.any() and not is_str.all():
            first_num = y[np.flatnonzero(~is_str)[0]]
            first_str = y[np.flatnonzero(is_str)[0]]
            raise ValueError(
                f"{name} mixes strings and numbers (for example {first_str!r} and "
                f"{first_num!r}); use one type for every label.")
    return y


def resolve_pos_label(classes, pos_label):
    """scikit-learn's rule for binary metrics: without ``pos_label`` the labels must be
    {0, 1} or {-1, 1}, and 1 is positive."""
    if pos_label is not None:
        return pos_label
    numeric = classes.dtype.kind in "biuf"
    if numeric and (
        np.all(np.isin(classes, [0, 1])) or np.all(np.isin(classes, [-1, 1]))
    ):
        return 1
    raise ValueError(
        f"y_true takes values in {classes.tolist()} and pos_label is not specified: "
        "either make y_true take values in {0, 1} or {-1, 1}, or pass pos_label explicitly."
    )


def _two_numbers(y):
    """The sorted distinct values of a numeric ``y`` that holds at most two, else None.

    The common case of a binary fit (0/1 labels, 10^6 rows) without np.unique's sort:
    the extremes and one comparison pass.
    """
    if y.dtype.kind not in "biuf":
        return None
    lo, hi = y.min(), y.max()
    if lo != hi and not np.all((y == lo) | (y == hi)):
        return None
    return np.unique(np.array([lo, hi], dtype=y.dtype))


def check_labels(y, *, sample_weight=None, binary=False, name="y"):
    """The library's one label checker for classifiers.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        Class labels of any one type (numbers, strings, booleans).
    sample_weight : ndarray of shape (n_samples,), optional
        Checked weights: a class whose total weight is zero is refused (it is absent
        from the fit but would be in ``classes_``).
    binary : bool, default False
        Require exactly two classes (otherwise at least two).
    name : str, default "y"
        The argument's name in messages.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
        The sorted distinct labels.
    codes : ndarray of int of shape (n_samples,)
        ``classes[codes]`` is ``y``.

    Raises
    ------
    ValueError
        Not 1-D, NaN, None or mixed labels, a continuous target (scikit-learn's
        "Unknown label type" message), fewer than two classes (more than two when
        ``binary``), or a class with zero total weight.
    """
    y = as_label_array(y, name)
    classes = _two_numbers(y)
    if classes is None:
        classes = np.unique(y)
    # scikit-learn's target types: two integer-valued numbers are "binary" (nothing more
    # to check); anything else goes through its checker, which refuses continuous,
    # multilabel or unknown targets by name
    if not (classes.shape[0] <= 2 and y.dtype.kind in "biuf"
            and np.all(classes == np.round(classes))):
        check_classification_targets(y)
    if classes.shape[0] == 2:  # classes[codes] == y, without a search
        codes = (y == classes[1]).astype(np.intp)
    else:
        codes = np.searchsorted(classes, y)  # faster than np.unique's return_inverse
    if classes.shape[0] < 2:
        raise ValueError(
            f"{name} contains only one class ({classes.tolist()[0]!r}); a classifier needs "
            "samples of at least two classes.")
    if binary and classes.shape[0] > 2:
        raise ValueError(
            "Only binary classification is supported. The type of the target is "
            f"multiclass: {name} has {classes.shape[0]} classes ({classes[:10].tolist()}). Use "
            "SoftmaxRegression, or wrap the model in sklearn's OneVsRestClassifier.")
    if sample_weight is not None:
        totals = np.bincount(codes, weights=sample_weight, minlength=classes.shape[0])
        empty = np.flatnonzero(totals <= 0)
        if empty.size:
            raise ValueError(
                f"The total sample_weight of class {classes[empty].tolist()[0]!r} is zero: the "
                "class carries no weight, so the model cannot learn it. Drop its rows or "
                "give them positive weights.")
    return classes, codes


def check_binary_labels(y, name="y", sample_weight=None):
    """Labels of exactly two classes (:func:`check_labels` with ``binary=True``).

    Returns ``(classes, y01)``: the two sorted class labels and a float array that is 1
    where ``y`` equals the second (positive) class, as in scikit-learn.
    """
    classes, codes = check_labels(y, sample_weight=sample_weight, binary=True, name=name)
    return classes, codes.astype(np.float64)


#: Largest and smallest (nonzero) magnitude of a feature column that the estimators fit.
FEATURE_SCALE_LIMITS = (1e-100, 1e100)


def check_feature_scale(X, feature_names=None):
    r"""Refuse NaN, infinity, or a feature column too large or too small to fit safely.

    The solvers form squares of the features (the Hessian :math:`X^\top W X`) and, for a
    column of scale :math:`s`, coefficients of scale :math:`1/s` whose squares enter the
    penalty: both must stay well inside float64's range (about :math:`10^{\pm 308}`).
    A column whose largest absolute value lies outside
    :data:`FEATURE_SCALE_LIMITS` (1e-100 to 1e100) is refused with a message naming the
    column and its scale; an all-zero column is left to the collinearity check. The
    same pass over ``X`` (block by block, on every core) finds NaN and infinite values,
    so an estimator can skip scikit-learn's separate finiteness pass.
    """
    def block(start, stop):  # max |x| per column of a block of rows, in cache
        return (np.max(np.abs(X[start:stop]), axis=0),)

    scale = over_rows(X.shape[0], X.shape[1], block,
                      combine=lambda total, part: [np.maximum(total[0], part[0])])[0]

    def name(j):
        return str(feature_names[j]) if feature_names is not None else f"x{j}"

    nan = np.flatnonzero(np.isnan(scale))
    if nan.size:
        raise ValueError(f"Input X contains NaN (feature {name(nan[0])}). Drop or impute the "
                         "missing values before fitting.")
    inf = np.flatnonzero(np.isinf(scale))
    if inf.size:
        raise ValueError(f"Input X contains infinity or a value too large for dtype('float64') "
                         f"(feature {name(inf[0])}).")
    low, high = FEATURE_SCALE_LIMITS
    bad = np.flatnonzero((scale > high) | ((scale > 0) & (scale < low)))
    if bad.size:
        j = bad[0]
        raise ValueError(
            f"Feature {name(j)} has values of magnitude {scale[j]:.3g}, outside the range "
            f"{low:g} to {high:g} that the solvers handle in float64 (its squares and its "
            "coefficient's would overflow or underflow). Rescale it, for example with "
            "sklearn.preprocessing.StandardScaler or by a change of units.")


def check_params(owner, **specs):
    """Check constructor parameters at fit, scikit-learn style.

    Each keyword maps a parameter name to a spec: ``"bool"``, ``("real", lo, hi)``,
    ``("int", lo)``, ``("options", (...))``, with a trailing ``"none"`` in a tuple
    meaning ``None`` is allowed. Raises :class:`TypeError` for a wrong type and
    :class:`ValueError` for a value out of range, naming the parameter.
    """
    for name, spec in specs.items():
        value = getattr(owner, name)
        if isinstance(spec, tuple) and spec[-1] == "none":
            if value is None:
                continue
            spec = spec[:-1]
        kind = spec if isinstance(spec, str) else spec[0]
        if kind == "bool":
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {value!r} "
                                f"({type(value).__name__}).")
        elif kind == "real":
            if isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be a number, got the boolean {value!r}.")
            lo, hi = spec[1], spec[2]
            check_scalar(value, name, numbers.Real, min_val=lo, max_val=hi)
            if not np.isfinite(value):
                raise ValueError(f"{name} must be finite, got {value!r}.")
        elif kind == "posreal":
            if isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be a number, got the boolean {value!r}.")
            check_scalar(value, name, numbers.Real, min_val=0, include_boundaries="neither")
            if not np.isfinite(value):
                raise ValueError(f"{name} must be finite, got {value!r}.")
        elif kind == "int":
            if isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be an integer, got the boolean {value!r}.")
            check_scalar(value, name, numbers.Integral, min_val=spec[1])
        elif kind == "options":
            if not isinstance(value, str) or value not in spec[1]:
                raise ValueError(f"Unknown {name} {value!r}; choose one of "
                                 f"{', '.join(map(repr, spec[1]))}.")
        else:  # pragma: no cover - a typo in the library itself
            raise AssertionError(f"unknown spec {spec!r}")


def refuse_complex(X, name="X"):
    """Refuse complex input up front (fitting the real part would be silently wrong).

    scikit-learn refuses complex arrays, but a list of complex numbers reaches numpy's
    float conversion first and fails with a ``TypeError`` that does not say why.
    """
    if hasattr(X, "dtypes") and not hasattr(X, "dtype"):  # DataFrame
        complex_ = any(getattr(dt, "kind", "") == "c" for dt in X.dtypes)
    elif hasattr(X, "dtype"):
        complex_ = X.dtype.kind == "c"
    elif isinstance(X, (list, tuple)):
        try:
            complex_ = np.asarray(X).dtype.kind == "c"
        except (TypeError, ValueError):  # ragged lists: let the main validation explain
            complex_ = False
    else:
        complex_ = False
    if complex_:
        raise ValueError(f"Complex data not supported: {name} holds complex numbers; "
                         "logistic regression needs real-valued features.")


@contextlib.contextmanager
def restore_on_error(estimator):
    """Run a fit so that, if it raises, the estimator is left exactly as before.

    A failed refit must not leave a half-updated estimator (``classes_`` from the new
    call, ``coef_`` from the old one): every attribute is restored, and attributes the
    failed call created are removed. Fits assign new arrays rather than mutating old
    ones in place, so a shallow copy of the attribute dict is a complete snapshot.
    """
    saved = dict(vars(estimator))
    try:
        yield
    except BaseException:
        vars(estimator).clear()
        vars(estimator).update(saved)
        raise


def check_probabilities(p, name="y_prob"):
    """Finite values in [0, 1]."""
    arr = as_float_array(p, name)
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; found values from "
            f"{arr.min():.4g} to {arr.max():.4g}."
        )
    return arr
