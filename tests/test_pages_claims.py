"""The claims list: a reader narrows every public claim by speaker, source, kind and verdict."""

import pytest
from django.urls import reverse
from django.utils import timezone

from crisis.models import ClaimKind
from tests.factories import ActorFactory, ClaimFactory, SourceFactory

URL = reverse("crisis:claim-list")


def facet(response, name):
    """{label: count} of one facet."""
    found = next(f for f in response.context["facets"] if f.name == name)
    return {v.label: v.count for v in found.values}


def with_verdict(verdict, **fields):
    return ClaimFactory(verdict=verdict, verdict_rationale="Checked against the release.",
                        verdict_at=timezone.now(), **fields)


@pytest.fixture
def claims(db):
    earnest, blake = ActorFactory(name="Josh Earnest"), ActorFactory(name="Stacie Blake")
    post, nyt = SourceFactory(publisher="Latin Post"), SourceFactory(publisher="The New York Times")
    with_verdict("accurate", speaker=earnest, source=post)
    with_verdict("misleading", speaker=blake, source=post, kind=ClaimKind.FORECAST)
    ClaimFactory(speaker=blake, source=nyt)
    ClaimFactory(speaker=None, source=nyt, text="The paper's own reporting.")
    # Never counted nor named for readers: a draft by a draft speaker.
    ClaimFactory(draft=True, speaker=ActorFactory(name="Draft Person", draft=True), source=post)
    return earnest, blake, post, nyt


def test_a_reader_sees_every_public_claim_with_counts_per_facet(client, claims):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["claims"]) == 4
    assert facet(response, "speaker") == {
        "Stacie Blake": 2, "Josh Earnest": 1, "The publication’s own reporting": 1,
    }
    assert sorted(facet(response, "source").values()) == [2, 2]
    assert facet(response, "kind") == {"Fact": 3, "Forecast": 1}
    assert facet(response, "verdict") == {"No verdict given": 2, "Accurate": 1, "Misleading": 1}
    assert "Draft Person" not in response.content.decode()


def test_choosing_a_speaker_narrows_the_claims_and_the_other_facets(client, claims):
    _, blake, _, _ = claims
    response = client.get(URL, {"speaker": blake.slug})
    assert {c.speaker for c in response.context["claims"]} == {blake}
    assert facet(response, "verdict") == {"No verdict given": 1, "Misleading": 1}
    # The speaker facet itself still counts every speaker, so the choice can be changed.
    assert facet(response, "speaker")["Josh Earnest"] == 1


def test_choosing_a_verdict_and_a_source_combines_them(client, claims):
    _, _, post, _ = claims
    response = client.get(URL, {"verdict": "misleading", "source": post.slug})
    assert [c.verdict for c in response.context["claims"]] == ["misleading"]
    response = client.get(URL, {"verdict": "none", "speaker": "none"})
    assert [c.text for c in response.context["claims"]] == ["The paper's own reporting."]


def test_a_bad_filter_is_reported_and_ignored_never_an_error(client, claims):
    response = client.get(URL, {"verdict": "pants-on-fire", "kind": "fact", "speaker": "no such/slug"})
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()
    assert len(response.context["claims"]) == 3


def test_the_claims_list_is_paginated_and_linked_from_every_page(client, db):
    ClaimFactory.create_batch(53)
    first = client.get(URL)
    assert len(first.context["claims"]) == 50
    assert "Next" in first.content.decode()
    assert len(client.get(URL, {"page": 2}).context["claims"]) == 3
    assert len(client.get(URL, {"page": "last-but-one"}).context["claims"]) == 50
    assert f'href="{URL}"' in client.get(reverse("crisis:home")).content.decode()


@pytest.mark.parametrize("rows", [5, 60])
def test_claims_list_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    for n in range(rows):
        if n % 2:
            with_verdict("accurate")
        else:
            ClaimFactory(speaker=None)
    # 1: capped count of the matching claims  2: the page JOIN speaker, source, cited source,
    # first appearance  3: their co-speakers JOIN actor  4: the claims they conflict with
    # 5: counts per speaker  6: per source  7: per kind  8: per verdict
    with django_assert_num_queries(8):
        response = client.get(URL, {"kind": "fact"})
    assert response.status_code == 200
    assert len(response.context["claims"]) == min(rows, 50)
