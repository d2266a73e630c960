"""API v1 routes. Mounted at /api/v1/ under the namespace `v1` (NamespaceVersioning reads it)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import feeds, views

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("funding-requests", views.FundingRequestViewSet, basename="funding-request")
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
        "ProposalStageEnum": "crisis.models.ProposalStage",
        "TimelineKindEnum": "crisis.api.serializers.feeds.TIMELINE_KIND_CHOICES",
    },
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    # url_name without the namespace: the versioning adds "v1:" when it reverses.
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    *router.urls,
]
