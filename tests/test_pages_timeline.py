import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    FundingRequestFactory,
    MeetingFactory,
    MeetingParticipantFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_reader_sees_items_grouped_by_month_oldest_first(client, article):
    response = client.get(reverse("crisis:timeline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">June 2014</h2>") < html.index(">July 2014</h2>")
    # Dates are as precise as the article gives them.
    for shown in ("mid-June 2014", "early July 2014", "Friday, July 25, 2014", "week of July 21, 2014"):
        assert shown in html
    assert response.context["count"] == 28  # 3 meetings, 1 funding request, 5 figures, 19 claims


def test_reader_filters_the_timeline_by_actor_through_the_url(client, article):
    response = client.get(reverse("crisis:timeline"), {"actor": "joe-biden"})
    html = response.content.decode()
    titles = [item.title for _, items in response.context["groups"] for item in items]
    assert titles == [
        "In early July the three leaders told Vice President Joe Biden that their countries would "
        "work in tandem with the US to secure their borders.",
        "The three Central American leaders tell Vice President Biden they will secure their borders",
    ]
    assert "Timeline: Joe Biden" in html
    assert '<option value="joe-biden" selected>' in html


def test_reader_filters_by_kind_country_and_date_range(client, article):
    meetings = client.get(reverse("crisis:timeline"), {"kind": "meeting"}).context["groups"]
    assert {item.kind for _, items in meetings for item in items} == {"meeting"}
    honduras = client.get(reverse("crisis:timeline"), {"country": "honduras"}).context
    # Two meetings a Honduran president attends; four dated claims by or about Honduras or
    # its president (two undated claims about it are not on the timeline).
    assert honduras["count"] == 6
    july_25 = client.get(reverse("crisis:timeline"), {"start": "2014-07-25", "end": "2014-07-25"})
    assert july_25.context["count"] == 3


def test_bad_filters_are_reported_and_the_rest_still_apply(client, article):
    response = client.get(reverse("crisis:timeline"), {
        "actor": "nobody", "start": "2014-07-30", "end": "2014-07-01", "kind": "meeting",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "The end date is before the start date." in html
    assert "Select a valid choice" in html
    assert response.context["count"] == 0  # start=July 30 still applies: no meeting after it


def test_feed_is_atom_with_the_same_filters(client, article):
    response = client.get(reverse("crisis:timeline-feed"), {"actor": "joe-biden"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://testserver/")


def test_the_page_links_to_the_feed_of_the_filtered_view(client, article):
    html = client.get(reverse("crisis:timeline"), {"actor": "joe-biden"}).content.decode()
    assert 'href="/timeline/feed/?actor=joe-biden"' in html


def _timeline_rows(n):
    for i in range(n):
        day = datetime.date(2014, 1, 1) + datetime.timedelta(days=7 * i)
        meeting = MeetingFactory(date=day)
        MeetingParticipantFactory(meeting=meeting)
        FundingRequestFactory(requested_on=day)
        claim = ClaimFactory(occurred_on=day)
        claim.actors.add(ActorFactory())
        claim.statistics.add(CrossingStatisticFactory(as_of=day))


@pytest.mark.parametrize("rows", [5, 50])
def test_timeline_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    # 1: actors for the filter  2: countries for the filter  3: meetings JOIN country
    # 4: their participants JOIN actor  5: funding requests JOIN requester, addressee
    # 6: figures JOIN source, country  7: the figures' claims JOIN source
    # 8: claims JOIN speaker, source  9: the actors they are about
    with django_assert_num_queries(9):
        response = client.get(reverse("crisis:timeline"))
    assert response.context["count"] == 4 * rows


@pytest.mark.parametrize("rows", [5, 50])
def test_filtered_timeline_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    actor = ActorFactory()
    for claim in ClaimFactory.create_batch(rows, occurred_on=datetime.date(2014, 3, 1)):
        claim.actors.add(actor)
    # 1: the chosen actor, to validate it  2: actors  3: countries for the filter  4: meetings
    # (none match, so no participants query)  5: funding requests  6: figures (none match, so
    # no claims query)  7: claims  8: their actors
    with django_assert_num_queries(8):
        response = client.get(reverse("crisis:timeline"), {"actor": actor.slug})
    assert response.context["count"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_feed_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    # 1: meetings  2: participants  3: funding requests  4: figures  5: their claims
    # 6: claims  7: their actors
    with django_assert_num_queries(7):
        response = client.get(reverse("crisis:timeline-feed"))
    assert response.status_code == 200
