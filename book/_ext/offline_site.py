"""Keep the built site self-contained and its pages free of console errors.

sphinx-thebe registers its inline configuration script twice under Jupyter Book, which
makes the browser report "Identifier 'THEBE_JS_URL' has already been declared" on every
page. This extension drops repeated script entries before each page is written.
"""


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        # The same inline script is registered once with filename None and once with "".
        key = (getattr(script, "filename", None) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    scripts[:] = kept


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
