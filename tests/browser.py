"""Headless Debian Chromium through Playwright, for tests marked `browser`.

Import the fixtures into a test module with `from tests.browser import browser, page  # noqa: F401`.
"""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
# Chromium reaches out to Google's services on start; this machine has no route there.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_chromium():
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    message = "Debian's chromium is not installed: run `apt-get install chromium` for browser tests."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


# Each module that imports `browser` gets its own session fixture, but only one sync Playwright may
# run per thread: the modules share it, and the last one to finish closes it.
_shared = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if _shared["users"] == 0:
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def loaded(transactional_db, django_db_serialized_rollback, article, live_server):
    """The article's data, committed so the live server's thread can read it; the site's address."""
    from crisis.models import Claim

    assert Claim.objects.published().count() == 27
    return live_server.url
