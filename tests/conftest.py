"""Personas: a reader (anonymous), an editor (Eddie) and a reviewer (Rita)."""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from hypothesis import settings as hypothesis_settings

# Timing is not what these properties test: a shared machine under load must not fail them.
hypothesis_settings.register_profile("local", deadline=None)
hypothesis_settings.load_profile("local")
# CI tries the same generated examples on every run, so a red build is never the luck of the draw;
# locally each run tries new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
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
def _no_reader_cache(settings):
    """Most tests change rows directly with factories, which leave no event: a cached answer
    would hide their change. The cache's own tests turn it back on (test_caching.py)."""
    settings.READER_CACHE_SECONDS = 0
    settings.AGGREGATE_CACHE_SECONDS = 0


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


_article_rows = []


@pytest.fixture
def article(db):
    """The Latin Post article's dataset, loaded as `make run` loads it.

    The loader runs once per test process; later tests get the same rows copied back in bulk,
    which is the same database state for a fraction of the queries.
    """
    if not _article_rows:
        call_command("load_article", verbosity=0)
        _article_rows.extend(_snapshot())
    else:
        # One transaction: foreign keys are checked once every table is back.
        with transaction.atomic():
            for model, rows in _article_rows:
                model.objects.bulk_create([model(**row) for row in rows])


def _snapshot():
    from django.apps import apps
    from django.db.models import GeneratedField

    rows = []
    for model in apps.get_app_config("crisis").get_models(include_auto_created=True):
        stored = [f.attname for f in model._meta.concrete_fields if not isinstance(f, GeneratedField)]
        rows.append((model, list(model.objects.values(*stored))))
    return rows
