"""In headless Chromium: an editor adds a sourced claim with a new figure; a reviewer publishes it."""

import importlib
import os
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from tests.browser import browser, page  # noqa: F401

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Serialized rollback puts the migrations' rows (roles, content types) back for the browser tests
# that run after this one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SOURCE_URL = "https://news.example.org/2014/07/rgv-children"
QUOTE = "We are apprehending 283 children a day in the Rio Grande Valley."
CLAIM_TEXT = "Border Patrol apprehended 283 unaccompanied children a day in the Rio Grande Valley."


def ensure_roles():
    """The roles come from a data migration; a transactional test run earlier may have emptied them."""
    roles = importlib.import_module("migrations_crisis.0002_roles")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(Permission.objects.filter(
        content_type__app_label="crisis", codename__in=roles.editor_codenames()))
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(Permission.objects.filter(
        content_type__app_label="crisis", codename__in=[*roles.editor_codenames(), "publish_claim"]))


def log_in(tab, base, username):
    tab.goto(f"{base}/accounts/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", "newsroom-pass-2014")
    tab.click("main button[type=submit]")
    tab.wait_for_url(f"{base}/desk/")


def log_out(tab):
    tab.click(".nav-logout button")
    tab.wait_for_load_state()


def test_editor_adds_a_claim_with_a_new_source_and_figure_and_a_reviewer_publishes_it(live_server, page):  # noqa: F811
    ensure_roles()
    for name, role in [("eddie", "editor"), ("rita", "reviewer")]:
        call_command("create_user", name, role=role, password="newsroom-pass-2014", stdout=StringIO())
    base = live_server.url

    # The editor adds the claim, a new source and the figure the claim establishes.
    log_in(page, base, "eddie")
    page.click("text=Add a claim")
    page.click("summary:has-text('Or add a new source')")
    page.fill("#id_source-url", SOURCE_URL)
    page.fill("#id_source-title", "Children keep crossing in the Rio Grande Valley")
    page.fill("#id_source-publisher", "Example Daily")
    page.fill("#id_source-published_on", "2014-07-18")
    page.fill("#id_claim-quote", QUOTE)
    page.fill("#id_claim-text", CLAIM_TEXT)
    page.select_option("#id_claim-kind", "figure")
    page.fill("#id_claim-said_on", "2014-07-17")
    # A figure claim opens the figure part by itself.
    page.wait_for_selector("#establish-figure[open]")
    page.select_option("#id_figure-metric", "uac_daily_average")
    page.fill("#id_figure-value", "283")
    page.select_option("#id_figure-unit", "people_per_day")
    page.select_option("#id_figure-geography", "border_sector")
    page.fill("#id_figure-area", "Rio Grande Valley")
    page.fill("#id_figure-period_start", "2014-07-07")
    page.fill("#id_figure-period_end", "2014-07-13")
    page.click("text=Save draft")
    page.wait_for_selector("text=Draft saved")
    claim_url = page.url
    page.click("text=Submit for review")
    page.wait_for_selector("text=Submitted for review")
    log_out(page)

    # Nothing is public yet.
    page.goto(f"{base}/timeline/")
    assert page.locator(f"a[href='{SOURCE_URL}']").count() == 0

    # The reviewer finds it in the queue and publishes it.
    log_in(page, base, "rita")
    page.click("#queue-h ~ div a:has-text('Border Patrol apprehended')")
    assert page.url == claim_url
    page.check("#id_publish-checked")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("text=Published. Readers can see it now")
    log_out(page)

    # A reader sees the claim on the timeline and the figure on the figures page, each with the source link.
    page.goto(f"{base}/timeline/")
    assert page.locator(f"text={CLAIM_TEXT}").count() >= 1
    assert page.locator(f"a[href='{SOURCE_URL}']").count() >= 1
    page.goto(f"{base}/figures/")
    assert page.locator("text=283").count() >= 1
    assert page.locator(f"a[href='{SOURCE_URL}']").count() >= 1


def test_eddie_picks_what_a_claim_is_about_by_typing_and_unpicks_it_from_the_chosen_list(live_server, page):  # noqa: F811
    from tests.factories import ActorFactory

    ensure_roles()
    call_command("create_user", "eddie", role="editor", password="newsroom-pass-2014", stdout=StringIO())
    for name in ["Joe Biden", "Jeh Johnson", "Cecilia Muñoz", "Otto Pérez Molina", "Salvador Sánchez Cerén",
                 "Juan Orlando Hernández", "Stacie Blake", "Barack Obama", "John Boehner"]:
        ActorFactory(name=name)
    log_in(page, live_server.url, "eddie")
    page.click("text=Add a claim")
    page.click("summary:has-text('What it is about')")
    actors = page.locator("#field-claim-actors")
    assert actors.locator(".choices-picked").inner_text() == "None chosen."

    actors.get_by_label("Filter actors").fill("biden")
    assert actors.locator(".choices-box label:visible").count() == 1
    actors.get_by_role("checkbox", name="Joe Biden").check()
    chip = actors.get_by_role("button", name="Remove Joe Biden")
    assert "1 chosen:" in actors.locator(".choices-picked").inner_text()

    # A filter matching nothing says so, and still shows what is chosen.
    actors.get_by_label("Filter actors").fill("zzz")
    assert actors.locator(".choices-none").is_visible()
    assert actors.get_by_role("checkbox", name="Joe Biden").is_visible()

    chip.click()
    assert not actors.get_by_role("checkbox", name="Joe Biden").is_checked()
    assert actors.locator(".choices-picked").inner_text() == "None chosen."
