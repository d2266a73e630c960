"""Every kind of page, checked by axe-core in headless Chromium at a desktop's and a phone's width
(where no page may be wider than the screen), in the light colour scheme and the dark one.

axe-core is vendored under tests/vendor (MPL-2.0, its licence beside it) and injected by the
browser, never served by the site: the pages' Content-Security-Policy stays as strict as readers
get it.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    FundingRequest,
    Meeting,
    PolicyProposal,
    Source,
)
from tests.browser import browser  # noqa: F401
from tests.test_browser_editor import ensure_roles

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]


def _first(model):
    return model.objects.published().order_by("pk").first().get_absolute_url()


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, article, live_server):
    """The article's data, committed for the live server, and a signed-in editor's session."""
    ensure_roles()
    editor = User.objects.create_user("axe-editor", password="newsroom-pass-2014")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    public = {
        "home": "/", "timeline": "/timeline/", "timeline, one line each": "/timeline/?compact=1",
        "timeline embed": "/timeline/embed/", "figures": "/figures/",
        "figure": _first(CrossingStatistic), "claims": "/claims/", "claim": _first(Claim),
        "actors": "/actors/", "actor": Actor.objects.filter(kind="person").order_by("pk").first()
        .get_absolute_url(), "meetings": "/meetings/", "meeting": _first(Meeting),
        "funding": _first(FundingRequest), "proposals": "/proposals/", "proposal": _first(PolicyProposal),
        "sources": "/sources/", "source": Source.objects.order_by("pk").first().get_absolute_url(),
        "search": "/search/?q=children", "search, narrowed": "/search/?q=children&kind=claim&from=2014",
        "login": "/accounts/login/",
    }
    # The desk's home is read first, with a flash message on it.
    desk = {"desk home": "/desk/", "desk, add a claim": "/desk/claims/add/"}
    return live_server.url, public, desk, client.cookies["sessionid"].value


def _flash(text):
    """The cookie that carries a message to the next page, as the desk sets one after a save."""
    storage = CookieStorage(RequestFactory().get("/"))
    return storage._encode([Message(constants.SUCCESS, text)])


def _violations(browser, base, pages, viewport, session=None, scheme="light"):  # noqa: F811
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 500, color_scheme=scheme)
    # Injected by the browser before the page's own scripts, so the page's CSP is left as it is.
    context.add_init_script(path=str(AXE))
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base},
                             {"name": "messages", "value": _flash("Draft saved."), "url": base}])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    found = {}
    try:
        for name, path in pages.items():
            response = tab.goto(base + path)
            assert response.status == 200, (name, path, response.status)
            if name == "desk home":
                assert tab.locator(".messages li").count() == 1
            if scheme == "dark":
                # The dark scheme is really in use, not the light one drawn again.
                assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(13, 17, 23)"
            result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
            if viewport["width"] < 500:
                overflow = tab.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    found.setdefault(name, []).append(f"wider than the phone by {overflow}px")
            for violation in result["violations"]:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:3]
                found.setdefault(name, []).append(f"{violation['id']}: {targets}")
    finally:
        context.close()
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_reader_page_passes_axe_with_no_violation(site, browser, width, scheme):  # noqa: F811
    base, public, _, _ = site
    assert _violations(browser, base, public, WIDTHS[width], scheme=scheme) == {}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_editors_desk_passes_axe_with_no_violation(site, browser, width, scheme):  # noqa: F811
    base, _, desk, session = site
    assert _violations(browser, base, desk, WIDTHS[width], session, scheme) == {}


def test_the_site_never_serves_axe(client, db):
    assert client.get("/static/axe.min.js").status_code == 404
    assert not list(Path(__file__).parent.parent.joinpath("static").rglob("axe*"))
