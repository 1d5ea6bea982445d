r"""Inference: covariance, Wald, likelihood-ratio and score tests, profile intervals, fit checks.

Chapter 3 reads the coefficient table; Chapter 4, "Inference", derives it. At the
maximum-likelihood estimate :math:`\hat\beta` the Fisher information (observed = expected
for the logit link) is the Hessian of the *summed* negative log-likelihood,
:math:`I(\hat\beta) = X^\top W X`, and the large-sample covariance of :math:`\hat\beta`
is its inverse. Standard errors are the square roots of its diagonal, Wald statistics
are :math:`T_j = \hat\beta_j/\mathrm{SE}_j`, two-sided p-values are :math:`2\Phi(-|T_j|)`,
and odds-ratio intervals exponentiate the ends of the coefficient intervals.

The likelihood-based alternatives compare maximized log-likelihoods instead of relying
on the quadratic approximation at :math:`\hat\beta`: the deviance and its residuals,
the likelihood-ratio test of nested models, the score test, profile-likelihood
intervals, and their Firth (penalized-likelihood) versions as in R's logistf. The
Hosmer-Lemeshow test checks calibration by risk group.

These formulas assume an unpenalized fit. With a penalty the estimate is biased toward
zero and the p-values are not valid; :class:`~logreg_lib.model.LogisticRegression`
warns (:class:`~logreg_lib.exceptions.InferenceWarning`) when asked for them.
"""

import html
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, optimize, special, stats

from ._validation import (
    as_float_array,
    check_matrix,
    check_probabilities,
    check_same_length,
    check_sample_weight,
    check_vector,
)
from .exceptions import ConvergenceWarning, SeparationWarning
from .interpretation import odds_ratio
from ._kernels import check_alpha as _check_alpha
from ._kernels import check_mask as _check_mask
from ._kernels import covariance_from_information
from ._kernels import curvature as _curvature
from ._kernels import expit as _expit
from ._kernels import nll_terms as _nll_terms
from ._kernels import weighted_gram as _weighted_gram

__all__ = [
    "covariance", "sandwich_covariance", "wald_test", "Summary",
    "TestResult", "deviance", "deviance_residuals", "pearson_residuals",
    "likelihood_ratio_test", "score_test", "profile_deviance", "profile_interval",
    "profile_table", "hosmer_lemeshow_test",
]


def covariance(beta, X, sample_weight=None, alpha=0.0, penalty_mask=None):
    r"""Estimated covariance of the coefficients: the inverse Fisher information.

    Chapter 3, "uncertainty note": the standard errors reported next to the
    coefficients are the square roots of this matrix's diagonal.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        The estimate :math:`\hat\beta`.
    X : array_like of shape (n_samples, n_columns)
        Design matrix.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights (a weight of 2 counts the row twice, so it also shrinks the
        standard errors as a duplicated row would).
    alpha : float, default=0.0
        L2 strength of a penalized fit (mean-loss scale). With ``alpha > 0`` the result
        is the inverse of the penalized Hessian, the covariance of the Gaussian
        (Laplace) approximation to the posterior under the matching normal prior, not a
        frequentist covariance.
    penalty_mask : array_like of bool, shape (n_columns,), default=None
        Penalized columns; ``None`` means all.

    Returns
    -------
    ndarray of shape (n_columns, n_columns)
        :math:`(X^\top W X + \alpha \sum_i \omega_i\, M)^{-1}`; filled with ``inf`` if that
        matrix is numerically singular although the columns of ``X`` are independent
        (probabilities saturated at 0 or 1: separated data).

    Raises
    ------
    ValueError
        On invalid input, or when columns of ``X`` are collinear.

    Notes
    -----
    .. math::

        \widehat{\operatorname{Cov}}(\hat\beta) = \left(\nabla^2(-\ell)(\hat\beta)\right)^{-1}
        = \left(X^\top W X\right)^{-1},\qquad W = \operatorname{diag}\big(\omega_i\,\hat p_i(1 - \hat p_i)\big).

    The inverse is computed from a Cholesky factorization (one triangular solve per
    column), never by a general-purpose inverse.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import covariance
    >>> cov = covariance([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]])
    >>> np.sqrt(np.diag(cov))  # p(1-p) = 1/4 for both rows
    array([1.41421356, 1.41421356])
    """
    X = check_matrix(X)
    beta = check_vector(beta, "beta", length=X.shape[1])
    w = check_sample_weight(sample_weight, X.shape[0])
    alpha = _check_alpha(alpha)
    mask = _check_mask(penalty_mask, X.shape[1])
    info = _weighted_gram(X, w * _curvature(X @ beta))
    info[np.diag_indices_from(info)] += alpha * w.sum() * mask

    def diagnose():
        from ._kernels import Problem as _Problem

        _Problem(X, np.zeros(X.shape[0]), w, alpha, 0.0, mask, None).diagnose_singular()

    return covariance_from_information(info, diagnose)


