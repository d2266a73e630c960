"""Who may open each desk page and take each action: reader, editor, reviewer (and a stranger)."""

import pytest
from django.urls import reverse

from crisis.models import RecordStatus
from tests.factories import ClaimFactory, events_of

PAGES = ["editor-home", "my-drafts", "review-queue", "claim-add", "claim-edit", "record-history"]
# page → (editor's status, reviewer's status)
PAGE_ACCESS = {
    "editor-home": (200, 200),
    "my-drafts": (200, 200),
    "review-queue": (403, 200),
    "claim-add": (200, 200),
    "claim-edit": (200, 200),
    "record-history": (200, 200),
    "claim-review": (403, 200),
}
# action → (status the claim must be in, POST body, editor's status, reviewer's status)
ACTIONS = {
    "claim-submit": (RecordStatus.DRAFT, {}, 302, 302),
    "claim-publish": (RecordStatus.IN_REVIEW, {"publish-checked": "on"}, 403, 302),
    "claim-send-back": (RecordStatus.IN_REVIEW, {"send_back-note": "Add the date."}, 403, 302),
    "claim-retract": (RecordStatus.PUBLISHED, {"retract-note": "The outlet withdrew it."}, 403, 302),
    "claim-correct": (
        RecordStatus.PUBLISHED,
        {"correct-text": "Corrected text.", "correct-verdict": "accurate",
         "correct-verdict_rationale": "The agency's own release gives the same number.",
         "correct-note": "The number was a weekly average."},
        403, 302,
    ),
}


def page_url(name, claim):
    if name in ("claim-edit", "claim-review"):
        return reverse(f"crisis:{name}", args=[claim.pk])
    if name == "record-history":
        return reverse("crisis:record-history", args=["claim", claim.pk])
    return reverse(f"crisis:{name}")


def make_claim(status):
    traits = {RecordStatus.DRAFT: {"draft": True}, RecordStatus.IN_REVIEW: {"in_review": True}}
    return ClaimFactory(**traits.get(status, {}))


@pytest.mark.parametrize("name", PAGES)
def test_reader_is_sent_to_log_in_from_every_desk_page(db, client, name):
    claim = ClaimFactory(draft=True)
    response = client.get(page_url(name, claim))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("crisis:login"))


@pytest.mark.parametrize("name", PAGES)
def test_editor_opens_desk_pages_but_not_the_review_queue_or_the_publish_preview(editor_client, name):
    claim = ClaimFactory(draft=True)
    response = editor_client.get(page_url(name, claim))
    assert response.status_code == PAGE_ACCESS[name][0]


@pytest.mark.parametrize("name", PAGES)
def test_reviewer_opens_every_desk_page(reviewer_client, name):
    claim = ClaimFactory(draft=True)
    response = reviewer_client.get(page_url(name, claim))
    assert response.status_code == PAGE_ACCESS[name][1]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", PAGES)
def test_signed_in_user_without_a_role_is_refused_every_desk_page(db, client, django_user_model, name):
    client.force_login(django_user_model.objects.create_user("stranger", password="x-pass-123456"))
    claim = ClaimFactory(draft=True)
    assert client.get(page_url(name, claim)).status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_reader_cannot_take_any_workflow_action(db, client, action):
    status, body, _, _ = ACTIONS[action]
    claim = make_claim(status)
    response = client.post(reverse(f"crisis:{action}", args=[claim.pk]), body)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("crisis:login"))
    claim.refresh_from_db()
    assert claim.status == status
    assert not events_of(claim).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_editor_may_only_submit_their_own_draft(editor_client, editor, action):
    status, body, expected, _ = ACTIONS[action]
    claim = make_claim(status)
    claim.created_by = editor
    claim.save()
    response = editor_client.post(reverse(f"crisis:{action}", args=[claim.pk]), body)
    assert response.status_code == expected
    claim.refresh_from_db()
    assert (claim.status != status) == (action == "claim-submit")


@pytest.mark.parametrize("action", ACTIONS)
def test_reviewer_may_take_every_workflow_action(reviewer_client, action):
    status, body, _, expected = ACTIONS[action]
    claim = make_claim(status)
    response = reviewer_client.post(reverse(f"crisis:{action}", args=[claim.pk]), body)
    assert response.status_code == expected
    assert events_of(claim).count() == 1


def test_editor_may_not_submit_another_editors_draft(editor_client):
    claim = make_claim(RecordStatus.DRAFT)
    response = editor_client.post(reverse("crisis:claim-submit", args=[claim.pk]))
    assert response.status_code == 400
    assert "Editors submit their own claims" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == RecordStatus.DRAFT


@pytest.mark.parametrize("action", [*ACTIONS, "record-restore"])
def test_workflow_actions_refuse_get(reviewer_client, action):
    claim = ClaimFactory(draft=True)
    args = ["claim", claim.pk] if action == "record-restore" else [claim.pk]
    assert reviewer_client.get(reverse(f"crisis:{action}", args=args)).status_code == 405


def test_reader_cannot_restore_a_version(db, client):
    claim = ClaimFactory(draft=True)
    url = reverse("crisis:record-restore", args=["claim", claim.pk])
    response = client.post(url, {"history_id": claim.history.first().history_id})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("crisis:login"))


def test_editor_cannot_restore_a_version(editor_client):
    claim = ClaimFactory(draft=True, text="First words.")
    first = claim.history.first().history_id
    claim.text = "Second words."
    claim.save()
    url = reverse("crisis:record-restore", args=["claim", claim.pk])
    assert editor_client.post(url, {"history_id": first}).status_code == 403
    claim.refresh_from_db()
    assert claim.text == "Second words."


def test_editor_cannot_save_edits_to_a_claim_in_review(editor_client):
    claim = ClaimFactory(in_review=True, text="Under review.")
    response = editor_client.post(reverse("crisis:claim-edit", args=[claim.pk]), {
        "claim-source": claim.source_id, "claim-text": "Changed by the editor.", "claim-kind": "fact",
    })
    assert response.status_code == 400
    assert "cannot be edited" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Under review."


def test_desk_link_shows_for_editors_and_log_in_for_readers(db, client, editor):
    assert reverse("crisis:login") in client.get(reverse("crisis:home")).content.decode()
    client.force_login(editor)
    html = client.get(reverse("crisis:home")).content.decode()
    assert reverse("crisis:editor-home") in html
    assert reverse("crisis:logout") in html


def test_editor_logs_in_with_a_password_and_lands_on_the_desk(db, client, editor):
    response = client.post(reverse("crisis:login"), {"username": "eddie", "password": "editor-pass-9"})
    assert response.status_code == 302
    assert response["Location"] == reverse("crisis:editor-home")


def test_wrong_password_shows_the_login_form_again_with_a_message(db, client, editor):
    response = client.post(reverse("crisis:login"), {"username": "eddie", "password": "wrong"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_logging_out_takes_a_post(editor_client):
    assert editor_client.get(reverse("crisis:logout")).status_code == 405
    response = editor_client.post(reverse("crisis:logout"))
    assert response.status_code == 302
    assert editor_client.get(reverse("crisis:editor-home")).status_code == 302


def test_the_login_page_keeps_the_sites_name_in_the_header(db, client, settings):
    settings.SITE_NAME = "Border Desk"
    assert '<a class="brand" href="/">Border Desk</a>' in client.get(reverse("crisis:login")).content.decode()
