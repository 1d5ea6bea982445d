"""The course's figures, in one house style.

Every figure of the book is drawn by a function of this package, so a chapter's cell stays
short and all figures look alike: the same fonts and sizes, and a palette that stays
distinguishable for color-blind readers and in greyscale print (the Okabe–Ito colors,
each paired with its own line style and marker).

:mod:`logreg_lib.plotting.style` holds the style; each other submodule holds the figures of
one topic, and all their functions are available from ``logreg_lib.plotting`` directly.
Matplotlib is needed only here (``pip install logreg_lib[plot]``).
"""

from . import (
    evaluation, linear_fit, links, model_selection, multiclass, odds, reliability, sigmoid,
    style, training,
)

__all__ = []
for _module in (style, linear_fit, sigmoid, links, odds, training, multiclass,
                model_selection, evaluation, reliability):
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
        __all__.append(_name)
del _module, _name
