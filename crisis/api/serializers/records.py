"""Sources, actors, meetings, funding requests, proposals and stances."""

from django.core.validators import RegexValidator
from django.db import transaction
from rest_framework import serializers

from crisis.models import (
    Actor,
    ActorKind,
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

from ..fields import ApiUrlField, ModelSerializer, NestedIdField, NestedSlugField
from .base import WORKFLOW_FIELDS, backing_claims, country_code_validator, unique_when_set
from .citations import (
    ActorRefSerializer,
    CitationSerializer,
    ProposalRefSerializer,
    SourceRefSerializer,
    display,
)


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
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS

    def validate_url(self, value):
        return unique_when_set(Source, "url", value, self.instance, "A source with this URL already exists.")

    def validate_cites(self, value):
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError("A source cannot cite itself.")
        return value


class ActorRoleSerializer(ModelSerializer):
    organisation = ActorRefSerializer(read_only=True, allow_null=True)
    period_display = display("When the role was held, as precisely as known.")

    class Meta:
        model = ActorRole
        fields = ["title", "organisation", "start_date", "end_date", "period_display", "as_of"]
        read_only_fields = fields


class ActorSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="actor-detail", lookup_field="slug")
    country = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.countries(),
        required=False,
        allow_null=True,
        help_text="The country this actor belongs to; written as the country's slug.",
    )
    country_code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        validators=[country_code_validator],
        help_text="ISO 3166-1 alpha-2 code, for countries only (HN, GT).",
    )
    roles = ActorRoleSerializer(many=True, read_only=True)
    claims = CitationSerializer(
        source="claims_about",
        many=True,
        read_only=True,
        help_text="Published claims about this actor, each with its quote and source.",
    )

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
            "roles",
            "claims",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS

    def validate_country_code(self, value):
        return unique_when_set(
            Actor, "country_code", value, self.instance, "Another country already has this code."
        )

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", ActorKind.PERSON))
        code = attrs.get("country_code", getattr(self.instance, "country_code", ""))
        if code and kind != ActorKind.COUNTRY:
            raise serializers.ValidationError({"country_code": "Only countries have a country code."})
        return attrs


class ParticipantSerializer(ModelSerializer):
    actor = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.all(),
        help_text="Who took part; written as the actor's slug.",
    )

    class Meta:
        model = MeetingParticipant
        fields = ["actor", "role"]


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
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS

    def validate_participants(self, value):
        if any("actor" not in row for row in value):  # a PATCH makes nested fields optional
            raise serializers.ValidationError("Each participant needs an actor.")
        actors = [row["actor"].pk for row in value]
        if len(actors) != len(set(actors)):
            raise serializers.ValidationError("Each actor can take part in a meeting only once.")
        return value

    @transaction.atomic
    def create(self, validated_data):
        participants = validated_data.pop("participations", [])
        meeting = super().create(validated_data)
        self._set_participants(meeting, participants)
        return meeting

    @transaction.atomic
    def update(self, instance, validated_data):
        participants = validated_data.pop("participations", None)
        meeting = super().update(instance, validated_data)
        if participants is not None:
            meeting.participations.all().delete()
            self._set_participants(meeting, participants)
        return meeting

    def _set_participants(self, meeting, rows):
        for row in rows:
            MeetingParticipant.objects.create(meeting=meeting, **row)


class FundingPurposeSerializer(ModelSerializer):
    class Meta:
        model = FundingPurpose
        fields = ["description", "amount"]
        read_only_fields = fields


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
    currency = serializers.CharField(
        required=False,
        max_length=3,
        help_text="ISO 4217 code, e.g. USD.",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code, e.g. USD.")],
    )
    requested_display = display("When it was requested, as precisely as known.")
    purposes = FundingPurposeSerializer(many=True, read_only=True)
    stage_changes = StageChangeSerializer(
        many=True, read_only=True, help_text="Each dated step, with the claim that reports it."
    )
    claims = backing_claims(
        required=False,
        help_text="Claims about the request, each with its quote and source; written as claim ids.",
    )

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
            "stage_changes",
            "claims",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS
        extra_kwargs = {"amount": {"min_value": 0}}


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
    claims = backing_claims(
        required=False,
        help_text="Claims about the proposal, each with its quote and source; written as claim ids.",
    )

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
            "proponents",
            "stances",
            "claims",
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
        "source; written as the claim id. The stance is public when this claim is.",
    )

    class Meta:
        model = Stance
        fields = ["id", "api_url", "actor", "proposal", "position", "claim", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
