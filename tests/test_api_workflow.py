"""Claims move through the workflow over the API as on the desk; public records are edited as on the desk."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crisis.api import permissions as api_permissions
from crisis.models import Claim, ClaimEvent, EventAction, Meeting, RecordStatus, Source
from tests import factories as f
from tests.factories import events_of

DRAFT, IN_REVIEW = RecordStatus.DRAFT, RecordStatus.IN_REVIEW
PUBLISHED, RETRACTED = RecordStatus.PUBLISHED, RecordStatus.RETRACTED


def act(client, claim, action, payload=None):
    return client.post(
        reverse(f"v1:claim-{action}", kwargs={"pk": claim.pk}), payload or {}, content_type="application/json"
    )


def claim_in(status):
    """A claim in `status`; one not yet public comes with a draft source, as a new one would."""
    hidden = status in (DRAFT, IN_REVIEW)
    return f.ClaimFactory(
        status=status,
        published_at=None if hidden else timezone.now(),
        source=f.SourceFactory(draft=True) if hidden else f.SourceFactory(),
        correction_note="Withdrawn by the source." if status == RETRACTED else "",
    )


def unchanged(claim, status):
    """The claim kept its status and gained no event."""
    claim.refresh_from_db()
    return claim.status == status and not ClaimEvent.objects.filter(claim=claim).exists()


# Each action: the status it applies to, what it needs, the status and event it leaves.
ACTIONS = {
    "submit": (DRAFT, {}, IN_REVIEW, EventAction.SUBMITTED),
    "publish": (IN_REVIEW, {}, PUBLISHED, EventAction.PUBLISHED),
    "send-back": (IN_REVIEW, {"note": "Add the date it was said."}, DRAFT, EventAction.SENT_BACK),
    "retract": (PUBLISHED, {"note": "The figure was misread."}, RETRACTED, EventAction.RETRACTED),
    "correct": (
        PUBLISHED,
        {"note": "The quote was cut.", "text": "Fixed."},
        PUBLISHED,
        EventAction.CORRECTED,
    ),
}
REVIEWER_ONLY = ["publish", "send-back", "retract", "correct"]


@pytest.fixture
def account_client(client, db):
    client.force_login(User.objects.create_user("rhea", password="reader-pass-9"))
    return client


# -- who may act ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reader_cannot_run_any_workflow_action(client, db, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start)
    response = act(client, claim, action, payload)
    assert response.status_code == 401
    assert unchanged(claim, start)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reader_with_an_account_but_no_role_gets_a_403(account_client, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start)
    response = act(account_client, claim, action, payload)
    assert response.status_code == 403
    assert unchanged(claim, start)


@pytest.mark.parametrize("action", REVIEWER_ONLY)
def test_an_editor_cannot_publish_send_back_retract_or_correct(editor_client, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start)
    response = act(editor_client, claim, action, payload)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only reviewers can do this."
    assert unchanged(claim, start)


def test_an_editor_submits_a_draft_and_gets_the_claim_back(editor_client, editor):
    claim = claim_in(DRAFT)
    response = act(editor_client, claim, "submit")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"]) == (claim.pk, IN_REVIEW)
    claim.refresh_from_db()
    assert claim.status == IN_REVIEW
    event = events_of(claim).get()
    assert (event.action, event.user, event.old_status, event.new_status) == (
        EventAction.SUBMITTED,
        editor,
        DRAFT,
        IN_REVIEW,
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reviewer_runs_each_action_and_it_leaves_the_same_event_as_the_desk(
    reviewer_client, reviewer, action
):
    start, payload, end, event_action = ACTIONS[action]
    claim = claim_in(start)
    response = act(reviewer_client, claim, action, payload)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == end
    claim.refresh_from_db()
    assert claim.status == end
    event = events_of(claim).get()
    assert (event.action, event.user, event.old_status, event.new_status) == (
        event_action,
        reviewer,
        start,
        end,
    )
    assert event.note == payload.get("note", "")


def test_an_action_answers_with_the_claim_as_the_detail_endpoint_gives_it(reviewer_client):
    claim = claim_in(IN_REVIEW)
    body = act(reviewer_client, claim, "publish").json()
    detail = reviewer_client.get(reverse("v1:claim-detail", kwargs={"pk": claim.pk})).json()
    assert body == detail


def test_a_reviewer_acting_on_an_unknown_claim_gets_a_404(reviewer_client):
    response = reviewer_client.post(reverse("v1:claim-publish", kwargs={"pk": 999999}))
    assert response.status_code == 404


# -- illegal transitions ----------------------------------------------------------------------------

ILLEGAL = [
    ("submit", IN_REVIEW, "only draft claims can be submitted for review"),
    ("submit", PUBLISHED, "only draft claims can be submitted for review"),
    ("publish", DRAFT, "only in review claims can be published"),
    ("publish", PUBLISHED, "only in review claims can be published"),
    ("publish", RETRACTED, "only in review claims can be published"),
    ("send-back", DRAFT, "only in review claims can be sent back"),
    ("send-back", PUBLISHED, "only in review claims can be sent back"),
    ("retract", IN_REVIEW, "only published claims can be retracted"),
    ("retract", RETRACTED, "only published claims can be retracted"),
    ("correct", DRAFT, "only published claims can be corrected"),
    ("correct", RETRACTED, "only published claims can be corrected"),
]


@pytest.mark.parametrize(("action", "status", "message"), ILLEGAL)
def test_a_reviewer_is_refused_an_illegal_transition_and_nothing_changes(
    reviewer_client, action, status, message
):
    claim = claim_in(status)
    text = claim.text
    response = act(reviewer_client, claim, action, ACTIONS[action][1])
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert unchanged(claim, status)
    assert claim.text == text


def test_publishing_a_draft_leaves_its_draft_source_unpublished(reviewer_client):
    claim = claim_in(DRAFT)
    assert act(reviewer_client, claim, "publish").status_code == 400
    claim.source.refresh_from_db()
    assert claim.source.status == DRAFT


# -- notes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("send-back", "Say what needs fixing"),
        ("retract", "Give the reason for the retraction"),
        ("correct", "Write the correction note"),
    ],
)
@pytest.mark.parametrize("payload", [{}, {"note": ""}, {"note": "   "}, {"note": None}])
def test_a_reviewer_must_give_a_note_where_the_action_needs_one(reviewer_client, action, message, payload):
    start = ACTIONS[action][0]
    claim = claim_in(start)
    response = act(reviewer_client, claim, action, payload)
    assert response.status_code == 400
    assert message in response.json()["note"][0]
    assert unchanged(claim, start)


def test_a_reviewer_corrects_the_wording_and_readers_see_the_dated_note(reviewer_client):
    claim = f.ClaimFactory(quote="Kept as it was.")
    response = act(
        reviewer_client,
        claim,
        "correct",
        {
            "note": "The figure was 57,000, not 75,000.",
            "text": "57,000 children crossed.",
            "verification": "verified",
        },
    )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.text, claim.quote, claim.verification) == (
        "57,000 children crossed.",
        "Kept as it was.",
        "verified",
    )
    assert claim.corrected_at is not None
    public = Client().get(reverse("v1:claim-detail", kwargs={"pk": claim.pk})).json()
    assert public["correction_note"] == "The figure was 57,000, not 75,000."
    assert public["text"] == "57,000 children crossed."


def test_a_correction_with_a_bad_field_is_refused_per_field_and_nothing_changes(reviewer_client):
    claim = f.ClaimFactory()
    text = claim.text
    response = act(
        reviewer_client, claim, "correct", {"note": "Fixing.", "text": "", "verification": "maybe"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"text", "verification"}
    claim.refresh_from_db()
    assert (claim.text, claim.correction_note) == (text, "")
    assert not events_of(claim).exists()


def test_a_correction_that_breaks_the_claims_own_rules_is_refused_per_field(reviewer_client):
    claim = f.ClaimFactory(kind="quote", quote="We will send them home.")
    response = act(reviewer_client, claim, "correct", {"note": "Quote removed.", "quote": ""})
    assert response.status_code == 400, response.content
    assert response.json() and "detail" not in response.json()
    claim.refresh_from_db()
    assert claim.quote == "We will send them home."
    assert not events_of(claim).exists()


# -- what readers see -------------------------------------------------------------------------------


def test_a_reader_sees_a_claim_once_a_reviewer_publishes_it_through_the_api(editor_client, reviewer):
    client = Client()  # the reader: editor_client is pytest-django's `client`, signed in
    claim = claim_in(DRAFT)
    listed = reverse("v1:claim-list")
    assert client.get(listed).json()["results"] == []
    assert act(editor_client, claim, "submit").status_code == 200
    assert client.get(listed).json()["results"] == []
    editor_client.force_login(reviewer)
    assert act(editor_client, claim, "publish").status_code == 200
    rows = client.get(listed).json()["results"]
    assert [row["id"] for row in rows] == [claim.pk]
    # The claim's draft source was published with it, so the reader sees where it came from.
    assert rows[0]["source"]["slug"] == claim.source.slug
    assert client.get(reverse("v1:source-detail", kwargs={"slug": claim.source.slug})).status_code == 200


def test_a_reader_sees_a_retracted_claim_marked_with_the_reason(reviewer_client):
    claim = f.ClaimFactory()
    act(reviewer_client, claim, "retract", {"note": "The source withdrew the story."})
    body = Client().get(reverse("v1:claim-detail", kwargs={"pk": claim.pk})).json()
    assert (body["status"], body["correction_note"]) == (RETRACTED, "The source withdrew the story.")


# -- edits in place: claims -------------------------------------------------------------------------


def patch(client, name, lookup, payload):
    return client.patch(reverse(f"v1:{name}-detail", kwargs=lookup), payload, content_type="application/json")


@pytest.mark.parametrize("status", [PUBLISHED, RETRACTED])
@pytest.mark.parametrize("persona", ["editor_client", "reviewer_client"])
def test_nobody_edits_a_public_claim_in_place(db, request, persona, status):
    api = request.getfixturevalue(persona)  # `db` above keeps it among the database tests
    claim = claim_in(status)
    text = claim.text
    response = patch(api, "claim", {"pk": claim.pk}, {"text": "Quietly changed."})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "/correct/" in detail and "/retract/" in detail
    claim.refresh_from_db()
    assert (claim.text, claim.status) == (text, status)
    assert claim.history.count() == 1


def test_an_editor_putting_a_whole_published_claim_is_refused_the_same_way(editor_client):
    claim = f.ClaimFactory()
    body = {"text": "Replaced.", "source": claim.source.slug}
    response = editor_client.put(
        reverse("v1:claim-detail", kwargs={"pk": claim.pk}), body, content_type="application/json"
    )
    assert response.status_code == 400 and "/correct/" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text != "Replaced."


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor_client", DRAFT), ("reviewer_client", DRAFT), ("reviewer_client", IN_REVIEW)],
)
def test_editors_and_reviewers_edit_a_claim_that_is_not_public_yet(db, request, persona, status):
    api = request.getfixturevalue(persona)  # `db` above keeps it among the database tests
    claim = claim_in(status)
    response = patch(api, "claim", {"pk": claim.pk}, {"text": "Reworded before review."})
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("Reworded before review.", status)


def test_an_editor_cannot_edit_a_claim_once_it_is_in_review_as_on_the_desk(editor_client):
    claim = claim_in(IN_REVIEW)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Sneaked in during review."})
    assert response.status_code == 403
    assert "only a reviewer" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text != "Sneaked in during review."


# -- edits in place: other records ------------------------------------------------------------------

RECORDS = [
    ("meeting", Meeting, f.MeetingFactory, "place", "Washington"),
    ("source", Source, f.SourceFactory, "notes", "Checked against the print edition."),
]


@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_an_editor_cannot_edit_a_public_record(editor_client, name, model, factory, field, value):
    record = factory()
    before = getattr(record, field)
    response = patch(editor_client, name, {"slug": record.slug}, {field: value})
    assert response.status_code == 403
    assert "only a reviewer can change it" in response.json()["detail"]
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (before, PUBLISHED)
    assert record.history.count() == 1


@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_a_reviewer_edits_a_public_record_and_the_old_version_is_kept(
    reviewer_client, name, model, factory, field, value
):
    record = factory()
    before = getattr(record, field)
    response = patch(reviewer_client, name, {"slug": record.slug}, {field: value})
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (value, PUBLISHED)
    assert [getattr(version, field) for version in record.history.order_by("history_id")] == [before, value]


@pytest.mark.parametrize("status", ["draft", "in_review"])
@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_an_editor_edits_a_record_that_is_not_public_yet(
    editor_client, name, model, factory, field, value, status
):
    record = factory(**{status: True})
    response = patch(editor_client, name, {"slug": record.slug}, {field: value})
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (value, status)


def test_an_editor_cannot_put_a_whole_public_source(editor_client):
    source = f.SourceFactory()
    body = {"title": "Renamed", "publisher": source.publisher, "kind": source.kind}
    response = editor_client.put(
        reverse("v1:source-detail", kwargs={"slug": source.slug}), body, content_type="application/json"
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title != "Renamed"


def test_a_stance_is_public_with_its_claim_so_only_a_reviewer_edits_it_then(editor_client, reviewer):
    public, hidden = f.StanceFactory(), f.StanceFactory(claim__status=DRAFT, claim__published_at=None)
    assert patch(editor_client, "stance", {"pk": public.pk}, {"position": "opposes"}).status_code == 403
    assert patch(editor_client, "stance", {"pk": hidden.pk}, {"position": "opposes"}).status_code == 200
    editor_client.force_login(reviewer)
    assert patch(editor_client, "stance", {"pk": public.pk}, {"position": "opposes"}).status_code == 200
    public.refresh_from_db(), hidden.refresh_from_db()
    assert (public.position, hidden.position) == ("opposes", "opposes")


def test_nobody_deletes_a_record_through_the_api(reviewer_client):
    claim, meeting = f.ClaimFactory(), f.MeetingFactory()
    # 403 from the model permissions (no role has delete) before the missing DELETE route's 405.
    for url in (
        reverse("v1:claim-detail", kwargs={"pk": claim.pk}),
        reverse("v1:meeting-detail", kwargs={"slug": meeting.slug}),
    ):
        assert reviewer_client.delete(url).status_code in (403, 405)
    assert Claim.objects.filter(pk=claim.pk).exists() and Meeting.objects.filter(pk=meeting.pk).exists()


# -- a publish landing between the read and the save ------------------------------------------------


@pytest.fixture
def published_meanwhile(monkeypatch):
    """Publishes the record right after the first check passes, as a reviewer on the desk might."""
    check = api_permissions.PublicRecordEdits.has_object_permission

    def check_then_publish(self, request, view, obj):
        allowed = check(self, request, view, obj)
        type(obj).objects.filter(pk=obj.pk).update(status=PUBLISHED, published_at=timezone.now())
        return allowed

    monkeypatch.setattr(api_permissions.PublicRecordEdits, "has_object_permission", check_then_publish)


def test_an_editors_edit_is_refused_when_the_record_was_published_meanwhile(
    editor_client, published_meanwhile
):
    meeting = f.MeetingFactory(draft=True)
    response = patch(editor_client, "meeting", {"slug": meeting.slug}, {"place": "Washington"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.place, meeting.status) == ("", PUBLISHED)


def test_a_claim_published_meanwhile_is_not_edited_in_place(editor_client, published_meanwhile):
    claim = claim_in(DRAFT)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Late edit."})
    assert response.status_code == 400 and "/correct/" in response.json()["detail"]
    claim.refresh_from_db()
    assert (claim.status, claim.text == "Late edit.") == (PUBLISHED, False)


def test_a_reviewers_edit_does_not_undo_a_publish_that_landed_meanwhile(reviewer_client, published_meanwhile):
    meeting = f.MeetingFactory(draft=True)
    response = patch(reviewer_client, "meeting", {"slug": meeting.slug}, {"place": "Washington"})
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.place, meeting.status) == ("Washington", PUBLISHED)
    assert meeting.published_at is not None
