import datetime

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import format_date, format_date_short, precision_field, timeline_rank

from .base import (
    PUBLIC_STATUSES,
    FieldCheck,
    PublishableModel,
    PublishableQuerySet,
    choices_check,
    timeline_indexes,
)

SCOPE_TAKEN = "This source already has a figure for this measure, geography, area and period."


class Metric(models.TextChoices):
    UAC_ARRIVALS = "uac_arrivals", "Unaccompanied children arriving (total)"
    # Border Patrol's count: encounters between ports of entry, as CBP publishes them by fiscal
    # year, sector and country of origin. Not the same count as arrivals, so never charted with it.
    APPREHENSIONS = "apprehensions", "Apprehensions by the Border Patrol (total)"
    UAC_DAILY_AVERAGE = "uac_daily_average", "Unaccompanied children crossing per day (average)"
    FAMILY_UNIT_ARRIVALS = "family_unit_arrivals", "Family units arriving (total)"
    COURT_ATTENDANCE_RATE = "court_attendance_rate", "Immigration-court attendance rate"
    SHARE_OF_CHILDREN = "share_of_children", "Share of the children"
    REMOVALS = "removals", "Removals to country of origin"


class Unit(models.TextChoices):
    PEOPLE = "people", "people"
    PEOPLE_PER_DAY = "people_per_day", "people per day"
    PERCENT = "percent", "%"


class ValueQualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximate (around)"
    AT_LEAST = "at_least", "At least (or more)"
    AT_MOST = "at_most", "At most (up to)"


class Geography(models.TextChoices):
    UNITED_STATES = "united_states", "United States (all entries)"
    SOUTHWEST_BORDER = "southwest_border", "Southwest border"
    BORDER_SECTOR = "border_sector", "One Border Patrol sector"
    COUNTRY_OF_ORIGIN = "country_of_origin", "Children from one country of origin"
    IMMIGRATION_COURTS = "immigration_courts", "US immigration courts"


HEDGES = {
    ValueQualifier.APPROXIMATE: "around ",
    ValueQualifier.AT_LEAST: "at least ",
    ValueQualifier.AT_MOST: "up to ",
}


def format_value(value, unit, qualifier):
    """A figure as a reader sees it: "around 57,000", "283/day", "90%"."""
    number = f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    number = f"{number}%" if unit == Unit.PERCENT else number
    suffix = "/day" if unit == Unit.PEOPLE_PER_DAY else ""
    return f"{HEDGES.get(qualifier, '')}{number}{suffix}"


def format_period(start, start_precision, end, end_precision):
    """The period a figure counts, as precisely as known: "Oct 1, 2013 – Jun 15, 2014"."""
    start = format_date_short(start, start_precision)
    end = format_date_short(end, end_precision)
    if not (start or end):
        return "period not reported"
    if start == end:
        return start
    return f"{start or '…'} – {end or '…'}"


