"""Benchmark Crisis Tracker at newsroom scale, served the production way, beside a ceiling and a peer.

    make bench            # everything below; BENCH_DATABASE_URL picks the PostgreSQL database
    make bench-quick      # the in-process timings on a small SQLite dataset (bench/quick.py)
    .venv/bin/python bench/run.py [--duration 10] [--connections 1,16] [--only figures,claim]

Steps: fill the database if it does not hold the dataset yet (bench/generate.py), collectstatic,
request every target once in-process to record its SQL (bench/capture.py), export the figures for
Datasette, start the app (gunicorn, crisis/gunicorn.conf.py, DEBUG off, persistent connections),
the ceiling (bench/ceiling.py under the same config) and Datasette, then drive each with wrk at
each connection count. Prints one table, writes it to BENCHMARKS.md (full runs only) and keeps
JSON under bench/results/.
"""

import argparse
import json
import os
import resource
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402

from bench import peer, report, servers, wrk  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/crisis_bench"
REDIS_URL = "redis://127.0.0.1:6379/5"
PORTS = {"app": 8101, "ceiling": 8102, "peer": 8103}

FILTER = "country=HN&period_start_after=2021-01-01&period_start_before=2022-12-31"
PEER_FILTER = "country_code=HN&period_start__gte=2021-01-01&period_start__lte=2022-12-31"
# About 100,000 published Honduran figures at the default size.
CSV_FILTER = "country=HN&period_start_after=2018-04-01"


@dataclass
class Target:
    key: str  # names the target in results and in the ceiling's URL
    label: str
    path: str  # `{claim}` becomes a published claim that backs figures
    env: dict = field(default_factory=dict)  # extra environment for the app
    ceiling: str = ""  # another target whose SQL is this one's ceiling
    peer: str = ""  # the same rows from Datasette
    csv: bool = False  # report rows/s
    duration: int = 0  # seconds per wrk run, when --duration is too short for one response


# What is measured. URLs change with the app: edit here. A deep page of the timeline starts at a
# keyset cursor: the first item dated June 1, 2019, several years into the data.
DEEP = "MjAxOS0wNS0zMXw5OXw5OXw0NjExNjg2MDE4NDI3Mzg3OTA0"
TARGETS = [
    Target("figures-filtered", "api figures HN 2021–22, 50 rows", f"/api/v1/figures/?{FILTER}&page_size=50",
           peer=f"/bench/figures.json?{PEER_FILTER}&_size=50&_sort=metric&_shape=objects"),
    Target("figures-first", "api figures, first page", "/api/v1/figures/"),
    Target("timeline-page-first", "page timeline, first page", "/timeline/"),
    Target("timeline-page-deep", "page timeline, deep page", f"/timeline/?after={DEEP}"),
    Target("timeline-api-first", "api timeline, first page", "/api/v1/timeline/"),
    Target("timeline-api-deep", "api timeline, deep page", f"/api/v1/timeline/?cursor=after.{DEEP}"),
    Target("actor-largest-country", "page actor, Honduras", "/actors/honduras/"),
    Target("claim", "page claim", "/claims/{claim}/"),
    Target("search", "page search 'children'", "/search/?q=children"),
    Target("figures-page", "page figures", "/figures/"),
    Target("figures-csv", "api figures CSV, ~100k rows", f"/api/v1/figures/?format=csv&{CSV_FILTER}",
           csv=True, duration=30),
    Target("figures-filtered-cached", "api figures HN 2021–22, cache warm",
           f"/api/v1/figures/?{FILTER}&page_size=50",
           env={"REDIS_URL": REDIS_URL, "READER_CACHE_SECONDS": "600"},
           ceiling="figures-filtered"),
]


def pg(url):
    return psycopg2.connect(url.replace("postgres://", "postgresql://", 1))


