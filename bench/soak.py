"""Soak: minutes of mixed reads and editor writes against gunicorn and PostgreSQL, then an outage.

    make soak                                   # 5 minutes, then the database restarted under load
    .venv/bin/python bench/soak.py --duration 300 --readers 8 --editors 4 [--no-outage]

Readers crawl pages, API lists, CSV and feeds; each editor creates draft claims through the API,
revises them with If-Match and submits some; a reviewer publishes what is submitted. Every write
the server acknowledged must be in the database afterwards, exactly once, and no request may fail.
Then PostgreSQL is restarted while readers keep going: requests during the outage must get a 503
with a message (never a 500 or a dropped connection), and the app must serve again by itself.
The figures go to bench/results/soak-latest.json and into BENCHMARKS.md's "Soak" section.
"""

import argparse
import collections
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report, servers  # noqa: E402
from bench.run import app_env, pg  # noqa: E402

BIN = Path(sys.executable).parent
PORT = 8104
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/crisis_soak"
SOURCE = "latin-post-obama-central-american-leaders-2014-07"  # the article, which editors cite
READS = [
    "/", "/timeline/", "/figures/", "/figures.csv", "/actors/", "/actors/honduras/", "/meetings/",
    "/proposals/", "/sources/", "/search/?q=children", "/timeline/feed/",
    "/api/v1/", "/api/v1/claims/", "/api/v1/figures/", "/api/v1/figures/?format=csv",
    "/api/v1/timeline/", "/api/v1/changes/", "/api/v1/meetings/", "/api/v1/actors/",
]


class Tally:
    """Responses by (what, status), under a lock: the threads share it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.failures = []

    def add(self, what, status, detail=""):
        with self.lock:
            self.counts[(what, status)] += 1
            if (status == 0 or status >= 500 or what != "read" and status >= 400) and len(self.failures) < 20:
                self.failures.append(f"{what} {status} {detail}"[:300])

    def total(self, what=None, ok=None):
        return sum(n for (w, s), n in self.counts.items()
                   if (what is None or w == what) and (ok is None or (200 <= s < 400) == ok))


def call(base, path, method="GET", body=None, token=None, headers=None, timeout=30):
    """(status, headers, parsed JSON or bytes); status 0 when no HTTP answer came."""
    request = urllib.request.Request(base + path, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Token {token}")
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (our server)
            status, answer_headers, data = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, data = error.code, error.headers, error.read()
    except OSError as error:
        return 0, {}, str(error).encode()
    if "json" in (answer_headers.get("Content-Type") or ""):
        try:
            data = json.loads(data)
        except ValueError:
            pass
    return status, answer_headers, data


def reader(base, stop, tally, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        path = rng.choice(READS)
        status, _, body = call(base, path)
        tally.add("read", status, path)


def editor(base, token, source, run, number, stop, tally, submitted):
    made = 0
    while not stop.is_set():
        made += 1
        text = f"Soak {run} editor {number} claim {made}: officials said the shelters are full."
        status, _, body = call(base, "/api/v1/claims/", "POST", {"text": text, "source": source}, token)
        tally.add("create", status, body)
        if status != 201:
            continue
        path = f"/api/v1/claims/{body['id']}/"
        status, headers, _ = call(base, path, token=token)
        tally.add("read-own", status)
        status, _, answer = call(base, path, "PATCH", {"text": text + " (revised)"}, token,
                                 {"If-Match": headers.get("ETag", "")})
        tally.add("revise", status, answer)
        if status == 200 and made % 3 == 0:
            status, _, answer = call(base, path + "submit/", "POST", {}, token)
            tally.add("submit", status, answer)
            if status == 200:
                submitted.put(body["id"])


def reviewer(base, token, stop, tally, submitted):
    while not stop.is_set() or not submitted.empty():
        try:
            claim = submitted.get(timeout=0.5)
        except queue.Empty:
            continue
        status, _, answer = call(base, f"/api/v1/claims/{claim}/publish/", "POST", {}, token)
        tally.add("publish", status, answer)


def prepare(url, env):
    """A fresh database with the article, an editor per writer and a reviewer, each with a token."""
    name = url.rsplit("/", 1)[1]
    conn = pg(url.rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True  # DROP and CREATE DATABASE refuse to run in a transaction
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    manage = [sys.executable, "manage.py"]
    steps = (["migrate", "--noinput", "-v", "0"], ["load_article"], ["collectstatic", "--noinput", "-v", "0"])
    for argv in steps:
        subprocess.run(manage + argv, cwd=ROOT, env=env, check=True, capture_output=True)

    def token(username, role):
        done = subprocess.run(manage + ["create_user", username, "--role", role, "--token"], cwd=ROOT,
                              env=env, check=True, capture_output=True, text=True)
        lines = done.stdout.splitlines()
        return next(line.split(": ", 1)[1] for line in lines if line.startswith("API token:"))

    return token


def stored(url, run):
    with pg(url) as conn, conn.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*), COUNT(*) FILTER (WHERE text LIKE '%%(revised)'),
                   COUNT(*) FILTER (WHERE status IN ('in_review', 'published')),
                   COUNT(*) FILTER (WHERE status = 'published'),
                   COUNT(DISTINCT text)
            FROM crisis_claim WHERE text LIKE %s
        """, [f"Soak {run} %"])
        names = ("created", "revised", "submitted", "published", "distinct")
        return dict(zip(names, cursor.fetchone(), strict=True))


