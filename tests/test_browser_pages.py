"""A journalist's path through the site in headless Chromium, against the live server."""

import os

import pytest

from tests.browser import browser, loaded, page, phone_page  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser



def test_journalist_goes_from_home_to_a_meeting_and_from_a_figure_to_its_source(loaded, page):  # noqa: F811
    page.goto(loaded + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "The child-migration crisis, record by record"
    # The live server sees the data: the headline figures are there.
    assert page.get_by_text("around 57,000").count() >= 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.wait_for_url("**/timeline/")
    assert page.locator(".tl-item").count() == 28

    page.get_by_label("Actor").fill("Joe Biden")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/timeline/?actor=Joe+Biden**")
    assert page.locator(".tl-item").count() == 2
    assert "Timeline: Joe Biden" in page.title()

    page.get_by_role("link", name="The three Central American leaders tell Vice President Biden").click()
    page.wait_for_url("**/meetings/biden-central-american-leaders-2014-07/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("The three Central American leaders")
    assert page.get_by_text("early July 2014").count() >= 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Figures").click()
    page.wait_for_url("**/figures/")
    page.locator(".chart-data").get_by_role("link", name="283/day").click()
    page.wait_for_url("**/claims/*/")
    assert "fell in mid-June from 283 to 120" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="Latin Post: Central American leaders to meet Obama Friday").click()
    page.wait_for_url("**/sources/latin-post-obama-central-american-leaders-2014-07/")
    chain = page.locator("ol.chain").inner_text()
    assert "Latin Post" in chain and "cites The New York Times" in chain


def test_the_timeline_fits_a_phone_screen_and_prints_without_navigation(loaded, phone_page):  # noqa: F811
    phone_page.goto(loaded + "/timeline/")
    assert phone_page.locator(".tl-item").count() == 28
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    phone_page.emulate_media(media="print")
    assert not phone_page.locator(".site-header nav").is_visible()
    assert not phone_page.locator("form.filters").is_visible()


def test_the_figures_chart_is_drawn_without_javascript(loaded, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        reader = context.new_page()
        reader.goto(loaded + "/figures/")
        chart = reader.get_by_role("img", name="Unaccompanied children crossing per day (average)")
        assert chart.is_visible()
        assert chart.locator("rect.bar").count() == 2
        assert reader.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        ) == 0
    finally:
        context.close()
