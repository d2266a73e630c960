"""Sources, actors, meetings, funding requests, proposals and stances."""

from rest_framework import serializers

from crisis.models import (
    Actor,
    ActorRole,
    Claim,
    FundingPurpose,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
    PolicyProposal,
    Source,
    Stance,
)
from crisis.selectors.visibility import shown

from ..fields import ApiUrlField, ModelSerializer, NestedIdField, NestedSlugField
from .base import WORKFLOW_FIELDS, backing_claims, proposed_by_claim
from .citations import (
    ActorRefSerializer,
    CitationSerializer,
    ProposalRefSerializer,
    SourceRefSerializer,
    display,
)
from .funding import LegislativeActionInRequestSerializer


class SourceSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="source-detail", lookup_field="slug")
    cites = NestedSlugField(
        serializer=SourceRefSerializer,
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
        help_text="The earlier source this one relays; written as that source's slug.",
    )
    published_display = display("Publication date as precisely as known.")
    proposed_by_claim = proposed_by_claim()

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "api_url",
            "title",
            "publisher",
            "author",
            "kind",
            "url",
            "archived_url",
            "published_on",
            "published_on_precision",
            "published_display",
            "cites",
            "notes",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS


class ActorRoleSerializer(ModelSerializer):
    organisation = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="Where the role is held (a ministry, a government); written as its slug.",
    )
    period_display = display("When the role was held, as precisely as known.")

    class Meta:
        model = ActorRole
        fields = [
            "title",
            "organisation",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "period_display",
            "as_of",
        ]
        # The list is replaced as a whole; (actor, title, organisation) is checked by the service.
        validators = []


class ActorSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="actor-detail", lookup_field="slug")
    country = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.countries(),
        required=False,
        allow_null=True,
        help_text="The country this actor belongs to; written as the country's slug.",
    )
    roles = ActorRoleSerializer(
        many=True,
        required=False,
        help_text="Positions held, with when (a minister, a government coordinator). Writing it "
        "replaces the whole list.",
    )
    title = serializers.CharField(
        required=False,
        allow_blank=False,
        max_length=200,
        help_text="The title of the actor's latest role. Written on its own, it sets the roles to "
        "that one title; send `roles` instead to give the organisation and dates.",
    )
    claims = CitationSerializer(
        source="claims_about",
        many=True,
        read_only=True,
        help_text="Published claims about this actor, each with its quote and source.",
    )
    proposed_by_claim = proposed_by_claim()

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "api_url",
            "name",
            "short_name",
            "kind",
            "description",
            "country",
            "country_code",
            "url",
            "title",
            "roles",
            "claims",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS
        # Unique only when set: the model's constraint checks it, with its message.
        validators = []
        extra_kwargs = {"country_code": {"validators": []}}

    def validate(self, attrs):
        title = attrs.pop("title", None)
        if title is not None:
            if "roles" in attrs:
                raise serializers.ValidationError({"title": [
                    "Send the title on its own or the roles with their titles, not both."]})
            attrs["roles"] = [{"title": title}]
        return super().validate(attrs)


class ParticipantSerializer(ModelSerializer):
    actor = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        help_text="Who took part; written as the actor's slug.",
    )
    title = serializers.SerializerMethodField(
        help_text="The title of the role the actor held on the meeting's date (their roles)."
    )

    class Meta:
        model = MeetingParticipant
        fields = ["actor", "role", "title"]

    def get_title(self, participation) -> str:
        # Reads the roles the meetings selector prefetched with the participants.
        return participation.actor.title_on(participation.meeting.date)


class MeetingSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="meeting-detail", lookup_field="slug")
    country = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.countries(),
        required=False,
        allow_null=True,
        help_text="Country where it takes place; written as the country's slug.",
    )
    date_display = display("The date as precisely as known.")
    participants = ParticipantSerializer(
        source="participations",
        many=True,
        required=False,
        help_text="Who hosts and who attends. Writing it replaces the whole list.",
    )
    claims = backing_claims(
        required=True,
        help_text="Claims that report the meeting (at least one), each with its quote and source; "
        "written as claim ids.",
    )
    proposed_by_claim = proposed_by_claim()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "slug",
            "api_url",
            "title",
            "date",
            "date_precision",
            "date_display",
            "place",
            "country",
            "meeting_status",
            "purpose",
            "outcome",
            "participants",
            "claims",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS

    def validate_participants(self, value):
        if any("actor" not in row for row in value):  # a PATCH makes nested fields optional
            raise serializers.ValidationError("Each participant needs an actor.")
        return value


class FundingPurposeSerializer(ModelSerializer):
    agency = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="The agency the money would go to; written as the actor's slug.",
    )
    claim = NestedIdField(
        serializer=CitationSerializer,
        queryset=Claim.objects.all(),
        allow_null=True,
        help_text="The claim that reports the line, with its quote and source; written as a claim "
        "id. Null for lines entered before lines carried claims. A line whose claim is not public "
        "yet is left out for readers.",
    )

    withdrawn = serializers.BooleanField(
        read_only=True,
        help_text="True when the claim reporting the line was retracted: the line stays on record "
        "but no longer counts in `lines_total`.",
    )

    class Meta:
        model = FundingPurpose
        fields = ["description", "agency", "amount", "claim", "withdrawn"]

    def validate_claim(self, value):
        # Lines loaded from the article predate claims on lines; a line written now names one.
        if value is None:
            raise serializers.ValidationError("Name the claim that reports this line.")
        return value

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if instance.claim_id and shown(instance.claim, user) is None:
            data["claim"] = None
        return data


