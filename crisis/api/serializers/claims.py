from drf_spectacular.extensions import OpenApiSerializerFieldExtension
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


class SpeakersField(serializers.Field):
    """Every speaker of the claim, lead first, each with the title the source gives them.

    Read as actor references with a `title`; written as a list whose items are an actor's slug
    or `{"actor": slug, "title": …}`. The first is the claim's `speaker` (its title, when given,
    the `speaker_title`); the rest are stored in order as co-speakers.
    """

    default_error_messages = {
        "not_a_list": "Send a list of actor slugs (or of {{\"actor\": slug, \"title\": …}}).",
        "bad_item": "Item {n}: give an actor's slug, or {{\"actor\": slug, \"title\": …}}.",
        "unknown": "Item {n}: no actor has the slug “{slug}”.",
        "repeated": "Item {n}: “{slug}” is already named earlier in the list.",
        "title_too_long": "Item {n}: keep the title to 200 characters.",
    }

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, claim):
        ref = ActorRefSerializer(context=self.context)
        return [{**ref.to_representation(actor), "title": title} for actor, title in claim.speakers_shown()]

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list")
        items = []
        for n, item in enumerate(data, start=1):
            if isinstance(item, dict) and set(item) <= {"actor", "title"}:
                slug, title = item.get("actor"), item.get("title")
            else:
                slug, title = item, None
            if not isinstance(slug, str) or not (title is None or isinstance(title, str)):
                self.fail("bad_item", n=n)
            if title is not None and len(title) > 200:
                self.fail("title_too_long", n=n)
            items.append((n, slug, title))
        slugs = [slug for _, slug, _ in items]
        found = {actor.slug: actor for actor in Actor.objects.filter(slug__in=slugs)}
        seen = set()
        for n, slug, _ in items:
            if slug not in found:
                self.fail("unknown", n=n, slug=slug)
            if slug in seen:
                self.fail("repeated", n=n, slug=slug)
            seen.add(slug)
        out = {"speaker": found[items[0][1]] if items else None}
        if items and items[0][2] is not None:
            out["speaker_title"] = items[0][2]
        out["co_speakers"] = [
            {"actor": found[slug], "title": title or "", "position": position}
            for position, (_, slug, title) in enumerate(items[1:])
        ]
        return out


class SpeakersFieldExtension(OpenApiSerializerFieldExtension):
    target_class = SpeakersField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            item = {"oneOf": [
                {"type": "string", "description": "Slug of an existing actor."},
                {"type": "object", "required": ["actor"], "additionalProperties": False, "properties": {
                    "actor": {"type": "string", "description": "Slug of an existing actor."},
                    "title": {"type": "string", "maxLength": 200},
                }},
            ]}
            return {"type": "array", "items": item}
        ref = auto_schema.resolve_serializer(ActorRefSerializer, direction).ref
        return {"type": "array", "items": {"allOf": [ref, {"type": "object", "required": ["title"],
                "properties": {"title": {"type": "string"}}}]}}


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
    speakers = SpeakersField(
        help_text="Every speaker, lead first (a joint statement has several); written as actor "
        "slugs, or {\"actor\": slug, \"title\": …} to give the title they held then. Writing it "
        "replaces the speaker and the list; send it or `speaker`, not both.",
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
            "speakers",
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
        if "speakers" in self.initial_data and "speaker" in self.initial_data:
            raise serializers.ValidationError({"speakers": [
                "Send the speakers as `speakers` (lead first) or the one speaker as `speaker`, "
                "not both."]})
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
