"""Shapes of the workflow's answers: what a publication made public, what a review lists, and
changes proposed to public records."""

from django.urls import reverse
from rest_framework import serializers

from crisis.models import ProposedChange, RecordKind, kind_of

from .claims import ClaimSerializer


def record_url(record, context):
    """The API URL of any editorial record (a funding step is read inside its request)."""
    kind = kind_of(record)
    request = context.get("request")
    if kind == RecordKind.FUNDING_STAGE:
        name, kwargs = "v1:funding-request-detail", {"slug": record.request.slug}
    elif kind == RecordKind.BILL_ACTION:
        name, kwargs = "v1:legislative-action-detail", {"pk": record.pk}
    else:
        name = "v1:" + kind.replace("_", "-") + "-detail"
        kwargs = {"slug": record.slug} if hasattr(record, "slug") else {"pk": record.pk}
    path = reverse(name, kwargs=kwargs)
    return request.build_absolute_uri(path) if request else path


class RecordRefSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=RecordKind.choices)
    id = serializers.IntegerField()
    name = serializers.CharField()
    api_url = serializers.URLField()

    @staticmethod
    def of(record, context):
        return {"type": kind_of(record), "id": record.pk, "name": str(record)[:300],
                "api_url": record_url(record, context)}


class ProposedChangeSerializer(serializers.ModelSerializer):
    """New values for a public record, waiting for the review of the claim that establishes them."""

    type = serializers.CharField(source="record_type", read_only=True)

    class Meta:
        model = ProposedChange
        fields = ["id", "type", "record_id", "changes", "based_on", "claim", "note", "status", "created_at"]
        read_only_fields = fields


class PublicationSerializer(ClaimSerializer):
    """The published claim, and every record its publication made public or changed."""

    made_public = RecordRefSerializer(many=True, read_only=True,
                                      help_text="Each record readers can see since this publication.")
    changes_applied = ProposedChangeSerializer(many=True, read_only=True,
                                               help_text="Changes to public records the claim established.")

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "made_public", "changes_applied"]
        read_only_fields = fields

    @staticmethod
    def extra(done, context):
        return {
            "made_public": [RecordRefSerializer.of(record, context) for record in done.records],
            "changes_applied": ProposedChangeSerializer(
                [change for change, _ in done.changes], many=True, context=context
            ).data,
        }


class ReviewItemSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()


class ReviewSerializer(serializers.Serializer):
    """What publishing a claim makes public: the claim, the records it brings, its changes."""

    claim = serializers.IntegerField()
    status = serializers.CharField()
    frozen = serializers.BooleanField(help_text="True once submitted: the list is what the reviewer sees.")
    records = ReviewItemSerializer(many=True)
    changes = ProposedChangeSerializer(many=True)
    refused = serializers.CharField(allow_blank=True, help_text="Why submitting would be refused now.")

    @staticmethod
    def shape(claim, items, changes, refused, context):
        return {
            "claim": claim.pk,
            "status": claim.status,
            "frozen": claim.status == "in_review",
            "records": [{"type": i.record_type, "id": i.record_id, "name": i.label, "version": i.version}
                        for i in items],
            "changes": ProposedChangeSerializer(changes, many=True, context=context).data,
            "refused": " ".join(refused.messages) if refused else "",
        }
