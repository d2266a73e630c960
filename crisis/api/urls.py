"""API v1 routes. Mounted at /api/v1/ under the namespace `v1` (NamespaceVersioning reads it)."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from crisis.content_security import csp_hash

from . import feeds, views

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("funding-requests", views.FundingRequestViewSet, basename="funding-request")
router.register("funding-stages", views.FundingStageChangeViewSet, basename="funding-stage")
router.register("legislative-actions", views.LegislativeActionViewSet, basename="legislative-action")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("stances", views.StanceViewSet, basename="stance")
router.register("figures", views.FigureViewSet, basename="figure")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("timeline", feeds.TimelineViewSet, basename="timeline")
router.register("changes", feeds.ChangesViewSet, basename="changes")

# Request and response bodies differ (references are written as slugs or ids and read as nested
# records), so the schema keeps a separate component for each direction.
SCHEMA_SETTINGS = {
    "COMPONENT_SPLIT_REQUEST": True,
    # One named enum per choice set, shared by every field that uses it.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "crisis.models.ActorKind",
        "ClaimKindEnum": "crisis.models.ClaimKind",
        "SourceKindEnum": "crisis.models.SourceKind",
        "DatePrecisionEnum": "crisis.dates.DatePrecision",
        "FundingStageEnum": "crisis.models.FundingStage",
        "ChamberEnum": "crisis.models.Chamber",
        "BillActionEnum": "crisis.models.BillAction",
        "ProposalStageEnum": "crisis.models.ProposalStage",
        "TimelineKindEnum": "crisis.api.serializers.feeds.TIMELINE_KIND_CHOICES",
    },
}

# The docs pages under the site's Content-Security-Policy. Swagger UI needs nothing more once its
# start-up script is a separate request (the split view). Redoc writes <style> elements: its own
# get this request's nonce; two it writes before it can be given the nonce are allowed by hash
# (an empty one, and the scrollbar styles bundled in drf-spectacular-sidecar's Redoc, which the
# browser test checks still match). Its search index runs in a worker made from a blob: URL.
# Redoc's footer logo from its CDN stays refused, as everything from elsewhere is.
REDOC_STYLE_HASHES = [csp_hash(""), "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='"]
swagger = SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="crisis/api/swagger_ui.html")
redoc = csp_update({"style-src": [NONCE, *REDOC_STYLE_HASHES], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="schema", template_name="crisis/api/redoc.html")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    # url_name without the namespace: the versioning adds "v1:" when it reverses.
    path("docs/", swagger, name="docs"),
    path("redoc/", redoc, name="redoc"),
    *router.urls,
]
