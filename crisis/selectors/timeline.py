"""The timeline's items, read a page at a time in one SQL query, whatever the size of the story.

The rules (what is dated how, the order, what the filters mean) are crisis.timeline's. This
module finds one page of (kind, id) keys with a single `UNION ALL` over the kinds, each
branch already ordered and cut to the page by its (date, precision, id) index, then loads only
that page's records (one query per kind on the page, and their prefetches). Pages are keyset
cursors, so a page deep in the past costs what the first one does.
"""

import base64
import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.functions import TruncMonth

from crisis.caching import remember
from crisis.models import (
    Actor,
    Claim,
    ClaimKind,
    CrossingStatistic,
    FundingRequest,
    FundingStageChange,
    LegislativeAction,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
)
from crisis.timeline import ItemKind, TimelineFilters, TimelineItem

from .records import citations, listed_claims, participants_prefetch
from .sql import union_all
from .visibility import VisiblePrefetch, visible

# Each kind, the column it is dated by, in the order ties are broken.
DATED_BY = {
    ItemKind.CLAIM: (Claim, "timeline_date"),
    ItemKind.MEETING: (Meeting, "date"),
    ItemKind.FUNDING: (FundingStageChange, "date"),
    ItemKind.FIGURE: (CrossingStatistic, "as_of"),
    ItemKind.LEGISLATION: (LegislativeAction, "date"),
}
KIND_OF_ORDER = {order: kind for kind, order in ItemKind.ORDER.items()}
# Counting every item of a broad view would cost more than the page itself: past this, the page
# says "more than".
COUNT_CAP = 1000


# -- what each filter means ---------------------------------------------------------------------------

def _in_range(column, filters):
    q = Q()
    if filters.start:
        q &= Q(**{f"{column}__gte": filters.start})
    if filters.end:
        q &= Q(**{f"{column}__lte": filters.end})
    return q


def _people_of(user, country):
    """The country itself and the visible actors from it."""
    return visible(Actor, user).filter(Q(pk=country.pk) | Q(country=country))


# Every link the filters follow goes through visible records, so a draft claim or actor never
# pulls a public item into a reader's filtered view. Subqueries rather than joins: no duplicates.

def filter_meetings(queryset, filters, user):
    """An actor's meetings are those they take part in; a country's, those held there or attended
    by the country or its people."""
    if filters.actor:
        queryset = queryset.filter(
            pk__in=MeetingParticipant.objects.filter(actor=filters.actor).values("meeting")
        )
    if filters.country:
        attended = MeetingParticipant.objects.filter(actor__in=_people_of(user, filters.country))
        queryset = queryset.filter(Q(country=filters.country) | Q(pk__in=attended.values("meeting")))
    return queryset


def filter_funding_steps(queryset, filters, user):
    """Steps of visible requests. An actor's are those they ask, are asked, or report; a country's,
    those its bodies ask or are asked."""
    queryset = queryset.filter(request__in=visible(FundingRequest, user))
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
    """An actor's figures are those about them (a country) and those backed by a claim they made or
    that is about them; a country's, its own."""
    if filters.actor:
        backing = visible(Claim, user).filter(Q(speaker=filters.actor) | Q(actors=filters.actor))
        queryset = queryset.filter(Q(country=filters.actor) | Q(pk__in=backing.values("statistics")))
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    return queryset


def filter_claims(queryset, filters, user):
    """An actor's claims are those they made or that are about them; a country's, those by or about
    the country or its people."""
    if filters.actor:
        about = Claim.objects.filter(actors=filters.actor)
        queryset = queryset.filter(Q(speaker=filters.actor) | Q(pk__in=about.values("pk")))
    if filters.country:
        people = _people_of(user, filters.country)
        about = Claim.objects.filter(actors__in=people)
        queryset = queryset.filter(Q(speaker__in=people) | Q(pk__in=about.values("pk")))
    return queryset


FILTERS = {
    ItemKind.CLAIM: filter_claims,
    ItemKind.MEETING: filter_meetings,
    ItemKind.FUNDING: filter_funding_steps,
    ItemKind.FIGURE: filter_statistics,
    # A legislative action belongs to its request as a step does: the same filters, the same links.
    ItemKind.LEGISLATION: filter_funding_steps,
}


def branches(user, filters, *, happened_only=False):
    """Each wanted kind's visible, filtered, dated rows (QuerySets; no query yet).

    `happened_only` leaves out what has not happened: scheduled meetings, announced plans.
    """
    out = {}
    for kind, (model, column) in DATED_BY.items():
        if not filters.wants(kind):
            continue
        rows = FILTERS[kind](visible(model, user), filters, user)
        rows = rows.filter(**{f"{column}__isnull": False}).filter(_in_range(column, filters))
        if happened_only and kind == ItemKind.MEETING:
            rows = rows.exclude(meeting_status=MeetingStatus.SCHEDULED)
        if happened_only and kind == ItemKind.CLAIM:
            rows = rows.exclude(kind=ClaimKind.PLAN)
        out[kind] = rows
    return out


