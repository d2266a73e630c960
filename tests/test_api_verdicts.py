"""Verdicts through the API: Rita gives one when publishing or correcting; Eddie cannot; readers
see it on published claims only."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crisis.models import EventAction, RecordStatus
from tests import factories as f
from tests.factories import events_of

RATIONALE = "CBP's own monthly release gives the same total for the same period."


def act(client, claim, action, payload=None, **headers):
    return client.post(
        reverse(f"v1:claim-{action}", kwargs={"pk": claim.pk}), payload or {},
        content_type="application/json", **headers,
    )


def detail(claim):
    return reverse("v1:claim-detail", kwargs={"pk": claim.pk})


def in_review(editor):
    return f.ClaimFactory(in_review=True, created_by=editor, source=f.SourceFactory())


def test_a_reviewer_publishes_with_a_verdict_and_readers_see_it_with_its_rationale(
    reviewer_client, reviewer, editor
):
    claim = in_review(editor)
    response = act(reviewer_client, claim, "publish",
                   {"verdict": "accurate", "verdict_rationale": RATIONALE})
    assert response.status_code == 200, response.content
    assert (response.json()["verdict"], response.json()["verdict_rationale"]) == ("accurate", RATIONALE)
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.verdict_by, claim.verdict_rationale) == (
        RecordStatus.PUBLISHED, "accurate", reviewer, RATIONALE,
    )
    assert claim.verdict_at == claim.published_at
    event = events_of(claim).get(action=EventAction.PUBLISHED)
    assert event.note == f"Verdict: Accurate. {RATIONALE}"
    public = Client().get(detail(claim)).json()
    assert (public["verdict"], public["verdict_rationale"]) == ("accurate", RATIONALE)
    assert public["verdict_at"] is not None
    assert "verdict_by" not in public


def test_a_reviewer_publishes_without_a_verdict_and_readers_see_none(reviewer_client, editor):
    claim = in_review(editor)
    response = act(reviewer_client, claim, "publish")
    assert response.status_code == 200, response.content
    public = Client().get(detail(claim)).json()
    assert (public["status"], public["verdict"], public["verdict_rationale"], public["verdict_at"]) == (
        "published", "", "", None,
    )


@pytest.mark.parametrize(("body", "field"), [
    ({"verdict": "accurate"}, "verdict_rationale"),
    ({"verdict": "accurate", "verdict_rationale": "   "}, "verdict_rationale"),
    ({"verdict_rationale": RATIONALE}, "verdict"),
    ({"verdict": "pants_on_fire", "verdict_rationale": RATIONALE}, "verdict"),
    ({"verdict": "misleading", "verdict_rationale": "x" * 281}, "verdict_rationale"),
    ({"verdict": "misleading", "verdict_rationale": "First line.\nSecond line."}, "verdict_rationale"),
])
def test_a_bad_verdict_at_publication_is_a_400_for_its_field_and_nothing_is_published(
    reviewer_client, editor, body, field
):
    claim = in_review(editor)
    response = act(reviewer_client, claim, "publish", body)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.source.status) == (RecordStatus.IN_REVIEW, "", "published")
    assert not events_of(claim).filter(action=EventAction.PUBLISHED).exists()


def test_an_editor_cannot_publish_with_a_verdict(editor_client, editor):
    claim = in_review(editor)
    response = act(editor_client, claim, "publish", {"verdict": "accurate", "verdict_rationale": RATIONALE})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == (RecordStatus.IN_REVIEW, "")


def test_an_editor_cannot_give_a_verdict_when_creating_a_claim(editor_client):
    source = f.SourceFactory()
    response = editor_client.post(reverse("v1:claim-list"), {
        "text": "57,000 children crossed since October.", "kind": "fact", "source": source.slug,
        "verdict": "accurate", "verdict_rationale": RATIONALE,
    }, content_type="application/json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"verdict", "verdict_rationale"}
    assert not source.claims.exists()


def test_an_editor_cannot_give_a_verdict_by_editing_their_draft(editor_client, editor):
    claim = f.ClaimFactory(draft=True, created_by=editor, source=f.SourceFactory())
    response = editor_client.patch(
        detail(claim), {"verdict": "inaccurate"}, content_type="application/json",
        HTTP_IF_MATCH=editor_client.get(detail(claim))["ETag"],
    )
    assert response.status_code == 400
    assert list(response.json()) == ["verdict"]
    claim.refresh_from_db()
    assert (claim.verdict, claim.version) == ("", 1)


def test_a_reviewer_changes_the_verdict_by_a_correction_and_history_keeps_the_old_one(
    reviewer_client, reviewer
):
    claim = f.ClaimFactory(verdict="accurate", verdict_rationale="First check.",
                           verdict_at=timezone.now())
    response = act(reviewer_client, claim, "correct", {
        "note": "A later release revised the total down.", "verdict": "inaccurate",
        "verdict_rationale": "The revised release gives 52,000, not 57,000.",
    }, HTTP_IF_MATCH=reviewer_client.get(detail(claim))["ETag"])
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_by, claim.version) == ("inaccurate", reviewer, 2)
    assert claim.verdict_rationale == "The revised release gives 52,000, not 57,000."
    assert [h.verdict for h in claim.history.order_by("history_id")] == ["accurate", "inaccurate"]
    event = events_of(claim).get()
    assert event.action == EventAction.CORRECTED
    assert "Verdict: Inaccurate." in event.note
    public = Client().get(detail(claim)).json()
    assert (public["verdict"], public["correction_note"]) == (
        "inaccurate", "A later release revised the total down.",
    )


def test_a_correction_can_take_a_verdict_away(reviewer_client):
    claim = f.ClaimFactory(verdict="accurate", verdict_rationale="First check.",
                           verdict_at=timezone.now())
    response = act(reviewer_client, claim, "correct", {
        "note": "The check relied on a source we could not confirm.", "verdict": "",
        "verdict_rationale": "",
    }, HTTP_IF_MATCH=reviewer_client.get(detail(claim))["ETag"])
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_rationale) == ("", "")
    assert (claim.verdict_by, claim.verdict_at) == (None, None)


def test_a_correction_with_a_verdict_but_no_rationale_is_a_400_and_nothing_changes(reviewer_client):
    claim = f.ClaimFactory()
    response = act(reviewer_client, claim, "correct", {"note": "Checked.", "verdict": "accurate"},
                   HTTP_IF_MATCH=reviewer_client.get(detail(claim))["ETag"])
    assert response.status_code == 400
    assert list(response.json()) == ["verdict_rationale"]
    claim.refresh_from_db()
    assert (claim.verdict, claim.version, claim.correction_note) == ("", 1, "")
    assert not events_of(claim).exists()


def test_readers_filter_claims_by_verdict(client, db):
    checked = f.ClaimFactory(verdict="misleading", verdict_rationale="Omits the seasonal rise.",
                             verdict_at=timezone.now())
    unchecked = f.ClaimFactory()
    url = reverse("v1:claim-list")
    assert [c["id"] for c in client.get(url, {"verdict": "misleading"}).json()["results"]] == [checked.pk]
    assert [c["id"] for c in client.get(url, {"verdict": "none"}).json()["results"]] == [unchecked.pk]
    assert client.get(url, {"verdict": "maybe"}).status_code == 400
