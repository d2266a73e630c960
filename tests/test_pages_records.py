import datetime
import json
import re

import pytest
from django.urls import reverse

from crisis.models import Actor, Claim, FundingRequest, Meeting, PolicyProposal, Position, Source
from tests.factories import (
    ActorFactory,
    ActorRoleFactory,
    ClaimFactory,
    CountryFactory,
    CrossingStatisticFactory,
    FundingStageChangeFactory,
    LegislativeActionFactory,
    MeetingFactory,
    MeetingParticipantFactory,
    PolicyProposalFactory,
    SourceFactory,
    StanceFactory,
)


def _jsonld(response):
    html = response.content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def _claim(key_fragment):
    return Claim.objects.get(import_key=key_fragment)


# ---------------------------------------------------------------- claims

def test_claim_page_shows_statement_quote_speaker_source_and_three_dates(client, article):
    claim = _claim("blake-heat-not-need")
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert claim.text in html
    assert "summer temperatures over 110 in the desert" in html
    assert 'href="/actors/stacie-blake/"' in html
    assert 'href="/sources/latin-post-obama-central-american-leaders-2014-07/"' in html
    dates = html.split('id="dates-heading"')[1].split("</section>")[0]
    assert "Happened</dt><dd>Not reported" in dates
    assert "Said</dt><dd>week of July 21, 2014" in dates
    assert "Published</dt><dd>week of July 21, 2014" in dates
    assert "Not yet verified" not in html and "Our verdict" not in html


def test_conflicting_claims_are_shown_side_by_side(client, article):
    white_house = _claim("white-house-evidence-of-decline")
    response = client.get(white_house.get_absolute_url())
    conflicts = response.context["conflicts"]
    assert {c.import_key for c in conflicts} == {"blake-decline-is-seasonal", "blake-heat-not-need"}
    html = response.content.decode()
    assert "Conflicting claims, side by side" in html
    assert html.count('class="claim-card') == 3


def test_claim_relayed_from_the_new_york_times_names_its_first_appearance(client, article):
    html = client.get(_claim("earnest-safe-legal-orderly-migration").get_absolute_url()).content.decode()
    assert "First appeared in" in html
    assert 'href="/sources/nyt-obama-central-american-presidents-2014-07/"' in html


def test_retracted_claim_shows_its_correction_note_first(client, db):
    claim = ClaimFactory(status="retracted", correction_note="The meeting was in August, not July.")
    html = client.get(claim.get_absolute_url()).content.decode().split("<main")[1]
    assert html.index("The meeting was in August, not July.") < html.index(claim.text)
    assert "Retracted" in html


def test_claim_json_ld_is_a_claim_with_author_and_appearance(client, article):
    data = _jsonld(client.get(_claim("blake-heat-not-need").get_absolute_url()))
    assert data["@type"] == "Claim"
    assert data["author"]["name"] == "Stacie Blake"
    assert data["appearance"]["publisher"]["name"] == "Latin Post"
    assert data["appearance"]["citation"]["publisher"]["name"] == "The New York Times"


def test_a_claim_with_a_verdict_has_claim_review_json_ld_with_its_rating(client, db):
    claim = ClaimFactory(
        verdict="mostly_accurate", verdict_rationale="Right total; the period was longer.",
        verdict_at=datetime.datetime(2014, 7, 25, 12, tzinfo=datetime.UTC),
    )
    data = _jsonld(client.get(claim.get_absolute_url()))
    assert data["@type"] == "ClaimReview"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["datePublished"] == "2014-07-25"
    assert data["reviewRating"] == {
        "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
        "alternateName": "Mostly accurate", "ratingExplanation": "Right total; the period was longer.",
    }


