"""Accessible pages: every figure image gets an alt text, and the theme's a11y faults are fixed.

- **Alt text from captions.** docutils writes an image's file path as its ``alt`` when none
  is given, and the notebooks' figures (myst-nb outputs and ``glue:figure``) never give one.
  After references are resolved, each image without ``alt`` gets the plain text of its
  figure's caption (math written as readable text, not TeX). An image with neither an alt
  nor a caption is reported as a warning, which the strict build (``-W``) makes fatal:
  give it a caption (``glue:figure``) or an ``alt`` in the cell's ``mystnb: image:`` metadata.
- **Theme fixes** found by the axe-core audit (``tests/test_accessibility.py``):
  templates in ``book/_ext/templates`` override two header buttons whose accessible names did
  not match their visible text (``label-content-name-mismatch``), ``static/accessibility.css``
  darkens links on the light admonition background and table captions on the dark mode's
  light output panels (``color-contrast``), ``static/accessibility.js`` lets the keyboard
  focus a cell output that scrolls (``scrollable-region-focusable``) and makes the primary
  sidebar a landmark (``region``), and the bibliography's
  entries get the ARIA role its list requires (``role="listitem"`` instead of the deprecated
  ``doc-biblioentry``, which fails ``aria-required-children``).
"""

import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

# TeX commands a caption's math uses, as a screen reader should read them.
_TEX_WORDS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π",
    "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "omega": "ω", "ell": "ℓ",
    "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "approx": "≈", "to": "→", "infty": "∞", "pm": "±", "log": "log", "exp": "exp",
    "sum": "sum", "ldots": "…", "dots": "…", "top": "ᵀ", "mid": "|",
}


def tex_to_text(tex):
    """Inline TeX as plain text for an alt attribute: ``\\hat{\\beta}_1`` becomes ``β̂_1``."""
    text = re.sub(r"\\(?:mathrm|mathbf|boldsymbol|text|operatorname|mathit|bm)\s*\{([^{}]*)\}", r"\1", tex)
    text = re.sub(r"\\(?:hat|widehat)\s*\{([^{}]*)\}", r"\1̂", text)
    text = re.sub(r"\\(?:tilde|widetilde)\s*\{([^{}]*)\}", r"\1̃", text)
    text = re.sub(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\(left|right|big|Big|,|;|!|quad|qquad)", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_WORDS.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("\\", "").replace("^ᵀ", "ᵀ")
    return re.sub(r"\s+", " ", text).strip()


def plain_text(node):
    """A node's text for a screen reader: math as readable text, whitespace collapsed."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.math):
            parts.append(tex_to_text(child.astext()))
        elif isinstance(child, nodes.Text):
            parts.append(child.astext())
        elif isinstance(child, nodes.Element):
            parts.append(plain_text(child))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _figure_caption(image):
    parent = image.parent
    while parent is not None and not isinstance(parent, nodes.figure):
        parent = parent.parent
    if parent is None:
        return None
    caption = next(iter(parent.findall(nodes.caption)), None)
    return plain_text(caption) if caption is not None else None


def add_alt_text(app, doctree, docname):
    """Give each image without an alt text its figure caption's text."""
    for image in doctree.findall(nodes.image):
        if image.get("alt", "").strip():
            continue
        caption = _figure_caption(image)
        if caption:
            image["alt"] = caption
        else:
            logger.warning(
                "image %s has no alt text and no caption: give it a caption (glue:figure) or "
                "an alt text (cell metadata mystnb: image: alt:)", image.get("uri"),
                location=image, type="accessibility", subtype="alt")


def fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """docutils lists citations in ``role="list"`` with ``doc-biblioentry`` items, a role
    ARIA 1.2 deprecates and ``list`` does not accept: make them list items."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _add_templates_and_static(app, config):
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("config-inited", _add_templates_and_static)
    app.add_css_file("accessibility.css")
    app.add_js_file("accessibility.js")
    app.connect("doctree-resolved", add_alt_text)
    app.connect("html-page-context", fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