def sandwich_covariance(beta, X, y, sample_weight=None):
    r"""Robust ("sandwich", HC0) covariance of the coefficients of an unpenalized fit.

    Chapter 4, "Inference": when the model may be wrong (log-odds not linear in the
    features, dependent rows), the covariance of the score is no longer the
    information, and :func:`covariance` is off. The sandwich estimate keeps the
    information as the "bread" and measures the score's spread from the data.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        The maximum-likelihood coefficients (the score must vanish there).
    X : array_like of shape (n_samples, n_columns)
        Design matrix (include a column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights: a weight of 2 gives what a duplicated row gives.

    Returns
    -------
    ndarray of shape (n_columns, n_columns)
        :math:`\mathcal I^{-1} B\, \mathcal I^{-1}`; filled with ``inf`` if the
        information is numerically singular (separated data).

    Raises
    ------
    ValueError
        On invalid input, labels other than 0/1, or collinear columns.

    Notes
    -----
    With per-example scores :math:`\mathbf u_i = (y_i - \hat p_i)\,\mathbf x_i`,

    .. math::

        \widehat{\operatorname{Cov}}_{\text{sandwich}}(\hat\beta)
        = \mathcal I^{-1}\Big(\sum_i \omega_i\, \mathbf u_i \mathbf u_i^\top\Big)
          \mathcal I^{-1},\qquad \mathcal I = X^\top W X .

    If the model is right, :math:`E[(y_i - p_i)^2] = p_i(1 - p_i)`, the "meat" estimates
    :math:`\mathcal I` and the two covariances agree in large samples. This is
    statsmodels' ``Logit(...).fit(cov_type="HC0")``, without its small-sample
    corrections (HC1 multiplies by :math:`m/(m - n_{\text{columns}})`).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import sandwich_covariance
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> beta = [-1.3623, 0.9082]  # the fit of y = [0, 1, 0, 1]
    >>> np.sqrt(np.diag(sandwich_covariance(beta, X, [0, 1, 0, 1]))).round(2)
    array([1.57, 0.72])
    """
    X = check_matrix(X)
    beta = check_vector(beta, "beta", length=X.shape[1])
    y = check_vector(y, "y")
    check_same_length(X=X, y=y)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels; found other values.")
    w = check_sample_weight(sample_weight, X.shape[0])
    bread = covariance(beta, X, w)
    if not np.all(np.isfinite(bread)):
        return bread
    residual = y - _expit(X @ beta)
    meat = _weighted_gram(X, w * residual**2)
    cov = bread @ meat @ bread
    return 0.5 * (cov + cov.T)


def wald_test(coef, std_err):
    r"""Wald statistics and two-sided p-values for :math:`H_0: \beta_j = 0`.

    Chapter 3 (reading the table) and Chapter 4, "Three tests" (the derivation). The
    course calls the statistic :math:`T_j` (the letter :math:`z` is the linear score).

    Parameters
    ----------
    coef : array_like of shape (n_coef,)
        Estimates.
    std_err : array_like of shape (n_coef,)
        Positive standard errors (``inf`` allowed: it gives T = 0, p = 1).

    Returns
    -------
    statistic : ndarray of shape (n_coef,)
        :math:`T_j = \hat\beta_j / \mathrm{SE}_j`.
    p_value : ndarray of shape (n_coef,)
        :math:`2\Phi(-|T_j|)`, computed with the normal survival function so that tiny
        p-values do not round to 0 through :math:`1 - \Phi`.

    Raises
    ------
    ValueError
        On NaN, mismatched shapes, or non-positive standard errors.

    Notes
    -----
    .. math::

        T_j = \frac{\hat\beta_j}{\mathrm{SE}_j}, \qquad p_j = 2\,\Phi(-|T_j|).

    Under :math:`H_0` and in large samples :math:`T_j` is approximately standard normal
    (equivalently :math:`T_j^2 \sim \chi^2_1`).

    Examples
    --------
    >>> from logreg_lib import wald_test
    >>> t, p = wald_test([0.82], [0.33])
    >>> round(float(t[0]), 3), round(float(p[0]), 4)
    (2.485, 0.013)
    """
    coef = as_float_array(coef, "coef").reshape(-1)
    std_err = np.asarray(std_err, dtype=float).reshape(-1)
    if np.any(np.isnan(std_err)):
        raise ValueError("std_err contains NaN.")
    if coef.shape != std_err.shape:
        raise ValueError(f"coef has {coef.shape[0]} entries but std_err has {std_err.shape[0]}.")
    if np.any(std_err <= 0):
        raise ValueError("std_err must be positive.")
    t = coef / std_err
    return t, 2.0 * special.ndtr(-np.abs(t))


def _fmt(x, digits=4):
    """A number rounded on purpose (identical text on every machine), no negative zero."""
    if not np.isfinite(x):
        return "inf" if x > 0 else ("-inf" if x < 0 else "nan")
    if abs(x) >= 1e5:
        s = f"{x:.{digits - 1}e}"
    else:
        s = f"{x:.{digits}f}"
    if s.lstrip("-").strip("0.") == "":
        s = s.lstrip("-")
    return s


def _fmt_p(p):
    return "<0.0001" if p < 1e-4 else f"{p:.4f}"


