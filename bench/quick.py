"""Quick mode: time the pages and API endpoints in-process, on a small dataset.

Usage: `make bench-quick` (or `.venv/bin/python bench/run.py --quick [--rows N] [--repeat K]`).
Uses its own database (BENCH_QUICK_DATABASE_URL, default an SQLite file var/bench.sqlite3) holding
the article plus N synthetic published claims and figures, so the numbers reflect more than 27 rows.
Prints median and 95th-percentile times, the query count and the response size per URL, and
writes them to bench/results/quick.json.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisis.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_QUICK_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from crisis import models  # noqa: E402

TARGETS = [
    ("page: home", "/"),
    ("page: timeline", "/timeline/"),
    ("page: timeline, one actor", "/timeline/?actor=barack-obama"),
    ("page: figures", "/figures/"),
    ("page: figures CSV", "/figures.csv"),
    ("page: claims", "/claims/"),
    ("page: claims, one verdict", "/claims/?verdict=none"),
    ("page: claim", "{claim}"),
    ("page: actor", "/actors/stacie-blake/"),
    ("page: source", "{source}"),
    ("page: search", "/search/?q=children"),
    ("api: figures JSON", "/api/v1/figures/"),
    ("api: figures CSV (all rows)", "/api/v1/figures/?format=csv"),
    ("api: claims", "/api/v1/claims/"),
    ("api: timeline", "/api/v1/timeline/"),
    ("api: timeline TimelineJS", "/api/v1/timeline/?format=timelinejs"),
    ("api: changes since 2000", "/api/v1/changes/?since=2000-01-01T00:00:00Z"),
]


def seed_volume(rows):
    """Add `rows` synthetic published claims, each backing one figure, once."""
    existing = models.Claim.objects.filter(import_key__startswith="bench-").count()
    if existing >= rows:
        return
    now = timezone.now()
    source = models.Source.objects.get_or_create(
        slug="bench-source",
        defaults=dict(title="Synthetic statistics feed", publisher="Bench", status="published",
                      published_at=now, kind="official_statistics"),
    )[0]
    speaker = models.Actor.objects.get(slug="white-house")
    start = datetime.date(2012, 1, 1)
    figures = models.CrossingStatistic.objects.bulk_create(
        models.CrossingStatistic(
            metric="uac_daily_average", value=Decimal(50 + i % 300), unit="people_per_day",
            geography="border_sector", area=f"Sector {i % 9}",
            period_start=start + datetime.timedelta(days=i), period_end=start + datetime.timedelta(days=i),
            as_of=start + datetime.timedelta(days=i), source=source, status="published", published_at=now,
        )
        for i in range(existing, rows)
    )
    claims = models.Claim.objects.bulk_create(
        models.Claim(
            text=f"Officials reported {50 + i % 300} children a day in sector {i % 9}.",
            speaker=speaker, source=source, kind="figure", status="published", published_at=now,
            occurred_on=start + datetime.timedelta(days=i), said_on=start + datetime.timedelta(days=i),
            import_key=f"bench-{i}",
        )
        for i in range(existing, rows)
    )
    through = models.Claim.statistics.through
    through.objects.bulk_create(
        through(claim_id=c.pk, crossingstatistic_id=f.pk) for c, f in zip(claims, figures, strict=True)
    )


def measure(client, url, repeat):
    client.get(url)  # warm caches and connections
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95, 2),
        "queries": len(queries),
        "bytes": len(body),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="synthetic claims and figures")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per URL")
    args = parser.parse_args(argv)

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_article", verbosity=0, stdout=open(os.devnull, "w"))
    seed_volume(args.rows)

    claim = models.Claim.objects.get(import_key="white-house-daily-average-283-to-120")
    source = claim.source
    client = Client(raise_request_exception=False)
    results = {}
    print(f"{connection.vendor}, {models.Claim.objects.count()} claims, "
          f"{models.CrossingStatistic.objects.count()} figures, {args.repeat} requests each\n")
    print(f"{'target':34} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KiB':>8}")
    for label, url in TARGETS:
        url = url.format(claim=claim.get_absolute_url(), source=source.get_absolute_url())
        row = results[label] = {"url": url, **measure(client, url, args.repeat)}
        print(f"{label:34} {row['status']:>6} {row['median_ms']:>10} {row['p95_ms']:>8} "
              f"{row['queries']:>8} {row['bytes'] / 1024:>8.1f}")

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    meta = {"vendor": connection.vendor, "rows": args.rows, "repeat": args.repeat,
            "at": timezone.now().isoformat()}
    (out / "quick.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    failed = [label for label, row in results.items() if row["status"] != 200]
    if failed:
        print("\nNot 200:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
