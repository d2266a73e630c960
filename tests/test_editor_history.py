"""History pages with readable diffs, restoring an earlier version, and two editors saving at once."""

import pytest
from django.urls import reverse

from crisis.models import EventAction, RecordStatus
from tests.editor_support import edit_claim_data
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    FundingRequestFactory,
    MeetingFactory,
    PolicyProposalFactory,
    SourceFactory,
    events_of,
)


def history_url(model, pk):
    return reverse("crisis:record-history", args=[model, pk])


@pytest.mark.parametrize(("slug", "factory"), [
    ("claim", ClaimFactory), ("source", SourceFactory), ("actor", ActorFactory),
    ("figure", CrossingStatisticFactory), ("meeting", MeetingFactory),
    ("funding-request", FundingRequestFactory), ("proposal", PolicyProposalFactory),
])
def test_every_main_record_has_a_history_page(editor_client, slug, factory):
    record = factory()
    response = editor_client.get(history_url(slug, record.pk))
    assert response.status_code == 200
    assert "Created" in response.content.decode()


def test_an_unknown_kind_of_record_has_no_history_page(editor_client):
    assert editor_client.get(history_url("widget", 1)).status_code == 404


def test_history_shows_who_changed_which_field_from_what_to_what(editor_client, editor):
    claim = ClaimFactory(draft=True, text="Around 52,000 children.", created_by=editor)
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]), edit_claim_data(
        claim, **{"claim-text": "More than 57,000 children.", "claim-kind": "figure"}))
    assert response.status_code == 302
    html = editor_client.get(history_url("claim", claim.pk)).content.decode()
    assert "Changed</strong> by eddie" in html
    assert "Around 52,000 children." in html
    assert "More than 57,000 children." in html
    # Choices read as their labels, not their stored values.
    assert "<td class=\"new\">Figure</td>" in html


def test_history_names_related_records_instead_of_ids(editor_client):
    old, new = SourceFactory(title="Old source"), SourceFactory(title="New source")
    claim = ClaimFactory(draft=True, source=old)
    claim.source = new
    claim.save()
    html = editor_client.get(history_url("claim", claim.pk)).content.decode()
    assert "Example Gazette: Old source" in html
    assert "Example Gazette: New source" in html


def test_reviewer_restores_an_earlier_version_of_a_draft_as_a_new_version(reviewer_client, reviewer):
    claim = ClaimFactory(draft=True, text="The first wording.")
    first = claim.history.latest().history_id
    claim.text = "A later, wrong wording."
    claim.save()
    response = reviewer_client.post(
        reverse("crisis:record-restore", args=["claim", claim.pk]), {"history_id": first})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "The first wording."
    assert claim.status == RecordStatus.DRAFT
    assert claim.history.count() == 3
    latest = claim.history.latest()
    assert latest.history_user == reviewer
    assert latest.history_change_reason.startswith("Restored the version saved")
    event = events_of(claim).get()
    assert (event.action, event.user) == (EventAction.UPDATED, reviewer)
    assert event.note.startswith("Restored the version saved")


def test_restoring_a_claim_in_review_returns_it_to_draft_like_any_edit(reviewer_client):
    claim = ClaimFactory(in_review=True, text="The first wording.")
    first = claim.history.latest().history_id
    claim.text = "A later wording."
    claim.save()
    reviewer_client.post(reverse("crisis:record-restore", args=["claim", claim.pk]), {"history_id": first})
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("The first wording.", RecordStatus.DRAFT)
    assert [e.action for e in events_of(claim)] == [EventAction.UPDATED, EventAction.RETURNED]


def test_restoring_a_corrected_published_claim_proposes_it_and_keeps_what_readers_were_told(
    reviewer_client, client
):
    from crisis import services
    from crisis.models import ProposedChange

    claim = ClaimFactory(text="Original public words.")
    first = claim.history.latest().history_id
    reviewer = claim_reviewer()
    services.claim_correct(claim=claim, user=reviewer, based_on=claim.version,
                           changes={"text": "Corrected public words."}, note="The first text misread it.")
    response = reviewer_client.post(
        reverse("crisis:record-restore", args=["claim", claim.pk]), {"history_id": first})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("Corrected public words.", RecordStatus.PUBLISHED)
    assert claim.correction_note == "The first text misread it."
    change = ProposedChange.objects.get()
    assert change.changes == {"text": "Original public words."} and change.claim is None
    queue = reviewer_client.get(reverse("crisis:review-queue")).content.decode()
    assert "Restores of public records" in queue and "Restore the version saved" in queue

    applied = reviewer_client.post(reverse("crisis:change-apply", args=[change.pk]),
                                   {"change-note": "The correction was itself wrong; restored."})
    assert applied.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Original public words."
    assert claim.correction_note == "The correction was itself wrong; restored."
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "The first text misread it." in page, "no correction note is ever erased"
    assert "The correction was itself wrong; restored." in page


def claim_reviewer():
    from tests.factories import reviewer_for_tests

    return reviewer_for_tests()


