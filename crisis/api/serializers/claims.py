from rest_framework import serializers

from crisis.models import (
    RATIONALE_MAX,
    Actor,
    Claim,
    CrossingStatistic,
    FundingRequest,
    Meeting,
    PolicyProposal,
    Source,
    Verdict,
)

from ..fields import ApiUrlField, ModelSerializer, NestedIdField, NestedSlugField
from .base import WORKFLOW_FIELDS
from .citations import (
    ActorRefSerializer,
    ClaimRefSerializer,
    FigureRefSerializer,
    FundingRequestRefSerializer,
    MeetingRefSerializer,
    ProposalRefSerializer,
    SourceRefSerializer,
    display,
)

# Read by everyone; written only through the reviewers' publish and correct actions.
VERDICT_FIELDS = ["verdict", "verdict_rationale", "verdict_at"]


def about(serializer, queryset, what, *, by="slug"):
    field = NestedIdField if by == "id" else NestedSlugField
    return field(
        serializer=serializer,
        queryset=queryset,
        many=True,
        required=False,
        help_text=f"{what} the claim is about; written as {by}s. Writing it replaces the list.",
    )


class ClaimSerializer(ModelSerializer):
    """A statement as one source reports it: its quote, speaker, source and what it is about."""

    api_url = ApiUrlField(view_name="claim-detail")
    speaker = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="Who said it (blank for the outlet's own reporting); written as the actor's slug.",
    )
    source = NestedSlugField(
        serializer=SourceRefSerializer,
        queryset=Source.objects.all(),
        help_text="Where the claim appeared; written as the source's slug. Required.",
    )
    first_appeared_in = NestedSlugField(
        serializer=SourceRefSerializer,
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
        help_text="The earlier source the claim was relayed from; written as its slug.",
    )
    occurred_display = display("When it happened, as precisely as known.")
    said_display = display("When it was said, as precisely as known.")
    conflicts_with = about(
        ClaimRefSerializer, Claim.objects.all(), "Claims that contradict this one;", by="id"
    )
    actors = about(ActorRefSerializer, Actor.objects.all(), "Actors")
    meetings = about(MeetingRefSerializer, Meeting.objects.all(), "Meetings")
    funding_requests = about(FundingRequestRefSerializer, FundingRequest.objects.all(), "Funding requests")
    proposals = about(ProposalRefSerializer, PolicyProposal.objects.all(), "Policy proposals")
    statistics = about(FigureRefSerializer, CrossingStatistic.objects.all(), "Crossing figures", by="id")

    class Meta:
        model = Claim
        fields = [
            "id",
            "api_url",
            "text",
            "quote",
            "speaker",
            "speaker_title",
            "source",
            "first_appeared_in",
            "kind",
            *VERDICT_FIELDS,
            "rank",
            "rank_reason",
            "occurred_on",
            "occurred_on_precision",
            "occurred_display",
            "said_on",
            "said_on_precision",
            "said_display",
            "conflicts_with",
            "actors",
            "meetings",
            "funding_requests",
            "proposals",
            "statistics",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = [*VERDICT_FIELDS, *WORKFLOW_FIELDS]

    def validate(self, attrs):
        # Read-only fields in the input are dropped silently by DRF; a verdict sent here would
        # look accepted, so say where it goes instead.
        sent = [name for name in VERDICT_FIELDS if name in getattr(self, "initial_data", {})]
        if sent:
            raise serializers.ValidationError({name: [
                "A reviewer gives the verdict when publishing the claim (POST …/publish/) or by "
                "correcting it (POST …/correct/)."
            ] for name in sent})
        return super().validate(attrs)


class VerdictSerializer(serializers.Serializer):
    """A reviewer's verdict, sent with POST …/publish/ or …/correct/ (both blank: none)."""

    verdict = serializers.ChoiceField(
        choices=Verdict.choices, required=False, allow_blank=True,
        help_text="The finding after checking the claim against other sources.",
    )
    verdict_rationale = serializers.CharField(
        max_length=RATIONALE_MAX, required=False, allow_blank=True,
        help_text=f"One line (at most {RATIONALE_MAX} characters) shown to readers with the verdict.",
    )
