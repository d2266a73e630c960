"""Starting and watching the servers under test: their processes, workers and memory."""

import http.client
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2


def niceness(increment):
    """A preexec_fn giving a child process a scheduling priority (negative: ahead of others)."""

    def apply():
        try:
            os.nice(increment)
        except OSError:
            pass  # not allowed here: run at normal priority

    return apply if increment else None


def get(url, timeout):
    """(status, body bytes, seconds) of one GET; status 0 when no HTTP answer came."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            size = 0
            while chunk := response.read(1 << 16):
                size += len(chunk)
            return response.status, size, time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read() or b""), time.monotonic() - started
    except (OSError, http.client.HTTPException):
        # No answer, or one cut short (a worker killed mid-response): not a complete response.
        return 0, 0, time.monotonic() - started


class Server:
    """One server process group (gunicorn master and workers, or Datasette) on 127.0.0.1."""

    def __init__(self, name, argv, env, port, log_path, ready_path="/", nice=0):
        self.name, self.argv, self.env, self.port, self.log_path = name, argv, env, port, log_path
        self.ready_path = ready_path  # anything that answers quickly, even with a 404
        self.nice = nice
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=niceness(self.nice),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log_path}")
            status, _size, _seconds = get(self.base + self.ready_path, timeout=5)
            if status:
                return
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer on port {self.port} within {timeout} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # SIGQUIT: gunicorn's quick shutdown, which does not wait for requests in flight.
        os.killpg(self.process.pid, signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self):
        self.stop()
        self.start()

    def workers(self):
        """Process ids of the gunicorn workers (the master's children); the server itself if none."""
        if self.process is None:
            return []
        children = [pid for pid in _pids() if _ppid(pid) == self.process.pid]
        return children or [self.process.pid]


def _pids():
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _ppid(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def cpu_ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def memory_kb(pid):
    """{"VmRSS": kB, "VmHWM": kB} of a process, empty once it has exited."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    pairs = (line.split(":", 1) for line in lines)
    return {k: int(v.split()[0]) for k, v in pairs if k in ("VmRSS", "VmHWM")}


def reset_peak(pid):
    """Set the process's peak RSS (VmHWM) back to its current RSS (Linux clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class MemoryWatch:
    """Largest growth of any worker over a run: peak RSS during the run minus RSS before it."""

    def __init__(self, server):
        self.server = server
        self.before = {}

    def start(self):
        self.before = {}
        for pid in self.server.workers():
            reset_peak(pid)
            self.before[pid] = memory_kb(pid).get("VmRSS", 0)

    def finish(self):
        growth, gone = 0, 0
        for pid, rss in self.before.items():
            peak = memory_kb(pid).get("VmHWM")
            if peak is None:
                gone += 1  # restarted (max_requests, timeout or memory limit): its peak is lost
            else:
                growth = max(growth, peak - rss)
        return round(growth / 1024, 1), gone


def cpu_busy(seconds=1.0):
    """Share of the machine's CPU time spent busy over `seconds` (all processes, all cores)."""

    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # idle and iowait

    total, idle = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    return 1 - (idle_after - idle) / max(1, total_after - total)


def wait_for_quiet(threshold, patience):
    """Wait up to `patience` seconds for other work on the machine to stop (our servers are idle
    now); the CPU share still busy when measuring starts."""
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > threshold and time.monotonic() < deadline:
        busy = cpu_busy(2.0)
    return busy


def active_queries(database_url):
    """Statements still running in the benchmark database, other than this one."""
    with psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
    conn.close()
    return pids


def cancel_queries(database_url, pids):
    with psycopg2.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        with conn.cursor() as cursor:
            for pid in pids:
                cursor.execute("SELECT pg_cancel_backend(%s)", [pid])
    conn.close()


def settle(server, database_url, patience):
    """Wait until the server's workers and the database are idle: requests left running when
    wrk stopped must not eat into the next measurement. If they are still busy after `patience`
    seconds, restart the server and cancel its queries. Returns True if it had to restart."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        ticks = {pid: cpu_ticks(pid) for pid in server.workers()}
        time.sleep(0.5)
        if not active_queries(database_url) and all(cpu_ticks(p) == t for p, t in ticks.items()):
            return False
    server.stop()
    for _ in range(20):
        pids = active_queries(database_url)
        if not pids:
            break
        cancel_queries(database_url, pids)
        time.sleep(0.5)
    server.start()
    return True
