"""ETag and Last-Modified, so that a client asking again for unchanged data gets 304 Not Modified.

Lists and feeds are fingerprinted before any row is read, from the state of the data (the
latest event's id: one lookup, see crisis.selectors.generation), the query string, the media
type and who is asking, since editors see drafts that readers do not. A record's detail carries
a strong ETag naming its version, which updates send back in If-Match.
"""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from crisis.selectors import generation


def _viewer(request):
    return f"user:{request.user.pk}" if request.user.is_authenticated else "public"


def _key(request, *parts):
    media_type = getattr(request, "accepted_media_type", "")
    raw = json.dumps(
        [
            request.version,
            request.get_host(),
            request.path,
            sorted(request.query_params.lists()),
            media_type,
            _viewer(request),
            *parts,
        ],
        cls=DjangoJSONEncoder,
    )
    return f'W/"{hashlib.sha256(raw.encode()).hexdigest()[:32]}"'


def state_validators(request):
    """(etag, last_modified) of whatever a GET answers now: the data's state, asked once per
    request (1 query)."""
    if not hasattr(request, "_data_state"):
        request._data_state = generation.current()
    state, changed_at = request._data_state
    return _key(request, state), changed_at


def object_validators(request, obj, data):
    """A strong ETag for one record, `"v<version>-<digest of what this viewer gets>"`.

    The version part is what `If-Match` is checked against (the record as written); the digest
    changes with anything else the representation shows (its claims, their sources), so a
    client's cached copy is never stale.
    """
    digest = _key(request, data)[3:-1][:16]
    return f'"v{obj.version}-{digest}"', obj.updated_at


IF_MATCH = re.compile(r'^\s*(?:W/)?"v(\d+)-[^"]*"\s*$')


def if_match_version(request):
    """The record version an update says it was based on (its If-Match), or None if it says none.

    A malformed or `*` header names no version: `*` would let a write through blind.
    """
    header = request.headers.get("If-Match", "")
    match = IF_MATCH.match(header.split(",")[0]) if header else None
    return int(match.group(1)) if match else None


def _headers(request, etag, last_modified):
    headers = {"ETag": etag}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    return headers


def not_modified(request, etag, last_modified):
    """A 304 response when the client's copy is current, else None."""
    probe = HttpResponse(headers=_headers(request, etag, last_modified))
    finish(request, probe, etag, last_modified)
    result = get_conditional_response(
        request, etag=etag, last_modified=last_modified and int(last_modified.timestamp()), response=probe
    )
    return None if result is probe else result


def finish(request, response, etag, last_modified):
    """Adds the validators and the caching rules every API GET response carries."""
    for name, value in _headers(request, etag, last_modified).items():
        response[name] = value
    patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
    # Shared caches may keep public pages; everyone revalidates, so corrections show at once.
    patch_cache_control(
        response, no_cache=True, **({"private": True} if request.user.is_authenticated else {})
    )
    return response
