import csv
import io
import json
import re

import pytest
from django.urls import reverse

from crisis.models import ClaimKind, CrossingStatistic, Metric
from crisis.views.pages_figures import build_charts, nice_ceiling
from tests.factories import ClaimFactory, CrossingStatisticFactory


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_reader_sees_every_figure_in_the_table_with_scope_and_source(client, article):
    response = client.get(reverse("crisis:figure-list"))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("around 57,000", "283/day", "120/day", "at least 90%", "up to 40%"):
        assert value in html
    assert "Southwest border" in html and "United States (all entries)" in html


def test_figures_in_different_units_or_scopes_never_share_an_axis(client, article):
    charts = client.get(reverse("crisis:figure-list")).context["charts"]
    for chart in charts:
        assert len({(s.metric, s.unit, s.geography, s.area, s.population) for s in chart.statistics}) == 1
    daily = next(c for c in charts if c.key[0] == Metric.UAC_DAILY_AVERAGE)
    assert [s.value_display for s in daily.statistics] == ["283/day", "120/day"]


def test_the_chart_is_inline_svg_with_title_description_and_a_data_table(client, article):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    svgs = re.findall(r"<svg class=\"bar-chart\".*?</svg>", html, re.S)
    svg = next(svg for svg in svgs if "crossing per day" in svg)
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "283/day" in svg and "120/day" in svg
    assert "<script" not in html.split("</main>")[0].replace('<script type="application/ld+json">', "")
    assert html.count("<table") == 5  # one beside each of the four charts, one with every figure


def test_a_lone_count_is_shown_as_a_number_not_a_one_bar_chart(client, article):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    assert "The only figure in this scope" in html


def test_reader_filters_figures_by_measure(client, article):
    response = client.get(reverse("crisis:figure-list"), {"metric": Metric.UAC_DAILY_AVERAGE})
    assert [s.value_display for s in response.context["statistics"]] == ["283/day", "120/day"]
    assert 'href="/figures.csv?metric=uac_daily_average"' in response.content.decode()


def test_bad_figure_filter_is_reported_not_a_server_error(client, article):
    response = client.get(reverse("crisis:figure-list"), {"metric": "nonsense", "country": "atlantis"})
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()
    assert len(response.context["statistics"]) == 5


def test_csv_holds_exactly_the_rows_shown_with_citation_columns(client, article):
    params = {"metric": Metric.UAC_DAILY_AVERAGE}
    page = client.get(reverse("crisis:figure-list"), params)
    response = client.get(reverse("crisis:figure-csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert [int(r["figure_id"]) for r in rows] == [s.pk for s in page.context["statistics"]]
    assert [r["value_as_shown"] for r in rows] == ["283/day", "120/day"]
    first = rows[0]
    assert first["source_publisher"] == "Latin Post"
    assert first["claim_urls"].startswith("http://testserver/claims/")
    assert "fell in mid-June from 283 to 120" in first["claim_texts"]
    assert first["period_as_shown"] == "… – mid-Jun 2014"


def test_unfiltered_csv_has_every_visible_figure(client, article):
    assert len(_csv(client.get(reverse("crisis:figure-csv")))) == CrossingStatistic.objects.count()


def test_figure_page_shows_scope_method_and_the_claim_behind_it(client, article):
    statistic = CrossingStatistic.objects.get(metric=Metric.UAC_ARRIVALS)
    response = client.get(statistic.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Around 57,000 unaccompanied children have come to the United States since autumn 2013." in html
    assert "autumn 2013 – wk of Jul 21, 2014" in html
    assert "last autumn" in html  # the method note
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Observation" and data["value"] == 57000.0


def test_figures_page_carries_dataset_json_ld(client, article):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Dataset"
    assert len(data["hasPart"]) == 5


def test_axis_ends_on_a_round_number():
    assert nice_ceiling(283) == 500
    assert nice_ceiling(120) == 200
    assert nice_ceiling(57000) == 100000


def test_bars_are_drawn_to_scale_on_a_shared_axis(db):
    small, large = CrossingStatisticFactory(value=120), CrossingStatisticFactory(value=283)
    (chart,) = build_charts([small, large])
    assert chart.bars[0].width / chart.bars[1].width == pytest.approx(120 / 283)


@pytest.mark.parametrize("rows", [5, 50])
def test_figures_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    for statistic in CrossingStatisticFactory.create_batch(rows):
        ClaimFactory(kind=ClaimKind.FIGURE).statistics.add(statistic)
    # 1: countries for the filter  2: figures JOIN source, country  3: their visible claims
    with django_assert_num_queries(3):
        response = client.get(reverse("crisis:figure-list"))
    assert len(response.context["statistics"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_figures_csv_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    for statistic in CrossingStatisticFactory.create_batch(rows):
        ClaimFactory(kind=ClaimKind.FIGURE).statistics.add(statistic)
    # 1: figures JOIN source, country  2: their visible claims (the form is not drawn)
    with django_assert_num_queries(2):
        response = client.get(reverse("crisis:figure-csv"))
    assert len(_csv(response)) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_figure_page_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    statistic = CrossingStatisticFactory()
    for claim in ClaimFactory.create_batch(rows, kind=ClaimKind.FIGURE):
        claim.statistics.add(statistic)
    # 1: the figure JOIN source, country  2: its visible claims JOIN speaker, source
    with django_assert_num_queries(2):
        response = client.get(statistic.get_absolute_url())
    assert len(response.context["claims"]) == rows
