"""The peer: Datasette serving the same published figures from an SQLite file.

The figures are flattened into one table (the figure's columns plus its country's ISO code and
its source's title, publisher and URL) and written in the API's order (metric, period start, as
of, id). Datasette sorts by one column and breaks ties by rowid, so `_sort=metric` over rowids in
that order returns the same 50 rows as the API's filtered page. Indexes match the filter (country
and period) and the sort (country and metric).
"""

import json
import sqlite3
import sys
import time

import psycopg2

COLUMNS = [
    ("id", "INTEGER"), ("metric", "TEXT"), ("value", "TEXT"), ("unit", "TEXT"),
    ("qualifier", "TEXT"), ("population", "TEXT"), ("geography", "TEXT"), ("area", "TEXT"),
    ("country_code", "TEXT"), ("period_start", "TEXT"), ("period_end", "TEXT"), ("as_of", "TEXT"),
    ("method", "TEXT"), ("source_title", "TEXT"), ("source_publisher", "TEXT"), ("source_url", "TEXT"),
]
EXPORT = """
    SELECT f.id, f.metric, f.value::text, f.unit, f.qualifier, f.population, f.geography, f.area,
           a.country_code, f.period_start::text, f.period_end::text, f.as_of::text, f.method,
           s.title, s.publisher, s.url
    FROM crisis_crossingstatistic f
    JOIN crisis_source s ON s.id = f.source_id
    LEFT JOIN crisis_actor a ON a.id = f.country_id
    WHERE f.status IN ('published', 'retracted')
    ORDER BY f.metric, f.period_start, f.as_of, f.id
"""


def export(database_url, path, spec):
    """Write the SQLite file unless it already holds the dataset described by `spec`."""
    if path.exists():
        try:
            with sqlite3.connect(path) as db:
                stored = db.execute("SELECT spec FROM bench_meta").fetchone()[0]
            if json.loads(stored) == spec:
                return False
        except sqlite3.Error:
            pass
        path.unlink()
    started = time.monotonic()
    pg = psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1))
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"CREATE TABLE figures ({', '.join(f'{name} {kind}' for name, kind in COLUMNS)})")
    insert = f"INSERT INTO figures VALUES ({', '.join('?' * len(COLUMNS))})"
    with pg.cursor(name="peer_export") as cursor:
        cursor.itersize = 20_000
        cursor.execute(EXPORT)
        done = 0
        while rows := cursor.fetchmany(20_000):
            db.executemany(insert, rows)
            done += len(rows)
            print(f"\r  datasette export: {done:,} figures", end="", file=sys.stderr, flush=True)
    pg.close()
    db.execute("CREATE INDEX figures_country_period ON figures (country_code, period_start)")
    db.execute("CREATE INDEX figures_country_metric ON figures (country_code, metric)")
    db.execute("CREATE TABLE bench_meta (spec TEXT)")
    db.execute("INSERT INTO bench_meta VALUES (?)", [json.dumps(spec)])
    db.commit()
    db.execute("ANALYZE")
    db.close()
    tmp.rename(path)
    print(f"\r  datasette export: {done:,} figures in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return True


def command(datasette, path, port):
    # Suggested facets are for people browsing the HTML; an API client asks for none.
    return [
        str(datasette), "serve", "--immutable", str(path), "--host", "127.0.0.1", "--port", str(port),
        "--setting", "suggest_facets", "off", "--setting", "default_page_size", "50",
    ]
