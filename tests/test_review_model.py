"""The review model, tried as a newsroom would break it: two editors and a reviewer on the desk,
the API and the admin at once. Each test reproduces one way readers could have been shown
something nobody reviewed, and checks that it no longer happens."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from crisis import services
from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    EventAction,
    FundingStage,
    Meeting,
    PolicyProposal,
    RecordStatus,
    Stance,
    kind_of,
)
from tests import factories as f
from tests.factories import events_of

DRAFT, IN_REVIEW, PUBLISHED = RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.PUBLISHED


def account(username, role, staff=False):
    user = User.objects.create_user(username, password=f"{username}-pass-9876", is_staff=staff)
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def alice(db):
    return account("alice", "Editors")


@pytest.fixture
def bob(db):
    return account("bob", "Editors")


@pytest.fixture
def rita(db):
    return account("rita", "Reviewers")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def draft_claim(user, **kwargs):
    kwargs.setdefault("source", f.SourceFactory())
    kwargs.setdefault("speaker", f.ActorFactory())
    return services.record_create(Claim, user=user, fields={"text": "A statement.", **kwargs})


def patch(client, url, data):
    return client.patch(url, data, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])


# -- unreviewed publication -------------------------------------------------------------------------


def test_a_stance_on_an_already_published_claim_is_refused_and_nothing_becomes_public(alice):
    claim, proposal, actor = f.ClaimFactory(), f.PolicyProposalFactory(), f.ActorFactory(draft=True)
    response = api(alice).post(reverse("v1:stance-list"), {
        "actor": actor.slug, "proposal": proposal.slug, "position": "supports", "claim": claim.pk,
    }, format="json")
    assert response.status_code == 400
    assert "claim" in response.json()
    assert not Stance.objects.exists()
    assert actor.name not in Client().get(reverse("crisis:proposal-list")).content.decode()


def test_re_pointing_another_editors_draft_stance_at_a_published_claim_is_refused(alice, bob):
    stance = f.StanceFactory(draft=True, created_by=bob, claim=draft_claim(bob))
    url = reverse("v1:stance-detail", args=[stance.pk])
    response = patch(api(alice), url, {"claim": f.ClaimFactory().pk})
    assert response.status_code == 403
    stance.refresh_from_db()
    assert stance.status == DRAFT


def test_an_editor_cannot_point_their_own_draft_stance_at_a_published_claim(alice):
    stance = f.StanceFactory(draft=True, created_by=alice, claim=draft_claim(alice))
    url = reverse("v1:stance-detail", args=[stance.pk])
    response = patch(api(alice), url, {"claim": f.ClaimFactory().pk})
    assert response.status_code == 400 and "claim" in response.json()


# -- drafts reaching readers through published records -------------------------------------------------


def test_publishing_brings_the_editors_own_draft_country_along_and_lists_it(alice, rita):
    country = services.record_create(Actor, user=alice, fields={
        "name": "Atlantis", "slug": "atlantis", "kind": "country", "country_code": "AT"})
    claim = draft_claim(alice)
    figure = services.record_create(CrossingStatistic, user=alice, fields={
        "metric": "uac_arrivals", "value": 120, "geography": "country_of_origin", "country": country,
        "as_of": datetime.date(2014, 7, 1), "source": claim.source}, relations={"claims": [claim]})
    submitted = api(alice).post(reverse("v1:claim-submit", args=[claim.pk]))
    assert submitted.status_code == 200
    review = api(rita).get(reverse("v1:claim-review", args=[claim.pk])).json()
    assert {(r["type"], r["id"]) for r in review["records"]} == {
        ("claim", claim.pk), ("figure", figure.pk), ("actor", country.pk)}
    published = api(rita).post(reverse("v1:claim-publish", args=[claim.pk])).json()
    assert {(r["type"], r["id"]) for r in published["made_public"]} == {
        ("claim", claim.pk), ("figure", figure.pk), ("actor", country.pk)}
    country.refresh_from_db()
    assert country.status == PUBLISHED


def test_a_published_record_is_never_pointed_at_a_draft_through_the_api_or_the_admin(alice, rita):
    draft_source = services.record_create(type(f.SourceFactory.build()), user=alice, fields={
        "title": "Unchecked wire copy", "slug": "wire", "publisher": "Hidden Wire"})
    public = f.SourceFactory()
    url = reverse("v1:source-detail", args=[public.slug])
    for client in (api(alice), api(rita)):
        assert patch(client, url, {"cites": draft_source.slug}).status_code == 409
    response = api(rita).post(reverse("v1:source-detail", args=[public.slug]) + "correct/", {
        "cites": draft_source.slug, "note": "Cites the wire."}, format="json",
        HTTP_IF_MATCH=api(rita).get(reverse("v1:source-detail", args=[public.slug]))["ETag"])
    assert response.status_code == 409 and response.json()["code"] == "unpublished_reference"
    staff = account("stan", "Editors", staff=True)
    admin = Client()
    admin.force_login(staff)
    change = reverse("admin:crisis_source_change", args=[public.pk])
    response = admin.post(change, {"title": public.title, "slug": public.slug, "publisher": "x",
                                   "kind": public.kind, "cites": draft_source.pk})
    assert response.status_code == 403
    public.refresh_from_db()
    assert public.cites is None


def test_a_record_whose_references_are_hidden_is_hidden_with_them(db):
    """Rows written around the services (a bad import, a shell) still never show a draft."""
    source = f.SourceFactory(cites=f.SourceFactory(draft=True, publisher="Hidden Wire"))
    claim = f.ClaimFactory(source=source)
    figure = f.CrossingStatisticFactory(country=f.CountryFactory(draft=True, name="Atlantis"))
    reader = Client()
    assert reader.get(source.get_absolute_url()).status_code == 404
    assert reader.get(claim.get_absolute_url()).status_code == 404
    assert reader.get(figure.get_absolute_url()).status_code == 404
    for url in ("/api/v1/figures/?format=csv", "/figures.csv", "/api/v1/claims/", "/timeline/feed/"):
        body = reader.get(url)
        text = b"".join(body.streaming_content) if body.streaming else body.content
        assert b"Hidden Wire" not in text and b"Atlantis" not in text


# -- the review cannot be bypassed -----------------------------------------------------------------


def test_editing_a_part_of_a_claim_in_review_returns_the_claim_to_draft(alice, rita):
    claim = draft_claim(alice)
    figure = services.record_create(CrossingStatistic, user=alice, fields={
        "metric": "uac_arrivals", "value": 1000, "as_of": datetime.date(2014, 7, 1), "source": claim.source,
    }, relations={"claims": [claim]})
    services.claim_submit(claim=claim, user=alice)
    response = patch(api(alice), reverse("v1:figure-detail", args=[figure.pk]), {"value": "99999"})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == DRAFT
    assert events_of(claim).last().action == EventAction.RETURNED
    refused = api(rita).post(reverse("v1:claim-publish", args=[claim.pk]))
    assert refused.status_code == 409
    figure.refresh_from_db()
    assert figure.status == DRAFT


def test_a_new_stance_on_a_claim_in_review_returns_the_claim_to_draft(rita):
    claim = draft_claim(rita)
    services.claim_submit(claim=claim, user=rita)
    response = api(rita).post(reverse("v1:stance-list"), {
        "actor": claim.speaker.slug, "proposal": f.PolicyProposalFactory().slug, "position": "opposes",
        "claim": claim.pk}, format="json")
    assert response.status_code == 201
    claim.refresh_from_db()
    assert claim.status == DRAFT


# -- publishing drags in nobody else's drafts ------------------------------------------------------


@pytest.mark.parametrize("kind", ["figure", "meeting", "speaker", "source"])
def test_a_claim_naming_another_editors_draft_is_refused_and_names_it(alice, bob, rita, kind):
    theirs = {
        "figure": lambda: f.CrossingStatisticFactory(draft=True, created_by=bob),
        "meeting": lambda: f.MeetingFactory(draft=True, created_by=bob),
        "speaker": lambda: f.ActorFactory(draft=True, created_by=bob, name="Bob's source person"),
        "source": lambda: f.SourceFactory(draft=True, created_by=bob),
    }[kind]()
    fields = {"speaker": theirs} if kind == "speaker" else {"source": theirs} if kind == "source" else {}
    claim = draft_claim(alice, **fields)
    if kind == "figure":
        claim.statistics.add(theirs)
    if kind == "meeting":
        claim.meetings.add(theirs)
    response = api(alice).post(reverse("v1:claim-submit", args=[claim.pk]))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "foreign_drafts" and "entered by bob" in body["detail"]
    assert [(r["type"], r["id"]) for r in body["records"]] == [(kind_of(theirs), theirs.pk)]
    theirs.refresh_from_db()
    assert theirs.status == DRAFT


# -- reviewers do not edit public facts in place ---------------------------------------------------


def test_a_reviewer_cannot_patch_a_public_meeting_or_a_requests_stage(rita):
    meeting, request = f.MeetingFactory(meeting_status="scheduled"), f.FundingRequestFactory()
    meeting_url = reverse("v1:meeting-detail", args=[meeting.slug])
    assert patch(api(rita), meeting_url, {"meeting_status": "cancelled"}).status_code == 409
    request_url = reverse("v1:funding-request-detail", args=[request.slug])
    assert patch(api(rita), request_url, {"stage": "rejected"}).status_code == 409
    meeting.refresh_from_db(), request.refresh_from_db()
    assert (meeting.meeting_status, request.stage) == ("scheduled", FundingStage.REQUESTED)


def test_a_public_meeting_changes_through_a_claim_that_establishes_it(alice, rita):
    meeting = f.MeetingFactory(meeting_status="scheduled", outcome="")
    claim = draft_claim(alice, text="The leaders met on Friday and agreed to cooperate.")
    new_values = {"meeting_status": "held", "outcome": "They agreed to cooperate."}
    response = patch(api(alice), reverse("v1:meeting-detail", args=[meeting.slug]),
                     {**new_values, "proposed_by_claim": claim.pk})
    assert response.status_code == 202, response.content
    meeting.refresh_from_db()
    assert meeting.meeting_status == "scheduled", "nothing changes before the review"
    services.claim_submit(claim=claim, user=alice)
    review = api(rita).get(reverse("v1:claim-review", args=[claim.pk])).json()
    assert review["changes"][0]["changes"] == new_values
    body = api(rita).post(reverse("v1:claim-publish", args=[claim.pk])).json()
    assert body["changes_applied"][0]["record_id"] == meeting.pk
    meeting.refresh_from_db()
    assert (meeting.meeting_status, meeting.version) == ("held", 2)
    assert events_of(meeting).last().action == EventAction.UPDATED and events_of(meeting).last().public


def test_a_requests_stage_follows_its_published_steps(alice, rita):
    request = f.FundingRequestFactory()
    claim = draft_claim(alice)
    f.FundingStageChangeFactory(draft=True, created_by=alice, request=request, claim=claim,
                                stage=FundingStage.PASSED_ONE_CHAMBER, date=datetime.date(2014, 7, 31))
    request.refresh_from_db()
    assert request.stage == FundingStage.REQUESTED
    services.claim_submit(claim=claim, user=alice)
    services.claim_publish(claim=claim, user=rita)
    request.refresh_from_db()
    assert request.stage == FundingStage.PASSED_ONE_CHAMBER
    services.claim_retract(claim=claim, user=rita, note="The vote was misreported.")
    request.refresh_from_db()
    assert request.stage == FundingStage.REQUESTED


# -- retraction follows through --------------------------------------------------------------------


def test_retracting_the_only_claim_behind_a_figure_and_a_stance_withdraws_both_everywhere(rita):
    claim = f.ClaimFactory(text="The only source of the number.")
    figure = f.CrossingStatisticFactory(metric="uac_arrivals", value=61000, as_of=datetime.date(2014, 8, 1))
    claim.statistics.add(figure)
    stance = f.StanceFactory(claim=claim)
    services.claim_retract(claim=claim, user=rita, note="The agency never said it.")
    figure.refresh_from_db(), stance.refresh_from_db()
    assert (figure.status, stance.status) == (RecordStatus.WITHDRAWN, RecordStatus.WITHDRAWN)
    reader = Client()
    home = reader.get(reverse("crisis:home"))
    assert figure not in home.context["figures"], "a withdrawn figure does not headline"
    assert "Withdrawn" in home.content.decode(), "where it is listed, it is marked"
    table = reader.get(reverse("crisis:figure-list")).content.decode()
    assert "Withdrawn" in table
    for url in (reverse("crisis:figure-csv"), "/api/v1/figures/?format=csv"):
        rows = list(csv.DictReader(io.StringIO(b"".join(reader.get(url).streaming_content).decode())))
        assert [(row["status"], row["correction_note"]) for row in rows] == [
            ("withdrawn", f"Withdrawn: the claim it rested on (claim #{claim.pk}) was retracted. "
                          "The agency never said it.")]
    assert "Withdrawn" in reader.get(reverse("crisis:proposal-list")).content.decode()
    assert reader.get(reverse("v1:figure-detail", args=[figure.pk])).json()["status"] == "withdrawn"
    page = reader.get(figure.get_absolute_url()).content.decode()
    assert "The agency never said it." in page


def test_a_figure_backed_by_another_published_claim_stays_published(rita):
    shaky, solid = f.ClaimFactory(), f.ClaimFactory()
    figure = f.CrossingStatisticFactory()
    shaky.statistics.add(figure)
    solid.statistics.add(figure)
    services.claim_retract(claim=shaky, user=rita, note="Misattributed.")
    figure.refresh_from_db()
    assert figure.status == PUBLISHED


def test_the_atom_entry_of_a_retracted_claim_says_so_with_its_note(rita):
    claim = f.ClaimFactory(occurred_on=datetime.date(2014, 7, 2), text="Shelters are full.")
    services.claim_retract(claim=claim, user=rita, note="The shelters had room.")
    feed = Client().get(reverse("crisis:timeline-feed")).content.decode()
    assert "Retracted" in feed and "The shelters had room." in feed


# -- the admin is no side door -----------------------------------------------------------------------


def test_a_staff_editor_cannot_edit_a_published_claim_or_publish_a_draft_in_the_admin(db):
    staff = account("stan", "Editors", staff=True)
    client = Client()
    client.force_login(staff)
    published, draft = f.ClaimFactory(text="As published."), f.ClaimFactory(draft=True, created_by=staff)
    change = reverse("admin:crisis_claim_change", args=[published.pk])
    assert client.get(change).status_code == 200  # readable
    response = client.post(change, {"text": "Edited in the admin.", "source": published.source_id})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.text == "As published."
    change = reverse("admin:crisis_claim_change", args=[draft.pk])
    form = client.get(change).context["adminform"].form
    assert "status" not in form.fields and form.fields["based_on"].initial == draft.version
    response = client.post(change, {
        "text": "Reworded.", "source": draft.source_id, "speaker": draft.speaker_id, "kind": "fact",
        "rank": "normal", "said_on": "2014-07-18", "said_on_precision": "day",
        "occurred_on_precision": "day", "based_on": draft.version, "status": "published",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.text, draft.status, draft.version) == ("Reworded.", DRAFT, 2)


# -- every kind of record reaches readers --------------------------------------------------------------


def test_a_new_proposal_and_an_actor_who_only_attends_a_meeting_reach_readers_with_the_claim(alice, rita):
    claim = draft_claim(alice)
    client = api(alice)
    proposal = client.post(reverse("v1:proposal-list"), {
        "title": "In-country processing", "slug": "in-country", "summary": "Hear claims at home."},
        format="json")
    assert proposal.status_code == 201
    guest = client.post(reverse("v1:actor-list"), {"name": "A deputy minister", "slug": "deputy"},
                        format="json")
    assert guest.status_code == 201
    meeting = client.post(reverse("v1:meeting-list"), {
        "title": "Follow-up", "slug": "follow-up", "date": "2014-08-01", "claims": [claim.pk],
        "participants": [{"actor": "deputy", "role": "attendee"},
                         {"actor": claim.speaker.slug, "role": "host"}],
    }, format="json")
    assert meeting.status_code == 201, meeting.content
    stance = client.post(reverse("v1:stance-list"), {
        "actor": claim.speaker.slug, "proposal": "in-country", "position": "supports", "claim": claim.pk,
    }, format="json")
    assert stance.status_code == 201, stance.content
    services.claim_submit(claim=claim, user=alice)
    services.claim_publish(claim=claim, user=rita)
    reader = Client()
    assert reader.get(reverse("crisis:proposal-detail", args=["in-country"])).status_code == 200
    page = reader.get(reverse("crisis:meeting-detail", args=["follow-up"])).content.decode()
    assert "A deputy minister" in page
    assert PolicyProposal.objects.get(slug="in-country").status == PUBLISHED
    assert Meeting.objects.get(slug="follow-up").status == PUBLISHED
