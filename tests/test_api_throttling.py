"""API clients are throttled: readers, signed-in clients and anyone guessing tokens get 429."""

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _low_rates(monkeypatch):
    # DRF's throttles keep a reference to the rates dict read at start-up.
    for scope, rate in {"anon": "3/minute", "user": "4/minute", "failed_token": "2/minute"}.items():
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)


def get(api, **extra):
    return api.get(reverse("v1:source-list"), **extra)


def with_token(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def assert_throttled(response):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "Request was throttled" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_reader_past_the_anonymous_rate_gets_429_with_retry_after():
    api = APIClient()
    assert [get(api).status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(get(api))


def test_readers_are_counted_by_address():
    api = APIClient()
    for _ in range(3):
        get(api)
    assert get(api, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_a_proxy_readers_are_counted_by_the_address_the_proxy_saw(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api = APIClient()
    for _ in range(3):
        get(api, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert_throttled(get(api, HTTP_X_FORWARDED_FOR="203.0.113.9"))
    assert get(api, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_a_token_client_past_the_user_rate_gets_429_with_retry_after(editor):
    api = with_token(AuthToken.objects.create(user=editor)[1])
    assert [get(api).status_code for _ in range(4)] == [200] * 4
    assert_throttled(get(api))


def test_wrong_tokens_get_429_after_a_few_and_then_even_the_right_token_waits(editor):
    _, key = AuthToken.objects.create(user=editor)
    assert get(with_token("0" * 64)).status_code == 401
    assert get(with_token(key[:-1] + "x")).status_code == 401
    assert_throttled(get(with_token("1" * 64)))
    assert_throttled(get(with_token(key)))
    # Another address is not held back by this one's guessing.
    assert get(with_token(key), REMOTE_ADDR="203.0.113.9").status_code == 200


def test_a_right_token_does_not_count_as_a_failure(editor):
    _, key = AuthToken.objects.create(user=editor)
    assert [get(with_token(key)).status_code for _ in range(4)] == [200] * 4


def test_a_token_that_is_not_utf8_is_refused_not_a_server_error():
    response = get(APIClient(), HTTP_AUTHORIZATION="Token caf\xe9")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_writes_with_a_wrong_token_are_throttled_before_anything_is_read(editor):
    api = with_token("2" * 64)
    for _ in range(2):
        assert api.post(reverse("v1:source-list"), {}, format="json").status_code == 401
    assert_throttled(api.post(reverse("v1:source-list"), {}, format="json"))


def test_the_schema_documents_the_token_header(client):
    schema = client.get(reverse("v1:schema"), {"format": "json"}).json()
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/claims/"]["post"]["security"]


REDIS_URL = "redis://127.0.0.1:6379/6"


def redis_cache(location, prefix):
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": prefix,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }}


@pytest.fixture
def shared_redis(settings):
    import uuid

    import redis

    prefix = f"crisis-test-{uuid.uuid4().hex}"
    settings.CACHES = redis_cache(REDIS_URL, prefix)
    server = redis.Redis.from_url(REDIS_URL)
    yield server, prefix
    keys = server.keys(f"{prefix}:*")
    if keys:
        server.delete(*keys)


def test_with_redis_the_counts_live_in_redis_so_every_server_shares_them(shared_redis):
    from django.core.cache import caches

    server, prefix = shared_redis
    api = APIClient()
    for _ in range(3):
        assert get(api).status_code == 200
    assert f"{prefix}:1:throttle_anon_127.0.0.1".encode() in server.keys(f"{prefix}:*")
    # Another server: a process with no cache client of its own yet, reading the same Redis.
    caches["default"].close()
    del caches["default"]
    assert_throttled(get(api))


def test_while_redis_is_unreachable_the_api_still_answers_unthrottled(settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:8299/6", "crisis-test")  # nothing listens there
    api = APIClient()
    assert [get(api).status_code for _ in range(5)] == [200] * 5
