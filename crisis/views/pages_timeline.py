"""The timeline page: every dated item, grouped by month, filtered through the URL."""

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse

from crisis import selectors, timeline
from crisis.models import Actor
from crisis.selectors import records
from crisis.views.pages import respond


class TimelineFilterForm(forms.Form):
    """GET filters, so a filtered timeline is a link a journalist can share."""

    actor = forms.ModelChoiceField(
        queryset=Actor.objects.none(), to_field_name="slug", required=False, empty_label="Anyone",
        help_text="By, about or taking part.",
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
        self.fields["actor"].queryset = selectors.visible(Actor, user).order_by("name")
        self.fields["country"].queryset = records.countries(user)

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


# Enough for a few months of a busy story; a long timeline is read a page at a time.
PAGE_SIZE = 200


def timeline_page(request):
    form = filter_form(request)
    filters = form.filters()
    items = selectors.timeline.timeline(request.user, filters)
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.urlencode()
    feed_url = reverse("crisis:timeline-feed") + (f"?{query}" if query else "")
    return respond(request, "crisis/timeline.html", {
        "form": form,
        "filters": filters,
        "filtered": any([filters.actor, filters.country, filters.kinds, filters.start, filters.end]),
        "groups": timeline.group_by_month(page.object_list),
        "count": len(items),
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "feed_url": feed_url,
    }, records=[])
