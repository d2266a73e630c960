"""schema.org JSON-LD for the pages: people and organisations, events, claims, datasets.

Builders take records the view already loaded and never query; `absolute` turns a path into a
full URL for the request being served.
"""

from crisis.models import (
    ActorKind,
    ClaimKind,
    MeetingStatus,
    Verdict,
)

CONTEXT = "https://schema.org"

EVENT_STATUS = {
    MeetingStatus.SCHEDULED: "https://schema.org/EventScheduled",
    MeetingStatus.HELD: "https://schema.org/EventScheduled",
    MeetingStatus.POSTPONED: "https://schema.org/EventPostponed",
    MeetingStatus.CANCELLED: "https://schema.org/EventCancelled",
}

# The verdicts on a 1–5 scale for search engines; the words go out as alternateName. A claim
# the evidence does not settle leans neither way, so it sits in the middle. A claim without a
# verdict gets a plain Claim, not a review.
RATING = {
    Verdict.ACCURATE: 5,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.UNVERIFIABLE: 3,
    Verdict.MISLEADING: 2,
    Verdict.INACCURATE: 1,
}


def _iso(value):
    return value.isoformat() if value else None


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def actor(record, absolute):
    if record.kind == ActorKind.PERSON:
        kind = "Person"
    elif record.kind == ActorKind.COUNTRY:
        kind = "Country"
    elif record.kind in (ActorKind.GOVERNMENT_BODY, ActorKind.LEGISLATURE):
        kind = "GovernmentOrganization"
    else:
        kind = "Organization"
    return _clean({
        "@type": kind,
        "@id": absolute(record.get_absolute_url()),
        "name": record.name,
        "alternateName": record.short_name,
        "description": record.description,
        "sameAs": record.url,
        "url": absolute(record.get_absolute_url()),
    })


def actor_page(record, roles, absolute):
    data = actor(record, absolute)
    if record.kind == ActorKind.PERSON and roles:
        data["jobTitle"] = [role.title for role in roles]
        data["affiliation"] = [
            actor(role.organisation, absolute) for role in roles if role.organisation
        ]
    return {"@context": CONTEXT, **data}


def source(record, absolute, cited=None):
    """A source, naming `cited`, the source it relays, when the reader may see that one."""
    kind = "NewsArticle" if record.kind == "news_article" else "CreativeWork"
    return _clean({
        "@type": kind,
        "@id": absolute(record.get_absolute_url()),
        "headline" if kind == "NewsArticle" else "name": record.title,
        "publisher": {"@type": "Organization", "name": record.publisher},
        "author": {"@type": "Person", "name": record.author} if record.author else None,
        "datePublished": _iso(record.published_on),
        "url": record.url or absolute(record.get_absolute_url()),
        "citation": source(cited, absolute) if cited else None,
    })


def meeting(record, participants, absolute):
    return {"@context": CONTEXT, **_clean({
        "@type": "Event",
        "@id": absolute(record.get_absolute_url()),
        "name": record.title,
        "startDate": _iso(record.date),
        "eventStatus": EVENT_STATUS.get(record.meeting_status),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _clean({
            "@type": "Place",
            "name": record.place or (record.country.name if record.country else "Not reported"),
        }),
        "description": record.purpose or record.outcome,
        "organizer": [actor(p.actor, absolute) for p in participants if p.role == "host"],
        "attendee": [actor(p.actor, absolute) for p in participants if p.role != "host"],
        "url": absolute(record.get_absolute_url()),
    })}


def claim(record, absolute, cited=None, first_appearance=None):
    """A Claim with where it appeared; wrapped in a ClaimReview once the desk has a verdict."""
    speakers = [actor(person, absolute) for person, _ in record.speakers_shown()]
    # schema.org's author takes a list: a joint statement names every speaker.
    author = (speakers[0] if len(speakers) == 1 else speakers) if speakers else {
        "@type": "Organization", "name": record.source.publisher,
    }
    data = _clean({
        "@type": "Claim",
        "@id": absolute(record.get_absolute_url()),
        "text": record.quote if record.kind == ClaimKind.QUOTE and record.quote else record.text,
        "author": author,
        "dateCreated": _iso(record.said_on),
        "appearance": source(record.source, absolute, cited),
        "firstAppearance": source(first_appearance, absolute) if first_appearance else None,
    })
    if record.verdict not in RATING:
        return {"@context": CONTEXT, **data}
    return {"@context": CONTEXT, **_clean({
        "@type": "ClaimReview",
        "url": absolute(record.get_absolute_url()),
        "claimReviewed": record.text,
        "itemReviewed": data,
        "reviewRating": {
            "@type": "Rating", "ratingValue": RATING[record.verdict], "bestRating": 5,
            "worstRating": 1, "alternateName": record.get_verdict_display(),
            "ratingExplanation": record.verdict_rationale,
        },
        "datePublished": _iso(record.verdict_at.date()) if record.verdict_at else None,
    })}


def figures(statistics, absolute, url, csv_url):
    """The figures on the page as a Dataset of Observations, each citing its source."""
    return {"@context": CONTEXT, **_clean({
        "@type": "Dataset",
        "name": "Crossing figures: unaccompanied children and families, 2013–2014",
        "description": "Figures reported in the sources, each with its scope, period, "
        "as-of date and the claim and source behind it.",
        "url": url,
        "isAccessibleForFree": True,
        "distribution": [{
            "@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": csv_url,
        }],
        "variableMeasured": sorted({s.get_metric_display() for s in statistics}),
        "hasPart": [observation(s, absolute) for s in statistics],
    })}


def observation(statistic, absolute):
    return _clean({
        "@type": "Observation",
        "@id": absolute(statistic.get_absolute_url()),
        "name": str(statistic),
        "value": float(statistic.value),
        "unitText": statistic.get_unit_display(),
        "measuredProperty": statistic.get_metric_display(),
        "observationDate": _iso(statistic.as_of),
        "observationAbout": {"@type": "Place", "name": statistic.geography_display},
        "citation": source(statistic.source, absolute),
    })
