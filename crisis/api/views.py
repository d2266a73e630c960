"""The public REST API: every record with its provenance, a timeline and a changes feed.

Writes: editors and reviewers create and update records with a token or a session. A record
created here starts as a draft, whatever the request says. Claims move through the workflow with
POST …/submit/, …/publish/, …/send-back/, …/retract/ and …/correct/, which call the same services
as the editor desk and leave the same ClaimEvent. What may be edited in place follows the desk
too (see permissions.py). Records are not deleted through the API; a published record that turns
out wrong is corrected or retracted, with a note, so readers see the correction.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import DataError, IntegrityError, transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from crisis import services
from crisis.models import Actor, Stance

from . import conditional, filters, queries, serializers
from .changes import changes_since
from .permissions import CanReview, CanSubmit, PublicRecordEdits, Refused, check_editable
from .renderers import CSVRenderer, TimelineJSRenderer, stream_csv
from .serializers.feeds import TimelineJSSerializer
from .timeline import find_country, serialize, timeline_items, timelinejs


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ApiMixin:
    """JSON errors whatever the format asked for, so a bad filter on a CSV export still explains itself."""

    pagination_class = ApiPagination

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class RecordViewSet(ApiMixin, viewsets.ModelViewSet):
    """List, read, create and update one kind of record; every row carries its backing claims."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    permission_classes = [PublicRecordEdits]
    filter_backends = [DjangoFilterBackend, filters.StableOrderingFilter]
    query = None  # a function of queries.py: user -> queryset

    def get_queryset(self):
        return self.query(self.request.user)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = conditional.queryset_validators(request, queryset)
        cached = conditional.not_modified(request, etag, last_modified)
        if cached is not None:
            return cached
        if request.accepted_renderer.format == "csv":
            response = self.stream(queryset)
        else:
            page = self.paginate_queryset(queryset)
            response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return conditional.finish(request, response, etag, last_modified)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag, last_modified = conditional.object_validators(request, instance)
        cached = conditional.not_modified(request, etag, last_modified)
        if cached is not None:
            return cached
        response = Response(self.get_serializer(instance).data)
        return conditional.finish(request, response, etag, last_modified)

    def stream(self, queryset):
        raise NotImplementedError

    def perform_create(self, serializer):
        extra = {"created_by": self.request.user} if hasattr(serializer.Meta.model, "created_by") else {}
        self.save(serializer, **extra)

    def perform_update(self, serializer):
        self.save(serializer)

    def lock_and_recheck(self, instance):
        """Check the edit rule again on the locked row, and keep the workflow's fields as stored.

        A reviewer may publish the record between this request's read and its save: the check
        must see that, and a full save of the stale instance must not put the old status back.
        """
        model = type(instance)
        rows = model._default_manager.select_for_update()
        locked = (rows.select_related("claim") if model is Stance else rows).get(pk=instance.pk)
        check_editable(self.request.user, locked)
        for name in ("status", "published_at", "correction_note", "corrected_at"):
            if hasattr(locked, name):
                setattr(instance, name, getattr(locked, name))

    def save(self, serializer, **extra):
        # One request, one transaction. The serializers check every constraint first; this
        # catches only what slips past them, such as two editors saving the same slug at once.
        try:
            with transaction.atomic():
                if serializer.instance is not None:
                    self.lock_and_recheck(serializer.instance)
                serializer.save(**extra)
        except (IntegrityError, DataError) as exc:
            raise ValidationError(
                {"non_field_errors": [f"The record conflicts with the data already stored: {exc}"]}
            ) from None


class SourceViewSet(RecordViewSet):
    """Publications that claims and figures are taken from."""

    query = staticmethod(queries.sources)
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    ordering = ["-published_on", "title", "id"]
    ordering_fields = ["published_on", "title", "publisher", "updated_at", "id"]


class ActorViewSet(RecordViewSet):
    """People, organisations, governments and countries, with the claims about them."""

    query = staticmethod(queries.actors)
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilter
    lookup_field = "slug"
    ordering = ["name", "id"]
    ordering_fields = ["name", "kind", "updated_at", "id"]


class MeetingViewSet(RecordViewSet):
    """Meetings held or planned, with participants and the claims that report them."""

    query = staticmethod(queries.meetings)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    lookup_field = "slug"
    ordering = ["-date", "title", "id"]
    ordering_fields = ["date", "title", "updated_at", "id"]


