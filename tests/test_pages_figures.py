import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse

from crisis.figures_csv import COLUMNS
from crisis.models import ClaimKind, CrossingStatistic, Metric
from crisis.views.pages_figures import CHART_POINTS, MAX_CHARTS, PAGE_SIZE, build_charts, nice_ceiling
from tests.factories import ClaimFactory, CrossingStatisticFactory, SourceFactory


def _csv(response):
    # Streamed: reading the body is what runs the export's queries.
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


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
    assert [r["value_display"] for r in rows] == ["283/day", "120/day"]
    first = rows[0]
    assert first["source_publisher"] == "Latin Post"
    assert first["claim_urls"].startswith("http://testserver/claims/")
    assert "fell in mid-June from 283 to 120" in first["claim_texts"]
    assert first["period_display"] == "… – mid-Jun 2014"


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
    # 1: countries for the filter  2: areas for the filter  3: scopes with their counts (also the
    # total, so the paginator runs no COUNT)  4: this page of figures JOIN source, country
    # 5: the ids of the latest figures of each charted scope (one UNION ALL)  6: those figures
    # JOIN source, country  7: visible claims of both
    with django_assert_num_queries(7):
        response = client.get(reverse("crisis:figure-list"))
    assert len(response.context["statistics"]) == rows
    (chart,) = response.context["charts"]
    assert len(chart.statistics) == min(rows, CHART_POINTS) and chart.total == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_figures_csv_query_count_stays_flat(db, client, django_assert_num_queries, rows):
    for statistic in CrossingStatisticFactory.create_batch(rows):
        ClaimFactory(kind=ClaimKind.FIGURE).statistics.add(statistic)
    # 1: figures JOIN source, country  2: their visible claims (the form is not drawn); both run
    # while the body streams, once per 1,000 rows
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




def _many(count, **kwargs):
    """`count` published figures in one scope from one source, oldest first, each with a claim."""
    source = SourceFactory()
    figures = CrossingStatisticFactory.create_batch(count, source=source, **kwargs)
    for statistic in figures:
        ClaimFactory(kind=ClaimKind.FIGURE, source=source).statistics.add(statistic)
    return figures


def _section(html, title):
    return html.split(f'aria-label="{title}"')[1].split("</section>")[0]


def test_reader_pages_through_the_table_a_hundred_figures_at_a_time(client, db):
    figures = _many(PAGE_SIZE + 5)
    first = client.get(reverse("crisis:figure-list"))
    second = client.get(reverse("crisis:figure-list"), {"page": 2})
    assert [s.pk for s in first.context["statistics"]] == [f.pk for f in figures[:PAGE_SIZE]]
    assert [s.pk for s in second.context["statistics"]] == [f.pk for f in figures[PAGE_SIZE:]]
    assert "Showing 1–100 of 105 figures" in first.content.decode()
    html = second.content.decode()
    assert "Showing 101–105 of 105 figures" in html
    assert f'href="/figures/{figures[-1].pk}/"' in html.split('id="all-heading"')[1]
    assert 'aria-current="page">2</a>' in html and 'rel="prev"' in html
    assert html.count('<nav class="pager"') == 2  # above and below the table, nowhere else


def test_a_page_past_the_end_or_not_a_number_is_shown_not_an_error(client, db):
    _many(PAGE_SIZE + 5)
    past = client.get(reverse("crisis:figure-list"), {"page": 999})
    assert past.status_code == 200 and past.context["page"].number == 2
    assert client.get(reverse("crisis:figure-list"), {"page": "x"}).context["page"].number == 1


def test_page_links_keep_the_filters_and_the_csv_link_drops_the_page(client, db):
    _many(PAGE_SIZE + 5)
    params = {"metric": Metric.UAC_DAILY_AVERAGE, "as_of_from": "2014-01-01"}
    html = client.get(reverse("crisis:figure-list"), params).content.decode()
    assert 'href="?metric=uac_daily_average&amp;as_of_from=2014-01-01&amp;page=2#all-heading"' in html
    html = client.get(reverse("crisis:figure-list"), {**params, "page": 2}).content.decode()
    assert 'href="/figures.csv?metric=uac_daily_average&amp;as_of_from=2014-01-01"' in html
    assert "Download all 105 as CSV" in html


