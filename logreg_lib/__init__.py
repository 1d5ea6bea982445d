"""logreg_lib: logistic regression, derived and tested.

Every formula of the course lives here once; the chapters import it. One module per
concept:

- :mod:`logreg_lib.links`: sigmoid, log-sigmoid, logit, odds (Chapters 2-3)
- :mod:`logreg_lib.interpretation`: odds ratios, probability changes, intervals (Chapter 3)
- :mod:`logreg_lib.glm`: probit and complementary log-log links, binary GLM fits (Chapter 2)
- :mod:`logreg_lib.linear_probability`: least squares on 0/1 labels (Chapter 1)
- :mod:`logreg_lib.loss`: cross-entropy, gradient, Hessian (Chapter 4)
- :mod:`logreg_lib.information`: entropy, KL divergence, cross-entropy of distributions,
  in nats (Chapter 4)
- :mod:`logreg_lib.solvers`: gradient descent, SGD, L-BFGS, Newton, IRLS, proximal
  Newton (Chapters 4-5)
- :mod:`logreg_lib.regularization`: L2, L1, elastic net, paths (Chapter 5)
- :mod:`logreg_lib.model`: the ``LogisticRegression`` estimator
- :mod:`logreg_lib.inference`: standard errors, Wald, likelihood-ratio and score tests,
  profile intervals, deviance, goodness of fit, the summary table (Chapters 3-4)
- :mod:`logreg_lib.separation`: detecting separation, Firth's penalized likelihood
  (Chapter 5)
- :mod:`logreg_lib.softmax`: the multinomial model and ``SoftmaxRegression`` (Chapter 5)
- :mod:`logreg_lib.metrics`: confusion matrix, precision/recall, ROC and PR curves,
  log loss, Brier score (Chapter 6)
- :mod:`logreg_lib.thresholds`: choosing the decision threshold (Chapter 6)
- :mod:`logreg_lib.imbalance`: class weights, resampling, prior-shift correction,
  case-control sampling (Chapter 6)
- :mod:`logreg_lib.calibration`: reliability curves with intervals, Platt scaling,
  isotonic regression, comparing calibrators (Chapter 6)
- :mod:`logreg_lib.generative`: linear discriminant analysis and the logistic model it
  implies (Chapter 6)
- :mod:`logreg_lib.datasets`: the real cervical-cancer table, a synthetic cohort, loaders
- :mod:`logreg_lib.exceptions`: the library's warning classes
- :mod:`logreg_lib.plotting`: the course's figures in one house style (subpackage)

Internal modules (no public API; the others import from them): ``_kernels`` (the shared
numerical kernels: stable sigmoid, curvature, weighted Gram product, penalty, the fitting
problem), ``_parallel`` (passes over the rows of the data, block by block, on every core)
and ``_validation`` (input and parameter checks).
"""

__version__ = "0.1.0"

from .datasets import (
    CERVICAL_TRUE_COEF,
    load_breast_cancer,
    load_iris,
    load_wine,
    make_cervical_cohort,
)
from .exceptions import (
    ConvergenceWarning,
    InferenceWarning,
    SeparationWarning,
    UndefinedMetricWarning,
)
from .inference import Summary, covariance, sandwich_covariance, wald_test
from .interpretation import (
    odds_ratio,
    odds_ratio_interval,
    probability_after_odds_ratio,
    probability_change,
    probability_change_linear,
    wald_interval,
)
from .linear_probability import ClassCodeRegression, LinearProbabilityModel
from .links import log_sigmoid, logit, odds, prob_from_odds, sigmoid, sigmoid_derivative
from .loss import (
    add_intercept,
    cross_entropy,
    gradient,
    hessian,
    log_likelihood,
    per_sample_gradients,
)
from .model import LogisticRegression
from .regularization import (
    RegularizationPath,
    penalized_cross_entropy,
    penalized_gradient,
    penalized_hessian,
    penalty,
    regularization_path,
    soft_threshold,
)
from .solvers import SolverResult, gradient_descent, irls, newton, proximal_newton, sgd

__all__ = [
    # links (Chapters 2-3)
    "sigmoid", "sigmoid_derivative", "log_sigmoid", "logit", "odds", "prob_from_odds",
    # interpretation (Chapter 3)
    "odds_ratio", "probability_after_odds_ratio", "probability_change",
    "probability_change_linear", "wald_interval", "odds_ratio_interval",
    # linear probability model (Chapter 1)
    "LinearProbabilityModel", "ClassCodeRegression",
    # loss (Chapter 4)
    "add_intercept", "cross_entropy", "log_likelihood", "gradient", "per_sample_gradients",
    "hessian",
    # solvers (Chapter 4)
    "SolverResult", "gradient_descent", "sgd", "newton", "irls", "proximal_newton",
    # regularization (Chapter 5)
    "penalty", "soft_threshold", "penalized_cross_entropy", "penalized_gradient",
    "penalized_hessian", "regularization_path", "RegularizationPath",
    # model and inference
    "LogisticRegression", "covariance", "sandwich_covariance", "wald_test", "Summary",
    # data
    "CERVICAL_TRUE_COEF", "make_cervical_cohort", "load_breast_cancer", "load_iris",
    "load_wine",
    # warnings
    "ConvergenceWarning", "SeparationWarning", "InferenceWarning",
]

