"""Input limits for every request, checked before any view, form or parser sees the input.

- a body over MAX_BODY_BYTES: 413. Django's DATA_UPLOAD_MAX_MEMORY_SIZE covers forms only; DRF's
  parsers read the stream themselves, so the API needs this check;
- a query string over MAX_QUERY_STRING_LENGTH, or one value over MAX_QUERY_VALUE_LENGTH: 400;
- a query parameter with no name (`?=x`): 400, so no view reads it as "no filter";
- a NUL character in the path, the query, a form field or a JSON string: 400. PostgreSQL refuses
  NUL in text, so letting one through turns a bad request into a 500.

Pages get a readable page, the API `{"detail": …}` (crisis.views.errors).
"""

import json

from django.conf import settings
from django.http.multipartparser import MultiPartParserError

from crisis.views.errors import error_response

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data):
    """True if a NUL is in any string of decoded JSON, keys included."""
    if isinstance(data, str):
        return NUL in data
    if isinstance(data, dict):
        return any(_has_nul(key) or _has_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_has_nul(item) for item in data)
    return False


class InputLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        if refusal:
            status, message = refusal
            return error_response(request, status, message)
        return self.get_response(request)

    def refusal(self, request):
        """(status, message) when the request breaks a limit, else None."""
        if NUL in request.path:
            return 400, "The address contains a NUL character."
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return 400, f"The query string is longer than {settings.MAX_QUERY_STRING_LENGTH} characters."
        for key, values in request.GET.lists():
            if not key:
                return 400, "A query parameter has no name (“?=…”)."
            if NUL in key or any(NUL in value for value in values):
                return 400, "A query parameter contains a NUL character."
            if any(len(value) > settings.MAX_QUERY_VALUE_LENGTH for value in values):
                return 400, (f"The value of “{key[:50]}” is longer than "
                             f"{settings.MAX_QUERY_VALUE_LENGTH} characters.")
        return self.body_refusal(request)

    def body_refusal(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 400, "The Content-Length header is not a number."
        if length > settings.MAX_BODY_BYTES:
            return 413, f"The request body is larger than {settings.MAX_BODY_BYTES} bytes."
        if not length:
            return None
        content_type = request.content_type or ""
        if content_type.startswith(FORM_TYPES):
            try:
                fields = request.POST.lists()
            except MultiPartParserError:
                return 400, "The form data could not be read."
            for key, values in fields:
                if NUL in key or any(NUL in value for value in values):
                    return 400, "A form field contains a NUL character."
        elif content_type == "application/json" or content_type.endswith("+json"):
            # Reading the body here leaves a copy for DRF's parser. A JSON string can hold a NUL
            # only as the escape \u0000, so most bodies are never decoded twice.
            body = request.body
            if b"\\u0000" in body:
                try:
                    data = json.loads(body)
                except ValueError:
                    return None  # the parser answers 400 with its own reason
                if _has_nul(data):
                    return 400, "A JSON string contains a NUL character."
        return None
