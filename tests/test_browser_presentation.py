"""Citing, phone widths, print and focus in headless Chromium, against the live server."""

import os

import pytest

from crisis.models import Claim
from tests.browser import browser, loaded, phone_page  # noqa: F401

expect = pytest.importorskip("playwright.sync_api").expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser



def test_a_journalist_copies_a_claims_citation_with_the_copy_button(loaded, browser):  # noqa: F811
    claim = Claim.objects.published().filter(quote__gt="").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=loaded)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{loaded}/claims/{claim.pk}/")
        cite = page.locator("#cite")
        assert cite.get_by_role("button", name="Copy").count() == 2
        cite.get_by_role("button", name="Copy").first.click()
        expect(cite.get_by_role("status").first).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#cite-text").input_value()
        assert copied.endswith(f"/claims/{claim.pk}/") and claim.text in copied

        # Keyboard focus shows a ring in the accent blue, not the faint amber used on the header.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('main')"):
                break
        colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
        assert colour == "rgb(11, 92, 173)", colour

        page.emulate_media(media="print")
        source_link = page.locator("main a[href^='/sources/']").first
        after = page.evaluate(
            "link => getComputedStyle(link, '::after').content", source_link.element_handle()
        )
        assert source_link.get_attribute("href") in after
        assert not cite.get_by_role("button", name="Copy").first.is_visible()
    finally:
        context.close()


def test_the_proposals_and_a_claim_page_fit_a_phone_screen(loaded, phone_page):  # noqa: F811
    claim = Claim.objects.published().filter(quote__gt="").first()
    for path in ("/proposals/", f"/claims/{claim.pk}/", "/timeline/?order=newest"):
        phone_page.goto(loaded + path)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path
    phone_page.goto(loaded + "/proposals/")
    assert not phone_page.locator(".proposals-table thead").is_visible()
