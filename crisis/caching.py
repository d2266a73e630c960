"""Readers' responses, kept in Django's cache and keyed by the state of the data.

A reader's page or API answer depends on the URL, the format asked for and the data; the key
holds all three (the data as crisis.selectors.generation names it), so any write, which always
leaves an event, makes every earlier entry unreachable: publishing or correcting invalidates what
readers are served without anything to purge. Signed-in users are never served from the cache.
Local memory by default; Redis, shared by every app server, when REDIS_URL is set.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache

from crisis.selectors import generation

KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Disposition")


def cache_key(request, state):
    raw = "|".join([
        str(state), request.get_host(), request.get_full_path(), request.headers.get("Accept", ""),
    ])
    return "response:" + hashlib.sha256(raw.encode()).hexdigest()


def serve(request, produce):
    """The cached answer to an anonymous GET, else `produce()`'s, kept for the next reader."""
    if not settings.READER_CACHE_SECONDS or request.method not in ("GET", "HEAD") \
            or request.user.is_authenticated:
        return produce()
    key = cache_key(request, generation.current()[0])
    hit = cache.get(key)
    if hit is not None:
        return _rebuild(hit)
    response = produce()
    if response.status_code == 200 and not response.streaming:
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.add_post_render_callback(lambda rendered: _store(key, rendered))
        else:
            _store(key, response)
    return response


def cached_for_readers(view):
    """A page view whose anonymous GETs are served from the cache while the data is unchanged."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapped


def cached_handler(handler):
    """The same for a DRF viewset's handler; it runs after authentication and throttling."""

    @wraps(handler)
    def wrapped(self, request, *args, **kwargs):
        return serve(request, lambda: handler(self, request, *args, **kwargs))

    return wrapped


def _store(key, response):
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get("Cache-Control", ""):
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    cache.set(key, (response.status_code, response.content, headers), settings.READER_CACHE_SECONDS)


def _rebuild(hit):
    from django.http import HttpResponse

    status, content, headers = hit
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def remember(user, name, parts, compute):
    """A value read from the data for readers, kept until the data changes (the newsroom, who
    see drafts, always gets it fresh)."""
    if not settings.AGGREGATE_CACHE_SECONDS or (user is not None and user.is_authenticated):
        return compute()
    raw = f"{name}|{generation.current()[0]}|{parts!r}"
    key = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    return cache.get_or_set(key, compute, settings.AGGREGATE_CACHE_SECONDS)
