"""Figures as the figures page, its CSV and the figure page read them."""

from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from crisis.models import CrossingStatistic

from .records import citations, figures
from .visibility import visible

# What decides whether two figures may share an axis.
SCOPE_FIELDS = ("metric", "unit", "geography", "area", "country_id", "population")
# Grouped by scope, then oldest to newest; pk last so pages never overlap or skip a row. Undated
# periods sort first on every database (PostgreSQL would put NULLs last by default).
TABLE_ORDER = (
    "metric", "geography", "area", F("period_end").asc(nulls_first=True), "as_of", "pk",
)
LATEST_FIRST = (F("period_end").desc(nulls_last=True), F("as_of").desc(), F("pk").desc())
FILTERS = ("metric", "geography", "area", "country")


def scope_key(statistic):
    return tuple(getattr(statistic, name) for name in SCOPE_FIELDS)


def matching(user, filters):
    """Visible figures matching the page's filters (a dict of cleaned values; no query)."""
    rows = visible(CrossingStatistic, user)
    for name in FILTERS:
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("as_of_from"):
        rows = rows.filter(as_of__gte=filters["as_of_from"])
    if filters.get("as_of_to"):
        rows = rows.filter(as_of__lte=filters["as_of_to"])
    return rows


def areas(user):
    """Named areas of visible figures, for the filter (1 query)."""
    return list(
        visible(CrossingStatistic, user).exclude(area="").order_by("area").values_list("area", flat=True)
        .distinct()
    )


def scopes(filtered):
    """Every scope the filters match, in chart order, with how many figures each holds (1 query)."""
    rows = filtered.order_by().values(*SCOPE_FIELDS).annotate(total=Count("pk")).order_by(*SCOPE_FIELDS)
    return {tuple(row[name] for name in SCOPE_FIELDS): row["total"] for row in rows}


def table(filtered):
    """The table's rows in table order, with source and country joined (1 query when sliced)."""
    return filtered.select_related("source", "country").order_by(*TABLE_ORDER)


def latest_per_scope(filtered, charted, all_scopes, points):
    """The latest `points` figures of each charted scope, in one windowed query."""
    rows = filtered.select_related("source", "country").annotate(recency=Window(
        RowNumber(), partition_by=[F(name) for name in SCOPE_FIELDS], order_by=LATEST_FIRST,
    )).filter(recency__lte=points)
    if len(charted) < len(all_scopes):
        rows = rows.filter(reduce(or_, (Q(**dict(zip(SCOPE_FIELDS, key, strict=True))) for key in charted)))
    order = {key: i for i, key in enumerate(charted)}
    # Chart order, then oldest to newest inside a scope, so the newest bar is at the bottom.
    return sorted(rows, key=lambda s: (order[scope_key(s)], -s.recency))


def with_citations(user, rows):
    """Prefetch the visible claims of already loaded figures (1 query)."""
    prefetch_related_objects(rows, citations(user, order=("said_on", "pk")))
    return rows


def for_csv(user, filters):
    """Every matching figure with its claims, in table order, read in chunks (2 queries a chunk)."""
    return matching(user, filters).select_related("source", "country").prefetch_related(
        citations(user, order=("said_on", "pk"))
    ).order_by(*TABLE_ORDER)


def figure(user, pk):
    """One figure with source, country and claims (2 queries), or None."""
    return figures(user).prefetch_related(None).prefetch_related(
        citations(user, order=("said_on", "pk"))
    ).filter(pk=pk).first()


def recent(user, limit=20):
    """The latest figures by as-of date, with claims (2 queries)."""
    return figures(user).prefetch_related(None).prefetch_related(
        citations(user, order=("said_on", "pk"))
    ).order_by("-as_of", "metric", "pk")[:limit]