class StageChangeSerializer(ModelSerializer):
    date_display = display("The date as precisely as known.")
    claim = CitationSerializer(read_only=True)

    class Meta:
        model = FundingStageChange
        fields = ["id", "stage", "date", "date_precision", "date_display", "note", "claim"]
        read_only_fields = fields


class FundingRequestSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="funding-request-detail", lookup_field="slug")
    requester = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        help_text="Who asks for the money; written as the actor's slug.",
    )
    addressee = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        help_text="Who is asked to approve it; written as the actor's slug.",
    )
    requested_display = display("When it was requested, as precisely as known.")
    purposes = FundingPurposeSerializer(
        many=True, required=False,
        help_text="The line items (agency, exact amount, the claim reporting each). Writing it "
        "replaces the whole list.",
    )
    lines_total = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True, allow_null=True,
        help_text="The sum of the lines that give an amount, withdrawn lines left out; null when "
        "none does.",
    )
    lines_match_total = serializers.BooleanField(
        read_only=True, allow_null=True,
        help_text="Whether every line gives an amount and they add up to `amount`; null when the "
        "sources give no breakdown.",
    )
    stage_changes = StageChangeSerializer(
        many=True, read_only=True, help_text="Each dated step, with the claim that reports it."
    )
    legislative_actions = LegislativeActionInRequestSerializer(
        many=True, read_only=True,
        help_text="What each chamber did, in date order, each with the claim that reports it "
        "(written at /api/v1/legislative-actions/).",
    )
    claims = backing_claims(
        required=False,
        help_text="Claims about the request, each with its quote and source; written as claim ids.",
    )
    proposed_by_claim = proposed_by_claim()

    class Meta:
        model = FundingRequest
        fields = [
            "id",
            "slug",
            "api_url",
            "title",
            "amount",
            "currency",
            "is_approximate",
            "requester",
            "addressee",
            "summary",
            "requested_on",
            "requested_on_precision",
            "requested_display",
            "stage",
            "purposes",
            "lines_total",
            "lines_match_total",
            "stage_changes",
            "legislative_actions",
            "claims",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        # The stage follows the request's published steps; it is never written directly.
        read_only_fields = ["stage", *WORKFLOW_FIELDS]

    def validate_purposes(self, value):
        if any("description" not in row for row in value):  # a PATCH makes nested fields optional
            raise serializers.ValidationError("Each line needs a description.")
        return value


class StanceInProposalSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="stance-detail")
    actor = ActorRefSerializer(read_only=True)
    claim = CitationSerializer(read_only=True)

    class Meta:
        model = Stance
        fields = ["id", "api_url", "actor", "position", "claim"]
        read_only_fields = fields


class ProposalSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="proposal-detail", lookup_field="slug")
    proponents = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        many=True,
        required=False,
        help_text="Who put the proposal forward; written as actor slugs.",
    )
    stances = StanceInProposalSerializer(
        many=True, read_only=True, help_text="Who supports or opposes it, each with the claim showing it."
    )
    implements = NestedSlugField(
        serializer=ProposalRefSerializer,
        queryset=PolicyProposal.objects.all(),
        required=False,
        allow_null=True,
        help_text="The proposal this program puts into effect; written as its slug.",
    )
    announced_display = display("When it was announced, as precisely as known.")
    effective_display = display("When it took or takes effect, as precisely as known.")
    claims = backing_claims(
        required=False,
        help_text="Claims about the proposal, each with its quote and source; written as claim ids.",
    )
    proposed_by_claim = proposed_by_claim()

    class Meta:
        model = PolicyProposal
        fields = [
            "id",
            "slug",
            "api_url",
            "title",
            "summary",
            "law",
            "law_url",
            "stage",
            "kind",
            "announced_on",
            "announced_on_precision",
            "announced_display",
            "effective_on",
            "effective_on_precision",
            "effective_display",
            "implements",
            "proponents",
            "stances",
            "claims",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS


class StanceSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="stance-detail")
    actor = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        help_text="Who holds the position; written as the actor's slug.",
    )
    proposal = NestedSlugField(
        serializer=ProposalRefSerializer,
        queryset=PolicyProposal.objects.all(),
        help_text="The proposal; written as its slug.",
    )
    claim = NestedIdField(
        serializer=CitationSerializer,
        queryset=Claim.objects.all(),
        help_text="The claim in which the actor states or shows the position, with its quote and "
        "source; written as the id of a draft claim of yours. The stance is published with it.",
    )

    class Meta:
        model = Stance
        fields = ["id", "api_url", "actor", "proposal", "position", "claim", *WORKFLOW_FIELDS]
        read_only_fields = WORKFLOW_FIELDS
