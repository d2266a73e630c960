"""The merged, dated list of what happened: meetings, funding steps, figures and claims.

This module owns the timeline's rules, for the pages, the Atom feed and the API alike:
- what is on it: every record the user may see (`visible_to`) that has a date;
- how each record is dated: a claim by when it happened (`occurred_on`), else when it was said;
  a meeting by its date; a funding request by each dated stage change ("requested", "passed one
  chamber", "enacted"…, each backed by a visible claim), so the money's life reads step by step;
  a figure by its as-of date;
- what the actor and country filters mean (see each `filter_*` function);
- the order: oldest first; on the same stored date the finer precision first ("Friday, July 25"
  before "July 2014"), then claims, meetings, funding steps, figures, then by id.

Each kind is one query (plus its prefetches), whatever the number of items.
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
    FundingStageChange,
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

    # Ties on the same date and precision: what was said or reported first, then the records.
    ORDER = {CLAIM: 0, MEETING: 1, FUNDING: 2, FIGURE: 3}

    # A funding item is dated by a stage change, so its stable id names the stage change.
    ID_PREFIX = {CLAIM: "claim", MEETING: "meeting", FUNDING: "funding_stage", FIGURE: "figure"}


# Finer precisions sort first on the same stored date: "Friday, July 25" before "July 2014".
PRECISION_ORDER = {value: i for i, value in enumerate(DatePrecision.values)}
COARSER_THAN_MONTH = {DatePrecision.SEASON, DatePrecision.YEAR}


@dataclass
class TimelineItem:
    """One dated entry on the timeline, pointing at the record it comes from.

    `record` is what the item links to; `step` is the FundingStageChange that dates a funding item.
    """

    kind: str
    date: datetime.date
    precision: str
    title: str
    record: object
    actors: list = field(default_factory=list)
    step: object = None

    @property
    def pk(self):
        return (self.step or self.record).pk

    @property
    def uid(self):
        """Stable across requests: "meeting-3", "funding_stage-7"."""
        return f"{ItemKind.ID_PREFIX[self.kind]}-{self.pk}"

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
        return (self.date, PRECISION_ORDER.get(self.precision, 99), ItemKind.ORDER[self.kind], self.pk)


@dataclass
class TimelineFilters:
    """What to show; `actor` and `country` must be actors the user may see. No kinds means all."""

    actor: Actor | None = None
    country: Actor | None = None
    kinds: tuple = ()
    start: datetime.date | None = None
    end: datetime.date | None = None

    def wants(self, kind):
        return not self.kinds or kind in self.kinds


def _in_range(q_field, filters):
    q = Q()
    if filters.start:
        q &= Q(**{f"{q_field}__gte": filters.start})
    if filters.end:
        q &= Q(**{f"{q_field}__lte": filters.end})
    return q


def _people_of(user, country):
    """The country itself and the visible actors from it."""
    return Actor.objects.visible_to(user).filter(Q(pk=country.pk) | Q(country=country))


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
        request__in=FundingRequest.objects.visible_to(user),
        claim__in=Claim.objects.visible_to(user),
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
        backing = Claim.objects.visible_to(user).filter(
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


def backing_claims(user):
    """The visible claims behind a record, with speaker and source (one query for all rows)."""
    return Prefetch("claims", queryset=Claim.objects.visible_to(user).with_related())


def timeline_querysets(user, filters):
    """The four visible, filtered QuerySets behind the timeline (one query each; meetings, figures and
    claims prefetch one more each: participants, backing claims, the actors claims are about).

    A kind left out by the filters is `.none()`, which costs no query.
    """
    actors = Actor.objects.visible_to(user)
    meetings = filter_meetings(Meeting.objects.visible_to(user), filters, user).select_related(
        "country"
    ).prefetch_related(
        Prefetch(
            "participations",
            queryset=MeetingParticipant.objects.filter(actor__in=actors)
            .select_related("actor")
            .order_by("role", "actor__name", "id"),
        )
    )
    steps = filter_funding_steps(FundingStageChange.objects.all(), filters, user).select_related(
        "request__requester", "request__addressee", "claim__speaker", "claim__source"
    )
    figures = filter_statistics(CrossingStatistic.objects.visible_to(user), filters, user).select_related(
        "source", "country"
    ).prefetch_related(backing_claims(user))
    claims = (
        filter_claims(Claim.objects.visible_to(user), filters, user)
        .with_related()
        .prefetch_related(Prefetch("actors", queryset=actors.order_by("name", "id")))
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
