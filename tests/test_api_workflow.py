"""Claims move through the workflow over the API as on the desk; records change as on the desk."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crisis.models import Claim, Event, EventAction, Meeting, RecordStatus, Source
from crisis.services import records as record_services
from tests import factories as f
from tests.factories import events_of

DRAFT, IN_REVIEW = RecordStatus.DRAFT, RecordStatus.IN_REVIEW
PUBLISHED, RETRACTED = RecordStatus.PUBLISHED, RecordStatus.RETRACTED


def act(client, claim, action, payload=None, **headers):
    return client.post(
        reverse(f"v1:claim-{action}", kwargs={"pk": claim.pk}), payload or {},
        content_type="application/json", **headers,
    )


def etag(client, url):
    return client.get(url)["ETag"]


def claim_in(status, created_by=None):
    """A claim in `status`; one not yet public comes with a draft source, as a new one would."""
    hidden = status in (DRAFT, IN_REVIEW)
    return f.ClaimFactory(
        status=status,
        published_at=None if hidden else timezone.now(),
        source=f.SourceFactory(draft=True, created_by=created_by) if hidden else f.SourceFactory(),
        correction_note="Withdrawn by the source." if status == RETRACTED else "",
        created_by=created_by,
    )


def unchanged(claim, status):
    """The claim kept its status and gained no event."""
    claim.refresh_from_db()
    events = Event.objects.filter(record_type="claim", record_id=claim.pk)
    return claim.status == status and not events.exists()


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


def run(client, claim, action, payload):
    """An action as a client sends it: a correction names the version it corrects."""
    headers = {}
    if action == "correct":
        headers["HTTP_IF_MATCH"] = f'"v{claim.version}-any"'
    return act(client, claim, action, payload, **headers)


@pytest.fixture
def account_client(client, db):
    client.force_login(User.objects.create_user("rhea", password="reader-pass-9"))
    return client


# -- who may act ------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reader_cannot_run_any_workflow_action(client, db, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start)
    response = run(client, claim, action, payload)
    assert response.status_code == 401
    assert unchanged(claim, start)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reader_with_an_account_but_no_role_gets_a_403(account_client, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start)
    response = run(account_client, claim, action, payload)
    assert response.status_code == 403
    assert unchanged(claim, start)


@pytest.mark.parametrize("action", REVIEWER_ONLY)
def test_an_editor_cannot_publish_send_back_retract_or_correct(editor_client, editor, action):
    start, payload, _, _ = ACTIONS[action]
    claim = claim_in(start, created_by=editor)
    response = run(editor_client, claim, action, payload)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only reviewers can do this."
    assert unchanged(claim, start)


def test_an_editor_submits_their_draft_and_gets_the_claim_back(editor_client, editor):
    claim = claim_in(DRAFT, created_by=editor)
    response = act(editor_client, claim, "submit")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["status"]) == (claim.pk, IN_REVIEW)
    claim.refresh_from_db()
    assert claim.status == IN_REVIEW
    event = events_of(claim).get()
    assert (event.action, event.user, event.old_status, event.new_status) == (
        EventAction.SUBMITTED, editor, DRAFT, IN_REVIEW,
    )


def test_an_editor_cannot_submit_another_editors_draft(editor_client):
    claim = claim_in(DRAFT, created_by=User.objects.create_user("bob", password="bob-pass-9876"))
    response = act(editor_client, claim, "submit")
    assert response.status_code == 403
    assert "their own claims" in response.json()["detail"]
    assert unchanged(claim, DRAFT)


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reviewer_runs_each_action_and_it_leaves_the_same_event_as_the_desk(
    reviewer_client, reviewer, action
):
    start, payload, end, event_action = ACTIONS[action]
    claim = claim_in(start)
    response = run(reviewer_client, claim, action, payload)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == end
    claim.refresh_from_db()
    assert claim.status == end
    event = events_of(claim).get()
    assert (event.action, event.user, event.old_status, event.new_status) == (
        event_action, reviewer, start, end,
    )
    assert event.note == payload.get("note", "")


def test_publishing_answers_with_the_claim_and_everything_it_made_public(reviewer_client):
    claim = claim_in(IN_REVIEW)
    body = act(reviewer_client, claim, "publish").json()
    detail = reviewer_client.get(reverse("v1:claim-detail", kwargs={"pk": claim.pk})).json()
    extra = ("made_public", "changes_applied")
    assert {key: value for key, value in body.items() if key not in extra} == detail
    assert [(row["type"], row["id"]) for row in body["made_public"]] == [
        ("claim", claim.pk), ("source", claim.source_id)
    ]
    assert body["changes_applied"] == []


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
def test_a_reviewer_is_refused_an_illegal_transition_with_a_409_and_nothing_changes(
    reviewer_client, action, status, message
):
    claim = claim_in(status)
    text = claim.text
    response = run(reviewer_client, claim, action, ACTIONS[action][1])
    assert response.status_code == 409
    assert message in response.json()["detail"]
    assert response.json()["code"] == "illegal_transition"
    assert unchanged(claim, status)
    assert claim.text == text


def test_publishing_a_draft_leaves_its_draft_source_unpublished(reviewer_client):
    claim = claim_in(DRAFT)
    assert act(reviewer_client, claim, "publish").status_code == 409
    claim.source.refresh_from_db()
    assert claim.source.status == DRAFT


# -- notes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["send-back", "retract", "correct"])
@pytest.mark.parametrize("payload", [{}, {"note": ""}, {"note": "   "}, {"note": None}])
def test_a_reviewer_must_give_a_note_where_the_action_needs_one(reviewer_client, action, payload):
    start = ACTIONS[action][0]
    claim = claim_in(start)
    response = run(reviewer_client, claim, action, payload)
    assert response.status_code == 400
    assert response.json()["note"]
    assert unchanged(claim, start)


def test_a_reviewer_corrects_the_wording_and_readers_see_the_dated_note(reviewer_client):
    claim = f.ClaimFactory(quote="Kept as it was.")
    url = reverse("v1:claim-detail", kwargs={"pk": claim.pk})
    response = act(
        reviewer_client, claim, "correct",
        {"note": "The figure was 57,000, not 75,000.", "text": "57,000 children crossed.",
         "verdict": "accurate", "verdict_rationale": "CBP's monthly release gives 57,000."},
        HTTP_IF_MATCH=etag(reviewer_client, url),
    )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.text, claim.quote, claim.verdict) == (
        "57,000 children crossed.", "Kept as it was.", "accurate",
    )
    assert claim.corrected_at is not None and claim.version == 2
    public = Client().get(url).json()
    assert public["correction_note"] == "The figure was 57,000, not 75,000."
    assert public["text"] == "57,000 children crossed."


def test_a_correction_based_on_an_old_version_gets_a_412(reviewer_client):
    claim = f.ClaimFactory()
    stale = '"v0-old"'
    response = act(reviewer_client, claim, "correct", {"note": "Fix.", "text": "New."}, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert unchanged(claim, PUBLISHED)


def test_a_correction_with_a_bad_field_is_refused_per_field_and_nothing_changes(reviewer_client):
    claim = f.ClaimFactory()
    text = claim.text
    body = {"note": "Fixing.", "text": "", "verdict": "maybe"}
    response = run(reviewer_client, claim, "correct", body)
    assert response.status_code == 400
    assert set(response.json()) == {"text", "verdict"}
    claim.refresh_from_db()
    assert (claim.text, claim.correction_note) == (text, "")
    assert not events_of(claim).exists()


def test_a_correction_that_breaks_the_claims_own_rules_is_refused_per_field(reviewer_client):
    claim = f.ClaimFactory(kind="quote", quote="We will send them home.")
    response = run(reviewer_client, claim, "correct", {"note": "Quote removed.", "quote": ""})
    assert response.status_code == 400, response.content
    assert response.json() == {"quote": ["A claim of kind “Quote” needs the exact words."]}
    claim.refresh_from_db()
    assert claim.quote == "We will send them home."
    assert not events_of(claim).exists()


# -- what readers see -------------------------------------------------------------------------------


def test_a_reader_sees_a_claim_once_a_reviewer_publishes_it_through_the_api(editor_client, editor, reviewer):
    client = Client()  # the reader: editor_client is pytest-django's `client`, signed in
    claim = claim_in(DRAFT, created_by=editor)
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


# -- edits in place -------------------------------------------------------------------------------------


def patch(client, name, lookup, payload, if_match="read"):
    url = reverse(f"v1:{name}-detail", kwargs=lookup)
    headers = {}
    if if_match == "read":
        headers["HTTP_IF_MATCH"] = etag(client, url)
    elif if_match:
        headers["HTTP_IF_MATCH"] = if_match
    return client.patch(url, payload, content_type="application/json", **headers)


@pytest.mark.parametrize("status", [PUBLISHED, RETRACTED])
@pytest.mark.parametrize("persona", ["editor_client", "reviewer_client"])
def test_nobody_edits_a_public_claim_in_place(db, request, persona, status):
    api = request.getfixturevalue(persona)  # `db` above keeps it among the database tests
    claim = claim_in(status)
    text = claim.text
    response = patch(api, "claim", {"pk": claim.pk}, {"text": "Quietly changed."})
    assert response.status_code == 409
    assert "corrects or retracts" in response.json()["detail"]
    claim.refresh_from_db()
    assert (claim.text, claim.status) == (text, status)
    assert claim.history.count() == 1


def test_an_editor_putting_a_whole_published_claim_is_refused_the_same_way(editor_client):
    claim = f.ClaimFactory()
    body = {"text": "Replaced.", "source": claim.source.slug}
    url = reverse("v1:claim-detail", kwargs={"pk": claim.pk})
    response = editor_client.put(url, body, content_type="application/json",
                                 HTTP_IF_MATCH=etag(editor_client, url))
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.text != "Replaced."


def test_an_editor_edits_their_draft_and_a_reviewer_any_record_not_yet_public(
    editor_client, editor, reviewer
):
    mine = claim_in(DRAFT, created_by=editor)
    response = patch(editor_client, "claim", {"pk": mine.pk}, {"text": "Reworded before review."})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    editor_client.force_login(reviewer)
    response = patch(editor_client, "claim", {"pk": mine.pk}, {"text": "Reworded by the reviewer."})
    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert (mine.text, mine.status, mine.version) == ("Reworded by the reviewer.", DRAFT, 3)


def test_an_editor_cannot_edit_another_editors_draft(editor_client):
    other = claim_in(DRAFT, created_by=User.objects.create_user("bob", password="bob-pass-9876"))
    response = patch(editor_client, "claim", {"pk": other.pk}, {"text": "Not mine to change."})
    assert response.status_code == 403
    assert "entered by bob" in response.json()["detail"]


def test_an_edit_of_a_claim_in_review_returns_it_to_draft(editor_client, editor):
    claim = claim_in(IN_REVIEW, created_by=editor)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Changed during review."})
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("Changed during review.", DRAFT)
    assert events_of(claim).last().action == EventAction.RETURNED


# -- versions ----------------------------------------------------------------------------------------


def test_an_update_without_if_match_gets_a_428_and_changes_nothing(editor_client, editor):
    claim = claim_in(DRAFT, created_by=editor)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Blind write."}, if_match=None)
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text != "Blind write." and claim.version == 1


@pytest.mark.parametrize("header", ['"v7-stale"', "*", "garbage"])
def test_an_update_with_a_stale_or_unusable_if_match_is_refused(editor_client, editor, header):
    claim = claim_in(DRAFT, created_by=editor)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Blind write."}, if_match=header)
    assert response.status_code == (412 if header.startswith('"v') else 428)
    claim.refresh_from_db()
    assert claim.text != "Blind write."


def test_every_detail_carries_an_etag_naming_its_version(client, db):
    claim = f.ClaimFactory()
    response = client.get(reverse("v1:claim-detail", kwargs={"pk": claim.pk}))
    assert response["ETag"].startswith(f'"v{claim.version}-')
    url = reverse("v1:claim-detail", kwargs={"pk": claim.pk})
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_api_put_of_an_old_copy_does_not_overwrite_a_newer_desk_save(editor_client, editor):
    claim = claim_in(DRAFT, created_by=editor)
    url = reverse("v1:claim-detail", kwargs={"pk": claim.pk})
    old = editor_client.get(url)
    copy, old_etag = old.json(), old["ETag"]
    desk = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        "claim-source": claim.source_id, "claim-text": "Saved on the desk.", "claim-kind": "fact",
        "claim-said_on_precision": "day",
        "claim-occurred_on_precision": "day", "version": claim.version,
    })
    assert desk.status_code == 302
    body = {"text": copy["text"], "source": copy["source"]["slug"], "kind": copy["kind"]}
    response = editor_client.put(url, body, content_type="application/json", HTTP_IF_MATCH=old_etag)
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.text == "Saved on the desk."


# -- other records ------------------------------------------------------------------------------------

RECORDS = [
    ("meeting", Meeting, f.MeetingFactory, "place", "Washington"),
    ("source", Source, f.SourceFactory, "notes", "Checked against the print edition."),
]


@pytest.mark.parametrize("persona", ["editor_client", "reviewer_client"])
@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_nobody_edits_a_public_record_in_place(db, request, persona, name, model, factory, field, value):
    api = request.getfixturevalue(persona)
    record = factory()
    before = getattr(record, field)
    response = patch(api, name, {"slug": record.slug}, {field: value})
    assert response.status_code == 409
    assert "not changed in place" in response.json()["detail"]
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (before, PUBLISHED)
    assert record.history.count() == 1


@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_a_reviewer_corrects_a_public_record_with_a_note_and_the_old_version_is_kept(
    reviewer_client, name, model, factory, field, value
):
    record = factory()
    before = getattr(record, field)
    url = reverse(f"v1:{name}-detail", kwargs={"slug": record.slug})
    response = reviewer_client.post(url + "correct/", {field: value, "note": "Checked again."},
                                    content_type="application/json", HTTP_IF_MATCH=etag(reviewer_client, url))
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (value, PUBLISHED)
    assert record.correction_note == "Checked again."
    assert [getattr(version, field) for version in record.history.order_by("history_id")] == [before, value]
    assert Client().get(url).json()["correction_note"] == "Checked again."


@pytest.mark.parametrize("status", ["draft", "in_review"])
@pytest.mark.parametrize(("name", "model", "factory", "field", "value"), RECORDS)
def test_an_editor_edits_a_record_of_theirs_that_is_not_public_yet(
    editor_client, editor, name, model, factory, field, value, status
):
    record = factory(**{status: True}, created_by=editor)
    response = patch(editor_client, name, {"slug": record.slug}, {field: value})
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (getattr(record, field), record.status) == (value, status)


def test_a_stance_is_published_with_its_claim_and_never_edited_in_place_after(
    editor_client, editor, reviewer
):
    public = f.StanceFactory()
    hidden = f.StanceFactory(draft=True, created_by=editor, claim=claim_in(DRAFT, created_by=editor))
    assert patch(editor_client, "stance", {"pk": public.pk}, {"position": "opposes"}).status_code == 409
    assert patch(editor_client, "stance", {"pk": hidden.pk}, {"position": "opposes"}).status_code == 200
    editor_client.force_login(reviewer)
    assert patch(editor_client, "stance", {"pk": public.pk}, {"position": "opposes"}).status_code == 409
    public.refresh_from_db(), hidden.refresh_from_db()
    assert (public.position, hidden.position) == ("supports", "opposes")


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
    """Publishes the record just before the service locks it, as a reviewer on the desk might."""
    lock = record_services.lock

    def publish_then_lock(record):
        type(record).objects.filter(pk=record.pk).update(status=PUBLISHED, published_at=timezone.now())
        return lock(record)

    monkeypatch.setattr(record_services, "lock", publish_then_lock)


def test_an_edit_is_refused_when_the_record_was_published_meanwhile(
    editor_client, editor, published_meanwhile
):
    meeting = f.MeetingFactory(draft=True, created_by=editor)
    response = patch(editor_client, "meeting", {"slug": meeting.slug}, {"place": "Washington"})
    assert response.status_code == 409 and response.json()["code"] == "public"
    meeting.refresh_from_db()
    assert meeting.place == ""


def test_a_claim_published_meanwhile_is_not_edited_in_place(editor_client, editor, published_meanwhile):
    claim = claim_in(DRAFT, created_by=editor)
    response = patch(editor_client, "claim", {"pk": claim.pk}, {"text": "Late edit."})
    assert response.status_code == 409 and "corrects or retracts" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.text != "Late edit."
