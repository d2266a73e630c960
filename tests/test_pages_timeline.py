import datetime
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from crisis.views.feeds import FEED_LENGTH
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    FundingRequestFactory,
    FundingStageChangeFactory,
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
    assert response.context["count"] == 28  # 3 meetings, 1 funding step, 5 figures, 19 claims


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
    assert 'value="joe-biden"' in html


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
    assert "No actor is called “nobody”." in html
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
        claim = ClaimFactory(occurred_on=day)
        FundingStageChangeFactory(date=day, claim=claim)
        claim.actors.add(ActorFactory())
        claim.statistics.add(CrossingStatisticFactory(as_of=day))


@pytest.mark.parametrize("rows", [5, 50])
def test_timeline_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    # 1: countries for the filter  2: the page's keys (one UNION ALL)  3: how many items, up
    # to a cap  4: the page's claims JOIN speaker, source  5: the actors they are about
    # 6: their co-speakers  7: the claims they conflict with  8: meetings JOIN country  9: their
    # participants JOIN actor  10: their claims  11: funding steps JOIN request, requester,
    # addressee, claim, speaker, source  12: figures JOIN source, country, origin  13: the
    # figures' claims  14: the months with items, for the month index
    with django_assert_num_queries(14):
        response = client.get(reverse("crisis:timeline"))
    assert response.context["count"] == 4 * rows


