"""Real-browser tests: one gunicorn server and one Chromium for this package, a fresh
browser context per test. Package-scoped, so that Playwright's event loop has stopped
before other packages run (pyHanko's signing and validation call asyncio.run).

Without /usr/bin/chromium or the playwright package these tests skip, saying why;
with EOFFICE_REQUIRE_BROWSER=1 (CI sets it) they fail instead.

A new main page goes into pages.py and is then checked by every test here. A
clicked-through workflow is one test parametrized over JavaScript on and off:
`page = new_context(java_script_enabled=js).new_page()`, then `sign_in(page, user)`
and the clicks (see test_no_js.py).
"""
import os
from pathlib import Path

import pytest

from .chromium import VIEWPORT, launch, missing_reason
from .pages import LANGUAGES
from .server import PortalServer

REQUIRED = os.environ.get("EOFFICE_REQUIRE_BROWSER") == "1"
HERE = Path(__file__).parent
_timings = []


@pytest.fixture(scope="package")
def _browser_ready():
    reason = missing_reason()
    if reason and REQUIRED:
        pytest.fail(f"browser tests required (EOFFICE_REQUIRE_BROWSER=1) but {reason}",
                    pytrace=False)
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="package")
def portal(_browser_ready):
    with PortalServer() as server:
        yield server


@pytest.fixture(scope="package")
def browser(_browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, portal):
    """`new_context(**options)`: a context on the portal, closed after the test.

    Pass java_script_enabled=False for a no-JS visit, bypass_csp=True for axe runs only.
    """
    contexts = []

    def make(**options):
        options = {"base_url": portal.base_url, "viewport": VIEWPORT, "locale": "en-IN",
                   **options}
        context = browser.new_context(**options)
        context.set_default_timeout(30_000)  # a loaded CI machine can be slow; budgets are asserted separately
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def record_timing(request):
    """record_timing(label, seconds): shown in a short table at the end of the run."""
    def record(label, seconds):
        _timings.append((request.node.name, label, seconds))
    return record


def pytest_collection_modifyitems(items):
    """A page-per-test file runs language by language, so that a user's language (kept
    in their profile) is changed once per language, not before nearly every page."""
    def language(item):
        callspec = getattr(item, "callspec", None) if HERE in item.path.parents else None
        code = callspec.params.get("language") if callspec else None
        return LANGUAGES.index(code) if code in LANGUAGES else -1

    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.path, index)
    items.sort(key=lambda item: (first[item.path], language(item)))


def pytest_terminal_summary(terminalreporter):
    if not _timings:
        return
    terminalreporter.section("browser timings")
    for name, label, seconds in _timings:
        terminalreporter.write_line(f"{seconds * 1000:7.0f} ms  {label:<28} {name}")
