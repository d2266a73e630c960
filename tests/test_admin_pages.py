"""The Django admin stays usable for a superuser on every model."""

import pytest
from django.contrib import admin
from django.urls import reverse

from crisis import models

pytestmark = pytest.mark.django_db

REGISTERED = [m for m in admin.site._registry if m._meta.app_label == "crisis"]


def test_every_crisis_model_is_in_the_admin():
    expected = {
        models.Actor, models.Source, models.Meeting, models.FundingRequest,
        models.PolicyProposal, models.Stance, models.CrossingStatistic, models.Claim,
    }
    assert expected <= set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m.__name__)
def test_a_superuser_can_list_search_and_open_each_model(admin_client, article, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Obama"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:  # the article has no proposed changes, for one
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_claim_admin_shows_the_workflow_log_inline(admin_client, article):
    claim = models.Claim.objects.first()
    models.Event.objects.create(
        record_type="claim", record_id=claim.pk, action=models.EventAction.CORRECTED,
        old_status="published", new_status="published", note="Date corrected to early July.",
    )
    response = admin_client.get(reverse("admin:crisis_claim_change", args=[claim.pk]))
    assert b"Date corrected to early July." in response.content
