"""Tests of logreg_lib.loss (Chapter 4): cross-entropy, gradient, Hessian, weights."""

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from logreg_lib import (
    add_intercept,
    cross_entropy,
    gradient,
    hessian,
    log_likelihood,
    penalized_cross_entropy,
    penalized_gradient,
    penalized_hessian,
    per_sample_gradients,
    sigmoid,
)

FAST = settings(max_examples=40, deadline=None, derandomize=True)


def _problem(n=60, d=3, seed=0, weights=False):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(n, d)))
    beta = rng.normal(size=d + 1)
    y = (rng.random(n) < sigmoid(X @ beta)).astype(float)
    w = rng.uniform(0.2, 3.0, size=n) if weights else None
    return X, y, beta, w


def _fd_gradient(f, beta, h=1e-6):
    g = np.zeros_like(beta)
    for j in range(beta.size):
        e = np.zeros_like(beta)
        e[j] = h
        g[j] = (f(beta + e) - f(beta - e)) / (2 * h)
    return g


def test_add_intercept_prepends_ones():
    X = add_intercept(np.arange(6.0).reshape(3, 2))
    np.testing.assert_array_equal(X[:, 0], 1.0)
    np.testing.assert_array_equal(X[:, 1:], np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match="2-D"):
        add_intercept(np.arange(3.0))


def test_cross_entropy_matches_the_definition():
    X, y, beta, _ = _problem()
    p = sigmoid(X @ beta)
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))  # safe here: |z| is small
    np.testing.assert_allclose(cross_entropy(beta, X, y), direct, rtol=1e-13)
    # log-likelihood is minus the sum (rounding only)
    np.testing.assert_allclose(log_likelihood(beta, X, y), -len(y) * direct, rtol=1e-13)


