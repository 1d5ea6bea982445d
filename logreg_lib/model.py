r"""The estimator: ``LogisticRegression`` with scikit-learn's conventions and the notes' defaults.

Chapters 2 to 5 in one object: the model :math:`p(x) = \sigma(\beta_0 + \beta^\top x)`
(Chapter 2), fitted by maximum likelihood (Chapter 4) with Newton/IRLS, gradient
descent or SGD, optionally penalized (Chapter 5), with a coefficient table for reading
it (Chapter 3).

Differences from scikit-learn, on purpose:

* no penalty by default (``alpha=0``): the fit *is* the notes' maximum-likelihood
  model, where scikit-learn silently applies ``C=1``;
* the penalty strength is on the mean loss, :math:`\alpha = 1/(C\sum_i s_i)`;
* a coefficient table with standard errors (:meth:`LogisticRegression.summary`);
* warnings that say what went wrong: separation, non-convergence, collinearity.
"""

import warnings
from contextlib import nullcontext

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from ._validation import (
    check_binary_labels,
    check_feature_scale,
    check_params,
    refuse_complex,
    restore_on_error,
)
from .exceptions import ConvergenceWarning, InferenceWarning, SeparationWarning
from ._kernels import covariance_from_information, saturation_and_information
from ._parallel import one_blas_thread
from .inference import Summary, profile_table
from ._kernels import CollinearColumnsError as _CollinearColumnsError
from ._kernels import Design as _Design
from ._kernels import check_alpha as _check_alpha
from ._kernels import column_list as _column_list
from ._kernels import expit as _sigmoid
from .links import log_sigmoid
from .solvers import gradient_descent, irls, lbfgs, proximal_newton, sgd

__all__ = ["LogisticRegression"]

_SOLVERS = ("irls", "lbfgs", "gd", "sgd")
#: Default (max_iter, tol) per solver; each solver's docstring states what tol measures.
_DEFAULTS = {"irls": (100, 1e-8), "lbfgs": (1000, 1e-6), "gd": (1000, 1e-6), "sgd": (100, 1e-3)}
_INTERCEPT_NAME = "(intercept)"


