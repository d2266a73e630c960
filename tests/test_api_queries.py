"""Every list endpoint reads a fixed number of queries, with 5 rows as with 50."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f


def sources(n):
    f.SourceFactory.create_batch(n, cites=f.SourceFactory())


def actors(n):
    country = f.CountryFactory()
    for actor in f.ActorFactory.create_batch(n, country=country):
        f.ActorRoleFactory(actor=actor, organisation=country)
        f.ClaimFactory().actors.add(actor)


def meetings(n):
    for meeting in f.MeetingFactory.create_batch(n, country=f.CountryFactory()):
        f.MeetingParticipantFactory(meeting=meeting)
        f.ClaimFactory().meetings.add(meeting)


def funding_requests(n):
    for request in f.FundingRequestFactory.create_batch(n):
        request.purposes.create(description="Border security")
        f.FundingStageChangeFactory(request=request)
        f.ClaimFactory().funding_requests.add(request)


def proposals(n):
    for proposal in f.PolicyProposalFactory.create_batch(n):
        proposal.proponents.add(f.ActorFactory())
        f.StanceFactory(proposal=proposal)
        f.ClaimFactory().proposals.add(proposal)


def stances(n):
    f.StanceFactory.create_batch(n)


def funding_steps(n):
    f.FundingStageChangeFactory.create_batch(n)


def legislative_actions(n):
    f.LegislativeActionFactory.create_batch(n)


def figures(n):
    for figure in f.CrossingStatisticFactory.create_batch(n, country=f.CountryFactory()):
        f.ClaimFactory().statistics.add(figure)


def claims(n):
    for claim in f.ClaimFactory.create_batch(n, first_appeared_in=f.SourceFactory()):
        claim.actors.add(f.ActorFactory())
        claim.meetings.add(f.MeetingFactory())
        claim.funding_requests.add(f.FundingRequestFactory())
        claim.proposals.add(f.PolicyProposalFactory())
        claim.statistics.add(f.CrossingStatisticFactory())
        claim.conflicts_with.add(f.ClaimFactory())


def timeline(n):
    for i in range(n):
        day = datetime.date(2014, 7, 1) + datetime.timedelta(days=i % 28)
        claim = f.ClaimFactory(occurred_on=day)
        claim.actors.add(f.ActorFactory())
        meeting = f.MeetingFactory(date=day)
        f.MeetingParticipantFactory(meeting=meeting)
        claim.meetings.add(meeting)
        f.FundingStageChangeFactory(date=day, claim=claim)
        claim.statistics.add(f.CrossingStatisticFactory(as_of=day))


def changes(n):
    from crisis.models import EventAction
    from crisis.services import record_event

    for record in [*f.SourceFactory.create_batch(n), *f.ClaimFactory.create_batch(n)]:
        record_event(record, EventAction.PUBLISHED, None, old_status="in_review")


# The first query of every list is the state of the data, for the ETag (the latest event's id, one
# lookup on its primary key). Then the page count and the page itself.
ENDPOINTS = [
    # 1 data state  2 count  3 sources JOIN cited source
    ("v1:source-list", {}, sources, 3),
    # 1 data state  2 count  3 actors JOIN country  4 roles JOIN organisation
    # 5 claims about them JOIN speaker, source
    ("v1:actor-list", {}, actors, 5),
    # 1 data state  2 count  3 meetings JOIN country  4 participants JOIN actor  5 their roles
    # 6 backing claims JOIN speaker, source
    ("v1:meeting-list", {}, meetings, 6),
    # 1 data state  2 count  3 requests JOIN requester, addressee  4 purposes JOIN agency, claim
    # 5 stage changes JOIN claim, speaker, source  6 legislative actions JOIN claim, speaker, source
    # 7 backing claims JOIN speaker, source
    ("v1:funding-request-list", {}, funding_requests, 7),
    # 1 data state  2 count  3 proposals  4 proponents  5 stances JOIN actor, claim, source
    # 6 backing claims JOIN speaker, source
    ("v1:proposal-list", {}, proposals, 6),
    # 1 data state  2 count  3 stances JOIN actor, proposal, claim, speaker, source
    ("v1:stance-list", {}, stances, 3),
    # 1 data state  2 count  3 steps JOIN request, claim, speaker, source
    ("v1:funding-stage-list", {}, funding_steps, 3),
    # 1 data state  2 count  3 actions JOIN request, claim, speaker, source
    ("v1:legislative-action-list", {}, legislative_actions, 3),
    # 1 data state  2 count  3 figures JOIN source, country, origin  4 backing claims JOIN speaker, source
    ("v1:figure-list", {}, figures, 4),
    # 1 data state  2 count  3 claims JOIN speaker, source, cited source, first source
    # 4 co-speakers JOIN actor  5-10 conflicting claims, actors, meetings, funding requests,
    # proposals, figures
    ("v1:claim-list", {}, claims, 10),
    # 1 data state  2 the page's keys (one UNION ALL)  3 the capped count  4 claims JOIN speaker,
    # source  5 their actors  6 meetings  7 participants JOIN actor  8 meetings' claims
    # 9 funding steps JOIN request, actors, claim  10 figures  11 figures' claims
    ("v1:timeline-list", {}, timeline, 11),
    # 1 data state  2 count of the events  3 one page of them  4 the slugs of the sources on the
    # page (claims are linked by id)
    ("v1:changes-list", {"since": "2000-01-01T00:00:00Z"}, changes, 4),
]


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(
    ("name", "params", "build", "expected"), ENDPOINTS, ids=[e[0].split(":")[1] for e in ENDPOINTS]
)
def test_a_reader_listing_costs_the_same_queries_for_5_and_50_rows(
    db, client, django_assert_num_queries, name, params, build, expected, rows
):
    build(rows)
    with django_assert_num_queries(expected):
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response.json()["count"] >= rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_figures_csv_export_costs_the_same_queries_for_5_and_50_rows(
    db, client, django_assert_num_queries, rows
):
    figures(rows)
    # 1 data state  2 figures JOIN source, country  3 backing claims (one batch of 500 rows)
    with django_assert_num_queries(3):
        response = client.get(reverse("v1:figure-list"), {"format": "csv"})
        body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == rows + 1


@pytest.mark.parametrize("rows", [5, 50])
def test_the_timelinejs_document_costs_the_same_queries_for_5_and_50_rows(
    db, client, django_assert_num_queries, rows
):
    timeline(rows)
    with django_assert_num_queries(10):  # as the JSON timeline, without the count
        response = client.get(reverse("v1:timeline-list"), {"format": "timelinejs"})
    assert len(response.json()["events"]) == rows * 4


@pytest.mark.parametrize("rows", [5, 50])
def test_an_editor_listing_claims_costs_the_same_queries_for_5_and_50_rows(
    editor_client, django_assert_num_queries, rows
):
    claims(rows)
    # 1 session  2 user  3-4 the editor's permissions (user's, group's), read once per request
    # then as for a reader: data state, count, page, 7 prefetches
    with django_assert_num_queries(14):
        response = editor_client.get(reverse("v1:claim-list"))
    assert response.status_code == 200
