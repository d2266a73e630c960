"""Bad input to the API gets 400 with a message per field, and nothing is saved."""

import pytest
from django.urls import reverse

from crisis.models import Actor, Claim, CrossingStatistic, FundingRequest, Meeting, Source, Stance
from tests import factories as f

MODELS = [Source, Actor, Meeting, FundingRequest, Stance, CrossingStatistic, Claim]


@pytest.fixture
def refs(db):
    claim = f.ClaimFactory()
    return {
        "claim": claim,
        "source": claim.source,
        "actor": f.ActorFactory(),
        "country": f.CountryFactory(),
        "proposal": f.PolicyProposalFactory(),
    }


def figure(refs, **changes):
    return {
        "metric": "uac_arrivals",
        "value": "57000",
        "as_of": "2014-07-24",
        "source": refs["source"].slug,
        "claims": [refs["claim"].pk],
        **changes,
    }


def counts():
    return [model.objects.count() for model in MODELS]


def post(client, name, payload):
    before = counts()
    response = client.post(reverse(name), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert counts() == before, "nothing is saved"
    return response.json()


CASES = [
    # (endpoint, payload builder, field, message fragment)
    ("v1:figure-list", lambda r: figure(r, value="many"), "value", "A valid number is required."),
    ("v1:figure-list", lambda r: figure(r, as_of="24/07/2014"), "as_of", "Date has wrong format"),
    ("v1:figure-list", lambda r: figure(r, claims="3"), "claims", "Expected a list of items"),
    ("v1:figure-list", lambda r: figure(r, claims=["x"]), "claims", "Incorrect type"),
    ("v1:figure-list", lambda r: figure(r, claims=[2**70]), "claims", "does not exist"),
    ("v1:figure-list", lambda r: figure(r, claims=[987654]), "claims", "does not exist"),
    ("v1:figure-list", lambda r: figure(r, source="no-such-source"), "source", "does not exist"),
    ("v1:figure-list", lambda r: figure(r, country=r["actor"].slug), "country", "does not exist"),
    ("v1:figure-list", lambda r: figure(r, metric="deaths"), "metric", "is not a valid choice"),
    ("v1:figure-list", lambda r: figure(r, value="-1"), "value", "A figure cannot be negative."),
    ("v1:figure-list", lambda r: figure(r, unit="percent", value="140"), "value", "more than 100"),
    (
        "v1:figure-list",
        lambda r: figure(r, period_start="2014-07-10", period_end="2014-07-01"),
        "period_end",
        "cannot end before it starts",
    ),
    ("v1:figure-list", lambda r: figure(r, geography="country_of_origin"), "country", "needs that country"),
    ("v1:figure-list", lambda r: {k: v for k, v in figure(r).items() if k != "claims"}, "claims", "required"),
    ("v1:figure-list", lambda r: figure(r, claims=[]), "claims", "may not be empty"),
    ("v1:meeting-list", lambda r: {"title": "Summit", "slug": "summit"}, "claims", "required"),
    (
        "v1:meeting-list",
        lambda r: {
            "title": "Summit",
            "slug": "summit",
            "claims": [r["claim"].pk],
            "participants": [{"actor": "nobody"}],
        },
        "participants",
        "does not exist",
    ),
    (
        "v1:meeting-list",
        lambda r: {"title": "Summit", "slug": "summit", "claims": [r["claim"].pk], "meeting_status": "maybe"},
        "meeting_status",
        "is not a valid choice",
    ),
    (
        "v1:stance-list",
        lambda r: {"actor": r["actor"].slug, "proposal": r["proposal"].slug, "position": "supports"},
        "claim",
        "required",
    ),
    (
        "v1:stance-list",
        lambda r: {
            "actor": r["actor"].slug,
            "proposal": r["proposal"].slug,
            "position": "loves",
            "claim": r["claim"].pk,
        },
        "position",
        "not a valid choice",
    ),
    ("v1:claim-list", lambda r: {"text": "Unsourced."}, "source", "required"),
    (
        "v1:claim-list",
        lambda r: {"text": "Q", "source": r["source"].slug, "kind": "quote"},
        "quote",
        "exact words",
    ),
    (
        "v1:claim-list",
        lambda r: {"text": "R", "source": r["source"].slug, "rank": "preferred"},
        "rank_reason",
        "Say why",
    ),
    (
        "v1:claim-list",
        lambda r: {"text": "S", "source": r["source"].slug, "said_on": 20140724},
        "said_on",
        "Date has wrong format",
    ),
    (
        "v1:claim-list",
        lambda r: {"text": "A", "source": r["source"].slug, "actors": ["ghost"]},
        "actors",
        "does not exist",
    ),
    (
        "v1:funding-request-list",
        lambda r: {
            "title": "Aid",
            "slug": "aid",
            "amount": "-3.7",
            "requester": r["actor"].slug,
            "addressee": r["actor"].slug,
        },
        "amount",
        "An amount cannot be negative.",
    ),
    (
        "v1:funding-request-list",
        lambda r: {
            "title": "Aid",
            "slug": "aid",
            "amount": "3.7",
            "currency": "dollars",
            "requester": r["actor"].slug,
            "addressee": r["actor"].slug,
        },
        "currency",
        "ISO 4217",
    ),
    (
        "v1:actor-list",
        lambda r: {"name": "Ana", "slug": "ana", "country_code": "HN"},
        "country_code",
        "Only countries",
    ),
    ("v1:actor-list", lambda r: {"name": "Ana", "slug": r["actor"].slug}, "slug", "already exists"),
    (
        "v1:actor-list",
        lambda r: {"name": "X", "slug": "x", "kind": "country", "country_code": r["country"].country_code},
        "country_code",
        "already has",
    ),
    (
        "v1:source-list",
        lambda r: {"title": "T", "slug": "t", "publisher": "P", "url": r["source"].url},
        "url",
        "already exists",
    ),
    (
        "v1:source-list",
        lambda r: {"title": "T", "slug": "t", "publisher": "P", "kind": "blog"},
        "kind",
        "is not a valid choice",
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "field", "message"), CASES, ids=[f"{c[0][3:]}-{c[2]}" for c in CASES]
)
def test_an_editor_sending_bad_input_gets_a_400_naming_the_field(
    editor_client, refs, name, build, field, message
):
    errors = post(editor_client, name, build(refs))
    assert field in errors, errors
    assert message in " ".join(messages(errors[field])), errors


def messages(error):
    """Every message under a field, however deeply a nested serializer keys it (by row, by field)."""
    if isinstance(error, dict):
        return [m for value in error.values() for m in messages(value)]
    if isinstance(error, list):
        return [m for value in error for m in messages(value)]
    return [str(error)]


def test_an_editor_sending_several_mistakes_gets_a_message_for_each(editor_client, refs):
    errors = post(editor_client, "v1:figure-list", figure(refs, metric="deaths", value="x", source="nope"))
    assert set(errors) == {"metric", "value", "source"}


def test_an_editor_cannot_add_the_same_figure_twice_from_one_source(editor_client, refs):
    assert (
        editor_client.post(
            reverse("v1:figure-list"), figure(refs), content_type="application/json"
        ).status_code
        == 201
    )
    errors = post(editor_client, "v1:figure-list", figure(refs))
    assert "already has a figure" in errors["non_field_errors"][0]


def test_an_editor_cannot_record_the_same_stance_twice(editor_client, refs):
    stance = f.StanceFactory()
    errors = post(
        editor_client,
        "v1:stance-list",
        {
            "actor": stance.actor.slug,
            "proposal": stance.proposal.slug,
            "position": "opposes",
            "claim": stance.claim.pk,
        },
    )
    assert "unique" in errors["non_field_errors"][0]


def patch(client, url, data):
    """A PATCH based on the version the client just read (its ETag as If-Match)."""
    return client.patch(url, data, content_type="application/json", HTTP_IF_MATCH=client.get(url)["ETag"])


def test_an_editor_cannot_make_a_source_cite_itself_or_a_claim_conflict_with_itself(
    editor_client, editor, refs
):
    source = f.SourceFactory(draft=True, created_by=editor)
    claim = f.ClaimFactory(draft=True, source=source, created_by=editor)
    source = claim.source
    response = patch(editor_client, reverse("v1:source-detail", kwargs={"slug": source.slug}),
                     {"cites": source.slug})
    assert response.status_code == 400 and "cannot cite itself" in response.json()["cites"][0]
    response = patch(editor_client, reverse("v1:claim-detail", kwargs={"pk": claim.pk}),
                     {"conflicts_with": [claim.pk]})
    assert response.status_code == 400 and "conflict with itself" in response.json()["conflicts_with"][0]
    # The published source and claim of `refs` are refused before their fields are looked at.
    response = patch(editor_client, reverse("v1:source-detail", kwargs={"slug": refs["source"].slug}),
                     {"cites": refs["source"].slug})
    assert response.status_code == 409 and response.json()["code"] == "public"
    response = patch(editor_client, reverse("v1:claim-detail", kwargs={"pk": refs["claim"].pk}),
                     {"conflicts_with": [refs["claim"].pk]})
    assert response.status_code == 409 and "corrects or retracts" in response.json()["detail"]


def test_an_editor_updating_a_figure_gets_the_period_checked_against_the_stored_start(editor_client, editor):
    stored = f.CrossingStatisticFactory(draft=True, created_by=editor)
    original_end = stored.period_end
    response = patch(editor_client, reverse("v1:figure-detail", kwargs={"pk": stored.pk}),
                     {"period_end": "2013-01-01"})
    assert response.status_code == 400
    assert response.json()["period_end"] == ["The period cannot end before it starts."]
    stored.refresh_from_db()
    assert stored.period_end == original_end
    published = f.CrossingStatisticFactory()
    response = patch(editor_client, reverse("v1:figure-detail", kwargs={"pk": published.pk}),
                     {"period_end": "2013-01-01"})
    assert response.status_code == 409 and "not changed in place" in response.json()["detail"]


def test_an_editor_sending_malformed_json_gets_a_400(editor_client, db):
    response = editor_client.post(reverse("v1:claim-list"), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
