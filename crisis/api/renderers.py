"""CSV for spreadsheets (streamed row by row) and Knight Lab TimelineJS JSON."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from crisis.csvstream import csv_lines, csv_response

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


def stream_csv(rows, filename):
    """A streaming response: rows are serialised one by one as the client reads."""
    return csv_response(FIGURE_COLUMNS, (figure_row(data) for data in rows), filename, "inline")


class CSVRenderer(BaseRenderer):
    """Crossing figures as CSV. Lists are streamed by the view; this renders a single figure."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        return "".join(csv_lines(FIGURE_COLUMNS, (figure_row(r) for r in rows)))


class TimelineJSRenderer(JSONRenderer):
    """The timeline as a Knight Lab TimelineJS3 document (built by timeline.timelinejs)."""

    media_type = "application/vnd.timelinejs+json"
    format = "timelinejs"
