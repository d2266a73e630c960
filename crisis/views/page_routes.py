from django.urls import path

from crisis.views import pages, pages_figures, pages_records, pages_timeline
from crisis.views.feeds import TimelineFeed

urlpatterns = [
    path("", pages.home, name="home"),
    path("timeline/", pages_timeline.timeline_page, name="timeline"),
    path("timeline/feed/", TimelineFeed(), name="timeline-feed"),
    path("figures/", pages_figures.figure_list, name="figure-list"),
    path("figures.csv", pages_figures.figure_csv, name="figure-csv"),
    path("figures/<int:pk>/", pages_figures.figure_detail, name="figure-detail"),
    path("claims/<int:pk>/", pages_records.claim_detail, name="claim-detail"),
    path("actors/", pages_records.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", pages_records.actor_detail, name="actor-detail"),
    path("meetings/", pages_records.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", pages_records.meeting_detail, name="meeting-detail"),
    path("funding/<slug:slug>/", pages_records.funding_detail, name="funding-detail"),
    path("proposals/", pages_records.proposal_list, name="proposal-list"),
    path("proposals/<slug:slug>/", pages_records.proposal_detail, name="proposal-detail"),
    path("sources/", pages_records.source_list, name="source-list"),
    path("sources/<slug:slug>/", pages_records.source_detail, name="source-detail"),
    path("search/", pages.search, name="search"),
]