class Summary:
    r"""The coefficient table of a fitted model: one row for the intercept, then each feature.

    Chapter 3's table (weight, odds ratio, standard error), with Wald statistics
    :math:`T_j = \hat\beta_j/\mathrm{SE}_j`, p-values and confidence intervals. Made by
    :meth:`~logreg_lib.model.LogisticRegression.summary`; ``print`` it for the text form,
    or leave it as a notebook cell's last line for the HTML form.

    Parameters
    ----------
    names : sequence of str, length n_rows
        Row labels.
    coef : array_like of shape (n_rows,)
        Estimates.
    std_err : array_like of shape (n_rows,)
        Standard errors.
    level : float, default=0.95
        Confidence level of the intervals.
    title : str, default="Logistic regression"
        First line of the text form.
    notes : sequence of str, default=()
        Lines printed under the table (e.g. "penalized fit: p-values are not valid").
    ci : tuple of two array_like of shape (n_rows,), default=None
        Intervals from another method (e.g. profile likelihood) replacing the Wald ones
        in ``ci_low``/``ci_high``; the Wald ones stay in ``wald_ci_low``/``wald_ci_high``.
    p_value : array_like of shape (n_rows,), default=None
        p-values from another test (e.g. likelihood ratio) replacing the Wald ones in
        ``p_value``; the Wald ones stay in ``wald_p_value``.
    inference : str, default="Wald"
        Name of the method behind ``ci`` and ``p_value``, shown in the header.

    Attributes
    ----------
    names : ndarray of str, shape (n_rows,)
    coef, std_err : ndarray of shape (n_rows,)
    wald : ndarray of shape (n_rows,)
        Wald statistics :math:`T_j`.
    p_value, ci_low, ci_high : ndarray of shape (n_rows,)
        p-values and interval ends of the method named by ``inference``.
    wald_p_value, wald_ci_low, wald_ci_high : ndarray of shape (n_rows,)
        The Wald ones (equal to the above when ``inference="Wald"``).
    odds_ratio : ndarray of shape (n_rows,)
        :math:`e^{\hat\beta}`.
    odds_ratio_ci_low, odds_ratio_ci_high : ndarray of shape (n_rows,)
        The exponentiated interval ends.
    level : float
    inference : str
    """

    columns = ("coef", "std_err", "wald", "p_value", "ci_low", "ci_high",
               "odds_ratio", "odds_ratio_ci_low", "odds_ratio_ci_high")

    def __init__(self, names, coef, std_err, level=0.95, title="Logistic regression", notes=(),
                 ci=None, p_value=None, inference="Wald"):
        self.names = np.asarray([str(n) for n in names], dtype=object)
        self.coef = as_float_array(coef, "coef").reshape(-1)
        self.std_err = np.asarray(std_err, dtype=float).reshape(-1)
        if not (self.names.shape == self.coef.shape == self.std_err.shape):
            raise ValueError("names, coef and std_err must have the same length.")
        self.level = float(level)
        self.title = title
        self.notes = tuple(notes)
        self.inference = str(inference)
        self.wald, self.wald_p_value = wald_test(self.coef, self.std_err)
        with np.errstate(invalid="ignore"):
            self.wald_ci_low, self.wald_ci_high = (
                np.atleast_1d(a) for a in _wald(self.coef, self.std_err, level))
        self.p_value, self.ci_low, self.ci_high = self.wald_p_value, self.wald_ci_low, self.wald_ci_high
        if p_value is not None:
            self.p_value = np.asarray(p_value, dtype=float).reshape(-1)
            if self.p_value.shape != self.coef.shape:
                raise ValueError("p_value must have one entry per row.")
        if ci is not None:
            self.ci_low, self.ci_high = (np.asarray(c, dtype=float).reshape(-1) for c in ci)
            if self.ci_low.shape != self.coef.shape or self.ci_high.shape != self.coef.shape:
                raise ValueError("ci must be two arrays with one entry per row.")
        self.odds_ratio = np.atleast_1d(odds_ratio(self.coef))
        with np.errstate(over="ignore"):
            self.odds_ratio_ci_low = np.exp(self.ci_low)
            self.odds_ratio_ci_high = np.exp(self.ci_high)

    def __len__(self):
        return self.names.shape[0]

    def _header(self):
        pct = f"{100 * self.level:g}%"
        p_label = "P>|T|" if self.inference == "Wald" else f"p ({self.inference})"
        return ["", "coef", "std err", "wald T", p_label, f"[{pct} low", f"{pct} high]",
                "odds ratio", "OR low", "OR high"]

    def _rows(self):
        rows = []
        for i in range(len(self)):
            rows.append([
                str(self.names[i]), _fmt(self.coef[i]), _fmt(self.std_err[i]),
                _fmt(self.wald[i], 3), _fmt_p(self.p_value[i]), _fmt(self.ci_low[i]),
                _fmt(self.ci_high[i]), _fmt(self.odds_ratio[i]),
                _fmt(self.odds_ratio_ci_low[i]), _fmt(self.odds_ratio_ci_high[i]),
            ])
        return rows

    def to_text(self):
        """The table as fixed-width text, numbers rounded to 4 decimals (T to 3).

        Returns
        -------
        str
        """
        header, rows = self._header(), self._rows()
        widths = [max(len(r[j]) for r in [header] + rows) for j in range(len(header))]
        fmt_row = lambda r: "  ".join(  # noqa: E731
            r[j].ljust(widths[j]) if j == 0 else r[j].rjust(widths[j]) for j in range(len(r)))
        rule = "-" * len(fmt_row(header))
        lines = [self.title, rule, fmt_row(header), rule]
        lines += [fmt_row(r) for r in rows]
        lines.append(rule)
        lines += list(self.notes)
        return "\n".join(lines)

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return self.to_text()

    def _repr_html_(self):
        """HTML table for notebooks (same rounding as the text form)."""
        header = self._header()
        out = [f"<table class=\"logreg-summary\"><caption>{html.escape(self.title)}</caption>",
               "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>",
               "<tbody>"]
        for r in self._rows():
            out.append("<tr><th>" + html.escape(r[0]) + "</th>"
                       + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:]) + "</tr>")
        out.append("</tbody></table>")
        for note in self.notes:
            out.append(f"<p>{html.escape(note)}</p>")
        return "\n".join(out)

    def to_frame(self):
        """The unrounded table as a pandas DataFrame indexed by ``names`` (needs pandas).

        Returns
        -------
        pandas.DataFrame
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover
            raise ImportError("Summary.to_frame() needs pandas: pip install pandas") from None
        return pd.DataFrame({c: getattr(self, c) for c in self.columns},
                            index=pd.Index(list(self.names), name="term"))


def _wald(coef, std_err, level):
    # wald_interval rejects inf standard errors; here inf (singular information) is allowed.
    z = special.ndtri(0.5 + float(level) / 2.0)
    return coef - z * std_err, coef + z * std_err


# =======================================================================================
# Likelihood-based inference (Chapter 4, "Inference"): deviance, residuals, the three
# classical tests, profile-likelihood intervals, Hosmer-Lemeshow, and Firth's versions.
# =======================================================================================


@dataclass
class TestResult:
    r"""Outcome of a hypothesis test.

    Attributes
    ----------
    statistic : float
        The test statistic (chi-squared scale).
    df : int
        Degrees of freedom of its reference :math:`\chi^2` distribution.
    p_value : float
        :math:`P(\chi^2_{df} \ge \text{statistic})`.
    method : str
        Which test, in words.
    details : dict
        Test-specific extras (e.g. the two deviances, the restricted estimate, the
        Hosmer-Lemeshow group table).
    """

    __test__ = False  # not a pytest test class

    statistic: float
    df: int
    p_value: float
    method: str
    details: dict = field(default_factory=dict)

    def __str__(self):
        return (f"{self.method}: statistic {_fmt(self.statistic)}, df {self.df}, "
                f"p-value {_fmt_p(self.p_value)}")


def _objective_parts(beta, X, y, w, firth):
    r"""(Penalized) log-likelihood, its gradient and the Fisher information at ``beta``.

    With ``firth=True`` the objective is :math:`\ell(\beta) + \frac12\log\det I(\beta)`
    and the gradient is Firth's modified score. Returns ``None`` when the information
    is not positive definite (Firth's penalty is then undefined).
    """
    z = X @ beta
    p = _expit(z)
    v = w * _curvature(z)
    loglik = -float(w @ _nll_terms(z, y))
    info = _weighted_gram(X, v)
    resid = w * (y - p)
    if not firth:
        return loglik, X.T @ resid, info
    try:
        L = linalg.cholesky(info, lower=True, check_finite=False)
    except linalg.LinAlgError:
        return None
    if np.min(np.diag(L)) <= 0:
        return None
    Q = linalg.solve_triangular(L, X.T, lower=True, check_finite=False)
    h = v * np.sum(Q * Q, axis=0)  # hat diagonal of W^(1/2) X I^-1 X^T W^(1/2)
    pen = float(np.sum(np.log(np.diag(L))))  # 1/2 log det I
    return loglik + pen, X.T @ (resid + h * (0.5 - p)), info


def _constrained_fit(X, y, w, fixed=(), values=(), beta0=None, firth=False,
                     max_iter=None, tol=1e-10):
    r"""Maximize the (penalized) log-likelihood with the coefficients ``fixed`` held at ``values``.

    Newton's method on the free coordinates (for Firth's objective: Fisher scoring with
    the modified score, as R's logistf does), halving the step until the objective does
    not decrease; Fisher scoring can converge slowly on Firth's objective, so after 50
    iterations BFGS with the exact gradient finishes the job. Returns
    ``(beta, objective, converged, n_iter)``.
    """
    if max_iter is None:
        max_iter = 50 if firth else 200
    k = X.shape[1]
    free = np.ones(k, dtype=bool)
    fixed = list(fixed)
    free[fixed] = False
    beta = np.zeros(k) if beta0 is None else np.array(beta0, dtype=float)
    beta[fixed] = values
    parts = _objective_parts(beta, X, y, w, firth)
    if parts is None:
        raise ValueError("The information matrix X^T W X is singular at the starting point: "
                         "are the columns of X collinear?")
    obj, score, info = parts
    if not free.any():
        return beta, obj, True, 0
    converged = False
    n_iter = 0
    radius = 10.0  # largest step (max-abs), grown while full steps succeed
    for n_iter in range(1, max_iter + 1):
        info_ff = info[np.ix_(free, free)]
        try:
            step = linalg.solve(info_ff, score[free], assume_a="pos", check_finite=False)
        except (linalg.LinAlgError, ValueError):
            step = score[free].copy()  # singular curvature (saturated fit): go uphill
        if not np.all(np.isfinite(step)):
            step = score[free].copy()
        size = float(np.max(np.abs(step)))
        capped = size > radius
        if capped:
            step *= radius / size
        t = 1.0
        while True:
            cand = beta.copy()
            cand[free] += t * step
            new = _objective_parts(cand, X, y, w, firth)
            if new is not None and new[0] >= obj - 1e-13 * (1.0 + abs(obj)):
                break
            t *= 0.5
            if t < 1e-12:
                new = None
                break
        if new is None:  # no increase possible: we are at the maximum to rounding
            converged = np.max(np.abs(score[free])) < 1e-6 * (1.0 + abs(obj))
            break
        if capped and t == 1.0:
            radius *= 4.0
        beta = cand
        obj, score, info = new
        if (not capped and np.max(np.abs(t * step)) < tol * (1.0 + np.max(np.abs(beta)))) or \
                np.max(np.abs(score[free])) < tol:
            converged = True
            break
    if not converged and firth:
        beta, obj, converged = _polish(X, y, w, free, beta, obj)
    return beta, obj, bool(converged), n_iter


def _polish(X, y, w, free, beta, obj):
    """Finish a slow Fisher-scoring run on Firth's objective with BFGS (exact gradient)."""
    def negative(theta):
        cand = beta.copy()
        cand[free] = theta
        parts = _objective_parts(cand, X, y, w, True)
        if parts is None:
            return 1e300, np.zeros(theta.shape[0])
        return -parts[0], -parts[1][free]

    res = optimize.minimize(negative, beta[free], jac=True, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 1000})
    if -res.fun < obj:
        return beta, obj, False
    out = beta.copy()
    out[free] = res.x
    _, grad = negative(res.x)
    return out, -float(res.fun), bool(np.max(np.abs(grad)) < 1e-6)


