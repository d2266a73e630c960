"""The ceiling: each benchmarked endpoint's own SQL, replayed with psycopg2 and returned as JSON.

No framework, no ORM, no templates: what is left of a request is the database round trips and
turning rows into JSON, which is as fast as any Python endpoint running those queries can be.
The statements are the ones the app ran for that URL (bench/capture.py); GET /<key> replays the
statements of the target `key` in order and answers {"results": [[{column: value}, …], …]}, dates
and decimals as strings.

    CEILING_STATEMENTS=statements.json DATABASE_URL=postgres://… \\
        .venv/bin/gunicorn bench.ceiling:application -c crisis/gunicorn.conf.py

Large results (and the app's own server-side cursors, `QuerySet.iterator()`) are read through a
server-side cursor and streamed, so a worker's memory stays flat whatever the row count.
"""

import itertools
import json
import os
import re

import psycopg2

STREAM_ROWS = 10_000
FETCH_ROWS = 2_000
DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR (.*)$', re.DOTALL)

with open(os.environ["CEILING_STATEMENTS"]) as _file:
    TARGETS = json.load(_file)

_connection = None
_names = itertools.count()


def connection():
    """One connection per worker, opened on first use (after the fork) and kept."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1))
        _connection.autocommit = True
    return _connection


def column_names(cursor):
    """Names for the result's columns; a joined table's `id` becomes `id_2`, so no value is lost."""
    names, seen = [], {}
    for column in cursor.description:
        seen[column.name] = seen.get(column.name, 0) + 1
        names.append(column.name if seen[column.name] == 1 else f"{column.name}_{seen[column.name]}")
    return names


def as_json(cursor, rows, names=None):
    names = names or column_names(cursor)
    return json.dumps([dict(zip(names, row, strict=True)) for row in rows], default=str)


def small(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return as_json(cursor, cursor.fetchall()) if cursor.description else "[]"


def streamed(conn, sql):
    """The rows of one large statement as JSON text, a chunk at a time."""
    # WITH HOLD, as Django declares its own server-side cursors in autocommit mode.
    with conn.cursor(name=f"ceiling_{next(_names)}", withhold=True) as cursor:
        cursor.execute(sql)
        yield "["
        names = None
        while rows := cursor.fetchmany(FETCH_ROWS):
            separator = "," if names else ""
            names = names or column_names(cursor)
            yield separator + as_json(cursor, rows, names)[1:-1]
        yield "]"


def results(statements):
    conn = connection()
    yield '{"results": ['
    for i, statement in enumerate(statements):
        yield "," if i else ""
        declared = DECLARE.match(statement["sql"])
        if declared or statement["rows"] < 0 or statement["rows"] >= STREAM_ROWS:
            yield from streamed(conn, declared.group(1) if declared else statement["sql"])
        else:
            yield small(conn, statement["sql"])
    yield "]}"


def application(environ, start_response):
    statements = TARGETS.get(environ["PATH_INFO"].strip("/"))
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"No such target\n"]
    if any(s["rows"] < 0 or s["rows"] >= STREAM_ROWS or DECLARE.match(s["sql"]) for s in statements):
        start_response("200 OK", [("Content-Type", "application/json")])
        return (chunk.encode() for chunk in results(statements))
    body = "".join(results(statements)).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
