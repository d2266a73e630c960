"""Public pages for journalists: shared helpers, the home page and search.

Readers see published and retracted records; editors and reviewers also see drafts, marked
"Draft — not public", on pages that are never cached. Every page plans its queries up front, so
templates never query per row.
"""

import calendar
import datetime
import re
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from crisis import highlighting, selectors
from crisis.selectors import records

HEADLINE_FIGURES = 4


def respond(request, template_name, context, records=(), status=200):
    """Render a page; a page an editor may see drafts on is never cached (djangoproject's blog),
    nor is one that reports a mistake in its URL."""
    context.setdefault("preview", any(not r.is_public for r in records if r is not None))
    response = render(request, template_name, context, status=status)
    if request.user.is_authenticated or context["preview"] or status != 200:
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
PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")


class PeriodField(forms.Field):
    """A year, a month or a day (2014, 2014-07, 2014-07-25), as the first or last day it covers."""

    widget = forms.TextInput(attrs={"maxlength": 10, "size": 10})

    def __init__(self, *, last, **kwargs):
        super().__init__(required=False, help_text="YYYY, YYYY-MM or YYYY-MM-DD", **kwargs)
        self.last = last

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        match = PERIOD.fullmatch(value)
        if not match or (match[3] and not match[2]):
            raise forms.ValidationError(f"“{value}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")
        year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
        try:
            if day:
                return datetime.date(year, month, day)
            if month:
                return datetime.date(year, month, calendar.monthrange(year, month)[1] if self.last else 1)
            return datetime.date(year, 12, 31) if self.last else datetime.date(year, 1, 1)
        except (ValueError, calendar.IllegalMonthError):
            raise forms.ValidationError(f"“{value}” is not a date on the calendar.") from None


class SearchForm(forms.Form):
    """The filters beside the words, from the query string, so a narrowed search is a link to share."""

    kind = forms.ChoiceField(
        required=False, label="Show", choices=[("", "Every kind"), *(
            (param, SEARCH_HEADINGS[kind]) for param, kind in selectors.search.KIND_PARAMS.items())],
    )
    # Slugs, as the claims list's facet links carry them: a name would need a lookup, and one
    # that said "no such speaker" only for drafts would tell a reader a draft exists.
    speaker = forms.SlugField(required=False, max_length=120, label="Speaker",
                              help_text="As in their page’s address: stacie-blake")
    source = forms.SlugField(required=False, max_length=120, label="Source",
                             help_text="As in its page’s address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: these two cannot be declared as class attributes.
        self.fields["from"] = PeriodField(last=False, label="Said from")
        self.fields["to"] = PeriodField(last=True, label="Said until")
        self.order_fields(["kind", "from", "to", "speaker", "source"])

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", "The end of the dates said is before their start.")
        return data

    def filters(self):
        """The valid part of the input: a bad field is reported and left out, never a 500."""
        data = self.cleaned_data
        return selectors.search.SearchFilters(
            kind=selectors.search.KIND_PARAMS.get(data.get("kind") or "", ""),
            said_from=data.get("from"), said_to=data.get("to") if "to" not in self.errors else None,
            speaker=data.get("speaker") or "", source=data.get("source") or "",
        )


def _kind_link(query, filters, kind):
    """The link to one group's hits; a kind other than claims keeps only the words."""
    params = {"q": query, "kind": selectors.search.PARAM_OF_KIND[kind]}
    if kind == "claims":
        params |= {"from": filters.said_from, "to": filters.said_to,
                   "speaker": filters.speaker, "source": filters.source}
    return "?" + urlencode({name: value for name, value in params.items() if value})


def search(request):
    query = request.GET.get("q", "").strip()
    form = SearchForm(request.GET)
    valid = form.is_valid()
    filters = form.filters()
    # 1: how many of each kind match (up to a cap)  then one query per kind shown that has matches
    results = selectors.search.search(request.user, query, filters)
    counts = [
        {"kind": kind, "heading": SEARCH_HEADINGS[kind], "count": count, "capped": capped,
         "url": _kind_link(query, filters, kind), "chosen": filters.kind == kind}
        for kind, (rows, count, capped) in results.items() if count
    ]
    groups = [
        {**count, "rows": results[count["kind"]][0]} for count in counts
        if results[count["kind"]][0] is not None
    ]
    return respond(request, "crisis/search.html", {
        "query": query,
        "form": form,
        "filters": filters,
        "narrowed": filters != selectors.search.SearchFilters(),
        "counts": counts,
        "groups": groups,
        "results": {group["kind"]: group["rows"] for group in groups},
        "total": sum(group["count"] for group in groups),
        "capped": any(group["capped"] for group in groups),
        "terms": highlighting.Terms(selectors.search.terms(query)),
        "full_text": selectors.search.full_text_available(),
    }, status=200 if valid else 400)
