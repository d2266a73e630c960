"""Running wrk and reading its report."""

import re
import shutil
import subprocess

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def available():
    return shutil.which("wrk") is not None


def command(url, connections, duration, timeout):
    # One thread per core at most: wrk shares the machine with the servers it measures.
    threads = min(connections, 2)
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s",
            "--latency", url]


def run(url, connections, duration, timeout, nice=0):
    argv = command(url, connections, duration, timeout)
    if nice:
        argv = ["nice", "-n", str(nice), *argv]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + timeout + 30)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return parse(done.stdout)


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * UNITS_MS[unit]


def parse(output):
    """wrk's text report as numbers: latencies in ms, None where wrk saw no response."""
    result = {"requests": 0, "seconds": None, "rps": 0.0, "p50_ms": None, "p75_ms": None,
              "p90_ms": None, "p99_ms": None, "non_2xx_3xx": 0, "read_bytes": 0,
              "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0}}
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE):
        result[f"p{pct}_ms"] = round(_ms(value), 3)
    totals = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGT]?B) read", output)
    if totals:
        result["requests"] = int(totals.group(1))
        result["seconds"] = round(_ms(totals.group(2) + totals.group(3)) / 1000, 3)
        result["read_bytes"] = int(float(totals.group(4)) * SIZES[totals.group(5)])
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rps:
        result["rps"] = float(rps.group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        result["errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups()),
                                    strict=True))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_ok:
        result["non_2xx_3xx"] = int(non_ok.group(1))
    if result["requests"] == 0:
        for pct in (50, 75, 90, 99):
            result[f"p{pct}_ms"] = None  # wrk prints 0.00us when nothing completed
    return result
