"""Dates read the way the reporting gives them."""

import datetime

import pytest

from crisis.dates import DatePrecision, format_date, format_date_short

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
