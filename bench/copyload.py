"""Bulk loading into PostgreSQL with COPY, shaped by the models as they are today.

The models change while the benchmark is in use (new columns with defaults, generated columns,
new status fields), so nothing here lists a table's columns by hand: the generator names the
fields it sets, and every other concrete column is filled with the field's default, or NULL when
it is nullable. Generated columns and columns with a database default are left to the database.
"""

import datetime
import io
import json
import sys
import time
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

NULL = "\\N"
# A COPY statement per chunk: progress shows as it goes and no chunk's text gets large.
CHUNK_ROWS = 50_000
MARKER_TABLE = "bench_dataset"
DATABASE_PREFIX = "crisis_bench"


def copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    if hasattr(value, "adapted"):  # psycopg2's Json wrapper, from a JSONField's default
        value = json.dumps(value.adapted)
    return (
        str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class Progress:
    def __init__(self, label, total):
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()

    def add(self, count):
        self.done += count
        print(f"\r  {self.label}: {self.done:,} / {self.total:,}", end="", file=sys.stderr, flush=True)

    def finish(self):
        seconds = time.monotonic() - self.started
        print(f"\r  {self.label}: {self.done:,} rows in {seconds:.1f} s" + " " * 20, file=sys.stderr)


class Copier:
    """Writes rows into a model's table with COPY; `now` stands in for auto_now timestamps."""

    def __init__(self, connection, now):
        self.connection = connection
        self.now = now

    def layout(self, model, fields):
        """The COPY column list (fields we set, then the rest) and the text of the rest."""
        from django.db import models
        from django.db.models.fields import NOT_PROVIDED

        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise ValueError(f"{model.__name__} has no field {', '.join(unknown)}")
        columns = [by_attname[name].column for name in fields]
        rest = []
        for field in model._meta.concrete_fields:
            if field.attname in fields or isinstance(field, models.GeneratedField):
                continue
            if field.primary_key or field.db_default is not NOT_PROVIDED:
                continue  # identity or database default: the database fills it
            columns.append(field.column)
            rest.append(copy_text(self.default(model, field)))
        return columns, "".join("\t" + text for text in rest)

    def default(self, model, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = self.now
        else:
            value = field.get_default()
        if value is None and not field.null:
            raise ValueError(
                f"{model.__name__}.{field.name} is NOT NULL with no default; "
                "bench/generate.py has to set it"
            )
        return field.get_db_prep_save(value, self.connection)

    def copy(self, model, fields, lines, total, label=None):
        """COPY `lines` (tab-joined values of `fields`, in that order) into the model's table."""
        columns, rest = self.layout(model, fields)
        statement = "COPY {} ({}) FROM STDIN".format(
            self.connection.ops.quote_name(model._meta.db_table),
            ", ".join(self.connection.ops.quote_name(c) for c in columns),
        )
        progress = Progress(label or model._meta.db_table, total)
        chunk = []
        with self.connection.cursor() as cursor:
            for line in lines:
                chunk.append(line)
                if len(chunk) >= CHUNK_ROWS:
                    self._send(cursor, statement, chunk, rest)
                    progress.add(len(chunk))
                    chunk = []
            if chunk:
                self._send(cursor, statement, chunk, rest)
                progress.add(len(chunk))
        progress.finish()
        return progress.done

    @staticmethod
    def _send(cursor, statement, chunk, rest):
        text = f"{rest}\n".join(chunk) + f"{rest}\n"
        cursor.copy_expert(statement, io.StringIO(text), size=1 << 20)


# ---------------------------------------------------------------- the database itself


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def check_bench_database(url):
    """Refuse to touch any database but the benchmark's own."""
    name = database_name(url)
    if not name.startswith(DATABASE_PREFIX):
        raise SystemExit(
            f"The benchmark only drops and fills databases named {DATABASE_PREFIX}*, not {name!r}"
        )
    return name


def _maintenance_url(url):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


def recreate_database(url):
    name = check_bench_database(url)
    admin = psycopg2.connect(_maintenance_url(url))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def read_marker(url):
    """What the database holds, as the generator recorded it; None if it was never filled."""
    try:
        conn = psycopg2.connect(url.replace("postgres://", "postgresql://", 1))
    except psycopg2.OperationalError:
        return None  # no such database yet
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(f"SELECT spec FROM {MARKER_TABLE}")
            row = cursor.fetchone()
            return row[0] if row else None
    finally:
        conn.close()


def write_marker(cursor, spec):
    cursor.execute(f"CREATE TABLE {MARKER_TABLE} (spec jsonb NOT NULL, created_at timestamptz DEFAULT now())")
    cursor.execute(f"INSERT INTO {MARKER_TABLE} (spec) VALUES (%s)", [json.dumps(spec)])
