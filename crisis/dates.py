"""Dates as precise as the reporting allows: "Friday", "mid-June", "last autumn"."""

import datetime

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    EARLY_MONTH = "early_month", "Early in the month"
    MID_MONTH = "mid_month", "Mid-month"
    LATE_MONTH = "late_month", "Late in the month"
    MONTH = "month", "Month"
    SEASON = "season", "Season"
    YEAR = "year", "Year"
    FISCAL_YEAR = "fiscal_year", "US federal fiscal year (October to September)"


# Northern-hemisphere meteorological seasons, as US reporting uses them.
SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
           6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"}

# Where in its range a vague date is stored, so that sorting puts "mid-June" after "early June":
# the middle of the range, as the precision fields' help text and the dataset file say. "June
# 2014" is June 15, so a figure for the month sorts among the mid-June ones, not before June 2.
ANCHOR_DAY = {
    DatePrecision.EARLY_MONTH: 5,
    DatePrecision.MID_MONTH: 15,
    DatePrecision.LATE_MONTH: 25,
    DatePrecision.MONTH: 15,
}


def anchored(value, precision):
    """The day a date of this precision is stored on: June 1 at month precision is June 15.
    Coarser dates (season, year) and finer ones (day, week) are kept as given."""
    day = ANCHOR_DAY.get(precision)
    if day is None or not isinstance(value, datetime.date):
        return value
    return value.replace(day=day)


def anchor_dates(record):
    """Move each of a record's vague dates to its anchor day, whichever interface wrote it
    (desk, API, admin or loader all save through crisis.services)."""
    for field in record._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) or not isinstance(field, models.DateField):
            continue
        precision = getattr(record, f"{field.attname}_precision", None)
        if precision is not None:
            setattr(record, field.attname, anchored(getattr(record, field.attname), precision))


def format_date(value, precision):
    """Show a date as precisely as it is known: "Friday, July 25, 2014", "mid-June 2014"."""
    if value is None:
        return ""
    month_year = f"{value:%B} {value.year}"
    match precision:
        case DatePrecision.DAY:
            return f"{value:%A}, {value:%B} {value.day}, {value.year}"
        case DatePrecision.WEEK:
            monday = value - datetime.timedelta(days=value.weekday())
            return f"week of {monday:%B} {monday.day}, {monday.year}"
        case DatePrecision.EARLY_MONTH:
            return f"early {month_year}"
        case DatePrecision.MID_MONTH:
            return f"mid-{month_year}"
        case DatePrecision.LATE_MONTH:
            return f"late {month_year}"
        case DatePrecision.MONTH:
            return month_year
        case DatePrecision.SEASON:
            return f"{SEASONS[value.month]} {_season_year(value)}"
        case DatePrecision.YEAR:
            return str(value.year)
        case DatePrecision.FISCAL_YEAR:
            return f"FY{fiscal_year(value)}"
    return value.isoformat()


def fiscal_year(value):
    """The US federal fiscal year a day falls in: FY2014 runs from Oct 1, 2013 to Sep 30, 2014."""
    return value.year + 1 if value.month >= 10 else value.year


def fiscal_year_bounds(year):
    """(first day, last day) of a US federal fiscal year."""
    return datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30)


def _season_year(value):
    # A winter spans the new year: December 2013 to February 2014 is "winter 2013–14".
    if value.month == 12:
        return f"{value.year}–{str(value.year + 1)[2:]}"
    if value.month in (1, 2):
        return f"{value.year - 1}–{str(value.year)[2:]}"
    return str(value.year)


def format_date_short(value, precision):
    """A compact form for tables: "Jul 25, 2014", "mid-Jun 2014"."""
    if value is None:
        return ""
    if precision == DatePrecision.DAY:
        return f"{value:%b} {value.day}, {value.year}"
    if precision == DatePrecision.WEEK:
        monday = value - datetime.timedelta(days=value.weekday())
        return f"wk of {monday:%b} {monday.day}, {monday.year}"
    return format_date(value, precision).replace(f"{value:%B}", f"{value:%b}")


def date_field(verbose_name, help_text, **kwargs):
    return models.DateField(verbose_name, null=True, blank=True, help_text=help_text, **kwargs)


def precision_field(verbose_name="precision", default=DatePrecision.DAY):
    return models.CharField(
        verbose_name,
        max_length=16,
        choices=DatePrecision,
        default=default,
        help_text="How precisely the source gives this date (\"mid-June\" is mid-month, "
        '"last autumn" is season). The date is stored at the middle of that range.',
    )


# The precisions ranked by an explicit When, finer first. The expression is stored in generated
# columns on several tables: a precision added later ranks through the default (a fiscal year is
# as coarse as a year), so the columns and their indexes need not be rebuilt.
RANKED = (
    DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.EARLY_MONTH, DatePrecision.MID_MONTH,
    DatePrecision.LATE_MONTH, DatePrecision.MONTH, DatePrecision.SEASON, DatePrecision.YEAR,
)


def precision_rank(field):
    """An SQL expression ranking a precision field: finer first (day 0 … year 7, fiscal year 8),
    for sorting "Friday, July 25" before "July 2014" on the same stored date."""
    return models.Case(
        *(models.When(**{field: value}, then=models.Value(rank))
          for rank, value in enumerate(RANKED)),
        default=models.Value(len(RANKED)),
        output_field=models.SmallIntegerField(),
    )


def timeline_rank(field):
    """A stored column the timeline sorts and pages by (0 day … 7 year), kept by the database."""
    return models.GeneratedField(
        expression=precision_rank(field), output_field=models.SmallIntegerField(), db_persist=True,
    )
