"""Crossing figures: each filter, ordering, pagination, and CSV equal to the JSON."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from crisis.figures_csv import COLUMNS
from crisis.models import Geography, Metric, Unit
from tests import factories as f

URL = "/api/v1/figures/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def figures(db):
    honduras = f.CountryFactory(name="Honduras", slug="honduras", country_code="HN")
    guatemala = f.CountryFactory(name="Guatemala", slug="guatemala", country_code="GT")
    cbp, lp = f.SourceFactory(slug="cbp"), f.SourceFactory(slug="latin-post")
    day = datetime.date

    def make(**kwargs):
        figure = f.CrossingStatisticFactory(**kwargs)
        f.ClaimFactory(quote=f"Quote for {figure.metric}", source=figure.source).statistics.add(figure)
        return figure

    return {
        "hn": make(
            metric=Metric.UAC_ARRIVALS,
            unit=Unit.PEOPLE,
            value=Decimal(13000),
            source=cbp,
            geography=Geography.COUNTRY_OF_ORIGIN,
            country=honduras,
            area="HN",
            period_start=day(2013, 10, 1),
            period_end=day(2014, 6, 30),
            as_of=day(2014, 7, 10),
        ),
        "gt": make(
            metric=Metric.UAC_ARRIVALS,
            unit=Unit.PEOPLE,
            value=Decimal(12000),
            source=cbp,
            geography=Geography.COUNTRY_OF_ORIGIN,
            country=guatemala,
            area="GT",
            period_start=day(2013, 10, 1),
            period_end=day(2014, 6, 30),
            as_of=day(2014, 7, 10),
        ),
        "daily": make(
            metric=Metric.UAC_DAILY_AVERAGE,
            value=Decimal(283),
            source=lp,
            period_start=day(2014, 6, 1),
            period_end=day(2014, 6, 15),
            as_of=day(2014, 6, 15),
        ),
        "later": make(
            metric=Metric.UAC_DAILY_AVERAGE,
            value=Decimal(120),
            source=lp,
            period_start=day(2014, 7, 1),
            period_end=day(2014, 7, 18),
            as_of=day(2014, 7, 18),
        ),
    }


FILTERS = [
    ({"metric": "uac_arrivals"}, ["hn", "gt"]),
    ({"metric": ["uac_arrivals", "uac_daily_average"]}, ["hn", "gt", "daily", "later"]),
    ({"geography": "southwest_border"}, ["daily", "later"]),
    ({"country": "HN"}, ["hn"]),
    ({"country": "hn"}, ["hn"]),
    ({"country": "guatemala"}, ["gt"]),
    ({"country": "XX"}, []),
    ({"period_start_after": "2014-06-01"}, ["daily", "later"]),
    ({"period_start_before": "2014-06-01"}, ["hn", "gt", "daily"]),
    ({"period_end_after": "2014-07-01"}, ["later"]),
    ({"period_end_before": "2014-06-15"}, ["daily"]),
    ({"as_of_after": "2014-07-10", "as_of_before": "2014-07-10"}, ["hn", "gt"]),
    ({"source": "latin-post"}, ["daily", "later"]),
    ({"unit": "people_per_day"}, ["daily", "later"]),
    ({"qualifier": "approximate"}, []),
    ({"status": "published"}, ["hn", "gt", "daily", "later"]),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_a_reader_filters_figures(client, figures, params, expected):
    response = client.get(URL, {**params, "ordering": "id"})
    assert ids(response) == sorted(figures[key].pk for key in expected)


def test_a_reader_gets_a_400_for_a_malformed_filter(client, figures):
    response = client.get(URL, {"as_of_after": "July", "metric": "deaths"})
    assert response.status_code == 400
    assert set(response.json()) == {"as_of_after", "metric"}


def test_a_reader_orders_figures_by_value_and_ties_break_on_id(client, figures):
    assert ids(client.get(URL, {"ordering": "-value"})) == [
        figures[k].pk for k in ["hn", "gt", "daily", "later"]
    ]
    tied = ids(client.get(URL, {"ordering": "as_of"}))
    assert tied[1:3] == sorted([figures["hn"].pk, figures["gt"].pk])


def test_a_reader_pages_through_figures_with_a_bounded_page_size(client, db):
    f.CrossingStatisticFactory.create_batch(5)
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert len(client.get(URL, {"page_size": 10_000}).json()["results"]) == 5  # capped at 200, not refused


def parse_csv(response):
    assert isinstance(response, StreamingHttpResponse), "CSV is streamed, not built in memory"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "params", [{}, {"country": "HN"}, {"metric": "uac_daily_average", "ordering": "-as_of"}]
)
def test_a_reader_gets_the_same_figures_as_csv_as_in_the_json(client, figures, params):
    json_rows = client.get(URL, {**params, "page_size": 200}).json()["results"]
    csv_rows = parse_csv(client.get(URL, {**params, "format": "csv"}))
    assert [row["figure_id"] for row in csv_rows] == [str(row["id"]) for row in json_rows]
    same = ["metric", "value", "value_display", "unit", "qualifier", "population", "geography", "area",
            "period_start", "period_start_precision", "period_end", "period_end_precision",
            "period_display", "as_of", "as_of_precision", "as_of_display", "method", "status", "api_url"]
    for json_row, csv_row in zip(json_rows, csv_rows, strict=True):
        assert {name: csv_row[name] for name in same} == {
            name: "" if json_row[name] is None else str(json_row[name]) for name in same}
        assert csv_row["country_code"] == (json_row["country"] or {}).get("country_code", "")
        assert csv_row["source_title"] == json_row["source"]["title"]
        assert csv_row["claim_ids"] == " | ".join(str(claim["id"]) for claim in json_row["claims"])
        assert csv_row["claim_quotes"] == json_row["claims"][0]["quote"]
        assert csv_row["claim_urls"].endswith(f"/claims/{json_row['claims'][0]['id']}/")


def test_a_reader_asking_with_accept_text_csv_gets_the_same_csv(client, figures):
    by_format = b"".join(client.get(URL, {"format": "csv"}).streaming_content)
    by_header = b"".join(client.get(URL, HTTP_ACCEPT="text/csv").streaming_content)
    assert by_format == by_header


def test_the_csv_holds_every_matching_row_not_one_page_and_has_citation_columns(client, db):
    for figure in f.CrossingStatisticFactory.create_batch(60):
        f.ClaimFactory(quote="Exact words.").statistics.add(figure)
    rows = parse_csv(client.get(URL, {"format": "csv"}))
    assert len(rows) == 60
    assert {"source_title", "source_url", "claim_quotes", "as_of", "claim_urls"} <= set(COLUMNS)
    assert rows[0]["claim_quotes"] == "Exact words."
    assert "format=" not in rows[0]["claim_urls"]


def test_a_reader_gets_a_json_error_for_a_bad_filter_on_a_csv_export(client, figures):
    response = client.get(URL, {"format": "csv", "period_end_after": "soon"})
    assert response.status_code == 400
    assert "period_end_after" in response.json()


def test_a_reader_gets_one_figure_as_csv(client, figures):
    response = client.get(reverse("v1:figure-detail", kwargs={"pk": figures["hn"].pk}), {"format": "csv"})
    rows = parse_csv(response)
    assert [row["country_code"] for row in rows] == ["HN"]


def test_the_figures_list_writes_exactly_what_the_serializer_writes(rf, figures):
    from rest_framework.request import Request
    from rest_framework.versioning import NamespaceVersioning

    from crisis.api import lean, serializers
    from crisis.selectors import records

    f.CrossingStatisticFactory(qualifier="approximate", value="1234.5", method="Counted twice.")
    rows = list(records.figures(None).order_by("pk"))
    assert len(rows) >= 3 and any(row.country for row in rows) and any(not row.country for row in rows)
    request = Request(rf.get(URL))
    request.version, request.versioning_scheme = "v1", NamespaceVersioning()
    expected = serializers.FigureSerializer(rows, many=True, context={"request": request}).data
    assert lean.figures(rows, request) == [dict(row) for row in expected]


@pytest.mark.parametrize("page_size", ["0", "false", "-3", "all", "２"])
def test_a_reader_asking_for_a_page_size_that_is_no_count_is_told_so(client, db, page_size):
    response = client.get(URL, {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_reader_asking_for_an_empty_page_gets_a_404_like_any_other_page_that_is_no_number(client, db):
    assert client.get(URL, {"page": ""}).status_code == client.get(URL, {"page": "x"}).status_code == 404
