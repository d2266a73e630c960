"""Dates read the way the reporting gives them, and typed the same way on the desk."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from crisis.dates import DatePrecision, anchored, format_date, format_date_short, parse_fuzzy_date

D = datetime.date


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (D(2014, 7, 25), DatePrecision.DAY, "Friday, July 25, 2014"),
        (D(2014, 7, 24), DatePrecision.WEEK, "week of July 21, 2014"),
        (D(2014, 7, 5), DatePrecision.EARLY_MONTH, "early July 2014"),
        (D(2014, 6, 15), DatePrecision.MID_MONTH, "mid-June 2014"),
        (D(2014, 6, 25), DatePrecision.LATE_MONTH, "late June 2014"),
        (D(2014, 7, 15), DatePrecision.MONTH, "July 2014"),
        (D(2013, 10, 15), DatePrecision.SEASON, "autumn 2013"),
        (D(2013, 12, 15), DatePrecision.SEASON, "winter 2013–14"),
        (D(2014, 2, 1), DatePrecision.SEASON, "winter 2013–14"),
        (D(2014, 3, 1), DatePrecision.YEAR, "2014"),
    ],
)
def test_a_reader_sees_dates_as_precise_as_the_source(value, precision, expected):
    assert format_date(value, precision) == expected


def test_an_unknown_date_shows_nothing():
    assert format_date(None, DatePrecision.DAY) == ""


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (D(2014, 7, 25), DatePrecision.DAY, "Jul 25, 2014"),
        (D(2014, 6, 15), DatePrecision.MID_MONTH, "mid-Jun 2014"),
        (D(2013, 10, 15), DatePrecision.SEASON, "autumn 2013"),
    ],
)
def test_tables_use_a_compact_form(value, precision, expected):
    assert format_date_short(value, precision) == expected


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2014-07-25", D(2014, 7, 25), DatePrecision.DAY),
        ("25 July 2014", D(2014, 7, 25), DatePrecision.DAY),
        ("July 25, 2014", D(2014, 7, 25), DatePrecision.DAY),
        ("Jul 25 2014", D(2014, 7, 25), DatePrecision.DAY),
        ("25th Sept. 2014", D(2014, 9, 25), DatePrecision.DAY),
        ("Friday, July 25, 2014", D(2014, 7, 25), DatePrecision.DAY),
        ("week of 21 July 2014", D(2014, 7, 21), DatePrecision.WEEK),
        ("week of July 21, 2014", D(2014, 7, 21), DatePrecision.WEEK),
        ("early June 2014", D(2014, 6, 5), DatePrecision.EARLY_MONTH),
        ("early-June 2014", D(2014, 6, 5), DatePrecision.EARLY_MONTH),
        ("mid-June 2014", D(2014, 6, 15), DatePrecision.MID_MONTH),
        ("mid June 2014", D(2014, 6, 15), DatePrecision.MID_MONTH),
        ("late June 2014", D(2014, 6, 25), DatePrecision.LATE_MONTH),
        ("June 2014", D(2014, 6, 15), DatePrecision.MONTH),
        ("Jun 2014", D(2014, 6, 15), DatePrecision.MONTH),
        ("2014-06", D(2014, 6, 15), DatePrecision.MONTH),
        ("autumn 2013", D(2013, 10, 15), DatePrecision.SEASON),
        ("fall 2013", D(2013, 10, 15), DatePrecision.SEASON),
        ("spring 2014", D(2014, 4, 15), DatePrecision.SEASON),
        ("summer 2014", D(2014, 7, 15), DatePrecision.SEASON),
        ("winter 2013–14", D(2014, 1, 15), DatePrecision.SEASON),
        ("winter 2013-2014", D(2014, 1, 15), DatePrecision.SEASON),
        ("2014", D(2014, 7, 1), DatePrecision.YEAR),
        ("FY2014", D(2014, 4, 1), DatePrecision.FISCAL_YEAR),
        ("FY 2014", D(2014, 4, 1), DatePrecision.FISCAL_YEAR),
        ("fiscal year 2014", D(2014, 4, 1), DatePrecision.FISCAL_YEAR),
        ("  MID-JUNE   2014  ", D(2014, 6, 15), DatePrecision.MID_MONTH),
    ],
)
def test_an_editor_types_a_date_as_the_source_gives_it(text, expected, precision):
    assert parse_fuzzy_date(text) == (expected, precision)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("FY2014", D(2013, 10, 1), D(2014, 9, 30)),
        ("2014", D(2014, 1, 1), D(2014, 12, 31)),
        ("autumn 2013", D(2013, 9, 1), D(2013, 11, 30)),
        ("winter 2015–16", D(2015, 12, 1), D(2016, 2, 29)),
        ("week of 23 July 2014", D(2014, 7, 21), D(2014, 7, 27)),
        ("mid-June 2014", D(2014, 6, 15), D(2014, 6, 15)),
    ],
)
def test_a_period_typed_as_a_range_runs_from_its_first_to_its_last_day(text, start, end):
    assert parse_fuzzy_date(text, at="start")[0] == start
    assert parse_fuzzy_date(text, at="end")[0] == end


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sometime", "“sometime” is not a date the desk can read."),
        ("mid 2014", "is not a date the desk can read."),
        ("2014-13", "is not a date the desk can read."),
        ("7/25/2014", "is not a date the desk can read."),
        ("winter 2014", "A winter spans two years: write “winter 2013–14” or “winter 2014–15”."),
        ("February 30, 2014", "February 2014 has no day 30."),
        ("Monday, July 25, 2014", "July 25, 2014 was a Friday, not a Monday: check the day."),
        ("", "Enter a date."),
    ],
)
def test_an_unreadable_date_is_refused_with_what_works(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_fuzzy_date(text)
    said = refused.value.messages[0]
    assert message in said
    if "desk can read" in message:
        assert "mid-June 2014, June 2014, autumn 2013, winter 2013–14, 2014 or FY2014" in said


# Precisions whose stored day is fixed by the text; the others (week, season, year, fiscal year)
# keep the day given, so a typed one lands on a fixed day within the same range.
ANCHORED = {DatePrecision.DAY, DatePrecision.EARLY_MONTH, DatePrecision.MID_MONTH,
            DatePrecision.LATE_MONTH, DatePrecision.MONTH}


@given(value=st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
       precision=st.sampled_from(DatePrecision))
def test_every_date_the_site_shows_reads_back_to_the_same_date_and_precision(value, precision):
    shown = format_date(value, precision)
    parsed, parsed_precision = parse_fuzzy_date(shown)
    assert parsed_precision == precision
    assert format_date(parsed, parsed_precision) == shown
    if precision in ANCHORED:
        assert parsed == anchored(value, precision)
    assert parse_fuzzy_date(format_date_short(value, precision))[1] == precision
