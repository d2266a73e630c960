from django.core.validators import RegexValidator
from rest_framework import serializers

from crisis.models import Claim

from ..fields import NestedIdField
from .citations import CitationSerializer

# Set by the workflow (editor desk, reviewers), never by a write to the API: see views.py.
WORKFLOW_FIELDS = ["status", "published_at", "created_at", "updated_at"]

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", "Use a two-letter ISO 3166-1 code in capitals, e.g. HN."
)


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


def unique_when_set(model, field, value, instance, message):
    """Checks a uniqueness rule that the database only applies to non-blank values."""
    if not value:
        return value
    others = model._default_manager.filter(**{field: value})
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise serializers.ValidationError(message)
    return value


def check_period(attrs, instance, start, end, message):
    """Raises a per-field error when `end` falls before `start` (either may come from the instance)."""
    first = attrs.get(start, getattr(instance, start, None))
    last = attrs.get(end, getattr(instance, end, None))
    if first and last and last < first:
        raise serializers.ValidationError({end: message})
