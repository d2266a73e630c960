"""The add-claim page: a claim with its source, speaker and what it establishes, saved together."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from crisis import services
from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    EventAction,
    FundingStage,
    FundingStageChange,
    Meeting,
    Position,
    RecordStatus,
    Source,
    Stance,
)
from tests.editor_support import NEW_FIGURE, NEW_SOURCE, add_claim_data
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    CrossingStatisticFactory,
    FundingRequestFactory,
    PolicyProposalFactory,
    SourceFactory,
    events_of,
)

URL = reverse("crisis:claim-add")


def counts():
    return [m.objects.count() for m in (Claim, Source, Actor, CrossingStatistic, Meeting, Stance,
                                        FundingStageChange)]


def test_editor_adds_a_draft_claim_from_an_existing_source(editor_client, editor):
    source, speaker, about = SourceFactory(), ActorFactory(), ActorFactory()
    response = editor_client.post(URL, add_claim_data(
        source, **{"claim-speaker": speaker.pk, "claim-actors": [about.pk],
                   "claim-said_on": "mid-June 2014"},
    ))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("crisis:claim-edit", args=[claim.pk])
    assert (claim.status, claim.source, claim.speaker, claim.created_by) == (
        RecordStatus.DRAFT, source, speaker, editor)
    assert list(claim.actors.all()) == [about]
    assert claim.said_display == "mid-June 2014"
    assert events_of(claim).get().action == EventAction.CREATED


def test_editor_adds_a_claim_with_a_new_source_and_a_new_speaker(editor_client, editor):
    response = editor_client.post(URL, add_claim_data(**NEW_SOURCE, **{
        "speaker-name": "Jane Doe", "speaker-kind": "person", "speaker-description": "A spokesperson.",
    }))
    assert response.status_code == 302
    claim = Claim.objects.select_related("source", "speaker").get()
    assert claim.source.url == NEW_SOURCE["source-url"]
    assert claim.source.slug == "children-keep-crossing-at-the-border"
    assert (claim.source.status, claim.source.created_by) == (RecordStatus.DRAFT, editor)
    assert (claim.speaker.name, claim.speaker.slug, claim.speaker.status) == (
        "Jane Doe", "jane-doe", RecordStatus.DRAFT)


def test_a_new_speaker_whose_name_is_taken_gets_a_slug_of_its_own(editor_client):
    ActorFactory(name="Jane Doe", slug="jane-doe")
    editor_client.post(URL, add_claim_data(SourceFactory(), **{"speaker-name": "Jane Doe"}))
    assert Claim.objects.get().speaker.slug == "jane-doe-2"


def test_editor_adds_a_claim_that_establishes_a_figure(editor_client):
    response = editor_client.post(URL, add_claim_data(**NEW_SOURCE, **NEW_FIGURE))
    assert response.status_code == 302
    claim = Claim.objects.get()
    figure = CrossingStatistic.objects.get()
    assert list(claim.statistics.all()) == [figure]
    assert figure.source == claim.source
    assert figure.value == Decimal("283")
    assert figure.area == "Rio Grande Valley"
    assert figure.status == RecordStatus.DRAFT
    assert figure.as_of == datetime.date(2014, 7, 13), "as-of falls back to the period's end"


def test_editor_adds_a_claim_that_establishes_a_meeting(editor_client):
    editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "meeting-title": "Obama meets Central American presidents", "meeting-date": "2014-07-25",
        "meeting-place": "White House",
    }))
    meeting = Meeting.objects.get()
    assert meeting.slug == "obama-meets-central-american-presidents"
    assert list(Claim.objects.get().meetings.all()) == [meeting]


def test_editor_records_a_funding_stage_change_that_applies_when_published(editor_client, editor, reviewer):
    request = FundingRequestFactory(stage=FundingStage.REQUESTED)
    editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "funding-request": request.pk, "funding-stage": FundingStage.PASSED_ONE_CHAMBER,
        "funding-date": "2014-08-01",
    }))
    claim = Claim.objects.get()
    change = FundingStageChange.objects.get()
    assert change.claim == claim
    request.refresh_from_db()
    assert request.stage == FundingStage.REQUESTED, "a draft claim does not move the request yet"
    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    request.refresh_from_db()
    assert request.stage == FundingStage.PASSED_ONE_CHAMBER


def test_a_stance_defaults_to_the_speaker(editor_client):
    speaker, proposal = ActorFactory(), PolicyProposalFactory()
    editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "claim-speaker": speaker.pk, "stance-proposal": proposal.pk, "stance-position": Position.OPPOSES,
    }))
    stance = Stance.objects.get()
    assert (stance.actor, stance.proposal, stance.claim) == (speaker, proposal, Claim.objects.get())
    assert list(stance.claim.proposals.all()) == [proposal]


def test_a_stance_without_actor_or_speaker_is_refused_and_nothing_is_saved(editor_client):
    source, proposal = SourceFactory(), PolicyProposalFactory()
    before = counts()
    response = editor_client.post(URL, add_claim_data(source, **{
        "stance-proposal": proposal.pk, "stance-position": Position.SUPPORTS,
    }))
    assert response.status_code == 200
    assert "A stance needs an actor" in response.content.decode()
    assert counts() == before


# Validation an editor understands ---------------------------------------------------------------

def test_a_claim_without_a_source_is_refused_with_a_message(editor_client):
    response = editor_client.post(URL, add_claim_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "A claim needs a source: pick an existing one or add a new one below." in html
    assert "Nothing was saved yet" in html
    assert not Claim.objects.exists()


def test_picking_a_source_and_adding_a_new_one_is_refused(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **NEW_SOURCE))
    assert "Pick an existing source or add a new one below, not both." in response.content.decode()
    assert Source.objects.count() == 1


def test_a_new_source_needs_a_title_and_publisher(editor_client):
    response = editor_client.post(URL, add_claim_data(**{"source-url": "https://example.org/x"}))
    assert response.status_code == 200
    assert response.context["forms"]["new_source"].errors.keys() == {"title", "publisher"}
    assert not Source.objects.exists()


def test_a_new_source_with_a_known_url_is_refused_on_its_url(editor_client):
    existing = SourceFactory(url=NEW_SOURCE["source-url"], title="Already here")
    response = editor_client.post(URL, add_claim_data(**NEW_SOURCE))
    assert response.context["forms"]["new_source"].errors["url"] == ["A source with this URL already exists."]
    assert list(Source.objects.all()) == [existing]


def test_what_is_claimed_is_required(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{"claim-text": ""}))
    assert response.context["forms"]["claim"].errors["text"] == ["This field is required."]


def test_a_quote_claim_needs_the_quote(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{
        "claim-kind": "quote", "claim-quote": ""}))
    assert "A claim of kind “Quote” needs the exact words." in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize("missing", ["figure-value", "figure-period_start", "figure-period_end",
                                     "figure-unit", "figure-geography"])
def test_a_figure_needs_value_unit_period_and_geography(editor_client, missing):
    data = add_claim_data(SourceFactory(), **{**NEW_FIGURE, missing: ""})
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "A figure needs a value, a unit, a period and a geography." in response.content.decode()
    assert not Claim.objects.exists()
    assert not CrossingStatistic.objects.exists()


def test_a_figure_whose_period_ends_before_it_starts_is_refused(editor_client):
    response = editor_client.post(URL, add_claim_data(SourceFactory(), **{
        **NEW_FIGURE, "figure-period_end": "2014-07-01"}))
    assert response.context["forms"]["figure"].errors["period_end"] == [
        "The period cannot end before it starts."]
    assert not Claim.objects.exists()


def test_a_figure_the_source_already_has_is_refused_with_the_rule(editor_client):
    source = SourceFactory()
    CrossingStatisticFactory(source=source, metric="uac_daily_average", geography="border_sector",
                             area="Rio Grande Valley", period_start=datetime.date(2014, 7, 7),
                             period_end=datetime.date(2014, 7, 13))
    response = editor_client.post(URL, add_claim_data(source, **NEW_FIGURE))
    assert ("This source already has a figure for this measure, geography, area and period."
            in response.content.decode())
    assert CrossingStatistic.objects.count() == 1
    assert not Claim.objects.exists()


def test_bad_input_keeps_what_the_editor_typed(editor_client):
    response = editor_client.post(URL, add_claim_data(**{"claim-quote": "Words worth keeping."}))
    assert "Words worth keeping." in response.content.decode()


# Duplicates -----------------------------------------------------------------------------------

def test_the_same_quote_from_the_same_source_is_flagged_with_a_link(editor_client):
    existing = ClaimFactory(quote="We are seeing 283 children a day in the Rio Grande Valley.")
    response = editor_client.post(URL, add_claim_data(existing.source, **{
        "claim-quote": "  we are seeing 283 children a day in the  Rio Grande Valley. "}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "likely a duplicate" in html
    assert reverse("crisis:claim-edit", args=[existing.pk]) in html
    assert Claim.objects.count() == 1


def test_the_editor_can_confirm_a_flagged_duplicate_and_save(editor_client):
    existing = ClaimFactory(quote="We are seeing 283 children a day in the Rio Grande Valley.")
    response = editor_client.post(URL, add_claim_data(existing.source, **{"claim-confirm_duplicate": "on"}))
    assert response.status_code == 302
    assert Claim.objects.count() == 2


def test_the_same_quote_from_another_source_is_not_a_duplicate(editor_client):
    ClaimFactory(quote="We are seeing 283 children a day in the Rio Grande Valley.")
    response = editor_client.post(URL, add_claim_data(SourceFactory()))
    assert response.status_code == 302


# Atomicity ------------------------------------------------------------------------------------

def test_a_failing_part_leaves_nothing_saved(editor_client, monkeypatch):
    """The stance is saved last; when the database refuses it, the claim, the new source, the
    new speaker, the figure and the meeting all roll back with it."""

    def refuse(self, *args, **kwargs):
        raise IntegrityError("stance refused")

    monkeypatch.setattr(Stance, "save", refuse)
    proposal = PolicyProposalFactory()
    before = counts()
    response = editor_client.post(URL, add_claim_data(**NEW_SOURCE, **NEW_FIGURE, **{
        "speaker-name": "Jane Doe", "meeting-title": "A meeting", "meeting-date": "2014-07-25",
        "stance-proposal": proposal.pk, "stance-position": Position.SUPPORTS,
    }))
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert response.context["forms"]["stance"].non_field_errors()
    assert counts() == before
    assert not Claim.history.exists()
