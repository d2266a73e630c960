"""The claims list: visible claims narrowed by speaker, source, kind and verdict, with a count for
each value of each facet.

Each facet counts the claims that match every other facet's filter, so a reader sees how many
claims choosing a value would leave (the usual faceted-search rule). The counts run over visible
claims only: a reader never counts a draft, nor sees the name of a draft speaker or source, since a
visible claim's speaker and source are visible too (crisis.models.base.public_condition).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from crisis.caching import remember
from crisis.models import ClaimKind, Verdict

from .records import claims_ordered, listed_claims

# A value standing for "none": the publication's own reporting (no speaker), or no verdict given.
NONE = "none"
# Each facet lists its commonest values; the one chosen is listed whatever its rank.
FACET_SIZE = 12


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None
    chosen: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list
    more: bool = False


def _condition(name, value):
    if name == "speaker":
        return Q(speaker__isnull=True) if value == NONE else Q(speaker__slug=value)
    if name == "source":
        return Q(source__slug=value)
    if name == "verdict":
        return Q(verdict="") if value == NONE else Q(verdict=value)
    return Q(kind=value)


def _filtered(user, filters, skip=None):
    queryset = claims_ordered(user)
    for name, value in filters.items():
        if value and name != skip:
            queryset = queryset.filter(_condition(name, value))
    return queryset


def claim_list(user, filters):
    """Visible claims matching `filters` ({facet name: value}), speaker and source joined, in the
    order they happened, their other speakers and conflicts prefetched; paginate it (a capped
    count, then one page, its co-speakers and its conflicts: 4 queries)."""
    return _filtered(user, filters).prefetch_related(*listed_claims(user))


# facet name → (heading, the columns it groups by: value first, then what its label is made of)
FACETS = {
    "speaker": ("Speaker", ("speaker__slug", "speaker__name")),
    "source": ("Source", ("source__slug", "source__publisher", "source__title")),
    "kind": ("Kind", ("kind",)),
    "verdict": ("Our verdict", ("verdict",)),
}


def _label(name, row):
    if name == "speaker":
        return row["speaker__name"] or "The publication’s own reporting"
    if name == "source":
        return f"{row['source__publisher']}: {row['source__title']}"
    if name == "kind":
        return ClaimKind(row["kind"]).label
    return Verdict(row["verdict"]).label if row["verdict"] else "No verdict given"


def facets(user, filters):
    """Every facet with the count of each value among the claims the other filters leave
    (one GROUP BY query per facet: 4 queries; for readers, kept until the data changes)."""
    return remember(user, "claim-facets", sorted(filters.items()), lambda: _facets(user, filters))


def _facets(user, filters):
    out = []
    for name, (heading, columns) in FACETS.items():
        rows = list(
            _filtered(user, filters, skip=name).order_by().values(*columns)
            .annotate(n=Count("pk")).order_by("-n", *columns[1:] or columns)[: FACET_SIZE + 1]
        )
        chosen = filters.get(name) or ""
        values = []
        for row in rows[:FACET_SIZE]:
            value = row[columns[0]] or NONE
            values.append(FacetValue(value, _label(name, row), row["n"], chosen == value))
        facet = Facet(name, heading, values, more=len(rows) > FACET_SIZE)
        if chosen and not any(v.chosen for v in values):
            # Chosen but not among the commonest (or matching nothing): still shown, to undo.
            facet.values.append(FacetValue(chosen, chosen, None, True))
        out.append(facet)
    return out
