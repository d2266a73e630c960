"""While the database cannot be reached: 503 with a message and Retry-After, then recovery by itself.

The outage is real: the default connection is swapped for one pointing at a port where nothing
listens (PostgreSQL) or at a file in a directory that does not exist (SQLite), so every query
fails as it would with the server down. The test's own connection, and its transaction, are
left alone and put back afterwards.
"""

import contextlib
import json

import pytest
from django.db import close_old_connections, connections
from django.test import Client
from django.urls import reverse

from crisis.views import errors
from tests import factories as f

DEAD_PORT = 8299  # in our port range, and nothing is started on it


def unreachable(settings_dict):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return {**settings_dict, "NAME": "/nonexistent/directory/crisis.sqlite3"}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": DEAD_PORT}


@contextlib.contextmanager
def swapped_connection(settings_dict):
    original = connections["default"]
    replacement = original.__class__(settings_dict, alias="default")
    connections["default"] = replacement
    try:
        yield replacement
    finally:
        replacement.close()
        connections["default"] = original


def serve(client, path):
    """A request as a WSGI server makes it: Django's test client skips the connection checks that
    run when each request starts and finishes, so they are run here (on the swapped-in connection
    only; the test's own is out of the handler meanwhile)."""
    close_old_connections()
    try:
        return client.get(path)
    finally:
        close_old_connections()


@pytest.fixture
def outage(db):
    with swapped_connection(unreachable(connections["default"].settings_dict)) as dead:
        yield dead


@pytest.fixture
def browser_client():
    # Like a real server: an error becomes a response instead of being raised into the test.
    return Client(raise_request_exception=False)


def test_a_page_during_an_outage_is_a_503_page_with_retry_after(db, browser_client, settings):
    f.ClaimFactory()
    with swapped_connection(unreachable(connections["default"].settings_dict)):
        response = browser_client.get(reverse("crisis:timeline"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in page
    assert "The database cannot be reached just now." in page
    assert "Traceback" not in page and "OperationalError" not in page
    # The outage is over: the same client gets the page again.
    assert browser_client.get(reverse("crisis:timeline")).status_code == 200


def test_the_api_during_an_outage_is_a_503_json_message_with_retry_after(outage, browser_client):
    csv = reverse("v1:figure-list") + "?format=csv"
    for path in (reverse("v1:claim-list"), reverse("v1:timeline-list"), csv):
        response = browser_client.get(path)
        assert response.status_code == 503, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "detail": "The database cannot be reached just now. Nothing you sent has been lost if you "
            "try again in a moment."
        }
        assert int(response["Retry-After"]) > 0


def test_the_figures_csv_during_an_outage_is_a_503_not_a_broken_download(outage, browser_client):
    response = browser_client.get(reverse("crisis:figure-csv"))
    assert response.status_code == 503
    assert "The database cannot be reached just now." in response.content.decode()


def test_a_signed_in_editor_gets_the_503_page_not_a_server_error(editor, browser_client):
    browser_client.force_login(editor)
    with swapped_connection(unreachable(connections["default"].settings_dict)):
        response = browser_client.get(reverse("crisis:editor-home"))
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_an_error_that_is_not_the_database_is_still_a_500_page(rf):
    # Django calls the 500 handler while the exception is being handled, as here.
    try:
        raise RuntimeError("a bug, not an outage")
    except RuntimeError:
        page = errors.server_error(rf.get("/timeline/"))
        api = errors.server_error(rf.get("/api/v1/claims/"))
    assert page.status_code == api.status_code == 500
    assert "Retry-After" not in page and "Retry-After" not in api
    assert "<h1>Server error</h1>" in page.content.decode()
    assert "a bug" not in page.content.decode()
    assert json.loads(api.content)["detail"].startswith("Something went wrong on our side.")


def test_healthz_says_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_healthz_says_unavailable_with_503_during_an_outage_and_ok_after(outage, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
    assert "no-store" in response["Cache-Control"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.postgres
def test_after_the_database_drops_a_kept_connection_the_next_request_reconnects_by_itself(db):
    # A kept-open connection whose server side goes away, as when PostgreSQL restarts: with
    # CONN_HEALTH_CHECKS the next request notices and opens a new one instead of failing.
    original = connections["default"]
    kept = {**original.settings_dict, "CONN_MAX_AGE": 600}
    assert kept["CONN_HEALTH_CHECKS"]
    client = Client(raise_request_exception=False)
    with swapped_connection(kept) as live:
        assert serve(client, "/healthz").status_code == 200
        pid = live.connection.get_backend_pid()
        with original.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert serve(client, "/healthz").status_code == 200
        assert serve(client, reverse("v1:claim-list")).status_code == 200
        assert live.connection.get_backend_pid() != pid


@pytest.mark.postgres
def test_when_the_server_comes_back_on_its_port_requests_succeed_again(db):
    original = connections["default"]
    client = Client(raise_request_exception=False)
    with swapped_connection(unreachable(original.settings_dict)) as connection:
        assert serve(client, reverse("crisis:home")).status_code == 503
        assert serve(client, "/healthz").status_code == 503
        # The server is back where it was: nothing in the app is restarted or reset.
        address = original.settings_dict
        connection.settings_dict.update(HOST=address["HOST"], PORT=address["PORT"])
        assert serve(client, "/healthz").status_code == 200
        assert serve(client, reverse("crisis:home")).status_code == 200
