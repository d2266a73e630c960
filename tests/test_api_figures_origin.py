"""Figures as agencies publish them: by country of origin, per fiscal year, apprehensions beside
arrivals; through the API, its CSV, the pages and the desk."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from crisis.dates import DatePrecision, format_date, format_date_short
from crisis.models import CrossingStatistic, Geography, Metric, RecordStatus
from crisis.models.crossings import format_period
from tests import factories as f
from tests.editor_support import NEW_FIGURE, add_claim_data

URL = "/api/v1/figures/"
FY2014 = (datetime.date(2013, 10, 1), datetime.date(2014, 9, 30))


@pytest.fixture
def cbp_table(db):
    """CBP's FY2014 apprehensions of unaccompanied children at the southwest border, by country
    of origin, plus the same table's total (no origin) and an arrivals figure."""
    countries = {
        code: f.CountryFactory(name=name, slug=name.lower().replace(" ", "-"), country_code=code)
        for code, name in [("HN", "Honduras"), ("GT", "Guatemala"), ("SV", "El Salvador")]
    }
    cbp = f.SourceFactory(slug="cbp-southwest-border-uac-fy2014")

    def figure(value, origin=None, metric=Metric.APPREHENSIONS):
        figure = f.CrossingStatisticFactory(
            metric=metric, value=Decimal(value), source=cbp, origin=origin,
            geography=Geography.SOUTHWEST_BORDER, period_start=FY2014[0], period_end=FY2014[1],
            period_start_precision=DatePrecision.FISCAL_YEAR,
            period_end_precision=DatePrecision.FISCAL_YEAR, as_of=FY2014[1],
        )
        f.ClaimFactory(source=cbp).statistics.add(figure)
        return figure

    return {
        "countries": countries,
        "by_origin": {code: figure(value, country) for (code, country), value in
                      zip(countries.items(), [18244, 17057, 16404], strict=True)},
        "total": figure(68541),
        "arrivals": figure(57000, metric=Metric.UAC_ARRIVALS),
    }


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_fiscal_year_reads_fy2014_everywhere_a_period_is_written():
    assert format_date(FY2014[0], DatePrecision.FISCAL_YEAR) == "FY2014"
    assert format_date_short(FY2014[1], DatePrecision.FISCAL_YEAR) == "FY2014"
    # October starts the next fiscal year.
    assert format_date(datetime.date(2014, 10, 1), DatePrecision.FISCAL_YEAR) == "FY2015"
    assert format_period(*FY2014[:1], DatePrecision.FISCAL_YEAR, FY2014[1],
                         DatePrecision.FISCAL_YEAR) == "FY2014"


def test_a_data_desk_gets_fy2014_apprehensions_by_country_of_origin_in_one_request(client, cbp_table):
    rows = results(client.get(URL, {
        "metric": "apprehensions", "geography": "southwest_border", "precision": "fiscal_year",
        "fiscal_year": 2014, "by_origin": "true", "ordering": "-value",
    }))
    assert [(r["origin"]["country_code"], r["value"], r["period_display"]) for r in rows] == [
        ("HN", "18244.00", "FY2014"), ("GT", "17057.00", "FY2014"), ("SV", "16404.00", "FY2014"),
    ]


def test_a_reader_filters_figures_by_origin_given_as_iso_code_or_slug(client, cbp_table):
    honduras = cbp_table["by_origin"]["HN"].pk
    assert [r["id"] for r in results(client.get(URL, {"origin": "HN"}))] == [honduras]
    assert [r["id"] for r in results(client.get(URL, {"origin": "hn"}))] == [honduras]
    assert [r["id"] for r in results(client.get(URL, {"origin": "honduras"}))] == [honduras]
    assert results(client.get(URL, {"origin": "atlantis"})) == []


def test_a_reader_asking_without_by_origin_also_gets_the_tables_total(client, cbp_table):
    rows = results(client.get(URL, {"metric": "apprehensions", "fiscal_year": 2014}))
    assert len(rows) == 4
    assert [r["value"] for r in rows if r["origin"] is None] == ["68541.00"]
    assert results(client.get(URL, {"fiscal_year": 2013})) == []


