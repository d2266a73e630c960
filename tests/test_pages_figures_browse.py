"""The figures page as a data desk browses it: facets with counts, sortable columns, compact dates
and the same view as JSON and CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from crisis.models import ClaimKind, Geography, Metric, Unit
from crisis.selectors.figures import SORTS
from tests.factories import ClaimFactory, CountryFactory, CrossingStatisticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """Honduras and Guatemala by origin, two measures, one sector given as a country code."""
    honduras = CountryFactory(name="Honduras", slug="honduras", country_code="HN")
    guatemala = CountryFactory(name="Guatemala", slug="guatemala", country_code="GT")
    CountryFactory(name="Mexico", slug="mexico", country_code="MX")
    for day in range(3):
        CrossingStatisticFactory(metric=Metric.APPREHENSIONS, unit=Unit.PEOPLE,
                                 origin=honduras, country=honduras,
                                 geography=Geography.COUNTRY_OF_ORIGIN, area="HN",
                                 as_of=datetime.date(2014, 9, 28 + day))
    CrossingStatisticFactory(metric=Metric.APPREHENSIONS, unit=Unit.PEOPLE,
                             origin=guatemala, country=guatemala,
                             geography=Geography.COUNTRY_OF_ORIGIN, area="GT",
                             as_of=datetime.date(2014, 9, 30))
    CrossingStatisticFactory(metric=Metric.UAC_DAILY_AVERAGE, as_of=datetime.date(2014, 7, 24))
    CrossingStatisticFactory(metric=Metric.UAC_DAILY_AVERAGE, status="draft")
    return honduras, guatemala


def _facet(response, name):
    (facet,) = [f for f in response.context["facets"] if f.name == name]
    return {o.label: o.count for o in facet.options}


def test_data_desk_sees_each_filter_value_with_how_many_published_figures_it_leaves(client, desk):
    response = client.get(reverse("crisis:figure-list"))
    assert _facet(response, "metric") == {
        "Apprehensions by the Border Patrol (total)": 4,
        "Unaccompanied children crossing per day (average)": 1,
    }
    assert _facet(response, "origin") == {"Honduras": 3, "Guatemala": 1}


def test_a_facet_counts_over_the_other_filters_so_its_alternatives_stay_visible(client, desk):
    response = client.get(reverse("crisis:figure-list"), {"origin": "honduras"})
    # The measure facet follows the origin chosen; the origin facet still offers Guatemala.
    assert _facet(response, "metric") == {"Apprehensions by the Border Patrol (total)": 3}
    assert _facet(response, "origin") == {"Honduras": 3, "Guatemala": 1}
    assert response.context["total"] == 3


def test_options_that_would_show_nothing_are_left_out_of_the_filters(client, desk):
    html = client.get(reverse("crisis:figure-list"), {"origin": "honduras"}).content.decode()
    assert '<option value="guatemala">Guatemala (1)</option>' in html
    # No figure comes from Mexico: choosing it would show an empty page.
    assert '<option value="mexico">' not in html
    assert '<option value="uac_daily_average">' not in html


def test_a_sector_given_as_a_country_code_is_shown_by_the_country_name(client, desk):
    response = client.get(reverse("crisis:figure-list"))
    assert _facet(response, "area") == {"Honduras": 3, "Guatemala": 1}
    assert '<option value="GT">Guatemala (1)</option>' in response.content.decode()


def test_facet_links_apply_the_value_and_a_chosen_value_links_back_to_any(client, desk):
    response = client.get(reverse("crisis:figure-list"), {"unit": "people", "page": "2"})
    (unit,) = [f for f in response.context["facets"] if f.name == "unit"]
    (chosen,) = [o for o in unit.options if o.chosen]
    assert chosen.url == "?"
    (metric,) = [f for f in response.context["facets"] if f.name == "metric"]
    assert metric.options[0].url == "?unit=people&metric=apprehensions"


def test_the_as_of_column_reads_as_a_compact_date(client, desk):
    html = client.get(reverse("crisis:figure-list")).content.decode()
    assert '<time datetime="2014-09-30" title="Tuesday, September 30, 2014">Sep 30, 2014</time>' in html


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_every_offered_order_is_one_an_index_walks(sort):
    indexed = [("metric", "geography", "area", "period_sort", "as_of", "pk"),
               ("metric", "period_start", "as_of", "pk")]
    fields = tuple(name.lstrip("-") for name in SORTS[sort])
    directions = {name.startswith("-") for name in SORTS[sort]}
    # All one direction, so the index is read forwards or backwards, never sorted.
    assert fields in indexed and len(directions) == 1


def test_data_desk_sorts_by_period_latest_first_and_the_header_says_so(client, desk):
    response = client.get(reverse("crisis:figure-list"), {"metric": "apprehensions", "sort": "-period"})
    starts = [s.period_start for s in response.context["statistics"]]
    assert starts == sorted(starts, reverse=True)
    html = response.content.decode()
    assert 'aria-sort="descending"><a href="?metric=apprehensions&amp;sort=period">Period' in html


def test_an_unknown_sort_is_reported_and_the_table_keeps_its_own_order(client, desk):
    response = client.get(reverse("crisis:figure-list"), {"sort": "value"})
    assert response.status_code == 200
    assert "sort" in response.context["form"].errors
    assert response.context["sort_measure"].state == "ascending"


def test_the_json_and_csv_links_carry_exactly_the_filters_and_order_in_view(client, desk):
    response = client.get(reverse("crisis:figure-list"),
                          {"origin": "honduras", "unit": "people", "sort": "-period"})
    assert response.context["api_url"] == reverse("v1:figure-list") + "?origin=honduras&unit=people"
    csv_url = response.context["csv_url"]
    assert csv_url == reverse("crisis:figure-csv") + "?origin=honduras&unit=people&sort=-period"
    body = b"".join(client.get(csv_url).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    page_ids = [str(s.pk) for s in response.context["statistics"]]
    assert [row["figure_id"] for row in rows] == page_ids
    api = client.get(response.context["api_url"], HTTP_ACCEPT="application/json").json()
    assert sorted(str(r["id"]) for r in api["results"]) == sorted(page_ids)


@pytest.mark.parametrize("rows", [5, 50])
def test_facets_cost_no_query_of_their_own(client, django_assert_num_queries, rows):
    for statistic in CrossingStatisticFactory.create_batch(rows, origin=CountryFactory()):
        ClaimFactory(kind=ClaimKind.FIGURE).statistics.add(statistic)
    # 1 countries  2 areas  3 the scopes of the date range (every facet and the total)  4 the page
    # 5 ids of the charted figures  6 those figures  7 their visible claims
    with django_assert_num_queries(7):
        response = client.get(reverse("crisis:figure-list"), {"unit": "people_per_day", "sort": "period"})
    assert sum(_facet(response, "origin").values()) == rows