def test_reviewer_restores_a_draft_source(reviewer_client):
    source = SourceFactory(draft=True, title="Right title")
    first = source.history.latest().history_id
    source.title = "Wrong title"
    source.save()
    reviewer_client.post(reverse("crisis:record-restore", args=["source", source.pk]), {"history_id": first})
    source.refresh_from_db()
    assert source.title == "Right title"


def test_restoring_a_version_of_another_record_is_refused(reviewer_client):
    claim, other = ClaimFactory(text="Mine."), ClaimFactory(text="Other.")
    response = reviewer_client.post(reverse("crisis:record-restore", args=["claim", claim.pk]),
                                    {"history_id": other.history.latest().history_id})
    assert response.status_code == 400
    assert "That version does not exist for this record." in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Mine."


def test_restoring_without_a_version_is_refused(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(reverse("crisis:record-restore", args=["claim", claim.pk]), {})
    assert response.status_code == 400
    assert "Pick a version to restore." in response.content.decode()


def test_restoring_a_slug_another_record_took_since_is_refused(reviewer_client):
    source = SourceFactory(draft=True, slug="latin-post")
    first = source.history.latest().history_id
    source.slug = "latin-post-2014"
    source.save()
    SourceFactory(slug="latin-post")
    response = reviewer_client.post(
        reverse("crisis:record-restore", args=["source", source.pk]), {"history_id": first})
    assert response.status_code == 400
    assert "Not restored" in response.content.decode()
    source.refresh_from_db()
    assert source.slug == "latin-post-2014"


# Two editors, one claim -----------------------------------------------------------------------

def test_the_second_editor_to_save_gets_a_conflict_showing_what_changed(client, editor, reviewer,
                                                                        django_user_model):
    claim = ClaimFactory(draft=True, text="Original wording.", speaker_title="", created_by=editor)
    loaded = edit_claim_data(claim)  # both editors opened the page now
    other = django_user_model.objects.get(username="eddie")
    client.force_login(other)
    first = client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        **loaded, "claim-text": "Eddie's wording.", "claim-speaker_title": "press secretary"})
    assert first.status_code == 302

    client.force_login(reviewer)
    second = client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        **loaded, "claim-text": "Rita's wording."})
    assert second.status_code == 409
    html = second.content.decode()
    assert "someone else saved this claim after you opened it" in html
    assert "eddie" in html
    assert "Original wording." in html and "Eddie&#x27;s wording." in html
    assert "press secretary" in html
    assert "Rita&#x27;s wording." in html, "the second editor's text stays in the form"
    claim.refresh_from_db()
    assert claim.text == "Eddie's wording."


def test_after_seeing_the_conflict_the_second_editor_can_save_over_it(reviewer_client, editor):
    from crisis import services

    claim = ClaimFactory(draft=True, text="Original wording.", created_by=editor)
    loaded = edit_claim_data(claim)
    services.record_update(claim, user=editor, based_on=claim.version,
                           fields={"text": "Someone else's wording."})
    conflict = reviewer_client.post(reverse("crisis:claim-edit", args=[claim.pk]),
                                    {**loaded, "claim-text": "Mine."})
    assert conflict.status_code == 409
    resubmit = {**loaded, "claim-text": "Mine.", "version": conflict.context["version"]}
    assert reviewer_client.post(reverse("crisis:claim-edit", args=[claim.pk]), resubmit).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Mine."


def test_a_save_with_no_one_else_in_between_just_saves(editor_client, editor):
    claim = ClaimFactory(draft=True, text="Before.", created_by=editor)
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]),
                                  edit_claim_data(claim, **{"claim-text": "After."}))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "After."


def test_an_edit_of_a_claim_in_review_returns_it_to_draft_with_a_note(reviewer_client, reviewer):
    from crisis import services

    claim = ClaimFactory(draft=True, text="Before.", created_by=reviewer)
    loaded = edit_claim_data(claim)
    services.claim_submit(claim=claim, user=reviewer)
    response = reviewer_client.post(reverse("crisis:claim-edit", args=[claim.pk]),
                                    {**loaded, "claim-text": "After."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("After.", RecordStatus.DRAFT)
    assert events_of(claim).last().action == EventAction.RETURNED
    assert not claim.review_items.exists()


def test_a_save_that_names_no_version_is_refused_not_applied(editor_client, editor):
    claim = ClaimFactory(draft=True, text="Before.", created_by=editor)
    data = edit_claim_data(claim, **{"claim-text": "After."})
    del data["version"]
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]), data)
    assert response.status_code == 409
    assert "did not say which version" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Before."


def test_a_refused_edit_sums_up_its_problems_at_the_top_with_links_and_saves_nothing(editor_client, editor):
    claim = ClaimFactory(draft=True, text="Before.", created_by=editor)
    version = claim.version
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]),
                                  edit_claim_data(claim, **{"claim-text": "", "claim-source": ""}))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "2 problems to fix" in summary
    assert 'href="#id_claim-source"' in summary and 'href="#id_claim-text"' in summary
    # The summary comes before the review list and the form it points into.
    assert html.index('id="error-summary"') < html.index('id="edit-h"')
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Before.", version)