@pytest.mark.parametrize("rows", [5, 50])
def test_claim_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    claim = ClaimFactory()
    for _ in range(rows):
        other = ClaimFactory()
        claim.conflicts_with.add(other)
        claim.actors.add(ActorFactory())
        claim.meetings.add(MeetingFactory())
        claim.statistics.add(CrossingStatisticFactory())
        StanceFactory(claim=claim)
    # 1: claim JOIN speaker, source, cited source, first appearance  2: co-speakers JOIN actor
    # 3: conflicting claims  4: actors  5: meetings  6: funding requests  7: proposals
    # 8: figures JOIN source, country  9: stances JOIN actor, proposal (its corrections are read
    # only once it has one)
    with django_assert_num_queries(9):
        response = client.get(claim.get_absolute_url())
    assert len(response.context["conflicts"]) == rows


# ---------------------------------------------------------------- actors

def test_actor_list_groups_actors_by_kind(client, article):
    response = client.get(reverse("crisis:actor-list"))
    labels = [label for label, _ in response.context["groups"]]
    assert "Person" in labels and "Country" in labels
    assert "Stacie Blake" in response.content.decode()


def test_actor_page_shows_roles_claims_by_and_about_meetings_and_stances(client, article):
    response = client.get(reverse("crisis:actor-detail", args=["stacie-blake"]))
    html = response.content.decode()
    assert "Director of Government and Community Relations" in html
    assert len(response.context["said"]) == 10
    assert [s.get_position_display() for s in response.context["stances"]].count("Opposes") == 1
    obama = client.get(reverse("crisis:actor-detail", args=["barack-obama"]))
    assert len(obama.context["participations"]) == 2
    assert len(obama.context["about"]) >= 1


def test_actor_json_ld_is_a_person_with_job_title(client, article):
    data = _jsonld(client.get(reverse("crisis:actor-detail", args=["josh-earnest"])))
    assert data["@type"] == "Person"
    assert data["jobTitle"] == ["White House press secretary"]
    org = _jsonld(client.get(reverse("crisis:actor-detail", args=["uscri"])))
    assert org["@type"] == "Organization" and org["alternateName"] == "USCRI"


def _actor_rows(actor, rows):
    ActorRoleFactory(actor=actor, organisation=ActorFactory())
    for _ in range(rows):
        ClaimFactory(speaker=actor)
        ClaimFactory().actors.add(actor)
        MeetingParticipantFactory(actor=actor)
        StanceFactory(actor=actor)
        CrossingStatisticFactory(country=actor, geography="country_of_origin")


@pytest.mark.parametrize("rows", [5, 50])
def test_actor_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    country = CountryFactory()
    _actor_rows(country, rows)
    # 1: actor JOIN country  2: roles JOIN organisation; each list's capped count and first page:
    # 3-4 claims by them, 5-6 their co-speakers and conflicts  7-8 claims about them, 9-10 theirs
    # 11-12 meetings JOIN meeting  13-14 stances JOIN proposal, claim, speaker, source
    # 15-16 figures about the country JOIN source, country  17: the figures' claims
    with django_assert_num_queries(17):
        response = client.get(country.get_absolute_url())
    said = response.context["said"]
    assert said.paginator.count == 2 * rows  # their own claims and their stances' claims
    assert len(said) == min(2 * rows, 20)


def test_a_countrys_page_lists_its_figures_a_page_at_a_time_and_links_to_all_of_them(client, db):
    country = CountryFactory(slug="honduras")
    CrossingStatisticFactory.create_batch(25, country=country)
    first = client.get(country.get_absolute_url())
    figures = first.context["figures"]
    assert (len(figures), figures.paginator.count) == (20, 25)
    html = first.content.decode()
    assert "1–20 of 25" in html and "/figures/?country=honduras" in html
    second = client.get(country.get_absolute_url() + figures.next_url)
    assert len(second.context["figures"]) == 5


@pytest.mark.parametrize("rows", [5, 50])
def test_actor_list_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    ActorFactory.create_batch(rows, country=CountryFactory())
    # 1: visible actors JOIN country
    with django_assert_num_queries(1):
        client.get(reverse("crisis:actor-list"))


# ---------------------------------------------------------------- meetings

