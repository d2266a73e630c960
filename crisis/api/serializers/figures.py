from crisis.models import Actor, CrossingStatistic, Source

from ..fields import ApiUrlField, ModelSerializer, NestedSlugField
from .base import WORKFLOW_FIELDS, backing_claims, proposed_by_claim
from .citations import ActorRefSerializer, SourceRefSerializer, display


class FigureSerializer(ModelSerializer):
    """A crossing figure with its scope (what, where, when, as of) and the claims that report it."""

    api_url = ApiUrlField(view_name="figure-detail")
    value_display = display('The value as a reader sees it ("around 57,000").')
    country = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.countries(),
        required=False,
        allow_null=True,
        help_text="Country of origin the figure is about; written as the country's slug.",
    )
    origin = NestedSlugField(
        serializer=ActorRefSerializer,
        queryset=Actor.objects.countries(),
        required=False,
        allow_null=True,
        help_text="Country the people counted come from, when the agency breaks its table down "
        "by country of origin; written as the country's slug. Where they were counted is the "
        "geography and area.",
    )
    period_display = display("The period counted, as precisely as known.")
    as_of_display = display("The as-of date, as precisely as known.")
    source = NestedSlugField(
        serializer=SourceRefSerializer,
        queryset=Source.objects.all(),
        help_text="The publication the figure is taken from; written as the source's slug.",
    )
    proposed_by_claim = proposed_by_claim()
    claims = backing_claims(
        required=True,
        help_text="Claims that report the figure (at least one), each with its quote and source; "
        "written as claim ids.",
    )

    class Meta:
        model = CrossingStatistic
        fields = [
            "id",
            "api_url",
            "metric",
            "value",
            "unit",
            "qualifier",
            "value_display",
            "population",
            "geography",
            "area",
            "country",
            "origin",
            "period_start",
            "period_start_precision",
            "period_end",
            "period_end_precision",
            "period_display",
            "as_of",
            "as_of_precision",
            "as_of_display",
            "method",
            "source",
            "claims",
            "proposed_by_claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS
        # The scope is unique per source: the model's constraint says so, in words, on every write.
        validators = []