def test_a_reader_gets_a_400_for_a_malformed_precision_or_fiscal_year(client, cbp_table):
    response = client.get(URL, {"precision": "decade", "fiscal_year": "soon"})
    assert response.status_code == 400
    assert set(response.json()) >= {"precision", "fiscal_year"}


def test_the_csv_names_each_figures_country_of_origin(client, cbp_table):
    response = client.get(URL, {"metric": "apprehensions", "by_origin": "true", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted((r["origin_code"], r["origin"], r["period_display"]) for r in rows) == [
        ("GT", "Guatemala", "FY2014"), ("HN", "Honduras", "FY2014"), ("SV", "El Salvador", "FY2014"),
    ]
    page_csv = client.get(reverse("crisis:figure-csv"), {"origin": "guatemala"})
    rows = list(csv.DictReader(io.StringIO(b"".join(page_csv.streaming_content).decode())))
    assert [r["origin"] for r in rows] == ["Guatemala"]


def test_the_figures_list_writes_the_origin_exactly_as_the_serializer_does(rf, cbp_table):
    from rest_framework.request import Request
    from rest_framework.versioning import NamespaceVersioning

    from crisis.api import lean, serializers
    from crisis.selectors import records

    request = Request(rf.get(URL))
    request.version, request.versioning_scheme = "v1", NamespaceVersioning()
    rows = list(records.figures(None).order_by("id"))
    expected = serializers.FigureSerializer(rows, many=True, context={"request": request}).data
    assert lean.figures(rows, request) == [dict(row) for row in expected]
    assert {row["origin"]["slug"] for row in expected if row["origin"]} == {
        "honduras", "guatemala", "el-salvador"}


def test_a_figures_list_with_origins_takes_the_same_queries_as_without(
        client, cbp_table, django_assert_num_queries):
    # 1: the data's state (for the ETag)  2: count  3: figures JOIN source, country, origin
    # 4: their visible claims JOIN speaker, source
    with django_assert_num_queries(4):
        assert len(results(client.get(URL, {"by_origin": "true"}))) == 3


def test_a_published_figure_naming_a_draft_origin_stays_hidden_from_readers(client, cbp_table):
    draft = f.CountryFactory(name="Secretland", status=RecordStatus.DRAFT, published_at=None)
    hidden = cbp_table["by_origin"]["HN"]
    CrossingStatistic.objects.filter(pk=hidden.pk).update(origin=draft)
    assert hidden.pk not in [r["id"] for r in results(client.get(URL))]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    page = client.get(reverse("crisis:figure-list")).content.decode()
    assert "Secretland" not in page


def test_a_reader_sees_where_the_people_counted_come_from_on_the_figure_pages(client, cbp_table):
    figure = cbp_table["by_origin"]["GT"]
    page = client.get(figure.get_absolute_url()).content.decode()
    assert "Country of origin" in page and "Guatemala" in page and "FY2014" in page
    listing = client.get(reverse("crisis:figure-list"), {"origin": "guatemala"})
    assert [s.pk for s in listing.context["statistics"]] == [figure.pk]
    assert "Southwest border; from Guatemala" in listing.content.decode()


def test_figures_from_different_origins_are_never_charted_on_one_axis(client, cbp_table):
    response = client.get(reverse("crisis:figure-list"), {"metric": "apprehensions"})
    scopes = [chart.scope for chart in response.context["charts"]]
    assert len(scopes) == 4
    assert any("from Honduras" in scope for scope in scopes)


def test_an_editor_adds_an_apprehensions_figure_with_an_origin_through_the_api(editor_client, cbp_table):
    claim = f.ClaimFactory()
    response = editor_client.post(URL, {
        "metric": "apprehensions", "value": "3000", "as_of": "2014-09-30", "source": claim.source.slug,
        "claims": [claim.pk], "origin": "honduras", "period_start": "2013-10-01",
        "period_end": "2014-09-30", "period_start_precision": "fiscal_year",
        "period_end_precision": "fiscal_year",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    saved = CrossingStatistic.objects.get(pk=response.json()["id"])
    assert (saved.origin.country_code, saved.status, saved.period_display) == ("HN", RecordStatus.DRAFT,
                                                                               "FY2014")


def test_an_editor_naming_an_unknown_origin_gets_a_400_for_that_field(editor_client, cbp_table):
    claim = f.ClaimFactory()
    before = CrossingStatistic.objects.count()
    response = editor_client.post(URL, {
        "metric": "apprehensions", "value": "3000", "as_of": "2014-09-30", "source": claim.source.slug,
        "claims": [claim.pk], "origin": "atlantis",
    }, content_type="application/json")
    assert response.status_code == 400
    assert "origin" in response.json()
    assert CrossingStatistic.objects.count() == before


def test_one_source_may_give_the_same_scope_once_per_origin_but_not_twice_for_one(editor_client, cbp_table):
    claim = f.ClaimFactory(source=cbp_table["total"].source)
    body = {
        "metric": "apprehensions", "value": "1", "as_of": "2014-09-30", "source": claim.source.slug,
        "claims": [claim.pk], "geography": "southwest_border", "period_start": "2013-10-01",
        "period_end": "2014-09-30", "period_start_precision": "fiscal_year",
        "period_end_precision": "fiscal_year",
    }
    mexico = f.CountryFactory(name="Mexico", slug="mexico", country_code="MX")
    assert editor_client.post(URL, {**body, "origin": mexico.slug},
                              content_type="application/json").status_code == 201
    again = editor_client.post(URL, {**body, "origin": "honduras"}, content_type="application/json")
    assert again.status_code == 400
    assert "already has a figure" in again.json()["non_field_errors"][0]
    total_again = editor_client.post(URL, body, content_type="application/json")
    assert total_again.status_code == 400


def test_an_editor_records_a_figures_origin_on_the_desk(editor_client, cbp_table):
    source = f.SourceFactory()
    honduras = cbp_table["countries"]["HN"]
    response = editor_client.post(reverse("crisis:claim-add"), add_claim_data(source, **{
        **NEW_FIGURE, "figure-metric": "apprehensions", "figure-unit": "people",
        "figure-origin": honduras.pk, "figure-period_start_precision": "fiscal_year",
    }))
    assert response.status_code == 302, response.context and response.context.get("forms")
    figure = CrossingStatistic.objects.get(source=source)
    assert (figure.metric, figure.origin, figure.status) == (Metric.APPREHENSIONS, honduras,
                                                             RecordStatus.DRAFT)


def test_submitting_a_figure_brings_its_draft_origin_into_the_review(db, editor):
    from crisis.services.graph import closure

    draft_country = f.CountryFactory(name="Newland", status=RecordStatus.DRAFT, published_at=None,
                                     created_by=editor)
    claim = f.ClaimFactory(status=RecordStatus.DRAFT, published_at=None, created_by=editor)
    figure = f.CrossingStatisticFactory(status=RecordStatus.DRAFT, published_at=None, origin=draft_country,
                                        source=claim.source, created_by=editor)
    claim.statistics.add(figure)
    assert {figure, draft_country} <= set(closure(claim))


def test_a_dataset_file_gives_each_figure_its_origin_and_loads_once(db, tmp_path):
    from crisis.importing import load_dataset

    dataset = tmp_path / "cbp.toml"
    rows = "".join(
        f'[[statistics]]\nkey = "fy2014-{code}"\nmetric = "apprehensions"\nvalue = "{value}"\n'
        f'origin = "{slug}"\nperiod_start = "2013-10-01"\nperiod_start_precision = "fiscal_year"\n'
        f'period_end = "2014-09-30"\nperiod_end_precision = "fiscal_year"\nas_of = "2014-09-30"\n'
        for code, slug, value in [("hn", "honduras", 18244), ("gt", "guatemala", 17057)]
    )
    dataset.write_text(
        'default_source = "cbp"\n[[sources]]\nslug = "cbp"\ntitle = "FY2014"\npublisher = "CBP"\n'
        '[[actors]]\nslug = "honduras"\nname = "Honduras"\nkind = "country"\ncountry_code = "HN"\n'
        '[[actors]]\nslug = "guatemala"\nname = "Guatemala"\nkind = "country"\ncountry_code = "GT"\n'
        + rows, encoding="utf-8")
    load_dataset(dataset)
    assert sorted(CrossingStatistic.objects.values_list("origin__slug", "period_end_precision")) == [
        ("guatemala", "fiscal_year"), ("honduras", "fiscal_year")]
    assert not load_dataset(dataset).changed
