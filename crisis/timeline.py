"""The merged, dated list of what happened: meetings, funding requests and claims.

Plain functions over QuerySets, so the pages and the API read the timeline the same way.
Each source of items is one query (plus one prefetch), whatever the number of items.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce

from crisis.dates import DatePrecision, format_date, format_date_short
from crisis.models import (
    Actor,
    Claim,
    ClaimKind,
    CrossingStatistic,
    FundingRequest,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
)


class ItemKind:
    MEETING = "meeting"
    FUNDING = "funding"
    FIGURE = "figure"
    CLAIM = "claim"

    choices = [
        (MEETING, "Meetings"),
        (FUNDING, "Funding requests"),
        (FIGURE, "Figures (by as-of date)"),
        (CLAIM, "Statements and reported facts"),
    ]


# Finer precisions sort first on the same stored date: "Friday, July 25" before "July 2014".
PRECISION_ORDER = {value: i for i, value in enumerate(DatePrecision.values)}
COARSER_THAN_MONTH = {DatePrecision.SEASON, DatePrecision.YEAR}


@dataclass
class TimelineItem:
    """One dated entry on the timeline, pointing at the record it comes from."""

    kind: str
    date: datetime.date
    precision: str
    title: str
    record: object
    actors: list = field(default_factory=list)

    @property
    def date_display(self):
        return format_date(self.date, self.precision)

    @property
    def date_short(self):
        return format_date_short(self.date, self.precision)

    @property
    def url(self):
        return self.record.get_absolute_url()

    @property
    def group_label(self):
        """Month heading; a season or a year is its own heading rather than a false month."""
        if self.precision in COARSER_THAN_MONTH:
            return format_date(self.date, self.precision)
        return format_date(self.date, DatePrecision.MONTH)

    @property
    def sort_key(self):
        return (self.date, PRECISION_ORDER.get(self.precision, 99), self.kind, self.title)


@dataclass
class TimelineFilters:
    actor: Actor | None = None
    country: Actor | None = None
    kind: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def _in_range(q_field, filters):
    q = Q()
    if filters.start:
        q &= Q(**{f"{q_field}__gte": filters.start})
    if filters.end:
        q &= Q(**{f"{q_field}__lte": filters.end})
    return q


def filter_meetings(queryset, filters):
    """Meetings matching the filters: an actor or country takes part, or hosts it."""
    queryset = queryset.filter(date__isnull=False).filter(_in_range("date", filters))
    if filters.actor:
        queryset = queryset.filter(participations__actor=filters.actor)
    if filters.country:
        queryset = queryset.filter(
            Q(country=filters.country)
            | Q(participations__actor=filters.country)
            | Q(participations__actor__country=filters.country)
        )
    return queryset.distinct() if (filters.actor or filters.country) else queryset


def filter_funding_requests(queryset, filters):
    queryset = queryset.filter(requested_on__isnull=False).filter(_in_range("requested_on", filters))
    if filters.actor:
        queryset = queryset.filter(Q(requester=filters.actor) | Q(addressee=filters.actor))
    if filters.country:
        queryset = queryset.filter(
            Q(requester__country=filters.country) | Q(addressee__country=filters.country)
        )
    return queryset


def filter_statistics(queryset, filters):
    """Figures by their as-of date; an actor's are those their claims report, a country's its own."""
    queryset = queryset.filter(_in_range("as_of", filters))
    if filters.actor:
        queryset = queryset.filter(
            Q(country=filters.actor) | Q(claims__speaker=filters.actor) | Q(claims__actors=filters.actor)
        )
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    return queryset.distinct() if filters.actor else queryset


def claim_date_q(filters):
    """A claim is dated by when it happened, or else by when it was said."""
    happened = Q(occurred_on__isnull=False) & _in_range("occurred_on", filters)
    said = Q(occurred_on__isnull=True, said_on__isnull=False) & _in_range("said_on", filters)
    return happened | said


def filter_claims(queryset, filters):
    """Claims matching the filters: by or about the actor; by, about or from the country."""
    queryset = queryset.filter(claim_date_q(filters))
    if filters.actor:
        queryset = queryset.filter(Q(speaker=filters.actor) | Q(actors=filters.actor))
    if filters.country:
        queryset = queryset.filter(
            Q(speaker=filters.country)
            | Q(speaker__country=filters.country)
            | Q(actors=filters.country)
            | Q(actors__country=filters.country)
        )
    return queryset.distinct() if (filters.actor or filters.country) else queryset


def timeline_querysets(user, filters):
    """The four visible, filtered QuerySets behind the timeline (one query and one prefetch each)."""
    actors = Actor.objects.visible_to(user)
    meetings = filter_meetings(Meeting.objects.visible_to(user), filters).select_related(
        "country"
    ).prefetch_related(
        Prefetch(
            "participations",
            queryset=MeetingParticipant.objects.filter(actor__in=actors).select_related("actor"),
        )
    )
    funding = filter_funding_requests(FundingRequest.objects.visible_to(user), filters).select_related(
        "requester", "addressee"
    )
    figures = filter_statistics(CrossingStatistic.objects.visible_to(user), filters).select_related(
        "source", "country"
    ).prefetch_related(
        Prefetch("claims", queryset=Claim.objects.visible_to(user).select_related("source"))
    )
    claims = (
        filter_claims(Claim.objects.visible_to(user), filters)
        .select_related("speaker", "source")
        .prefetch_related(Prefetch("actors", queryset=actors))
    )
    wanted = filters.kind
    return {
        ItemKind.MEETING: meetings if wanted in ("", ItemKind.MEETING) else meetings.none(),
        ItemKind.FUNDING: funding if wanted in ("", ItemKind.FUNDING) else funding.none(),
        ItemKind.FIGURE: figures if wanted in ("", ItemKind.FIGURE) else figures.none(),
        ItemKind.CLAIM: claims if wanted in ("", ItemKind.CLAIM) else claims.none(),
    }


def items_from(querysets):
    """Turn the QuerySets into TimelineItems, oldest first."""
    items = []
    for meeting in querysets[ItemKind.MEETING]:
        items.append(TimelineItem(
            ItemKind.MEETING, meeting.date, meeting.date_precision, meeting.title, meeting,
            [p.actor for p in meeting.participations.all()],
        ))
    for request in querysets[ItemKind.FUNDING]:
        items.append(TimelineItem(
            ItemKind.FUNDING, request.requested_on, request.requested_on_precision, request.title,
            request, [request.requester, request.addressee],
        ))
    for figure in querysets[ItemKind.FIGURE]:
        title = f"{figure.value_display}: {figure.get_metric_display().lower()}, {figure.geography_display}"
        items.append(TimelineItem(
            ItemKind.FIGURE, figure.as_of, figure.as_of_precision, title, figure,
            [figure.country] if figure.country else [],
        ))
    for claim in querysets[ItemKind.CLAIM]:
        if claim.occurred_on:
            date, precision = claim.occurred_on, claim.occurred_on_precision
        else:
            date, precision = claim.said_on, claim.said_on_precision
        about = list(claim.actors.all())
        people = ([claim.speaker] if claim.speaker else []) + [a for a in about if a != claim.speaker]
        items.append(TimelineItem(ItemKind.CLAIM, date, precision, claim.text, claim, people))
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
    ).order_by("-date", "title")[:limit]
    querysets[ItemKind.FUNDING] = querysets[ItemKind.FUNDING].order_by("-requested_on", "title")[:limit]
    querysets[ItemKind.FIGURE] = querysets[ItemKind.FIGURE].order_by("-as_of", "-pk")[:limit]
    querysets[ItemKind.CLAIM] = (
        querysets[ItemKind.CLAIM].exclude(kind=ClaimKind.PLAN)
        .annotate(timeline_date=Coalesce("occurred_on", "said_on"))
        .order_by("-timeline_date", "-pk")[:limit]
    )
    return list(reversed(items_from(querysets)))[:limit]


def group_by_month(items):
    """[(heading, [items])] in the items' order; consecutive items share a heading."""
    groups = []
    for item in items:
        label = item.group_label
        if groups and groups[-1][0] == label:
            groups[-1][1].append(item)
        else:
            groups.append((label, [item]))
    return groups
