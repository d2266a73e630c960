"""The timeline's items: what the user may see that has a date, filtered and in order.

The rules (dating, ordering, filter meanings) are crisis.timeline's; this module reads.
Each kind is one query (plus its prefetches), whatever the number of items.
"""

from django.db.models import Q
from django.db.models.functions import Coalesce

from crisis.models import (
    Actor,
    Claim,
    ClaimKind,
    CrossingStatistic,
    FundingRequest,
    FundingStageChange,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
)
from crisis.timeline import ItemKind, TimelineFilters, TimelineItem

from .records import citations, participants_prefetch
from .visibility import VisiblePrefetch, visible


def _in_range(q_field, filters):
    q = Q()
    if filters.start:
        q &= Q(**{f"{q_field}__gte": filters.start})
    if filters.end:
        q &= Q(**{f"{q_field}__lte": filters.end})
    return q


def _people_of(user, country):
    """The country itself and the visible actors from it."""
    return visible(Actor, user).filter(Q(pk=country.pk) | Q(country=country))


# Every link the filters follow goes through visible records, so a draft claim or actor never
# pulls a public item into a reader's filtered view. Subqueries rather than joins: no duplicates.


def filter_meetings(queryset, filters, user):
    """An actor's meetings are those they take part in; a country's, those held there or attended
    by the country or its people."""
    queryset = queryset.filter(date__isnull=False).filter(_in_range("date", filters))
    if filters.actor:
        queryset = queryset.filter(
            pk__in=MeetingParticipant.objects.filter(actor=filters.actor).values("meeting")
        )
    if filters.country:
        attended = MeetingParticipant.objects.filter(actor__in=_people_of(user, filters.country))
        queryset = queryset.filter(Q(country=filters.country) | Q(pk__in=attended.values("meeting")))
    return queryset


def filter_funding_steps(queryset, filters, user):
    """Dated stage changes of visible requests, each backed by a visible claim. An actor's are those
    they ask, are asked, or report; a country's, those its bodies ask or are asked."""
    queryset = queryset.filter(
        date__isnull=False,
        request__in=visible(FundingRequest, user),
    ).filter(_in_range("date", filters))
    if filters.actor:
        queryset = queryset.filter(
            Q(request__requester=filters.actor)
            | Q(request__addressee=filters.actor)
            | Q(claim__speaker=filters.actor)
        )
    if filters.country:
        queryset = queryset.filter(
            Q(request__requester__country=filters.country) | Q(request__addressee__country=filters.country)
        )
    return queryset


def filter_statistics(queryset, filters, user):
    """Figures by their as-of date. An actor's are those about them (when the actor is a country) and
    those backed by a claim they made or that is about them; a country's, its own."""
    queryset = queryset.filter(_in_range("as_of", filters))
    if filters.actor:
        backing = visible(Claim, user).filter(
            Q(speaker=filters.actor) | Q(actors=filters.actor)
        )
        queryset = queryset.filter(Q(country=filters.actor) | Q(pk__in=backing.values("statistics")))
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    return queryset


def filter_claims(queryset, filters, user):
    """Claims dated by `occurred_on`, else `said_on` (annotated as `dated_on`). An actor's are those
    they made or that are about them; a country's, those by or about the country or its people."""
    queryset = (
        queryset.annotate(dated_on=Coalesce("occurred_on", "said_on"))
        .filter(dated_on__isnull=False)
        .filter(_in_range("dated_on", filters))
    )
    if filters.actor:
        about = Claim.objects.filter(actors=filters.actor)
        queryset = queryset.filter(Q(speaker=filters.actor) | Q(pk__in=about.values("pk")))
    if filters.country:
        people = _people_of(user, filters.country)
        about = Claim.objects.filter(actors__in=people)
        queryset = queryset.filter(Q(speaker__in=people) | Q(pk__in=about.values("pk")))
    return queryset


