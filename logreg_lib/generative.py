r"""The generative view: Gaussian classes with a shared covariance (chapter 6).

Chapter 6 writes the posterior odds as the prior odds times the density ratio
:math:`f_1(\mathbf x)/f_0(\mathbf x)`. If both class densities are Gaussian with the
same covariance matrix, the log of that ratio is exactly linear in
:math:`\mathbf x`, so the posterior is a logistic regression whose coefficients are
functions of the class means, the shared covariance and the prior: linear
discriminant analysis (LDA). :class:`LinearDiscriminant` fits those pieces by
maximum likelihood and returns the implied logistic coefficients (a scikit-learn
classifier, like the library's other estimators); it matches
scikit-learn's ``LinearDiscriminantAnalysis(solver="lsqr")`` (a test checks it).
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_binary_labels, refuse_complex, restore_on_error
from ._kernels import expit

__all__ = ["LinearDiscriminant"]


class LinearDiscriminant(ClassifierMixin, BaseEstimator):
    r"""Two Gaussian classes with a shared covariance, and the logistic model they imply.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels, sorted; the second is the positive class.
    priors_ : ndarray of shape (2,)
        Class shares :math:`(1 - \pi, \pi)` in the training data.
    means_ : ndarray of shape (2, n_features)
        Class means :math:`\boldsymbol\nu_0, \boldsymbol\nu_1`.
    covariance_ : ndarray of shape (n_features, n_features)
        Pooled within-class covariance :math:`\Sigma` (maximum likelihood: divisor
        :math:`m`, ddof = 0).
    coef_ : ndarray of shape (n_features,)
        Slopes :math:`\boldsymbol\beta = \Sigma^{-1}(\boldsymbol\nu_1 -
        \boldsymbol\nu_0)` of the implied log-odds.
    intercept_ : float
        Intercept :math:`\beta_0` of the implied log-odds (see Notes).

    Notes
    -----
    Write the class means :math:`\boldsymbol\nu_k` (as chapter 6 does; :math:`\mu` is
    the GLM mean). With :math:`f_k = \mathcal N(\boldsymbol\nu_k, \Sigma)` the quadratic
    terms :math:`-\tfrac12\mathbf x^\top\Sigma^{-1}\mathbf x` of the two log-densities
    cancel in the log density ratio, leaving

    .. math::

        \log\frac{\pi f_1(\mathbf x)}{(1 - \pi) f_0(\mathbf x)}
        = \underbrace{\log\frac{\pi}{1 - \pi}
          - \tfrac12(\boldsymbol\nu_1 + \boldsymbol\nu_0)^\top
            \Sigma^{-1}(\boldsymbol\nu_1 - \boldsymbol\nu_0)}_{\beta_0}
        + \mathbf x^\top \underbrace{\Sigma^{-1}(\boldsymbol\nu_1 -
          \boldsymbol\nu_0)}_{\boldsymbol\beta},

    so :math:`P(Y = 1 \mid \mathbf x) = \sigma(\beta_0 + \mathbf x^\top
    \boldsymbol\beta)`: the logistic model, with coefficients estimated from the
    joint distribution of :math:`(\mathbf x, y)` instead of the conditional one.
    The estimates are :math:`\hat\pi = m_1/m`, :math:`\hat{\boldsymbol\nu}_k` the
    class means and :math:`\hat\Sigma = \frac1m\sum_k\sum_{y_i = k}(\mathbf x_i -
    \hat{\boldsymbol\nu}_k)(\mathbf x_i - \hat{\boldsymbol\nu}_k)^\top`. When the
    Gaussian assumption holds, LDA uses it and is more efficient than logistic
    regression (Efron 1975); when it fails (skewed features, outliers, binary
    features) the logistic fit, which assumes nothing about :math:`f_0, f_1`
    beyond the linear log ratio, is the safer one.

    References
    ----------
    - Efron, B. (1975). The efficiency of logistic regression compared to normal
      discriminant analysis. *JASA* 70(352), 892-898.
    - Hastie, T., Tibshirani, R. and Friedman, J. (2009). *The Elements of
      Statistical Learning*, 2nd ed., section 4.4.5.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [2.0], [3.0], [4.0]])
    >>> lda = LinearDiscriminant().fit(X, [0, 0, 0, 1, 1, 1])
    >>> round(float(lda.coef_[0]), 4), round(lda.intercept_, 4)
    (3.0, -6.0)
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # two classes: the logistic model
        tags.input_tags.sparse = False
        return tags

    def fit(self, X, y):
        r"""Estimate the priors, the class means and the shared covariance.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.
        y : array_like of shape (n_samples,)
            Labels of two classes.

        Returns
        -------
        self : LinearDiscriminant

        Raises
        ------
        ValueError
            Not exactly two classes, mismatched lengths, non-finite features, or a
            singular pooled covariance (a feature constant within both classes, or
            more features than cases).
        """
        with restore_on_error(self):  # a failed fit leaves the previous one intact
            return self._fit(X, y)

    def _fit(self, X, y):
        refuse_complex(X)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        classes, y01 = check_binary_labels(y)
        n = X.shape[0]
        groups = [X[y01 == 0], X[y01 == 1]]
        means = np.array([g.mean(axis=0) for g in groups])
        centered = np.concatenate([g - m for g, m in zip(groups, means)])
        cov = centered.T @ centered / n
        if np.linalg.matrix_rank(cov) < X.shape[1]:
            raise ValueError("The pooled within-class covariance is singular (a feature "
                             "is constant within the classes, or there are more features "
                             "than cases): the LDA coefficients are not defined.")
        coef = np.linalg.solve(cov, means[1] - means[0])
        priors = np.array([groups[0].shape[0], groups[1].shape[0]]) / n
        self.classes_ = classes
        self.priors_ = priors
        self.means_ = means
        self.covariance_ = cov
        self.coef_ = coef
        self.intercept_ = float(np.log(priors[1] / priors[0])
                                - 0.5 * (means[1] + means[0]) @ coef)
        return self


    def decision_function(self, X):
        r"""Log posterior odds :math:`\beta_0 + \mathbf x^\top\boldsymbol\beta`.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        z : ndarray of shape (n_samples,)
            The linear score (log-odds of the positive class).
        """
        check_is_fitted(self, "coef_")  # scikit-learn's NotFittedError
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self.intercept_ + X @ self.coef_

    def predict_proba(self, X):
        r"""Posterior probabilities of the two classes.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        proba : ndarray of shape (n_samples, 2)
            Columns :math:`\sigma(-z)` and :math:`\sigma(z)`, so that neither loses
            digits to :math:`1 - p`.
        """
        z = self.decision_function(X)
        return np.column_stack([expit(-z), expit(z)])

    def predict(self, X):
        r"""The more probable class: the positive one where :math:`z > 0` (:math:`p > 0.5`).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        z = self.decision_function(X)  # checks that the model is fitted
        return self.classes_[(z > 0).astype(int)]
