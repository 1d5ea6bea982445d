"""Fixtures shared by the site tests: one headless chromium per test session."""

import os
import shutil

import pytest

from site_checks import CHROMIUM_ARGS


def _chromium_path():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by playwright; skipped (or failed, when CI requires it)
    where chromium is not installed."""
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
        chromium = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
