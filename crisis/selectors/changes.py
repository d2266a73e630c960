"""The changes feed: what happened to records after a moment, each event at the time it happened.

Readers see what they saw change (a record published, updated by a reviewed claim, corrected,
retracted, withdrawn); newsroom accounts see every step. Read from the event log, so a record
going public is listed at the moment of publication, whenever its draft was saved.
"""

from crisis.models import RECORD_MODELS, Claim, Event, RecordKind, sees_drafts

# The API route of each kind, and what it is looked up by.
ROUTES = {
    RecordKind.SOURCE: ("v1:source-detail", "slug"),
    RecordKind.ACTOR: ("v1:actor-detail", "slug"),
    RecordKind.MEETING: ("v1:meeting-detail", "slug"),
    RecordKind.FUNDING_REQUEST: ("v1:funding-request-detail", "slug"),
    RecordKind.PROPOSAL: ("v1:proposal-detail", "slug"),
    RecordKind.STANCE: ("v1:stance-detail", "pk"),
    RecordKind.FIGURE: ("v1:figure-detail", "pk"),
    RecordKind.CLAIM: ("v1:claim-detail", "pk"),
    # A funding step is read inside its request.
    RecordKind.FUNDING_STAGE: ("v1:funding-request-detail", "request__slug"),
    RecordKind.BILL_ACTION: ("v1:legislative-action-detail", "pk"),
}


def events_since(user, since):
    """Events after `since`, oldest first; a QuerySet the caller pages (no query yet)."""
    rows = Event.objects.filter(created_at__gt=since).order_by("created_at", "id")
    if not sees_drafts(user, Claim):
        rows = rows.filter(public=True)
    return rows


def route_keys(events):
    """{(kind, id): (route name, kwargs)} for a page of events (one query per kind on the page)."""
    wanted = {}
    for event in events:
        wanted.setdefault(event.record_type, set()).add(event.record_id)
    keys = {}
    for kind, ids in wanted.items():
        route, lookup = ROUTES[kind]
        model = RECORD_MODELS[kind]
        if lookup == "pk":
            keys.update({(kind, pk): (route, {"pk": pk}) for pk in ids})
            continue
        for pk, value in model._default_manager.filter(pk__in=ids).values_list("pk", lookup):
            keys[(kind, pk)] = (route, {"slug": value})
    return keys