class CrossingStatistic(PublishableModel):
    """One figure with its full scope: what was counted, where, over which period, as of when."""

    metric = models.CharField(max_length=32, choices=Metric, help_text="What is counted.")
    value = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="The number as the source gives it."
    )
    unit = models.CharField(max_length=16, choices=Unit, default=Unit.PEOPLE)
    qualifier = models.CharField(
        max_length=16, choices=ValueQualifier, default=ValueQualifier.EXACT,
        help_text='How the source hedges the number ("around 57,000" is approximate).',
    )
    population = models.CharField(
        max_length=200, default="unaccompanied children",
        help_text="Who is counted, e.g. unaccompanied children (under 18).",
    )
    geography = models.CharField(
        max_length=24, choices=Geography, default=Geography.SOUTHWEST_BORDER,
        help_text="The area or population the figure covers.",
    )
    area = models.CharField(
        max_length=100, blank=True,
        help_text="Sector name (e.g. Rio Grande Valley) or country code, when geography needs one.",
    )
    country = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, null=True, blank=True,
        related_name="statistics", limit_choices_to={"kind": "country"},
        help_text="Country of origin the figure is about, if any.",
    )
    origin = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, null=True, blank=True,
        related_name="statistics_from", limit_choices_to={"kind": "country"},
        verbose_name="country of origin",
        help_text="Where the people counted come from, when the agency breaks its table down by "
        "country of origin (CBP's apprehensions by country); where they were counted is the "
        "geography and area.",
    )
    period_start = models.DateField(
        null=True, blank=True, help_text="First day the figure counts; blank if not reported."
    )
    period_start_precision = precision_field("period start precision")
    period_end = models.DateField(
        null=True, blank=True, help_text="Last day the figure counts; blank if not reported."
    )
    period_end_precision = precision_field("period end precision")
    as_of = models.DateField(help_text="The date the figure was true as of (or was stated).")
    as_of_precision = precision_field("as-of precision")
    method = models.TextField(
        blank=True, help_text="How the figure was counted or derived, and any caveat."
    )
    source = models.ForeignKey(
        "crisis.Source", on_delete=models.PROTECT, related_name="statistics",
        help_text="The publication the figure is taken from.",
    )

    timeline_rank = timeline_rank("as_of_precision")
    # The period's end, undated periods first: the figures table's order, which an index keeps
    # (neither database indexes NULLS FIRST the same way).
    period_sort = models.GeneratedField(
        expression=Coalesce("period_end", Value(datetime.date(1, 1, 1))),
        output_field=models.DateField(), db_persist=True,
    )

    REFERENCES = ("source", "country", "origin")
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["metric", "period_start", "as_of", "id"]
        indexes = timeline_indexes("figure", "as_of") + [
            # The filters people use, over the public rows: one country over a period; the API's
            # default order; the figures page's table order (which also serves each chart's
            # latest figures, read backwards).
            models.Index(fields=["country", "period_start"], name="figure_country_period",
                         condition=Q(status__in=PUBLIC_STATUSES)),
            models.Index(fields=["origin", "period_start"], name="figure_origin_period",
                         condition=Q(status__in=PUBLIC_STATUSES)),
            models.Index(fields=["metric", "period_start", "as_of", "id"], name="figure_api_order",
                         condition=Q(status__in=PUBLIC_STATUSES)),
            models.Index(fields=["metric", "geography", "area", "period_sort", "as_of", "id"],
                         name="figure_table_order", condition=Q(status__in=PUBLIC_STATUSES)),
        ]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("metric", Metric),
            choices_check("unit", Unit),
            choices_check("qualifier", ValueQualifier),
            choices_check("geography", Geography),
            FieldCheck(
                condition=Q(value__gte=0), name="%(app_label)s_%(class)s_value_not_negative",
                field="value", violation_error_message="A figure cannot be negative.",
            ),
            FieldCheck(
                condition=~Q(unit=Unit.PERCENT) | Q(value__lte=100),
                name="%(app_label)s_%(class)s_percent_at_most_100",
                field="value", violation_error_message="A percentage cannot be more than 100.",
            ),
            FieldCheck(
                condition=Q(period_end__gte=F("period_start")),
                name="%(app_label)s_%(class)s_period_ordered",
                field="period_end", violation_error_message="The period cannot end before it starts.",
            ),
            FieldCheck(
                condition=~Q(geography=Geography.COUNTRY_OF_ORIGIN) | Q(country__isnull=False),
                name="%(app_label)s_%(class)s_origin_has_country",
                field="country",
                violation_error_message="A figure about children from one country needs that country.",
            ),
            # NULLs are distinct in a unique index, so a figure with no reported period, or no
            # country of origin, needs its own rule to stay one per scope and source.
            models.UniqueConstraint(
                fields=["metric", "geography", "area", "period_start", "period_end", "source"],
                condition=Q(origin__isnull=True),
                name="%(app_label)s_%(class)s_one_figure_per_scope_and_source",
                violation_error_message=SCOPE_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["metric", "geography", "area", "source"],
                condition=Q(period_start__isnull=True, period_end__isnull=True, origin__isnull=True),
                name="%(app_label)s_%(class)s_one_undated_figure_per_scope_and_source",
                violation_error_message=SCOPE_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["metric", "geography", "area", "origin", "period_start", "period_end",
                        "source"],
                condition=Q(origin__isnull=False),
                name="%(app_label)s_%(class)s_one_figure_per_origin_scope",
                violation_error_message=SCOPE_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["metric", "geography", "area", "origin", "source"],
                condition=Q(period_start__isnull=True, period_end__isnull=True, origin__isnull=False),
                name="%(app_label)s_%(class)s_one_undated_figure_per_origin_scope",
                violation_error_message=SCOPE_TAKEN,
            ),
        ]

    def __str__(self):
        return f"{self.value_display} {self.get_metric_display().lower()} ({self.period_display})"

    def get_absolute_url(self):
        return reverse("crisis:figure-detail", kwargs={"pk": self.pk})

    @property
    def value_display(self):
        return format_value(self.value, self.unit, self.qualifier)

    @property
    def period_display(self):
        return format_period(self.period_start, self.period_start_precision, self.period_end,
                             self.period_end_precision)

    @property
    def as_of_display(self):
        return format_date(self.as_of, self.as_of_precision)

    @property
    def geography_display(self):
        """Where the figure was counted, and where the people counted come from: "Southwest
        border; from Honduras". The origin is named when it was read with the row (every figures
        selector joins it), never with a query of its own."""
        label = self.get_geography_display()
        if self.geography == Geography.COUNTRY_OF_ORIGIN and self.country_id:
            where = f"Children from {self.country}"
        else:
            where = f"{label}: {self.area}" if self.area else label
        origin = self.origin_display
        return f"{where}; from {origin}" if origin else where

    @property
    def origin_display(self):
        """The country of origin's name, when it was read with the row; "" otherwise."""
        if self.origin_id is None or not type(self).origin.is_cached(self):
            return ""
        return self.origin.name if self.origin else ""
