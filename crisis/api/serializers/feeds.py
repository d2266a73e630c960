"""The merged timeline and the changes feed: their query parameters and rows."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from crisis.dates import DatePrecision
from crisis.models import EventAction, RecordKind, RecordStatus
from crisis.selectors.timeline import Position

from .citations import CitationSerializer

TIMELINE_KINDS = {
    "claim": "Claims",
    "meeting": "Meetings",
    "funding_stage": "Funding",
    "figure": "Figures",
    "bill_action": "Congress",
}

TIMELINE_KIND_CHOICES = list(TIMELINE_KINDS)

CHANGE_ACTIONS = EventAction.values


class TimelineQuerySerializer(serializers.Serializer):
    date_after = serializers.DateField(
        required=False, help_text="Only items dated on or after this day (YYYY-MM-DD)."
    )
    date_before = serializers.DateField(
        required=False, help_text="Only items dated on or before this day (YYYY-MM-DD)."
    )
    actor = serializers.SlugField(
        required=False,
        help_text="Only items involving this actor (slug): claims they made or are about, meetings "
        "they attend, funding steps they ask, decide or report, figures about them (a country) or "
        "backed by claims they made or are about.",
    )
    kind = serializers.MultipleChoiceField(
        choices=TIMELINE_KIND_CHOICES,
        required=False,
        help_text="Only these kinds of item; repeat the parameter for several.",
    )
    country = serializers.CharField(
        required=False,
        max_length=120,
        help_text="Only items about this country (ISO code such as HN, or slug): claims by or about it or "
        "its people, meetings held there or attended by it or its people, funding steps by its bodies, "
        "figures about its children.",
    )

    order = serializers.ChoiceField(
        choices=["oldest", "newest"], required=False, default="oldest",
        help_text="oldest (the default) or newest first.",
    )
    cursor = serializers.CharField(
        required=False, max_length=200,
        help_text="Where a page starts: take it from the `next` or `previous` link of a response.",
    )
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=1000,
        help_text="Items per page: up to 200 (default 50) in JSON, up to 1000 (default 500) for TimelineJS.",
    )

    def validate(self, attrs):
        # A misspelt filter (`?actr=`) would otherwise be ignored and answer the whole timeline.
        unknown = sorted(set(self.initial_data) - set(self.fields) - {"format"})
        if unknown:
            message = "Not a parameter of the timeline; these are: " + ", ".join(sorted(self.fields)) + "."
            raise serializers.ValidationError({name[:50]: [message] for name in unknown[:10]})
        start, end = attrs.get("date_after"), attrs.get("date_before")
        if start and end and end < start:
            raise serializers.ValidationError({"date_before": "The range cannot end before it starts."})
        return attrs

    def validate_cursor(self, value):
        direction, _, token = value.partition(".")
        position = Position.decode(token) if direction in ("after", "before") else None
        if position is None:
            raise serializers.ValidationError("Not a cursor of this API: follow a `next` or `previous` link.")
        return direction, position


class TimelineItemSerializer(serializers.Serializer):
    """One dated item: a claim, a meeting, a step of a funding request, or a figure's as-of date."""

    id = serializers.CharField(help_text='Kind and id, e.g. "meeting-3"; stable across requests.')
    kind = serializers.ChoiceField(choices=TIMELINE_KIND_CHOICES)
    date = serializers.DateField(
        help_text="The day the item is dated (a vague date at the middle of its range)."
    )
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    date_display = serializers.CharField(help_text='The date as precisely as known ("mid-June 2014").')
    headline = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    api_url = serializers.URLField(help_text="The record behind the item.")
    actors = serializers.ListField(child=serializers.SlugField(), help_text="Slugs of the actors involved.")
    citations = CitationSerializer(
        many=True, help_text="The claims the item rests on, with quote and source."
    )


@extend_schema_serializer(many=False)  # one page object carrying its items
class TimelinePageSerializer(serializers.Serializer):
    """One page of the timeline; follow `next` and `previous` for the pages around it."""

    count = serializers.IntegerField(help_text="How many items match, counted up to 1,000.")
    count_capped = serializers.BooleanField(help_text="True when more than `count` items match.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TimelineItemSerializer(many=True)


class ChangesQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        help_text="ISO 8601 timestamp, e.g. 2014-07-25T00:00:00Z; changes strictly after it are listed. "
        "A timestamp without a zone is read as UTC."
    )


class ChangeSerializer(serializers.Serializer):
    """One thing that happened to one record after the timestamp asked for."""

    event = serializers.IntegerField(help_text="The event's id: increasing, unique.")
    type = serializers.ChoiceField(choices=RecordKind.values)
    id = serializers.IntegerField()
    action = serializers.ChoiceField(
        choices=CHANGE_ACTIONS,
        help_text="What happened. Readers see: published (now public), updated (changed by a reviewed "
        "claim), corrected, retracted, withdrawn (every claim behind it was retracted). Newsroom "
        "accounts also see created, submitted, returned, sent_back, proposed and rejected.",
    )
    status = serializers.ChoiceField(choices=RecordStatus.values, help_text="Editorial status after it.")
    note = serializers.CharField(allow_blank=True, help_text="The correction, retraction or withdrawal note.")
    changed_at = serializers.DateTimeField()
    api_url = serializers.URLField(help_text="Where to read the record now.")


# The TimelineJS3 document (https://timeline.knightlab.com/docs/json-format.html), for the schema.
class TimelineJSDateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(required=False, help_text="Left out when only the year is known.")
    day = serializers.IntegerField(required=False, help_text="Left out when only the month is known.")


class TimelineJSTextSerializer(serializers.Serializer):
    headline = serializers.CharField()
    text = serializers.CharField(allow_blank=True, help_text="HTML: the item's text and its citations.")


class TimelineJSEventSerializer(serializers.Serializer):
    start_date = TimelineJSDateSerializer()
    display_date = serializers.CharField()
    text = TimelineJSTextSerializer()
    group = serializers.CharField(help_text="Claims, Meetings, Funding or Figures.")
    unique_id = serializers.CharField()


class TimelineJSTitleSerializer(serializers.Serializer):
    text = TimelineJSTextSerializer()


@extend_schema_serializer(many=False)  # one document, not a page of them
class TimelineJSSerializer(serializers.Serializer):
    title = TimelineJSTitleSerializer()
    events = TimelineJSEventSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The following page of slides, if any.")
