"""An administrator lists API tokens and revokes them; keys are stored only as hashes."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def tokens(*args):
    out = io.StringIO()
    call_command("api_tokens", *args, stdout=out)
    return out.getvalue()


def api_status(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get(reverse("v1:claim-list")).status_code


def test_the_list_names_each_token_by_its_key_prefix_and_user_and_never_shows_the_key(editor, reviewer):
    editor_token, editor_key = AuthToken.objects.create(user=editor)
    reviewer_token, reviewer_key = AuthToken.objects.create(user=reviewer)
    lines = tokens("list").splitlines()
    assert lines[0].split() == ["KEY", "USER", "CREATED", "(UTC)", "EXPIRES"]
    assert [line.split()[:2] for line in lines[1:]] == [
        [editor_token.token_key, "eddie"], [reviewer_token.token_key, "rita"],
    ]
    assert all(line.endswith("never") for line in lines[1:])
    assert editor_key not in "\n".join(lines) and reviewer_key not in "\n".join(lines)
    assert tokens("list", "--user", "rita").splitlines()[1].split()[:2] == [reviewer_token.token_key, "rita"]


def test_with_no_tokens_the_list_says_so(db):
    assert tokens("list") == "No API tokens.\n"


def test_revoking_by_key_prefix_stops_that_token_and_no_other(editor):
    first, first_key = AuthToken.objects.create(user=editor)
    _, second_key = AuthToken.objects.create(user=editor)
    assert api_status(first_key) == api_status(second_key) == 200

    assert tokens("revoke", first.token_key) == f"Revoked {first.token_key} (eddie).\n"
    assert api_status(first_key) == 401
    assert api_status(second_key) == 200


def test_revoking_takes_a_whole_key_too(editor):
    _, key = AuthToken.objects.create(user=editor)
    tokens("revoke", key)
    assert not AuthToken.objects.exists()


def test_revoking_by_user_revokes_all_their_tokens_only(editor, reviewer):
    AuthToken.objects.create(user=editor)
    AuthToken.objects.create(user=editor)
    _, reviewer_key = AuthToken.objects.create(user=reviewer)
    assert len(tokens("revoke", "--user", "eddie").splitlines()) == 2
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["rita"]
    assert api_status(reviewer_key) == 200


def test_revoke_needs_keys_or_a_user_and_says_when_nothing_matches(editor):
    AuthToken.objects.create(user=editor)
    with pytest.raises(CommandError, match="Name the tokens to revoke"):
        tokens("revoke")
    with pytest.raises(CommandError, match="No token matches"):
        tokens("revoke", "0123456789abcde")
    assert AuthToken.objects.count() == 1
