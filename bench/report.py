"""The results table, on the terminal and in BENCHMARKS.md, and the machine it was measured on."""

import datetime
import os
import platform
from pathlib import Path

HEADER = ["endpoint", "conns", "req/s", "p50 ms", "p99 ms", "ceiling req/s", "÷ ceiling", "bytes",
          "queries", "worker MB", "non-2xx", "notes"]


def number(value, digits=3):
    """Readable at any magnitude: 1,671 · 96.2 · 5.1 · 0.0031."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 0.1:
        return f"{value:.{max(0, digits - len(str(int(abs(value)))))}f}".rstrip("0").rstrip(".")
    return f"{value:.2g}" if abs(value) >= 1e-4 else f"{value:.1e}"


def size(count):
    if count is None:
        return "—"
    for unit, scale in (("MB", 1024**2), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def cells(row):
    return [
        row["endpoint"], str(row["connections"]), number(row["rps"]), number(row["p50_ms"]),
        number(row["p99_ms"]), number(row.get("ceiling_rps")), number(row.get("ratio")),
        size(row.get("bytes")), "—" if row.get("queries") is None else str(row["queries"]),
        number(row.get("worker_mb")), str(row["non_2xx"]), "; ".join(row.get("notes", [])),
    ]


def text_table(rows):
    table = [HEADER] + [cells(row) for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER) - 1)]
    lines = []
    for line in table:
        pairs = enumerate(zip(line[:-1], widths, strict=True))
        fixed = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in pairs]
        lines.append("  ".join(fixed + [line[-1]]).rstrip())
    lines.insert(1, "-" * max(len(line) for line in lines[:1]))
    return "\n".join(lines)


def markdown_table(rows):
    def escape(cell):
        return cell.replace("|", "\\|")

    aligns = ["---"] + ["---:"] * (len(HEADER) - 2) + ["---"]
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def machine(postgres_version):
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": model,
        "ram_gib": round(mem_kb / 1024**2, 1),
        "postgresql": postgres_version,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def markdown(meta, rows):
    m, d = meta["machine"], meta["dataset"]
    dataset = ", ".join(f"{count:,} {name}" for name, count in d["counts"].items())
    return f"""# Benchmarks

The latest full run of `make bench` (bench/run.py). The app is served the production way:
gunicorn with `crisis/gunicorn.conf.py` ({meta['workers']} sync workers), `DEBUG` off, PostgreSQL,
`CONN_MAX_AGE=600`. wrk drives each URL on 127.0.0.1 for {meta['duration']} s at each connection
count. **Ceiling**: `bench/ceiling.py`, a framework-free WSGI endpoint under the same gunicorn
config that runs exactly the SQL the app ran for that URL (captured in-process) and returns the
rows as JSON; **÷ ceiling** is the app's req/s over the ceiling's, same URL and connections.
**Peer**: Datasette over the same published figures in SQLite, asked for the same 50 rows.
**worker MB** is the largest growth of any worker's peak RSS over the run; **queries** is the
count the app ran for one request. A run that ends with no response shows "—".

- Date: {meta['date']}
- Machine: {m['cores']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, PostgreSQL {m['postgresql']},
  Python {m['python']}, {m['os']}
- Dataset (seed {d['seed']}): {dataset}
- Command: `{meta['command']}`

{markdown_table(rows)}

Targets: figures API filtered page ≥ 0.5× the ceiling cold and ≥ 1.0× with the response
cache warm, above Datasette, p99 under 50 ms at 16 connections; timeline page and API, actor
page, figures page and search ≥ 0.25× the ceiling with p99 under 100 ms at 16 connections; CSV
export ≥ 100,000 rows/s with flat worker memory; no request grows a worker by more than 50 MB.
"""


def today():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


SOAK_HEADING = "## Soak"


def sections(path):
    """(the throughput part, the soak part) of BENCHMARKS.md; either may be empty."""
    text = path.read_text() if path.exists() else ""
    head, marker, tail = text.partition(SOAK_HEADING)
    return head.rstrip() + "\n" if head.strip() else "", (marker + tail) if marker else ""


def write_main(path, meta, rows):
    soak = sections(path)[1]
    path.write_text(markdown(meta, rows).rstrip() + "\n" + ("\n" + soak if soak else ""))


def soak_markdown(result):
    sent, acked, stored = result["writes_sent"], result["writes_acknowledged"], result["writes_stored"]
    lines = [
        SOAK_HEADING, "",
        "`make soak` (bench/soak.py): gunicorn (crisis/gunicorn.conf.py, `DEBUG` off) on PostgreSQL",
        "with the article's data; readers crawl pages, API lists, CSV and feeds while each editor creates",
        "draft claims through the API, revises them with If-Match and submits every third, and a reviewer",
        "publishes what is submitted. Afterwards the database is counted: every acknowledged write must be",
        "there once.",
        "",
        f"- Date: {result['date']}; {result['duration']} s; {result['readers']} readers, {result['editors']} "
        "editors, 1 reviewer",
        f"- Requests: {result['requests']:,} ({result['requests_per_second']:,} per second), "
        f"errors: {result['errors']}",
        "- Writes sent / acknowledged / found in the database: " + ", ".join(
            f"{what} {sent[what]:,} / {acked[what]:,} / {stored[key]:,}"
            for what, key in (("create", "created"), ("revise", "revised"), ("submit", "submitted"),
                              ("publish", "published"))),
        f"- Nothing lost: {'yes' if result['nothing_lost'] else 'NO'}",
    ]
    if "outage" in result:
        outage = result["outage"]
        statuses = ", ".join(f"{status}: {n:,}" for status, n in outage["statuses"].items())
        lines.append(f"- Outage (PostgreSQL stopped 5 s under load): responses {statuses}; served again "
                     f"{outage['seconds_to_recover']} s after the database was back; "
                     f"{'no 500 and no dropped connection' if outage['clean'] else 'NOT clean'}")
    if result["failures"]:
        lines.append("- First failures: " + "; ".join(f"`{f}`" for f in result["failures"][:5]))
    return "\n".join(lines) + "\n"


def write_soak(path, result):
    head = sections(path)[0]
    path.write_text((head + "\n" if head else "") + soak_markdown(result))
