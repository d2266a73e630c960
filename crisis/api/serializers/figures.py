from django.db.models import Q
from rest_framework import serializers

from crisis.models import Actor, CrossingStatistic, Geography, Source, Unit

from ..fields import ApiUrlField, ModelSerializer, NestedSlugField
from .base import WORKFLOW_FIELDS, backing_claims, check_period
from .citations import ActorRefSerializer, SourceRefSerializer, display

SCOPE = ["metric", "geography", "area", "period_start", "period_end", "source"]


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
    period_display = display("The period counted, as precisely as known.")
    as_of_display = display("The as-of date, as precisely as known.")
    source = NestedSlugField(
        serializer=SourceRefSerializer,
        queryset=Source.objects.all(),
        help_text="The publication the figure is taken from; written as the source's slug.",
    )
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
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS
        extra_kwargs = {"value": {"min_value": 0}}
        # The scope is unique per source; validate() says so in words, including undated figures.
        validators = []

    def validate(self, attrs):
        check_period(
            attrs, self.instance, "period_start", "period_end", "The period cannot end before it starts."
        )
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in [*SCOPE, "unit", "value", "country"]
        }
        if merged["unit"] == Unit.PERCENT and merged["value"] is not None and merged["value"] > 100:
            raise serializers.ValidationError({"value": "A percentage cannot be more than 100."})
        if merged["geography"] == Geography.COUNTRY_OF_ORIGIN and merged["country"] is None:
            raise serializers.ValidationError(
                {"country": "A figure about children from one country needs that country."}
            )
        scope = {name: merged[name] for name in SCOPE}
        scope["area"] = scope["area"] or ""
        if scope["geography"] is None:
            scope["geography"] = CrossingStatistic._meta.get_field("geography").default
        lookup = Q(
            **{
                f"{name}__isnull" if value is None else name: True if value is None else value
                for name, value in scope.items()
            }
        )
        others = CrossingStatistic.objects.filter(lookup)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(
                "This source already has a figure for this metric, geography, area and period."
            )
        return attrs
