"""The library's own warning classes.

They subclass :class:`UserWarning`, so ``warnings.simplefilter("error", ...)`` and
pytest's ``filterwarnings`` can single them out without catching numpy's warnings.
"""

__all__ = ["ConvergenceWarning", "SeparationWarning", "InferenceWarning", "UndefinedMetricWarning"]


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped at ``max_iter`` before its stopping rule was met."""


class SeparationWarning(UserWarning):
    """The data are (or appear to be) separated, so the maximum-likelihood estimate
    does not exist: coefficients grow without bound as the fit goes on."""


class InferenceWarning(UserWarning):
    """A standard error, p-value or interval was asked for where it is not valid
    (for example from a penalized fit)."""


class UndefinedMetricWarning(UserWarning):
    """A metric is 0/0 for these data (for example precision when nothing is predicted
    positive) and was replaced by the ``zero_division`` value, as in scikit-learn."""