# ---------------------------------------------------------------------------------------
# Part 2 (softmax, metrics, thresholds, imbalance, calibration, separation).
# Part 2's engineer adds lines here, for example:
#     from .softmax import softmax
#     __all__ += ["softmax"]
# BEGIN PART 2 RE-EXPORTS
from .calibration import (
    IsotonicCalibrator,
    PlattScaler,
    calibration_curve,
    expected_calibration_error,
    isotonic_regression,
)
from .imbalance import (
    balanced_class_weights,
    balanced_sample_weights,
    prior_shift_correction,
    random_oversample,
    random_undersample,
)
from .metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    counts_at_thresholds,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from .separation import FirthResult, SeparationResult, check_separation, firth_fit
from .softmax import (
    SoftmaxRegression,
    log_softmax,
    softmax,
    softmax_cross_entropy,
    softmax_gradient,
    softmax_hessian,
)
from .thresholds import ThresholdChoice, bayes_optimal_threshold, choose_threshold

__all__ += [
    # separation and Firth (Chapter 5)
    "check_separation", "SeparationResult", "firth_fit", "FirthResult",
    # softmax (Chapter 5)
    "softmax", "log_softmax", "softmax_cross_entropy", "softmax_gradient", "softmax_hessian",
    "SoftmaxRegression",
    # metrics (Chapter 6)
    "confusion_matrix", "counts_at_thresholds", "accuracy_score", "precision_score",
    "recall_score", "f1_score",
    "balanced_accuracy_score", "roc_curve", "roc_auc_score", "precision_recall_curve",
    "average_precision_score", "log_loss", "brier_score_loss", "UndefinedMetricWarning",
    # thresholds (Chapter 6)
    "bayes_optimal_threshold", "choose_threshold", "ThresholdChoice",
    # imbalance (Chapter 6)
    "balanced_class_weights", "balanced_sample_weights", "random_oversample",
    "random_undersample", "prior_shift_correction",
    # calibration (Chapter 6)
    "calibration_curve", "expected_calibration_error", "isotonic_regression", "PlattScaler",
    "IsotonicCalibrator",
]
# END PART 2 RE-EXPORTS
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# BEGIN INFERENCE RE-EXPORTS (issue 12: likelihood-based inference, the real cervical data)
from .datasets import load_cervical
from .inference import (
    TestResult,
    deviance,
    deviance_residuals,
    hosmer_lemeshow_test,
    likelihood_ratio_test,
    pearson_residuals,
    profile_deviance,
    profile_interval,
    profile_table,
    score_test,
)

__all__ += [
    # inference (Chapter 4, "Inference")
    "deviance", "deviance_residuals", "pearson_residuals", "likelihood_ratio_test",
    "score_test", "profile_deviance", "profile_interval", "profile_table",
    "hosmer_lemeshow_test", "TestResult",
    # data (Chapter 3)
    "load_cervical",
]
# END INFERENCE RE-EXPORTS
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# BEGIN H13a RE-EXPORTS: other binary links (chapter 2, "Why this function?")
from .glm import (
    LINKS,
    BinaryGLMResult,
    fit_binary_glm,
    inverse_link,
    inverse_link_derivative,
    latent_error_sd,
    link_function,
)

__all__ += [
    "LINKS", "inverse_link", "inverse_link_derivative", "link_function",
    "latent_error_sd", "fit_binary_glm", "BinaryGLMResult",
]
# END H13a RE-EXPORTS
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# BEGIN CHAPTER 6 ADDITIONS (issue 13): calibration uncertainty, out-of-fold thresholds,
# case-control sampling, the generative (LDA) view.
from .calibration import (  # noqa: E402
    CalibratorComparison,
    ReliabilityCurve,
    compare_calibrators,
    cross_fit_calibration,
    reliability_curve,
    wilson_interval,
)
from .generative import LinearDiscriminant  # noqa: E402
from .imbalance import case_control_offset, case_control_sample  # noqa: E402
from .thresholds import out_of_fold_proba  # noqa: E402

__all__ += [
    "wilson_interval", "reliability_curve", "ReliabilityCurve", "compare_calibrators",
    "CalibratorComparison", "cross_fit_calibration", "out_of_fold_proba",
    "case_control_sample",
    "case_control_offset", "LinearDiscriminant",
]
# END CHAPTER 6 ADDITIONS
# ---------------------------------------------------------------------------------------

# BEGIN PART 3 SOLVER RE-EXPORTS (issue 10: binary L-BFGS, separation tie tolerance)
from .separation import SEPARATION_TOL
from .solvers import lbfgs

__all__ += ["lbfgs", "SEPARATION_TOL"]
# END PART 3 SOLVER RE-EXPORTS

# ---------------------------------------------------------------------------------------
# BEGIN INFORMATION RE-EXPORTS (issue 13: cross-entropy from information theory, Chapter 4)
from .information import cross_entropy_of, entropy, kl_divergence  # noqa: E402

__all__ += ["entropy", "kl_divergence", "cross_entropy_of"]
# END INFORMATION RE-EXPORTS
