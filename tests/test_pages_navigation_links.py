"""Finding one's way: the main navigation, the home page, phone-width tables, and each page's
links to the same view as data (JSON, CSV, TimelineJS, Atom), newest first and item by item."""

import datetime
import html as htmllib
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from crisis.models import Meeting, MeetingStatus
from tests import factories as f

SITE_CSS = Path(settings.BASE_DIR) / "static" / "crisis" / "site.css"


def _href(html, text):
    match = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert match, text
    return htmllib.unescape(match.group(1))


def test_a_reader_finds_meetings_in_the_main_navigation_on_every_page(client, db):
    for name in ("crisis:home", "crisis:figure-list", "crisis:source-list"):
        nav = client.get(reverse(name)).content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
        assert f'href="{reverse("crisis:meeting-list")}"' in nav and ">Meetings</a>" in nav
    nav = client.get(reverse("crisis:meeting-list")).content.decode().split('aria-label="Main"')[1]
    assert f'href="{reverse("crisis:meeting-list")}" aria-current="page">Meetings' in nav


def test_a_reader_sees_no_empty_scheduled_next_section_when_nothing_is_scheduled(client, article):
    Meeting.objects.filter(meeting_status=MeetingStatus.SCHEDULED).update(meeting_status=MeetingStatus.HELD)
    html = client.get(reverse("crisis:home")).content.decode()
    assert "Scheduled next" not in html and "Nothing is scheduled" not in html
    assert 'id="recent-heading"' in html
    assert 'class="two-col"' not in html


def test_a_reader_sees_scheduled_next_beside_most_recent_when_a_meeting_is_scheduled(client, article):
    html = client.get(reverse("crisis:home")).content.decode()
    assert 'class="two-col"' in html and 'id="next-heading"' in html


def test_a_phone_reader_gets_proposal_rows_as_stacked_cards_not_a_sideways_scroll(client, article):
    html = client.get(reverse("crisis:proposal-list")).content.decode()
    table = html.split('id="proposals-heading"')[1].split("</table>")[0]
    assert 'class="stack-table proposals-table"' in table
    assert "table-scroll" not in table
    for label in ("Stage", "Put forward by", "Supporters", "Opponents"):
        assert f'data-label="{label}"' in table
    css = SITE_CSS.read_text()
    phone = css.split("@media (max-width: 40rem) {\n  .stack-table thead")[1].split("\n}")[0]
    assert ".stack-table td[data-label]::before { content: attr(data-label)" in phone
    assert ".stack-table th, .stack-table td { display: block;" in phone


def test_a_data_desk_gets_the_figures_in_view_as_json_and_csv_with_the_same_filters(client, article):
    query = {"metric": "uac_daily_average", "as_of_from": "2014-06-01", "as_of_to": "2014-07-31"}
    response = client.get(reverse("crisis:figure-list"), query)
    html = response.content.decode()
    page_ids = sorted(s.pk for s in response.context["statistics"])
    assert page_ids

    api = _href(html, "JSON from the API")
    assert api.startswith("/api/v1/figures/?")
    assert "as_of_after=2014-06-01" in api and "as_of_before=2014-07-31" in api
    assert sorted(row["id"] for row in client.get(api).json()["results"]) == page_ids

    csv_link = _href(html, "CSV")
    assert csv_link == reverse("crisis:figure-csv") + "?" + response.wsgi_request.GET.urlencode()


def test_a_data_desk_following_the_figures_json_link_for_a_country_gets_that_country(client, article):
    response = client.get(reverse("crisis:figure-list"), {"country": "honduras"})
    api = _href(response.content.decode(), "JSON from the API")
    assert "country=honduras" in api
    page_ids = sorted(s.pk for s in response.context["statistics"])
    assert sorted(row["id"] for row in client.get(api).json()["results"]) == page_ids


def test_an_unfiltered_figures_page_links_the_whole_api_list(client, article):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    assert _href(html, "JSON from the API") == "/api/v1/figures/"


def test_a_journalist_gets_the_timeline_in_view_as_timelinejs_and_atom(client, article):
    response = client.get(reverse("crisis:timeline"), {"actor": "joe-biden", "kind": "claim"})
    html = response.content.decode()
    timelinejs = _href(html, "a TimelineJS document")
    for part in ("format=timelinejs", "actor=joe-biden", "kind=claim"):
        assert part in timelinejs
    document = client.get(timelinejs)
    assert document.status_code == 200
    shown = [item.uid for _, items in response.context["groups"] for item in items]
    assert [event["unique_id"] for event in document.json()["events"]] == shown
    atom = _href(html, "an Atom feed")
    assert atom.startswith(reverse("crisis:timeline-feed") + "?") and "actor=joe-biden" in atom
    assert client.get(atom).status_code == 200


def test_funding_items_keep_their_kind_in_the_timelinejs_link(client, article):
    html = client.get(reverse("crisis:timeline"), {"kind": "funding"}).content.decode()
    timelinejs = _href(html, "a TimelineJS document")
    assert "kind=funding_stage" in timelinejs
    assert client.get(timelinejs).json()["events"]


def test_a_reader_switches_the_timeline_to_newest_first_and_back(client, article):
    html = client.get(reverse("crisis:timeline"), {"kind": "meeting"}).content.decode()
    newest = _href(html, "newest first")
    assert "order=newest" in newest and "kind=meeting" in newest
    response = client.get(reverse("crisis:timeline") + newest)
    dates = [item.date for _, items in response.context["groups"] for item in items]
    assert dates == sorted(dates, reverse=True) and len(dates) > 1
    oldest = _href(response.content.decode(), "oldest first")
    assert "order" not in oldest and "kind=meeting" in oldest


def test_every_timeline_item_carries_an_anchor_that_links_to_itself(client, article):
    response = client.get(reverse("crisis:timeline"))
    html = response.content.decode()
    items = [item for _, group in response.context["groups"] for item in group]
    for item in items:
        assert f'id="{item.uid}"' in html
        assert f'href="#{item.uid}"' in html
    assert len(set(re.findall(r'<li class="tl-item[^"]*" id="([^"]+)"', html))) == len(items)


def test_a_draft_meeting_never_reaches_the_timeline_links_or_anchors(client, db):
    f.MeetingFactory(title="Secret summit", slug="secret-summit", date=datetime.date(2014, 7, 1), draft=True)
    html = client.get(reverse("crisis:timeline"), {"order": "newest"}).content.decode()
    assert "Secret summit" not in html and "secret-summit" not in html
