"""Error answers that read well in a browser and in an API client.

Error pages are rendered without the request, so drawing them needs no session, user or
database.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    413: "Request too large",
    500: "Server error",
    503: "Temporarily unavailable",
}


def is_api(request):
    return request.path.startswith("/api/")


def error_response(request, status, message, headers=None):
    """A JSON `{"detail": …}` for the API, a page of the site for everything else."""
    if is_api(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        html = render_to_string("crisis/error.html", {
            "site_name": settings.SITE_NAME, "status": status, "title": TITLES[status], "message": message,
        })
        response = HttpResponse(html, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception):
    return error_response(request, 400, "The request could not be understood.")
