"""Public pages for journalists: shared helpers, the home page and search.

Readers see published and retracted records; editors and reviewers also see drafts, marked
"Draft — not public", on pages that are never cached. Every page plans its queries up front, so
templates never query per row.
"""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from crisis import selectors
from crisis.selectors import records

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


def absolute_builder(request):
    return request.build_absolute_uri


def headline_figures(statistics, count=HEADLINE_FIGURES):
    """The latest figure of each metric, most recent first."""
    picked, seen = [], set()
    for statistic in statistics:
        # A withdrawn figure keeps its page, marked, but does not headline the home page.
        if statistic.is_withdrawn:
            continue
        if statistic.metric not in seen:
            seen.add(statistic.metric)
            picked.append(statistic)
        if len(picked) == count:
            break
    return picked


def home(request):
    user = request.user
    # 1–2: recent figures and their claims; 3–7: latest timeline items; 8–9: scheduled meetings.
    return respond(request, "crisis/home.html", {
        "figures": headline_figures(selectors.figures.recent(user)),
        "recent": selectors.timeline.latest(user, limit=8),
        "upcoming": records.upcoming_meetings(user),
    })


SEARCH_HEADINGS = {
    "claims": "Claims and quotes", "actors": "Actors", "meetings": "Meetings", "proposals": "Proposals",
    "funding_requests": "Funding requests", "figures": "Figures", "sources": "Sources",
}


def search(request):
    query = request.GET.get("q", "").strip()
    # 1: how many of each kind match (up to a cap)  then one query per kind that has matches
    results = selectors.search.search(request.user, query)
    groups = [
        {"kind": kind, "heading": SEARCH_HEADINGS[kind], "rows": rows, "count": count, "capped": capped}
        for kind, (rows, count, capped) in results.items() if count
    ]
    return respond(request, "crisis/search.html", {
        "query": query,
        "groups": groups,
        "results": {group["kind"]: group["rows"] for group in groups},
        "total": sum(group["count"] for group in groups),
        "capped": any(group["capped"] for group in groups),
        "full_text": selectors.search.full_text_available(),
    })