def test_csv_holds_every_filtered_figure_across_all_pages_with_citation_columns(client, db):
    figures = _many(PAGE_SIZE + 5)
    CrossingStatisticFactory(metric=Metric.REMOVALS, unit="people")  # filtered out
    params = {"metric": Metric.UAC_DAILY_AVERAGE, "page": 2}
    assert len(client.get(reverse("crisis:figure-list"), params).context["statistics"]) == 5
    response = client.get(reverse("crisis:figure-csv"), params)
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert list(rows[0]) == COLUMNS, "the same columns as the API's CSV"
    assert [int(r["figure_id"]) for r in rows] == [f.pk for f in figures]
    assert all(r["claim_urls"].startswith("http://testserver/claims/") for r in rows)


def test_a_chart_draws_only_the_latest_figures_of_its_scope_and_says_so(client, db):
    figures = _many(CHART_POINTS + 15)
    response = client.get(reverse("crisis:figure-list"))
    (chart,) = response.context["charts"]
    drawn = figures[-CHART_POINTS:]
    assert [s.pk for s in chart.statistics] == [f.pk for f in drawn]
    section = _section(response.content.decode(), chart.title)
    assert f"Latest {CHART_POINTS} of 45 figures in this scope" in section
    assert "download the CSV</a> for all" in section
    svg, table = section.split("</svg>")
    assert svg.count('<rect class="bar') == CHART_POINTS
    # The table beside the chart lists exactly the drawn figures, each linked to its page and its
    # number to its claim; the image itself holds no links.
    assert "<a " not in svg.split("<svg")[1]
    assert re.findall(r'<a href="/figures/(\d+)/">', table) == [str(f.pk) for f in drawn]
    assert table.count('class="number" href="/claims/') == CHART_POINTS
    assert f'href="/figures/{figures[0].pk}/"' not in section


def test_a_short_scope_is_charted_in_full_without_the_bound_note(client, article):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    assert "figures in this scope; narrow the filters" not in html


def test_at_most_a_dozen_scopes_get_a_chart_and_the_page_says_how_many_exist(client, db):
    for i in range(MAX_CHARTS + 1):
        CrossingStatisticFactory(geography="border_sector", area=f"Sector {i:02}")
    response = client.get(reverse("crisis:figure-list"))
    assert len(response.context["charts"]) == MAX_CHARTS
    assert f"Charts for the first {MAX_CHARTS} of {MAX_CHARTS + 1} groups" in response.content.decode()
    assert len(response.context["statistics"]) == MAX_CHARTS + 1


def test_reader_filters_by_sector_and_as_of_date_range(client, db):
    valley = CrossingStatisticFactory(geography="border_sector", area="Rio Grande Valley",
                                      period_start=datetime.date(2014, 6, 1))
    CrossingStatisticFactory(geography="border_sector", area="Tucson", period_start=datetime.date(2014, 6, 1))
    early = CrossingStatisticFactory(geography="border_sector", area="Rio Grande Valley",
                                     period_start=datetime.date(2014, 1, 1))
    response = client.get(reverse("crisis:figure-list"), {"area": "Rio Grande Valley"})
    assert [s.pk for s in response.context["statistics"]] == [early.pk, valley.pk]
    # The other sector stays one choice away, with what choosing it would show.
    assert '<option value="Tucson">Tucson (1)</option>' in response.content.decode()
    dated = client.get(reverse("crisis:figure-list"),
                       {"area": "Rio Grande Valley", "as_of_from": "2014-05-01", "as_of_to": "2014-07-31"})
    assert [s.pk for s in dated.context["statistics"]] == [valley.pk]


def test_a_backwards_date_range_or_unknown_area_is_explained_not_a_server_error(client, db):
    CrossingStatisticFactory()
    response = client.get(reverse("crisis:figure-list"),
                          {"as_of_from": "2014-07-31", "as_of_to": "2014-01-01", "area": "Atlantis"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html and "before the “from” date" in html
    assert len(response.context["statistics"]) == 1
