"""The timeline page: every dated item, grouped by month, filtered through the URL."""

import datetime
import re

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import reverse

from crisis import selectors, timeline
from crisis.models import Actor
from crisis.selectors import records
from crisis.views.pages import respond


class TimelineFilterForm(forms.Form):
    """GET filters, so a filtered timeline is a link a journalist can share."""

    actor = forms.CharField(
        required=False, max_length=200, label="Actor",
        help_text="Name or slug: by, about or taking part.",
    )
    kind = forms.ChoiceField(
        choices=[("", "Everything")] + timeline.ItemKind.choices, required=False, label="Show"
    )
    country = forms.ModelChoiceField(
        queryset=Actor.objects.none(), to_field_name="slug", required=False,
        empty_label="Any country",
    )
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="YYYY-MM-DD",
    )
    end = forms.DateField(
        required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="YYYY-MM-DD",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["country"].queryset = records.countries(user)

    def clean_actor(self):
        # A text box rather than a list: a story has thousands of actors.
        text = self.cleaned_data["actor"].strip()
        if not text:
            return None
        actor = records.find_actor(self.user, text)
        if actor is None:
            raise forms.ValidationError(f"No actor is called “{text}”.")
        return actor

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date is before the start date.")
        return data

    def filters(self):
        """The valid part of the input: a bad field is reported and ignored, never a 500."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return timeline.TimelineFilters(
            actor=data.get("actor"), country=data.get("country"),
            kinds=(data["kind"],) if data.get("kind") else (),
            start=data.get("start"), end=data.get("end") if "end" not in self.errors else None,
        )


def filter_form(request):
    form = TimelineFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    return form


PAGE_SIZE = 50


# ?from=2014-07: a month index link, which starts the page at that month.
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _position(request, name):
    token = request.GET.get(name)
    return selectors.timeline.Position.decode(token) if token else None


def _month(request):
    """The month `?from=` names, or None for none or one that is not a month."""
    match = MONTH.match(request.GET.get("from", ""))
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def _timeline(request, limit=None):
    """What the page and its embed show: the form, a page of items and the links around it."""
    form = filter_form(request)
    filters = form.filters()
    newest_first = request.GET.get("order") == "newest"
    after, before = _position(request, "after"), _position(request, "before")
    month = _month(request)
    if month and after is None and before is None:
        after = selectors.timeline.month_position(month, newest_first)
    # 1 the page's keys (one UNION ALL)  2 the capped count  3+ the page's records by kind, and
    # the claims' co-speakers and conflicts
    page = selectors.timeline.page(
        request.user, filters, after=after, before=before, limit=limit or PAGE_SIZE,
        newest_first=newest_first, listed=True,
    )
    query = request.GET.copy()
    for name in ("after", "before", "from"):
        query.pop(name, None)
    feed_query = query.copy()
    feed_query.pop("compact", None)
    feed_url = reverse("crisis:timeline-feed") + (f"?{feed_query.urlencode()}" if feed_query else "")
    # Either order starts again from its first page: a cursor belongs to the order it was made in.
    oldest, newest = query.copy(), query.copy()
    oldest.pop("order", None)
    newest["order"] = "newest"
    return {
        "form": form,
        "filters": filters,
        "filtered": any([filters.actor, filters.country, filters.kinds, filters.start, filters.end]),
        "groups": timeline.group_by_month(page.items),
        "count": page.count,
        "count_capped": page.count_capped,
        "page": page,
        "newest_first": newest_first,
        "compact": request.GET.get("compact") == "1",
        "previous_url": _link(query, "before", page.previous),
        "next_url": _link(query, "after", page.next),
        "feed_url": feed_url,
        "oldest_url": "?" + oldest.urlencode(),
        "newest_url": "?" + newest.urlencode(),
        "timelinejs_url": _timelinejs_url(filters),
        "query": query,
    }


def _with(query, **values):
    params = query.copy()
    for name, value in values.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode()


def timeline_page(request):
    # 1 the page's keys  2 the capped count  3 the month index (for readers, kept until the data
    # changes)  4+ the page's records by kind
    context = _timeline(request)
    query, month = context["query"], _month(request)
    shown = {item.date.replace(day=1) for item in context["page"].items}
    context["months"] = [
        {"label": f"{first:%b %Y}", "count": n, "url": _with(query, **{"from": f"{first:%Y-%m}"}),
         "current": first == month or (month is None and first in shown)}
        for first, n in selectors.timeline.months(request.user, context["filters"])
    ]
    context["compact_url"] = _with(query, compact=None if context["compact"] else "1")
    embed_query = query.copy()
    embed_query.pop("compact", None)
    context["embed_url"] = reverse("crisis:timeline-embed") + (
        f"?{embed_query.urlencode()}" if embed_query else "")
    context["embed_absolute_url"] = request.build_absolute_uri(context["embed_url"])
    return respond(request, "crisis/timeline.html", context, records=[])


# An embedded timeline is a short list; its reader follows a link to the full page for more.
EMBED_SIZE = 20


def timeline_embed(request):
    """The filtered timeline, compact, for another site to frame (the one page that may be
    framed: see page_routes). Queries as the page's, without the month index."""
    # Framed on another site, it shows what any reader sees, drafts never, whoever is signed in.
    request.user = AnonymousUser()
    context = _timeline(request, limit=EMBED_SIZE)
    context["full_url"] = reverse("crisis:timeline") + _with(context["query"])
    return respond(request, "crisis/timeline_embed.html", context, records=[])


# The page calls funding items "funding"; the API names them by the record that dates them.
API_KINDS = {"funding": "funding_stage", "legislation": "bill_action"}


def _timelinejs_url(filters):
    """The API's TimelineJS document for the filters the page accepted (the API reads slugs)."""
    params = QueryDict(mutable=True)
    params["format"] = "timelinejs"
    if filters.actor:
        params["actor"] = filters.actor.slug
    if filters.country:
        params["country"] = filters.country.slug
    params.setlist("kind", [API_KINDS.get(kind, kind) for kind in filters.kinds])
    if filters.start:
        params["date_after"] = filters.start.isoformat()
    if filters.end:
        params["date_before"] = filters.end.isoformat()
    return reverse("v1:timeline-list") + "?" + params.urlencode()


def _link(query, name, position):
    if position is None:
        return None
    params = query.copy()
    params[name] = position.encode()
    return "?" + params.urlencode()
