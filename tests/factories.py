import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from crisis import models


class PublishedMixin(factory.django.DjangoModelFactory):
    status = models.RecordStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(status=models.RecordStatus.DRAFT, published_at=None)
        in_review = factory.Trait(status=models.RecordStatus.IN_REVIEW, published_at=None)


class SourceFactory(PublishedMixin):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Report number {n} on child migration")
    slug = factory.Sequence(lambda n: f"report-{n}")
    publisher = "Example Gazette"
    kind = models.SourceKind.NEWS_ARTICLE
    url = factory.Sequence(lambda n: f"https://news.example.org/2014/07/report-{n}")
    published_on = datetime.date(2014, 7, 24)


class ActorFactory(PublishedMixin):
    class Meta:
        model = models.Actor

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    kind = models.ActorKind.PERSON


class CountryFactory(ActorFactory):
    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    kind = models.ActorKind.COUNTRY
    country_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class ActorRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActorRole

    actor = factory.SubFactory(ActorFactory)
    title = "Spokesperson"


class MeetingFactory(PublishedMixin):
    class Meta:
        model = models.Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    date = datetime.date(2014, 7, 25)
    meeting_status = models.MeetingStatus.SCHEDULED


class MeetingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeetingParticipant

    meeting = factory.SubFactory(MeetingFactory)
    actor = factory.SubFactory(ActorFactory)
    role = models.ParticipantRole.ATTENDEE


class FundingRequestFactory(PublishedMixin):
    class Meta:
        model = models.FundingRequest

    title = factory.Sequence(lambda n: f"Funding request {n}")
    slug = factory.Sequence(lambda n: f"funding-request-{n}")
    amount = Decimal("3700000000")
    requester = factory.SubFactory(ActorFactory, kind=models.ActorKind.GOVERNMENT_BODY)
    addressee = factory.SubFactory(ActorFactory, kind=models.ActorKind.LEGISLATURE)
    requested_on = datetime.date(2014, 7, 8)


class PolicyProposalFactory(PublishedMixin):
    class Meta:
        model = models.PolicyProposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    slug = factory.Sequence(lambda n: f"proposal-{n}")
    summary = "Change how children's cases are processed."


class CrossingStatisticFactory(PublishedMixin):
    class Meta:
        model = models.CrossingStatistic

    metric = models.Metric.UAC_DAILY_AVERAGE
    value = factory.Sequence(lambda n: Decimal(100 + n))
    unit = models.Unit.PEOPLE_PER_DAY
    geography = models.Geography.SOUTHWEST_BORDER
    period_start = factory.Sequence(lambda n: datetime.date(2014, 1, 1) + datetime.timedelta(days=n))
    period_end = factory.LazyAttribute(
        lambda o: o.period_start + datetime.timedelta(days=6) if o.period_start else None
    )
    as_of = factory.LazyAttribute(lambda o: o.period_end or datetime.date(2014, 7, 24))
    source = factory.SubFactory(SourceFactory)


class ClaimFactory(PublishedMixin):
    class Meta:
        model = models.Claim
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Officials said the daily average changed ({n}).")
    speaker = factory.SubFactory(ActorFactory)
    source = factory.SubFactory(SourceFactory)
    kind = models.ClaimKind.FACT
    said_on = datetime.date(2014, 7, 18)

    @factory.post_generation
    def review(obj, create, extracted, **kwargs):
        # A claim made "in review" is listed for its reviewer as a submission would list it.
        if create and obj.status == models.RecordStatus.IN_REVIEW:
            from crisis.services.workflow import freeze_review

            freeze_review(obj)


class StanceFactory(PublishedMixin):
    class Meta:
        model = models.Stance

    actor = factory.SubFactory(ActorFactory)
    proposal = factory.SubFactory(PolicyProposalFactory)
    position = models.Position.SUPPORTS
    claim = factory.SubFactory(ClaimFactory, speaker=factory.SelfAttribute("..actor"))


class FundingStageChangeFactory(PublishedMixin):
    class Meta:
        model = models.FundingStageChange

    request = factory.SubFactory(FundingRequestFactory)
    stage = models.FundingStage.REQUESTED
    date = datetime.date(2014, 7, 8)
    claim = factory.SubFactory(ClaimFactory)


class LegislativeActionFactory(PublishedMixin):
    class Meta:
        model = models.LegislativeAction

    request = factory.SubFactory(FundingRequestFactory)
    bill_number = "H.R. 5230"
    chamber = models.Chamber.HOUSE
    action = models.BillAction.PASSED
    date = datetime.date(2014, 8, 1)
    yeas = 223
    nays = 189
    claim = factory.SubFactory(ClaimFactory)


def events_of(record):
    """The record's editorial events, oldest first."""
    return models.Event.objects.filter(
        record_type=models.kind_of(record), record_id=record.pk
    ).order_by("created_at", "id")


def submitted(claim, user=None):
    """Submit a draft claim through the workflow (which lists what its review covers)."""
    from crisis import services

    if user is None:
        user = claim.created_by or reviewer_for_tests()
    return services.claim_submit(claim=claim, user=user)


def reviewer_for_tests():
    from django.contrib.auth.models import Group, User

    user, created = User.objects.get_or_create(username="factory-reviewer")
    if created:
        user.groups.add(Group.objects.get(name="Reviewers"))
    return User.objects.get(pk=user.pk)  # fresh, so permission caches are empty
