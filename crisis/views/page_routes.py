from csp.decorators import csp_replace
from django.urls import path
from django.views.decorators.clickjacking import xframe_options_exempt

from crisis.caching import cached_for_readers
from crisis.views import pages, pages_figures, pages_records, pages_timeline
from crisis.views.feeds import TimelineFeed

urlpatterns = [
    path("", cached_for_readers(pages.home), name="home"),
    path("timeline/", cached_for_readers(pages_timeline.timeline_page), name="timeline"),
    # The one page another site may frame. Outside the cache, so a cached answer is framable too.
    path("timeline/embed/", xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(
        cached_for_readers(pages_timeline.timeline_embed))), name="timeline-embed"),
    path("timeline/feed/", cached_for_readers(TimelineFeed()), name="timeline-feed"),
    path("figures/", cached_for_readers(pages_figures.figure_list), name="figure-list"),
    path("figures.csv", cached_for_readers(pages_figures.figure_csv), name="figure-csv"),
    path("figures/<int:pk>/", cached_for_readers(pages_figures.figure_detail), name="figure-detail"),
    path("claims/", cached_for_readers(pages_records.claim_list), name="claim-list"),
    path("claims/<int:pk>/", cached_for_readers(pages_records.claim_detail), name="claim-detail"),
    path("actors/", cached_for_readers(pages_records.actor_list), name="actor-list"),
    path("actors/<slug:slug>/", cached_for_readers(pages_records.actor_detail), name="actor-detail"),
    path("meetings/", cached_for_readers(pages_records.meeting_list), name="meeting-list"),
    path("meetings/<slug:slug>/", cached_for_readers(pages_records.meeting_detail), name="meeting-detail"),
    path("funding/<slug:slug>/", cached_for_readers(pages_records.funding_detail), name="funding-detail"),
    path("proposals/", cached_for_readers(pages_records.proposal_list), name="proposal-list"),
    path("proposals/<slug:slug>/", cached_for_readers(pages_records.proposal_detail), name="proposal-detail"),
    path("sources/", cached_for_readers(pages_records.source_list), name="source-list"),
    path("sources/<slug:slug>/", cached_for_readers(pages_records.source_detail), name="source-detail"),
    path("search/", cached_for_readers(pages.search), name="search"),
]
