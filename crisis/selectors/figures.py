"""Figures as the figures page, its CSV and the figure page read them."""

from collections import Counter

from django.db.models import Count, prefetch_related_objects

from crisis.caching import remember
from crisis.models import Claim, CrossingStatistic

from .records import citations, figures
from .sql import union_all
from .visibility import visible

# What decides whether two figures may share an axis.
SCOPE_FIELDS = ("metric", "unit", "geography", "area", "country_id", "origin_id", "population")
# Grouped by scope, then oldest to newest; pk last so pages never overlap or skip a row. Undated
# periods sort first on every database (PostgreSQL would put NULLs last by default).
TABLE_ORDER = ("metric", "geography", "area", "period_sort", "as_of", "pk")
LATEST_FIRST = ("-period_sort", "-as_of", "-pk")
FILTERS = ("metric", "geography", "area", "country", "origin", "unit")
# The orders a reader may sort the table by: only those an index walks (figure_table_order and
# figure_api_order, forwards or backwards), since sorting a million rows per request is not an option.
SORTS = {
    "measure": TABLE_ORDER,
    "-measure": tuple(f"-{name}" for name in TABLE_ORDER),
    "period": ("metric", "period_start", "as_of", "pk"),
    "-period": ("-metric", "-period_start", "-as_of", "-pk"),
}
# Where each filter sits in a scope key, so facets are counted from the scopes alone.
FACET_FIELDS = {"metric": "metric", "geography": "geography", "area": "area", "country": "country_id",
                "origin": "origin_id", "unit": "unit"}


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
    """Named areas of visible figures, for the filter (1 query; for readers, kept until the data
    changes)."""
    def read():
        rows = visible(CrossingStatistic, user).exclude(area="").order_by("area")
        return list(rows.values_list("area", flat=True).distinct())

    return remember(user, "figure-areas", (), read)


def scopes(user, filters):
    """Every scope the filters match, in chart order, with how many figures each holds (1 query
    over every matching figure; for readers, kept until the data changes)."""
    def read():
        rows = matching(user, filters).order_by().values(*SCOPE_FIELDS).annotate(total=Count("pk"))
        rows = rows.order_by(*SCOPE_FIELDS)
        return {tuple(row[name] for name in SCOPE_FIELDS): row["total"] for row in rows}

    return remember(user, "figure-scopes", sorted((k, str(v)) for k, v in filters.items() if v), read)


def _facet_value(value):
    # The form cleans a country to its record; a scope holds its id.
    return getattr(value, "pk", value)


def facets(user, filters):
    """The scopes the filters match, and for each filter how many figures each of its values
    would leave with the other filters kept, Datasette's facets (1 query, the scopes of the date
    range alone, kept for readers until the data changes; the rest is counted here, so a facet
    never costs a GROUP BY over the figures of its own)."""
    dated = {name: filters.get(name) for name in ("as_of_from", "as_of_to")}
    wanted = {name: _facet_value(filters[name]) for name in FACET_FIELDS if filters.get(name)}
    position = {name: SCOPE_FIELDS.index(field) for name, field in FACET_FIELDS.items()}
    counts = {name: Counter() for name in FACET_FIELDS}
    matched = {}
    for key, total in scopes(user, dated).items():
        misses = [name for name, value in wanted.items() if key[position[name]] != value]
        if not misses:
            matched[key] = total
        for name in FACET_FIELDS:
            # A facet counts what choosing each of its values would show, so its own filter is
            # the one left out.
            if not misses or misses == [name]:
                counts[name][key[position[name]]] += total
    return matched, counts


def table(filtered, sort="measure"):
    """The table's rows in a whitelisted order, with source, country and origin joined (1 query
    when sliced)."""
    return filtered.select_related("source", "country", "origin").order_by(*SORTS.get(sort, TABLE_ORDER))


def latest_per_scope(filtered, charted, points):
    """The latest `points` figures of each charted scope: their ids in one query (each scope read
    backwards along the table's index), then the figures with source, country and origin (1 query)."""
    latest = [
        filtered.filter(**dict(zip(SCOPE_FIELDS, key, strict=True))).order_by(*LATEST_FIRST)
        .values_list("id", flat=True)[:points]
        for key in charted
    ]
    ids = [row[0] for row in union_all(latest)] if latest else []
    rank = {pk: i for i, pk in enumerate(ids)}
    rows = filtered.select_related("source", "country", "origin").filter(pk__in=ids)
    order = {key: i for i, key in enumerate(charted)}
    # Chart order, then oldest to newest inside a scope, so the newest bar is at the bottom.
    return sorted(rows, key=lambda s: (order[scope_key(s)], -rank[s.pk]))


def with_citations(user, rows):
    """Prefetch the visible claims of already loaded figures (1 query)."""
    prefetch_related_objects(rows, citations(user, order=("said_on", "pk")))
    return rows


def for_csv(user, filters, sort="measure"):
    """Every figure the page's filters match, in the page's order (export_chunks reads it)."""
    return matching(user, filters).order_by(*SORTS.get(sort, TABLE_ORDER))


# What a CSV row of a figure reads, as plain values.
EXPORT_FIELDS = (
    "id", "metric", "value", "unit", "qualifier", "population", "geography", "area",
    "country__country_code", "country__name", "origin__country_code", "origin__name",
    "period_start", "period_start_precision", "period_end",
    "period_end_precision", "as_of", "as_of_precision", "method", "status", "correction_note",
    "source__slug", "source__title", "source__publisher", "source__url", "source__published_on",
)


def export_chunks(user, queryset, size=5000):
    """(rows, {figure id: [(claim id, text, quote)…]}) a chunk at a time: each chunk is one slice
    of the figures read as plain values, then its visible claims (2 queries a chunk, flat memory)."""
    chunk = []
    for row in queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk, _claims_of(user, chunk)
            chunk = []
    if chunk:
        yield chunk, _claims_of(user, chunk)


def _claims_of(user, rows):
    links = CrossingStatistic.claims.through.objects.filter(
        crossingstatistic_id__in=[row[0] for row in rows], claim__in=visible(Claim, user),
    ).order_by("claim__said_on", "claim_id")
    claims = {}
    for figure, pk, text, quote in links.values_list("crossingstatistic_id", "claim_id", "claim__text",
                                                    "claim__quote"):
        claims.setdefault(figure, []).append((pk, text, quote))
    return claims


def figure(user, pk):
    """One figure with source, country, origin and claims (2 queries), or None."""
    return figures(user).prefetch_related(None).prefetch_related(
        citations(user, order=("said_on", "pk"))
    ).filter(pk=pk).first()


def recent(user, limit=20):
    """The latest figures by as-of date, with claims (2 queries)."""
    return figures(user).prefetch_related(None).prefetch_related(
        citations(user, order=("said_on", "pk"))
    ).order_by("-as_of", "metric", "pk")[:limit]
