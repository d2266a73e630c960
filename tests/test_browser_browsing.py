"""A data desk narrows and sorts /figures/, a journalist jumps through the timeline and links to one
item, and conflicting claims sit side by side: in headless Chromium against the live server."""

import os

import pytest

from tests.browser import browser, loaded, page, phone_page  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser



def _figure_rows(tab):
    return tab.locator("table.figures-table tbody tr")


def test_a_data_desk_narrows_figures_by_a_facet_and_sorts_them_by_period(loaded, page):  # noqa: F811
    page.goto(loaded + "/figures/")
    everything = _figure_rows(page).count()
    facet = page.locator(".facet-values li", has=page.get_by_role("link", name="Southwest border"))
    shown_count = int(facet.locator(".meta").inner_text())
    facet.get_by_role("link").click()
    page.wait_for_url("**/figures/?geography=southwest_border")
    # The count beside the facet is what choosing it shows.
    assert _figure_rows(page).count() == shown_count < everything

    page.locator("table.figures-table thead").get_by_role("link", name="Period").click()
    page.wait_for_url("**/figures/?geography=southwest_border&sort=period")
    header = page.locator("table.figures-table th[aria-sort]")
    assert header.text_content().strip().startswith("Period")
    assert header.get_attribute("aria-sort") == "ascending"
    page.locator("table.figures-table thead").get_by_role("link", name="Period").click()
    page.wait_for_url("**/figures/?geography=southwest_border&sort=-period")
    assert page.locator("table.figures-table th[aria-sort]").get_attribute("aria-sort") == "descending"
    # The filter survives each sort, and the JSON and CSV links are of this very view.
    assert _figure_rows(page).count() == shown_count
    csv_link = page.locator("a[href*='format=csv'], a[href*='.csv']").first.get_attribute("href")
    assert "geography=southwest_border" in csv_link


def test_a_journalist_jumps_to_a_month_and_links_to_one_item(loaded, page):  # noqa: F811
    page.goto(loaded + "/timeline/")
    index = page.get_by_role("navigation", name="Months of the timeline")
    index.get_by_role("link", name="Jul 2014").click()
    page.wait_for_url("**/timeline/?from=2014-07#timeline-items")
    assert page.locator(".month-heading").first.inner_text() == "July 2014"

    item = page.locator(".tl-item").first
    uid = item.get_attribute("id")
    item.get_by_role("link", name="Link to this item").click()
    page.wait_for_url(f"**#{uid}")
    # Opened afresh, the permalink lands on that item and marks it.
    permalink = page.url
    page.goto(loaded + "/")
    page.goto(permalink)
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == uid


def test_conflicting_claims_sit_side_by_side_on_a_desktop_and_stack_on_a_phone(loaded, browser, phone_page):  # noqa: F811
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        desktop.goto(loaded + "/claims/")
        row = desktop.locator(".claim-row.has-conflict").first
        main, aside = row.locator(".claim-main").bounding_box(), row.locator(".conflicting").bounding_box()
        assert aside["x"] > main["x"] + main["width"] - 1, "the conflict is beside the claim"
        assert "Conflicts with" in row.locator(".conflicting").text_content()
    finally:
        desktop.close()

    phone_page.goto(loaded + "/claims/")
    row = phone_page.locator(".claim-row.has-conflict").first
    main, aside = row.locator(".claim-main").bounding_box(), row.locator(".conflicting").bounding_box()
    assert aside["y"] >= main["y"] + main["height"] - 1, "on a phone the conflict follows the claim"
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
