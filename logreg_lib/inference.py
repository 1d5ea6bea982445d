r"""Uncertainty of the estimates: covariance, standard errors, Wald tests, the summary table.

Chapter 3, "uncertainty note", with the curvature of Chapter 4. At the maximum-likelihood
estimate :math:`\hat\beta` the (observed = expected, for the logistic model) Fisher
information is the Hessian of the *summed* negative log-likelihood,
:math:`I(\hat\beta) = X^\top W X`, and the large-sample covariance of :math:`\hat\beta`
is its inverse. Standard errors are the square roots of its diagonal, Wald statistics
are :math:`z = \hat\beta/\mathrm{SE}`, two-sided p-values are :math:`2\Phi(-|z|)`, and
odds-ratio intervals exponentiate the ends of the coefficient intervals.

These formulas assume an unpenalized fit. With a penalty the estimate is biased toward
zero and the p-values are not valid; :class:`~logreg_lib.model.LogisticRegression`
warns (:class:`~logreg_lib.exceptions.InferenceWarning`) when asked for them.
"""

import html

import numpy as np
from scipy import linalg, special

from ._validation import as_float_array, check_matrix, check_sample_weight, check_vector
from .interpretation import odds_ratio
from ._kernels import check_alpha as _check_alpha
from ._kernels import check_mask as _check_mask
from ._kernels import curvature as _curvature
from ._kernels import weighted_gram as _weighted_gram

__all__ = ["covariance", "wald_test", "Summary"]


def _covariance_from_information(info, diagnose=None):
    """Invert a symmetric information matrix through Cholesky.

    Returns a matrix of ``inf`` when the information is (numerically) singular, after
    calling ``diagnose`` (which may raise a more specific error).
    """
    try:
        factor = linalg.cho_factor(info, lower=False, check_finite=False)
        ok = np.min(np.diag(factor[0]) ** 2 / np.diag(info)) >= 1e-12
    except linalg.LinAlgError:
        ok = False
    if not ok:
        if diagnose is not None:
            diagnose()
        return np.full(info.shape, np.inf)
    cov = linalg.cho_solve(factor, np.eye(info.shape[0]), check_finite=False)
    return 0.5 * (cov + cov.T)  # exactly symmetric (the solves differ in the last bit)


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
        :math:`(X^\top W X + \alpha \sum_i s_i\, M)^{-1}`; filled with ``inf`` if that
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
        = \left(X^\top W X\right)^{-1},\qquad W = \operatorname{diag}\big(s_i\,\hat p_i(1 - \hat p_i)\big).

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

    return _covariance_from_information(info, diagnose)


def wald_test(coef, std_err):
    r"""Wald statistics and two-sided p-values for :math:`H_0: \beta_j = 0`.

    Chapter 3, "uncertainty note": "report p-values or 95% CIs".

    Parameters
    ----------
    coef : array_like of shape (n_coef,)
        Estimates.
    std_err : array_like of shape (n_coef,)
        Positive standard errors (``inf`` allowed: it gives z = 0, p = 1).

    Returns
    -------
    z : ndarray of shape (n_coef,)
        :math:`\hat\beta_j / \mathrm{SE}_j`.
    p_value : ndarray of shape (n_coef,)
        :math:`2\Phi(-|z_j|)`, computed with the normal survival function so that tiny
        p-values do not round to 0 through :math:`1 - \Phi`.

    Raises
    ------
    ValueError
        On NaN, mismatched shapes, or non-positive standard errors.

    Notes
    -----
    .. math::

        z_j = \frac{\hat\beta_j}{\mathrm{SE}_j}, \qquad p_j = 2\,\Phi(-|z_j|).

    Examples
    --------
    >>> from logreg_lib import wald_test
    >>> z, p = wald_test([0.82], [0.33])
    >>> round(float(z[0]), 3), round(float(p[0]), 4)
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
    z = coef / std_err
    return z, 2.0 * special.ndtr(-np.abs(z))


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

    Chapter 3's table (weight, odds ratio, standard error), with Wald statistics,
    p-values and confidence intervals. Made by
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

    Attributes
    ----------
    names : ndarray of str, shape (n_rows,)
    coef, std_err, z, p_value : ndarray of shape (n_rows,)
    ci_low, ci_high : ndarray of shape (n_rows,)
        Wald interval of each coefficient.
    odds_ratio : ndarray of shape (n_rows,)
        :math:`e^{\hat\beta}`.
    odds_ratio_ci_low, odds_ratio_ci_high : ndarray of shape (n_rows,)
        The exponentiated interval ends.
    level : float
    """

    columns = ("coef", "std_err", "z", "p_value", "ci_low", "ci_high",
               "odds_ratio", "odds_ratio_ci_low", "odds_ratio_ci_high")

    def __init__(self, names, coef, std_err, level=0.95, title="Logistic regression", notes=()):
        self.names = np.asarray([str(n) for n in names], dtype=object)
        self.coef = as_float_array(coef, "coef").reshape(-1)
        self.std_err = np.asarray(std_err, dtype=float).reshape(-1)
        if not (self.names.shape == self.coef.shape == self.std_err.shape):
            raise ValueError("names, coef and std_err must have the same length.")
        self.level = float(level)
        self.title = title
        self.notes = tuple(notes)
        self.z, self.p_value = wald_test(self.coef, self.std_err)
        with np.errstate(invalid="ignore"):
            self.ci_low, self.ci_high = (np.atleast_1d(a) for a in _wald(self.coef, self.std_err, level))
        self.odds_ratio = np.atleast_1d(odds_ratio(self.coef))
        with np.errstate(over="ignore"):
            self.odds_ratio_ci_low = np.exp(self.ci_low)
            self.odds_ratio_ci_high = np.exp(self.ci_high)

    def __len__(self):
        return self.names.shape[0]

    def _header(self):
        pct = f"{100 * self.level:g}%"
        return ["", "coef", "std err", "z", "P>|z|", f"[{pct} low", f"{pct} high]",
                "odds ratio", "OR low", "OR high"]

    def _rows(self):
        rows = []
        for i in range(len(self)):
            rows.append([
                str(self.names[i]), _fmt(self.coef[i]), _fmt(self.std_err[i]), _fmt(self.z[i], 3),
                _fmt_p(self.p_value[i]), _fmt(self.ci_low[i]), _fmt(self.ci_high[i]),
                _fmt(self.odds_ratio[i]), _fmt(self.odds_ratio_ci_low[i]),
                _fmt(self.odds_ratio_ci_high[i]),
            ])
        return rows

    def to_text(self):
        """The table as fixed-width text, numbers rounded to 4 decimals (z to 3).

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
