"""Readers are served from the cache until the data changes; a publish shows at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crisis import services
from tests import factories as f

URLS = ["/", "/timeline/", "/figures/", "/api/v1/claims/", "/api/v1/figures/", "/api/v1/timeline/"]


@pytest.fixture
def reader_cache(settings):
    settings.READER_CACHE_SECONDS = 600


@pytest.fixture
def redis_cache(settings, reader_cache):
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/7",
        "KEY_PREFIX": "crisis-tests",
    }}
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.parametrize("url", URLS)
def test_a_second_reader_is_served_from_the_cache_with_one_query(
    db, reader_cache, django_assert_num_queries, url
):
    f.ClaimFactory(occurred_on="2014-07-02")
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the state of the data, to find the entry
        again = Client().get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("cache_backend", ["reader_cache", "redis_cache"])
def test_publishing_a_claim_shows_at_once_to_readers_served_from_the_cache(
    request, db, editor, reviewer, cache_backend
):
    request.getfixturevalue(cache_backend)
    reader = Client()
    claim = f.ClaimFactory(draft=True, created_by=editor, text="Freshly published words.",
                           occurred_on="2014-07-02")
    for url in ("/timeline/", "/api/v1/claims/"):
        assert "Freshly published words." not in reader.get(url).content.decode()
    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    for url in ("/timeline/", "/api/v1/claims/"):
        assert "Freshly published words." in reader.get(url).content.decode(), url


def test_a_signed_in_editor_is_never_served_a_readers_cached_page(db, reader_cache, editor_client):
    f.ClaimFactory(draft=True, text="A draft the reader never sees.", occurred_on="2014-07-02")
    assert "A draft the reader never sees." not in Client().get("/timeline/").content.decode()
    assert "A draft the reader never sees." in editor_client.get("/timeline/").content.decode()


def test_the_cache_keeps_formats_apart(db, reader_cache):
    f.CrossingStatisticFactory()
    json_body = Client().get("/api/v1/figures/").content
    csv = Client().get("/api/v1/figures/?format=csv")
    assert b"".join(csv.streaming_content) != json_body
    assert Client().get("/api/v1/figures/", HTTP_ACCEPT="text/csv")["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url", ["/claims/", "/figures/", "/timeline/"])
def test_with_responses_uncached_the_shared_aggregates_are_kept_until_a_publish_changes_them(
    db, settings, editor, reviewer, url
):
    settings.AGGREGATE_CACHE_SECONDS = 600
    f.ClaimFactory(occurred_on="2014-07-02").statistics.add(f.CrossingStatisticFactory())
    reader = Client()
    with CaptureQueriesContext(connection) as first:
        reader.get(url)
    with CaptureQueriesContext(connection) as second:
        reader.get(url)
    assert len(second) < len(first)  # the facets, scopes or months were not read again
    claim = f.ClaimFactory(draft=True, created_by=editor, occurred_on="2014-07-03", kind="forecast")
    services.claim_submit(claim=claim, user=editor)
    services.claim_publish(claim=claim, user=reviewer)
    with CaptureQueriesContext(connection) as third:
        reader.get(url)
    assert len(third) == len(first)  # the publish left an event: read afresh
