"""Settings come from the environment and fail loudly when production is misconfigured."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_with_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_a_mistyped_boolean_is_an_error_not_a_guess():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_database_comes_from_database_url(settings):
    # The suite itself runs under whatever DATABASE_URL says (SQLite or PostgreSQL in CI).
    vendor = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    assert settings.DATABASES["default"]["ENGINE"].endswith(vendor)


PRODUCTION_ENV = ROOT / "deploy" / "production.env"


def production_env(**overrides):
    """deploy/production.env, as README "Production" documents it, with a real secret key."""
    env = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return env


def run_manage(*args, **env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=60,
    )


def settings_under(env, *names):
    code = (f"import json; from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))")
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_under_the_documented_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_production_runs_without_https():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING",
                        **production_env(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_the_documented_production_settings_turn_on_https_and_trust_one_proxy():
    values = settings_under(
        production_env(), "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "REST_FRAMEWORK", "CACHES", "STORAGES",
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == 1
    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert values["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_development_keeps_plain_http_and_a_cache_in_each_process():
    values = settings_under({"DEBUG": "true"}, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                            "SESSION_COOKIE_SECURE", "CACHES")
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def test_behind_the_proxy_plain_http_is_redirected_to_https(behind_proxy, client, db):
    response = client.get("/timeline/?kind=claim")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/timeline/?kind=claim"


def test_behind_the_proxy_https_is_served_with_hsts(behind_proxy, client, db):
    response = client.get("/timeline/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_a_client_cannot_claim_https_with_another_header(behind_proxy, client, db):
    response = client.get("/timeline/", HTTP_X_FORWARDED_SSL="on", HTTP_X_FORWARDED_SCHEME="https")
    assert response.status_code == 301


def test_the_load_balancer_checks_healthz_over_plain_http(behind_proxy, client, db):
    assert client.get("/healthz").status_code == 200


def test_behind_the_proxy_the_session_and_csrf_cookies_are_secure(behind_proxy, client, editor):
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.cookies["csrftoken"]["secure"]
    response = client.post("/accounts/login/", {"username": "eddie", "password": "editor-pass-9"},
                           HTTP_X_FORWARDED_PROTO="https", HTTP_REFERER="https://testserver/accounts/login/")
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]
