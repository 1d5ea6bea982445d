r"""Data for the chapters: the real cervical-cancer table, a synthetic cohort, thin loaders.

Chapter 3's practical example reads a logistic regression of cervical cancer on five
risk factors. :func:`load_cervical` reads the real table behind it (UCI, CC BY 4.0,
shipped as package data), from which the notes' weights and standard errors are
reproduced. Where simulation is the point (a known truth, many cohorts), the
:func:`make_cervical_cohort` draws a **synthetic** cohort whose true coefficients are the
notes' table.

The loaders wrap data sets bundled inside scikit-learn (no download). scikit-learn is not
a dependency of the library: it is imported inside each loader, which raises an
``ImportError`` saying what to install if it is missing.
"""

import numpy as np

from .links import sigmoid

__all__ = [
    "load_cervical",
    "CERVICAL_TRUE_COEF",
    "make_cervical_cohort",
    "load_breast_cancer",
    "load_iris",
    "load_wine",
]

#: True coefficients of the synthetic cohort: the notes' cervical-cancer table
#: (Chapter 3), keyed by the cohort's column names; "(intercept)" is :math:`\beta_0`.
CERVICAL_TRUE_COEF = {
    "(intercept)": -2.91,
    "Hormonal contraceptives y/n": -0.12,
    "Smokes y/n": 0.26,
    "Num. of pregnancies": 0.04,
    "Num. of diagnosed STDs": 0.82,
    "Intrauterine device y/n": 0.62,
}

_OUTCOME = "Cancer (synthetic)"


def make_cervical_cohort(n_samples=858, seed=0):
    r"""A seeded **synthetic** patient cohort whose true model is the notes' cervical-cancer table.

    Chapter 3, the practical example. Every row is simulated; none is a real patient.

    Parameters
    ----------
    n_samples : int, default=858
        Number of patients (858 is the size of the real data set).
    seed : int, default=0
        Seed of ``numpy.random.default_rng``: the same seed gives the same cohort.

    Returns
    -------
    pandas.DataFrame of shape (n_samples, 6)
        Columns ``"Hormonal contraceptives y/n"``, ``"Smokes y/n"``,
        ``"Intrauterine device y/n"`` (0/1), ``"Num. of pregnancies"``,
        ``"Num. of diagnosed STDs"`` (counts) and the outcome
        ``"Cancer (synthetic)"`` (0/1). ``df.attrs`` holds ``"synthetic": True``, a
        ``"description"``, the ``"true_coef"`` dict and the ``"seed"``.

    Raises
    ------
    ValueError
        If ``n_samples`` is not a positive integer.
    ImportError
        If pandas is not installed.

    Notes
    -----
    Features are drawn independently, to match the real data's summary (858 patients,
    55 positive): hormonal contraceptives ~ Bernoulli(0.64), smokes ~ Bernoulli(0.14),
    IUD ~ Bernoulli(0.10), pregnancies ~ Poisson(2.2) capped at 11, and STD diagnoses
    0 with probability 0.91, otherwise 1 + Poisson(0.4) capped at 4. The outcome is then

    .. math::

        Y \sim \text{Bernoulli}\big(\sigma(-2.91 - 0.12\,x_{\text{HC}} + 0.26\,x_{\text{smokes}}
        + 0.04\,x_{\text{pregnancies}} + 0.82\,x_{\text{STDs}} + 0.62\,x_{\text{IUD}})\big),

    which gives about 6% positives (about 55 of 858).

    Examples
    --------
    >>> from logreg_lib import make_cervical_cohort
    >>> df = make_cervical_cohort(seed=0)
    >>> df.shape, df.attrs["synthetic"]
    ((858, 6), True)
    """
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        raise ImportError("make_cervical_cohort() returns a pandas DataFrame: pip install pandas") from None
    if isinstance(n_samples, bool) or int(n_samples) != n_samples or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
    n = int(n_samples)
    rng = np.random.default_rng(seed)
    hormonal = (rng.random(n) < 0.64).astype(np.int64)
    smokes = (rng.random(n) < 0.14).astype(np.int64)
    iud = (rng.random(n) < 0.10).astype(np.int64)
    pregnancies = np.minimum(rng.poisson(2.2, n), 11)
    stds = np.where(rng.random(n) < 0.09, np.minimum(1 + rng.poisson(0.4, n), 4), 0)
    c = CERVICAL_TRUE_COEF
    z = (c["(intercept)"] + c["Hormonal contraceptives y/n"] * hormonal
         + c["Smokes y/n"] * smokes + c["Num. of pregnancies"] * pregnancies
         + c["Num. of diagnosed STDs"] * stds + c["Intrauterine device y/n"] * iud)
    p = sigmoid(z)
    cancer = (rng.random(n) < p).astype(np.int64)
    df = pd.DataFrame({
        "Hormonal contraceptives y/n": hormonal,
        "Smokes y/n": smokes,
        "Num. of pregnancies": pregnancies,
        "Num. of diagnosed STDs": stds,
        "Intrauterine device y/n": iud,
        _OUTCOME: cancer,
    })
    df.attrs["synthetic"] = True
    df.attrs["description"] = (
        "SYNTHETIC cohort simulated by logreg_lib.make_cervical_cohort; the true "
        "coefficients are the course notes' cervical-cancer table. Not real patients.")
    df.attrs["true_coef"] = dict(CERVICAL_TRUE_COEF)
    df.attrs["seed"] = seed
    return df


