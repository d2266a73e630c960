"""Dates as precise as the reporting allows: "Friday", "mid-June", "last autumn"."""

import datetime
import re

from django.core.exceptions import ValidationError
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


DATE_EXAMPLES = "2014-07-25, mid-June 2014, autumn 2013, FY2014"

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
], start=1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# The month in the middle of each season, where a season typed alone is stored (autumn: October,
# as the dataset file stores "autumn 2013"); winter's middle falls in the year after its December.
SEASON_MIDDLE = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}
EARLY_MID_LATE = {"early": DatePrecision.EARLY_MONTH, "mid": DatePrecision.MID_MONTH,
                  "late": DatePrecision.LATE_MONTH}

_MONTH = r"(?P<month>[a-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[1-9]\d{3})"
DAY_PATTERNS = [
    re.compile(rf"{_YEAR}-(?P<month_number>\d{{1,2}})-{_DAY}"),
    re.compile(rf"{_DAY} {_MONTH},? {_YEAR}"),
    re.compile(rf"{_MONTH} {_DAY},? {_YEAR}"),
]
WEEKDAY = re.compile(r"(?P<weekday>[a-z]{3,9})\.?,? (?P<rest>.*\d.*)")
WEEK = re.compile(r"(?:the )?(?:week|wk\.?) of (?P<rest>.+)")
PART_OF_MONTH = re.compile(rf"(?P<part>early|mid|late)(?:-| |- )(?:in )?{_MONTH},? {_YEAR}")
MONTH_PATTERNS = [re.compile(rf"{_MONTH},? {_YEAR}"), re.compile(rf"{_YEAR}-(?P<month_number>\d{{1,2}})")]
SEASON = re.compile(
    rf"(?P<season>spring|summer|autumn|fall|winter) {_YEAR}(?:[-–/](?P<next>\d{{2}}|\d{{4}}))?")
YEAR = re.compile(_YEAR)
FISCAL = re.compile(rf"(?:fy|fiscal year|fiscal) ?{_YEAR}")


def parse_fuzzy_date(text, *, at="middle"):
    """(date, precision) of a date typed as the source gives it: "2014-07-25", "mid-June 2014",
    "autumn 2013", "FY2014". A range (season, year, fiscal year) gives its middle day, or its first
    or last with at="start" or at="end", as a figure's period is bounded; a date within a month is
    on its anchor day. Anything else is a ValidationError that shows what can be typed."""
    cleaned = re.sub(r"\s+", " ", (text or "").strip().lower()).rstrip(".")
    if not cleaned:
        raise ValidationError("Enter a date.", code="required")
    try:
        return _parse(cleaned, text, at)
    except (ValueError, OverflowError):
        # A year the calendar cannot hold, such as a winter running past 9999.
        raise _unreadable(text) from None


def _parse(cleaned, text, at):
    if match := WEEK.fullmatch(cleaned):
        day = _day(match["rest"], text)
        monday = day - datetime.timedelta(days=day.weekday())
        return _in_range(monday, monday + datetime.timedelta(days=6), at, middle=day), DatePrecision.WEEK
    if match := FISCAL.fullmatch(cleaned):
        first, last = fiscal_year_bounds(int(match["year"]))
        return _in_range(first, last, at), DatePrecision.FISCAL_YEAR
    if match := YEAR.fullmatch(cleaned):
        year = int(match["year"])
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return _in_range(first, last, at, middle=datetime.date(year, 7, 1)), DatePrecision.YEAR
    if match := SEASON.fullmatch(cleaned):
        return _season(match, text, at), DatePrecision.SEASON
    if match := PART_OF_MONTH.fullmatch(cleaned):
        precision = EARLY_MID_LATE[match["part"]]
        return anchored(_month(match, text), precision), precision
    for pattern in MONTH_PATTERNS:
        if match := pattern.fullmatch(cleaned):
            return anchored(_month(match, text), DatePrecision.MONTH), DatePrecision.MONTH
    return _day(cleaned, text), DatePrecision.DAY


def _unreadable(text):
    return ValidationError(
        "“%(text)s” is not a date the desk can read. Write it as the source gives it, for example: "
        "2014-07-25, 25 July 2014, July 25, 2014, week of 21 July 2014, mid-June 2014, June 2014, "
        "autumn 2013, winter 2013–14, 2014 or FY2014.",
        code="invalid_date", params={"text": text.strip()},
    )


def _month(match, text):
    """The first day of the month a match names, by name or by number."""
    number = match.groupdict().get("month_number")
    month = int(number) if number else MONTHS.get(match["month"])
    if month is None or not 1 <= month <= 12:
        raise _unreadable(text)
    return datetime.date(int(match["year"]), month, 1)


def _day(cleaned, text):
    weekday = None
    if (match := WEEKDAY.fullmatch(cleaned)) and match["weekday"] not in MONTHS:
        names = [day for day in WEEKDAYS if day.startswith(match["weekday"])]
        if len(names) != 1 or len(match["weekday"]) < 3:
            raise _unreadable(text)
        weekday, cleaned = names[0], match["rest"]
    for pattern in DAY_PATTERNS:
        if match := pattern.fullmatch(cleaned):
            month = _month(match, text)
            try:
                value = month.replace(day=int(match["day"]))
            except ValueError:
                raise ValidationError(
                    "%(month)s has no day %(day)s.", code="invalid_date",
                    params={"month": f"{month:%B} {month.year}", "day": match["day"]},
                ) from None
            if weekday and WEEKDAYS[value.weekday()] != weekday:
                raise ValidationError(
                    "%(date)s was a %(weekday)s, not a %(typed)s: check the day.", code="invalid_date",
                    params={"date": f"{value:%B} {value.day}, {value.year}",
                            "weekday": f"{value:%A}", "typed": weekday.capitalize()},
                )
            return value
    raise _unreadable(text)


def _season(match, text, at):
    year, season = int(match["year"]), match["season"]
    following = match["next"]
    if season == "winter":
        # A winter spans the new year, so it is named by both: "winter 2013–14".
        if following is None or int(following) % 100 != (year + 1) % 100:
            raise ValidationError(
                "A winter spans two years: write “winter %(before)s–%(year_short)s” or “winter "
                "%(year)s–%(next)s”.", code="invalid_date",
                params={"before": year - 1, "year_short": str(year)[2:], "year": year,
                        "next": str(year + 1)[2:]},
            )
        first, last = datetime.date(year, 12, 1), datetime.date(year + 1, 3, 1) - datetime.timedelta(days=1)
        return _in_range(first, last, at, middle=datetime.date(year + 1, 1, 15))
    if following is not None:
        raise _unreadable(text)
    month = SEASON_MIDDLE[season]
    first = datetime.date(year, month - 1, 1)
    last = datetime.date(year, month + 2, 1) - datetime.timedelta(days=1)
    return _in_range(first, last, at, middle=datetime.date(year, month, 15))


def _in_range(first, last, at, *, middle=None):
    if at == "start":
        return first
    if at == "end":
        return last
    return middle or first + (last - first) / 2


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