def test_confident_mistakes_cost_their_margin_not_infinity():
    X = np.array([[1.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # z = -1000 for a positive and z = 1000 for... a positive: costs 1000 and ~0
        assert cross_entropy([-1000.0], X[:1], [1.0]) == 1000.0
        assert cross_entropy([1000.0], X[:1], [1.0]) == 0.0
        assert log_likelihood([1000.0], X, [0.0, 1.0]) == -1000.0


@pytest.mark.parametrize("weights", [False, True])
def test_gradient_matches_finite_differences(weights):
    X, y, beta, w = _problem(weights=weights)
    fd = _fd_gradient(lambda b: cross_entropy(b, X, y, w), beta)
    # central differences: truncation ~h^2 = 1e-12, rounding ~eps/h ~ 1e-10
    np.testing.assert_allclose(gradient(beta, X, y, w), fd, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("weights", [False, True])
def test_hessian_matches_finite_differences_of_the_gradient(weights):
    X, y, beta, w = _problem(weights=weights)
    H = hessian(beta, X, w)
    fd = np.column_stack([
        _fd_gradient(lambda b: gradient(b, X, y, w)[j], beta) for j in range(beta.size)
    ])
    # same finite-difference error budget as for the gradient
    np.testing.assert_allclose(H, fd, rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(H, H.T)


@pytest.mark.parametrize("weights", [False, True])
def test_penalized_gradient_and_hessian_match_finite_differences(weights):
    X, y, beta, w = _problem(weights=weights)
    mask = np.array([False, True, True, True])
    alpha = 0.3
    f = lambda b: penalized_cross_entropy(b, X, y, alpha, 0.0, w, mask)  # noqa: E731
    g = penalized_gradient(beta, X, y, alpha, w, mask)
    np.testing.assert_allclose(g, _fd_gradient(f, beta), rtol=1e-7, atol=1e-9)
    H = penalized_hessian(beta, X, alpha, w, mask)
    fd = np.column_stack([
        _fd_gradient(lambda b: penalized_gradient(b, X, y, alpha, w, mask)[j], beta)
        for j in range(beta.size)
    ])
    np.testing.assert_allclose(H, fd, rtol=1e-7, atol=1e-9)
    # the intercept is not penalized: its row equals the unpenalized Hessian's
    np.testing.assert_allclose(H[0], hessian(beta, X, w)[0], rtol=1e-14)


def test_per_sample_gradients_sum_to_the_gradient():
    X, y, beta, _ = _problem()
    G = per_sample_gradients(beta, X, y)
    assert G.shape == X.shape
    # a mean of 60 terms: rounding only
    np.testing.assert_allclose(G.mean(axis=0), gradient(beta, X, y), rtol=1e-13, atol=1e-15)


def test_gradient_is_zero_mean_residual_for_the_intercept():
    # the intercept's gradient component is mean(p - y)
    X, y, beta, _ = _problem()
    np.testing.assert_allclose(gradient(beta, X, y)[0], np.mean(sigmoid(X @ beta) - y), rtol=1e-13)


def test_none_weights_equal_unit_weights():
    X, y, beta, _ = _problem()
    ones = np.ones(len(y))
    assert cross_entropy(beta, X, y) == cross_entropy(beta, X, y, ones)
    np.testing.assert_array_equal(gradient(beta, X, y), gradient(beta, X, y, ones))
    np.testing.assert_array_equal(hessian(beta, X), hessian(beta, X, ones))


@FAST
@given(st.integers(0, 10_000), st.integers(0, 59))
def test_weight_two_equals_a_duplicated_row(seed, row):
    X, y, beta, _ = _problem(seed=seed)
    w = np.ones(len(y))
    w[row] = 2.0
    Xd = np.vstack([X, X[row]])
    yd = np.append(y, y[row])
    # the same sums in a different order: agreement to rounding
    np.testing.assert_allclose(cross_entropy(beta, X, y, w), cross_entropy(beta, Xd, yd), rtol=1e-13)
    np.testing.assert_allclose(gradient(beta, X, y, w), gradient(beta, Xd, yd), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hessian(beta, X, w), hessian(beta, Xd), rtol=1e-12, atol=1e-15)


@FAST
@given(hnp.arrays(np.float64, (12, 3), elements=st.floats(-1e3, 1e3)),
       hnp.arrays(np.float64, 3, elements=st.floats(-50, 50)))
def test_hessian_is_positive_semi_definite(X, beta):
    H = hessian(beta, X)
    evals = np.linalg.eigvalsh(H)
    # eigenvalues >= 0 up to rounding relative to the largest one
    assert evals.min() >= -1e-12 * max(1.0, evals.max())


def test_hessian_never_forms_an_m_by_m_matrix():
    # 200 000 rows: a dense W would need 320 GB; a scaled copy of X needs 4.8 MB.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200_000, 3))
    tracemalloc.start()
    hessian(np.zeros(3), X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * X.nbytes  # a handful of n-vectors and one block of X, never n^2


@pytest.mark.parametrize(
    "args, match",
    [
        (([0.0, 0.0], [1.0, 2.0], [1]), "2-D"),
        (([0.0, 0.0], [[1.0, np.nan]], [1]), "NaN"),
        (([0.0, 0.0], [[1.0, np.inf]], [1]), "infinite"),
        (([0.0, 0.0], [[1.0, 2.0], [1.0, 3.0]], [1]), "Inconsistent numbers of samples"),
        (([0.0], [[1.0, 2.0]], [1]), "add_intercept"),
        (([0.0, 0.0], [[1.0, 2.0]], [2]), "0/1"),
    ],
)
def test_invalid_input_raises_a_named_value_error(args, match):
    with pytest.raises(ValueError, match=match):
        cross_entropy(*args)
    with pytest.raises(ValueError, match=match):
        gradient(*args)


@pytest.mark.parametrize("w, match", [([-1.0, 1.0], "non-negative"), ([np.nan, 1.0], "NaN"),
                                      ([1.0], "length"), ([0.0, 0.0], "sums to zero")])
def test_invalid_weights(w, match):
    X = [[1.0, 0.0], [1.0, 1.0]]
    with pytest.raises(ValueError, match=match):
        cross_entropy([0.0, 0.0], X, [0, 1], w)
    with pytest.raises(ValueError, match=match):
        hessian([0.0, 0.0], X, w)


# --- the package's structure (issue 10, item 9) ------------------------------------------

def _package_modules():
    import pathlib

    import logreg_lib

    root = pathlib.Path(logreg_lib.__file__).parent
    return root, sorted(root.rglob("*.py"))


def test_package_docstring_lists_every_module():
    import pkgutil

    import logreg_lib

    doc = logreg_lib.__doc__
    for module in pkgutil.iter_modules(logreg_lib.__path__):
        name = module.name
        assert f"logreg_lib.{name}" in doc or f"``{name}``" in doc, name


# Private names still imported across modules, in files that other work owns; each is
# to be made public there. Anything else is a regression.
_KNOWN_PRIVATE_IMPORTS = {
    ("model.py", "inference", "_covariance_from_information"),  # inference is being rewritten
    ("thresholds.py", "metrics", "_binary_clf_curve"),  # metrics: the estimator work's file
}


def test_no_private_name_is_imported_across_modules():
    import ast

    root, files = _package_modules()
    found = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                for alias in node.names:
                    if alias.name.startswith("_"):
                        found.add((path.name, node.module, alias.name))
    assert found <= _KNOWN_PRIVATE_IMPORTS, sorted(found - _KNOWN_PRIVATE_IMPORTS)


# Weighted Gram products still written out in files that other work owns: the
# multinomial Hessian's blocks (softmax.py) and Firth's information (separation.py,
# _firth_parts, part of the Firth work). Each should call _kernels.weighted_gram.
_KNOWN_GRAM_COPIES = {"softmax.py", "separation.py"}


def test_sigmoid_and_weighted_gram_exist_once():
    # the stable sigmoid (exp(-|z|)) and the blocked Gram product live in _kernels only
    root, files = _package_modules()
    gram_copies = set()
    for path in files:
        if path.name == "_kernels.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "np.exp(-np.abs(" not in text, path.name
        if ".T @ A" in text or "[:, None]).T @ X" in text:
            gram_copies.add(path.name)
    assert gram_copies <= _KNOWN_GRAM_COPIES, sorted(gram_copies - _KNOWN_GRAM_COPIES)
