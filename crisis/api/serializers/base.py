"""What every record serializer shares. Serializers parse and shape; the rules live on the
models and in crisis.services, which every write goes through."""

from rest_framework import serializers

from crisis.models import Claim

from ..fields import NestedIdField
from .citations import CitationSerializer

# Set by the workflow (desk, reviewers), never by a write to the API: see views.py.
WORKFLOW_FIELDS = [
    "status", "version", "published_at", "correction_note", "corrected_at", "created_at", "updated_at",
]


def backing_claims(*, required, help_text):
    """The claims behind a record: read with their quote and source, written as claim ids."""
    return NestedIdField(
        serializer=CitationSerializer,
        queryset=Claim.objects.all(),
        many=True,
        required=required,
        allow_empty=not required,
        help_text=help_text,
    )


def proposed_by_claim():
    """Names the claim that establishes new values for a public record (a PATCH or PUT)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        write_only=True,
        required=False,
        help_text="Only when changing a public record: the id of your draft claim that establishes "
        "the new values. The change waits, and is applied when a reviewer publishes that claim.",
    )
