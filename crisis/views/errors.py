"""Error answers that read well in a browser and in an API client, and /healthz.

Error pages are rendered without the request, so drawing them needs no session, user or
database: they still work while the database is down.
"""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

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


def database_unavailable(request):
    return error_response(
        request, 503,
        "The database cannot be reached just now. Nothing you sent has been lost if you try again "
        "in a moment.",
        {"Retry-After": str(settings.DATABASE_RETRY_AFTER)},
    )


def bad_request(request, exception):
    return error_response(request, 400, "The request could not be understood.")


def not_found(request, exception):
    # Reached when no route matches, or a view raises Http404: an API client still gets JSON.
    return error_response(request, 404, "There is nothing at this address.")


def server_error(request):
    # Django calls the 500 handler inside its `except`, so the exception is still at hand: a
    # database that cannot be reached is an outage to wait out (503), not a bug (500).
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return error_response(
        request, 500, "Something went wrong on our side. It has been logged; please try again later."
    )


@never_cache
def healthz(request):
    """For a load balancer: 200 while the database answers, 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503,
                            headers={"Retry-After": str(settings.DATABASE_RETRY_AFTER)})
    return JsonResponse({"database": "ok"})
