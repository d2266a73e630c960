"""Request one URL in-process and record the SQL it runs, for the ceiling to replay.

Usage (the driver runs it, one process per URL, with the app's environment):
    .venv/bin/python bench/capture.py URL OUT.jsonl [--twice]

Writes one JSON object per line to OUT.jsonl: the URL, each statement as it finishes (`sql` with its
parameters interpolated, `rows`, `ms`), then a summary with the status, body size, time, memory
growth and the statements as CaptureQueriesContext saw them. The statements are written as they
run, so a request that is killed for time or memory still leaves what it had run so far.
Without --twice the URL is first requested once unrecorded, as every worker of the served app is
before it is measured: what a process keeps (compiled templates, aggregates kept until the data
changes) is then kept, and the ceiling replays the SQL of a request like those measured. That first
request's time is in the summary as `first_seconds`. With --twice nothing is requested first; the
URL is requested a second time and that request's query count is recorded: a response cache shows
as fewer queries.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisis.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def body_of(response):
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


class Recorder:
    """An execute wrapper that writes each statement out as soon as it has run."""

    def __init__(self, out):
        self.out = out

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            cursor = context["cursor"]
            self.out.write(json.dumps({
                "sql": connection.ops.last_executed_query(cursor, sql, params),
                # -1 for a server-side cursor (QuerySet.iterator()), which fetches as it goes.
                "rows": cursor.rowcount,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            }) + "\n")
            self.out.flush()


def main():
    url, out_path = sys.argv[1], sys.argv[2]
    twice = "--twice" in sys.argv[3:]
    client = Client(raise_request_exception=False)
    first_seconds = None
    if not twice:
        started = time.perf_counter()
        body_of(client.get(url))
        first_seconds = round(time.perf_counter() - started, 3)
    with open(out_path, "w") as out:
        out.write(json.dumps({"url": url}) + "\n")
        before = rss_kb()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(Recorder(out)):
            response = client.get(url)
            size = body_of(response)  # a streamed body runs its queries while it is read
        seconds = time.perf_counter() - started
        summary = {
            "summary": True,
            "status": response.status_code,
            "bytes": size,
            "seconds": round(seconds, 3),
            "first_seconds": first_seconds,
            "rss_growth_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, 1),
            "queries": len(captured.captured_queries),
            "statements": [query["sql"] for query in captured.captured_queries],
        }
        if twice:
            with CaptureQueriesContext(connection) as again:
                body_of(client.get(url))
            summary["queries_second_request"] = len(again.captured_queries)
        out.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
