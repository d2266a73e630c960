"""Personas: a reader (anonymous), an editor (Eddie) and a reviewer (Rita)."""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# CI tries the same generated examples on every run, so a red build is never the luck of the draw;
# locally each run tries new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (full-text search); run with DATABASE_URL=postgres://…")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttles count in the cache; each test starts with none of the last test's requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@example.org", "editor-pass-9")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reviewer(db, django_user_model):
    user = django_user_model.objects.create_user("rita", "rita@example.org", "reviewer-pass-9")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def article(db):
    """The Latin Post article's dataset, loaded as `make run` loads it."""
    call_command("load_article", verbosity=0)
