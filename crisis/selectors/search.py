"""Search across every kind of record, by whole words, best match first.

Each searchable table keeps its text indexed by the database (migration 0009): a stored tsvector
with a GIN index on PostgreSQL, an FTS5 table on SQLite. Words match whole ("ICE" is not found in
"office"), in their forms on PostgreSQL and with Porter stemming on SQLite ("migrant" finds
"migrants"). A common word can match a large share of a table: the best matches are ranked among
the latest CANDIDATES that match, which keeps a query's cost bounded whatever its breadth.

Filters narrow a search without leaving the read layer: one kind of record, and for claims a span
of dates said, a speaker or a source. The counts of every kind stay in the one counting query, so
a reader who narrows to claims still sees how many actors or sources match, and each is counted
among the rows the user may see: a filter is one more condition on the visible rows.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from crisis.models import Actor, Claim, CrossingStatistic, FundingRequest, Meeting, PolicyProposal, Source

from .visibility import visible

MAX_QUERY_LENGTH = 200
CANDIDATES = 1000
# Kinds in the order the results page shows them, and how each reads its rows.
KINDS = {
    "claims": (Claim, ("speaker", "source")),
    "actors": (Actor, ()),
    "meetings": (Meeting, ("country",)),
    "proposals": (PolicyProposal, ()),
    "funding_requests": (FundingRequest, ("requester", "addressee")),
    "figures": (CrossingStatistic, ("source", "country", "origin")),
    "sources": (Source, ()),
}
# The kind a URL names (?kind=claim) → its group.
KIND_PARAMS = {
    "claim": "claims", "actor": "actors", "meeting": "meetings", "proposal": "proposals",
    "funding": "funding_requests", "figure": "figures", "source": "sources",
}
PARAM_OF_KIND = {kind: param for param, kind in KIND_PARAMS.items()}
# bm25 weights of the FTS5 columns, mirroring PostgreSQL's A–D weights of each table's vector.
FTS_WEIGHTS = {
    "crisis_claim": (10, 4, 2), "crisis_actor": (10, 10, 2), "crisis_source": (10, 4, 2, 1),
    "crisis_meeting": (10, 4, 2, 1), "crisis_policyproposal": (10, 4, 2),
    "crisis_fundingrequest": (10, 4), "crisis_crossingstatistic": (10, 4, 4, 2, 1),
}


def full_text_available():
    """PostgreSQL's full-text search (word forms, phrases, -exclusions); else SQLite's FTS5."""
    return connection.vendor == "postgresql"


def clean(query):
    return " ".join(query.replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def matching(queryset, query):
    """The rows of `queryset` matching `query`, best first, ranked among the latest CANDIDATES
    matches (1 query when evaluated)."""
    table = queryset.model._meta.db_table
    # The candidates are a subquery of the table's own, named in full: Django would alias the
    # table inside a subquery it builds, and the raw condition would then name the outer table,
    # turning a lookup in the index into one per outer row.
    if full_text_available():
        latest = (f"SELECT id FROM {table} WHERE search_vector @@ websearch_to_tsquery('english', %s) "
                  f"ORDER BY id DESC LIMIT {CANDIDATES}")
        rank = f"ts_rank({table}.search_vector, websearch_to_tsquery('english', %s))"
    else:
        query = fts_query(query)
        if not query:
            return queryset.none()
        latest = (f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s "
                  f"ORDER BY rowid DESC LIMIT {CANDIDATES}")
        weights = ", ".join(str(w) for w in FTS_WEIGHTS[table])
        rank = (f"(SELECT -bm25({table}_fts, {weights}) FROM {table}_fts "
                f"WHERE {table}_fts MATCH %s AND {table}_fts.rowid = {table}.id)")
    return queryset.extra(
        where=[f"{table}.id IN ({latest})"], params=[query],
        select={"search_rank": rank}, select_params=[query],
    ).order_by("-search_rank", "-pk")


TOKENS = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def fts_query(query):
    """The words and "phrases" of a query as an FTS5 expression; -word excludes a word."""
    include, exclude = [], []
    for minus_phrase, phrase, minus_word, word in TOKENS.findall(query):
        text = (phrase or word).replace('"', "").strip()
        if not text or not re.search(r"\w", text):
            continue
        (exclude if (minus_phrase or minus_word) else include).append(f'"{text}"')
    if not include:
        return ""
    return " ".join(include) + "".join(f" NOT {term}" for term in exclude)


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to: `kind` is a group of KINDS; the rest narrow claims only, and
    asking for any of them shows claims only."""

    kind: str = ""
    said_from: datetime.date | None = None
    said_to: datetime.date | None = None
    speaker: str = ""
    source: str = ""

    def claim_condition(self):
        condition = Q()
        if self.said_from:
            condition &= Q(said_on__gte=self.said_from)
        if self.said_to:
            condition &= Q(said_on__lte=self.said_to)
        if self.speaker:
            condition &= Q(speaker__slug=self.speaker)
        if self.source:
            condition &= Q(source__slug=self.source)
        return condition

    def shown(self, kind):
        """Whether the rows of `kind` are read (its count always is)."""
        if self.kind:
            return kind == self.kind
        return kind == "claims" or not self.claim_condition()


def search(user, query, filters=SearchFilters(), limit=20):
    """{kind: (rows, how many match up to CANDIDATES, whether more do)} for the records the user
    may see; rows is None for a kind the filters leave out. One query counts every kind's matches,
    then one per kind shown that has any reads its best."""
    query = clean(query)
    if not query:
        return {}
    matches = {kind: matching(visible(model, user).select_related(*related), query)
               for kind, (model, related) in KINDS.items()}
    matches["claims"] = matches["claims"].filter(filters.claim_condition())
    counts = _counts(matches.values())
    return {
        kind: ((list(rows[:limit]) if count else []) if filters.shown(kind) else None,
               count, count >= CANDIDATES)
        for (kind, rows), count in zip(matches.items(), counts, strict=True)
    }


WORD = re.compile(r"\w+")


def terms(query):
    """The words a query looks for, to mark in what it found: its words and the words of its
    phrases, not the ones it leaves out (-word) nor PostgreSQL's OR."""
    found = []
    for minus_phrase, phrase, minus_word, word in TOKENS.findall(clean(query)):
        if minus_phrase or minus_word or word == "or":
            continue
        for term in WORD.findall(phrase or word):
            if term.lower() not in (t.lower() for t in found):
                found.append(term)
    return found


def _counts(querysets):
    parts, params = [], []
    for queryset in querysets:
        if queryset.query.is_empty():  # a query of no searchable word matches nothing
            parts.append("0")
            continue
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) matched)")
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())
