"""A newsroom sets up its first editor and reviewer from the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

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


def test_it_prints_an_api_token_for_the_user():
    output = create("bot", "--role", "editor", "--token")
    token = Token.objects.get(user__username="bot")
    assert f"API token: {token.key}" in output
    assert not token.user.has_usable_password()


def test_running_it_again_moves_the_user_to_the_new_role_and_keeps_the_token():
    create("eddie", "--role", "editor", "--token")
    key = Token.objects.get(user__username="eddie").key
    output = create("eddie", "--role", "reviewer", "--token")
    user = get_user_model().objects.get(username="eddie")
    assert "Updated reviewer eddie." in output
    assert list(user.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert f"API token: {key}" in output


def test_a_weak_password_is_refused_with_the_reason():
    with pytest.raises(CommandError, match="too short"):
        create("eddie", "--role", "editor", "--password", "abc")
    assert not get_user_model().objects.filter(username="eddie").exists()
