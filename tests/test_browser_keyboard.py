"""In headless Chromium, with the keyboard alone: Eddie adds a claim with a date typed as the source
gives it, recovers from a failed save through the problem summary and picks what it is about with
the filter; Rita reads the preview of what becomes public and publishes only once she has ticked
that she checked it."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

from crisis.models import Claim, RecordStatus
from tests.browser import browser, page  # noqa: F401
from tests.factories import ActorFactory, SourceFactory, submitted
from tests.test_browser_editor import ensure_roles, log_in, log_out

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUOTE = "We are apprehending 283 children a day in the Rio Grande Valley."
TEXT = "Border Patrol apprehended 283 unaccompanied children a day in the Rio Grande Valley."
# Tab stops from the top of the empty add-claim page to its first "Save draft": the site's header,
# then sections 1 to 3. Before the parts were folded it took 78 presses with the sample data; with
# a date box and a "How precise" list per date it took 37 (Chromium stops three times in a date
# input: month, day, year); one text box per date takes 29.
MOST_TABS_TO_SAVE = 29


def focused(tab, selector):
    return tab.evaluate("(s) => document.activeElement.matches(s)", selector)


def tab_to(tab, selector, limit=MOST_TABS_TO_SAVE):
    """Press Tab until the element is focused; the number of presses it took."""
    for presses in range(1, limit + 1):
        tab.keyboard.press("Tab")
        if focused(tab, selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def test_eddie_adds_a_claim_with_the_keyboard_alone(live_server, page):  # noqa: F811
    ensure_roles()
    call_command("create_user", "eddie", role="editor", password="newsroom-pass-2014", stdout=StringIO())
    SourceFactory(publisher="Example Daily", title="Children keep crossing")
    ActorFactory.create_batch(8)
    ActorFactory(name="Ramona Ortega")
    base = live_server.url
    log_in(page, base, "eddie")
    page.goto(f"{base}/desk/claims/add/")

    # The first Save button is close; saving the empty page lists the problems and focuses them.
    assert tab_to(page, ".form-actions-early button[type=submit]") <= MOST_TABS_TO_SAVE
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert focused(page, "#error-summary")
    assert "2 problems to fix" in page.inner_text("#error-summary h2")

    # The summary's first link leads to the source list; the editor picks one by typing.
    page.keyboard.press("Tab")
    assert focused(page, "#error-summary a[href='#id_claim-source']")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_claim-source'")
    page.keyboard.type("Example Daily")
    assert page.eval_on_selector("#id_claim-source", "s => s.selectedOptions[0].text").startswith(
        "Example Daily")
    tab_to(page, "#id_claim-quote")
    page.keyboard.type(QUOTE)
    page.keyboard.press("Tab")
    page.keyboard.type(TEXT)
    # A date and its precision are typed in one box.
    tab_to(page, "#id_claim-said_on")
    page.keyboard.type("mid-June 2014")

    # "What it is about" opens from the keyboard; typing in its filter narrows the actors.
    tab_to(page, "#about > summary")
    page.keyboard.press("Enter")
    tab_to(page, "input[data-filter-for='id_claim-actors']")
    page.keyboard.type("ortega")
    assert page.locator("#id_claim-actors label:visible").all_inner_texts() == ["Ramona Ortega"]
    page.keyboard.press("Enter")  # Enter in the filter must not submit the form
    assert "/desk/claims/add/" in page.url and focused(page, ".choices-filter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")

    tab_to(page, ".form-actions:not(.form-actions-early) button[type=submit]", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Draft saved")
    claim = Claim.objects.get(text=TEXT)
    assert [actor.name for actor in claim.actors.all()] == ["Ramona Ortega"]
    assert claim.source.publisher == "Example Daily"
    assert claim.said_display == "mid-June 2014"


def test_rita_previews_what_becomes_public_and_must_tick_before_publishing(live_server, page):  # noqa: F811
    ensure_roles()
    for name, role in [("eddie", "editor"), ("rita", "reviewer")]:
        call_command("create_user", name, role=role, password="newsroom-pass-2014", stdout=StringIO())
    from django.contrib.auth.models import User

    eddie = User.objects.get(username="eddie")
    source = SourceFactory(draft=True, created_by=eddie, publisher="Example Daily",
                           title="Children keep crossing")
    claim = Claim.objects.create(source=source, text=TEXT, quote=QUOTE, created_by=eddie)
    submitted(claim, eddie)
    base = live_server.url
    log_in(page, base, "rita")
    page.goto(f"{base}/desk/claims/{claim.pk}/")

    tab_to(page, "a.button[href$='/review/']", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=What publishing makes public")
    preview = page.inner_text("#preview")
    assert TEXT in preview and "Children keep crossing" in preview and "Example Daily" in preview

    # Publishing without the tick is refused, on the preview itself.
    tab_to(page, "#publish-form button[type=submit]", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_selector("#action-error")
    assert "Tick “I have checked what becomes public”" in page.inner_text("#publish-form")
    claim.refresh_from_db()
    assert claim.status == RecordStatus.IN_REVIEW

    tab_to(page, "#id_publish-checked", limit=80)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page, "#publish-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Published. Readers can see it now")
    claim.refresh_from_db()
    source.refresh_from_db()
    assert (claim.status, source.status) == (RecordStatus.PUBLISHED, RecordStatus.PUBLISHED)
    log_out(page)