def _prepare(X, y, sample_weight):
    X = check_matrix(X)
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y, dtype=float).reshape(-1)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only the labels 0 and 1 (code the positive class as 1).")
    check_same_length(X=X, y=y)
    w = check_sample_weight(sample_weight, X.shape[0])
    return X, y, w


def _column_indices(columns, n_columns, names=None):
    cols = [columns] if np.ndim(columns) == 0 else list(columns)
    out = []
    for c in cols:
        if isinstance(c, str):
            if names is None or c not in names:
                raise ValueError(f"Unknown column {c!r}; X has columns {names}.")
            out.append(names.index(c))
        elif isinstance(c, (bool, np.bool_)) or int(c) != c:
            raise ValueError(f"columns must be column indices or names, got {c!r}.")
        else:
            j = int(c)
            if not -n_columns <= j < n_columns:
                raise ValueError(f"Column index {j} is out of range for X with {n_columns} columns.")
            out.append(j % n_columns)
    if len(out) == 0 or len(set(out)) != len(out):
        raise ValueError(f"columns must name at least one column, each once; got {columns!r}.")
    return out


def _names(X):
    return [str(c) for c in X.columns] if hasattr(X, "columns") else None


def _full_fit(X, y, w, firth, what):
    beta, obj, converged, n_iter = _constrained_fit(X, y, w, firth=firth)
    if not converged:
        warnings.warn(f"{what}: the {'Firth' if firth else 'maximum-likelihood'} fit did not "
                      f"converge in {n_iter} iterations; the result is unreliable.",
                      ConvergenceWarning, stacklevel=3)
    if not firth and np.max(np.abs(X @ beta)) > 30:
        warnings.warn(f"{what}: fitted probabilities numerically 0 or 1 occurred: the data are "
                      "(nearly) separated and the maximum-likelihood estimate may not exist. "
                      "Use firth=True for finite estimates and profile intervals.",
                      SeparationWarning, stacklevel=3)
    return beta, obj