class LogisticRegression(ClassifierMixin, BaseEstimator):
    r"""Binary logistic regression, maximum likelihood by default.

    Chapter 2 (the model), Chapter 4 (training), Chapter 5 (penalties), Chapter 3
    (reading it with :meth:`summary`).

    Parameters
    ----------
    alpha : float, default=0.0
        Penalty strength on the *mean* loss; 0 is the unpenalized maximum-likelihood
        model. The equivalent scikit-learn ``C`` is :math:`1/(\alpha\sum_i s_i)`.
    l1_ratio : float, default=0.0
        Elastic-net mixing :math:`\rho\in[0,1]`: the penalty is
        :math:`\alpha(\rho\lVert\beta\rVert_1 + \frac{1-\rho}{2}\lVert\beta\rVert_2^2)`;
        the intercept is never penalized. An L1 part (``l1_ratio > 0`` and
        ``alpha > 0``) needs ``solver="irls"`` (proximal Newton with coordinate descent)
        or ``"gd"`` (proximal gradient).
    solver : {"irls", "lbfgs", "gd", "sgd"}, default="irls"
        ``"irls"``: Newton's method as iteratively reweighted least squares
        (:func:`~logreg_lib.solvers.irls`); ``"lbfgs"``: scipy's L-BFGS-B quasi-Newton
        method (:func:`~logreg_lib.solvers.lbfgs`; L2 penalty only, faster than IRLS
        for many features); ``"gd"``: full-batch gradient descent with
        the step :math:`1/L` (:func:`~logreg_lib.solvers.gradient_descent`); ``"sgd"``:
        seeded mini-batch SGD (:func:`~logreg_lib.solvers.sgd`).
    fit_intercept : bool, default=True
        Add a column of ones to ``X`` (the intercept :math:`\beta_0`).
    max_iter : int, default=None
        Maximum iterations (epochs for ``"sgd"``). ``None``: 100 for ``"irls"``, 1000 for
        ``"gd"``, 100 for ``"sgd"``.
    tol : float, default=None
        Tolerance of the solver's stopping rule. ``None``: 1e-8 (relative step) for
        ``"irls"``; for the others the gradient norm relative to its starting value:
        1e-6 for ``"lbfgs"`` and ``"gd"``, 1e-3 (checked each epoch) for ``"sgd"``.
    firth : bool, default=False
        Fit Firth's penalized likelihood instead (finite estimates on separated data);
        needs ``logreg_lib.separation``. Cannot be combined with ``alpha > 0``.
    random_state : int, default=0
        Seed of ``"sgd"``'s shuffling, a non-negative integer. ``None`` is refused (not
        scikit-learn's "fresh seed on every call"): every fit of the library is
        reproducible.
    warm_start : bool, default=False
        Start the next :meth:`fit` from the current coefficients (scikit-learn's
        convention) instead of zeros; used by
        :func:`~logreg_lib.regularization.regularization_path` along a sequence of
        penalties. Ignored for the first fit, when the number of columns changed, and
        with ``firth=True``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        One coefficient per feature (log odds ratio per unit).
    intercept_ : float
        :math:`\beta_0` (0.0 when ``fit_intercept=False``).
    classes_ : ndarray of shape (2,)
        The two labels, sorted; the second is the positive class (:math:`y = 1`).
    n_iter_ : int
        Iterations taken by the solver.
    converged_ : bool
        Whether the solver's stopping rule was met.
    history_ : dict of lists
        The solver's path: ``"coef"`` (design-matrix order, intercept first), ``"loss"``,
        ``"grad_norm"``.
    covariance_ : ndarray of shape (n_coef, n_coef)
        Inverse Hessian of the summed negative log-likelihood (plus the penalty's) at
        the estimate, intercept first.
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of str, shape (n_features,)
        Column names, only when ``X`` was a pandas DataFrame.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import LogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> y = np.array(["no", "no", "yes", "no", "yes", "yes"])
    >>> model = LogisticRegression().fit(X, y)
    >>> model.classes_.tolist(), model.converged_
    (['no', 'yes'], True)
    >>> model.predict([[0.5], [4.5]]).tolist()
    ['no', 'yes']
    >>> model.predict_proba([[2.5]]).round(3)
    array([[0.5, 0.5]])
    """

    def __init__(self, alpha=0.0, l1_ratio=0.0, solver="irls", fit_intercept=True,
                 max_iter=None, tol=None, firth=False, random_state=0, warm_start=False):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.solver = solver
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.firth = firth
        self.random_state = random_state
        self.warm_start = warm_start

    # --- scikit-learn compatibility ----------------------------------------------------

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # binary; OneVsRestClassifier for more
        tags.input_tags.sparse = False  # dense solvers: sparse X is refused at fit
        return tags

    # --- fitting -----------------------------------------------------------------------

    def _validated_params(self):
        check_params(self, solver=("options", _SOLVERS), alpha=("real", 0, None),
                     l1_ratio=("real", 0, 1), fit_intercept="bool", firth="bool",
                     max_iter=("int", 1, "none"), tol=("posreal", "none"),
                     random_state=("int", 0), warm_start="bool")
        alpha = float(self.alpha)
        l1_ratio = float(self.l1_ratio)
        default_iter, default_tol = _DEFAULTS[self.solver]
        max_iter = default_iter if self.max_iter is None else self.max_iter
        tol = default_tol if self.tol is None else float(self.tol)
        if self.firth and alpha > 0:
            raise ValueError("firth=True cannot be combined with alpha > 0: Firth's method is "
                             "itself a penalty (Jeffreys prior). Use one or the other.")
        if alpha > 0 and l1_ratio > 0 and self.solver in ("sgd", "lbfgs"):
            raise ValueError(f"solver={self.solver!r} does not support an L1 penalty (l1_ratio > 0); "
                             "use solver='irls' (proximal Newton) or solver='gd' (proximal gradient).")
        return alpha, l1_ratio, int(max_iter), tol

    def fit(self, X, y, sample_weight=None):
        r"""Fit the model by (penalized) maximum likelihood.

        Parameters
        ----------
        X : array_like or pandas.DataFrame of shape (n_samples, n_features)
            Features; a DataFrame's column names become ``feature_names_in_``.
        y : array_like of shape (n_samples,)
            Exactly two distinct labels (any type); the second of the sorted labels is
            the positive class.
        sample_weight : array_like of shape (n_samples,), default=None
            Non-negative frequency weights: a weight of 2 gives exactly what duplicating
            the row gives.

        Returns
        -------
        LogisticRegression
            ``self``, fitted.

        Raises
        ------
        ValueError
            ``X`` not 2-D, NaN or inf anywhere, complex values, a feature of extreme
            scale (named), lengths that differ, labels that are not two classes (a
            continuous target, ``None`` or mixed labels), a class of zero total weight,
            invalid weights, a negative ``alpha``, an unknown solver, an unsupported
            solver/penalty combination, or collinear columns (named).
        TypeError
            A parameter of the wrong type (``alpha="0.1"``, ``fit_intercept="no"``), or
            sparse ``X`` (the solvers are dense: convert with ``X.toarray()``).

        Notes
        -----
        A fit that raises leaves the estimator as it was: a failed refit keeps the
        previous fit intact.

        Warns
        -----
        ConvergenceWarning
            The solver stopped at ``max_iter`` before its stopping rule was met.
        SeparationWarning
            Fitted probabilities reached 0 or 1 numerically and the classes are
            (quasi-)separated: the maximum-likelihood estimate does not exist.
        """
        beta0 = None
        if self.warm_start and hasattr(self, "coef_"):
            beta0 = self._design_coef()  # ignored if the number of columns changed
        return self._fit(X, y, sample_weight, beta0)

    def _fit(self, X, y, sample_weight, beta0=None):
        # irls and lbfgs do their heavy work in threaded passes over the rows: BLAS stays
        # on one thread for the whole fit (logreg_lib._parallel.one_blas_thread)
        threaded = one_blas_thread() if self.solver in ("irls", "lbfgs") else nullcontext()
        with restore_on_error(self), threaded:  # a failed fit leaves the previous one intact
            return self._fit_unguarded(X, y, sample_weight, beta0)

    def _fit_unguarded(self, X, y, sample_weight, beta0):
        alpha, l1_ratio, max_iter, tol = self._validated_params()
        refuse_complex(X)
        # n_features_in_ and feature_names_in_ are set here (restored if the fit fails)
        # NaN and inf are found by check_feature_scale's pass over X, with the column named
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False,
                             ensure_all_finite=False)
        w = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        classes, y01 = check_binary_labels(y, sample_weight=w)
        check_feature_scale(X, getattr(self, "feature_names_in_", None))
        design = _Design(X, intercept=self.fit_intercept)  # [1, X] without a copy of X
        mask = np.ones(design.shape[1], dtype=bool)
        if self.fit_intercept:
            mask[0] = False
        if beta0 is not None and beta0.shape[0] != design.shape[1]:
            beta0 = None

        self.classes_ = classes

        self.__dict__.pop("_firth_data_", None)
        try:
            if self.firth:
                result, cov = self._fit_firth(design, y01, sample_weight, w, max_iter, tol)
            else:
                result = self._run_solver(design, y01, w, alpha, l1_ratio, mask, beta0, max_iter, tol)
                cov = None
        except _CollinearColumnsError as err:
            cols = _column_list(err.columns, self._design_names())
            raise ValueError(err.template.format(cols=f"[{cols}]") + ".") from None

        beta = result.coef
        self._set_coef(beta)
        self.n_iter_ = int(result.n_iter)
        self.converged_ = bool(result.converged)
        self.history_ = result.history
        # Information of the summed (penalized) likelihood at the estimate. Newton/IRLS
        # return the mean-scale Hessian at their final coefficients: reuse it.
        info = getattr(result, "hessian", None) if cov is None else None
        n_saturated, gram = saturation_and_information(design, w, beta,
                                                      cov is None and info is None)
        if cov is None:
            if info is not None:
                info = info * w.sum()
            else:
                info = gram
                info[np.diag_indices_from(info)] += alpha * (1.0 - l1_ratio) * w.sum() * mask
            cov = covariance_from_information(info)
        self.covariance_ = cov

        separated = False
        if alpha == 0 and not self.firth:
            separated = self._warn_if_separated(design, y01, w, n_saturated)
        # firth_fit warns about its own convergence
        if not self.converged_ and not separated and not self.firth:
            warnings.warn(self._convergence_message(max_iter, result), ConvergenceWarning,
                          stacklevel=4)
        return self

    def _run_solver(self, design, y01, w, alpha, l1_ratio, mask, beta0, max_iter, tol):
        common = dict(sample_weight=w, penalty_mask=mask, beta0=beta0, max_iter=max_iter, tol=tol)
        if alpha > 0 and l1_ratio > 0:
            if self.solver == "irls":
                return proximal_newton(design, y01, alpha=alpha, l1_ratio=l1_ratio, **common)
            return gradient_descent(design, y01, alpha=alpha, l1_ratio=l1_ratio, **common)
        if self.solver == "irls":
            return irls(design, y01, alpha=alpha, **common)
        if self.solver == "lbfgs":
            return lbfgs(design, y01, alpha=alpha, **common)
        if self.solver == "gd":
            return gradient_descent(design, y01, alpha=alpha, **common)
        return sgd(design, y01, alpha=alpha, seed=self.random_state, **common)

    def _fit_firth(self, design, y01, sample_weight, w, max_iter, tol):
        try:
            from .separation import firth_fit
        except ImportError as exc:
            raise ImportError(
                "firth=True needs logreg_lib.separation.firth_fit, which could not be "
                f"imported ({exc}).") from None
        full = design.full()
        res = firth_fit(full, y01, sample_weight=None if sample_weight is None else w,
                        max_iter=max_iter, tol=tol)
        cov = np.asarray(res.cov, dtype=float)
        # summary() profiles the penalized likelihood (as R's logistf): it needs the data.
        self._firth_data_ = (full, y01.astype(float), w)
        return res, cov

    def _set_coef(self, beta):
        if self.fit_intercept:
            self.intercept_ = float(beta[0])
            self.coef_ = np.array(beta[1:], dtype=float)
        else:
            self.intercept_ = 0.0
            self.coef_ = np.array(beta, dtype=float)

    def _design_coef(self):
        if self.fit_intercept:
            return np.concatenate([[self.intercept_], self.coef_])
        return self.coef_.copy()

    def _feature_names(self):
        if hasattr(self, "feature_names_in_"):
            return np.asarray(self.feature_names_in_, dtype=object)
        return np.asarray([f"x{j}" for j in range(self.n_features_in_)], dtype=object)

    def _design_names(self):
        names = list(self._feature_names())
        return np.asarray(([_INTERCEPT_NAME] if self.fit_intercept else []) + names, dtype=object)

    # --- warnings ----------------------------------------------------------------------

    def _convergence_message(self, max_iter, result):
        advice = {
            "irls": "Newton/IRLS normally needs fewer than 10 steps, so failing to converge "
                    "usually means separated or nearly separated data or extreme feature "
                    "values; raising max_iter rarely helps.",
            "lbfgs": "L-BFGS is slowed down by badly scaled features: standardize the "
                     "features (or use solver='irls') before raising max_iter.",
            "gd": "Gradient descent is slow when features have very different scales or "
                  "are nearly collinear: standardize the features, or use solver='irls' or "
                  "solver='lbfgs', before raising max_iter.",
            "sgd": "SGD's mini-batch noise keeps it away from the optimum, and unscaled "
                   "features slow it down: standardize the features, raise max_iter, or use "
                   "solver='irls' or solver='lbfgs' for an exact fit.",
        }[self.solver]
        return (f"{result.message} Final gradient norm: {result.history['grad_norm'][-1]:.3g}. "
                + advice)

    def _warn_if_separated(self, design, y01, w, n_saturated):
        """Emit a SeparationWarning when fitted probabilities saturate on separated data."""
        pos = w > 0
        if n_saturated == 0:
            # no fitted probability is numerically 0 or 1: nothing to confirm, and no
            # linear program on the fit path (a fit stopped early gets a
            # ConvergenceWarning, whose advice mentions separation)
            return False
        try:
            from .separation import check_separation
        except ImportError:
            check_separation = None
        kind, direction, description = None, None, ""
        if check_separation is not None:
            info = check_separation(design.full(), y01, sample_weight=w, fit_intercept=False,
                                    feature_names=[str(n) for n in self._design_names()])
            kind = getattr(info, "kind", None)
            direction = getattr(info, "direction", None)
            description = str(getattr(info, "description", "") or "")
            if kind == "none":
                return False
        elif n_saturated == 0:
            return False  # cannot confirm: let the convergence warning speak
        warnings.warn(
            self._separation_message(kind, direction, description, n_saturated, int(pos.sum())),
            SeparationWarning, stacklevel=5)
        return True

    def _separation_message(self, kind, direction, description, n_saturated, n):
        names = self._design_names()
        if kind in ("complete", "quasi-complete"):
            what = {
                "complete": "The classes are completely separated: a linear combination of "
                            "the features puts every positive on one side and every negative "
                            "on the other.",
                "quasi-complete": "The classes are quasi-completely separated: a linear "
                                  "combination of the features separates them except for "
                                  "ties on the boundary.",
            }[kind]
        else:
            what = ("The data may be separated (logreg_lib.separation.check_separation is not "
                    "available to confirm it).")
        carriers, carrier_names = "", []
        if direction is not None:
            d = np.asarray(direction, dtype=float).reshape(-1)
            if d.shape[0] == names.shape[0] and np.any(d != 0):
                d = d / np.abs(d).max()
                idx = [j for j in np.argsort(-np.abs(d), kind="stable") if abs(d[j]) > 1e-6]
                carrier_names = [str(names[j]) for j in idx]
                terms = ", ".join(f"{names[j]} ({d[j]:+.3g})" for j in idx)
                carriers = f" The separating direction is carried by: {terms}."
        if description:  # check_separation's own sentence names the rule exactly
            carriers = f" {description.rstrip('.')}."
        features = [n for n in carrier_names if n != _INTERCEPT_NAME]
        features = features or [str(n) for n in names if n != _INTERCEPT_NAME] or ["x0"]
        example = ", ".join(repr(f) for f in features[:3])
        return (
            f"Fitted probabilities numerically 0 or 1 occurred for {n_saturated} of {n} "
            f"samples. {what}{carriers} The maximum-likelihood estimate does not exist: "
            "the coefficients grow without bound as the solver runs, and their standard "
            "errors and p-values are meaningless. Remedies: (1) add a penalty, e.g. "
            "LogisticRegression(alpha=0.01), which keeps coefficients finite; (2) use Firth's "
            "penalized likelihood, LogisticRegression(firth=True), which gives finite "
            "estimates and usable standard errors; (3) drop the separating feature(s) "
            f"(here: {example}) or, if one is categorical, merge the rare categories that "
            "separate the classes."
        )

    # --- prediction --------------------------------------------------------------------

    def _check_fitted(self):
        check_is_fitted(self, "coef_")  # sklearn's NotFittedError, a ValueError

    def _check_X(self, X):
        """Fitted model and X as at fit: same number of features, same column names."""
        self._check_fitted()
        return validate_data(self, X, reset=False, dtype=np.float64)

    def decision_function(self, X):
        r"""The linear score (log-odds) :math:`z = \beta_0 + \beta^\top x` of each row.

        Chapter 2: the decision boundary is :math:`z = 0`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._check_X(X) @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        r"""Class probabilities, :math:`[1 - p(x),\ p(x)]` with :math:`p = \sigma(z)`.

        Chapter 2: valid probabilities in :math:`(0, 1)`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Column ``k`` is the probability of ``classes_[k]``; both columns are computed
            as :math:`\sigma(-z)` and :math:`\sigma(z)`, so neither loses digits to
            :math:`1 - p`.
        """
        z = self.decision_function(X)
        return np.column_stack([_sigmoid(-z), _sigmoid(z)])

    def predict_log_proba(self, X):
        r"""Logarithms of the class probabilities, :math:`[\log\sigma(-z),\ \log\sigma(z)]`.

        Computed from the log-odds directly (:func:`~logreg_lib.links.log_sigmoid`), so
        a probability that rounds to 0 still has a finite logarithm.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Column ``k`` is the log-probability of ``classes_[k]``.
        """
        z = self.decision_function(X)
        return np.column_stack([log_sigmoid(-z), log_sigmoid(z)])

    def predict(self, X, threshold=0.5):
        r"""Predicted labels: the positive class where :math:`p(x) \ge` ``threshold``.

        Chapter 2, the decision rule (Chapter 6 for other thresholds).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        threshold : float, default=0.5
            Probability threshold :math:`\tau` in [0, 1].

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.

        Raises
        ------
        ValueError
            If ``threshold`` is outside [0, 1].
        """
        threshold = float(threshold)
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}.")
        p = self.predict_proba(X)[:, 1]
        return self.classes_[(p >= threshold).astype(int)]

    def decision_boundary(self, threshold=0.5):
        r"""For one feature: the :math:`x` where :math:`p(x)` equals ``threshold``.

        Chapter 2: :math:`p \ge \tau \iff z \ge \operatorname{logit}(\tau)`, so with one
        feature the boundary is the point :math:`x = (\operatorname{logit}(\tau) - \beta_0)
        / \beta_1`; chapter 1 compares it with the least-squares line's 0.5 cut
        (:meth:`logreg_lib.linear_probability.LinearProbabilityModel.decision_boundary`).

        Parameters
        ----------
        threshold : float, default=0.5
            Probability threshold :math:`\tau`, strictly between 0 and 1.

        Returns
        -------
        float
            The boundary (``inf`` with the appropriate sign if the slope is 0).

        Raises
        ------
        ValueError
            If the model is not fitted, has more than one feature, or ``threshold`` is not
            in (0, 1).
        """
        self._check_fitted()
        if self.coef_.shape[0] != 1:
            raise ValueError(
                "decision_boundary() is defined for a single feature; with d features the "
                "boundary is the hyperplane intercept_ + coef_ @ x = logit(threshold)."
            )
        threshold = float(threshold)
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold}.")
        target = float(np.log(threshold) - np.log1p(-threshold)) - self.intercept_
        slope = float(self.coef_[0])
        if slope == 0.0:
            return float(np.copysign(np.inf, target))
        return target / slope

    def score(self, X, y, sample_weight=None):
        """Accuracy of :meth:`predict` (scikit-learn's ``ClassifierMixin.score``).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
        sample_weight : array_like of shape (n_samples,), default=None

        Returns
        -------
        float
            The (weighted) fraction of samples whose predicted label equals ``y``.
        """
        return super().score(X, y, sample_weight=sample_weight)

    # --- inference ---------------------------------------------------------------------

    def summary(self, level=0.95, inference=None):
        r"""Coefficient table: estimates, standard errors, tests, intervals, odds ratios.

        Chapter 3's table; Chapter 4, "Inference", derives it. Standard errors are the
        square roots of the diagonal of ``covariance_``, the inverse Fisher information
        :math:`(X^\top W X)^{-1}` at the estimate.

        With ``firth=True`` the table follows R's logistf: the standard errors are
        :math:`\sqrt{\operatorname{diag}(X^\top W X)^{-1}}` at the Firth estimate (the
        unpenalized information, as logistf reports them), while the intervals are
        profile penalized-likelihood intervals and the p-values come from penalized
        likelihood-ratio tests of :math:`\beta_j = 0`
        (:func:`~logreg_lib.inference.profile_interval` and
        :func:`~logreg_lib.inference.likelihood_ratio_test` with ``firth=True``). Near
        separation these differ a lot from the Wald ones, which stay available with
        ``inference="wald"`` (and as the ``wald_*`` attributes of the table).

        Parameters
        ----------
        level : float, default=0.95
            Confidence level of the intervals.
        inference : {"wald", "profile"}, default=None
            ``None``: ``"profile"`` for a Firth fit, ``"wald"`` otherwise. ``"profile"``
            is available for Firth fits only.

        Returns
        -------
        Summary
            Rows: the intercept (if fitted), then each feature.

        Raises
        ------
        ValueError
            If not fitted, ``level`` is not in (0, 1), or ``inference`` is unknown or
            ``"profile"`` for a fit that is not Firth's.

        Warns
        -----
        InferenceWarning
            For a penalized fit (``alpha > 0``): the estimates are shrunk, so the
            p-values and intervals are not valid.
        """
        self._check_fitted()
        if not 0.0 < float(level) < 1.0:
            raise ValueError(f"level must be strictly between 0 and 1, got {level}.")
        if inference is None:
            inference = "profile" if self.firth else "wald"
        if inference not in ("wald", "profile"):
            raise ValueError(f"inference must be 'wald' or 'profile', got {inference!r}.")
        if inference == "profile" and not self.firth:
            raise ValueError("inference='profile' is available in summary() for firth=True fits; "
                             "for a maximum-likelihood fit use "
                             "logreg_lib.inference.profile_interval(X, y, column).")
        notes = []
        if _check_alpha(self.alpha) > 0:
            msg = (f"This fit is penalized (alpha={self.alpha}): the coefficients are shrunk "
                   "toward zero, so the p-values and confidence intervals in summary() are "
                   "not valid frequentist inference. Refit with alpha=0 (or firth=True on "
                   "separated data) for inference.")
            warnings.warn(msg, InferenceWarning, stacklevel=2)
            notes.append(f"Penalized fit (alpha={self.alpha}): p-values and intervals are not valid.")
        extra = {}
        if self.firth:
            notes.append("Firth's penalized likelihood; standard errors from (X'WX)^-1 at the "
                         "estimate, as in logistf.")
            if inference == "profile":
                X, y01, w = self._firth_data_
                _, low, high, _, p_value = profile_table(X, y01, w, level=level, firth=True)
                extra = dict(ci=(low, high), p_value=p_value, inference="penalized LR")
                notes.append("Intervals: profile penalized likelihood; p-values: penalized "
                             "likelihood-ratio tests (Wald T shown for reference).")
            else:
                notes.append("Intervals and p-values: Wald (the default for Firth fits is "
                             "inference='profile').")
        if not self.converged_:
            notes.append("Warning: the solver did not converge.")
        std_err = np.sqrt(np.diag(self.covariance_))
        title = f"Logistic regression ({'Firth' if self.firth else self.solver}), {self.n_iter_} iterations"
        return Summary(self._design_names(), self._design_coef(), std_err, level=level,
                       title=title, notes=notes, **extra)
