"""Importing an agency's table of figures (CBP, ORR, EOIR) from a CSV file, for the desk's upload
page and `manage.py import_figures`.

Every row is checked before anything is written: a file with one bad row saves nothing and
reports each bad row with its line and column. A good file becomes one draft claim citing the
source ("CBP's table, as imported") and one draft figure per row, backed by that claim, ready to
submit for review like any other claim. The claim carries the file's fingerprint (its
`import_key`), so importing the same file for the same source again creates nothing.

The rows are written in bulk: the queries depend on the number of batches, not of rows.
The column format is documented in the README ("Importing an agency's table").
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from simple_history.utils import bulk_create_with_history

from crisis.dates import DatePrecision, fiscal_year_bounds
from crisis.models import (
    Actor,
    Claim,
    ClaimKind,
    CrossingStatistic,
    Event,
    EventAction,
    Geography,
    Metric,
    RecordStatus,
    Source,
    Unit,
    ValueQualifier,
    kind_of,
)

from . import rules
from .constraints import save_checked, violation
from .errors import ValidationError
from .records import record_create, record_event

# Rows written per INSERT; small enough for either database's parameter limit.
BATCH = 1000
# A table bigger than this is split by the agency's own breakdown first; it is also what keeps
# one upload's validation and preview within a request's time.
MAX_ROWS = 50_000

COLUMNS = {
    "measure": "What is counted: apprehensions, uac_arrivals, … or the measure's name.",
    "value": "The number as published; thousands separators are allowed (18,244).",
    "unit": "people (default), people_per_day or percent.",
    "qualifier": "exact (default), approximate, at_least or at_most.",
    "population": "Who is counted (default: unaccompanied children).",
    "origin": "Country of origin: ISO code (HN) or slug (honduras); blank for a total.",
    "place": "Where they were counted: southwest_border, united_states, border_sector, …",
    "area": "The sector's name when the place is border_sector (Rio Grande Valley).",
    "period": "A period label: FY2014 (fiscal year), 2014, 2014-06 (a month) or 2014-06-15.",
    "period_start": "First day counted (YYYY-MM-DD), instead of a period label.",
    "period_end": "Last day counted (YYYY-MM-DD), instead of a period label.",
    "precision": "How precise period_start and period_end are: day (default), month, "
                 "fiscal_year, …",
    "as_of": "The date the figure was true as of (YYYY-MM-DD); blank: the period's last day.",
    "note": "How it was counted, and any caveat (the figure's method).",
}
REQUIRED = ("measure", "value", "place")
# Header spellings people use for a column.
ALIASES = {"origin_country": "origin", "country_of_origin": "origin", "geography": "place",
           "metric": "measure", "method": "note", "asof": "as_of", "sector": "area"}
# Model fields reported under the column they come from.
FIELD_COLUMNS = {"metric": "measure", "geography": "place", "method": "note",
                 "period_start_precision": "precision", "period_end_precision": "precision",
                 "country": "origin"}

FISCAL = re.compile(r"^FY\s?(\d{4})$", re.IGNORECASE)
YEAR = re.compile(r"^(\d{4})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class RowError:
    line: int
    errors: dict

    def __str__(self):
        return f"line {self.line}: " + "; ".join(
            f"{column}: {' '.join(messages)}" if column != NON_FIELD_ERRORS else " ".join(messages)
            for column, messages in self.errors.items()
        )


@dataclass
class Preview:
    """A checked file: its figures (unsaved), the rows that break a rule, and its fingerprint."""

    source: Source
    key: str
    figures: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    already: Claim | None = None

    @property
    def valid(self):
        return not (self.errors or self.file_errors)


@dataclass
class Imported:
    claim: Claim
    created: int


class ImportInvalid(ValidationError):
    """The file has bad rows (or is not a table at all); nothing was saved."""

    def __init__(self, preview):
        self.preview = preview
        messages = preview.file_errors + [str(error) for error in preview.errors]
        super().__init__(messages or ["The file could not be imported."])


def fingerprint(source, text):
    """The key a file's claim carries: the same table for the same source imports once."""
    content = text.replace("\r\n", "\n").strip()
    return "figures-" + hashlib.sha256(f"{source.pk}\n{content}".encode()).hexdigest()[:48]


