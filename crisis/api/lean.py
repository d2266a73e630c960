"""The figures list's rows built directly, for the API's hottest path.

DRF's serializers walk their fields for every row and reverse() every link; a page of fifty
figures with their claims spends most of its time there. These functions write exactly what
FigureSerializer writes (a test compares the two on every field) from the same loaded records,
with links made from one reverse() each. Writes, the schema and single records keep using the
serializers.
"""

import datetime
from decimal import Decimal

from django.urls import reverse

from crisis.dates import format_date

# Stand-ins reverse() accepts, replaced in the URL it returns.
PK, SLUG = "2147483647", "slug-stand-in"
CENTS = Decimal("0.01")


def _instant(value):
    """A datetime as DRF writes it: ISO 8601, UTC as Z."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _money(value, places=CENTS):
    return None if value is None else f"{value.quantize(places):f}"


class Links:
    """API links by template, built once per request."""

    def __init__(self, request):
        def template(name, stand_in):
            url = request.build_absolute_uri(reverse(f"v1:{name}", kwargs={
                "pk" if stand_in == PK else "slug": stand_in}))
            return lambda value: url.replace(stand_in, str(value))

        self.figure = template("figure-detail", PK)
        self.claim = template("claim-detail", PK)
        self.actor = template("actor-detail", SLUG)
        self.source = template("source-detail", SLUG)


def actor_ref(actor, links):
    if actor is None:
        return None
    return {"slug": actor.slug, "api_url": links.actor(actor.slug), "name": actor.name,
            "short_name": actor.short_name, "kind": actor.kind, "country_code": actor.country_code}


def source_ref(source, links):
    return {
        "slug": source.slug, "api_url": links.source(source.slug), "title": source.title,
        "publisher": source.publisher, "kind": source.kind, "url": source.url,
        "archived_url": source.archived_url, "published_on": _day(source.published_on),
        "published_on_precision": source.published_on_precision,
        "published_display": format_date(source.published_on, source.published_on_precision),
    }


def citation(claim, links):
    return {
        "id": claim.pk, "api_url": links.claim(claim.pk), "text": claim.text, "quote": claim.quote,
        "speaker": actor_ref(claim.speaker, links), "speaker_title": claim.speaker_title,
        "said_on": _day(claim.said_on), "said_on_precision": claim.said_on_precision,
        "said_display": format_date(claim.said_on, claim.said_on_precision), "kind": claim.kind,
        "verdict": claim.verdict, "verdict_rationale": claim.verdict_rationale, "rank": claim.rank,
        "status": claim.status,
        "source": source_ref(claim.source, links),
    }


def figure(statistic, links):
    """One figure as FigureSerializer writes it (its claims prefetched, speaker and source joined)."""
    s = statistic
    return {
        "id": s.pk, "api_url": links.figure(s.pk), "metric": s.metric, "value": _money(s.value),
        "unit": s.unit, "qualifier": s.qualifier, "value_display": s.value_display,
        "population": s.population, "geography": s.geography, "area": s.area,
        "country": actor_ref(s.country, links), "origin": actor_ref(s.origin, links),
        "period_start": _day(s.period_start),
        "period_start_precision": s.period_start_precision, "period_end": _day(s.period_end),
        "period_end_precision": s.period_end_precision, "period_display": s.period_display,
        "as_of": _day(s.as_of), "as_of_precision": s.as_of_precision, "as_of_display": s.as_of_display,
        "method": s.method, "source": source_ref(s.source, links),
        "claims": [citation(claim, links) for claim in s.claims.all()],
        "status": s.status, "version": s.version, "published_at": _instant(s.published_at),
        "correction_note": s.correction_note, "corrected_at": _instant(s.corrected_at),
        "created_at": _instant(s.created_at), "updated_at": _instant(s.updated_at),
    }


def figures(rows, request):
    links = Links(request)
    return [figure(row, links) for row in rows]
