"""Every database constraint refuses a bad row, on SQLite and PostgreSQL alike."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from crisis import models
from tests import factories as f

pytestmark = pytest.mark.django_db


def assert_refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


PUBLISHABLE = [
    f.SourceFactory, f.ActorFactory, f.MeetingFactory, f.FundingRequestFactory,
    f.PolicyProposalFactory, f.CrossingStatisticFactory, f.ClaimFactory,
]


@pytest.mark.parametrize("factory", PUBLISHABLE, ids=lambda fac: fac._meta.model.__name__)
def test_every_record_refuses_an_unknown_status(factory):
    record = factory()
    assert_refused(lambda: type(record).objects.filter(pk=record.pk).update(status="rumour"))


@pytest.mark.parametrize("factory", PUBLISHABLE, ids=lambda fac: fac._meta.model.__name__)
def test_a_published_record_needs_a_publication_time(factory):
    assert_refused(lambda: factory(status=models.RecordStatus.PUBLISHED, published_at=None))


@pytest.mark.parametrize("factory", PUBLISHABLE, ids=lambda fac: fac._meta.model.__name__)
def test_a_draft_needs_no_publication_time(factory):
    assert factory(draft=True).published_at is None


def test_source_kind_must_be_known():
    assert_refused(lambda: f.SourceFactory(kind="tweet"))


def test_two_sources_cannot_share_a_url():
    f.SourceFactory(url="https://news.example.org/a")
    assert_refused(lambda: f.SourceFactory(url="https://news.example.org/a"))


def test_many_sources_may_have_no_url():
    f.SourceFactory(url="")
    f.SourceFactory(url="")
    assert models.Source.objects.filter(url="").count() == 2


def test_a_source_cannot_cite_itself():
    source = f.SourceFactory()
    assert_refused(lambda: models.Source.objects.filter(pk=source.pk).update(cites=source))


def test_a_source_behind_a_claim_cannot_be_deleted():
    claim = f.ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.source.delete()


def test_a_speaker_with_claims_cannot_be_deleted():
    claim = f.ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.speaker.delete()


def test_actor_kind_must_be_known():
    assert_refused(lambda: f.ActorFactory(kind="alien"))


def test_only_countries_have_a_country_code():
    assert_refused(lambda: f.ActorFactory(kind=models.ActorKind.PERSON, country_code="HN"))


def test_country_codes_are_unique():
    f.CountryFactory(country_code="HN")
    assert_refused(lambda: f.CountryFactory(country_code="HN"))


def test_a_role_cannot_end_before_it_starts():
    assert_refused(
        lambda: f.ActorRoleFactory(
            start_date=datetime.date(2014, 1, 1), end_date=datetime.date(2013, 1, 1)
        )
    )


def test_the_same_role_is_recorded_once():
    role = f.ActorRoleFactory(organisation=f.CountryFactory())
    assert_refused(
        lambda: f.ActorRoleFactory(actor=role.actor, title=role.title, organisation=role.organisation)
    )


def test_meeting_status_must_be_known():
    assert_refused(lambda: f.MeetingFactory(meeting_status="rumoured"))


def test_a_participant_is_listed_once_per_meeting():
    participation = f.MeetingParticipantFactory()
    assert_refused(
        lambda: f.MeetingParticipantFactory(
            meeting=participation.meeting, actor=participation.actor, role=models.ParticipantRole.HOST
        )
    )


def test_participant_role_must_be_known():
    assert_refused(lambda: f.MeetingParticipantFactory(role="chair"))


def test_a_funding_request_cannot_be_negative():
    assert_refused(lambda: f.FundingRequestFactory(amount=Decimal("-1")))


def test_funding_stage_must_be_known():
    assert_refused(lambda: f.FundingRequestFactory(stage="vetoed"))


def test_a_funding_purpose_cannot_be_negative():
    request = f.FundingRequestFactory()
    assert_refused(
        lambda: models.FundingPurpose.objects.create(
            request=request, description="Judges", amount=Decimal("-5")
        )
    )


def test_a_funding_purpose_is_listed_once():
    request = f.FundingRequestFactory()
    models.FundingPurpose.objects.create(request=request, description="Judges")
    assert_refused(lambda: models.FundingPurpose.objects.create(request=request, description="Judges"))


def test_a_stage_change_must_name_a_known_stage():
    assert_refused(lambda: f.FundingStageChangeFactory(stage="vetoed"))


def test_proposal_stage_must_be_known():
    assert_refused(lambda: f.PolicyProposalFactory(stage="dreamt"))


def test_stance_position_must_be_known():
    assert_refused(lambda: f.StanceFactory(position="shrugs"))


def test_the_same_stance_from_the_same_claim_is_recorded_once():
    stance = f.StanceFactory()
    assert_refused(
        lambda: f.StanceFactory(actor=stance.actor, proposal=stance.proposal, claim=stance.claim)
    )


@pytest.mark.parametrize("field", ["metric", "unit", "qualifier", "geography"])
def test_figure_choice_fields_must_be_known(field):
    assert_refused(lambda: f.CrossingStatisticFactory(**{field: "bogus"}))


def test_a_figure_cannot_be_negative():
    assert_refused(lambda: f.CrossingStatisticFactory(value=Decimal("-1")))


def test_a_percentage_cannot_exceed_100():
    assert_refused(
        lambda: f.CrossingStatisticFactory(unit=models.Unit.PERCENT, value=Decimal("100.5"))
    )


def test_a_period_cannot_end_before_it_starts():
    assert_refused(
        lambda: f.CrossingStatisticFactory(
            period_start=datetime.date(2014, 6, 15), period_end=datetime.date(2014, 6, 1)
        )
    )


def test_a_country_of_origin_figure_names_its_country():
    assert_refused(
        lambda: f.CrossingStatisticFactory(geography=models.Geography.COUNTRY_OF_ORIGIN, country=None)
    )


def test_the_same_figure_from_the_same_source_is_recorded_once():
    figure = f.CrossingStatisticFactory()
    assert_refused(
        lambda: f.CrossingStatisticFactory(
            metric=figure.metric, geography=figure.geography, area=figure.area,
            period_start=figure.period_start, period_end=figure.period_end, source=figure.source,
        )
    )


def test_the_same_figure_from_another_source_is_kept_beside_it():
    figure = f.CrossingStatisticFactory()
    other = f.CrossingStatisticFactory(
        metric=figure.metric, period_start=figure.period_start, period_end=figure.period_end
    )
    assert other.source != figure.source


def test_a_figure_without_a_period_is_still_recorded_once_per_source():
    figure = f.CrossingStatisticFactory(period_start=None, period_end=None)
    assert_refused(
        lambda: f.CrossingStatisticFactory(
            metric=figure.metric, period_start=None, period_end=None, source=figure.source
        )
    )


@pytest.mark.parametrize("field", ["kind", "verdict", "rank"])
def test_claim_choice_fields_must_be_known(field):
    assert_refused(lambda: f.ClaimFactory(**{field: "bogus"}, rank_reason="because"))


def test_a_quote_claim_carries_its_quote():
    assert_refused(lambda: f.ClaimFactory(kind=models.ClaimKind.QUOTE, quote=""))


def test_a_ranked_claim_says_why():
    assert_refused(lambda: f.ClaimFactory(rank=models.Rank.DEPRECATED, rank_reason=""))


def test_a_retracted_claim_carries_its_note():
    assert_refused(lambda: f.ClaimFactory(status=models.RecordStatus.RETRACTED, correction_note=""))


def test_dataset_keys_are_unique():
    f.ClaimFactory(import_key="same-key")
    assert_refused(lambda: f.ClaimFactory(import_key="same-key"))


def test_claims_added_by_editors_need_no_dataset_key():
    f.ClaimFactory(import_key="")
    f.ClaimFactory(import_key="")
    assert models.Claim.objects.filter(import_key="").count() == 2


def test_an_event_must_name_a_known_action():
    claim = f.ClaimFactory()
    assert_refused(
        lambda: models.Event.objects.create(
            record_type="claim", record_id=claim.pk, action="liked", new_status="published"
        )
    )


def test_an_event_must_name_a_known_kind_of_record():
    assert_refused(
        lambda: models.Event.objects.create(
            record_type="widget", record_id=1, action="created", new_status="draft"
        )
    )


@pytest.mark.parametrize("action", ["sent_back", "corrected", "retracted", "withdrawn"])
def test_sending_back_correcting_retracting_and_withdrawing_need_a_reason(action):
    claim = f.ClaimFactory()
    assert_refused(
        lambda: models.Event.objects.create(
            record_type="claim", record_id=claim.pk, action=action, new_status="published", note=""
        )
    )


@pytest.mark.parametrize("factory", [f.CrossingStatisticFactory, f.MeetingFactory, f.StanceFactory])
def test_a_withdrawn_record_carries_its_note(factory):
    assert_refused(lambda: factory(status=models.RecordStatus.WITHDRAWN, correction_note=""))


def test_a_restore_standing_alone_says_what_it_restores():
    source = f.SourceFactory()
    assert_refused(
        lambda: models.ProposedChange.objects.create(
            record_type="source", record_id=source.pk, changes={"title": "x"}, based_on=1, note=""
        )
    )