def figures_preview(*, text, source, user):
    """Check every row of a CSV table without writing anything (a few queries, however many
    rows). `user` None is the command line, trusted as the dataset loader is."""
    if user is not None:
        rules.check_create(user, CrossingStatistic)
    preview = Preview(source=source, key=fingerprint(source, text))
    preview.already = Claim.objects.filter(import_key=preview.key).first()
    if preview.already is not None:
        return preview
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {name: _column(name) for name in reader.fieldnames or []}
    unknown = sorted(name for name, column in header.items() if column not in COLUMNS)
    missing = [column for column in REQUIRED if column not in header.values()]
    if unknown:
        preview.file_errors.append(f"Unknown column{'s' if len(unknown) > 1 else ''}: "
                                   f"{', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}.")
    if missing:
        preview.file_errors.append(f"Missing column{'s' if len(missing) > 1 else ''}: "
                                   f"{', '.join(missing)}.")
    if preview.file_errors:
        return preview
    countries = _countries()
    seen = {}
    taken = set(CrossingStatistic.objects.filter(source=source).values_list(*SCOPE).iterator())
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            preview.file_errors.append(f"More than {MAX_ROWS:,} rows: split the table first.")
            break
        row = {header[name]: (value or "").strip() for name, value in raw.items() if name in header}
        if not any(row.values()):
            continue
        figure, errors = _figure(row, source, countries)
        if not errors:
            errors = _check(figure)
        if not errors:
            scope = tuple(getattr(figure, name) for name in SCOPE)
            if scope in taken:
                errors = {NON_FIELD_ERRORS: ["This source already has this figure (same measure, "
                                             "place, origin and period)."]}
            elif scope in seen:
                errors = {NON_FIELD_ERRORS: [f"Repeats line {seen[scope]}."]}
            seen.setdefault(scope, line)
        if errors:
            preview.errors.append(RowError(line, errors))
        else:
            preview.figures.append(figure)
    if not preview.figures and not preview.errors and not preview.file_errors:
        preview.file_errors.append("The file has no rows.")
    return preview


@transaction.atomic
def figures_import(*, text, source, user, filename=""):
    """Import a checked table: one draft claim citing `source`, one draft figure per row backed
    by it. Raises ImportInvalid (nothing saved) if any row is bad; a file imported before for
    this source returns its claim with nothing created."""
    preview = figures_preview(text=text, source=source, user=user)
    if preview.already is not None:
        return Imported(preview.already, 0)
    if not preview.valid:
        raise ImportInvalid(preview)
    figures = preview.figures
    claim = _create_claim(user, {
        "text": _claim_text(source, figures, filename),
        "kind": ClaimKind.FIGURE,
        "source": source,
        "import_key": preview.key,
    })
    for figure in figures:
        figure.created_by, figure.status, figure.version = user, RecordStatus.DRAFT, 1
    try:
        with transaction.atomic():
            figures = bulk_create_with_history(figures, CrossingStatistic, batch_size=BATCH,
                                               default_user=user)
    except IntegrityError as exc:
        # Only a write racing this one gets here: every rule was checked above.
        raise ValidationError(violation(CrossingStatistic, exc).messages) from None
    Link = Claim.statistics.through
    Link.objects.bulk_create([Link(claim=claim, crossingstatistic=figure) for figure in figures],
                             batch_size=BATCH)
    Event.objects.bulk_create([
        Event(record_type=kind_of(CrossingStatistic), record_id=figure.pk,
              action=EventAction.CREATED, user=user, old_status="", new_status=figure.status,
              note=f"Imported from {filename or 'a CSV table'} with claim #{claim.pk}.")
        for figure in figures
    ], batch_size=BATCH)
    return Imported(claim, len(figures))


# What makes a figure the same figure, for one source (its unique constraints).
SCOPE = ("metric", "geography", "area", "origin_id", "period_start", "period_end")


def _column(name):
    column = re.sub(r"[\s\-]+", "_", (name or "").strip().lower())
    return ALIASES.get(column, column)


def _countries():
    """Every country by ISO code and by slug (1 query)."""
    found = {}
    for country in Actor.objects.countries().only("pk", "slug", "country_code", "name", "status"):
        found[country.slug] = country
        if country.country_code:
            found[country.country_code.lower()] = country
    return found


def _choice(choices, text, default=None):
    """A choice given by its value or its label, in any case."""
    if not text:
        return default
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value, label.lower()):
            return value
    raise ValueError(f"Not one of: {', '.join(choices.values)}.")


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Not a date (YYYY-MM-DD): {text!r}.") from None


def _period(label):
    """(start, end, precision) of a period label: FY2014, 2014, 2014-06 or 2014-06-15."""
    if match := FISCAL.match(label):
        return *fiscal_year_bounds(int(match[1])), DatePrecision.FISCAL_YEAR
    if match := YEAR.match(label):
        year = int(match[1])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), DatePrecision.YEAR
    if match := MONTH.match(label):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"Not a month: {label!r}.")
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return datetime.date(year, month, 1), following - datetime.timedelta(days=1), DatePrecision.MONTH
    try:
        day = datetime.date.fromisoformat(label)
    except ValueError:
        raise ValueError(f"Not a period: {label!r}. Write FY2014, 2014, 2014-06 or 2014-06-15, "
                         "or give period_start and period_end.") from None
    return day, day, DatePrecision.DAY


