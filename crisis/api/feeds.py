"""The merged timeline and the changes feed."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from crisis import selectors
from crisis.models import Actor

from . import conditional, serializers
from .renderers import TimelineJSRenderer
from .serializers.feeds import TimelineJSSerializer
from .timeline import serialize, timeline_items, timelinejs
from .views import ApiMixin


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
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A bad filter, named."),
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
            params["actor"] = selectors.visible(Actor, request.user).filter(slug=params["actor"]).first()
            errors.update({} if params["actor"] else {"actor": ["No actor has this slug."]})
        if params.get("country"):
            params["country"] = selectors.records.find_country(request.user, params["country"])
            if not params["country"]:
                errors["country"] = ["No country has this ISO code or slug."]
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

    def list(self, request, *args, **kwargs):
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
