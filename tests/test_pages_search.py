"""Search finds every kind of record by whole words, best first, grouped by kind with counts."""

from django.test import Client
from django.urls import reverse

from tests import factories as f


def found(client, query):
    response = client.get(reverse("crisis:search"), {"q": query})
    assert response.status_code == 200
    return {group["kind"]: [r.pk for r in group["rows"]] for group in response.context["groups"]}, response


def test_a_reader_finds_every_kind_of_record_by_its_words(client, db):
    claim = f.ClaimFactory(text="Shelters in Texas are full.")
    actor = f.ActorFactory(name="Texas Department of State Health")
    meeting = f.MeetingFactory(title="Governors meet in Texas")
    proposal = f.PolicyProposalFactory(title="Texas border plan")
    request = f.FundingRequestFactory(title="Aid for Texas shelters")
    figure = f.CrossingStatisticFactory(area="Texas, Rio Grande Valley")
    source = f.SourceFactory(title="Texas shelters at capacity")
    hits, response = found(client, "texas")
    assert hits == {"claims": [claim.pk], "actors": [actor.pk], "meetings": [meeting.pk],
                    "proposals": [proposal.pk], "funding_requests": [request.pk], "figures": [figure.pk],
                    "sources": [source.pk]}
    assert response.context["total"] == 7


def test_a_word_matches_whole_words_only(client, db):
    ice = f.ClaimFactory(text="ICE detained the family.")
    f.ClaimFactory(text="The office said police were told.")
    hits, _ = found(client, "ICE")
    assert hits == {"claims": [ice.pk]}


def test_word_forms_match_and_a_minus_word_is_left_out(client, db):
    migrants = f.ClaimFactory(text="Migrants waited at the border.")
    f.ClaimFactory(text="Migrants waited in Mexico.")
    hits, _ = found(client, "migrant -mexico")
    assert hits == {"claims": [migrants.pk]}


def test_a_figure_is_found_by_its_measure(client, db):
    figure = f.CrossingStatisticFactory(metric="removals", unit="people")
    hits, _ = found(client, "removals")
    assert hits == {"figures": [figure.pk]}


def test_the_best_match_comes_first(client, db):
    passing = f.ClaimFactory(text="Officials discussed many things, shelters among them.")
    central = f.ClaimFactory(text="Shelters, shelters: the shelters are full.",
                             quote="The shelters are full.", kind="quote")
    hits, _ = found(client, "shelters")
    assert hits["claims"] == [central.pk, passing.pk]


def test_drafts_are_not_found_by_readers(editor_client, db):
    f.ClaimFactory(draft=True, text="A draft about Oaxaca.")
    assert found(Client(), "oaxaca")[0] == {}
    assert list(found(editor_client, "oaxaca")[0]) == ["claims"]
