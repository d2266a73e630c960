"""The timeline page: every dated item, grouped by month, filtered through the URL."""

from django import forms
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


def _position(request, name):
    token = request.GET.get(name)
    return selectors.timeline.Position.decode(token) if token else None


def timeline_page(request):
    form = filter_form(request)
    filters = form.filters()
    newest_first = request.GET.get("order") == "newest"
    # 1 the page's keys (one UNION ALL)  2 the capped count  3+ the page's records by kind
    page = selectors.timeline.page(
        request.user, filters, after=_position(request, "after"), before=_position(request, "before"),
        limit=PAGE_SIZE, newest_first=newest_first,
    )
    query = request.GET.copy()
    for name in ("after", "before"):
        query.pop(name, None)
    feed_url = reverse("crisis:timeline-feed") + (f"?{query.urlencode()}" if query else "")
    # Either order starts again from its first page: a cursor belongs to the order it was made in.
    oldest, newest = query.copy(), query.copy()
    oldest.pop("order", None)
    newest["order"] = "newest"
    return respond(request, "crisis/timeline.html", {
        "form": form,
        "filters": filters,
        "filtered": any([filters.actor, filters.country, filters.kinds, filters.start, filters.end]),
        "groups": timeline.group_by_month(page.items),
        "count": page.count,
        "count_capped": page.count_capped,
        "page": page,
        "newest_first": newest_first,
        "previous_url": _link(query, "before", page.previous),
        "next_url": _link(query, "after", page.next),
        "feed_url": feed_url,
        "oldest_url": "?" + oldest.urlencode(),
        "newest_url": "?" + newest.urlencode(),
        "timelinejs_url": _timelinejs_url(filters),
    }, records=[])


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