@pytest.mark.parametrize("rows", [5, 50])
def test_filtered_timeline_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    actor = ActorFactory()
    for claim in ClaimFactory.create_batch(rows, occurred_on=datetime.date(2014, 3, 1)):
        claim.actors.add(actor)
    # 1: the actor named  2: countries for the filter  3: the page's keys  4: the count
    # 5: claims by the actor or about them, the only kind on the page  6: their actors
    # 7: their co-speakers  8: the claims they conflict with  9: the months with items
    with django_assert_num_queries(9):
        response = client.get(reverse("crisis:timeline"), {"actor": actor.slug})
    assert response.context["count"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_feed_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    _timeline_rows(rows)
    # 1: the newest items' keys  2: claims  3: their actors  4: meetings  5: participants
    # 6: their claims  7: funding steps JOIN request, actors, claim  8: figures  9: their claims
    with django_assert_num_queries(9):
        response = client.get(reverse("crisis:timeline-feed"))
    assert response.status_code == 200
    assert len(ElementTree.fromstring(response.content).findall(f"{ATOM}entry")) == min(4 * rows, FEED_LENGTH)


def test_reader_sees_a_funding_request_once_per_dated_step_backed_by_a_public_claim(client, db):
    request = FundingRequestFactory(title="Emergency request", requested_on=datetime.date(2014, 7, 8))
    FundingStageChangeFactory(request=request, stage="requested", date=datetime.date(2014, 7, 8))
    passed = FundingStageChangeFactory(
        request=request, stage="passed_one_chamber", date=datetime.date(2014, 8, 1)
    )
    FundingStageChangeFactory(request=request, stage="enacted", date=datetime.date(2014, 9, 1),
                              claim=ClaimFactory(draft=True))  # not yet public: not on the timeline
    FundingRequestFactory(title="Request with no recorded step")  # its requested_on alone dates nothing
    response = client.get(reverse("crisis:timeline"), {"kind": "funding"})
    titles = [item.title for _, items in response.context["groups"] for item in items]
    assert titles == ["Emergency request: requested", "Emergency request: passed one chamber"]
    html = response.content.decode()
    assert "Emergency request: requested</a>" in html and request.get_absolute_url() in html
    feed = ElementTree.fromstring(client.get(reverse("crisis:timeline-feed"), {"kind": "funding"}).content)
    assert [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")][0] == f"funding_stage-{passed.pk}"


def test_a_draft_claim_never_pulls_a_public_figure_into_a_readers_actor_view(reviewer_client, db):
    actor = ActorFactory(slug="someone")
    figure = CrossingStatisticFactory(as_of=datetime.date(2014, 7, 1))
    ClaimFactory(draft=True, speaker=actor).statistics.add(figure)
    client = Client()  # reviewer_client is pytest-django's client, logged in
    reader = client.get(reverse("crisis:timeline"), {"actor": "someone", "kind": "figure"})
    assert reader.context["count"] == 0
    assert client.get("/api/v1/timeline/", {"actor": "someone", "kind": "figure"}).json()["count"] == 0
    reviewer = reviewer_client.get(reverse("crisis:timeline"), {"actor": "someone", "kind": "figure"})
    assert [item.record for _, items in reviewer.context["groups"] for item in items] == [figure]


SAME_FILTERS = [
    ({}, {}),
    ({"actor": "joe-biden"}, {"actor": "joe-biden"}),
    ({"country": "honduras"}, {"country": "honduras"}),
    ({"kind": "funding"}, {"kind": "funding_stage"}),
    ({"kind": "claim", "start": "2014-07-01", "end": "2014-07-25"},
     {"kind": "claim", "date_after": "2014-07-01", "date_before": "2014-07-25"}),
]


@pytest.mark.parametrize(("page", "api"), SAME_FILTERS, ids=[str(p) for p, _ in SAME_FILTERS])
def test_reader_finds_the_same_records_in_the_same_order_on_the_page_and_in_the_api(
    client, article, page, api
):
    groups = client.get(reverse("crisis:timeline"), page).context["groups"]
    on_page = [(item.uid, item.date_display) for _, items in groups for item in items]
    response = client.get("/api/v1/timeline/", {**api, "page_size": 200})
    assert response.status_code == 200 and response.json()["next"] is None
    in_api = [(row["id"], row["date_display"]) for row in response.json()["results"]]
    assert on_page and on_page == in_api


def test_reader_reads_a_long_timeline_a_page_at_a_time_with_filters_kept(client, db):
    from crisis.views import pages_timeline

    speaker = ActorFactory(slug="spokesperson")
    for day in range(7):
        ClaimFactory(speaker=speaker, occurred_on=datetime.date(2014, 7, 1) + datetime.timedelta(days=day))
    original, pages_timeline.PAGE_SIZE = pages_timeline.PAGE_SIZE, 3
    try:
        pages, url = [], reverse("crisis:timeline") + "?actor=spokesperson"
        while url:
            response = client.get(url if url.startswith("/") else reverse("crisis:timeline") + url)
            pages.append(response)
            url = response.context["next_url"]
        back = client.get(reverse("crisis:timeline") + pages[-1].context["previous_url"])
    finally:
        pages_timeline.PAGE_SIZE = original
    days = [[item.date.day for _, items in page.context["groups"] for item in items] for page in pages]
    assert days == [[1, 2, 3], [4, 5, 6], [7]]
    assert all(page.context["count"] == 7 for page in pages)
    html = pages[0].content.decode()
    assert "actor=spokesperson&amp;after=" in html and "#timeline-items" in html
    assert [item.date.day for _, items in back.context["groups"] for item in items] == [4, 5, 6]


def test_reader_reads_the_timeline_newest_first(client, db):
    for day in range(3):
        ClaimFactory(occurred_on=datetime.date(2014, 7, 1) + datetime.timedelta(days=day))
    response = client.get(reverse("crisis:timeline"), {"order": "newest"})
    assert [item.date.day for _, items in response.context["groups"] for item in items] == [3, 2, 1]


def test_a_cursor_that_is_not_ours_shows_the_first_page(client, db):
    ClaimFactory(occurred_on=datetime.date(2014, 7, 1))
    response = client.get(reverse("crisis:timeline"), {"after": "not-a-cursor"})
    assert response.status_code == 200 and response.context["count"] == 1


@pytest.mark.django_db
def test_reader_sees_a_fiscal_year_figure_under_its_own_heading_with_its_origin(client):
    honduras = ActorFactory(name="Honduras", kind="country", country_code="HN")
    CrossingStatisticFactory(
        metric="apprehensions", unit="people", value=18244, origin=honduras,
        period_start=datetime.date(2013, 10, 1), period_start_precision="day",
        period_end=datetime.date(2014, 9, 30), period_end_precision="day",
        as_of=datetime.date(2014, 9, 30), as_of_precision="fiscal_year",
    )
    response = client.get(reverse("crisis:timeline"))
    html = response.content.decode()
    labels = [label for label, _ in response.context["groups"]]
    # FY2014 is a year of its own, not "September 2014".
    assert labels == ["FY2014"]
    assert "from Honduras" in html
    assert f'href="?actor={honduras.slug}"' in html
