"""Every dated item in one ordered list: claims, meetings, funding steps and figures.

An item's date is what the record is dated by: a claim's `occurred_on` (or `said_on` when only
that is known), a meeting's date, the date of a funding request's stage change, and a figure's
as-of date. Records without a date are not on the timeline. Claims that report a meeting or a
figure appear as their own items too, so a consumer filtering by kind loses nothing.

Each kind is one query (plus its prefetches), whatever the number of items: 8 queries in all.
"""

from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import escape, format_html

from crisis.dates import DatePrecision
from crisis.models import (
    Actor,
    Claim,
    CrossingStatistic,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
)

from .queries import citations
from .serializers import CitationSerializer
from .serializers.feeds import TIMELINE_KINDS

KIND_ORDER = {kind: position for position, kind in enumerate(TIMELINE_KINDS)}


def _in_range(queryset, field, start, end):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def _claims(user, start, end, actor, country):
    queryset = (
        Claim.objects.visible_to(user)
        .with_related()
        .annotate(when=Coalesce("occurred_on", "said_on"))
        .filter(when__isnull=False)
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.visible_to(user).order_by("name", "id")))
    )
    queryset = _in_range(queryset, "when", start, end)
    if actor:
        queryset = queryset.filter(Q(speaker=actor) | Q(actors=actor))
    if country:
        queryset = queryset.filter(
            Q(actors=country) | Q(speaker__country=country) | Q(actors__country=country)
        )
    for claim in queryset.distinct():
        precision = claim.occurred_on_precision if claim.occurred_on else claim.said_on_precision
        slugs = [claim.speaker.slug] if claim.speaker else []
        yield {
            "id": f"claim-{claim.pk}",
            "kind": "claim",
            "date": claim.when,
            "date_precision": precision,
            "date_display": claim.occurred_display or claim.said_display,
            "headline": claim.text,
            "text": claim.correction_note,  # the quote travels in the citation
            "url_name": ("v1:claim-detail", {"pk": claim.pk}),
            "actors": slugs + [a.slug for a in claim.actors.all() if a.slug not in slugs],
            "citations": [claim],
        }


def _meetings(user, start, end, actor, country):
    queryset = (
        Meeting.objects.visible_to(user)
        .filter(date__isnull=False)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=MeetingParticipant.objects.filter(actor__in=Actor.objects.visible_to(user))
                .select_related("actor")
                .order_by("role", "actor__name", "id"),
            ),
            citations(user),
        )
    )
    queryset = _in_range(queryset, "date", start, end)
    if actor:
        queryset = queryset.filter(participants=actor)
    if country:
        queryset = queryset.filter(Q(country=country) | Q(participants__country=country))
    for meeting in queryset.distinct():
        yield {
            "id": f"meeting-{meeting.pk}",
            "kind": "meeting",
            "date": meeting.date,
            "date_precision": meeting.date_precision,
            "date_display": meeting.date_display,
            "headline": meeting.title,
            "text": meeting.outcome or meeting.purpose,
            "url_name": ("v1:meeting-detail", {"slug": meeting.slug}),
            "actors": [p.actor.slug for p in meeting.participations.all()],
            "citations": list(meeting.claims.all()),
        }


def _funding_steps(user, start, end, actor, country):
    queryset = FundingStageChange.objects.filter(
        date__isnull=False,
        request__in=FundingRequest.objects.visible_to(user),
        claim__in=Claim.objects.visible_to(user),
    ).select_related("request__requester", "request__addressee", "claim__speaker", "claim__source")
    queryset = _in_range(queryset, "date", start, end)
    if actor:
        queryset = queryset.filter(
            Q(request__requester=actor) | Q(request__addressee=actor) | Q(claim__speaker=actor)
        )
    if country:
        queryset = queryset.filter(
            Q(request__requester__country=country) | Q(request__addressee__country=country)
        )
    for step in queryset:
        request = step.request
        yield {
            "id": f"funding_stage-{step.pk}",
            "kind": "funding_stage",
            "date": step.date,
            "date_precision": step.date_precision,
            "date_display": step.date_display,
            "headline": f"{request.title}: {step.get_stage_display().lower()}",
            "text": step.note or request.summary,
            "url_name": ("v1:funding-request-detail", {"slug": request.slug}),
            "actors": [request.requester.slug, request.addressee.slug],
            "citations": [step.claim],
        }


def _figures(user, start, end, actor, country):
    queryset = CrossingStatistic.objects.visible_to(user).select_related("source", "country")
    queryset = _in_range(queryset.prefetch_related(citations(user)), "as_of", start, end)
    if actor:
        queryset = queryset.filter(Q(country=actor) | Q(claims__speaker=actor))
    if country:
        queryset = queryset.filter(country=country)
    for figure in queryset.distinct():
        yield {
            "id": f"figure-{figure.pk}",
            "kind": "figure",
            "date": figure.as_of,
            "date_precision": figure.as_of_precision,
            "date_display": figure.as_of_display,
            "headline": f"{figure.value_display} — {figure.get_metric_display()}",
            "text": f"{figure.geography_display}; {figure.period_display}.",
            "url_name": ("v1:figure-detail", {"pk": figure.pk}),
            "actors": [figure.country.slug] if figure.country else [],
            "citations": list(figure.claims.all()),
        }


BUILDERS = {"claim": _claims, "meeting": _meetings, "funding_stage": _funding_steps, "figure": _figures}


def find_country(user, value):
    """The country a `country` parameter names, by ISO code or slug (one query)."""
    return (
        Actor.objects.visible_to(user)
        .countries()
        .filter(Q(country_code=value.upper()) | Q(slug=value))
        .first()
    )


def timeline_items(user, *, date_after=None, date_before=None, actor=None, kind=None, country=None):
    """All items the user may see, oldest first; ties go claim, meeting, funding step, figure, then id."""
    items = []
    for name, build in BUILDERS.items():
        if not kind or name in kind:
            items.extend(build(user, date_after, date_before, actor, country))
    items.sort(key=lambda item: (item["date"], KIND_ORDER[item["kind"]], int(item["id"].split("-")[1])))
    return items


def serialize(items, request):
    """Items as the JSON list gives them (citations with quote and source)."""
    out = []
    for item in items:
        name, kwargs = item["url_name"]
        row = {key: value for key, value in item.items() if key not in {"url_name", "citations"}}
        row["api_url"] = request.build_absolute_uri(reverse(name, kwargs=kwargs))
        row["citations"] = CitationSerializer(item["citations"], many=True, context={"request": request}).data
        out.append(row)
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
    title = (
        format_html('<a href="{}">{}</a>', source["url"], source["title"])
        if source["url"]
        else escape(source["title"])
    )
    speaker = citation["speaker"]["name"] if citation["speaker"] else citation["speaker_title"]
    quote = (
        format_html("“{}” — {}, ", citation["quote"], speaker or source["publisher"])
        if citation["quote"]
        else ""
    )
    return format_html(
        '<p class="tl-citation">{}{} ({}, {}) <a href="{}">claim {}</a></p>',
        quote,
        title,
        source["publisher"],
        source["published_display"],
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
