"""Getting around a long timeline: the month index, one line per item, and the embeddable list."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summer():
    """Two claims in June, three in July, one in September 2014, and a draft in August."""
    speaker = ActorFactory(slug="spokesperson", name="A spokesperson")
    days = [(6, 3), (6, 20), (7, 1), (7, 8), (7, 25), (9, 30)]
    claims = [ClaimFactory(speaker=speaker, occurred_on=datetime.date(2014, m, d), text=f"Said {m}-{d}")
              for m, d in days]
    ClaimFactory(occurred_on=datetime.date(2014, 8, 12), status="draft", text="A draft in August")
    return claims


def _days(response):
    return [(item.date.month, item.date.day) for _, items in response.context["groups"] for item in items]


def test_reader_sees_every_month_with_items_and_how_many_each_holds(client, summer):
    months = client.get(reverse("crisis:timeline")).context["months"]
    # August holds only a draft, so a reader is never offered it.
    assert [(m["label"], m["count"]) for m in months] == [("Jun 2014", 2), ("Jul 2014", 3), ("Sep 2014", 1)]


def test_a_month_link_starts_the_page_at_that_months_first_item(client, summer, monkeypatch):
    from crisis.views import pages_timeline

    monkeypatch.setattr(pages_timeline, "PAGE_SIZE", 2)
    response = client.get(reverse("crisis:timeline"), {"actor": "spokesperson", "from": "2014-07"})
    assert _days(response) == [(7, 1), (7, 8)]
    assert response.context["previous_url"] and response.context["next_url"]
    (july,) = [m for m in response.context["months"] if m["label"] == "Jul 2014"]
    assert july["current"] and july["url"] == "?actor=spokesperson&from=2014-07"
    assert 'href="?actor=spokesperson&amp;from=2014-07#timeline-items" aria-current="true"' in \
        response.content.decode()


def test_newest_first_a_month_link_starts_at_that_months_last_item(client, summer, monkeypatch):
    from crisis.views import pages_timeline

    monkeypatch.setattr(pages_timeline, "PAGE_SIZE", 2)
    response = client.get(reverse("crisis:timeline"), {"order": "newest", "from": "2014-07"})
    assert _days(response) == [(7, 25), (7, 8)]


@pytest.mark.parametrize("value", ["2014-13", "july", "2014-7", "0000-01"])
def test_a_month_that_is_not_one_shows_the_first_page(client, summer, value):
    response = client.get(reverse("crisis:timeline"), {"from": value})
    assert response.status_code == 200
    assert _days(response)[0] == (6, 3)


def test_reader_switches_to_one_line_per_item_and_back(client, summer):
    response = client.get(reverse("crisis:timeline"), {"compact": "1"})
    html = response.content.decode()
    assert html.count('<li class="tl-line tl-claim"') == 6
    assert '<li class="tl-item' not in html
    assert response.context["compact_url"] == "?"
    # Paging keeps the layout; the feed does not need it.
    assert "compact" not in response.context["feed_url"]


def test_the_embed_is_framable_by_any_site_and_no_other_page_is(client, summer):
    embed = client.get(reverse("crisis:timeline-embed"), {"actor": "spokesperson"})
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    page = client.get(reverse("crisis:timeline"))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_a_cached_embed_stays_framable(client, summer, settings):
    settings.READER_CACHE_SECONDS = 60
    first = client.get(reverse("crisis:timeline-embed"))
    again = client.get(reverse("crisis:timeline-embed"))
    assert first.content == again.content
    assert "X-Frame-Options" not in again and "frame-ancestors *" in again["Content-Security-Policy"]


def test_the_embed_shows_what_any_reader_sees_even_to_a_signed_in_reviewer(reviewer_client, summer):
    html = reviewer_client.get(reverse("crisis:timeline-embed")).content.decode()
    assert "Said 7-8" in html and "A draft in August" not in html
    assert 'target="_blank"' in html


def test_the_timeline_offers_the_embed_of_this_view_beside_its_feeds(client, summer):
    response = client.get(reverse("crisis:timeline"), {"actor": "spokesperson", "compact": "1",
                                                        "from": "2014-07"})
    assert response.context["embed_url"] == reverse("crisis:timeline-embed") + "?actor=spokesperson"
    html = response.content.decode()
    assert "a TimelineJS document</a>" in html and 'an embeddable list</a>' in html
    assert '&lt;iframe src="http://testserver/timeline/embed/?actor=spokesperson" title=' in html
