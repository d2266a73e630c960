"""The database's constraints, reported in the words each constraint carries.

Every rule is declared once, on the model, as a database constraint with its message. The
services let the database check them on save (inside a savepoint) and turn a violation into
a ValidationError naming the field, so the API and the desk show the same message; evaluating
each CHECK in Python first would cost one query per constraint per write.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

# PostgreSQL names the constraint; SQLite names a CHECK by name and a UNIQUE by its columns.
NAMED = re.compile(r'constraint "([^"]+)"|CHECK constraint failed: (\w+)|index \'([^\']+)\'')
COLUMNS = re.compile(r"UNIQUE constraint failed: ([\w., ]+)|Key \(([^)]+)\)=")
NOT_NULL = re.compile(r'NOT NULL constraint failed: \w+\.(\w+)|null value in column "(\w+)"')


def save_checked(record, **kwargs):
    """record.save(**kwargs), with a constraint violation raised as the constraint's message."""
    try:
        with transaction.atomic():
            record.save(**kwargs)
    except IntegrityError as exc:
        raise violation(type(record), exc) from None


def violation(model, exc):
    text = str(exc)
    constraint = _named(model, text) or _by_columns(model, text)
    if constraint is not None:
        field = getattr(constraint, "field", None) or _single_field(constraint)
        return ValidationError({field or NON_FIELD_ERRORS: [str(constraint.violation_error_message)]})
    null = NOT_NULL.search(text)
    if null:
        column = null.group(1) or null.group(2)
        return ValidationError({_field_of(model, column): ["This field is required."]})
    return ValidationError({NON_FIELD_ERRORS: ["The record conflicts with the data already stored."]})


def _named(model, text):
    match = NAMED.search(text)
    if not match:
        return None
    name = next(group for group in match.groups() if group)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint
    field = next((f for f in model._meta.concrete_fields if f.unique and f.column in name), None)
    return _UniqueField(field) if field else None


def _by_columns(model, text):
    match = COLUMNS.search(text)
    if not match:
        return None
    raw = match.group(1) or match.group(2)
    columns = {part.strip().split(".")[-1] for part in raw.split(",")}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            if {model._meta.get_field(name).column for name in constraint.fields} == columns:
                return constraint
    field = next((f for f in model._meta.concrete_fields if f.unique and {f.column} == columns), None)
    return _UniqueField(field) if field else None


def _single_field(constraint):
    fields = getattr(constraint, "fields", ())
    return fields[0] if len(fields) == 1 else None


def _field_of(model, column):
    return next((f.name for f in model._meta.concrete_fields if f.column == column), NON_FIELD_ERRORS)


class _UniqueField:
    """A field declared `unique=True`, read like a one-field unique constraint."""

    def __init__(self, field):
        self.field = field.name
        self.fields = (field.name,)
        self.violation_error_message = field.error_messages["unique"] % {
            "model_name": field.model._meta.verbose_name.capitalize(),
            "field_label": field.verbose_name,
        }
