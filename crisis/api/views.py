"""The public REST API: every record with its provenance; writes go through crisis.services.

Reads ask crisis.selectors, so nested records follow the same visibility rule as the rows.
Writes are parsed by the serializers and made by the services, exactly as the desk makes them:
a new record is a draft; an update must name the version it was based on (`If-Match`: 428
without it, 412 when stale); a public record is never changed in place (409), but a PATCH that
names `proposed_by_claim` proposes new values, applied when a reviewer publishes that claim
(202), and a reviewer can correct it with a note for readers (POST …/correct/). Nothing is
deleted through the API.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from crisis import figures_csv, services
from crisis.caching import cached_handler
from crisis.selectors import records as read
from crisis.selectors.paging import CappedPaginator

from . import conditional, filters, lean, serializers
from .renderers import CSVRenderer
from .workflow import RESPONSES, ClaimWorkflow, CorrectAction, refusal_responses

# Collections written with a record, by the name they have in validated data → in crisis.services.
RELATIONS = {
    "participations": "participants",
    "purposes": "purposes",
    "claims": "claims",
    "proponents": "proponents",
    "conflicts_with": "conflicts_with",
    "actors": "actors",
    "co_speakers": "co_speakers",
    "roles": "roles",
    "meetings": "meetings",
    "funding_requests": "funding_requests",
    "proposals": "proposals",
    "statistics": "statistics",
}


class ApiPagination(PageNumberPagination):
    """Page numbers, with a count that stops at 10,000 (`count_capped` says there are more): a
    broad list is read a page at a time, and filters or the CSV reach the rest."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CappedPaginator

    def get_page_size(self, request):
        # DRF falls back to the default on a bad value; a client asking for 0 or "all" should know.
        # Above the maximum is served at the maximum, as `next` then reaches the rest.
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not (asked.isascii() and asked.isdigit() and int(asked) >= 1):
            raise ValidationError({self.page_size_query_param: [
                f"A whole number from 1 (pages hold at most {self.max_page_size})."]})
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound("Invalid page.")  # as DRF answers any other page that is no number
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {
            "type": "boolean", "description": "True when more rows match than `count` (10,000)."}
        schema["required"] = [*schema.get("required", []), "count_capped"]
        return schema


class ApiMixin:
    """JSON errors whatever the format asked for, so a bad filter on a CSV export still explains itself."""

    pagination_class = ApiPagination

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def split(validated, model):
    """(fields, relations, proposing claim) from a serializer's validated data."""
    fields, relations = dict(validated), {}
    claim = fields.pop("proposed_by_claim", None)
    for name, target in RELATIONS.items():
        if name in fields and _is_relation(model, name):
            relations[target] = fields.pop(name)
    return fields, relations, claim