class FundingRequestViewSet(RecordViewSet):
    """Money asked of a legislature, with each dated step and the claim that reports it."""

    query = staticmethod(queries.funding_requests)
    serializer_class = serializers.FundingRequestSerializer
    filterset_class = filters.FundingRequestFilter
    lookup_field = "slug"
    ordering = ["-requested_on", "title", "id"]
    ordering_fields = ["requested_on", "amount", "title", "updated_at", "id"]


class ProposalViewSet(RecordViewSet):
    """Proposed changes of law or practice, with who supports and who opposes them."""

    query = staticmethod(queries.proposals)
    serializer_class = serializers.ProposalSerializer
    filterset_class = filters.ProposalFilter
    lookup_field = "slug"
    ordering = ["title", "id"]
    ordering_fields = ["title", "stage", "updated_at", "id"]


class StanceViewSet(RecordViewSet):
    """An actor's position on a proposal, backed by one claim; public when that claim is."""

    query = staticmethod(queries.stances)
    serializer_class = serializers.StanceSerializer
    filterset_class = filters.StanceFilter
    ordering = ["proposal__title", "position", "actor__name", "id"]
    ordering_fields = ["position", "updated_at", "id"]


def workflow_schema(summary, description, request=None):
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses={
            200: serializers.ClaimSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A required note is missing (one message per field), or the claim is "
                "not in a status this action applies to (`detail`); nothing is changed.",
            ),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Signed in without the role this action needs."),
            404: OpenApiResponse(description="No such claim."),
        },
    )