# -- pages of keys ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Position:
    """Where an item sits in the timeline's order: a keyset cursor."""

    date: datetime.date
    rank: int
    order: int
    id: int

    def encode(self):
        raw = f"{self.date.isoformat()}|{self.rank}|{self.order}|{self.id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token):
        """The position a cursor names, or None for a cursor that is not one of ours."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            day, rank, order, pk = raw.split("|")
            return cls(datetime.date.fromisoformat(day), int(rank), int(order), int(pk))
        except (ValueError, UnicodeDecodeError):
            return None

    @classmethod
    def starting(cls, day):
        """Just before the first item dated `day` or later (a month index jumps here)."""
        return cls(day - datetime.timedelta(days=1), 99, 99, 2**62)


@dataclass
class Page:
    """Items in reading order; `previous` and `next` are the cursors of the neighbouring pages."""

    items: list
    count: int
    count_capped: bool
    previous: Position | None = None
    next: Position | None = None
    keys: list = field(default_factory=list)


def _branch_sql(kind, rows, after, limit, descending):
    """One kind's page: its keys past `after` in the timeline's order, ordered and cut in SQL."""
    model, column = DATED_BY[kind]
    order = ItemKind.ORDER[kind]
    keys = rows.order_by().annotate(tl_d=F(column), tl_r=F("timeline_rank"), tl_k=Value(order))
    sql, params = keys.values_list("tl_k", "id", "tl_d", "tl_r").query.sql_with_params()
    where, extra = "", []
    if after is not None:
        # The row comparison uses the (date, precision, id) index; the kind breaks ties between
        # kinds, so within one kind it reduces to comparing with or without the id.
        sign = "<" if descending else ">"
        if order == after.order:
            where = f"WHERE (t.tl_d, t.tl_r, t.id) {sign} (%s, %s, %s)"
            extra = [after.date, after.rank, after.id]
        else:
            inclusive = (order > after.order) != descending
            where = f"WHERE (t.tl_d, t.tl_r) {sign}{'=' if inclusive else ''} (%s, %s)"
            extra = [after.date, after.rank]
    direction = "DESC" if descending else "ASC"
    branch = (f"SELECT * FROM (SELECT t.tl_k, t.id, t.tl_d, t.tl_r FROM ({sql}) t {where} "
              f"ORDER BY t.tl_d {direction}, t.tl_r {direction}, t.id {direction} LIMIT %s) b{order}")
    return branch, [*params, *extra, limit]


def page_keys(user, filters, *, after=None, limit=50, descending=False, happened_only=False):
    """[(kind, id, date, rank)] of up to `limit` items past `after` (one query)."""
    parts = [_branch_sql(kind, rows, after, limit, descending)
             for kind, rows in branches(user, filters, happened_only=happened_only).items()]
    if not parts:
        return []
    direction = "DESC" if descending else "ASC"
    sql = " UNION ALL ".join(f"SELECT * FROM ({branch}) u{i}" for i, (branch, _) in enumerate(parts))
    sql = (f"SELECT tl_k, id, tl_d, tl_r FROM ({sql}) merged "
           f"ORDER BY tl_d {direction}, tl_r {direction}, tl_k {direction}, id {direction} LIMIT %s")
    params = [param for _, branch_params in parts for param in branch_params] + [limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(KIND_OF_ORDER[k], pk, _as_date(day), rank) for k, pk, day, rank in rows]


def _as_date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def count(user, filters, cap=COUNT_CAP):
    """(how many items, whether that is only "more than") in one query."""
    parts = []
    for rows in branches(user, filters).values():
        sql, params = rows.order_by().values("id")[: cap + 1].query.sql_with_params()
        parts.append((f"(SELECT COUNT(*) FROM ({sql}) c)", params))
    if not parts:
        return 0, False
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(p for p, _ in parts), [x for _, ps in parts for x in ps])
        total = cursor.fetchone()[0]
    return min(total, cap), total > cap


# -- loading a page's records ----------------------------------------------------------------------------

def load(user, keys, *, listed=False):
    """TimelineItems for (kind, id, …) keys, in the keys' order (one query per kind, and its
    prefetches: claims' actors, and with `listed` their co-speakers and conflicts; meetings'
    participants and claims; steps' claims; figures' claims)."""
    wanted = {}
    for kind, pk, *_ in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {}
    for kind, ids in wanted.items():
        loaded.update({(kind, r.pk): r for r in _records(user, kind, listed).filter(pk__in=ids)})
    return [ITEM_BUILDERS[kind](loaded[(kind, pk)]) for kind, pk, *_ in keys if (kind, pk) in loaded]


def _records(user, kind, listed=False):
    if kind == ItemKind.CLAIM:
        return visible(Claim, user).select_related(
            "speaker", "source", "source__cites", "first_appeared_in"
        ).prefetch_related(
            VisiblePrefetch("actors", Actor.objects.order_by("name", "id"), user),
            *(listed_claims(user) if listed else ()),
        )
    if kind == ItemKind.MEETING:
        return visible(Meeting, user).select_related("country").prefetch_related(
            participants_prefetch(user), citations(user)
        )
    if kind in (ItemKind.FUNDING, ItemKind.LEGISLATION):
        return visible(DATED_BY[kind][0], user).select_related(
            "request__requester", "request__addressee", "claim__speaker", "claim__source"
        )
    return visible(CrossingStatistic, user).select_related("source", "country", "origin").prefetch_related(
        citations(user, order=("said_on", "id"))
    )


def _claim_item(claim):
    if claim.occurred_on:
        date, precision = claim.occurred_on, claim.occurred_on_precision
    else:
        date, precision = claim.said_on, claim.said_on_precision
    speakers = [actor for actor, _ in claim.speakers_shown()]
    people = speakers + [a for a in claim.actors.all() if a not in speakers]
    return TimelineItem(ItemKind.CLAIM, date, precision, claim.text, claim, people)


def _funding_item(step):
    request = step.request
    title = f"{request.title}: {step.get_stage_display().lower()}"
    return TimelineItem(
        ItemKind.FUNDING, step.date, step.date_precision, title, request,
        [request.requester, request.addressee], step=step,
    )


def _legislation_item(action):
    request = action.request
    what = action.get_action_display().lower()
    title = f"{action.bill_number}: {what} in the {action.get_chamber_display()}"
    if action.tally_display:
        title += f", {action.tally_display}"
    return TimelineItem(
        ItemKind.LEGISLATION, action.date, action.date_precision, title, request,
        [request.requester, request.addressee], step=action,
    )


def _figure_item(figure):
    title = f"{figure.value_display}: {figure.get_metric_display().lower()}, {figure.geography_display}"
    return TimelineItem(
        ItemKind.FIGURE, figure.as_of, figure.as_of_precision, title, figure,
        [place for place in (figure.country, figure.origin) if place],
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
    ItemKind.LEGISLATION: _legislation_item,
}


# -- what callers ask for -----------------------------------------------------------------------------

def months(user, filters):
    """[(first day of a month, how many items it holds)] for every month with items, oldest first:
    the month index (1 query, each kind grouped by month and joined by UNION ALL; it reads every
    matching row, figures included, so for readers it is kept until the data changes)."""
    def read():
        grouped = [
            rows.order_by().annotate(tl_month=TruncMonth(DATED_BY[kind][1]))
            .values("tl_month").annotate(tl_n=Count("id")).values_list("tl_month", "tl_n")
            for kind, rows in branches(user, filters).items()
        ]
        totals = {}
        for month, n in union_all(grouped) if grouped else []:
            month = _as_date(str(month)[:10])
            totals[month] = totals.get(month, 0) + n
        return sorted(totals.items())

    key = (getattr(filters.actor, "pk", None), getattr(filters.country, "pk", None), tuple(filters.kinds),
           str(filters.start), str(filters.end))
    return remember(user, "timeline-months", key, read)


def month_position(month, newest_first):
    """The cursor a month index link starts from: just before the month's first item, or, newest
    first, just after its last."""
    if not newest_first:
        return Position.starting(month)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Position(following - datetime.timedelta(days=1), 99, 99, 2**62)


def page(user, filters=None, *, after=None, before=None, limit=50, newest_first=False, counted=True,
         listed=False):
    """One page of the timeline: after a position (the next page), or before one (the previous
    page), in oldest-first or newest-first order; with the capped count of all matching items.
    `listed`: claims come with their co-speakers and the claims they conflict with, as the page
    shows them (+2 queries when the page holds a claim).

    Queries: 1 for the keys, 1 for the count, 1 per kind on the page and its prefetches.
    """
    filters = filters or TimelineFilters()
    going_back = before is not None
    keys = page_keys(user, filters, after=before if going_back else after, limit=limit + 1,
                     descending=newest_first != going_back)
    more = len(keys) > limit
    keys = keys[:limit]
    if going_back:
        keys.reverse()
    positions = [Position(day, rank, ItemKind.ORDER[kind], pk) for kind, pk, day, rank in keys]
    total, capped = count(user, filters) if counted else (len(keys), False)
    result = Page(items=load(user, keys, listed=listed), count=total, count_capped=capped, keys=keys)
    if positions:
        result.previous = positions[0] if (more if going_back else after is not None) else None
        result.next = positions[-1] if (True if going_back else more) else None
    return result


def latest(user, limit=8):
    """The most recent things that happened, newest first: no scheduled meetings, no announced
    plans (1 query for the keys, then the records)."""
    keys = page_keys(user, TimelineFilters(), limit=limit, descending=True, happened_only=True)
    return load(user, keys)


def newest(user, filters, limit):
    """The latest `limit` items, newest first (the Atom feed)."""
    return load(user, page_keys(user, filters, limit=limit, descending=True))
