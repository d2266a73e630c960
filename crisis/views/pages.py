"""Public pages for journalists: shared helpers, the home page and search.

Readers see published and retracted records; editors and reviewers also see drafts, marked
"Draft — not public", on pages that are never cached. Every page plans its queries up front, so
templates never query per row.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from crisis import search as site_search
from crisis import timeline
from crisis.models import Actor, Claim, CrossingStatistic, Meeting, MeetingParticipant

HEADLINE_FIGURES = 4


def respond(request, template_name, context, records=()):
    """Render a page; a page an editor may see drafts on is never cached (djangoproject's blog)."""
    context.setdefault("preview", any(not r.is_public for r in records if r is not None))
    response = render(request, template_name, context)
    if request.user.is_authenticated or context["preview"]:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=300)
        patch_vary_headers(response, ["Cookie"])
    return response


def shown(user, record):
    """`record` if this user may see it, else None: for a related record the query already joined."""
    if record is None or record.is_public:
        return record
    opts = record._meta
    if user.is_authenticated and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return record
    return None


def absolute_builder(request):
    return request.build_absolute_uri


def visible_claims(user):
    return Claim.objects.visible_to(user).select_related("speaker", "source")


def participations_for(user):
    """Meeting participations whose actor the user may see, with that actor."""
    return MeetingParticipant.objects.filter(actor__in=Actor.objects.visible_to(user)).select_related(
        "actor"
    )


def statistics_for(user):
    """Visible figures with their source, country and visible backing claims (one prefetch)."""
    return CrossingStatistic.objects.visible_to(user).select_related("source", "country").prefetch_related(
        Prefetch("claims", queryset=visible_claims(user).order_by("said_on", "pk"))
    )


def headline_figures(statistics, count=HEADLINE_FIGURES):
    """The latest figure of each metric, most recent first."""
    picked, seen = [], set()
    for statistic in statistics:
        if statistic.metric not in seen:
            seen.add(statistic.metric)
            picked.append(statistic)
        if len(picked) == count:
            break
    return picked


def home(request):
    user = request.user
    # 1–2: recent figures and their claims; 3–7: latest timeline items; 8–9: scheduled meetings.
    recent_figures = statistics_for(user).order_by("-as_of", "metric", "pk")[:20]
    upcoming = (
        Meeting.objects.visible_to(user).upcoming().order_by("date", "title")
        .prefetch_related(Prefetch("participations", queryset=participations_for(user)))[:5]
    )
    return respond(request, "crisis/home.html", {
        "figures": headline_figures(recent_figures),
        "recent": timeline.latest(user, limit=8),
        "upcoming": upcoming,
    })


def search(request):
    query = request.GET.get("q", "").strip()
    results = site_search.search(request.user, query)
    return respond(request, "crisis/search.html", {
        "query": query,
        "results": results,
        "total": sum(len(v) for v in results.values()),
        "full_text": site_search.full_text_available(),
    })
