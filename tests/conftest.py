"""Fixtures shared by the site tests: one headless chromium per pytest process.

Under pytest-xdist each worker is a process with its own session, so each worker launches
one browser, once, and every browser test of that worker opens its own context in it. If
the browser has died (killed on a loaded machine, say), the next test gets a new one
instead of every later test failing.
"""

import os
import shutil

import pytest

from site_checks import CHROMIUM_ARGS, TIMEOUT_MS


def _chromium_path():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def _chromium():
    """Playwright and a launcher for Debian's chromium; skipped (or failed, when CI requires
    it) where chromium is not installed."""
    path = _chromium_path()
    if path is None:
        message = (
            "chromium is not installed; install it with "
            "`sudo apt-get update && sudo apt-get install -y chromium` to run the browser tests"
        )
        if os.environ.get("LOGREG_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (LOGREG_REQUIRE_BROWSER=1 requires them)")
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        launched = {}

        def get():
            browser = launched.get("browser")
            if browser is None or not browser.is_connected():
                launched["browser"] = pw.chromium.launch(
                    executable_path=path, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
            return launched["browser"]

        yield get
        if launched.get("browser") is not None and launched["browser"].is_connected():
            launched["browser"].close()


@pytest.fixture
def browser(_chromium):
    """This worker's chromium (launched on first use, relaunched if it died)."""
    return _chromium()
