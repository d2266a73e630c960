"""Figures: crossing statistics as a table, a chart per comparable group, a CSV and one page each."""

import csv
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from crisis import jsonld
from crisis.models import Actor, Geography, Metric, Unit, ValueQualifier
from crisis.views.pages import absolute_builder, respond, statistics_for

# Bars use at most this share of the chart's width, leaving room for the value label.
BAR_SPACE = 72
ROW_HEIGHT = 46


class FigureFilterForm(forms.Form):
    metric = forms.ChoiceField(choices=[("", "Any measure")] + Metric.choices, required=False,
                               label="Measure")
    geography = forms.ChoiceField(choices=[("", "Anywhere")] + Geography.choices, required=False,
                                  label="Where")
    country = forms.ModelChoiceField(
        queryset=Actor.objects.none(), to_field_name="slug", required=False,
        empty_label="Any country", label="Country of origin",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Actor.objects.visible_to(user).countries().order_by("name")

    def apply(self, queryset):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("metric"):
            queryset = queryset.filter(metric=data["metric"])
        if data.get("geography"):
            queryset = queryset.filter(geography=data["geography"])
        if data.get("country"):
            queryset = queryset.filter(country=data["country"])
        return queryset


@dataclass
class Bar:
    statistic: object
    width: float
    y: int


@dataclass
class Chart:
    """Figures that can share an axis: same measure, unit and scope."""

    key: tuple
    title: str
    scope: str
    unit: str
    statistics: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    height: int = 0

    @property
    def drawable(self):
        # One count alone has nothing to be compared with; a share still has its 0–100 scale.
        return len(self.statistics) > 1 or self.unit == Unit.PERCENT

    @property
    def hedged(self):
        return any(s.qualifier != ValueQualifier.EXACT for s in self.statistics)

    @property
    def description(self):
        parts = [f"{s.period_display}: {s.value_display}" for s in self.statistics]
        return f"{self.title}, {self.scope}. " + "; ".join(parts) + "."


def nice_ceiling(value):
    """The next round number at or above value (1, 2, 2.5, 5 × 10ⁿ), for a readable axis."""
    if value <= 0:
        return Decimal(1)
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = Decimal(str(step)) * Decimal(10) ** exponent
        if candidate >= value:
            return candidate
    return Decimal(10) ** (exponent + 1)


def _tick_label(value, unit):
    text = f"{value:,.0f}" if value == value.to_integral() else f"{value:,.1f}"
    return f"{text}%" if unit == Unit.PERCENT else text


def build_charts(statistics):
    """Group figures so that no axis mixes units or scopes, and lay out each group's bars."""
    charts = {}
    for s in statistics:
        key = (s.metric, s.unit, s.geography, s.area, s.country_id, s.population)
        if key not in charts:
            charts[key] = Chart(
                key=key, title=s.get_metric_display(), unit=s.unit,
                scope=f"{s.geography_display}; {s.population}; in {s.get_unit_display()}",
            )
        charts[key].statistics.append(s)
    for chart in charts.values():
        top = Decimal(100) if chart.unit == Unit.PERCENT else nice_ceiling(
            max(s.value for s in chart.statistics)
        )
        for i, s in enumerate(chart.statistics):
            chart.bars.append(Bar(s, float(s.value / top * BAR_SPACE), 22 + i * ROW_HEIGHT))
        chart.height = 22 + len(chart.statistics) * ROW_HEIGHT + 24
        chart.ticks = [
            (BAR_SPACE * i / 4, _tick_label(top * i / 4, chart.unit)) for i in range(5)
        ]
    return list(charts.values())


def _figures(request):
    form = FigureFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    statistics = list(form.apply(statistics_for(request.user)).order_by(
        "metric", "geography", "area", "period_end", "as_of", "pk"
    ))
    return form, statistics


def figure_list(request):
    # 1: countries for the filter  2: figures JOIN source, country  3: their visible claims
    form, statistics = _figures(request)
    query = request.GET.urlencode()
    csv_url = reverse("crisis:figure-csv") + (f"?{query}" if query else "")
    absolute = absolute_builder(request)
    return respond(request, "crisis/figure_list.html", {
        "form": form,
        "statistics": statistics,
        "charts": build_charts(statistics),
        "csv_url": csv_url,
        "jsonld": jsonld.figures(statistics, absolute, absolute(request.get_full_path()),
                                 absolute(csv_url)),
    }, records=statistics)


CSV_COLUMNS = [
    "figure_id", "measure", "value", "value_as_shown", "unit", "qualifier", "population",
    "geography", "area", "country", "period_start", "period_end", "period_as_shown", "as_of",
    "as_of_as_shown", "method", "status", "figure_url", "source_publisher", "source_title",
    "source_date", "source_url", "source_page", "claim_ids", "claim_urls", "claim_texts", "quotes",
]


def csv_row(statistic, absolute):
    claims = list(statistic.claims.all())
    source = statistic.source
    return [
        statistic.pk, statistic.get_metric_display(), statistic.value, statistic.value_display,
        statistic.get_unit_display(), statistic.get_qualifier_display(), statistic.population,
        statistic.get_geography_display(), statistic.area,
        statistic.country.name if statistic.country else "",
        statistic.period_start or "", statistic.period_end or "", statistic.period_display,
        statistic.as_of, statistic.as_of_display, statistic.method, statistic.get_status_display(),
        absolute(statistic.get_absolute_url()), source.publisher, source.title,
        source.published_display, source.url, absolute(source.get_absolute_url()),
        " | ".join(str(c.pk) for c in claims),
        " | ".join(absolute(c.get_absolute_url()) for c in claims),
        " | ".join(c.text for c in claims),
        " | ".join(c.quote for c in claims if c.quote),
    ]


def figure_csv(request):
    """Exactly the rows the figures page shows for the same filters, with their citations."""
    # 1: countries for the filter  2: figures JOIN source, country  3: their visible claims
    form, statistics = _figures(request)
    absolute = absolute_builder(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="crisis-tracker-figures.csv"'
    if request.user.is_authenticated:
        response["Cache-Control"] = "no-cache, no-store, must-revalidate, private, max-age=0"
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for statistic in statistics:
        writer.writerow(csv_row(statistic, absolute))
    return response


def figure_detail(request, pk):
    # 1: the figure JOIN source, country  2: its visible claims
    statistic = get_object_or_404(statistics_for(request.user), pk=pk)
    absolute = absolute_builder(request)
    return respond(request, "crisis/figure_detail.html", {
        "statistic": statistic,
        "claims": list(statistic.claims.all()),
        "jsonld": {"@context": jsonld.CONTEXT, **jsonld.observation(statistic, absolute)},
    }, records=[statistic])