def _is_relation(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:
        return False
    return field.many_to_many or field.one_to_many


@extend_schema_view(
    update=extend_schema(responses=RESPONSES["update"]),
    partial_update=extend_schema(responses=RESPONSES["update"]),
    create=extend_schema(responses=RESPONSES["create"]),
)
class RecordViewSet(ApiMixin, CorrectAction, viewsets.ModelViewSet):
    """List, read, create and update one kind of record; every row carries its backing claims."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filter_backends = [DjangoFilterBackend, filters.StableOrderingFilter]
    read = None  # a selector: user -> queryset

    def get_queryset(self):
        return self.read(self.request.user)

    @property
    def model(self):
        return self.serializer_class.Meta.model

    @cached_handler
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = conditional.state_validators(request)
        cached = conditional.not_modified(request, etag, last_modified)
        if cached is not None:
            return cached
        if request.accepted_renderer.format == "csv":
            response = self.stream(queryset)
        else:
            page = self.paginate_queryset(queryset)
            response = self.get_paginated_response(self.rows(page))
        return conditional.finish(request, response, etag, last_modified)

    def rows(self, page):
        return self.get_serializer(page, many=True).data

    @cached_handler
    def retrieve(self, request, *args, **kwargs):
        return self.represent(self.get_object())

    def represent(self, record, status_code=status.HTTP_200_OK, extra=None):
        """The record as this client may see it, with its ETag (a 304 when the client has it)."""
        fresh = self.get_queryset().get(pk=record.pk)
        data = self.get_serializer(fresh).data
        etag, last_modified = conditional.object_validators(self.request, fresh, data)
        if self.request.method in ("GET", "HEAD"):
            cached = conditional.not_modified(self.request, etag, last_modified)
            if cached is not None:
                return cached
        response = Response({**data, **(extra or {})}, status=status_code)
        return conditional.finish(self.request, response, etag, last_modified)

    def stream(self, queryset):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, relations, _ = split(serializer.validated_data, self.model)
        record = services.record_create(self.model, user=request.user, fields=fields, relations=relations)
        return self.represent(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        based_on = conditional.if_match_version(request)
        serializer = self.get_serializer(record, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        fields, relations, claim = split(serializer.validated_data, self.model)
        if record.is_public and claim is not None:
            change = services.propose_change(
                record, user=request.user, based_on=based_on, fields=fields, relations=relations,
                claim=claim,
            )
            return Response(
                serializers.ProposedChangeSerializer(change, context=self.get_serializer_context()).data,
                status=status.HTTP_202_ACCEPTED,
            )
        record = services.record_update(
            record, user=request.user, based_on=based_on, fields=fields, relations=relations
        )
        return self.represent(record)


class SourceViewSet(RecordViewSet):
    """Publications that claims and figures are taken from."""

    read = staticmethod(read.sources)
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    lookup_field = "slug"
    ordering = ["-published_on", "title", "id"]
    ordering_fields = ["published_on", "title", "publisher", "updated_at", "id"]


class ActorViewSet(RecordViewSet):
    """People, organisations, governments and countries, with the claims about them."""

    read = staticmethod(read.actors)
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilter
    lookup_field = "slug"
    ordering = ["name", "id"]
    ordering_fields = ["name", "kind", "updated_at", "id"]


class MeetingViewSet(RecordViewSet):
    """Meetings held or planned, with participants and the claims that report them."""

    read = staticmethod(read.meetings)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    lookup_field = "slug"
    ordering = ["-date", "title", "id"]
    ordering_fields = ["date", "title", "updated_at", "id"]


class FundingRequestViewSet(RecordViewSet):
    """Money asked of a legislature, with each dated step and the claim that reports it."""

    read = staticmethod(read.funding_requests)
    serializer_class = serializers.FundingRequestSerializer
    filterset_class = filters.FundingRequestFilter
    lookup_field = "slug"
    ordering = ["-requested_on", "title", "id"]
    ordering_fields = ["requested_on", "amount", "title", "updated_at", "id"]


class FundingStageChangeViewSet(RecordViewSet):
    """A dated step in a funding request's life, backed by one claim and published with it."""

    read = staticmethod(read.stage_changes)
    serializer_class = serializers.FundingStageChangeSerializer
    filterset_class = filters.FundingStageChangeFilter
    ordering = ["date", "id"]
    ordering_fields = ["date", "stage", "updated_at", "id"]


class LegislativeActionViewSet(RecordViewSet):
    """What a chamber did with a bill answering a funding request, with the vote when there was
    one; backed by one claim and published with it."""

    read = staticmethod(read.legislative_actions)
    serializer_class = serializers.LegislativeActionSerializer
    filterset_class = filters.LegislativeActionFilter
    ordering = ["date", "timeline_rank", "id"]
    ordering_fields = ["date", "chamber", "action", "updated_at", "id"]


class ProposalViewSet(RecordViewSet):
    """Proposed changes of law or practice, with who supports and who opposes them."""

    read = staticmethod(read.proposals)
    serializer_class = serializers.ProposalSerializer
    filterset_class = filters.ProposalFilter
    lookup_field = "slug"
    ordering = ["title", "id"]
    ordering_fields = ["title", "stage", "updated_at", "id"]


class StanceViewSet(RecordViewSet):
    """An actor's position on a proposal, backed by one claim and published with it."""

    read = staticmethod(read.stances)
    serializer_class = serializers.StanceSerializer
    filterset_class = filters.StanceFilter
    ordering = ["proposal__title", "position", "actor__name", "id"]
    ordering_fields = ["position", "updated_at", "id"]


class ClaimViewSet(ClaimWorkflow, RecordViewSet):
    """Statements as one source reports them: quote, speaker, source and what they are about."""

    read = staticmethod(read.claims)
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering = ["occurred_on", "said_on", "id"]
    ordering_fields = ["occurred_on", "said_on", "updated_at", "id"]


CSV_NOTE = (
    "Add `?format=csv` (or send `Accept: text/csv`; the parameter wins over any `Accept` header) for "
    "the same rows as CSV, with citation columns "
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
            **refusal_responses(404),
        },
    ),
)
class FigureViewSet(RecordViewSet):
    """Crossing statistics: counts, daily averages and shares, each with its scope and sources."""

    read = staticmethod(read.figures)
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

    def rows(self, page):
        # The hottest list: built directly, exactly as the serializer would (crisis/api/lean.py).
        return lean.figures(page, self.request)

    def stream(self, queryset):
        # Plain values a chunk at a time (crisis.figures_csv): no serializer per row.
        return figures_csv.response(self.request.user, queryset.prefetch_related(None),
                                    self.request.build_absolute_uri, "crossing-figures.csv", "inline")

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            return self.stream(self.get_queryset().filter(pk=self.get_object().pk))
        return super().retrieve(request, *args, **kwargs)


__all__ = [
    "ActorViewSet",
    "ClaimViewSet",
    "FigureViewSet",
    "FundingRequestViewSet",
    "FundingStageChangeViewSet",
    "LegislativeActionViewSet",
    "MeetingViewSet",
    "ProposalViewSet",
    "SourceViewSet",
    "StanceViewSet",
    "action",
]
