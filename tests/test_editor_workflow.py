"""Draft → in review → published, sent back with a comment, corrected or retracted; nothing else."""

import datetime

import pytest
from django.urls import reverse

from crisis.models import EventAction, FundingStage, RecordStatus
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    FundingRequestFactory,
    FundingStageChangeFactory,
    MeetingFactory,
    SourceFactory,
    events_of,
    submitted,
)


def post(client, name, claim, data=None):
    if name == "claim-publish":
        # Every publish carries the reviewer's tick that they checked what becomes public.
        data = {"publish-checked": "on", **(data or {})}
    return client.post(reverse(f"crisis:{name}", args=[claim.pk]), data or {})


def test_editor_submits_a_draft_for_review(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor)
    response = post(editor_client, "claim-submit", claim)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RecordStatus.IN_REVIEW
    event = events_of(claim).get()
    assert (event.action, event.old_status, event.new_status, event.user) == (
        EventAction.SUBMITTED, RecordStatus.DRAFT, RecordStatus.IN_REVIEW, editor
    )


def test_reviewer_publishes_a_claim_in_review(reviewer_client, reviewer):
    claim = ClaimFactory(in_review=True)
    assert post(reviewer_client, "claim-publish", claim).status_code == 302
    claim.refresh_from_db()
    assert claim.status == RecordStatus.PUBLISHED
    assert claim.published_at is not None
    assert events_of(claim).get().action == EventAction.PUBLISHED


def test_publishing_brings_the_draft_source_speaker_figure_and_meeting_with_it(reviewer_client):
    source, speaker = SourceFactory(draft=True), ActorFactory(draft=True)
    figure, meeting = CrossingStatisticFactory(draft=True, source=source), MeetingFactory(draft=True)
    claim = ClaimFactory(draft=True, source=source, speaker=speaker)
    claim.statistics.add(figure)
    claim.meetings.add(meeting)
    submitted(claim)
    assert post(reviewer_client, "claim-publish", claim).status_code == 302
    for record in (source, speaker, figure, meeting):
        record.refresh_from_db()
        assert record.status == RecordStatus.PUBLISHED
        assert record.published_at is not None


def test_publishing_leaves_a_retracted_source_retracted(reviewer_client):
    source = SourceFactory(status=RecordStatus.RETRACTED, correction_note="The outlet withdrew it.")
    claim = ClaimFactory(in_review=True, source=source)
    post(reviewer_client, "claim-publish", claim)
    source.refresh_from_db()
    assert source.status == RecordStatus.RETRACTED


def test_publishing_moves_the_funding_request_to_the_stage_the_claim_reports(reviewer_client):
    request = FundingRequestFactory(stage=FundingStage.REQUESTED)
    claim = ClaimFactory(draft=True)
    FundingStageChangeFactory(request=request, claim=claim, stage=FundingStage.PASSED_ONE_CHAMBER)
    submitted(claim)
    assert post(reviewer_client, "claim-publish", claim).status_code == 302
    request.refresh_from_db()
    assert request.stage == FundingStage.PASSED_ONE_CHAMBER


