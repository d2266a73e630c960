"""A newsroom sets up its first editor and reviewer from the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from knox.crypto import hash_token
from knox.models import AuthToken

pytestmark = pytest.mark.django_db


def create(*args):
    out = io.StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_it_creates_an_editor_with_a_password():
    output = create("eddie", "--role", "editor", "--password", "long-enough-pass-1")
    user = get_user_model().objects.get(username="eddie")
    assert "Created editor eddie." in output
    assert user.check_password("long-enough-pass-1")
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("crisis.add_claim") and not user.has_perm("crisis.publish_claim")


def test_a_reviewer_can_publish():
    create("rita", "--role", "reviewer", "--password", "long-enough-pass-1")
    assert get_user_model().objects.get(username="rita").has_perm("crisis.publish_claim")


def printed_token(output):
    return output.split("API token: ", 1)[1].split()[0]


def test_it_prints_an_api_token_for_the_user_and_stores_only_its_hash():
    output = create("bot", "--role", "editor", "--token")
    key = printed_token(output)
    token = AuthToken.objects.get(user__username="bot")
    assert token.digest == hash_token(key) and key not in (token.digest, token.token_key)
    assert token.expiry is None
    assert not token.user.has_usable_password()


def test_running_it_again_moves_the_user_to_the_new_role_and_issues_another_token():
    first = printed_token(create("eddie", "--role", "editor", "--token"))
    output = create("eddie", "--role", "reviewer", "--token")
    user = get_user_model().objects.get(username="eddie")
    assert "Updated reviewer eddie." in output
    assert list(user.groups.values_list("name", flat=True)) == ["Reviewers"]
    # A stored key cannot be shown again, so a new one is issued; the first keeps working.
    second = printed_token(output)
    assert second != first
    assert sorted(AuthToken.objects.filter(user=user).values_list("digest", flat=True)) == sorted(
        [hash_token(first), hash_token(second)]
    )


def test_a_weak_password_is_refused_with_the_reason():
    with pytest.raises(CommandError, match="too short"):
        create("eddie", "--role", "editor", "--password", "abc")
    assert not get_user_model().objects.filter(username="eddie").exists()