def deviance(beta, X, y, sample_weight=None):
    r"""Deviance of a logistic model: :math:`D(\beta) = -2\,\ell(\beta)` for 0/1 labels.

    Chapter 4, "Deviance and analysis of deviance".

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
        Coefficients.
    X : array_like of shape (n_samples, n_columns)
        Design matrix (a leading column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.

    Returns
    -------
    float
        :math:`D = 2\,(\ell_{\text{saturated}} - \ell(\beta))`; the saturated model fits
        every 0/1 label exactly, so :math:`\ell_{\text{saturated}} = 0`.

    Notes
    -----
    .. math::

        D(\beta) = -2 \sum_i \omega_i\big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]
                 = \sum_i \omega_i\, d_i^2 ,

    with :math:`d_i` the deviance residuals (:func:`deviance_residuals`). The difference
    of the deviances of two nested models is the likelihood-ratio statistic
    (:func:`likelihood_ratio_test`).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import deviance
    >>> round(deviance([0.0], np.ones((4, 1)), [0, 1, 1, 0]), 4)   # p = 1/2 each: 8 log 2
    5.5452
    """
    X, y, w = _prepare(X, y, sample_weight)
    beta = check_vector(beta, "beta", length=X.shape[1])
    return 2.0 * float(w @ _nll_terms(X @ beta, y))


def deviance_residuals(beta, X, y):
    r"""Deviance residuals :math:`d_i = \operatorname{sign}(y_i - p_i)\sqrt{-2\log P(y_i)}`.

    Chapter 4, "Deviance and analysis of deviance". Their squares add up to the deviance.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
    X : array_like of shape (n_samples, n_columns)
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.

    Returns
    -------
    ndarray of shape (n_samples,)

    Notes
    -----
    .. math::

        d_i = \operatorname{sign}(y_i - p_i)\,
              \sqrt{-2\big[y_i\log p_i + (1 - y_i)\log(1 - p_i)\big]} ,

    computed from the score :math:`z_i` through :math:`\log\sigma`, so that a confident
    mistake gives a large finite residual instead of ``inf``.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import deviance_residuals
    >>> deviance_residuals([0.0], np.ones((2, 1)), [1, 0]).round(4)
    array([ 1.1774, -1.1774])
    """
    X, y, _ = _prepare(X, y, None)
    beta = check_vector(beta, "beta", length=X.shape[1])
    nll = _nll_terms(X @ beta, y)
    return np.where(y == 1, 1.0, -1.0) * np.sqrt(2.0 * np.maximum(nll, 0.0))


def pearson_residuals(beta, X, y):
    r"""Pearson residuals :math:`r_i = (y_i - p_i)/\sqrt{p_i(1 - p_i)}`.

    Chapter 4, "Deviance and analysis of deviance": the residual in units of its
    standard deviation under the model.

    Parameters
    ----------
    beta : array_like of shape (n_columns,)
    X : array_like of shape (n_samples, n_columns)
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.

    Returns
    -------
    ndarray of shape (n_samples,)

    Notes
    -----
    For 0/1 labels the ratio simplifies: :math:`r_i = e^{-z_i/2}` when :math:`y_i = 1`
    and :math:`r_i = -e^{z_i/2}` when :math:`y_i = 0` (:math:`z_i` the score), which is
    how it is computed (no :math:`1 - p` cancellation, no division by a tiny
    :math:`p(1-p)`). Their sum of squares is Pearson's :math:`X^2` statistic.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import pearson_residuals
    >>> pearson_residuals([0.0], np.ones((2, 1)), [1, 0])
    array([ 1., -1.])
    """
    X, y, _ = _prepare(X, y, None)
    beta = check_vector(beta, "beta", length=X.shape[1])
    z = X @ beta
    with np.errstate(over="ignore"):
        return np.where(y == 1, np.exp(-z / 2.0), -np.exp(z / 2.0))


