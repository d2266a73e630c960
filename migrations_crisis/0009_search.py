"""Full-text search kept by the database: a stored, indexed vector per searchable table on
PostgreSQL (a generated tsvector column with a GIN index), an FTS5 table per searchable table on
SQLite, kept in step by triggers. crisis.selectors.search reads them; the models do not declare
them, since each database holds them differently."""

from django.db import migrations

# The labels a figure is searched by, as they stand at this migration; a migration that changes
# the measures or geographies rebuilds the search with its own list.
METRICS = [
    ("uac_arrivals", "Unaccompanied children arriving (total)"),
    ("uac_daily_average", "Unaccompanied children crossing per day (average)"),
    ("family_unit_arrivals", "Family units arriving (total)"),
    ("court_attendance_rate", "Immigration-court attendance rate"),
    ("share_of_children", "Share of the children"),
    ("removals", "Removals to country of origin"),
]
GEOGRAPHIES = [
    ("united_states", "United States (all entries)"),
    ("southwest_border", "Southwest border"),
    ("border_sector", "One Border Patrol sector"),
    ("country_of_origin", "Children from one country of origin"),
    ("immigration_courts", "US immigration courts"),
]

# table -> [(SQL expression of the text, weight A–D)], most telling first.
LABEL = "CASE {column} " + "{cases}" + " ELSE '' END"


def _label(column, choices):
    cases = " ".join(f"WHEN '{value}' THEN '{label.replace(chr(39), chr(39) * 2)}'" for value, label in choices)
    return LABEL.format(column=column, cases=cases)


SEARCHABLE = {
    "crisis_claim": [("text", "A"), ("quote", "B"), ("speaker_title", "C")],
    "crisis_actor": [("name", "A"), ("short_name", "A"), ("description", "C")],
    "crisis_source": [("title", "A"), ("publisher", "B"), ("author", "C"), ("notes", "D")],
    "crisis_meeting": [("title", "A"), ("purpose", "B"), ("outcome", "C"), ("place", "D")],
    "crisis_policyproposal": [("title", "A"), ("summary", "B"), ("law", "C")],
    "crisis_fundingrequest": [("title", "A"), ("summary", "B")],
    "crisis_crossingstatistic": [
        (_label("{t}metric", METRICS), "A"), (_label("{t}geography", GEOGRAPHIES), "B"),
        ("area", "B"), ("population", "C"), ("method", "D"),
    ],
}


def _column(expression, prefix=""):
    return expression.format(t=prefix) if "{t}" in expression else f"{prefix}{expression}"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    for table, columns in SEARCHABLE.items():
        if connection.vendor == "postgresql":
            vector = " || ".join(
                f"setweight(to_tsvector('english'::regconfig, coalesce({_column(c)}, '')), '{w}')"
                for c, w in columns
            )
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING GIN (search_vector)")
        else:
            names = [f"c{i}" for i in range(len(columns))]
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(names)}, "
                "tokenize='porter unicode61')"
            )
            sqlite_triggers(schema_editor, table, columns)


def sqlite_triggers(schema_editor, table, columns):
    """(Re-)create the triggers that keep `table`'s search table in step, and read every row into
    it. Later migrations call this too: SQLite drops a table's triggers when it rebuilds the table."""
    names = [f"c{i}" for i in range(len(columns))]
    new = ", ".join(f"coalesce({_column(c, 'NEW.')}, '')" for c, _ in columns)
    old_row = f"DELETE FROM {table}_fts WHERE rowid = OLD.id;"
    add_row = f"INSERT INTO {table}_fts (rowid, {', '.join(names)}) VALUES (NEW.id, {new});"
    for event in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
    schema_editor.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {add_row} END")
    schema_editor.execute(
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN {old_row} {add_row} END"
    )
    schema_editor.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {old_row} END")
    rows = ", ".join(f"coalesce({_column(c)}, '')" for c, _ in columns)
    schema_editor.execute(f"DELETE FROM {table}_fts")
    schema_editor.execute(f"INSERT INTO {table}_fts (rowid, {', '.join(names)}) SELECT id, {rows} FROM {table}")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    for table in SEARCHABLE:
        if connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER {table}_fts_{event}")
            schema_editor.execute(f"DROP TABLE {table}_fts")


class Migration(migrations.Migration):
    dependencies = [("crisis", "0008_figure_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
