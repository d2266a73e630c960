"""Password guessing on the desk's and the admin's login ends in a lockout (django-axes)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def desk_login(client, password, username="eddie"):
    return client.post(reverse("crisis:login"), {"username": username, "password": password})


def admin_login(client, password, username="root"):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def signed_in(client):
    return SESSION_KEY in client.session


def test_the_right_password_logs_in_on_the_desk(client, editor):
    assert desk_login(client, "editor-pass-9").status_code == 302
    assert signed_in(client)


def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_on_the_desk(client, editor):
    for _ in range(LIMIT - 1):
        assert desk_login(client, "guess").status_code == 200  # the form again, with its error
    response = desk_login(client, "guess")
    assert response.status_code == 429
    response = desk_login(client, "editor-pass-9")
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_is_a_readable_page_that_says_how_long_it_lasts(client, editor):
    for _ in range(LIMIT):
        desk_login(client, "guess")
    response = desk_login(client, "editor-pass-9")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>Too many attempts</h1>" in page
    assert "paused for 15 minutes" in page
    assert "Traceback" not in page


def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_on_the_admin(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "root-pass-9")
    for _ in range(LIMIT):
        admin_login(client, "guess")
    response = admin_login(client, "root-pass-9")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not signed_in(client)


def test_guessing_from_another_address_is_stopped_by_the_username(client, editor):
    for n in range(LIMIT):
        client.post(reverse("crisis:login"), {"username": "eddie", "password": "guess"},
                    REMOTE_ADDR=f"198.51.100.{n}")
    assert desk_login(client, "editor-pass-9").status_code == 429


def test_one_address_trying_many_usernames_is_stopped_too(client, editor):
    for n in range(LIMIT):
        desk_login(client, "guess", username=f"someone-{n}")
    assert desk_login(client, "editor-pass-9").status_code == 429


def test_a_right_password_before_the_limit_starts_the_count_again(client, editor):
    for _ in range(LIMIT - 1):
        desk_login(client, "guess")
    assert desk_login(client, "editor-pass-9").status_code == 302
    client.post(reverse("crisis:logout"))
    for _ in range(LIMIT - 1):
        desk_login(client, "guess")
    assert desk_login(client, "editor-pass-9").status_code == 302


def test_behind_a_proxy_lockouts_count_the_address_the_proxy_saw(client, editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(LIMIT):
        client.post(reverse("crisis:login"), {"username": f"someone-{n}", "password": "guess"},
                    HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post(reverse("crisis:login"), {"username": "eddie", "password": "editor-pass-9"},
                         HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # The proxy's own address is not what is locked: another client through it logs in.
    other = client.post(reverse("crisis:login"), {"username": "eddie", "password": "editor-pass-9"},
                        HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302
