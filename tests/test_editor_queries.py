"""Pinned query counts of the desk's list pages: the same with 5 claims as with 50."""

import pytest
from django.urls import reverse

from crisis.models import Event, EventAction
from tests.factories import ClaimFactory

# Every signed-in desk page starts with the same four queries:
#   1 session  2 user  3 the user's own permissions  4 permissions from the user's groups
SIGNED_IN = 4


def make_claims(n, user):
    """n drafts and n claims in review, each with its own speaker and source, a few sent back."""
    drafts = ClaimFactory.create_batch(n, draft=True, created_by=user)
    ClaimFactory.create_batch(n, in_review=True, created_by=user)
    for claim in drafts[::2]:
        Event.objects.create(record_type="claim", record_id=claim.pk, user=user,
                             action=EventAction.SENT_BACK, old_status="in_review", new_status="draft",
                             note="Add the sector.")


@pytest.mark.parametrize("n", [5, 50])
def test_reviewers_desk_query_count_is_flat(reviewer_client, reviewer, django_assert_num_queries, n):
    make_claims(n, reviewer)
    # 5 queue: claims in review JOIN speaker, source, created_by, with the last sent-back note
    # 6 my drafts (same joins)  7 mine in review (same joins)
    with django_assert_num_queries(SIGNED_IN + 3):
        response = reviewer_client.get(reverse("crisis:editor-home"))
    assert response.status_code == 200
    assert len(response.context["drafts"]) == min(n, 20)


@pytest.mark.parametrize("n", [5, 50])
def test_editors_desk_query_count_is_flat(editor_client, editor, django_assert_num_queries, n):
    make_claims(n, editor)
    # 5 my drafts JOIN speaker, source, created_by + sent-back note  6 mine in review (same)
    with django_assert_num_queries(SIGNED_IN + 2):
        response = editor_client.get(reverse("crisis:editor-home"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_my_drafts_query_count_is_flat(editor_client, editor, django_assert_num_queries, n):
    make_claims(n, editor)
    # 5 count of my drafts (pagination)  6 one page of drafts JOIN speaker, source, created_by
    #   with the last sent-back note as a subquery
    with django_assert_num_queries(SIGNED_IN + 2):
        response = editor_client.get(reverse("crisis:my-drafts"))
    assert len(response.context["page"].object_list) == n
    assert response.content.decode().count("Add the sector.") == (n + 1) // 2


@pytest.mark.parametrize("n", [5, 50])
def test_review_queue_query_count_is_flat(reviewer_client, reviewer, django_assert_num_queries, n):
    make_claims(n, reviewer)
    # 5 count of claims in review  6 one page of them JOIN speaker, source, created_by + note
    # 7 restores of public records waiting for a reviewer (none here, so no record is read)
    with django_assert_num_queries(SIGNED_IN + 3):
        response = reviewer_client.get(reverse("crisis:review-queue"))
    assert len(response.context["page"].object_list) == n
