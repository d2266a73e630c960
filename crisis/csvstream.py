"""Streamed CSV downloads: rows are written as the client reads, never held in memory.

Every cell is written through `cell()`: text that a spreadsheet would run as a formula (it begins
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as OWASP's "CSV Injection"
advice has it, so it shows as the text it is. Numbers are not text and stay as they are: a number
(int, Decimal, float) is written unchanged, and so is text that is nothing but a number ("-12",
"-3.5", as the API writes decimals), because a spreadsheet reads it as that number and runs
nothing. "-2+3" is not a plain number and gets the apostrophe.
"""

import csv
import itertools
import re

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value):
    """The value as it is safe to hand a spreadsheet."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write() hands back the line, for csv.writer into a generator."""

    def write(self, value):
        return value


def csv_lines(header, rows, batch=200):
    """The header and rows as CSV text, `batch` lines per chunk (fewer, larger writes)."""
    writer = csv.writer(Echo())
    lines = [writer.writerow([cell(name) for name in header])]
    for row in rows:
        lines.append(writer.writerow([cell(value) for value in row]))
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def csv_response(header, rows, filename, disposition="attachment"):
    lines = csv_lines(header, rows)
    # The first chunk is read here, inside the view: a database that cannot be reached is then a
    # 503 with a message, as anywhere else, instead of a download that breaks before its first row.
    first = next(lines)
    response = StreamingHttpResponse(itertools.chain([first], lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
