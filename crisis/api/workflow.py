"""The workflow as the API offers it: the same services, and the same refusals, as the desk.

Claims: POST …/submit/ (editors, their own drafts; reviewers), …/publish/, …/send-back/,
…/retract/ (reviewers), GET …/review/ (what publishing makes public). Every record:
POST …/correct/ (reviewers, public records, with a note readers see, and `If-Match`).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from crisis import services

from . import conditional
from . import serializers as api_serializers
from .schema import DESCRIPTIONS


def refusal_responses(*codes):
    return {code: OpenApiResponse(OpenApiTypes.OBJECT, description=DESCRIPTIONS[code]) for code in codes}


RESPONSES = {
    "create": {201: None, **refusal_responses(400, 401, 403, 409)},
    "update": {
        200: None,
        202: OpenApiResponse(
            api_serializers.ProposedChangeSerializer,
            description="A public record: the change waits for the review of `proposed_by_claim`.",
        ),
        **refusal_responses(400, 401, 403, 404, 409, 412, 428),
    },
}


class IsReviewer(permissions.IsAuthenticated):
    message = "Only reviewers can do this."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and services.is_reviewer(request.user)


class CanSubmit(permissions.IsAuthenticated):
    message = "Only editors and reviewers can do this."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm("crisis.submit_claim")


class Note(serializers.Serializer):
    note = serializers.CharField(
        help_text="Shown to readers (a correction or retraction) or to the editor (sent back).",
        error_messages={"required": "Give a note: it is kept with the record.",
                        "blank": "Give a note: it is kept with the record."},
    )


def workflow_schema(summary, description, request=None, response=None):
    return extend_schema(
        summary=summary, description=description, request=request,
        responses={200: response or api_serializers.ClaimSerializer,
                   **refusal_responses(400, 401, 403, 404, 409)},
    )


class CorrectAction:
    """POST …/correct/ on every record: a reviewer's change to a public record, with a note."""

    # Parses the fields a correction takes that the record's own serializer does not write.
    correction_extra = None

    def correction_serializer(self, data):
        return self.get_serializer(self.get_object(), data=data, partial=True)

    @extend_schema(
        summary="Correct a public record",
        description="Reviewers. Changes the fields given (the others keep their value) and shows the "
        "note to readers with the record, dated; earlier notes stay listed. Send `If-Match`.",
        request=OpenApiTypes.OBJECT,
        responses={200: None, **refusal_responses(400, 401, 403, 404, 409, 412, 428)},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsReviewer])
    def correct(self, request, *args, **kwargs):
        record = self.get_object()
        note = Note(data=request.data)
        note.is_valid(raise_exception=True)
        extra_names = set(self.correction_extra().fields) if self.correction_extra else set()
        fields = {key: value for key, value in request.data.items()
                  if key != "note" and key not in extra_names}
        parsed = self.get_serializer(record, data=fields, partial=True)
        extra = self.correction_extra(
            data={key: request.data[key] for key in extra_names if key in request.data}, partial=True,
        ) if extra_names else None
        # Both parsed before either answers, so every bad field is named in one 400.
        valid = [parsed.is_valid(), extra.is_valid() if extra else True]
        if not all(valid):
            raise serializers.ValidationError({**parsed.errors, **(extra.errors if extra else {})})
        from .views import split

        values, relations, _ = split(parsed.validated_data, type(record))
        based_on = conditional.if_match_version(request)
        if relations:
            raise serializers.ValidationError(
                {name: ["Links are changed with a claim that establishes them, not by a correction."]
                 for name in relations}
            )
        values.update(extra.validated_data if extra else {})
        record = self.correct_record(record, based_on, values, note.validated_data["note"])
        return self.represent(record)

    def correct_record(self, record, based_on, values, note):
        return services.record_correct(
            record, user=self.request.user, based_on=based_on, fields=values, note=note
        )


def verdict_from(request):
    """The verdict fields the request sent, parsed (400 per field when malformed)."""
    parsed = api_serializers.VerdictSerializer(data=request.data, partial=True)
    parsed.is_valid(raise_exception=True)
    return parsed.validated_data


class ClaimWorkflow:
    """Workflow actions of a claim, each one service call."""

    correction_extra = api_serializers.VerdictSerializer

    def correct_record(self, record, based_on, values, note):
        unknown = set(values) - {"text", "quote", "verdict", "verdict_rationale"}
        if unknown:
            raise serializers.ValidationError(
                {name: ["A correction changes the text, the quote or the verdict only."]
                 for name in unknown}
            )
        return services.claim_correct(
            claim=record, user=self.request.user, based_on=based_on, changes=values, note=note
        )

    @workflow_schema(
        "Submit a draft claim for review",
        "Editors (their own drafts) and reviewers. Freezes the list of what publishing it makes "
        "public; refused (409) when it names someone else's drafts.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanSubmit])
    def submit(self, request, *args, **kwargs):
        services.claim_submit(claim=self.get_object(), user=request.user)
        return self.represent(self.get_object())

    @workflow_schema(
        "Publish a claim in review",
        "Reviewers. Publishes the claim with exactly the records its review lists and applies its "
        "proposed changes; `made_public` names each record readers can now see. The body may give "
        "the reviewer's `verdict` with a one-line `verdict_rationale` (both, or neither).",
        api_serializers.VerdictSerializer,
        response=api_serializers.PublicationSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsReviewer])
    def publish(self, request, *args, **kwargs):
        claim = self.get_object()
        verdict = verdict_from(request)
        done = services.claim_publish(
            claim=claim, user=request.user, verdict=verdict.get("verdict", ""),
            rationale=verdict.get("verdict_rationale", ""),
        )
        context = self.get_serializer_context()
        return self.represent(done.claim, extra=api_serializers.PublicationSerializer.extra(done, context))

    @workflow_schema(
        "Send a claim in review back to its editor",
        "Reviewers. The claim becomes a draft again; the note says what to fix.", Note,
    )
    @action(detail=True, methods=["post"], url_path="send-back", permission_classes=[IsReviewer])
    def send_back(self, request, *args, **kwargs):
        note = Note(data=request.data)
        note.is_valid(raise_exception=True)
        services.claim_send_back(claim=self.get_object(), user=request.user, note=note.validated_data["note"])
        return self.represent(self.get_object())

    @workflow_schema(
        "Retract a published claim",
        "Reviewers. The claim stays public, marked retracted, with the reason; each record resting "
        "only on retracted claims is withdrawn with it.", Note,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsReviewer])
    def retract(self, request, *args, **kwargs):
        note = Note(data=request.data)
        note.is_valid(raise_exception=True)
        services.claim_retract(claim=self.get_object(), user=request.user, note=note.validated_data["note"])
        return self.represent(self.get_object())

    @extend_schema(
        summary="What publishing a claim makes public",
        description="Newsroom accounts. In review: the frozen list its reviewer sees; a draft: what "
        "submitting it would list now (or why it would be refused).",
        responses={200: api_serializers.ReviewSerializer, **refusal_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], permission_classes=[CanSubmit])
    def review(self, request, *args, **kwargs):
        claim = self.get_object()
        items, changes, refused = services.review_of(claim)
        return Response(api_serializers.ReviewSerializer.shape(claim, items, changes, refused,
                                                              self.get_serializer_context()))
