import datetime
import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from crisis.models import ClaimKind
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    MeetingFactory,
    MeetingParticipantFactory,
    SourceFactory,
)

ROOT = Path(__file__).resolve().parent.parent
# Everything that answers a request: pages, desk, feeds, the API, JSON-LD, template tags.
READING_MODULES = sorted(
    str(path.relative_to(ROOT))
    for folder in ("crisis/views", "crisis/api", "crisis/templatetags")
    for path in (ROOT / folder).rglob("*.py")
) + ["crisis/timeline.py", "crisis/jsonld.py"]
# Who sees what is decided in one place; a module that answers requests never restates it.
INLINE_VISIBILITY = re.compile(
    r"status__in|PUBLIC_STATUSES|\.published\(\)|\.visible_to\(|(filter|exclude)\([^)]*\bstatus\s*="
)


def test_reader_gets_404_for_a_draft_claim(client, db):
    claim = ClaimFactory(draft=True)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_editor_previews_a_draft_with_a_banner_and_no_cache(editor_client, db):
    claim = ClaimFactory(draft=True)
    response = editor_client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_reviewer_sees_drafts_on_the_timeline_marked_as_drafts(reviewer_client, db):
    ClaimFactory(draft=True, text="A draft claim about a meeting.", occurred_on=datetime.date(2014, 7, 2))
    reader = Client()
    assert "A draft claim about a meeting." not in reader.get(reverse("crisis:timeline")).content.decode()
    html = reviewer_client.get(reverse("crisis:timeline")).content.decode()
    assert "A draft claim about a meeting." in html
    assert 'class="badge badge-draft">Draft — not public' in html


def test_reader_pages_are_publicly_cacheable(client, article):
    response = client.get(reverse("crisis:timeline"))
    assert "public" in response["Cache-Control"]
    assert "no-cache" not in response["Cache-Control"]


def test_retracted_claim_stays_public_with_its_note(client, db):
    claim = ClaimFactory(
        status="retracted", correction_note="Wrong date.", occurred_on=datetime.date(2014, 7, 2)
    )
    assert client.get(claim.get_absolute_url()).status_code == 200
    assert claim.text in client.get(reverse("crisis:timeline")).content.decode()


def test_drafts_stay_out_of_the_figures_csv_and_search_for_readers(client, db):
    hidden = CrossingStatisticFactory(draft=True)
    shown = CrossingStatisticFactory()
    ClaimFactory(draft=True, kind=ClaimKind.FIGURE, text="Secret figure claim").statistics.add(shown)
    csv = b"".join(client.get(reverse("crisis:figure-csv")).streaming_content).decode()
    assert f"/figures/{shown.pk}/" in csv and f"/figures/{hidden.pk}/" not in csv
    assert "Secret figure claim" not in csv
    assert client.get(reverse("crisis:search"), {"q": "Secret"}).context["total"] == 0
    SourceFactory(draft=True, title="Unpublished memo")
    assert client.get(reverse("crisis:search"), {"q": "memo"}).context["total"] == 0


def test_draft_actors_are_left_out_of_a_public_meeting(client, db):
    meeting = MeetingFactory()
    MeetingParticipantFactory(meeting=meeting, actor=ActorFactory(name="Known Person"))
    MeetingParticipantFactory(meeting=meeting, actor=ActorFactory(name="Unconfirmed Person", draft=True))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Known Person" in html and "Unconfirmed Person" not in html


def test_draft_source_in_a_citation_chain_is_not_shown_to_readers(client, db):
    source = SourceFactory(cites=SourceFactory(draft=True, publisher="Hidden Wire"))
    assert "Hidden Wire" not in client.get(source.get_absolute_url()).content.decode()
    claim = ClaimFactory(source=source, first_appeared_in=source.cites)
    assert "Hidden Wire" not in client.get(claim.get_absolute_url()).content.decode()


def test_no_page_endpoint_or_feed_repeats_the_visibility_rule_inline():
    assert "crisis/views/feeds.py" in READING_MODULES and "crisis/api/views.py" in READING_MODULES
    for module in READING_MODULES:
        code = (ROOT / module).read_text()
        assert not INLINE_VISIBILITY.search(code), module


def test_the_inline_rule_check_would_catch_a_status_filter():
    for snippet in ["Claim.objects.filter(status__in=x)", "qs.filter(kind=k, status='published')",
                    "Source.objects.published()", "Actor.objects.visible_to(user)"]:
        assert INLINE_VISIBILITY.search(snippet), snippet
