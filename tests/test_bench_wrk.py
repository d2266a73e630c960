"""The benchmark's reading of wrk reports and its table formatting (no servers, no database)."""

from bench import report, wrk
from bench.copyload import copy_text

FULL = """Running 10s test @ http://127.0.0.1:8101/api/v1/figures/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.26ms    2.13ms  33.14ms   76.12%
    Req/Sec   867.72     74.50     1.00k    73.50%
  Latency Distribution
     50%    8.96ms
     75%   10.16ms
     90%   11.64ms
     99%    1.20s
  17286 requests in 10.01s, 3.32MB read
  Socket errors: connect 0, read 3, write 0, timeout 12
  Non-2xx or 3xx responses: 5
Requests/sec:   1727.01
Transfer/sec:    339.52KB
"""

NOTHING = """Running 10s test @ http://127.0.0.1:8101/timeline/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 10.01s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def test_it_reads_throughput_latency_and_errors():
    result = wrk.parse(FULL)
    assert result["requests"] == 17286
    assert result["rps"] == 1727.01
    assert result["p50_ms"] == 8.96
    assert result["p99_ms"] == 1200.0
    assert result["read_bytes"] == int(3.32 * 1024**2)
    assert result["errors"] == {"connect": 0, "read": 3, "write": 0, "timeout": 12}
    assert result["non_2xx_3xx"] == 5


def test_a_run_with_no_response_has_no_latency():
    result = wrk.parse(NOTHING)
    assert result["requests"] == 0
    assert result["rps"] == 0.0
    assert result["p50_ms"] is None and result["p99_ms"] is None
    assert result["seconds"] == 10.01


def test_wrk_waits_as_long_as_the_server_does():
    argv = wrk.command("http://127.0.0.1:8101/", 16, 10, 35)
    assert argv[:5] == ["wrk", "-t2", "-c16", "-d10s", "--timeout=35s"]
    assert "--latency" in argv


def test_numbers_stay_readable_at_every_magnitude():
    assert report.number(1671.4) == "1,671"
    assert report.number(96.24) == "96.2"
    assert report.number(0.5) == "0.5"
    assert report.number(0.00312) == "0.0031"
    assert report.number(0.00002) == "2.0e-05"
    assert report.number(None) == "—"
    assert report.size(5_800_000) == "5.5 MB"


def test_the_markdown_table_has_a_line_per_row():
    row = {"endpoint": "api figures | HN", "connections": 16, "rps": 5.0, "p50_ms": 900.0, "p99_ms": 4800.0,
           "ceiling_rps": 1671.0, "ratio": 0.003, "bytes": 120_000, "queries": 5, "worker_mb": 3.2,
           "non_2xx": 0, "notes": ["machine 40% busy"]}
    lines = report.markdown_table([row, row]).splitlines()
    assert len(lines) == 4
    assert "api figures \\| HN" in lines[2]
    assert lines[2].count("|") == len(report.HEADER) + 2


def test_copy_text_escapes_what_copy_would_misread():
    assert copy_text(None) == "\\N"
    assert copy_text(True) == "t"
    assert copy_text("a\tb\nc\\d") == "a\\tb\\nc\\\\d"


SOAK = {
    "date": "2026-01-01 00:00 UTC", "duration": 300, "readers": 8, "editors": 4, "requests": 1234,
    "requests_per_second": 4.1, "errors": 0, "nothing_lost": True, "failures": [],
    "writes_sent": {"create": 10, "revise": 10, "submit": 3, "publish": 3},
    "writes_acknowledged": {"create": 10, "revise": 10, "submit": 3, "publish": 3},
    "writes_stored": {"created": 10, "revised": 10, "submitted": 3, "published": 3, "distinct": 10},
    "outage": {"statuses": {"200": 50, "503": 7}, "seconds_to_recover": 1.2, "clean": True},
}


def test_a_throughput_run_and_a_soak_each_rewrite_only_their_own_part_of_benchmarks_md(tmp_path, monkeypatch):
    path = tmp_path / "BENCHMARKS.md"
    monkeypatch.setattr(report, "markdown", lambda meta, rows: f"# Benchmarks\n\nrun {meta}\n")
    report.write_main(path, "one", [])
    report.write_soak(path, SOAK)
    report.write_main(path, "two", [])
    text = path.read_text()
    assert "run two" in text and "run one" not in text
    assert "create 10 / 10 / 10" in text and "503: 7" in text and "Nothing lost: yes" in text
    report.write_soak(path, {**SOAK, "nothing_lost": False})
    text = path.read_text()
    assert "run two" in text and "Nothing lost: NO" in text and text.count("## Soak") == 1
