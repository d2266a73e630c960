"""Search across claims, quotes, actors and sources.

PostgreSQL ranks matches with its full-text search; SQLite has none, so there the search falls
back to a case-insensitive substring match in the same order the models already sort by.
`matching()` is the one place that picks.
"""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from crisis.models import Actor, Claim, Source

from .visibility import visible

# Fields searched per model, most telling first: weights A, B, C, D on PostgreSQL.
FIELDS = {
    Claim: ["text", "quote", "speaker_title", "speaker__name"],
    Actor: ["name", "short_name", "description"],
    Source: ["title", "publisher", "author", "notes"],
}
WEIGHTS = "ABCD"
MAX_QUERY_LENGTH = 200


def full_text_available():
    return connection.vendor == "postgresql"


def matching(queryset, query):
    """The rows of `queryset` that match `query`, best first."""
    fields = FIELDS[queryset.model]
    if full_text_available():
        return _postgres_matching(queryset, fields, query)
    words = query.split()
    per_word = [reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)) for word in words]
    return queryset.filter(*per_word).distinct()


def _postgres_matching(queryset, fields, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = reduce(
        lambda a, b: a + b,
        (SearchVector(f, weight=WEIGHTS[min(i, 3)], config="english") for i, f in enumerate(fields)),
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        queryset.annotate(search_rank=SearchRank(vector, search_query))
        .filter(search_rank__gt=0)
        .order_by("-search_rank", "pk")
    )


def search(user, query, limit=50):
    """Visible claims, actors and sources matching `query` (three queries)."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return {"claims": [], "actors": [], "sources": []}
    claims = visible(Claim, user).select_related("speaker", "source")
    return {
        "claims": list(matching(claims, query)[:limit]),
        "actors": list(matching(visible(Actor, user), query)[:limit]),
        "sources": list(matching(visible(Source, user), query)[:limit]),
    }
