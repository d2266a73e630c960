"""Small read-only shapes embedded in every row: references to records and the claims behind them."""

from rest_framework import serializers

from crisis.models import Actor, Claim, CrossingStatistic, FundingRequest, Meeting, PolicyProposal, Source

from ..fields import ApiUrlField, ModelSerializer


def display(help_text):
    """A date or value as readers see it, from the model property of the same name."""
    return serializers.CharField(read_only=True, help_text=help_text)


class SourceRefSerializer(ModelSerializer):
    """The publication a claim or figure is taken from."""

    api_url = ApiUrlField(view_name="source-detail", lookup_field="slug")
    published_display = display("Publication date as precisely as known.")

    class Meta:
        model = Source
        fields = [
            "slug",
            "api_url",
            "title",
            "publisher",
            "kind",
            "url",
            "archived_url",
            "published_on",
            "published_on_precision",
            "published_display",
        ]
        read_only_fields = fields


class ActorRefSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="actor-detail", lookup_field="slug")

    class Meta:
        model = Actor
        fields = ["slug", "api_url", "name", "short_name", "kind", "country_code"]
        read_only_fields = fields


class MeetingRefSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="meeting-detail", lookup_field="slug")

    class Meta:
        model = Meeting
        fields = ["slug", "api_url", "title", "date", "date_precision"]
        read_only_fields = fields


class FundingRequestRefSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="funding-request-detail", lookup_field="slug")

    class Meta:
        model = FundingRequest
        fields = ["slug", "api_url", "title", "amount", "currency"]
        read_only_fields = fields


class ProposalRefSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="proposal-detail", lookup_field="slug")

    class Meta:
        model = PolicyProposal
        fields = ["slug", "api_url", "title", "stage"]
        read_only_fields = fields


class FigureRefSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="figure-detail")
    value_display = display('The value as a reader sees it ("around 57,000").')

    class Meta:
        model = CrossingStatistic
        fields = ["id", "api_url", "metric", "value", "unit", "value_display", "as_of"]
        read_only_fields = fields


class ClaimRefSerializer(ModelSerializer):
    """A claim named by another claim (a conflict), without its own provenance."""

    api_url = ApiUrlField(view_name="claim-detail")

    class Meta:
        model = Claim
        fields = ["id", "api_url", "text", "rank", "verdict"]
        read_only_fields = fields


class CitationSerializer(ModelSerializer):
    """A backing claim with its verbatim quote, speaker and source: the provenance of a row."""

    api_url = ApiUrlField(view_name="claim-detail")
    speaker = ActorRefSerializer(read_only=True, allow_null=True)
    source = SourceRefSerializer(read_only=True)
    said_display = display("When it was said, as precisely as known.")

    class Meta:
        model = Claim
        fields = [
            "id",
            "api_url",
            "text",
            "quote",
            "speaker",
            "speaker_title",
            "said_on",
            "said_on_precision",
            "said_display",
            "kind",
            "verdict",
            "verdict_rationale",
            "rank",
            "status",
            "source",
        ]
        read_only_fields = fields
