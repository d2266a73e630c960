"""Search finds every kind of record by whole words, best first, grouped by kind with counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from crisis import highlighting
from crisis.selectors import search
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


# ---------------------------------------------------------------- filters

def test_a_reader_narrows_to_one_kind_and_still_sees_every_kind_counted(client, db):
    claim = f.ClaimFactory(text="Children wait in shelters.")
    f.ActorFactory(name="Children's Defense Fund")
    response = client.get(reverse("crisis:search"), {"q": "children", "kind": "claim"})
    assert response.status_code == 200
    assert [[r.pk for r in g["rows"]] for g in response.context["groups"]] == [[claim.pk]]
    assert {c["kind"]: c["count"] for c in response.context["counts"]} == {"claims": 1, "actors": 1}
    body = response.content.decode()
    assert 'href="?q=children&amp;kind=actor"' in body
    assert '<strong aria-current="true">Claims and quotes' in body


def test_a_reader_narrows_claims_to_the_dates_they_were_said(client, db):
    june = f.ClaimFactory(text="Shelters are full.", said_on=datetime.date(2014, 6, 30))
    july = f.ClaimFactory(text="Shelters are full again.", said_on=datetime.date(2014, 7, 1))
    f.ClaimFactory(text="Shelters were full.", said_on=None)
    for params, expected in (({"from": "2014-07"}, [july.pk]), ({"to": "2014-06"}, [june.pk]),
                             ({"from": "2014", "to": "2014"}, [july.pk, june.pk]),
                             ({"from": "2014-06-30", "to": "2014-06-30"}, [june.pk])):
        response = client.get(reverse("crisis:search"), {"q": "shelters", **params})
        assert response.status_code == 200, params
        assert sorted(response.context["results"]["claims"], key=lambda c: -c.pk) == \
            sorted((c for c in (june, july) if c.pk in expected), key=lambda c: -c.pk), params


def test_a_reader_narrows_claims_to_a_speaker_or_a_source_and_sees_claims_only(client, db):
    blake = f.ActorFactory(name="Blake", slug="blake")
    by_blake = f.ClaimFactory(text="The border is secure.", speaker=blake)
    other = f.ClaimFactory(text="The border is not secure.")
    f.ActorFactory(name="Border Patrol")
    hits, response = found_with(client, {"q": "border", "speaker": "blake"})
    assert hits == {"claims": [by_blake.pk]}
    assert "actors" in {c["kind"] for c in response.context["counts"]}
    hits, _ = found_with(client, {"q": "border", "source": other.source.slug})
    assert hits == {"claims": [other.pk]}
    hits, _ = found_with(client, {"q": "border", "speaker": "nobody-at-all"})
    assert hits == {}


def found_with(client, params):
    response = client.get(reverse("crisis:search"), params)
    assert response.status_code == 200
    return {group["kind"]: [r.pk for r in group["rows"]] for group in response.context["groups"]}, response


@pytest.mark.parametrize("params, message", [
    ({"kind": "everything"}, "Select a valid choice"),
    ({"from": "July 2014"}, "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"to": "2014-02-30"}, "is not a date on the calendar"),
    ({"from": "2014-13"}, "is not a date on the calendar"),
    ({"from": "2014-07", "to": "2014-06"}, "before their start"),
    ({"speaker": "<script>"}, "Enter a valid “slug”"),
])
def test_a_bad_filter_gives_the_page_again_with_a_message_and_a_400(client, db, params, message):
    claim = f.ClaimFactory(text="Shelters are full.")
    response = client.get(reverse("crisis:search"), {"q": "shelters", **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    # The filters that could be read still apply; the bad one is left out.
    assert [c.pk for c in response.context["results"]["claims"]] == [claim.pk]
    assert "no-cache" in response["Cache-Control"]


def test_a_filter_never_reveals_a_drafts_count_to_a_reader(editor_client, db):
    speaker = f.ActorFactory(name="Public Speaker", slug="public-speaker")
    f.ClaimFactory(draft=True, text="A draft about Oaxaca.", speaker=speaker)
    f.ActorFactory(draft=True, name="Oaxaca Draft Office", slug="oaxaca-office")
    f.SourceFactory(draft=True, title="Oaxaca memo", slug="oaxaca-memo")
    reader = Client()
    for params in ({"kind": "claim"}, {"kind": "actor"}, {"kind": "source"}, {"speaker": "public-speaker"},
                   {"source": "oaxaca-memo"}, {"from": "2014", "to": "2015"}):
        response = reader.get(reverse("crisis:search"), {"q": "oaxaca", **params})
        assert response.status_code == 200, params
        assert response.context["counts"] == [] and response.context["total"] == 0, params
        assert "Oaxaca" not in response.content.decode().replace("“oaxaca”", ""), params
    seen = editor_client.get(reverse("crisis:search"), {"q": "oaxaca", "kind": "claim"})
    assert {c["kind"]: c["count"] for c in seen.context["counts"]} == {"claims": 1, "actors": 1, "sources": 1}


@pytest.mark.parametrize("params", [{"kind": "claim"}, {"kind": "claim", "from": "2014", "speaker": "blake"}])
def test_a_narrowed_search_counts_once_and_reads_one_kind(db, client, django_assert_num_queries, params):
    blake = f.ActorFactory(name="Blake", slug="blake")
    for i in range(20):
        f.ClaimFactory(text=f"Children crossing number {i}", speaker=blake)
        f.ActorFactory(description="Works with children")
        f.SourceFactory(title=f"Children report {i}")
    # 1: how many of each kind match, claims narrowed  2: the best claims JOIN speaker, source
    # (actors and sources are counted, not read)
    with django_assert_num_queries(2):
        response = client.get(reverse("crisis:search"), {"q": "children", **params})
    assert [g["kind"] for g in response.context["groups"]] == ["claims"]
    counts = {c["kind"]: c["count"] for c in response.context["counts"]}
    assert counts == {"claims": 20, "actors": 20, "sources": 20}


# ---------------------------------------------------------------- highlighting

def test_the_words_searched_for_are_marked_in_each_hit(client, db):
    f.ClaimFactory(text="Shelters in Texas are full; the shelter in El Paso is not.")
    f.ActorFactory(name="Texas Shelter Network", description="Runs shelters along the border.")
    _, response = found(client, "shelter")
    body = response.content.decode()
    assert "<mark>Shelters</mark> in Texas are full; the <mark>shelter</mark> in El Paso" in body
    assert "Texas <mark>Shelter</mark> Network" in body
    assert "Runs <mark>shelters</mark> along the border." in body


def test_marking_keeps_hostile_text_as_text(client, db):
    f.ClaimFactory(text='Children <script>alert("x")</script> & shelters <b>amp</b>.')
    _, response = found(client, "children shelters")
    body = response.content.decode()
    assert "<script>alert" not in body
    assert ("<mark>Children</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
            "&amp; <mark>shelters</mark> &lt;b&gt;amp&lt;/b&gt;.") in body


def test_a_word_is_marked_whole_and_never_inside_an_escaped_character():
    terms = highlighting.Terms(search.terms('amp "quot script" -ice OR'))
    assert highlighting.highlight('Ice & <script> "amp" amplifier', terms) == (
        'Ice &amp; &lt;<mark>script</mark>&gt; &quot;<mark>amp</mark>&quot; amplifier')


def test_a_long_text_shows_a_snippet_around_its_first_match(client, db):
    text = " ".join(["Officials spoke about many other matters that day."] * 12) + \
        " Then the governor mentioned Oaxaca once. " + " ".join(["More words followed after that."] * 12)
    f.ClaimFactory(text=text)
    _, response = found(client, "oaxaca")
    body = response.content.decode()
    assert "governor mentioned <mark>Oaxaca</mark> once" in body
    assert text not in body
    snippet = body.split('<p class="claim-text">')[1].split("</a>")[0]
    assert snippet.count("…") == 2 and len(snippet) < 400