class ClaimViewSet(RecordViewSet):
    """Statements as one source reports them: quote, speaker, source and what they are about."""

    query = staticmethod(queries.claims)
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering = ["occurred_on", "said_on", "id"]
    ordering_fields = ["occurred_on", "said_on", "updated_at", "id"]

    def transition(self, request, service, input_class=None):
        """Run one workflow service on the claim; the service decides what is allowed."""
        claim = self.get_object()
        values = {}
        if input_class is not None:
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        try:
            service(claim, **values)
        except ModelValidationError as exc:
            if hasattr(exc, "error_dict"):  # the corrected claim failed the model's own checks
                errors = exc.message_dict
                raise ValidationError(
                    {("non_field_errors" if k == NON_FIELD_ERRORS else k): v for k, v in errors.items()}
                ) from None
            if exc.code == "no_note":
                raise ValidationError({"note": exc.messages}) from None
            raise Refused(" ".join(exc.messages), code=exc.code) from None
        # Read back through the API's queryset, so nested records follow the usual visibility.
        return Response(self.get_serializer(self.get_object()).data)

    @workflow_schema(
        "Submit a draft claim for review",
        "Editors and reviewers. Only a draft can be submitted; it goes into the review queue.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanSubmit])
    def submit(self, request, pk=None):
        return self.transition(request, lambda c: services.claim_submit(claim=c, editor=request.user))

    @workflow_schema(
        "Publish a claim in review",
        "Reviewers. Publishes the claim with the unpublished source, speaker, figures and meetings "
        "it backs; readers see it at once.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def publish(self, request, pk=None):
        return self.transition(request, lambda c: services.claim_publish(claim=c, reviewer=request.user))

    @workflow_schema(
        "Send a claim in review back to its editor",
        "Reviewers. The claim becomes a draft again; the note says what to fix.",
        serializers.SendBackSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back", permission_classes=[CanReview])
    def send_back(self, request, pk=None):
        return self.transition(
            request,
            lambda c, note: services.claim_send_back(claim=c, reviewer=request.user, note=note),
            serializers.SendBackSerializer,
        )

    @workflow_schema(
        "Retract a published claim",
        "Reviewers. The claim stays public, marked retracted, with the reason shown to readers.",
        serializers.RetractSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def retract(self, request, pk=None):
        return self.transition(
            request,
            lambda c, note: services.claim_retract(claim=c, reviewer=request.user, note=note),
            serializers.RetractSerializer,
        )

    @workflow_schema(
        "Correct a published claim",
        "Reviewers. Changes the text, quote or verification given (the others keep their value) and "
        "shows the note to readers above the claim, dated.",
        serializers.CorrectSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[CanReview])
    def correct(self, request, pk=None):
        return self.transition(
            request,
            lambda c, note, **changes: services.claim_correct(
                claim=c, reviewer=request.user, note=note, changes=changes
            ),
            serializers.CorrectSerializer,
        )


CSV_NOTE = (
    "Add `?format=csv` (or send `Accept: text/csv`) for the same rows as CSV, with citation columns "
    "(source title, publisher, URL, quotes and claim URLs) beside each value. The CSV holds every "
    "row matching the filters, unpaginated, streamed as it is read."
)


@extend_schema_view(
    list=extend_schema(
        description="Crossing figures with their full scope and the claims behind them. " + CSV_NOTE,
        responses={
            (200, "application/json"): serializers.FigureSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per figure."),
        },
    ),
    retrieve=extend_schema(
        responses={
            (200, "application/json"): serializers.FigureSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The figure as one CSV row."),
        },
    ),
)
class FigureViewSet(RecordViewSet):
    """Crossing statistics: counts, daily averages and shares, each with its scope and sources."""

    query = staticmethod(queries.figures)
    serializer_class = serializers.FigureSerializer
    filterset_class = filters.FigureFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    ordering = ["metric", "period_start", "as_of", "id"]
    ordering_fields = ["metric", "value", "period_start", "period_end", "as_of", "updated_at", "id"]

    def get_renderers(self):
        # Writes answer in JSON: a CSV reply to a POST would only confuse a client.
        renderers = super().get_renderers()
        if self.action in ("list", "retrieve"):
            return renderers
        return [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]

    def stream(self, queryset):
        serializer = serializers.FigureSerializer(context=self.get_serializer_context())
        # iterator() keeps memory flat; with chunk_size it still prefetches, one batch at a time.
        # One serializer represents every row, so its fields are built once.
        rows = (serializer.to_representation(figure) for figure in queryset.iterator(chunk_size=500))
        return stream_csv(rows, "crossing-figures.csv")


class FeedViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]
    filter_backends = []

    def respond(self, request, rows):
        etag, _ = conditional.content_validators(request, rows)
        cached = conditional.not_modified(request, etag, None)
        if cached is not None:
            return cached
        return conditional.finish(request, Response(rows), etag, None)


@extend_schema_view(
    list=extend_schema(
        parameters=[serializers.TimelineQuerySerializer],
        responses={
            (200, "application/json"): serializers.TimelineItemSerializer(many=True),
            (200, TimelineJSRenderer.media_type): OpenApiResponse(
                TimelineJSSerializer, description="With `?format=timelinejs`: every matching item."
            ),
        },
        description="Every dated item in order: claims (dated by when they happened, else when said), "
        "meetings, funding steps and figures (by their as-of date). Add `?format=timelinejs` for a "
        "Knight Lab TimelineJS3 document of all matching items (unpaginated), citations in each slide.",
    )
)
class TimelineViewSet(FeedViewSet):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, TimelineJSRenderer]
    serializer_class = serializers.TimelineItemSerializer

    def list(self, request, *args, **kwargs):
        query = serializers.TimelineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        title = "Crisis Tracker timeline"
        errors = {}
        if params.get("actor"):
            params["actor"] = Actor.objects.visible_to(request.user).filter(slug=params["actor"]).first()
            errors.update({} if params["actor"] else {"actor": ["No actor has this slug."]})
        if params.get("country"):
            params["country"] = find_country(request.user, params["country"])
            errors.update({} if params["country"] else {"country": ["No country has this ISO code or slug."]})
        if errors:
            raise ValidationError(errors)
        items = timeline_items(request.user, **params)
        if request.accepted_renderer.format == "timelinejs":
            for subject in ("actor", "country"):
                if params.get(subject):
                    title += f": {params[subject].name}"
            return self.respond(request, timelinejs(serialize(items, request), title))
        page = self.paginate_queryset(items)
        return self.respond(request, self.get_paginated_response(serialize(page, request)).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[serializers.ChangesQuerySerializer],
        responses=serializers.ChangeSerializer(many=True),
        description="What was created, updated, retracted or deleted after `since`: one row per "
        "record, its latest change. Readers see changes to public records only.",
    )
)
class ChangesViewSet(FeedViewSet):
    serializer_class = serializers.ChangeSerializer

    def list(self, request, *args, **kwargs):
        query = serializers.ChangesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = changes_since(request.user, query.validated_data["since"], request)
        page = self.paginate_queryset(rows)
        data = self.get_serializer(page, many=True).data
        return self.respond(request, self.get_paginated_response(data).data)