def load_cervical():
    r"""The real cervical-cancer risk-factor table (858 patients, 55 cancers), shipped with the library.

    Chapter 3, "A cervical-cancer risk model": the data behind the notes' table.

    **Provenance and licence.** The *Cervical cancer (Risk Factors)* data set of the UCI
    Machine Learning Repository (Fernandes, Cardoso and Fernandes, 2017; patients of the
    Hospital Universitario de Caracas), distributed under the Creative Commons
    Attribution 4.0 International licence (CC BY 4.0), in the version prepared by
    C. Molnar for *Interpretable Machine Learning* (2022): columns dropped, missing values
    imputed with each column's mode. Shipped unchanged as ``logreg_lib/data/cervical.csv``
    (see the README beside it); the MIT licence of the code does not cover it.

    Returns
    -------
    X : pandas.DataFrame of shape (858, 15)
        The risk factors, with the prepared table's column names, for example
        ``"Hormonal.Contraceptives"``, ``"Smokes"``, ``"Num.of.pregnancies"``,
        ``"STDs..Number.of.diagnosis"``, ``"IUD"`` (0/1 or counts) and ``"Age"``.
    y : pandas.Series of shape (858,)
        ``"cancer"``: 1 where the biopsy found cancer (55 patients), else 0.

    Raises
    ------
    ImportError
        If pandas is not installed.

    Notes
    -----
    An unpenalized logistic regression of ``y`` on ``Hormonal.Contraceptives``,
    ``Smokes``, ``Num.of.pregnancies``, ``STDs..Number.of.diagnosis`` and ``IUD`` gives
    the notes' weights -2.91, -0.12, 0.26, 0.04, 0.82, 0.62 and standard errors 0.32,
    0.30, 0.37, 0.10, 0.33, 0.40.

    Examples
    --------
    >>> from logreg_lib import load_cervical
    >>> X, y = load_cervical()
    >>> X.shape, int(y.sum())
    ((858, 15), 55)
    """
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        raise ImportError("load_cervical() returns pandas objects: pip install pandas") from None
    from importlib import resources

    with resources.files("logreg_lib").joinpath("data", "cervical.csv").open("r") as fh:
        df = pd.read_csv(fh)
    labels = set(df["Biopsy"].unique())
    if labels != {"Cancer", "Healthy"}:  # pragma: no cover - guards a damaged file
        raise ValueError(f"cervical.csv: unexpected Biopsy labels {sorted(labels)}.")
    y = (df["Biopsy"] == "Cancer").astype(np.int64).rename("cancer")
    return df.drop(columns="Biopsy"), y


def _sklearn_datasets(loader):
    try:
        from sklearn import datasets
    except ImportError:
        raise ImportError(
            f"{loader}() reads a data set bundled with scikit-learn, which is not installed. "
            "Install it with: pip install scikit-learn (it is not needed by the rest of "
            "logreg_lib).") from None
    return datasets


def load_breast_cancer():
    r"""The Wisconsin breast-cancer data with **malignant** as the positive class.

    Chapters 1 and 4: real tumors for a "tumor size" example (``"mean radius"``) and
    a full fit. scikit-learn codes benign as 1; this loader flips it so that
    :math:`y = 1` means malignant.

    Returns
    -------
    X : pandas.DataFrame of shape (569, 30)
        The 30 features, with scikit-learn's column names.
    y : pandas.Series of shape (569,)
        ``"malignant"``: 1 for malignant (212 tumors), 0 for benign (357).

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from logreg_lib import load_breast_cancer
    >>> X, y = load_breast_cancer()
    >>> X.shape, int(y.sum())
    ((569, 30), 212)
    """
    datasets = _sklearn_datasets("load_breast_cancer")
    bunch = datasets.load_breast_cancer(as_frame=True)
    y = (1 - bunch.target).astype(np.int64).rename("malignant")
    return bunch.data.copy(), y


def load_iris():
    r"""The iris flowers: 150 rows, 4 features, three species.

    Chapter 5 (softmax), and a separation demo: *setosa* is linearly separable from the
    other two species.

    Returns
    -------
    X : pandas.DataFrame of shape (150, 4)
    y : pandas.Series of shape (150,)
        ``"species"``: ``"setosa"``, ``"versicolor"`` or ``"virginica"``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from logreg_lib import load_iris
    >>> X, y = load_iris()
    >>> sorted(y.unique())
    ['setosa', 'versicolor', 'virginica']
    """
    return _load_multiclass("load_iris", "species")


def load_wine():
    r"""The wine cultivars: 178 rows, 13 chemical features, three classes.

    Chapter 5 (softmax).

    Returns
    -------
    X : pandas.DataFrame of shape (178, 13)
    y : pandas.Series of shape (178,)
        ``"cultivar"``: ``"class_0"``, ``"class_1"`` or ``"class_2"``.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from logreg_lib import load_wine
    >>> X, y = load_wine()
    >>> X.shape
    (178, 13)
    """
    return _load_multiclass("load_wine", "cultivar")


def _load_multiclass(loader, target_name):
    import pandas as pd

    datasets = _sklearn_datasets(loader)
    bunch = getattr(datasets, loader)(as_frame=True)
    names = np.asarray(bunch.target_names)[bunch.target.to_numpy()]
    y = pd.Series(names, index=bunch.data.index, name=target_name)
    return bunch.data.copy(), y
