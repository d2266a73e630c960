"""The figures as CSV, one column set for the page's /figures.csv and the API's ?format=csv.

Every row carries its citations (claim ids, texts, quotes and links, source and its link) beside
the value, and its status, so a withdrawn figure says so. Rows are read as plain values a chunk at
a time (crisis.selectors.figures.export_chunks) and written straight out: no model instance and no
serializer per row, so a hundred thousand rows stream in about a second, in flat memory.
"""

from django.urls import reverse

from crisis.csvstream import csv_response
from crisis.dates import format_date
from crisis.models import Metric
from crisis.models.crossings import format_period, format_value
from crisis.selectors.figures import EXPORT_FIELDS, export_chunks

# Several backing claims share one cell, separated like this, so a figure stays one row.
JOIN = " | "

COLUMNS = [
    "figure_id", "metric", "measure", "value", "value_display", "unit", "qualifier", "population",
    "geography", "area", "country_code", "country", "origin_code", "origin", "period_start",
    "period_start_precision",
    "period_end", "period_end_precision", "period_display", "as_of", "as_of_precision",
    "as_of_display", "method", "status", "correction_note", "figure_url", "api_url",
    "source_title", "source_publisher", "source_url", "source_published_on", "source_page",
    "claim_ids", "claim_urls", "claim_texts", "claim_quotes",
]

MEASURES = dict(Metric.choices)


# Stand-ins reverse() accepts, replaced in the URL it returns.
PK, SLUG = "2147483647", "slug-stand-in"


def _urls(absolute):
    """URL makers from one reverse() each: the CSV writes thousands of links."""
    def template(name, stand_in):
        key = "pk" if stand_in == PK else "slug"
        url = absolute(reverse(name, kwargs={key: stand_in}))
        return lambda value: url.replace(stand_in, str(value))

    return (template("crisis:figure-detail", PK), template("v1:figure-detail", PK),
            template("crisis:claim-detail", PK), template("crisis:source-detail", SLUG))


def rows(user, queryset, absolute):
    """CSV rows of the figures in `queryset` (visible to `user`, filtered, ordered)."""
    figure_url, api_url, claim_url, source_page = _urls(absolute)
    index = {name: i for i, name in enumerate(EXPORT_FIELDS)}
    for chunk, claims in export_chunks(user, queryset):
        for values in chunk:
            v = {name: values[i] for name, i in index.items()}
            cited = claims.get(v["id"], ())
            yield [
                v["id"], v["metric"], MEASURES.get(v["metric"], v["metric"]), v["value"],
                format_value(v["value"], v["unit"], v["qualifier"]), v["unit"],
                v["qualifier"], v["population"], v["geography"], v["area"],
                v["country__country_code"] or "", v["country__name"] or "",
                v["origin__country_code"] or "", v["origin__name"] or "",
                v["period_start"] or "", v["period_start_precision"], v["period_end"] or "",
                v["period_end_precision"],
                format_period(v["period_start"], v["period_start_precision"], v["period_end"],
                              v["period_end_precision"]),
                v["as_of"], v["as_of_precision"], format_date(v["as_of"], v["as_of_precision"]),
                v["method"], v["status"], v["correction_note"], figure_url(v["id"]), api_url(v["id"]),
                v["source__title"], v["source__publisher"], v["source__url"],
                v["source__published_on"] or "", source_page(v["source__slug"]),
                JOIN.join(str(pk) for pk, _, _ in cited), JOIN.join(claim_url(pk) for pk, _, _ in cited),
                JOIN.join(text for _, text, _ in cited), JOIN.join(quote for _, _, quote in cited if quote),
            ]


def response(user, queryset, absolute, filename, disposition="attachment"):
    return csv_response(COLUMNS, rows(user, queryset, absolute), filename, disposition)
