"""Before publishing, Rita sees everything publishing makes public, as readers will see it, and
ticks that she checked it; Eddie's new source, speaker, figure and meeting come with his claim."""

import pytest
from django.urls import reverse

from crisis import services
from crisis.models import EventAction, RecordStatus
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    MeetingFactory,
    SourceFactory,
    events_of,
    submitted,
)

TEXT = "Border Patrol apprehended 283 unaccompanied children a day in the Rio Grande Valley."


@pytest.fixture
def claim_with_parts(editor):
    """Eddie's claim in review, bringing a new source, speaker, figure and meeting."""
    mine = {"draft": True, "created_by": editor}
    source = SourceFactory(**mine, title="Children keep crossing", publisher="Example Daily")
    speaker = ActorFactory(**mine, name="Ramona Ortega")
    figure = CrossingStatisticFactory(**mine, source=source, value=283, area="Rio Grande Valley")
    meeting = MeetingFactory(**mine, title="Border governors meet in McAllen")
    claim = ClaimFactory(draft=True, source=source, speaker=speaker, text=TEXT, created_by=editor)
    claim.statistics.add(figure)
    claim.meetings.add(meeting)
    submitted(claim)
    claim.refresh_from_db()
    return claim


def preview(client, claim):
    return client.get(reverse("crisis:claim-review", args=[claim.pk]))


def publish(client, claim, data):
    return client.post(reverse("crisis:claim-publish", args=[claim.pk]), data)


def test_rita_previews_the_claim_and_every_record_it_brings_as_readers_will_see_them(
    reviewer_client, claim_with_parts
):
    response = preview(reviewer_client, claim_with_parts)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for shown in [TEXT, "Children keep crossing", "Example Daily", "Ramona Ortega",
                  "Border governors meet in McAllen", "283", "Rio Grande Valley"]:
        assert shown in html
    assert 'id="id_publish-checked"' in html and 'name="from" value="review"' in html


def test_the_preview_shows_exactly_the_records_on_the_frozen_review_list(reviewer_client, claim_with_parts):
    items, _, _ = services.review_of(claim_with_parts)
    response = preview(reviewer_client, claim_with_parts)
    records = response.context["records"]
    shown = {(kind, record.pk) for kind, listed in records.items() for record in listed}
    assert shown == {(item.record_type, item.record_id) for item in items}
    assert set(records) == {"claim", "source", "actor", "figure", "meeting"}


def test_publishing_without_the_tick_is_refused_and_nothing_becomes_public(
    reviewer_client, claim_with_parts
):
    response = publish(reviewer_client, claim_with_parts, {"from": "review"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick “I have checked what becomes public”" in html
    assert "What publishing makes public" in html  # the preview again, where the tick was missed
    claim_with_parts.refresh_from_db()
    assert claim_with_parts.status == RecordStatus.IN_REVIEW
    assert claim_with_parts.source.status == RecordStatus.DRAFT
    assert not events_of(claim_with_parts).filter(action=EventAction.PUBLISHED).exists()


def test_a_refusal_from_the_claims_desk_page_shows_that_page_again(reviewer_client, claim_with_parts):
    response = publish(reviewer_client, claim_with_parts, {"from": "desk"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not published: read what becomes public" in html
    assert "Preview what becomes public" in html


def test_rita_ticks_the_box_and_publishing_brings_everything_the_preview_showed(
    reviewer_client, claim_with_parts
):
    records = preview(reviewer_client, claim_with_parts).context["records"]
    response = publish(reviewer_client, claim_with_parts, {"from": "review", "publish-checked": "on"})
    assert response.status_code == 302
    for listed in records.values():
        for record in listed:
            record.refresh_from_db()
            assert record.status == RecordStatus.PUBLISHED


def test_a_draft_can_be_previewed_but_not_published_from_the_preview(reviewer_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor, text=TEXT)
    html = preview(reviewer_client, claim).content.decode()
    assert "What submitting the claim would list for review" in html and TEXT in html
    assert 'id="publish-form"' not in html


def test_eddie_cannot_open_the_preview(editor_client, claim_with_parts):
    assert preview(editor_client, claim_with_parts).status_code == 403


def test_the_preview_reads_one_query_per_kind_of_record(
    reviewer_client, claim_with_parts, django_assert_num_queries
):
    # 1 session  2 user  3 user permissions  4 group permissions  5 the claim JOIN speaker, source
    # 6 the frozen review list  7 pending changes to public records  then one per kind of record:
    # 8 claims JOIN speaker, source  9 sources  10 actors  11 figures JOIN source  12 meetings
    # 13 the funding request lines the claim reports JOIN request, agency (no records of their own)
    with django_assert_num_queries(13):
        assert preview(reviewer_client, claim_with_parts).status_code == 200
