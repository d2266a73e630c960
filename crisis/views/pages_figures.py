"""Figures: crossing statistics as a paged table, a bounded chart per comparable group, a CSV
of every matching row and one page each.

The page never loads more than one page of the table plus the latest few figures of each charted
scope, so it stays the same size whether the desk holds fifty figures or fifty thousand; the CSV
streams every matching row for those who need them all.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.urls import reverse

from crisis import figures_csv, jsonld, selectors
from crisis.models import Geography, Metric, Unit, ValueQualifier
from crisis.selectors import records
from crisis.views.pages import absolute_builder, respond

# Bars use at most this share of the chart's width, leaving room for the value label.
BAR_SPACE = 72
ROW_HEIGHT = 46
# Past this many bars a chart switches to thinner rows so it stays a screen or two tall.
DENSE_AFTER = 12
DENSE_ROW_HEIGHT = 30
PAGE_SIZE = 100
# Each chart draws at most the latest CHART_POINTS figures of its scope, and at most MAX_CHARTS
# scopes get a chart: beyond that a chart is no longer readable and the page no longer small.
CHART_POINTS = 30
MAX_CHARTS = 12

scope_key = selectors.figures.scope_key
# Only orders an index can walk (crisis.selectors.figures.SORTS); "" is the table's own.
SORT_CHOICES = [
    ("", "Measure, place, then period"),
    ("-measure", "Measure, place, then period, reversed"),
    ("period", "Measure, then oldest period first"),
    ("-period", "Measure, then latest period first"),
]


class FigureFilterForm(forms.Form):
    metric = forms.ChoiceField(choices=[("", "Any measure")] + Metric.choices, required=False,
                               label="Measure")
    geography = forms.ChoiceField(choices=[("", "Anywhere")] + Geography.choices, required=False,
                                  label="Where")
    area = forms.ChoiceField(required=False, label="Sector or area")
    country = forms.ChoiceField(required=False, label="Country of origin")
    origin = forms.ChoiceField(required=False, label="Where they come from")
    unit = forms.ChoiceField(choices=[("", "Any unit")] + Unit.choices, required=False, label="Unit")
    as_of_from = forms.DateField(required=False, label="As of, from",
                                 widget=forms.DateInput(attrs={"type": "date"}))
    as_of_to = forms.DateField(required=False, label="As of, to",
                               widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label="Order")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

        @cache
        def countries():
            # One read of the visible countries serves both selects and both checks.
            return {country.slug: country for country in records.countries(user)}

        self.countries = countries
        self.fields["country"].choices = lambda: [("", "Any country")] + [
            (slug, c.name) for slug, c in countries().items()]
        self.fields["origin"].choices = lambda: [("", "Any origin")] + [
            (slug, c.name) for slug, c in countries().items()]

        @cache
        def areas():
            # A callable, so the query runs only when the form is drawn or an area is checked,
            # and cached, since drawing the select asks for the choices more than once.
            return [("", "Any area")] + [(a, self.area_label(a)) for a in selectors.figures.areas(user)]

        self.fields["area"].choices = areas

    def area_label(self, area):
        """An area as readers know it: a country's name where the source gave its code (GT)."""
        names = {c.country_code: c.name for c in self.countries().values() if c.country_code}
        return names.get(area, area)

    def count_choices(self, counts):
        """Each filter's options with how many figures choosing it would show; an option that
        would show none is dropped, unless it is the one chosen, so no choice leads nowhere."""
        by_pk = {c.pk: slug for slug, c in self.countries().items()}
        for name, choice in self.fields.items():
            if name not in counts:
                continue
            chosen = self.data.get(name, "")
            tally = {(by_pk.get(k) if name in ("country", "origin") else k): n
                     for k, n in counts[name].items()}
            choice.choices = [
                (value, f"{label} ({tally.get(value, 0):,})" if value else label)
                for value, label in choice.choices
                if not value or tally.get(value) or value == chosen
            ]

    def clean_country(self):
        return self.countries().get(self.cleaned_data["country"])

    def clean_origin(self):
        return self.countries().get(self.cleaned_data["origin"])

    def clean(self):
        data = super().clean()
        start, end = data.get("as_of_from"), data.get("as_of_to")
        if start and end and end < start:
            self.add_error("as_of_to", "This date is before the “from” date; swap them or clear one.")
            # Half of a backwards range would filter on a date the reader did not mean.
            data.pop("as_of_from", None)
        return data

    def filters(self):
        """The valid part of the input: a bad field is reported and ignored, never a 500."""
        return self.cleaned_data if hasattr(self, "cleaned_data") else {}


