"""The timeline as the API gives it: JSON rows with their citations, and a TimelineJS3 document.

What is on the timeline, how each item is dated, what the filters mean and the order all come from
crisis.timeline, as on the pages; this module only names the filters and serializes the items.
The JSON list costs a fixed number of queries whatever its length: those of crisis.timeline (one
per kind on the page) plus the meetings' backing claims; tests/test_api_queries.py pins them.
"""

from django.urls import reverse
from django.utils.html import escape, format_html

from crisis.dates import DatePrecision
from crisis.selectors.timeline import page
from crisis.timeline import ItemKind, TimelineFilters

from .serializers import CitationSerializer
from .serializers.feeds import TIMELINE_KINDS

# The API's kind names are the items' id prefixes ("funding_stage" for a funding step).
KINDS = {prefix: kind for kind, prefix in ItemKind.ID_PREFIX.items()}


def timeline_page(user, *, date_after=None, date_before=None, actor=None, kind=None, country=None,
                  order="oldest", cursor=None, page_size=50, counted=True):
    """One page of the items the user may see, in the timeline's order (see selectors.timeline)."""
    filters = TimelineFilters(
        actor=actor,
        country=country,
        kinds=tuple(KINDS[name] for name in kind or ()),
        start=date_after,
        end=date_before,
    )
    direction, position = cursor or (None, None)
    return page(
        user, filters, limit=page_size, newest_first=order == "newest", counted=counted,
        after=position if direction == "after" else None,
        before=position if direction == "before" else None,
    )


def _by_id(claims):
    # The API lists citations by id everywhere; the pages prefetch them in date order.
    return sorted(claims, key=lambda claim: claim.pk)


def _row(item):
    """The kind-specific part of a row: headline, text, the record's API route and citations."""
    record = item.record
    if item.kind == ItemKind.CLAIM:
        # The quote travels in the citation.
        return record.text, record.correction_note, ("v1:claim-detail", {"pk": record.pk}), [record]
    if item.kind == ItemKind.MEETING:
        route = ("v1:meeting-detail", {"slug": record.slug})
        return record.title, record.outcome or record.purpose, route, list(record.claims.all())
    if item.kind == ItemKind.FUNDING:
        route = ("v1:funding-request-detail", {"slug": record.slug})
        return item.title, item.step.note or record.summary, route, [item.step.claim]
    if item.kind == ItemKind.LEGISLATION:
        route = ("v1:legislative-action-detail", {"pk": item.step.pk})
        return f"{record.title}: {item.title}", item.step.note, route, [item.step.claim]
    headline = f"{record.value_display} — {record.get_metric_display()}"
    text = f"{record.geography_display}; {record.period_display}."
    return headline, text, ("v1:figure-detail", {"pk": record.pk}), _by_id(record.claims.all())


def serialize(items, request):
    """Items as the JSON list gives them (citations with quote and source)."""
    out = []
    # One serializer for every item's citations: building its fields costs more than a row.
    citation = CitationSerializer(context={"request": request})
    for item in items:
        headline, text, (name, kwargs), cited = _row(item)
        out.append(
            {
                "id": item.uid,
                "kind": ItemKind.ID_PREFIX[item.kind],
                "date": item.date,
                "date_precision": item.precision,
                "date_display": item.date_display,
                "headline": headline,
                "text": text,
                "actors": [actor.slug for actor in item.actors],
                "api_url": request.build_absolute_uri(reverse(name, kwargs=kwargs)),
                "citations": [citation.to_representation(claim) for claim in cited],
            }
        )
    return out


def _start_date(date, precision):
    parts = {"year": date.year}
    if precision not in {DatePrecision.YEAR, DatePrecision.SEASON}:
        parts["month"] = date.month
    if precision in {DatePrecision.DAY, DatePrecision.WEEK}:
        parts["day"] = date.day
    return parts


def _citation_html(citation):
    source = citation["source"]
    # Escaping keeps a URL inside its attribute but would not stop a javascript: link.
    title = (
        format_html('<a href="{}">{}</a>', source["url"], source["title"])
        if source["url"].lower().startswith(("https://", "http://"))
        else escape(source["title"])
    )
    speaker = citation["speaker"]["name"] if citation["speaker"] else citation["speaker_title"]
    attribution = speaker or source["publisher"]
    quote = ""
    if citation["quote"]:
        quote = (format_html("“{}” — {}, ", citation["quote"], attribution) if attribution
                 else format_html("“{}” ", citation["quote"]))
    # An undated source (or one with no publisher) leaves its part out rather than an empty slot.
    known = [part for part in (source["publisher"], source["published_display"]) if part]
    details = format_html(" ({})", ", ".join(known)) if known else ""
    return format_html(
        '<p class="tl-citation">{}{}{} <a href="{}">claim {}</a></p>',
        quote,
        title,
        details,
        citation["api_url"],
        citation["id"],
    )


def timelinejs(rows, title):
    """A TimelineJS3 document: one slide per item, its citations in the slide text."""
    events = []
    for row in rows:
        text = format_html("<p>{}</p>", row["text"]) if row["text"] else ""
        text += "".join(_citation_html(citation) for citation in row["citations"])
        events.append(
            {
                "start_date": _start_date(row["date"], row["date_precision"]),
                "display_date": row["date_display"],
                "text": {"headline": escape(row["headline"]), "text": text},
                "group": TIMELINE_KINDS[row["kind"]],
                "unique_id": row["id"],
            }
        )
    return {
        "title": {"text": {"headline": escape(title), "text": "Every dated item, with its sources."}},
        "events": events,
    }
