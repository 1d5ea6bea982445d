r"""The linear probability model: least squares on 0/1 labels, the straw man of Chapter 1.

Chapter 1 ("Why don't we just use a regression?"). Fitting a line :math:`h(x) =
\beta_0 + \beta^\top x` to labels in {0, 1} by least squares gives values that are not
probabilities (they leave :math:`[0, 1]`), and a 0.5 cut-off that one extra, far-away
sample can move. This module fits that line so the chapter can show both failures next
to :class:`~logreg_lib.model.LogisticRegression`.
"""

import numpy as np

from ._validation import check_binary_labels, check_matrix, check_same_length, check_sample_weight

__all__ = ["LinearProbabilityModel", "ClassCodeRegression"]


class _LeastSquaresLine:
    """What the two least-squares models share: the fit and the fitted line."""

    def _fit_line(self, X, target, w):
        """Weighted least squares of ``target`` on ``X`` (and a column of ones)."""
        A = np.column_stack([np.ones(X.shape[0]), X]) if self.fit_intercept else X
        sw = np.sqrt(w)
        beta = np.linalg.lstsq(A * sw[:, None], target * sw, rcond=None)[0]
        self.n_features_in_ = X.shape[1]
        if self.fit_intercept:
            self.intercept_, self.coef_ = float(beta[0]), beta[1:]
        else:
            self.intercept_, self.coef_ = 0.0, beta
        return self

    def predict_value(self, X):
        r"""The fitted line :math:`h(x) = \beta_0 + \beta^\top x` (it may leave [0, 1]).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)

        Raises
        ------
        ValueError
            If the model is not fitted or ``X`` is invalid.
        """
        if not hasattr(self, "coef_"):
            raise ValueError(f"This {type(self).__name__} is not fitted yet: call fit(X, y) first.")
        X = check_matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features but the model was fitted with "
                             f"{self.n_features_in_}.")
        return X @ self.coef_ + self.intercept_


class LinearProbabilityModel(_LeastSquaresLine):
    r"""Least-squares line through 0/1 labels (the "linear probability model").

    Chapter 1: the model that logistic regression replaces.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Fit :math:`\beta_0`.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Slopes.
    intercept_ : float
        :math:`\beta_0` (0.0 without intercept).
    classes_ : ndarray of shape (2,)
        The two labels, sorted; the second is coded 1.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Notes
    -----
    With the design matrix :math:`X` (a column of ones first) and weights :math:`\omega_i`,

    .. math::

        \hat\beta = \arg\min_\beta \sum_i \omega_i \left(y_i - x_i^\top\beta\right)^2,

    solved by ``numpy.linalg.lstsq`` on the rows scaled by :math:`\sqrt{\omega_i}` (an
    SVD-based solver, so collinear columns give the minimum-norm solution rather than
    an error). Nothing keeps :math:`x^\top\hat\beta` inside :math:`[0, 1]`.

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import LinearProbabilityModel
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0], [20.0]])
    >>> lpm = LinearProbabilityModel().fit(X, [0, 0, 1, 1, 1])
    >>> lpm.predict_value([[0.0], [30.0]]).round(2)  # not probabilities
    array([0.38, 1.46])
    """

    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y, sample_weight=None):
        """Fit the least-squares line.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            Features.
        y : array_like of shape (n_samples,)
            Two classes; the second of the sorted labels is coded 1.
        sample_weight : array_like of shape (n_samples,), default=None
            Non-negative frequency weights.

        Returns
        -------
        LinearProbabilityModel
            ``self``, fitted.

        Raises
        ------
        ValueError
            On invalid input (as :class:`~logreg_lib.model.LogisticRegression`).
        """
        X = check_matrix(X)
        self.classes_, y01 = check_binary_labels(y)
        check_same_length(X=X, y=y01)
        w = check_sample_weight(sample_weight, X.shape[0])
        return self._fit_line(X, y01, w)

    def predict(self, X, threshold=0.5):
        r"""Labels by the cut :math:`h(x) \ge` ``threshold``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        threshold : float, default=0.5
            Cut-off on the line's value.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.

        Raises
        ------
        ValueError
            If the model is not fitted, ``X`` is invalid, or ``threshold`` is not finite.
        """
        threshold = float(threshold)
        if not np.isfinite(threshold):
            raise ValueError(f"threshold must be finite, got {threshold}.")
        values = self.predict_value(X)
        return self.classes_[(values >= threshold).astype(int)]

    def decision_boundary(self):
        r"""For one feature: the :math:`x` where the line crosses 0.5.

        Chapter 1, "no stable threshold": compare this value before and after adding a
        far-away sample.

        Returns
        -------
        float
            :math:`(0.5 - \beta_0)/\beta_1` (``inf`` with the sign of the numerator if the
            slope is 0).

        Raises
        ------
        ValueError
            If the model is not fitted or has more than one feature.
        """
        if not hasattr(self, "coef_"):
            raise ValueError("This LinearProbabilityModel is not fitted yet: call fit(X, y) first.")
        if self.coef_.shape[0] != 1:
            raise ValueError("decision_boundary() is defined for a single feature only.")
        slope = float(self.coef_[0])
        if slope == 0.0:
            return float(np.copysign(np.inf, 0.5 - self.intercept_))
        return (0.5 - self.intercept_) / slope


