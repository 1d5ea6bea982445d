r"""Binary regression with other links: probit and complementary log-log (chapter 2).

Chapter 2 ("Why this function?") derives the sigmoid from a latent variable
:math:`y^\ast = z + \varepsilon` with :math:`y = 1` when :math:`y^\ast > 0`: the
distribution of the error :math:`\varepsilon` decides the curve
:math:`p = P(\varepsilon > -z)`.

=========== ============================ ============================================
link        error :math:`\varepsilon`    :math:`p = g^{-1}(z)`
=========== ============================ ============================================
``logit``   standard logistic            :math:`\sigma(z) = 1/(1 + e^{-z})`
``probit``  standard normal              :math:`\Phi(z)`
``cloglog`` standard Gumbel (maximum)    :math:`1 - \exp(-e^{z})`
=========== ============================ ============================================

The three are binary generalized linear models (GLMs) with link functions
:math:`g(p) = z`: :math:`\operatorname{logit}(p)`, :math:`\Phi^{-1}(p)` and
:math:`\log(-\log(1 - p))`. This module evaluates the inverse links, their
derivatives and the links themselves without overflow, and fits a binary GLM with any
of the three by Fisher scoring (iteratively reweighted least squares). With the logit
link the fit is the ordinary maximum-likelihood logistic regression of chapter 4.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.special
import scipy.stats

from ._validation import as_float_array, check_matrix, check_same_length, check_vector
from .exceptions import ConvergenceWarning, SeparationWarning

__all__ = [
    "LINKS",
    "inverse_link",
    "inverse_link_derivative",
    "link_function",
    "latent_error_sd",
    "BinaryGLMResult",
    "fit_binary_glm",
]

#: The binary links this module knows, in the order chapter 2 introduces them.
LINKS = ("logit", "probit", "cloglog")

_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
_Z_MAX = 700.0  # e^700 is finite in float64; beyond it every link has saturated


def _check_link(link):
    if link not in LINKS:
        raise ValueError(f"link must be one of {LINKS}, got {link!r}.")
    return link


def _scalar_or_array(out):
    return out[()] if out.ndim == 0 else out


def _log_probs(z, link):
    """Return (log p, log(1 - p), log dp/dz) for a float array of scores, stably."""
    if link == "logit":
        log_p = -np.logaddexp(0.0, -z)
        log_q = -np.logaddexp(0.0, z)
        return log_p, log_q, log_p + log_q
    if link == "probit":
        log_dens = -0.5 * z * z - _LOG_SQRT_2PI
        return scipy.special.log_ndtr(z), scipy.special.log_ndtr(-z), log_dens
    # cloglog: with u = e^z, p = 1 - e^{-u}, 1 - p = e^{-u}, dp/dz = u e^{-u}
    zc = np.minimum(z, _Z_MAX)
    u = np.exp(zc)
    # -expm1(-u) keeps full precision for tiny u; below 1e-20 it equals u = e^z,
    # whose logarithm is z itself (also where e^z underflows to 0)
    tiny = u < 1e-20
    log_p = np.where(tiny, zc, np.log(-np.expm1(-np.where(tiny, 1.0, u))))
    return log_p, -u, zc - u


def inverse_link(z, link="logit"):
    r"""The probability :math:`p = g^{-1}(z)` for the logit, probit or cloglog link.

    Chapter 2, "Why this function?": the curve that turns the linear score into a
    probability, given the distribution of the latent error.

    Parameters
    ----------
    z : float or array_like of any shape
        Linear scores :math:`z = \tilde{\mathbf x}^\top\boldsymbol\beta`. Must be finite.
    link : {"logit", "probit", "cloglog"}, default "logit"
        Which inverse link.

    Returns
    -------
    p : float or ndarray of the same shape as ``z``
        Probabilities in :math:`[0, 1]`.

    Raises
    ------
    ValueError
        If ``link`` is unknown or ``z`` holds NaN, infinite or non-numeric values.

    Notes
    -----
    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
        \Phi(z) = \int_{-\infty}^{z} \frac{e^{-t^2/2}}{\sqrt{2\pi}}\,dt, \qquad
        1 - \exp\!\left(-e^{z}\right).

    The first two are symmetric, :math:`g^{-1}(-z) = 1 - g^{-1}(z)`; the third is not:
    it leaves 0 slowly and approaches 1 fast (at :math:`z = 0` it is already
    :math:`1 - e^{-1} \approx 0.632`). Computed as ``exp`` of the stable logarithms,
    so no input overflows.

    Examples
    --------
    >>> from logreg_lib.glm import inverse_link
    >>> [round(float(inverse_link(0.0, k)), 4) for k in ("logit", "probit", "cloglog")]
    [0.5, 0.5, 0.6321]
    >>> float(inverse_link(-1000.0, "probit")), float(inverse_link(1000.0, "cloglog"))
    (0.0, 1.0)
    """
    _check_link(link)
    z = as_float_array(z, "z")
    log_p, log_q, _ = _log_probs(z, link)
    # the smaller of p and 1 - p carries the precision; take the other as its complement
    p = np.where(log_p < log_q, np.exp(log_p), -np.expm1(log_q))
    return _scalar_or_array(np.asarray(p))


def inverse_link_derivative(z, link="logit"):
    r"""The slope :math:`dp/dz` of the inverse link.

    Chapter 2: for the logit link it is :math:`\sigma(z)(1 - \sigma(z))`
    (eq-ch2-sigmoid-derivative); Fisher scoring needs it for every link.

    Parameters
    ----------
    z : float or array_like of any shape
        Linear scores. Must be finite.
    link : {"logit", "probit", "cloglog"}, default "logit"

    Returns
    -------
    float or ndarray of the same shape as ``z``
        Non-negative slopes.

    Raises
    ------
    ValueError
        If ``link`` is unknown or ``z`` is not finite.

    Notes
    -----
    .. math::

        \sigma(z)\bigl(1 - \sigma(z)\bigr), \qquad
        \phi(z) = \frac{e^{-z^2/2}}{\sqrt{2\pi}}, \qquad
        e^{z} \exp\!\left(-e^{z}\right).

    The largest slopes are :math:`1/4` (logit, at 0), :math:`1/\sqrt{2\pi} \approx
    0.399` (probit, at 0) and :math:`e^{-1} \approx 0.368` (cloglog, at 0, where
    :math:`p = 1 - e^{-1}`).

    Examples
    --------
    >>> from logreg_lib.glm import inverse_link_derivative
    >>> [round(float(inverse_link_derivative(0.0, k)), 4)
    ...  for k in ("logit", "probit", "cloglog")]
    [0.25, 0.3989, 0.3679]
    """
    _check_link(link)
    z = as_float_array(z, "z")
    return _scalar_or_array(np.asarray(np.exp(_log_probs(z, link)[2])))


def link_function(p, link="logit"):
    r"""The link :math:`g(p) = z`: logit, probit or complementary log-log.

    Chapter 2: the inverse of :func:`inverse_link`, the scale on which each model is
    linear in the features.

    Parameters
    ----------
    p : float or array_like of any shape
        Probabilities, strictly between 0 and 1.
    link : {"logit", "probit", "cloglog"}, default "logit"

    Returns
    -------
    float or ndarray of the same shape as ``p``

    Raises
    ------
    ValueError
        If ``link`` is unknown or ``p`` is not in the open interval (0, 1).

    Notes
    -----
    .. math::

        \operatorname{logit}(p) = \log\frac{p}{1 - p}, \qquad \Phi^{-1}(p), \qquad
        \log\bigl(-\log(1 - p)\bigr).

    Examples
    --------
    >>> from logreg_lib.glm import link_function
    >>> round(float(link_function(0.975, "probit")), 4)
    1.96
    >>> round(float(link_function(1 - np.exp(-1.0), "cloglog")), 12)
    0.0
    """
    _check_link(link)
    arr = as_float_array(p, "p")
    if np.any(arr <= 0) or np.any(arr >= 1):
        raise ValueError("p must hold probabilities strictly between 0 and 1.")
    if link == "logit":
        out = np.log(arr) - np.log1p(-arr)
    elif link == "probit":
        out = scipy.special.ndtri(arr)
    else:
        out = np.log(-np.log1p(-arr))
    return _scalar_or_array(np.asarray(out))


def latent_error_sd(link):
    r"""Standard deviation of the latent error :math:`\varepsilon` behind a link.

    Chapter 2: the coefficients of the latent model :math:`y^\ast = z + \varepsilon`
    are only identified up to the scale of :math:`\varepsilon`, so the logit and
    probit coefficients of the same data differ by roughly the ratio of these
    standard deviations, :math:`\pi/\sqrt 3 \approx 1.81`.

    Parameters
    ----------
    link : {"logit", "probit", "cloglog"}

    Returns
    -------
    float
        :math:`\pi/\sqrt 3` (standard logistic), 1 (standard normal) or
        :math:`\pi/\sqrt 6` (standard Gumbel).

    Raises
    ------
    ValueError
        If ``link`` is unknown.

    Examples
    --------
    >>> from logreg_lib.glm import latent_error_sd
    >>> round(latent_error_sd("logit"), 4), latent_error_sd("probit")
    (1.8138, 1.0)
    """
    _check_link(link)
    dist = {"logit": scipy.stats.logistic, "probit": scipy.stats.norm,
            "cloglog": scipy.stats.gumbel_r}[link]
    return float(dist.std())


@dataclass
class BinaryGLMResult:
    r"""Outcome of :func:`fit_binary_glm`.

    Attributes
    ----------
    coef : ndarray of shape (n_columns,)
        :math:`\hat{\boldsymbol\beta}`, the intercept first when the fit added one.
    std_err : ndarray of shape (n_columns,)
        Standard errors from the expected information
        :math:`(X^\top W X)^{-1}` at :math:`\hat{\boldsymbol\beta}`.
    link : str
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    fit_intercept : bool
        Whether a column of ones was prepended to ``X``.
    log_likelihood : float
        :math:`\ell(\hat{\boldsymbol\beta})`, in nats.
    deviance : float
        :math:`-2\,\ell(\hat{\boldsymbol\beta})` (for 0/1 labels the saturated model's
        log-likelihood is 0).
    aic : float
        :math:`2(d + 1) - 2\ell(\hat{\boldsymbol\beta})`, with :math:`d + 1` the
        number of coefficients.
    n_iter : int
        Fisher-scoring iterations taken.
    converged : bool
        Whether the step-size criterion was met before ``max_iter``.
    """

    coef: np.ndarray
    std_err: np.ndarray
    link: str
    fit_intercept: bool
    log_likelihood: float
    deviance: float
    aic: float
    n_iter: int
    converged: bool

    def decision_function(self, X):
        r"""Linear scores :math:`z = \tilde{\mathbf x}^\top\hat{\boldsymbol\beta}`, shape (n_samples,)."""
        X = check_matrix(X)
        n_expected = self.coef.size - int(self.fit_intercept)
        if X.shape[1] != n_expected:
            raise ValueError(f"X has {X.shape[1]} columns; the model was fitted on {n_expected}.")
        if self.fit_intercept:
            return self.coef[0] + X @ self.coef[1:]
        return X @ self.coef

    def predict_proba(self, X):
        r"""Probabilities :math:`p = g^{-1}(z)` of the positive class, shape (n_samples,)."""
        return np.atleast_1d(inverse_link(self.decision_function(X), self.link))


def _log_likelihood(z, y, link):
    log_p, log_q, _ = _log_probs(z, link)
    return float(np.sum(np.where(y == 1, log_p, log_q)))


def _scoring_parts(z, y, link):
    """Fisher weights w = (dp/dz)^2 / (p(1-p)) and score terms (y - p) dp/dz / (p(1-p))."""
    log_p, log_q, log_dp = _log_probs(z, link)
    weights = np.exp(2.0 * log_dp - log_p - log_q)
    # y = 1: dp/dz / p;  y = 0: -dp/dz / (1 - p); both without forming y - p
    score = np.where(y == 1, np.exp(log_dp - log_p), -np.exp(log_dp - log_q))
    return weights, score


def fit_binary_glm(X, y, link="logit", *, fit_intercept=True, max_iter=200, tol=1e-10):
    r"""Fit a binary regression with the logit, probit or cloglog link by Fisher scoring.

    Chapter 2, "Why this function?": the maximum-likelihood fit of
    :math:`P(Y = 1 \mid \mathbf x) = g^{-1}(\tilde{\mathbf x}^\top\boldsymbol\beta)`.
    With ``link="logit"`` it is the logistic regression of chapter 4, fitted by IRLS
    (eq-irls).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
        Features (without a column of ones when ``fit_intercept`` is True).
    y : array_like of shape (n_samples,)
        Labels, 0 or 1, both present.
    link : {"logit", "probit", "cloglog"}, default "logit"
    fit_intercept : bool, default True
        Prepend a column of ones, so that ``coef[0]`` is :math:`\beta_0`.
    max_iter : int, default 200
        Largest number of Fisher-scoring steps.
    tol : float, default 1e-10
        Stop when every step is below ``tol * (1 + max |beta|)``.

    Returns
    -------
    result : BinaryGLMResult

    Raises
    ------
    ValueError
        Unknown link, labels other than 0/1 or only one class, NaN or infinite values,
        mismatched lengths, or linearly dependent columns of the design matrix.

    Warns
    -----
    SeparationWarning
        When the classes are (quasi-)completely separated: the maximum-likelihood
        estimate does not exist for any of the three links, and the returned numbers
        are wherever the iterations stopped.
    ConvergenceWarning
        When ``max_iter`` steps did not meet the tolerance.

    Notes
    -----
    With :math:`p_i = g^{-1}(z_i)`, :math:`p_i' = dp_i/dz_i`, the score and the expected
    information of the log-likelihood are

    .. math::

        \nabla\ell = X^\top \mathbf u, \quad
        u_i = \frac{(y_i - p_i)\,p_i'}{p_i(1 - p_i)}, \qquad
        \mathcal I = X^\top W X, \quad W = \operatorname{diag}\!\left(
        \frac{p_i'^2}{p_i(1 - p_i)}\right),

    and each Fisher-scoring step is
    :math:`\boldsymbol\beta \leftarrow \boldsymbol\beta + \mathcal I^{-1}\nabla\ell`,
    halved while it lowers :math:`\ell`. This is iteratively reweighted least
    squares on the working response :math:`z_i + (y_i - p_i)/p_i'`. For the logit,
    :math:`p' = p(1 - p)` and :math:`W` is the IRLS weight matrix of chapter 4
    (the canonical link: expected and observed information coincide). Everything is
    computed from :math:`\log p`, :math:`\log(1 - p)` and :math:`\log p'`, so
    confident fitted values neither overflow nor divide by zero. The iterations
    start from the intercept-only fit :math:`\beta_0 = g(\bar y)`.

    Examples
    --------
    >>> from logreg_lib.glm import fit_binary_glm
    >>> x = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    >>> y = np.array([0, 0, 1, 0, 1, 1])
    >>> res = fit_binary_glm(x, y, link="probit")
    >>> res.converged, res.coef.round(3)
    (True, array([-2.659,  0.76 ]))
    """
    _check_link(link)
    X = check_matrix(X)
    y = check_vector(y, "y")
    check_same_length(X=X, y=y)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold 0/1 labels.")
    if y.min() == y.max():
        raise ValueError(f"y holds only the label {int(y[0])}: both classes are needed.")
    if not (isinstance(max_iter, (int, np.integer)) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol!r}.")
    A = np.column_stack([np.ones(X.shape[0]), X]) if fit_intercept else X
    if np.linalg.matrix_rank(A) < A.shape[1]:
        raise ValueError(
            f"The design matrix has {A.shape[1]} columns but rank "
            f"{np.linalg.matrix_rank(A)}: some columns are linearly dependent."
        )

    beta = np.zeros(A.shape[1])
    if fit_intercept:
        beta[0] = link_function(y.mean(), link)
    loglik = _log_likelihood(A @ beta, y, link)
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        z = np.clip(A @ beta, -_Z_MAX, _Z_MAX)
        weights, score = _scoring_parts(z, y, link)
        info = A.T @ (weights[:, None] * A)
        try:
            step = np.linalg.solve(info, A.T @ score)
        except np.linalg.LinAlgError:
            break  # the weights vanished: fitted values saturated (separation)
        new_loglik = _log_likelihood(A @ (beta + step), y, link)
        for _ in range(30):  # step halving: never accept a step that lowers the likelihood
            if new_loglik >= loglik - 1e-12 * abs(loglik):
                break
            step = step / 2.0
            new_loglik = _log_likelihood(A @ (beta + step), y, link)
        beta = beta + step
        loglik = new_loglik
        if np.max(np.abs(step)) <= tol * (1.0 + np.max(np.abs(beta))):
            converged = True
            break

    z = A @ beta
    weights, _ = _scoring_parts(np.clip(z, -_Z_MAX, _Z_MAX), y, link)
    info = A.T @ (weights[:, None] * A)
    try:
        cov = np.linalg.inv(info)
        std_err = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    except np.linalg.LinAlgError:
        std_err = np.full(beta.shape, np.inf)

    from .separation import check_separation  # late import: separation imports loss

    p = inverse_link(z, link)
    saturated = np.sum((p < 1e-8) | (p > 1 - 1e-8))
    if saturated or not converged:
        info_sep = check_separation(A, y)
        if info_sep.kind != "none":
            warnings.warn(
                f"{info_sep.description} The maximum-likelihood estimate of the "
                f"{link} model does not exist; the coefficients are wherever the "
                "iterations stopped. Use a penalty or drop the separating feature.",
                SeparationWarning,
                stacklevel=2,
            )
        elif not converged:
            warnings.warn(
                f"Fisher scoring for the {link} link did not converge in {max_iter} "
                "iterations; increase max_iter.",
                ConvergenceWarning,
                stacklevel=2,
            )
    return BinaryGLMResult(
        coef=beta,
        std_err=std_err,
        link=link,
        fit_intercept=fit_intercept,
        log_likelihood=loglik,
        deviance=-2.0 * loglik,
        aic=2.0 * beta.size - 2.0 * loglik,
        n_iter=n_iter,
        converged=converged,
    )