def test_meeting_page_shows_date_participants_and_claims(client, article):
    meeting = Meeting.objects.get(slug="obama-central-american-presidents-2014-07-25")
    response = client.get(meeting.get_absolute_url())
    html = response.content.decode()
    assert "Friday, July 25, 2014" in html
    assert "Otto Pérez Molina" in html and "Host" in html
    assert "Otto Pérez Molina</a>, President of Guatemala" in html
    assert len(response.context["claims"]) == 5
    data = _jsonld(response)
    assert data["@type"] == "Event" and data["startDate"] == "2014-07-25"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_meeting_list_shows_every_meeting(client, article):
    html = client.get(reverse("crisis:meeting-list")).content.decode()
    assert html.count('class="badge badge-meeting-') == 3


@pytest.mark.parametrize("rows", [5, 50])
def test_meeting_pages_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    meeting = MeetingFactory()
    for _ in range(rows):
        MeetingParticipantFactory(meeting=meeting)
        claim = ClaimFactory()
        claim.meetings.add(meeting)
        claim.conflicts_with.add(ClaimFactory())
        MeetingParticipantFactory(meeting=MeetingFactory())
    # 1: meeting JOIN country  2: participants JOIN actor  3: their roles  4: claims about it
    # 5: their co-speakers  6: the claims they conflict with
    with django_assert_num_queries(6):
        client.get(meeting.get_absolute_url())
    # 1: meetings JOIN country  2: their participants JOIN actor
    with django_assert_num_queries(2):
        client.get(reverse("crisis:meeting-list"))


# ---------------------------------------------------------------- funding

def test_funding_page_shows_amount_purposes_and_stage_history(client, article):
    funding = FundingRequest.objects.get()
    html = client.get(funding.get_absolute_url()).content.decode()
    assert "$3.7 billion" in html
    assert "Legal representation for the children" in html
    history = html.split('id="stages-heading"')[1].split("</section>")[0]
    assert "Requested" in history and "July 2014" in history
    assert "/claims/" in history


@pytest.mark.parametrize("rows", [5, 50])
def test_funding_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    change = FundingStageChangeFactory()
    funding = change.request
    for i in range(rows):
        funding.purposes.create(description=f"Purpose {i}", position=i)
        FundingStageChangeFactory(request=funding)
        LegislativeActionFactory(request=funding)
        ClaimFactory().funding_requests.add(funding)
    # 1: request JOIN requester, addressee  2: purposes JOIN agency, claim  3: stage history JOIN
    # claim, source, speaker  4: legislative actions JOIN claim  5: claims about it  6: their
    # co-speakers  7: the claims they conflict with
    with django_assert_num_queries(7):
        response = client.get(funding.get_absolute_url())
    assert len(response.context["stage_changes"]) == rows + 1


# ---------------------------------------------------------------- proposals

def test_proposal_page_sets_supporters_against_opponents_each_with_the_quote(client, article):
    proposal = PolicyProposal.objects.get(slug="roll-back-tvpra-2008-protections")
    response = client.get(proposal.get_absolute_url())
    assert {s.actor.slug for s in response.context["opponents"]} == {"stacie-blake", "uscri"}
    assert response.context["supporters"] == []
    html = response.content.decode()
    assert html.count("This Act had full bipartisan support") == 2 + 1  # two stances, one claim


def test_proposal_list_names_supporters_and_opponents(client, article):
    response = client.get(reverse("crisis:proposal-list"))
    html = response.content.decode()
    assert "Roll back the TVPRA 2008 protections" in html
    assert "$3.7 billion emergency request to Congress" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_proposal_pages_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    proposal = PolicyProposalFactory()
    for i in range(rows):
        proposal.proponents.add(ActorFactory())
        StanceFactory(proposal=proposal, position=Position.OPPOSES if i % 2 else Position.SUPPORTS)
        ClaimFactory().proposals.add(proposal)
        StanceFactory()
    # 1: proposal JOIN the one it implements  2: programs implementing it  3: proponents
    # 4: stances JOIN actor, claim, speaker, source  5: claims about it  6-7: their co-speakers
    # and conflicts
    with django_assert_num_queries(7):
        client.get(proposal.get_absolute_url())
    # 1: proposals  2: their proponents  3: their stances JOIN actor  4: funding requests
    with django_assert_num_queries(4):
        client.get(reverse("crisis:proposal-list"))


