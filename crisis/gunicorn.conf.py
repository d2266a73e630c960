"""Gunicorn settings for serving Crisis Tracker in production and under `make bench`.

    .venv/bin/gunicorn crisis.wsgi -c crisis/gunicorn.conf.py

Environment: BIND (default 127.0.0.1:8000, or HOST and PORT), WEB_CONCURRENCY (workers),
GUNICORN_TIMEOUT (seconds), GUNICORN_MAX_REQUESTS (0 turns recycling off),
WORKER_MAX_MEMORY_MB (unset: no limit) and GUNICORN_CONTROL_SOCKET (unset: no control socket).
"""

import os
import resource


def _int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


def _cores():
    # The cores this process may run on, which a container can set below the machine's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Sync workers: every request is a few database queries and some rendering, CPU-bound, so one
# request per process and a couple of processes per core. Past a dozen, PostgreSQL connections
# and memory cost more than the extra workers bring.
worker_class = "sync"
workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, 12))

# Load the app once in the master: workers start (and restart) in milliseconds and share its
# memory until they write to it. Database connections open in the workers, on first use.
preload_app = True

# A request still running after this long is killed with its worker, so one runaway request
# cannot hold a worker forever. Large CSV exports stream well within it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 2

# Restart each worker after a few thousand requests (staggered, so they do not all restart at
# once), to hand back memory that Python's allocator keeps after a large response.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# gunicornc's control socket has one default path per user, so two servers on one machine (the
# app and the benchmark's ceiling, say) would fight over it. Opt in with a path of its own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'

_memory_limit_mb = _int("WORKER_MAX_MEMORY_MB", 0)


def post_fork(server, worker):
    """Cap each worker's address space, so a request that loads too much fails alone (500)
    instead of pushing the machine into swap or the out-of-memory killer."""
    if _memory_limit_mb:
        limit = _memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

# The proxy's address, whose X-Forwarded-* headers gunicorn may believe.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