def app_env(args, extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY")}
    env.update({
        "DATABASE_URL": args.database_url, "DEBUG": "false", "CONN_MAX_AGE": "600",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40, "LOG_LEVEL": "WARNING",
        "WORKER_MAX_MEMORY_MB": str(args.worker_memory_mb), "GUNICORN_TIMEOUT": str(args.app_timeout),
        # Plain HTTP on loopback, and a load generator is not an abuser.
        # DRF's per-user throttle counts anonymous clients by address too.
        "SECURE_SSL_REDIRECT": "false", "API_THROTTLE_ANON": "1000000/second",
        "API_THROTTLE_USER": "1000000/second",
        # Cold: no response cache, unless a target turns it on (aggregates are kept per process).
        "READER_CACHE_SECONDS": "0",
    })
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    env.update(extra or {})
    return env


def step(message):
    print(f"\n== {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- before the servers start


def generate(args):
    started = time.monotonic()
    env = {**os.environ, "BENCH_DATABASE_URL": args.database_url}
    argv = [sys.executable, str(ROOT / "bench" / "generate.py"),
            "--seed", str(args.seed), "--scale", str(args.scale)]
    subprocess.run(argv, env=env, check=True)
    with pg(args.database_url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT spec FROM bench_dataset")
        spec = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return spec, version, round(time.monotonic() - started, 1)


def resolve(path, args):
    if "{claim}" not in path:
        return path
    with pg(args.database_url) as conn, conn.cursor() as cursor:
        # A typical figure claim: published, from a published source, backing several figures.
        cursor.execute("""
            SELECT c.id FROM crisis_claim c JOIN crisis_source s ON s.id = c.source_id
            WHERE c.status = 'published' AND s.status = 'published' AND c.kind = 'figure'
            ORDER BY c.id OFFSET (SELECT COUNT(*) / 2 FROM crisis_claim WHERE kind = 'figure') LIMIT 1
        """)
        return path.format(claim=cursor.fetchone()[0])


def capture(target, url, args):
    """Run bench/capture.py for one URL, bounded in time and memory; its statements and summary."""
    out = RESULTS / f"capture-{target.key}.jsonl"
    if args.reuse_captures and out.exists():
        return {**read_capture(out, url, None), "reused": True}
    limit = args.capture_memory_mb * 1024 * 1024
    priority = servers.niceness(args.nice)

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if priority:
            priority()

    argv = [sys.executable, str(ROOT / "bench" / "capture.py"), url, str(out)]
    if target.env:
        argv.append("--twice")
    note = None
    try:
        done = subprocess.run(
            argv, env=app_env(args, target.env), cwd=ROOT, timeout=args.capture_timeout,
            capture_output=True, text=True,
            preexec_fn=limits,
        )
        if done.returncode:
            tail = (done.stderr.strip().splitlines() or ["?"])[-1]
            note = f"in-process request failed ({tail[:80]})"
    except subprocess.TimeoutExpired:
        note = f"in-process request stopped after {args.capture_timeout} s"
    return read_capture(out, url, note)


def read_capture(out, url, note):
    lines = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    if not lines or lines[0].get("url") != url:
        raise SystemExit(f"{out} is not a capture of {url}")
    lines = lines[1:]
    statements = [line for line in lines if "sql" in line]
    summary = next((line for line in lines if line.get("summary")), None)
    if summary:
        rows = [s["rows"] for s in statements]
        statements = [{"sql": sql, "rows": rows[i] if i < len(rows) else -1}
                      for i, sql in enumerate(summary.pop("statements"))]
    if summary is None and note is None:
        note = "in-process request did not finish"
    return {"statements": statements, "summary": summary, "note": note, "reused": False}


def replayable(statements):
    # Anonymous GETs only read; anything else (a session write, say) is not the ceiling's to repeat.
    reads = ("SELECT", "WITH", "DECLARE")
    keep = [s for s in statements if s["sql"].lstrip().split(None, 1)[0].upper() in reads]
    return keep, len(statements) - len(keep)


# ---------------------------------------------------------------- measuring


def redis(command):
    """One command to Redis db 5 (the bench's), answered as text; None if Redis is not there."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(f"SELECT 5\r\n{command}\r\n".encode())
            time.sleep(0.1)
            return sock.recv(4096).decode().split("\r\n")[-2]
    except OSError:
        return None


def measure(server, path, args, duration):
    """wrk at each connection count, after one request to warm up and record size and status."""
    url = server.base + path
    status, size, seconds = servers.get(url, args.app_timeout + 5)
    warm = {"status": status, "bytes": size if status else None, "seconds": round(seconds, 3)}
    if status and seconds < args.app_timeout / 2:
        # Every worker serves this URL a few times first: what it keeps per process (compiled
        # templates, aggregates kept until the data changes) is then kept, as in a running site.
        wrk.run(url, 16, max(2, int(seconds * 4) + 1), args.app_timeout + 5, args.nice)
    servers.settle(server, args.database_url, args.settle)
    runs = []
    for connections in args.connections:
        # The machine may be shared: say so when something else was using it.
        busy = servers.wait_for_quiet(args.quiet, args.quiet_wait)
        watch = servers.MemoryWatch(server)
        watch.start()
        run = wrk.run(url, connections, duration, args.app_timeout + 5, args.nice)
        run["connections"], run["busy_before"] = connections, round(busy, 2)
        run["worker_mb"], run["workers_gone"] = watch.finish()
        run["restarted"] = servers.settle(server, args.database_url, args.settle)
        runs.append(run)
        print(f"  {server.name:8} {connections:>3} conns: {run['rps']:>9.1f} req/s  p99 {run['p99_ms']} ms  "
              f"{run['requests']} responses, {run['worker_mb']} MB", file=sys.stderr, flush=True)
    return warm, runs


def rows_for(target, label, warm, runs, ceiling_runs, queries, notes, busy_threshold=0.25):
    rows = []
    for i, run in enumerate(runs):
        ceiling = ceiling_runs[i] if ceiling_runs else None
        extra = list(notes)
        if run["requests"] == 0:
            extra.append(f"no response in {run.get('seconds') or '?'} s")
        if sum(run["errors"].values()):
            extra.append("socket errors " + ", ".join(f"{k} {v}" for k, v in run["errors"].items() if v))
        if run["workers_gone"]:
            extra.append(f"{run['workers_gone']} workers restarted")
        if run["restarted"]:
            extra.append("server restarted to stop requests still running")
        if max(run["busy_before"], ceiling["busy_before"] if ceiling else 0) > busy_threshold:
            busy = max(run["busy_before"], ceiling["busy_before"] if ceiling else 0)
            extra.append(f"machine {busy:.0%} busy with other work before the run")
        if target is not None and target.csv and warm.get("rows") is not None:
            extra.append(f"{warm['rows']:,} rows, {run['rps'] * warm['rows']:,.0f} rows/s")
        rows.append({
            "endpoint": label, "connections": run["connections"], "rps": run["rps"],
            "p50_ms": run["p50_ms"], "p99_ms": run["p99_ms"],
            "ceiling_rps": ceiling["rps"] if ceiling else None,
            "ratio": run["rps"] / ceiling["rps"] if ceiling and ceiling["rps"] else None,
            "bytes": warm.get("bytes"), "queries": queries, "worker_mb": run["worker_mb"],
            "non_2xx": run["non_2xx_3xx"], "notes": extra,
        })
    return rows


def csv_rows(url, timeout):
    """Data rows of one CSV response (lines minus the header)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout) as response:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: response.read(1 << 16), b""))
    return max(0, lines - 1)