def timeline_querysets(user, filters):
    """The four visible, filtered QuerySets behind the timeline (one query each; meetings, figures and
    claims prefetch one more each: participants, backing claims, the actors claims are about).

    A kind left out by the filters is `.none()`, which costs no query.
    """
    meetings = filter_meetings(visible(Meeting, user), filters, user).select_related(
        "country"
    ).prefetch_related(participants_prefetch(user))
    steps = filter_funding_steps(visible(FundingStageChange, user), filters, user).select_related(
        "request__requester", "request__addressee", "claim__speaker", "claim__source"
    )
    figures = filter_statistics(visible(CrossingStatistic, user), filters, user).select_related(
        "source", "country"
    ).prefetch_related(citations(user, order=("said_on", "id")))
    claims = (
        filter_claims(visible(Claim, user), filters, user)
        .select_related("speaker", "source", "source__cites", "first_appeared_in")
        .prefetch_related(VisiblePrefetch("actors", Actor.objects.order_by("name", "id"), user))
    )
    querysets = {
        ItemKind.MEETING: meetings,
        ItemKind.FUNDING: steps,
        ItemKind.FIGURE: figures,
        ItemKind.CLAIM: claims,
    }
    return {kind: qs if filters.wants(kind) else qs.none() for kind, qs in querysets.items()}


def _claim_item(claim):
    if claim.occurred_on:
        date, precision = claim.occurred_on, claim.occurred_on_precision
    else:
        date, precision = claim.said_on, claim.said_on_precision
    speaker = [claim.speaker] if claim.speaker else []
    people = speaker + [a for a in claim.actors.all() if a != claim.speaker]
    return TimelineItem(ItemKind.CLAIM, date, precision, claim.text, claim, people)


def _funding_item(step):
    request = step.request
    title = f"{request.title}: {step.get_stage_display().lower()}"
    return TimelineItem(
        ItemKind.FUNDING, step.date, step.date_precision, title, request,
        [request.requester, request.addressee], step=step,
    )


def _figure_item(figure):
    title = f"{figure.value_display}: {figure.get_metric_display().lower()}, {figure.geography_display}"
    return TimelineItem(
        ItemKind.FIGURE, figure.as_of, figure.as_of_precision, title, figure,
        [figure.country] if figure.country else [],
    )


def _meeting_item(meeting):
    return TimelineItem(
        ItemKind.MEETING, meeting.date, meeting.date_precision, meeting.title, meeting,
        [p.actor for p in meeting.participations.all()],
    )


ITEM_BUILDERS = {
    ItemKind.MEETING: _meeting_item,
    ItemKind.FUNDING: _funding_item,
    ItemKind.FIGURE: _figure_item,
    ItemKind.CLAIM: _claim_item,
}


def items_from(querysets):
    """Turn the QuerySets into TimelineItems, oldest first."""
    items = [ITEM_BUILDERS[kind](record) for kind, queryset in querysets.items() for record in queryset]
    items.sort(key=lambda item: item.sort_key)
    return items


def timeline(user, filters=None):
    """Every dated item the user may see, oldest first (four queries and three prefetches)."""
    return items_from(timeline_querysets(user, filters or TimelineFilters()))


def latest(user, limit=8):
    """The most recent things that happened: no scheduled meetings, no announced plans.

    Each of the four QuerySets is cut to `limit` before merging (four queries, three prefetches).
    """
    querysets = timeline_querysets(user, TimelineFilters())
    querysets[ItemKind.MEETING] = querysets[ItemKind.MEETING].exclude(
        meeting_status=MeetingStatus.SCHEDULED
    ).order_by("-date", "-pk")[:limit]
    querysets[ItemKind.FUNDING] = querysets[ItemKind.FUNDING].order_by("-date", "-pk")[:limit]
    querysets[ItemKind.FIGURE] = querysets[ItemKind.FIGURE].order_by("-as_of", "-pk")[:limit]
    querysets[ItemKind.CLAIM] = (
        querysets[ItemKind.CLAIM].exclude(kind=ClaimKind.PLAN).order_by("-dated_on", "-pk")[:limit]
    )
    return list(reversed(items_from(querysets)))[:limit]


