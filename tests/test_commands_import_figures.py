"""An agency's table imported from the command line: every row checked first, drafts backed by one
claim, the same file imported once, and queries that do not grow with the rows."""

import datetime
import io
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crisis.dates import DatePrecision
from crisis.models import Claim, CrossingStatistic, Event, Metric, RecordStatus
from crisis.services.importing_figures import figures_import
from tests import factories as f

SAMPLE = Path(settings.BASE_DIR) / "crisis" / "data" / "cbp_uac_apprehensions_fy2014.csv"
HEADER = "measure,value,unit,origin,place,area,period,period_start,period_end,precision,as_of,note\n"


@pytest.fixture
def cbp(db):
    for code, name in [("HN", "Honduras"), ("GT", "Guatemala"), ("SV", "El Salvador")]:
        f.CountryFactory(name=name, slug=name.lower().replace(" ", "-"), country_code=code)
    return f.SourceFactory(slug="cbp-uac-fy2014", publisher="U.S. Customs and Border Protection")


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_figures", str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def write(tmp_path, text, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_editor_imports_the_sample_table_as_drafts_backed_by_one_claim(cbp, editor):
    output = run(SAMPLE, "--source", cbp.slug, "--user", editor.username)
    claim = Claim.objects.get()
    figures = CrossingStatistic.objects.select_related("origin").order_by("pk")
    assert f"Imported 4 draft figures with claim #{claim.pk}" in output
    assert (claim.status, claim.source, claim.created_by, claim.kind) == (
        RecordStatus.DRAFT, cbp, editor, "figure")
    assert [(s.value_display, s.origin and s.origin.country_code, s.period_display) for s in figures] == [
        ("68,541", None, "FY2014"), ("18,244", "HN", "FY2014"), ("17,057", "GT", "FY2014"),
        ("16,404", "SV", "FY2014"),
    ]
    assert {(s.status, s.metric, s.created_by_id, s.source_id) for s in figures} == {
        (RecordStatus.DRAFT, Metric.APPREHENSIONS, editor.pk, cbp.pk)}
    assert set(claim.statistics.all()) == set(figures)
    assert Event.objects.filter(record_type="figure", action="created").count() == 4
    assert all(s.history.count() == 1 for s in figures)


def test_importing_the_same_file_twice_creates_nothing_the_second_time(cbp, editor):
    run(SAMPLE, "--source", cbp.slug, "--user", editor.username)
    before = (Claim.objects.count(), CrossingStatistic.objects.count(), Event.objects.count())
    output = run(SAMPLE, "--source", cbp.slug, "--user", editor.username)
    assert "Already imported as claim" in output
    assert (Claim.objects.count(), CrossingStatistic.objects.count(), Event.objects.count()) == before


def test_a_file_with_one_bad_row_saves_nothing_and_names_each_bad_row(cbp, editor, tmp_path):
    path = write(tmp_path, HEADER
                 + "apprehensions,100,people,HN,southwest_border,,FY2014,,,,,\n"
                 + "apprehensions,lots,people,XX,the moon,,FY20x4,,,,,\n"
                 + "apprehensions,140,percent,,southwest_border,,,2014-06-30,2014-06-01,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 2 bad rows"):
        call_command("import_figures", str(path), "--source", cbp.slug, "--user", editor.username,
                     stderr=err)
    assert err.getvalue().splitlines() == [
        "line 3: value: Not a number: 'lots'.; origin: No country has this ISO code or slug: 'XX'.; "
        "place: Not one of: united_states, southwest_border, border_sector, country_of_origin, "
        "immigration_courts.; period: Not a period: 'FY20x4'. Write FY2014, 2014, 2014-06 or "
        "2014-06-15, or give period_start and period_end.",
        "line 4: value: A percentage cannot be more than 100.; period_end: The period cannot end "
        "before it starts.",
    ]
    assert (Claim.objects.count(), CrossingStatistic.objects.count()) == (0, 0)


def test_row_errors_name_the_line_and_the_column(cbp, editor, tmp_path):
    from crisis.services.importing_figures import figures_preview

    text = (HEADER
            + "apprehensions,lots,people,XX,the moon,,FY2014,,,,,\n"
            + "apprehensions,140,percent,,southwest_border,,,2014-06-30,2014-06-01,,,\n"
            + "apprehensions,5,people,HN,southwest_border,,FY2014,,,,,\n"
            + "apprehensions,6,people,honduras,southwest_border,,FY2014,,,,,\n")
    preview = figures_preview(text=text, source=cbp, user=editor)
    errors = {error.line: error.errors for error in preview.errors}
    assert set(errors) == {2, 3, 5}
    assert set(errors[2]) == {"value", "origin", "place"}
    assert errors[3] == {"value": ["A percentage cannot be more than 100."],
                         "period_end": ["The period cannot end before it starts."]}
    assert errors[5] == {"__all__": ["Repeats line 4."]}


def test_a_row_the_source_already_has_is_refused(cbp, editor, tmp_path):
    honduras = CrossingStatistic._meta.get_field("origin").related_model.objects.get(slug="honduras")
    f.CrossingStatisticFactory(
        source=cbp, metric=Metric.APPREHENSIONS, origin=honduras, geography="southwest_border",
        period_start=datetime.date(2013, 10, 1), period_end=datetime.date(2014, 9, 30))
    path = write(tmp_path, HEADER + "apprehensions,5,people,HN,southwest_border,,FY2014,,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_figures", str(path), "--source", cbp.slug, stderr=err)
    assert "line 2: This source already has this figure" in err.getvalue()
    assert Claim.objects.count() == 0


