"""CSV for spreadsheets (streamed row by row) and Knight Lab TimelineJS JSON."""

import csv

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer

# Several backing claims share one cell, separated like this, so that a figure stays one row.
JOIN = " | "

FIGURE_COLUMNS = [
    "id",
    "metric",
    "value",
    "unit",
    "qualifier",
    "value_display",
    "population",
    "geography",
    "area",
    "country_code",
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
    "status",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published_on",
    "claim_ids",
    "claim_quotes",
    "claim_texts",
    "claim_urls",
    "api_url",
]


def figure_row(data):
    """One CSV row from a figure as the JSON gives it: the same values, citations beside them."""
    country = data["country"] or {}
    source = data["source"]
    claims = data["claims"]
    row = {name: data[name] for name in FIGURE_COLUMNS if name in data}
    row.update(
        country_code=country.get("country_code", ""),
        country=country.get("name", ""),
        source_title=source["title"],
        source_publisher=source["publisher"],
        source_url=source["url"],
        source_published_on=source["published_on"],
        claim_ids=JOIN.join(str(claim["id"]) for claim in claims),
        claim_quotes=JOIN.join(claim["quote"] for claim in claims),
        claim_texts=JOIN.join(claim["text"] for claim in claims),
        claim_urls=JOIN.join(claim["api_url"] for claim in claims),
    )
    return ["" if row[name] is None else row[name] for name in FIGURE_COLUMNS]


class _Echo:
    """csv.writer writes into this and gets the line back, so nothing accumulates."""

    def write(self, value):
        return value


def stream_csv(rows, filename):
    """A streaming response: rows are serialised one by one as the client reads."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(FIGURE_COLUMNS)
        for data in rows:
            yield writer.writerow(figure_row(data))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """Crossing figures as CSV. Lists are streamed by the view; this renders a single figure."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        writer = csv.writer(_Echo())
        rows = data if isinstance(data, list) else [data]
        return "".join([writer.writerow(FIGURE_COLUMNS), *(writer.writerow(figure_row(r)) for r in rows)])


class TimelineJSRenderer(JSONRenderer):
    """The timeline as a Knight Lab TimelineJS3 document (built by timeline.timelinejs)."""

    media_type = "application/vnd.timelinejs+json"
    format = "timelinejs"