class ClassCodeRegression(_LeastSquaresLine):
    r"""Least squares on class codes 0, 1, ..., K-1: the "fake geometry" of Chapter 1.

    Chapter 1, failure 3: give each of K classes a number, fit a least-squares line (or
    hyperplane) to the numbers, and decode a prediction by rounding it to the nearest
    code. The numbers impose an order and distances the classes do not have; re-numbering
    the classes changes the fitted model and its predictions. Chapter 5 contrasts it with
    :class:`~logreg_lib.softmax.SoftmaxRegression`, which has no such dependence.

    Parameters
    ----------
    codes : dict, optional
        The number given to each class label. By default the sorted labels get
        0, 1, ..., K-1.
    fit_intercept : bool, default=True
        Fit :math:`\beta_0`.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted class labels.
    codes_ : ndarray of shape (n_classes,)
        The code of each class in ``classes_``.
    coef_ : ndarray of shape (n_features,)
        Slopes.
    intercept_ : float
        :math:`\beta_0`.

    Notes
    -----
    The fit is :math:`\hat\beta = \arg\min_\beta \sum_i (c_{y_i} - x_i^\top\beta)^2` with
    :math:`c_k` the code of class :math:`k`. Because least squares is linear in the
    target, the fitted line equals :math:`\sum_k c_k h_k(x)` where :math:`h_k` is the
    :class:`LinearProbabilityModel` of "class :math:`k` against the rest".

    Examples
    --------
    >>> import numpy as np
    >>> from logreg_lib import ClassCodeRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> y = np.array(["cat", "cat", "dog", "dog", "bird", "bird"])
    >>> model = ClassCodeRegression(codes={"cat": 0, "dog": 1, "bird": 2}).fit(X, y)
    >>> model.predict([[2.5], [4.6]]).tolist()
    ['dog', 'bird']
    """

    def __init__(self, codes=None, fit_intercept=True):
        self.codes = codes
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fit the least-squares line to the codes of the labels.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
            Class labels (at least two classes).

        Returns
        -------
        ClassCodeRegression
            ``self``, fitted.

        Raises
        ------
        ValueError
            On invalid input, fewer than two classes, or ``codes`` that miss a class or
            are not distinct finite numbers.
        """
        X = check_matrix(X)
        y = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D, got an array of shape {y.shape}.")
        check_same_length(X=X, y=y)
        self.classes_, index = np.unique(y, return_inverse=True)
        if self.classes_.shape[0] < 2:
            raise ValueError("y must contain at least two classes.")
        if self.codes is None:
            codes = np.arange(self.classes_.shape[0], dtype=float)
        else:
            missing = [k for k in self.classes_.tolist() if k not in self.codes]
            if missing:
                raise ValueError(f"codes gives no number for the class(es) {missing}.")
            codes = np.array([self.codes[k] for k in self.classes_.tolist()], dtype=float)
            if not np.all(np.isfinite(codes)) or np.unique(codes).shape[0] != codes.shape[0]:
                raise ValueError("codes must give each class a distinct, finite number.")
        self.codes_ = codes
        return self._fit_line(X, codes[index], np.ones(X.shape[0]))

    def predict(self, X):
        """The class whose code is nearest to the fitted value.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        h = self.predict_value(X)
        return self.classes_[np.argmin(np.abs(h[:, None] - self.codes_[None, :]), axis=1)]
