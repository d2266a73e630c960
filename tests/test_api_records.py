"""Each record endpoint: what readers see, with provenance, and who may write."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from knox.models import AuthToken

from crisis.models import Claim, Meeting, RecordStatus, Source, Stance
from tests import factories as f


@pytest.fixture
def token_client(editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=editor)[1]}")
    return api


@pytest.fixture
def account_client(client, db):
    """A reader with an account but no newsroom role."""
    client.force_login(User.objects.create_user("rhea", password="reader-pass-9"))
    return client


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# -- every endpoint, from the article's data -----------------------------------------------------

LISTS = [
    ("v1:source-list", 2),
    ("v1:actor-list", 21),
    ("v1:meeting-list", 3),
    ("v1:funding-request-list", 1),
    ("v1:proposal-list", 9),
    ("v1:stance-list", 13),
    ("v1:figure-list", 5),
    ("v1:claim-list", 27),
]


@pytest.mark.parametrize(("name", "count"), LISTS)
def test_a_reader_lists_every_published_record_of_the_article(client, article, name, count):
    response = client.get(reverse(name))
    assert response.json()["count"] == count
    for row in results(response):
        assert client.get(row["api_url"]).json() == row


def test_the_api_root_links_every_endpoint(client, db):
    root = client.get(reverse("v1:api-root")).json()
    assert set(root) == {
        "sources",
        "actors",
        "meetings",
        "funding-requests",
        "funding-stages",
        "legislative-actions",
        "proposals",
        "stances",
        "figures",
        "claims",
        "timeline",
        "changes",
    }


def test_a_reader_gets_each_figure_with_its_backing_claims_and_their_sources(client, article):
    figure = next(r for r in results(client.get(reverse("v1:figure-list"))) if r["value"] == "57000.00")
    assert figure["value_display"] == "around 57,000"
    assert figure["source"]["publisher"] == "Latin Post"
    [claim] = figure["claims"]
    assert claim["text"].startswith("Around 57,000 unaccompanied children")
    assert claim["source"]["title"] == figure["source"]["title"]
    assert claim["api_url"].endswith(reverse("v1:claim-detail", kwargs={"pk": claim["id"]}))


def test_a_reader_gets_each_meeting_with_participants_and_the_claims_reporting_it(client, article):
    url = reverse("v1:meeting-detail", kwargs={"slug": "obama-central-american-presidents-2014-07-25"})
    meeting = client.get(url).json()
    assert {"actor": "barack-obama", "role": "host"} in [
        {"actor": p["actor"]["slug"], "role": p["role"]} for p in meeting["participants"]
    ]
    assert meeting["claims"] and all(c["source"]["publisher"] for c in meeting["claims"])
    assert any("Josh Earnest" in (c["speaker"] or {}).get("name", "") for c in meeting["claims"])


def test_a_reader_gets_each_funding_step_with_the_claim_behind_it(client, article):
    [request] = results(client.get(reverse("v1:funding-request-list")))
    assert request["amount"] == "3700000000.00"
    assert request["stage_changes"][0]["claim"]["source"]["publisher"] == "Latin Post"
    assert len(request["purposes"]) == 4


def test_a_reader_gets_each_proposal_with_its_stances_and_their_claims(client, article):
    proposals = results(client.get(reverse("v1:proposal-list")))
    stances = [s for p in proposals for s in p["stances"]]
    assert len(stances) == 13
    assert all(s["claim"]["source"]["title"] for s in stances)


def test_a_reader_gets_each_claim_with_quote_speaker_source_and_subjects(client, article):
    claims = results(client.get(reverse("v1:claim-list"), {"speaker": "stacie-blake", "kind": "figure"}))
    [claim] = claims
    assert claim["quote"].startswith("This is important because recent reports")
    assert claim["speaker"]["name"] == "Stacie Blake"
    assert [s["value_display"] for s in claim["statistics"]] == ["at least 90%"]


def test_a_reader_gets_each_actor_with_roles_and_the_claims_about_them(client, article):
    actor = client.get(reverse("v1:actor-detail", kwargs={"slug": "josh-earnest"})).json()
    assert actor["roles"][0]["title"] == "White House press secretary"
    assert actor["country"]["country_code"] == "US"


def test_a_reader_gets_a_source_with_the_source_it_relays(client, article):
    source = client.get(
        reverse("v1:source-detail", kwargs={"slug": "latin-post-obama-central-american-leaders-2014-07"})
    ).json()
    assert source["cites"]["publisher"] == "The New York Times"


# -- visibility ----------------------------------------------------------------------------------


def test_a_reader_never_sees_drafts_nor_draft_claims_inside_published_records(client, db):
    figure = f.CrossingStatisticFactory()
    f.ClaimFactory(text="public backing").statistics.add(figure)
    f.ClaimFactory(draft=True, text="draft backing").statistics.add(figure)
    f.CrossingStatisticFactory(draft=True)
    f.StanceFactory(claim=f.ClaimFactory(draft=True))

    [row] = results(client.get(reverse("v1:figure-list")))
    assert [c["text"] for c in row["claims"]] == ["public backing"]
    assert results(client.get(reverse("v1:stance-list"))) == []
    draft = f.ClaimFactory(draft=True)
    assert client.get(reverse("v1:claim-detail", kwargs={"pk": draft.pk})).status_code == 404


def test_a_reader_sees_retracted_records_marked_as_retracted(client, db):
    f.ClaimFactory(status=RecordStatus.RETRACTED, correction_note="Misattributed.")
    [row] = results(client.get(reverse("v1:claim-list")))
    assert row["status"] == "retracted" and row["correction_note"] == "Misattributed."


def test_an_editor_sees_drafts_and_their_draft_backing_claims(editor_client, db):
    figure = f.CrossingStatisticFactory(draft=True)
    f.ClaimFactory(draft=True).statistics.add(figure)
    [row] = results(editor_client.get(reverse("v1:figure-list")))
    assert row["status"] == "draft" and len(row["claims"]) == 1


def test_a_reader_with_an_account_but_no_role_sees_published_records_only(account_client, db):
    f.ClaimFactory(draft=True)
    assert results(account_client.get(reverse("v1:claim-list"))) == []


# -- permission matrix ---------------------------------------------------------------------------


def claim_payload(source):
    return {"text": "Officials said the shelters are full.", "source": source.slug}


def test_an_anonymous_reader_cannot_write(client, db):
    source = f.SourceFactory()
    response = client.post(reverse("v1:claim-list"), claim_payload(source), content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Claim.objects.exists()


def test_a_reader_with_an_account_but_no_role_cannot_write(account_client, db):
    source = f.SourceFactory()
    response = account_client.post(
        reverse("v1:claim-list"), claim_payload(source), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_an_editor_adds_a_sourced_claim_with_a_token_and_it_starts_as_a_draft(token_client, editor):
    source = f.SourceFactory()
    payload = {**claim_payload(source), "status": "published", "speaker": f.ActorFactory().slug}
    response = token_client.post(reverse("v1:claim-list"), payload, format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert (claim.status, claim.created_by, claim.source) == (RecordStatus.DRAFT, editor, source)
    assert response.json()["source"]["slug"] == source.slug
    assert claim.history.get().history_user == editor


def test_a_reviewer_adds_a_claim_with_a_session(reviewer_client, reviewer):
    response = reviewer_client.post(
        reverse("v1:claim-list"), claim_payload(f.SourceFactory()), content_type="application/json"
    )
    assert response.status_code == 201
    assert Claim.objects.get().created_by == reviewer


def test_an_editor_updates_a_record_but_cannot_publish_or_delete_it(editor_client, editor):
    meeting = f.MeetingFactory(draft=True, created_by=editor)
    url = reverse("v1:meeting-detail", kwargs={"slug": meeting.slug})
    response = editor_client.patch(
        url, {"place": "Washington", "status": "published"}, content_type="application/json",
        HTTP_IF_MATCH=editor_client.get(url)["ETag"],
    )
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.place, meeting.status) == ("Washington", RecordStatus.DRAFT)
    assert editor_client.delete(url).status_code in (403, 405)  # no delete permission, no DELETE route
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_editor_creates_every_kind_of_record(token_client, editor):
    country = f.CountryFactory(slug="honduras", country_code="HN")
    actor, proposal = f.ActorFactory(), f.PolicyProposalFactory()
    claim = f.ClaimFactory(draft=True, created_by=editor)
    source = claim.source
    payloads = {
        "v1:source-list": {
            "title": "CBP table",
            "slug": "cbp-table",
            "publisher": "CBP",
            "kind": "official_statistics",
            "cites": source.slug,
        },
        "v1:actor-list": {"name": "Ana", "slug": "ana", "country": country.slug},
        "v1:meeting-list": {
            "title": "Summit",
            "slug": "summit",
            "date": "2014-07-25",
            "claims": [claim.pk],
            "participants": [{"actor": actor.slug, "role": "host"}],
        },
        "v1:funding-request-list": {
            "title": "Aid",
            "slug": "aid",
            "amount": "100.50",
            "requester": actor.slug,
            "addressee": country.slug,
            "claims": [claim.pk],
        },
        "v1:proposal-list": {
            "title": "Rollback",
            "slug": "rollback",
            "summary": "Faster hearings.",
            "proponents": [actor.slug],
        },
        "v1:stance-list": {
            "actor": actor.slug,
            "proposal": proposal.slug,
            "position": "opposes",
            "claim": claim.pk,
        },
        "v1:figure-list": {
            "metric": "uac_arrivals",
            "value": "57000",
            "geography": "country_of_origin",
            "country": "honduras",
            "as_of": "2014-07-24",
            "source": source.slug,
            "claims": [claim.pk],
        },
    }
    for name, payload in payloads.items():
        response = token_client.post(reverse(name), payload, format="json")
        assert response.status_code == 201, (name, response.content)
    assert Meeting.objects.get(slug="summit").participations.get().role == "host"
    assert Stance.objects.filter(actor=actor, position="opposes").exists()
    assert Source.objects.get(slug="cbp-table").status == RecordStatus.DRAFT