def likelihood_ratio_test(X, y, columns, sample_weight=None, firth=False):
    r"""Likelihood-ratio test that the coefficients of ``columns`` are all zero.

    Chapter 4, "Three tests": fit the full model and the model
    with those coefficients fixed at 0 (the nested, smaller model), and compare their
    deviances. With ``firth=True``, the penalized likelihood-ratio test of R's logistf.

    Parameters
    ----------
    X : array_like or pandas.DataFrame of shape (n_samples, n_columns)
        Full design matrix (a leading column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    columns : int, str or sequence of them
        Columns of ``X`` whose coefficients are 0 under :math:`H_0` (names need a
        DataFrame).
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    firth : bool, default=False
        Use Firth's penalized log-likelihood :math:`\ell^*` instead of :math:`\ell`.
        As in logistf, the restricted model keeps the full model's penalty
        :math:`\frac12\log\det I(\beta)` (computed with every column of ``X``) and only
        fixes the tested coefficients at 0.

    Returns
    -------
    TestResult
        ``statistic`` :math:`G^2`, ``df`` = number of tested columns, ``p_value``;
        ``details`` holds ``"deviance_full"``, ``"deviance_restricted"`` (``-2`` times
        the maximized (penalized) log-likelihoods), ``"coef_full"`` and
        ``"coef_restricted"``.

    Raises
    ------
    ValueError
        On invalid input or unknown columns.

    Warns
    -----
    SeparationWarning
        When the unpenalized full fit saturates (the MLE may not exist).
    ConvergenceWarning
        When a fit does not converge.

    Notes
    -----
    .. math::

        G^2 = 2\big(\ell(\hat\beta) - \ell(\tilde\beta)\big)
            = D(\tilde\beta) - D(\hat\beta)
            \;\dot\sim\; \chi^2_{q} \quad\text{under } H_0,

    :math:`\hat\beta` the full estimate, :math:`\tilde\beta` the restricted one and
    :math:`q` the number of tested coefficients (Wilks' theorem).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, likelihood_ratio_test
    >>> x = np.array([0., 1, 2, 3, 4, 5, 6, 7])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> res = likelihood_ratio_test(add_intercept(x[:, None]), y, columns=1)
    >>> res.df, round(res.statistic, 4), round(res.p_value, 4)
    (1, 2.6408, 0.1042)
    """
    names = _names(X)
    X, y, w = _prepare(X, y, sample_weight)
    cols = _column_indices(columns, X.shape[1], names)
    beta_full, obj_full = _full_fit(X, y, w, firth, "likelihood_ratio_test")
    start = beta_full.copy()
    start[cols] = 0.0
    beta_r, obj_r, converged, n_iter = _constrained_fit(X, y, w, cols, 0.0, start, firth)
    if not converged:
        warnings.warn(f"likelihood_ratio_test: the restricted fit did not converge in {n_iter} "
                      "iterations; the statistic is unreliable.", ConvergenceWarning, stacklevel=2)
    stat = max(2.0 * (obj_full - obj_r), 0.0)
    q = len(cols)
    method = ("Penalized (Firth) likelihood-ratio test" if firth else "Likelihood-ratio test")
    return TestResult(stat, q, float(stats.chi2.sf(stat, q)), method,
                      {"deviance_full": -2.0 * obj_full, "deviance_restricted": -2.0 * obj_r,
                       "coef_full": beta_full, "coef_restricted": beta_r})


def score_test(X, y, columns, sample_weight=None):
    r"""Score (Rao, Lagrange-multiplier) test that the coefficients of ``columns`` are zero.

    Chapter 4, "Three tests": only the restricted model is
    fitted; the test asks how steep the full model's log-likelihood still is there.

    Parameters
    ----------
    X : array_like or pandas.DataFrame of shape (n_samples, n_columns)
        Full design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    columns : int, str or sequence of them
        Columns whose coefficients are 0 under :math:`H_0`.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.

    Returns
    -------
    TestResult
        ``statistic`` :math:`S`, ``df``, ``p_value``; ``details["coef_restricted"]``.

    Raises
    ------
    ValueError
        On invalid input, unknown columns, or a singular information matrix at the
        restricted estimate.

    Notes
    -----
    With :math:`\tilde\beta` the restricted estimate, :math:`U = X^\top S(\mathbf y -
    \tilde{\mathbf p})` the score of the full model and :math:`I = X^\top\tilde W X` its
    information, both at :math:`\tilde\beta`,

    .. math::

        S = U^\top I^{-1} U \;\dot\sim\; \chi^2_q \quad\text{under } H_0 .

    The score is zero in the free coordinates (they are at their maximum), so only the
    tested coordinates contribute. The test never fits the full model, so it is
    defined even when the full model's estimate does not exist (separation).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, score_test
    >>> x = np.array([0., 1, 2, 3, 4, 5, 6, 7])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> round(score_test(add_intercept(x[:, None]), y, columns=1).statistic, 4)
    2.381
    """
    names = _names(X)
    X, y, w = _prepare(X, y, sample_weight)
    cols = _column_indices(columns, X.shape[1], names)
    beta_r, _, converged, n_iter = _constrained_fit(X, y, w, cols, 0.0)
    if not converged:
        warnings.warn(f"score_test: the restricted fit did not converge in {n_iter} iterations.",
                      ConvergenceWarning, stacklevel=2)
    _, score, info = _objective_parts(beta_r, X, y, w, False)
    cov = covariance_from_information(info)
    if not np.all(np.isfinite(cov)):
        raise ValueError("score_test: the information matrix at the restricted estimate is "
                         "singular (collinear columns or separated data).")
    stat = max(float(score @ cov @ score), 0.0)
    q = len(cols)
    return TestResult(stat, q, float(stats.chi2.sf(stat, q)), "Score test",
                      {"coef_restricted": beta_r})