@dataclass
class Bar:
    statistic: object
    width: float
    y: int
    height: int

    @property
    def label_y(self):
        return self.y - 4

    @property
    def value_y(self):
        return self.y + self.height - 4


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
    # How many figures the scope holds under the current filters; more than are drawn if bounded.
    total: int = 0

    @property
    def drawable(self):
        # One count alone has nothing to be compared with; a share still has its 0–100 scale.
        return len(self.statistics) > 1 or self.unit == Unit.PERCENT

    @property
    def bounded(self):
        return self.total > len(self.statistics)

    @property
    def total_display(self):
        return f"{self.total:,}"

    @property
    def hedged(self):
        return any(s.qualifier != ValueQualifier.EXACT for s in self.statistics)

    @property
    def description(self):
        parts = [f"{s.period_display}: {s.value_display}" for s in self.statistics]
        lead = f"The latest {len(self.statistics)} of {self.total:,}. " if self.bounded else ""
        return f"{self.title}, {self.scope}. {lead}" + "; ".join(parts) + "."


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


def build_charts(statistics, totals=None):
    """Group figures so that no axis mixes units or scopes, and lay out each group's bars.

    `statistics` are the figures to draw, oldest first within a scope; `totals` maps a scope to
    how many figures it holds in all, so a chart can say when it shows only the latest of them.
    """
    charts = {}
    for s in statistics:
        key = scope_key(s)
        if key not in charts:
            charts[key] = Chart(
                key=key, title=s.get_metric_display(), unit=s.unit,
                scope=f"{s.geography_display}; {s.population}; in {s.get_unit_display()}",
            )
        charts[key].statistics.append(s)
    for chart in charts.values():
        chart.total = (totals or {}).get(chart.key, len(chart.statistics))
        top = Decimal(100) if chart.unit == Unit.PERCENT else nice_ceiling(
            max(s.value for s in chart.statistics)
        )
        dense = len(chart.statistics) > DENSE_AFTER
        row, bar = (DENSE_ROW_HEIGHT, 12) if dense else (ROW_HEIGHT, 18)
        for i, s in enumerate(chart.statistics):
            chart.bars.append(Bar(s, float(s.value / top * BAR_SPACE), 22 + i * row, bar))
        chart.height = 22 + len(chart.statistics) * row + 24
        chart.ticks = [
            (BAR_SPACE * i / 4, _tick_label(top * i / 4, chart.unit)) for i in range(5)
        ]
    return list(charts.values())


def _filter_form(request):
    form = FigureFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    return form


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# The page's filter names → the API's (crisis.api.filters.FigureFilter), so "this view in JSON"
# is the same figures, read from what the form accepted (a bad field is ignored by both).
API_FILTERS = {"metric": "metric", "geography": "geography", "area": "area", "country": "country",
               "origin": "origin", "unit": "unit", "as_of_from": "as_of_after", "as_of_to": "as_of_before"}


def _api_query(form):
    params = QueryDict(mutable=True)
    for name, api_name in API_FILTERS.items():
        value = form.filters().get(name)
        if value:
            params[api_name] = getattr(value, "slug", value)
    return params


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    chosen: bool

    @property
    def count_display(self):
        return f"{self.count:,}"


@dataclass
class Facet:
    name: str
    label: str
    options: list
    # Values beyond the shown ones, still in the filter's select.
    more: int = 0


# A facet lists its busiest values; the rest stay one click away in the filter's select.
FACET_OPTIONS = 8


def _facets(request, form, counts):
    """The filters as Datasette shows them: each value with its count and a link that applies it
    (or, when chosen, removes it), busiest first; values that would show nothing are left out."""
    facets = []
    for name, choice in form.fields.items():
        if name not in counts:
            continue
        chosen = request.GET.get(name, "")
        labels = {value: label for value, label in choice.choices if value}
        by_pk = {c.pk: slug for slug, c in form.countries().items()}
        tally = Counter()
        for key, n in counts[name].items():
            value = by_pk.get(key) if name in ("country", "origin") else key
            if value in labels:
                tally[value] += n
        options = []
        for value, n in sorted(tally.items(), key=lambda item: (-item[1], labels[item[0]])):
            params = request.GET.copy()
            params.pop("page", None)
            if value == chosen:
                params.pop(name, None)
            else:
                params[name] = value
            options.append(FacetOption(labels[value], n, "?" + params.urlencode(), value == chosen))
        shown = [o for o in options if o.chosen] + [o for o in options if not o.chosen][:FACET_OPTIONS]
        if shown:
            facets.append(Facet(name, choice.label, shown, len(options) - len(shown)))
    return facets