def run_load(base, seconds, readers, tokens, reviewer_token, source, run, tally):
    stop, submitted = threading.Event(), queue.Queue()
    threads = [threading.Thread(target=reader, args=(base, stop, tally, i)) for i in range(readers)]
    threads += [threading.Thread(target=editor, args=(base, token, source, run, i, stop, tally, submitted))
                for i, token in enumerate(tokens)]
    threads.append(threading.Thread(target=reviewer, args=(base, reviewer_token, stop, tally, submitted)))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()


def outage(base, readers, restart, tally):
    """Restart PostgreSQL while readers run; statuses seen, and seconds from its return to a 200."""
    stop = threading.Event()
    threads = [threading.Thread(target=reader, args=(base, stop, tally, 100 + i)) for i in range(readers)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    subprocess.run(restart + ["stop"], check=True, capture_output=True)
    time.sleep(5)
    subprocess.run(restart + ["start"], check=True, capture_output=True)
    back = time.monotonic()
    recovered = None
    while time.monotonic() - back < 60:
        status, _, _ = call(base, "/api/v1/claims/")
        if status == 200:
            recovered = round(time.monotonic() - back, 2)
            break
        time.sleep(0.2)
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    return recovered


def postgres_control():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of mixed load")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--no-outage", action="store_true", help="skip restarting PostgreSQL")
    args = parser.parse_args(argv)
    url = os.environ.get("SOAK_DATABASE_URL", DEFAULT_URL)
    settings = SimpleNamespace(database_url=url, worker_memory_mb=2048, app_timeout=30, workers=0)
    env = app_env(settings, {"BIND": f"127.0.0.1:{PORT}"})
    token = prepare(url, env)
    tokens = [token(f"soak-editor-{i}", "editor") for i in range(args.editors)]
    reviewer_token = token("soak-reviewer", "reviewer")
    run = uuid.uuid4().hex[:8]

    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    log = ROOT / "bench" / "results" / "soak-server.log"
    log.write_text("")
    argv = [str(BIN / "gunicorn"), "crisis.wsgi", "-c", str(ROOT / "crisis" / "gunicorn.conf.py")]
    app = servers.Server("app", argv, env, PORT, log, ready_path="/healthz")
    result = {"date": report.today(), "duration": args.duration, "readers": args.readers,
              "editors": args.editors, "run": run}
    app.start()
    try:
        tally = Tally()
        print(f"soak: {args.duration} s, {args.readers} readers, {args.editors} editors and a reviewer",
              file=sys.stderr, flush=True)
        run_load(app.base, args.duration, args.readers, tokens, reviewer_token, SOURCE, run, tally)
        result["requests"] = tally.total()
        result["requests_per_second"] = round(tally.total() / args.duration, 1)
        result["by_kind"] = {f"{what} {status}": n for (what, status), n in sorted(tally.counts.items())}
        sent = {what: tally.total(what) for what in ("create", "revise", "submit", "publish")}
        acknowledged = {what: tally.total(what, ok=True) for what in sent}
        result["writes_sent"], result["writes_acknowledged"] = sent, acknowledged
        result["writes_stored"] = stored(url, run)
        result["failures"] = tally.failures
        result["errors"] = tally.total() - tally.total(ok=True) - sum(
            n for (what, status), n in tally.counts.items() if what == "read" and 400 <= status < 500)
        expected = {"created": acknowledged["create"], "revised": acknowledged["revise"],
                    "submitted": acknowledged["submit"], "published": acknowledged["publish"],
                    "distinct": acknowledged["create"]}
        result["nothing_lost"] = result["writes_stored"] == expected
        if not args.no_outage:
            print("outage: PostgreSQL stopped for 5 s under load", file=sys.stderr, flush=True)
            during = Tally()
            recovered = outage(app.base, args.readers, postgres_control(), during)
            result["outage"] = {
                "statuses": {str(status): n for (_, status), n in sorted(during.counts.items())},
                "seconds_to_recover": recovered,
                "clean": recovered is not None and not any(s == 0 or s >= 500 and s != 503
                                                           for (_, s) in during.counts),
            }
    finally:
        app.stop()
    out = ROOT / "bench" / "results" / "soak-latest.json"
    out.write_text(json.dumps(result, indent=2))
    report.write_soak(ROOT / "BENCHMARKS.md", result)
    print(json.dumps({k: v for k, v in result.items() if k != "by_kind"}, indent=2))
    good = result["errors"] == 0 and result["nothing_lost"] and result.get("outage", {}).get("clean", True)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
