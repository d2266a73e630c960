"""Two editors saving the same draft at the same moment: one save wins, the other is told.

Real threads, each with its own database connection, on PostgreSQL and on SQLite alike."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from rest_framework.test import APIClient

from crisis import services
from crisis.models import Claim
from tests import factories as f

ROUNDS = 5


def account(username, role):
    user = User.objects.create_user(username, password=f"{username}-pass-9876")
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def race(url, etag, bodies, users):
    """PATCH each body at once, from its own thread; the HTTP statuses in body order."""
    start = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)

    def save(index):
        client = APIClient()
        client.force_authenticate(users[index])
        start.wait()
        try:
            statuses[index] = client.patch(url, bodies[index], format="json", HTTP_IF_MATCH=etag).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_based_on_the_same_version_one_succeeds_one_gets_412():
    eddie, rita = account("eddie", "Editors"), account("rita", "Reviewers")
    claim = services.record_create(Claim, user=eddie, fields={"text": "Start.", "source": f.SourceFactory()})
    url = f"/api/v1/claims/{claim.pk}/"
    for round_ in range(ROUNDS):
        reader = APIClient()
        reader.force_authenticate(eddie)
        etag = reader.get(url)["ETag"]
        texts = [f"Eddie's wording {round_}.", f"Rita's wording {round_}."]
        statuses = race(url, etag, [{"text": text} for text in texts], [eddie, rita])
        assert sorted(statuses) == [200, 412], statuses
        claim.refresh_from_db()
        winner = texts[statuses.index(200)]
        assert claim.text == winner, "the saved text is the one whose save was answered 200"
        assert claim.version == round_ + 2