def _figure(row, source, countries):
    """An unsaved figure from one row, or the row's errors by column."""
    errors, values = {}, {"source": source}

    def parse(column, read):
        try:
            return read(row.get(column, ""))
        except ValueError as exc:
            errors.setdefault(column, []).append(str(exc))
            return None

    values["metric"] = parse("measure", lambda t: _choice(Metric, t))
    values["value"] = parse("value", _value)
    values["unit"] = parse("unit", lambda t: _choice(Unit, t, Unit.PEOPLE))
    values["qualifier"] = parse("qualifier", lambda t: _choice(ValueQualifier, t, ValueQualifier.EXACT))
    if row.get("population"):
        values["population"] = row["population"]
    values["origin"] = parse("origin", lambda t: _country(countries, t))
    values["geography"] = parse("place", lambda t: _choice(Geography, t))
    values["area"] = row.get("area", "")
    values["method"] = row.get("note", "")
    precision = parse("precision", lambda t: _choice(DatePrecision, t, DatePrecision.DAY))
    if row.get("period"):
        if row.get("period_start") or row.get("period_end"):
            errors.setdefault("period", []).append("Give a period label or period_start and "
                                                   "period_end, not both.")
        period = parse("period", _period)
        start, end, precision = period if period else (None, None, precision)
    else:
        start = parse("period_start", lambda t: _date(t) if t else None)
        end = parse("period_end", lambda t: _date(t) if t else None)
        if not (start or end or errors.get("period_start") or errors.get("period_end")):
            errors.setdefault("period", []).append("Needed: a period label (FY2014) or "
                                                   "period_start and period_end.")
    as_of = parse("as_of", lambda t: _date(t) if t else None)
    for column in REQUIRED:
        if not row.get(column) and column not in errors:
            errors[column] = ["Needed for a figure."]
    if errors:
        return None, errors
    values.update(
        period_start=start, period_end=end, period_start_precision=precision or DatePrecision.DAY,
        period_end_precision=precision or DatePrecision.DAY, as_of=as_of or end or start,
        # A labelled period (FY2014, 2014-06) ends on a known day, which the figure is true as of;
        # explicit dates keep the precision they were given.
        as_of_precision=DatePrecision.DAY if as_of or row.get("period") else (precision or DatePrecision.DAY),
    )
    return CrossingStatistic(**values), {}


def _value(text):
    try:
        value = Decimal(text.replace(",", "").replace("%", "").strip())
    except InvalidOperation:
        raise ValueError(f"Not a number: {text!r}.") from None
    if not value.is_finite():
        raise ValueError(f"Not a number: {text!r}.")
    return value


def _country(countries, text):
    if not text:
        return None
    country = countries.get(text.strip().lower())
    if country is None:
        raise ValueError(f"No country has this ISO code or slug: {text!r}.")
    return country


def _check(figure):
    """The model's field rules and CHECK constraints for an unsaved figure, evaluated here so a
    table of ten thousand rows is checked without a query per row; the database enforces the
    same constraints again on insert."""
    errors = {}
    try:
        figure.full_clean(exclude=["source", "origin", "country", "created_by"],
                          validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = dict(exc.message_dict)
    for constraint in CrossingStatistic._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if getattr(constraint, "fields", None) or condition is None:
            continue  # unique: checked against the source's figures and the file's other rows
        if _holds(condition, figure) is False:
            name = getattr(constraint, "field", None) or NON_FIELD_ERRORS
            errors.setdefault(name, []).append(str(constraint.violation_error_message))
    return {FIELD_COLUMNS.get(name, name): messages for name, messages in errors.items()}


LOOKUPS = {
    "exact": lambda a, b: a == b, "gte": lambda a, b: a >= b, "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b, "lt": lambda a, b: a < b, "in": lambda a, b: a in b,
}


def _holds(q, instance):
    """A CHECK condition on one instance, in SQL's three-valued logic (None: unknown, which a CHECK
    lets pass). Covers the simple lookups the figure's constraints use."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_holds(child, instance))
            continue
        lookup, expected = child
        name, _, op = lookup.partition("__")
        attname = instance._meta.get_field(name).attname
        actual = getattr(instance, attname)
        if op == "isnull":
            results.append((actual is None) == expected)
            continue
        if isinstance(expected, F):
            expected = getattr(instance, instance._meta.get_field(expected.name).attname)
        if actual is None or expected is None:
            results.append(None)
        else:
            results.append(LOOKUPS[op or "exact"](actual, expected))
    if q.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    return (None if result is None else not result) if q.negated else result


def _create_claim(user, fields):
    if user is not None:
        return record_create(Claim, user=user, fields=fields)
    # The command line without --user: no account to check, as for the dataset loader.
    claim = Claim(**fields)
    claim.full_clean(validate_unique=False, validate_constraints=False)
    save_checked(claim)
    record_event(claim, EventAction.CREATED, None, old_status="")
    return claim


def _claim_text(source, figures, filename):
    measures = sorted({figure.get_metric_display() for figure in figures})
    return (f"{source.publisher or source.title} publishes {len(figures):,} figure"
            f"{'s' if len(figures) != 1 else ''} in the table {filename or 'imported as CSV'}: "
            f"{'; '.join(measures)}.")