@dataclass
class SortLink:
    url: str
    # aria-sort's value for the column: "ascending", "descending" or "" when it is not the order.
    state: str
    next_label: str


def _sort_link(request, sort, column):
    """The header link of a sortable column: the other direction when the column is the order."""
    params = request.GET.copy()
    params.pop("page", None)
    current = sort or "measure"
    if current == column:
        params["sort"] = f"-{column}"
        state, next_label = "ascending", "descending"
    elif current == f"-{column}":
        params["sort"] = column
        state, next_label = "descending", "ascending"
    else:
        params["sort"] = column
        state, next_label = "", "ascending"
    if params.get("sort") == "measure":
        params.pop("sort")
    return SortLink("?" + params.urlencode(), state, next_label)


def figure_list(request):
    # 1: countries for the filter  2: areas for the filter  3: scopes with their counts over the
    # date range (also every facet's counts and the total, so the paginator needs no COUNT)
    # 4: this page of figures JOIN source, country, origin  5: ids of the latest figures of each
    # charted scope  6: those figures JOIN source, country, origin  7: visible claims of both
    # (for readers, 2 and 3 are kept until the data changes)
    user = request.user
    form = _filter_form(request)
    filters = form.filters()
    sort = filters.get("sort") or ""
    filtered = selectors.figures.matching(user, filters)
    scopes, counts = selectors.figures.facets(user, filters)
    total = sum(scopes.values())
    facets = _facets(request, form, counts)
    form.count_choices(counts)

    paginator = Paginator(selectors.figures.table(filtered, sort or "measure"), PAGE_SIZE)
    paginator.count = total  # a cached property: set, it spares the paginator its own COUNT(*)
    # A page past the end shows the last one, and a non-number the first, rather than an error.
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)

    charted = list(scopes)[:MAX_CHARTS]
    chart_rows = (
        selectors.figures.latest_per_scope(filtered, charted, CHART_POINTS) if charted else []
    )
    selectors.figures.with_citations(user, rows + chart_rows)

    query = _query_without_page(request)
    csv_url = reverse("crisis:figure-csv") + (f"?{query}" if query else "")
    api_query = _api_query(form).urlencode()
    api_url = reverse("v1:figure-list") + (f"?{api_query}" if api_query else "")
    absolute = absolute_builder(request)
    return respond(request, "crisis/figure_list.html", {
        "form": form,
        "facets": facets,
        "sort_measure": _sort_link(request, sort, "measure"),
        "sort_period": _sort_link(request, sort, "period"),
        "statistics": rows,
        "page": page,
        "total": total,
        "total_display": f"{total:,}",
        "shown_from": f"{page.start_index():,}",
        "shown_to": f"{page.end_index():,}",
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "charts": build_charts(chart_rows, scopes),
        "scope_count": len(scopes),
        "chart_points": CHART_POINTS,
        "csv_url": csv_url,
        "api_url": api_url,
        "jsonld": jsonld.figures(rows, absolute, absolute(request.get_full_path()), absolute(csv_url)),
    }, records=rows + chart_rows)


def figure_csv(request):
    """Every figure matching the page's filters, on all its pages, with their citations."""
    # 1: figures JOIN source, country, origin, as plain values  2: their visible claims; one more of each
    # per 5,000 rows, as they stream (the filter form is not drawn, so no countries or areas)
    form = _filter_form(request)
    figures = selectors.figures.for_csv(request.user, form.filters(), form.filters().get("sort") or "measure")
    response = figures_csv.response(request.user, figures, absolute_builder(request),
                                    "crisis-tracker-figures.csv")
    if request.user.is_authenticated:
        response["Cache-Control"] = "no-cache, no-store, must-revalidate, private, max-age=0"
    return response


def figure_detail(request, pk):
    # 1: the figure JOIN source, country, origin  2: its visible claims
    statistic = selectors.figures.figure(request.user, pk)
    if statistic is None:
        raise Http404("No figure with this number is public.")
    absolute = absolute_builder(request)
    return respond(request, "crisis/figure_detail.html", {
        "statistic": statistic,
        "claims": list(statistic.claims.all()),
        "corrections": records.corrections(statistic),
        "jsonld": {"@context": jsonld.CONTEXT, **jsonld.observation(statistic, absolute)},
    }, records=[statistic])