def profile_deviance(X, y, column, values, sample_weight=None, firth=False):
    r"""The profile deviance of one coefficient: :math:`2(\ell(\hat\beta) - \ell_p(b))` at each ``b``.

    Chapter 4, "Profile-likelihood intervals". For each value
    :math:`b`, the coefficient of ``column`` is held at :math:`b` and the others are
    re-estimated; the curve is 0 at :math:`\hat\beta_j` and crosses
    :math:`\chi^2_{1,1-\alpha}` at the ends of the profile interval.

    Parameters
    ----------
    X : array_like or pandas.DataFrame of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    column : int or str
        The coefficient to profile.
    values : array_like of shape (n_values,)
        Values :math:`b` at which to evaluate.
    sample_weight : array_like of shape (n_samples,), default=None
    firth : bool, default=False
        Profile Firth's penalized log-likelihood instead.

    Returns
    -------
    ndarray of shape (n_values,)

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, profile_deviance
    >>> x = np.array([0., 1, 2, 3, 4, 5, 6, 7])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> profile_deviance(add_intercept(x[:, None]), y, 1, [0.0]).round(4)  # = the LR statistic
    array([2.6408])
    """
    names = _names(X)
    X, y, w = _prepare(X, y, sample_weight)
    j = _column_indices(column, X.shape[1], names)
    if len(j) != 1:
        raise ValueError("profile_deviance profiles one column at a time.")
    values = as_float_array(values, "values").reshape(-1)
    beta_hat, obj_hat = _full_fit(X, y, w, firth, "profile_deviance")
    out = np.empty(values.shape[0])
    start = beta_hat
    for k in np.argsort(np.abs(values - beta_hat[j[0]]), kind="stable"):  # walk outward
        beta_b, obj_b, _, _ = _constrained_fit(X, y, w, j, values[k], start, firth)
        out[k] = max(2.0 * (obj_hat - obj_b), 0.0)
        start = beta_b
    return out


def _profile_ends(X, y, w, j, beta_hat, obj_hat, se, level, firth, max_steps=60):
    """Both ends of the profile interval of coefficient j (inf where the curve never crosses)."""
    crit = float(stats.chi2.ppf(level, 1))
    ends = []
    for sign in (-1.0, 1.0):
        state = {"beta": beta_hat.copy()}

        def excess(b):
            beta_b, obj_b, converged, _ = _constrained_fit(X, y, w, [j], b, state["beta"], firth)
            if converged:
                state["beta"] = beta_b
            return 2.0 * (obj_hat - obj_b) - crit, converged

        # step out in units of the Wald SE (huge or inf near separation: then |beta_j| + 1)
        scale = min(se, 1.0 + abs(beta_hat[j])) if np.isfinite(se) and se > 0 else 1.0
        inner, end = beta_hat[j], sign * np.inf
        previous = -crit
        step = np.sqrt(crit) * scale  # start at the Wald interval's end
        for _ in range(max_steps):
            outer = beta_hat[j] + sign * step
            value, converged = excess(outer)
            if not converged:
                warnings.warn(
                    f"profile: the constrained fit at coefficient {j} = {outer:.4g} did not "
                    "converge; the interval is reported as unbounded on that side.",
                    ConvergenceWarning, stacklevel=3)
                break
            if value > 0:
                state["beta"] = beta_hat.copy()
                lo, hi = sorted((inner, outer))
                end = optimize.brentq(lambda b: excess(b)[0], lo, hi, xtol=1e-10, rtol=1e-12)
                break
            if value <= previous + 1e-9 or step > 1e3 * scale:
                break  # the profile has flattened out: the likelihood stays high forever
            inner, previous = outer, value
            step *= 2.0
        ends.append(end)
    return ends[0], ends[1]


def profile_interval(X, y, column, level=0.95, sample_weight=None, firth=False):
    r"""Profile-likelihood confidence interval of one coefficient.

    Chapter 4, "Profile-likelihood intervals": the set of values
    :math:`b` that a likelihood-ratio test of :math:`H_0: \beta_j = b` would not reject,
    found by root finding on :func:`profile_deviance`. With ``firth=True``, the profile
    penalized-likelihood interval of R's logistf.

    Parameters
    ----------
    X : array_like or pandas.DataFrame of shape (n_samples, n_columns)
        Design matrix.
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    column : int or str
        The coefficient.
    level : float, default=0.95
        Confidence level.
    sample_weight : array_like of shape (n_samples,), default=None
    firth : bool, default=False
        Profile Firth's penalized log-likelihood.

    Returns
    -------
    low, high : float
        The interval's ends; ``-inf`` or ``inf`` where the profile deviance never
        reaches the critical value (the likelihood stays flat toward infinity, as under
        separation).

    Raises
    ------
    ValueError
        On invalid input or a ``level`` outside (0, 1).

    Notes
    -----
    .. math::

        \Big\{\, b : 2\big(\ell(\hat\beta) - \max_{\beta:\,\beta_j = b}\ell(\beta)\big)
        \le \chi^2_{1,\,1-\alpha} \Big\}.

    Unlike the Wald interval it is not forced to be symmetric, it does not change when
    the coefficient is reparametrized monotonically, and it does not rely on the
    quadratic approximation of :math:`\ell` at :math:`\hat\beta`. Each evaluation is a
    constrained Newton fit warm-started from the previous one; the bracket is found by
    stepping out from :math:`\hat\beta_j` in multiples of the Wald standard error, and
    the crossing by Brent's method (``xtol=1e-10``).

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, profile_interval
    >>> x = np.array([0., 1, 2, 3, 4, 5, 6, 7])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> [round(e, 4) for e in profile_interval(add_intercept(x[:, None]), y, 1)]
    [-0.1079, 1.7621]
    """
    names = _names(X)
    X, y, w = _prepare(X, y, sample_weight)
    j = _column_indices(column, X.shape[1], names)
    if len(j) != 1:
        raise ValueError("profile_interval takes one column.")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}.")
    beta_hat, obj_hat = _full_fit(X, y, w, firth, "profile_interval")
    _, _, info = _objective_parts(beta_hat, X, y, w, False)
    se = float(np.sqrt(np.diag(covariance_from_information(info)))[j[0]])
    return _profile_ends(X, y, w, j[0], beta_hat, obj_hat, se, float(level), firth)


