"""Verdicts on the desk: Rita gives one when publishing or correcting, Eddie never sees the
fields, and readers see "Our verdict" only where one was given."""

import json
import re

import pytest
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from crisis.models import EventAction, RecordStatus
from tests.factories import ClaimFactory, events_of

RATIONALE = "The agency release for June gives 283 a day, falling to 120 in July."


def post(client, name, claim, data=None):
    if name == "claim-publish":
        # Every publish carries the reviewer's tick that they checked what becomes public.
        data = {"publish-checked": "on", **(data or {})}
    return client.post(reverse(f"crisis:{name}", args=[claim.pk]), data or {})


def jsonld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_reviewer_publishes_with_a_verdict_and_the_public_page_shows_it(reviewer_client, reviewer, client):
    claim = ClaimFactory(in_review=True)
    response = post(reviewer_client, "claim-publish", claim, {
        "publish-verdict": "mostly_accurate", "publish-verdict_rationale": RATIONALE,
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.verdict_rationale, claim.verdict_by) == (
        RecordStatus.PUBLISHED, "mostly_accurate", RATIONALE, reviewer,
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Our verdict:" in html and "Mostly accurate" in html and RATIONALE in html
    assert "Not yet verified" not in html
    rating = jsonld(html)["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"], rating["ratingExplanation"]) == (
        4, "Mostly accurate", RATIONALE,
    )


def test_reviewer_publishes_without_a_verdict_and_the_page_claims_none(reviewer_client, client):
    claim = ClaimFactory(in_review=True)
    assert post(reviewer_client, "claim-publish", claim, {
        "publish-verdict": "", "publish-verdict_rationale": "",
    }).status_code == 302
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Our verdict" not in html and "Not yet verified" not in html
    assert jsonld(html)["@type"] == "Claim"


@pytest.mark.parametrize(("data", "message"), [
    ({"publish-verdict": "accurate", "publish-verdict_rationale": ""}, "Give the verdict a one-line"),
    ({"publish-verdict": "", "publish-verdict_rationale": RATIONALE}, "Choose the verdict this rationale"),
    ({"publish-verdict": "true-ish", "publish-verdict_rationale": RATIONALE}, "Select a valid choice"),
])
def test_a_bad_verdict_shows_the_publish_form_again_and_nothing_is_published(
    reviewer_client, data, message
):
    claim = ClaimFactory(in_review=True)
    response = post(reviewer_client, "claim-publish", claim, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Not published: fix the verdict below." in html
    if data["publish-verdict_rationale"]:
        assert RATIONALE in html  # what the reviewer typed is kept
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == (RecordStatus.IN_REVIEW, "")
    assert not events_of(claim).filter(action=EventAction.PUBLISHED).exists()


def test_editors_see_no_verdict_fields_on_the_desk(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor)
    html = editor_client.get(reverse("crisis:claim-edit", args=[claim.pk])).content.decode()
    assert "verdict" not in html
    html = editor_client.get(reverse("crisis:claim-add")).content.decode()
    assert "verdict" not in html


def test_an_editor_posting_a_verdict_with_their_edit_changes_nothing_but_the_edit(editor_client, editor):
    claim = ClaimFactory(draft=True, created_by=editor, text="Before.")
    response = post(editor_client, "claim-edit", claim, {
        "claim-source": claim.source_id, "claim-text": "After.", "claim-kind": "fact",
        "claim-verdict": "accurate", "claim-verdict_rationale": RATIONALE, "version": claim.version,
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.verdict, claim.verdict_rationale) == ("After.", "", "")


def test_reviewer_gives_a_verdict_by_correcting_a_published_claim(reviewer_client, reviewer, client):
    claim = ClaimFactory(text="283 children a day.")
    response = post(reviewer_client, "claim-correct", claim, {
        "correct-text": claim.text, "correct-quote": "", "correct-verdict": "misleading",
        "correct-verdict_rationale": "One week's figure in one sector, not a daily average.",
        "correct-note": "Verdict added after checking the sector's figures.", "version": claim.version,
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_by, claim.version) == ("misleading", reviewer, 2)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Misleading" in html and "One week&#x27;s figure in one sector" in html
    assert "Verdict added after checking the sector&#x27;s figures." in html


def test_a_correction_with_a_verdict_but_no_rationale_shows_the_form_with_the_message(reviewer_client):
    claim = ClaimFactory()
    response = post(reviewer_client, "claim-correct", claim, {
        "correct-text": claim.text, "correct-verdict": "accurate", "correct-verdict_rationale": "",
        "correct-note": "Checked.", "version": claim.version,
    })
    assert response.status_code == 400
    assert "Give the verdict a one-line rationale" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.verdict, claim.version) == ("", 1)


def test_a_retracted_claim_keeps_its_verdict_on_its_page(client, db):
    claim = ClaimFactory(status=RecordStatus.RETRACTED, correction_note="The outlet withdrew it.",
                         verdict="inaccurate", verdict_rationale="No release gives that figure.",
                         verdict_at=timezone.now())
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Inaccurate" in html and "No release gives that figure." in html


# The database holds the rules, whichever way a row is written.

def refused(**fields):
    # PostgreSQL refuses an over-long value by the column's type, SQLite by the CHECK.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        ClaimFactory(**fields)


def test_a_draft_cannot_carry_a_verdict(db):
    refused(draft=True, verdict="accurate", verdict_rationale=RATIONALE, verdict_at=timezone.now())
    refused(in_review=True, verdict="accurate", verdict_rationale=RATIONALE, verdict_at=timezone.now())


def test_a_verdict_needs_a_rationale_and_a_rationale_needs_a_verdict(db):
    refused(verdict="accurate", verdict_at=timezone.now())
    refused(verdict_rationale=RATIONALE)


def test_a_rationale_is_one_bounded_line(db):
    refused(verdict="accurate", verdict_rationale="x" * 281, verdict_at=timezone.now())
    refused(verdict="accurate", verdict_rationale="One.\nTwo.", verdict_at=timezone.now())
    ClaimFactory(verdict="accurate", verdict_rationale="x" * 280, verdict_at=timezone.now())


def test_a_verdict_is_dated_and_no_verdict_has_no_date_or_reviewer(db, reviewer):
    refused(verdict="accurate", verdict_rationale=RATIONALE)
    refused(verdict_at=timezone.now())
    refused(verdict_by=reviewer)
