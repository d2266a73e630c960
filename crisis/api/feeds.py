"""The merged timeline and the changes feed."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from crisis import selectors
from crisis.caching import cached_handler
from crisis.models import Actor, Event

from . import conditional, serializers
from .renderers import TimelineJSRenderer
from .serializers.feeds import TimelineJSSerializer, TimelinePageSerializer
from .timeline import serialize, timeline_page, timelinejs
from .views import ApiMixin


class FeedViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]
    filter_backends = []

    def get_queryset(self):
        # The browsable API asks for one; feeds build their rows themselves.
        return Event.objects.none()

    def not_modified(self, request):
        """A 304 when the client has this answer already, before any row is read."""
        return conditional.not_modified(request, *conditional.state_validators(request))

    def respond(self, request, rows):
        etag, last_modified = conditional.state_validators(request)
        return conditional.finish(request, Response(rows), etag, last_modified)


@extend_schema_view(
    list=extend_schema(
        parameters=[serializers.TimelineQuerySerializer],
        responses={
            (200, "application/json"): TimelinePageSerializer,
            (200, TimelineJSRenderer.media_type): OpenApiResponse(
                TimelineJSSerializer, description="With `?format=timelinejs`: a page of matching items."
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A bad filter, named."),
        },
        description="Every dated item in order: claims (dated by when they happened, else when said), "
        "meetings, funding steps and figures (by their as-of date). Add `?format=timelinejs` for a "
        "Knight Lab TimelineJS3 document of a page of items (up to 1,000; `next` links the following "
        "page), citations in each slide. Pages are keyset cursors: a page deep in the past costs what "
        "the first does.",
    )
)
class TimelineViewSet(FeedViewSet):
    # Keyset pages of its own (next, previous), not DRF's page numbers.
    pagination_class = None
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, TimelineJSRenderer]
    serializer_class = serializers.TimelineItemSerializer

    @cached_handler
    def list(self, request, *args, **kwargs):
        unchanged = self.not_modified(request)
        if unchanged is not None:
            return unchanged
        query = serializers.TimelineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        title = "Crisis Tracker timeline"
        errors = {}
        if params.get("actor"):
            params["actor"] = selectors.visible(Actor, request.user).filter(slug=params["actor"]).first()
            errors.update({} if params["actor"] else {"actor": ["No actor has this slug."]})
        if params.get("country"):
            params["country"] = selectors.records.find_country(request.user, params["country"])
            if not params["country"]:
                errors["country"] = ["No country has this ISO code or slug."]
        if errors:
            raise ValidationError(errors)
        timelinejs_wanted = request.accepted_renderer.format == "timelinejs"
        params.setdefault("page_size", 500 if timelinejs_wanted else 50)
        if not timelinejs_wanted and params["page_size"] > 200:
            raise ValidationError({"page_size": ["At most 200 items a page in JSON."]})
        result = timeline_page(request.user, counted=not timelinejs_wanted, **params)
        rows = serialize(result.items, request)
        if timelinejs_wanted:
            for subject in ("actor", "country"):
                if params.get(subject):
                    title += f": {params[subject].name}"
            document = timelinejs(rows, title)
            document["next"] = self.link(request, "after", result.next)
            return self.respond(request, document)
        return self.respond(request, {
            "count": result.count,
            "count_capped": result.count_capped,
            "next": self.link(request, "after", result.next),
            "previous": self.link(request, "before", result.previous),
            "results": rows,
        })

    def link(self, request, direction, position):
        if position is None:
            return None
        query = request.query_params.copy()
        query["cursor"] = f"{direction}.{position.encode()}"
        return request.build_absolute_uri(request.path) + "?" + query.urlencode()


@extend_schema_view(
    list=extend_schema(
        parameters=[serializers.ChangesQuerySerializer],
        responses={
            200: serializers.ChangeSerializer(many=True),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="`since` is missing or not a date."),
        },
        description="Everything that happened to records after `since`, one row per event, in the order "
        "it happened: readers get what they saw change (published, updated by a reviewed claim, "
        "corrected, retracted, withdrawn); newsroom accounts every step.",
    )
)
class ChangesViewSet(FeedViewSet):
    serializer_class = serializers.ChangeSerializer

    @cached_handler
    def list(self, request, *args, **kwargs):
        unchanged = self.not_modified(request)
        if unchanged is not None:
            return unchanged
        query = serializers.ChangesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data["since"]
        events = self.paginate_queryset(selectors.changes.events_since(request.user, since))
        routes = selectors.changes.route_keys(events)
        rows = []
        for event in events:
            name, kwargs = routes[(event.record_type, event.record_id)]
            rows.append({
                "event": event.pk,
                "type": event.record_type,
                "id": event.record_id,
                "action": event.action,
                "status": event.new_status,
                "note": event.note if event.public else "",
                "changed_at": event.created_at,
                "api_url": request.build_absolute_uri(reverse(name, kwargs=kwargs)),
            })
        return self.respond(request, self.get_paginated_response(rows).data)
