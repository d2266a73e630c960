"""Streamed CSV downloads: rows are written as the client reads, never held in memory."""

import csv

from django.http import StreamingHttpResponse


class Echo:
    """A file-like object whose write() hands back the line, for csv.writer into a generator."""

    def write(self, value):
        return value


def csv_lines(header, rows, batch=200):
    """The header and rows as CSV text, `batch` lines per chunk (fewer, larger writes)."""
    writer = csv.writer(Echo())
    lines = [writer.writerow(header)]
    for row in rows:
        lines.append(writer.writerow(row))
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def csv_response(header, rows, filename, disposition="attachment"):
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
