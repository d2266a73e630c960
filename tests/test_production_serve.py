"""`make serve`: gunicorn with crisis/gunicorn.conf.py, DEBUG off, static files collected."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8290


def environment(**env):
    unset = {"SECRET_KEY", "DEBUG", "MAKEFLAGS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return {**base, **env}


def fetch(path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (our own server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_make_serve_refuses_to_start_without_a_secret_key():
    result = subprocess.run(["make", "-s", "serve"], cwd=ROOT, env=environment(), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_make_serve_runs_gunicorn_with_debug_off_and_collected_static_files(tmp_path):
    env = environment(
        SECRET_KEY="s" * 20 + "ecret-for-this-test-only-0123456789",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        WEB_CONCURRENCY="2",
        # Its own static root: collecting into the shared one races other tests reading it.
        STATIC_ROOT=str(tmp_path / "static"),
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(["make", "-s", "serve", "HOST=127.0.0.1", f"PORT={PORT}"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                status, headers, body = fetch("/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        assert (status, body) == (200, b'{"database": "ok"}')

        # Static files come from collectstatic's manifest, served by WhiteNoise with long caching.
        manifest = (tmp_path / "static" / "staticfiles.json").read_text()
        hashed = next(part for part in manifest.split('"') if part.startswith("crisis/site.") and
                      part.endswith(".css") and part != "crisis/site.css")
        status, headers, body = fetch(f"/static/{hashed}", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b".site-header" in body
        assert "immutable" in headers["Cache-Control"]

        # DEBUG is off: an unknown page is a plain 404, not Django's debug page listing the routes.
        status, headers, body = fetch("/no-such-page/", **{"X-Forwarded-Proto": "https"})
        assert status == 404 and b"URLconf" not in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        # Plain HTTP through the proxy is sent to HTTPS.
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(f"http://127.0.0.1:{PORT}/timeline/", timeout=5)
            raise AssertionError("plain HTTP was served")
        except urllib.error.HTTPError as error:
            assert error.code == 301 and error.headers["Location"] == f"https://127.0.0.1:{PORT}/timeline/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Booting worker" in output and output.count("Booting worker") >= 2
    assert '"GET /healthz HTTP/1.1" 200' in output  # the access log
