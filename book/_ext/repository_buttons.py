"""Repository and launch buttons only when the course has a public repository.

``repository.url`` in ``_config.yml`` is the course's one setting for its public address.
While it is empty, no page links to a repository that does not exist: this extension
removes the launch buttons (Binder, Colab, JupyterHub) and the repository, issues and
edit buttons before the theme sees them. Once it is set, the launch buttons
``_config.yml`` lists are kept, and the repository button is shown unless the Sphinx
setting ``repository_button`` (added here, default ``True``) is ``False``, as in the
student edition's generated configuration.

(Jupyter Book refuses ``html.use_repository_button: true`` with an empty URL, and its
default configuration sets it to false, so the button is switched here rather than in
``_config.yml``.)
"""

from sphinx.util import logging

logger = logging.getLogger(__name__)

BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")


def _configure(app, config):
    options = config.html_theme_options
    url = (options.get("repository_url") or "").strip()
    if not url:
        options.pop("repository_url", None)
        options.pop("launch_buttons", None)
        for button in BUTTONS:
            options[button] = False
        return
    if "github.com/" not in url:
        logger.warning("repository.url %r is not a GitHub address: the Binder and Colab buttons need one", url)
    options["use_repository_button"] = bool(config.repository_button)


def setup(app):
    # before sphinx-book-theme reads the options (builder-inited and page events)
    app.add_config_value("repository_button", True, "html", types=[bool])
    app.connect("config-inited", _configure, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