def profile_table(X, y, sample_weight=None, *, level=0.95, firth=False):
    r"""Profile-likelihood interval and likelihood-ratio test of every coefficient.

    Chapter 4, "Profile-likelihood intervals"; what ``summary()`` reports for a Firth
    fit, as R's logistf does. One full fit, then for each column :math:`j` the two ends
    of :func:`profile_interval` and the likelihood-ratio test of :math:`\beta_j = 0`
    (:func:`likelihood_ratio_test` with one column).

    Parameters
    ----------
    X : array_like or pandas.DataFrame of shape (n_samples, n_columns)
        Design matrix (a leading column of ones for an intercept).
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    sample_weight : array_like of shape (n_samples,), default=None
        Frequency weights.
    level : float, default=0.95
        Confidence level of the intervals.
    firth : bool, default=False
        Profile Firth's penalized log-likelihood instead of the log-likelihood.

    Returns
    -------
    coef, low, high, statistic, p_value : ndarray of shape (n_columns,) each
        Estimates, interval ends (``-inf``/``inf`` where the profile never rises by
        the :math:`\chi^2_1` quantile, as under separation), likelihood-ratio
        statistics :math:`G^2_j` and their :math:`\chi^2_1` p-values.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import add_intercept, likelihood_ratio_test, profile_table
    >>> x = np.array([0., 1, 2, 3, 4, 5, 6, 7])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> X = add_intercept(x[:, None])
    >>> coef, low, high, stat, p = profile_table(X, y)
    >>> bool(np.isclose(stat[1], likelihood_ratio_test(X, y, columns=1).statistic))
    True
    """
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}.")
    X, y, w = _prepare(X, y, sample_weight)
    level = float(level)
    beta_hat, obj_hat = _full_fit(X, y, w, firth, "profile_table")
    _, _, info = _objective_parts(beta_hat, X, y, w, False)
    se = np.sqrt(np.diag(covariance_from_information(info)))
    k = X.shape[1]
    low, high, stat = np.empty(k), np.empty(k), np.empty(k)
    for j in range(k):
        low[j], high[j] = _profile_ends(X, y, w, j, beta_hat, obj_hat, se[j], level, firth)
        start = beta_hat.copy()
        start[j] = 0.0
        _, obj0, _, _ = _constrained_fit(X, y, w, [j], 0.0, start, firth)
        stat[j] = max(2.0 * (obj_hat - obj0), 0.0)
    return beta_hat, low, high, stat, stats.chi2.sf(stat, 1)


def hosmer_lemeshow_test(y, p, n_groups=10):
    r"""Hosmer-Lemeshow goodness-of-fit test: observed and expected positives by risk group.

    Chapter 4, "Goodness of fit". Sort the examples by fitted probability, cut them into
    ``n_groups`` groups of (nearly) equal size, and compare each group's observed count of
    positives with the sum of its fitted probabilities.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        Labels in {0, 1}.
    p : array_like of shape (n_samples,)
        Fitted probabilities from the model being checked (on the same data).
    n_groups : int, default=10
        Number of groups (deciles of risk by default); at least 3.

    Returns
    -------
    TestResult
        ``statistic`` :math:`\hat C`, ``df = n_groups - 2``, ``p_value``;
        ``details["groups"]`` is a dict of arrays ``"size"``, ``"observed"``,
        ``"expected"``, ``"mean_p"``, one entry per group.

    Raises
    ------
    ValueError
        On invalid labels or probabilities, or fewer than 3 groups or more groups than
        examples.

    Notes
    -----
    .. math::

        \hat C = \sum_{g=1}^{G} \frac{(O_g - E_g)^2}{E_g\,(1 - E_g/n_g)},
        \qquad E_g = \sum_{i\in g} \hat p_i ,

    compared with :math:`\chi^2_{G-2}` (Hosmer and Lemeshow's simulations justify the
    :math:`G - 2`). Groups are consecutive blocks of the examples sorted by :math:`\hat
    p` (ties in stable order), sizes differing by at most one. Known weaknesses: the
    p-value depends on ``n_groups`` and on how ties are split; the test has little power
    in small samples and rejects trivial misfit in very large ones; a large p-value does
    not show that the model is right.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import hosmer_lemeshow_test
    >>> y = np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 1])
    >>> p = np.linspace(0.1, 0.9, 10)
    >>> res = hosmer_lemeshow_test(y, p, n_groups=5)
    >>> res.df, round(res.statistic, 4)
    (3, 3.2542)
    """
    y = check_vector(y, "y")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only the labels 0 and 1.")
    p = check_probabilities(p, "p")
    check_same_length(y=y, p=p)
    if isinstance(n_groups, bool) or int(n_groups) != n_groups or not 3 <= n_groups <= y.shape[0]:
        raise ValueError(f"n_groups must be an integer between 3 and the number of examples, "
                         f"got {n_groups!r}.")
    order = np.argsort(p, kind="stable")
    blocks = np.array_split(order, int(n_groups))
    size = np.array([b.shape[0] for b in blocks], dtype=float)
    observed = np.array([y[b].sum() for b in blocks])
    expected = np.array([p[b].sum() for b in blocks])
    denom = expected * (1.0 - expected / size)
    if np.any(denom <= 0):
        raise ValueError("A group has expected count 0 or equal to its size (all fitted "
                         "probabilities 0 or 1): use fewer groups.")
    stat = float(np.sum((observed - expected) ** 2 / denom))
    df = int(n_groups) - 2
    return TestResult(stat, df, float(stats.chi2.sf(stat, df)), "Hosmer-Lemeshow test",
                      {"groups": {"size": size, "observed": observed, "expected": expected,
                                  "mean_p": expected / size}})