def test_reviewer_sends_a_claim_back_with_a_comment_the_editor_sees(reviewer_client, editor, client):
    claim = ClaimFactory(in_review=True, created_by=editor)
    response = post(reviewer_client, "claim-send-back", claim, {"send_back-note": "Which sector?"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RecordStatus.DRAFT
    assert events_of(claim).get().note == "Which sector?"
    client.force_login(editor)
    assert "Which sector?" in client.get(reverse("crisis:my-drafts")).content.decode()


def test_sending_back_without_a_comment_is_refused(reviewer_client):
    claim = ClaimFactory(in_review=True)
    response = post(reviewer_client, "claim-send-back", claim, {"send_back-note": "  "})
    assert response.status_code == 400
    assert "a reason is required" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == RecordStatus.IN_REVIEW
    assert not events_of(claim).exists()


def test_reviewer_retracts_a_published_claim_with_a_reason_shown_publicly(reviewer_client, client):
    claim = ClaimFactory()
    response = post(reviewer_client, "claim-retract", claim, {"retract-note": "The outlet withdrew it."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RecordStatus.RETRACTED
    assert claim.correction_note == "The outlet withdrew it."
    assert claim.corrected_at is not None
    assert events_of(claim).get().note == "The outlet withdrew it."


def test_reviewer_corrects_a_published_claim_which_stays_published_with_a_note(reviewer_client):
    claim = ClaimFactory(text="283 children a day.")
    response = post(reviewer_client, "claim-correct", claim, {
        "correct-text": "283 children a day in the Rio Grande Valley, in one week.",
        "correct-quote": "", "correct-verdict": "", "correct-verdict_rationale": "",
        "correct-note": "The figure covers one week in one sector.",
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RecordStatus.PUBLISHED
    assert claim.text.endswith("in one week.")
    assert claim.correction_note == "The figure covers one week in one sector."
    assert claim.corrected_at.date() == datetime.date.today()
    assert events_of(claim).get().action == EventAction.CORRECTED


def test_a_correction_without_a_note_is_refused_with_the_form_again(reviewer_client):
    claim = ClaimFactory(text="Unchanged.")
    response = post(reviewer_client, "claim-correct", claim, {
        "correct-text": "Changed.", "correct-verdict": "", "correct-note": "",
    })
    assert response.status_code == 400
    assert "Write the correction note" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Unchanged."


def test_the_public_claim_page_shows_the_correction_note(reviewer_client, client):
    claim = ClaimFactory()
    post(reviewer_client, "claim-correct", claim, {
        "correct-text": claim.text,
        "correct-note": "An earlier version named the wrong sector.",
    })
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert "An earlier version named the wrong sector." in response.content.decode()


# Illegal transitions: 400 with the reason, and the claim as it was.
ILLEGAL = [
    ("claim-submit", RecordStatus.IN_REVIEW, {}),
    ("claim-submit", RecordStatus.PUBLISHED, {}),
    ("claim-publish", RecordStatus.DRAFT, {}),
    ("claim-publish", RecordStatus.PUBLISHED, {}),
    ("claim-publish", RecordStatus.RETRACTED, {}),
    ("claim-send-back", RecordStatus.DRAFT, {"send_back-note": "Why?"}),
    ("claim-send-back", RecordStatus.PUBLISHED, {"send_back-note": "Why?"}),
    ("claim-retract", RecordStatus.DRAFT, {"retract-note": "Wrong."}),
    ("claim-retract", RecordStatus.IN_REVIEW, {"retract-note": "Wrong."}),
    ("claim-retract", RecordStatus.RETRACTED, {"retract-note": "Wrong."}),
    ("claim-correct", RecordStatus.DRAFT, {"correct-text": "x", "correct-note": "Fixed."}),
    ("claim-correct", RecordStatus.RETRACTED, {"correct-text": "x", "correct-note": "Fixed."}),
]


@pytest.mark.parametrize(("action", "status", "body"), ILLEGAL)
def test_reviewer_is_refused_an_illegal_transition_with_a_clear_message(
    reviewer_client, action, status, body
):
    extra = {"correction_note": "Withdrawn."} if status == RecordStatus.RETRACTED else {}
    published_at = None if status in (RecordStatus.DRAFT, RecordStatus.IN_REVIEW) else datetime.datetime(
        2014, 7, 20, tzinfo=datetime.UTC)
    claim = ClaimFactory(status=status, published_at=published_at, text="As it was.", **extra)
    response = post(reviewer_client, action, claim, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"This claim is {claim.get_status_display().lower()}; only" in html
    claim.refresh_from_db()
    assert (claim.status, claim.text) == (status, "As it was.")
    assert not events_of(claim).exists()


def test_editor_sees_why_a_second_submit_is_refused(editor_client, editor):
    claim = ClaimFactory(in_review=True, created_by=editor)
    response = post(editor_client, "claim-submit", claim)
    assert response.status_code == 400
    assert "only draft claims can be submitted for review" in response.content.decode()


def test_a_published_claim_has_no_delete_route_and_cannot_be_edited(reviewer_client):
    claim = ClaimFactory(text="Published words.")
    response = reviewer_client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        "claim-source": claim.source_id, "claim-text": "Silently changed.", "claim-kind": "fact",
    })
    assert response.status_code == 400
    assert "A reviewer can correct or retract it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Published words."


def test_review_queue_lists_claims_in_review_oldest_first(reviewer_client):
    first = ClaimFactory(in_review=True, text="Waiting longest.")
    second = ClaimFactory(in_review=True, text="Waiting since later.")
    ClaimFactory(draft=True, text="Still a draft.")
    html = reviewer_client.get(reverse("crisis:review-queue")).content.decode()
    assert html.index(first.text) < html.index(second.text)
    assert "Still a draft." not in html


def test_my_drafts_lists_only_the_editors_own_drafts(editor_client, editor, reviewer):
    ClaimFactory(draft=True, created_by=editor, text="Eddie's draft.")
    ClaimFactory(draft=True, created_by=reviewer, text="Rita's draft.")
    ClaimFactory(in_review=True, created_by=editor, text="Eddie's claim in review.")
    html = editor_client.get(reverse("crisis:my-drafts")).content.decode()
    assert "Eddie&#x27;s draft." in html
    assert "Rita" not in html
    assert "in review." not in html