def test_the_command_reports_a_missing_column_an_unknown_source_and_an_unknown_user(cbp, tmp_path):
    path = write(tmp_path, "value,unit\n5,people\n")
    with pytest.raises(CommandError):
        run(path, "--source", cbp.slug)
    with pytest.raises(CommandError, match="No source has the slug"):
        run(SAMPLE, "--source", "nope")
    with pytest.raises(CommandError, match="No user is called"):
        run(SAMPLE, "--source", cbp.slug, "--user", "nobody")
    assert Claim.objects.count() == 0


def test_a_reader_account_may_not_import(cbp, django_user_model):
    reader = django_user_model.objects.create_user("reed", password="reader-pass-9")
    with pytest.raises(CommandError, match="may not add"):
        run(SAMPLE, "--source", cbp.slug, "--user", reader.username)
    assert CrossingStatistic.objects.count() == 0


def test_period_labels_set_the_period_and_its_precision(cbp, editor):
    text = (HEADER
            + "apprehensions,1,people,,southwest_border,,2014,,,,,\n"
            + "apprehensions,2,people,,southwest_border,,2014-06,,,,,\n"
            + "apprehensions,3,people,,border_sector,Rio Grande Valley,,2014-06-01,2014-06-15,"
              "mid_month,2014-06-20,\n")
    figures_import(text=text, source=cbp, user=editor)
    rows = list(CrossingStatistic.objects.order_by("value").values_list(
        "period_start", "period_end", "period_end_precision", "as_of", "as_of_precision", "area"))
    day, DAY = datetime.date, DatePrecision.DAY
    assert rows == [
        (day(2014, 1, 1), day(2014, 12, 31), DatePrecision.YEAR, day(2014, 12, 31), DAY, ""),
        (day(2014, 6, 1), day(2014, 6, 30), DatePrecision.MONTH, day(2014, 6, 30), DAY, ""),
        (day(2014, 6, 1), day(2014, 6, 15), DatePrecision.MID_MONTH, day(2014, 6, 20), DAY,
         "Rio Grande Valley"),
    ]


def table(rows):
    """A generated table: one row per (sector, month) pair, each a distinct figure."""
    lines = [HEADER]
    for n in range(rows):
        start = datetime.date(2000, 1, 1) + datetime.timedelta(days=n)
        lines.append(f"apprehensions,{n},people,HN,border_sector,Sector {n % 9},,{start},{start},,,\n")
    return "".join(lines)


def queries_to_import(text, source, user):
    """(queries other than batched INSERTs, INSERTs per table, figures created)."""
    with CaptureQueriesContext(connection) as context:
        result = figures_import(text=text, source=source, user=user)
    inserts, other = Counter(), 0
    for query in context.captured_queries:
        table = re.match(r'INSERT INTO "?(\w+)"?', query["sql"])
        if table:
            inserts[table[1]] += 1
        else:
            other += 1
    return other, inserts, result.created


# Tables written in bulk: the figures, their history, their links to the claim, their events.
BULK = ("crisis_crossingstatistic", "crisis_historicalcrossingstatistic", "crisis_claim_statistics",
        "crisis_event")
# Django splits an INSERT to stay under the database's parameter limit (999 on SQLite, so about
# 30 rows of a figure's history per statement); PostgreSQL takes the service's 1,000 rows.
ROWS_PER_INSERT = 30


def warm_up(user):
    # Content types and the user's permissions are read once per process and per user.
    figures_import(text=table(1), source=f.SourceFactory(), user=user)


def test_the_import_takes_the_same_queries_for_1000_rows_as_for_100_but_for_insert_batches(cbp, editor):
    warm_up(editor)
    small_other, small_inserts, created = queries_to_import(table(100), cbp, editor)
    assert created == 100
    large_other, large_inserts, created = queries_to_import(table(1000), f.SourceFactory(), editor)
    assert created == 1000
    assert large_other == small_other
    for name in BULK:
        # +1: the claim's own history row and event
        assert large_inserts[name] <= math.ceil(1000 / ROWS_PER_INSERT) + 1, name
    if connection.vendor == "postgresql":
        assert large_inserts == small_inserts


def test_a_10000_row_table_imports_without_a_query_per_row(cbp, editor):
    warm_up(editor)
    small_other, _, _ = queries_to_import(table(100), f.SourceFactory(), editor)
    other, inserts, created = queries_to_import(table(10_000), cbp, editor)
    assert created == 10_000
    assert CrossingStatistic.objects.filter(source=cbp, status=RecordStatus.DRAFT).count() == 10_000
    assert Claim.objects.get(source=cbp).statistics.count() == 10_000
    assert other == small_other
    for name in BULK:
        assert inserts[name] <= math.ceil(10_000 / ROWS_PER_INSERT) + 1, name
    if connection.vendor == "postgresql":
        # Ten batches of 1,000 rows for each bulk table, and the claim's own rows.
        assert sum(inserts[name] for name in BULK) == 4 * 10 + 1
