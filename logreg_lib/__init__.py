"""logreg_lib: logistic regression, derived and tested.

Every formula of the course lives here once; the chapters import it.
"""

__version__ = "0.1.0"
