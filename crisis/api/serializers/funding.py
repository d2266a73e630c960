"""A funding request's dated steps and what each chamber of the legislature did with it.

Both are part of the claim that reports them, as a stance is: written with the id of a draft
claim of yours, published when a reviewer publishes that claim (crisis.services)."""

from rest_framework import serializers

from crisis.models import Claim, FundingRequest, FundingStageChange, LegislativeAction

from ..fields import ApiUrlField, ModelSerializer, NestedIdField, NestedSlugField
from .base import WORKFLOW_FIELDS
from .citations import CitationSerializer, FundingRequestRefSerializer, display


def _request_field():
    return NestedSlugField(
        serializer=FundingRequestRefSerializer,
        queryset=FundingRequest.objects.all(),
        help_text="The funding request; written as its slug.",
    )


def _claim_field(what):
    return NestedIdField(
        serializer=CitationSerializer,
        queryset=Claim.objects.all(),
        help_text=f"The claim that reports the {what}, with its quote and source; written as the id "
        f"of a draft claim of yours. The {what} is published with it.",
    )


class FundingStageChangeSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="funding-stage-detail")
    request = _request_field()
    date_display = display("The date as precisely as known.")
    claim = _claim_field("step")

    class Meta:
        model = FundingStageChange
        fields = [
            "id", "api_url", "request", "stage", "date", "date_precision", "date_display", "note",
            "claim", *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS


class LegislativeActionSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="legislative-action-detail")
    request = _request_field()
    date_display = display("The date as precisely as known.")
    tally_display = serializers.CharField(
        read_only=True, help_text="The vote as readers see it (\"218–210 (218 needed)\"); empty without one."
    )
    claim = _claim_field("action")

    class Meta:
        model = LegislativeAction
        fields = [
            "id", "api_url", "request", "bill_number", "chamber", "action", "date", "date_precision",
            "date_display", "yeas", "nays", "threshold", "tally_display", "amount", "note", "claim",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = WORKFLOW_FIELDS


class LegislativeActionInRequestSerializer(ModelSerializer):
    api_url = ApiUrlField(view_name="legislative-action-detail")
    date_display = display("The date as precisely as known.")
    claim = CitationSerializer(read_only=True)

    class Meta:
        model = LegislativeAction
        fields = [
            "id", "api_url", "bill_number", "chamber", "action", "date", "date_precision",
            "date_display", "yeas", "nays", "threshold", "amount", "note", "claim", "status",
        ]
        read_only_fields = fields