def same_rows(app_url, peer_url):
    import urllib.request

    try:
        with urllib.request.urlopen(app_url, timeout=30) as response:
            ours = [row["id"] for row in json.load(response)["results"]]
        with urllib.request.urlopen(peer_url, timeout=30) as response:
            theirs = [row["id"] for row in json.load(response)["rows"]]
    except (OSError, KeyError, ValueError):
        return "could not compare rows with the app's"
    return "same rows as the app" if ours == theirs else "NOT the app's rows"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="in-process timings (bench/quick.py)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="1,16", help="comma-separated")
    parser.add_argument("--only", default="", help="comma-separated parts of target keys")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--scale", type=float, default=1.0, help="dataset size (1 = a million figures)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: the config's)")
    parser.add_argument("--app-timeout", type=int, default=30, help="gunicorn's worker timeout, seconds")
    parser.add_argument("--quiet", type=float, default=0.25,
                        help="CPU share other work may use before a run starts (the machine may be shared)")
    parser.add_argument("--quiet-wait", type=float, default=20, help="seconds to wait for that")
    parser.add_argument("--nice", type=int, default=0,
                        help="priority of the servers and wrk, e.g. -10 on a machine others are using")
    parser.add_argument("--worker-memory-mb", type=int, default=2048,
                        help="address-space cap per worker, so a runaway request cannot exhaust the machine")
    parser.add_argument("--capture-timeout", type=int, default=300,
                        help="seconds for each in-process request")
    parser.add_argument("--capture-memory-mb", type=int, default=8192)
    parser.add_argument("--reuse-captures", action="store_true",
                        help="replay the SQL the last run recorded (only while the app's code is unchanged)")
    parser.add_argument("--settle", type=float, default=5, help="seconds to wait for leftover requests")
    args, rest = parser.parse_known_args(argv)
    if rest and not args.quick:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    args.rest = rest
    args.connections = [int(c) for c in args.connections.split(",")]
    args.database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    return args


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.quick:
        from bench import quick

        return quick.main(args.rest)
    if not wrk.available():
        sys.exit("wrk is not installed: apt-get install wrk")
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("BENCH_DATABASE_URL must be a PostgreSQL URL")
    only = [part for part in args.only.split(",") if part]
    targets = [t for t in TARGETS if not only or any(part in t.key for part in only)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    step("dataset")
    spec, postgres_version, generate_seconds = generate(args)
    step("collectstatic")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=app_env(args), check=True)

    step("recording each target's SQL in-process")
    paths, captures, ceiling_sql = {}, {}, {}
    for target in targets:
        paths[target.key] = resolve(target.path, args)
        captured = captures[target.key] = capture(target, paths[target.key], args)
        summary = captured["summary"] or {}
        print(f"  {target.key}: {len(captured['statements'])} queries, {summary.get('seconds', '?')} s, "
              f"status {summary.get('status', '?')}{'; ' + captured['note'] if captured['note'] else ''}",
              file=sys.stderr, flush=True)
        ceiling_sql[target.key], captured["skipped"] = replayable(captured["statements"])
    statements_path = RESULTS / "ceiling-statements.json"
    statements_path.write_text(json.dumps(ceiling_sql))

    peer_db = RESULTS / "bench.db"  # Datasette names the database after the file: /bench/figures.json
    if any(t.peer for t in targets):
        step("exporting figures for Datasette")
        peer.export(args.database_url, peer_db, {k: spec[k] for k in ("generator", "seed", "sizes")})

    log = RESULTS / "servers.log"
    log.write_text("")
    gunicorn = str(BIN / "gunicorn")
    config = str(ROOT / "crisis" / "gunicorn.conf.py")

    def app_server(extra=None):
        env = app_env(args, {"BIND": f"127.0.0.1:{PORTS['app']}", **(extra or {})})
        return servers.Server("app", [gunicorn, "crisis.wsgi", "-c", config], env, PORTS["app"], log,
                              ready_path="/static/crisis/site.css", nice=args.nice)

    ceiling_env = app_env(args, {"BIND": f"127.0.0.1:{PORTS['ceiling']}",
                                 "CEILING_STATEMENTS": str(statements_path)})
    ceiling = servers.Server("ceiling", [gunicorn, "bench.ceiling:application", "-c", config], ceiling_env,
                             PORTS["ceiling"], log, nice=args.nice)
    datasette = servers.Server("peer", peer.command(BIN / "datasette", peer_db, PORTS["peer"]),
                               dict(os.environ), PORTS["peer"], log, ready_path="/-/versions.json",
                               nice=args.nice)
    app = app_server()
    rows, measured = [], {}
    step("measuring")
    try:
        for server in (app, ceiling) + ((datasette,) if any(t.peer for t in targets) else ()):
            server.start()
        workers = len(app.workers())
        for target in targets:
            print(f" {target.key}: {paths[target.key]}", file=sys.stderr, flush=True)
            captured = captures[target.key]
            duration = max(args.duration, target.duration)
            notes = [captured["note"]] if captured["note"] else []
            queries = len(captured["statements"]) if captured["statements"] else None
            summary = captured["summary"] or {}
            if target.env:
                app.stop()
                redis("FLUSHDB")
                app = app_server(target.env)
                app.start()
            warm, runs = measure(app, paths[target.key], args, duration)
            if target.csv and warm["status"] == 200:
                warm["rows"] = csv_rows(app.base + paths[target.key], args.app_timeout + 5)
            if warm["status"] != 200:
                notes.append(f"status {warm['status'] or 'none'} after {warm['seconds']:.1f} s")
            if summary and summary["status"] != 200:
                notes.append(f"in-process status {summary['status']}")
            if summary.get("seconds", 0) > 1:
                notes.append(f"in-process {summary['seconds']:.1f} s, +{summary['rss_growth_mb']:,.0f} MB")
            if (summary.get("first_seconds") or 0) > 1:
                notes.append(f"first request in a new process {summary['first_seconds']:.1f} s")
            if target.env:
                keys = redis("DBSIZE")
                second = summary.get("queries_second_request")
                cached = second is not None and second < (queries or 0)
                notes.append(f"Redis db 5 holds {keys.lstrip(':') if keys else '?'} keys"
                             + ("" if cached or (keys and keys != ":0") else "; the app does not cache yet"))
                queries = summary.get("queries_second_request", queries)
                app.stop()
                app = app_server()
                app.start()
            ceiling_key = target.ceiling or target.key
            if ceiling_key not in measured and ceiling_sql.get(ceiling_key):
                measured[ceiling_key] = measure(ceiling, "/" + ceiling_key, args, duration)
            ceiling_runs = measured.get(ceiling_key, (None, None))[1]
            if captured["reused"]:
                notes.append("SQL recorded by an earlier run")
            if captured["skipped"]:
                notes.append(f"ceiling skips {captured['skipped']} non-SELECT statements")
            if captured["note"] and ceiling_runs:
                notes.append("ceiling replays only the SQL run before the stop")
            rows += rows_for(target, target.label, warm, runs, ceiling_runs, queries, notes, args.quiet)
            if target.peer:
                peer_warm, peer_runs = measure(datasette, target.peer, args, duration)
                check = same_rows(app.base + paths[target.key], datasette.base + target.peer)
                rows += rows_for(None, "peer: Datasette, " + target.label, peer_warm, peer_runs,
                                 ceiling_runs, None, [check], args.quiet)
    finally:
        for server in (app, ceiling, datasette):
            server.stop()

    meta = {
        "date": report.today(),
        "machine": report.machine(postgres_version),
        "dataset": {"seed": spec["seed"], "sizes": spec["sizes"], "counts": spec.get("counts", {})},
        "command": shlex.join([os.path.relpath(sys.executable, ROOT), "bench/run.py", *argv]),
        "duration": args.duration, "connections": args.connections, "workers": workers,
        "generate_seconds": generate_seconds, "total_seconds": round(time.monotonic() - started),
        "paths": paths,
    }
    print("\n" + report.text_table(rows))
    print(f"\n{meta['total_seconds']} s in all (dataset step {generate_seconds} s)")
    result = {"meta": meta, "rows": rows,
              "captures": {k: {"summary": v["summary"], "note": v["note"], "queries": len(v["statements"])}
                           for k, v in captures.items()}}
    stamp = meta["date"].replace(" ", "T").replace(":", "")
    for name in (f"run-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(result, indent=2, default=str))
    if not only and args.scale == 1:
        report.write_main(ROOT / "BENCHMARKS.md", meta, rows)
        print("Written to BENCHMARKS.md and bench/results/latest.json")
    else:
        print("Partial run: BENCHMARKS.md left as it was; see bench/results/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
