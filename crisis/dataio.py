"""The whole database as one portable JSON file, and back (manage.py export_data / import_data).

Generic on purpose: every model of every installed app is written with Django's serializers, so a
field or model added later is exported and imported with no change here. The file is a JSON
object: a header (format, version, the migrations the data was written under) and "objects", a
list in Django's fixture format, one object per line, in a fixed order (models by dependency and
label, rows by primary key; many-to-many lists sorted), so the same data always gives the same
bytes.

References to content types, permissions, groups and users are written by natural key (app label
and model, codename, name, username), which stay the same from one database to another where
their numeric keys do not. Groups are matched by name on import, because the roles migration has
already created them in the new database; every other row keeps its primary key.
"""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "crisis-tracker-export"
VERSION = 1

# Not written: what `migrate` makes from the code itself (content types, permissions), and state
# that is worth something only while it lasts (sessions, login attempts and lockouts).
SKIPPED_APPS = {"contenttypes", "sessions", "axes"}
SKIPPED_MODELS = {"auth.permission"}
# Rows that migrations create, matched by natural key on import instead of by primary key.
BY_NATURAL_KEY = {"auth.group"}


class ImportRefused(Exception):
    """The file cannot be imported here; the message says why and what to do."""


class Encoder(DjangoJSONEncoder):
    """Django's encoder, less its rounding of times to milliseconds: nothing is lost."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def exported_models():
    """Every concrete model to write, dependencies (by natural key) first, otherwise by label."""
    app_list = []
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        if config.label in SKIPPED_APPS:
            continue
        models = [
            model for model in config.get_models()
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in SKIPPED_MODELS
        ]
        app_list.append((config, sorted(models, key=lambda model: model._meta.label_lower)))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _rows(model, using):
    manager = model._base_manager.using(using)
    if model._meta.label_lower in BY_NATURAL_KEY:
        return manager.order_by(*_natural_key_fields(model))
    return manager.order_by("pk")


def _natural_key_fields(model):
    # Group.natural_key() is (name,); the fields are named by the model's unique constraint.
    return [field.name for field in model._meta.fields if field.unique and not field.primary_key]


def _sorted_relations(record):
    for field, value in record["fields"].items():
        if isinstance(value, list) and field in record["many_to_many"]:
            record["fields"][field] = sorted(value, key=lambda item: json.dumps(item, cls=Encoder))
    del record["many_to_many"]
    return record


def _records(model, using):
    natural_pk = model._meta.label_lower in BY_NATURAL_KEY
    many_to_many = {field.name for field in model._meta.many_to_many}
    for row in _rows(model, using).iterator(chunk_size=500):
        [record] = serializers.serialize(
            "python", [row], use_natural_foreign_keys=True, use_natural_primary_keys=natural_pk,
        )
        record["many_to_many"] = many_to_many
        yield _sorted_relations(record)


def applied_migrations(using):
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def export(stream, using=DEFAULT_DB_ALIAS):
    """Write the database to `stream` (text); returns the number of objects written."""
    header = {"format": FORMAT, "version": VERSION, "migrations": applied_migrations(using)}
    stream.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "objects": [\n')
    count = 0
    for model in exported_models():
        for record in _records(model, using):
            stream.write((",\n" if count else "") + json.dumps(record, cls=Encoder, ensure_ascii=False))
            count += 1
    stream.write("\n]}\n")
    return count


def _check_header(data, using):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("This is not a file written by `manage.py export_data`.")
    if data.get("version") != VERSION:
        raise ImportRefused(f"This file has format version {data.get('version')}; this code reads {VERSION}.")
    missing = [f"{app}.{name}" for app, name in data["migrations"]
               if [app, name] not in applied_migrations(using)]
    if missing:
        raise ImportRefused(
            "The file was written under migrations this database has not applied "
            f"({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}). Update the code and run "
            "`manage.py migrate`, then import again."
        )


def rows_present(using=DEFAULT_DB_ALIAS):
    """{label: count} of the rows that make a database not empty (matched-by-name groups aside)."""
    counts = {}
    for model in exported_models():
        label = model._meta.label_lower
        if label not in BY_NATURAL_KEY:
            count = model._base_manager.using(using).count()
            if count:
                counts[label] = count
    return counts


def import_(stream, using=DEFAULT_DB_ALIAS):
    """Restore an export into an empty database, all or nothing; returns the number of objects."""
    data = json.load(stream)
    _check_header(data, using)
    present = rows_present(using)
    if present:
        found = ", ".join(f"{count} {label}" for label, count in sorted(present.items()))
        raise ImportRefused(
            f"The database is not empty ({found}). Import into a new database: create it, run "
            "`manage.py migrate`, then import."
        )
    connection = connections[using]
    with transaction.atomic(using=using):
        # Foreign keys are checked when the transaction commits (both backends create them
        # deferrable), so rows may refer to rows further down the file.
        saved, deferred, models = 0, [], set()
        for obj in serializers.deserialize("python", data["objects"], using=using,
                                           handle_forward_references=True):
            # The history is in the file. Saving a row raw writes none, but setting its
            # many-to-many fields would, unless simple-history is told to skip this instance.
            obj.object.skip_history_when_saving = True
            obj.save(using=using)
            saved += 1
            models.add(type(obj.object))
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields(using=using)
        # New rows after the import must not collide with the imported primary keys.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)
    return saved