# ---------------------------------------------------------------- sources

def test_source_page_lists_every_claim_and_the_citation_chain(client, article):
    source = Source.objects.get(slug="latin-post-obama-central-american-leaders-2014-07")
    response = client.get(source.get_absolute_url())
    assert len(response.context["claims"]) == Claim.objects.filter(source=source).count() == 27
    html = response.content.decode()
    chain = html.split('id="chain-heading"')[1].split("</section>")[0]
    assert "Latin Post" in chain and "cites" in chain and "The New York Times" in chain


def test_cited_source_shows_who_cites_it_and_what_first_appeared_there(client, article):
    nyt = Source.objects.get(slug="nyt-obama-central-american-presidents-2014-07")
    response = client.get(nyt.get_absolute_url())
    assert [s.publisher for s in response.context["cited_by"]] == ["Latin Post"]
    assert len(response.context["relayed"]) == 2
    assert "known only by citation" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_source_pages_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    source = SourceFactory(cites=SourceFactory())
    for _ in range(rows):
        ClaimFactory(source=source)
        ClaimFactory(first_appeared_in=source)
        CrossingStatisticFactory(source=source)
        SourceFactory(cites=source)
    # 1: source JOIN cited source and its citation  2: sources citing it  3: claims from it
    # 4-5: their co-speakers and conflicts  6: claims relayed from it  7-8: their co-speakers and
    # conflicts  9: figures from it  10: the figures' claims
    with django_assert_num_queries(10):
        client.get(source.get_absolute_url())
    # 1: sources JOIN the source each cites
    with django_assert_num_queries(1):
        client.get(reverse("crisis:source-list"))


# ---------------------------------------------------------------- search

def test_reader_searches_claims_quotes_actors_and_sources(client, article):
    response = client.get(reverse("crisis:search"), {"q": "bipartisan"})
    assert [c.import_key for c in response.context["results"]["claims"]] == ["blake-keep-tvpra-protections"]
    actors = client.get(reverse("crisis:search"), {"q": "USCRI"}).context["results"]["actors"]
    assert "uscri" in [a.slug for a in actors]
    sources = client.get(reverse("crisis:search"), {"q": "Latin Post"}).context["results"]["sources"]
    # The New York Times record matches too: its notes say Latin Post cites it.
    assert sources[0].slug == "latin-post-obama-central-american-leaders-2014-07"


def test_empty_search_shows_the_form_only(client, db):
    response = client.get(reverse("crisis:search"))
    assert response.status_code == 200
    assert response.context["total"] == 0


@pytest.mark.parametrize("rows", [5, 50])
def test_search_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    for i in range(rows):
        ClaimFactory(text=f"Children crossing number {i}", occurred_on=datetime.date(2014, 7, 1))
        ActorFactory(description="Works with children")
        SourceFactory(title=f"Children report {i}")
    # 1: how many of each kind match  2: the best claims JOIN speaker, source  3: actors
    # 4: sources (the kinds with no match are not read)
    with django_assert_num_queries(4):
        response = client.get(reverse("crisis:search"), {"q": "children"})
    assert response.context["total"] == 3 * rows


def test_every_page_of_the_article_answers_200(client, article):
    urls = [reverse(name) for name in (
        "crisis:home", "crisis:timeline", "crisis:timeline-feed", "crisis:figure-list",
        "crisis:figure-csv", "crisis:actor-list", "crisis:meeting-list", "crisis:proposal-list",
        "crisis:source-list", "crisis:search",
    )]
    for model in (Actor, Meeting, FundingRequest, PolicyProposal, Source, Claim):
        urls += [record.get_absolute_url() for record in model.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
