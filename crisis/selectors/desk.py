"""What the desk lists: an editor's drafts, claims in review, restores waiting for a reviewer."""

from collections import defaultdict

from django.db.models import OuterRef, Subquery

from crisis.models import (
    RECORD_MODELS,
    ChangeStatus,
    Claim,
    Event,
    EventAction,
    FundingPurpose,
    ProposedChange,
    RecordKind,
    RecordStatus,
)


def _claim_list(queryset):
    """Claims with what the desk lists show, and the latest note that sent each back to draft
    (one query for all rows)."""
    sent_back = Event.objects.filter(
        record_type=RecordKind.CLAIM, record_id=OuterRef("pk"),
        action__in=[EventAction.SENT_BACK, EventAction.RETURNED],
    )
    return queryset.select_related("speaker", "source", "created_by").annotate(
        sent_back_note=Subquery(sent_back.order_by("-created_at", "-id").values("note")[:1])
    )


def my_drafts(user):
    return _claim_list(Claim.objects.filter(created_by=user, status=RecordStatus.DRAFT)).order_by(
        "-updated_at", "-id"
    )


def mine_in_review(user):
    return _claim_list(Claim.objects.filter(created_by=user, status=RecordStatus.IN_REVIEW)).order_by(
        "-updated_at", "-id"
    )


def review_queue():
    # Oldest first: the claim waiting longest is reviewed first.
    return _claim_list(Claim.objects.filter(status=RecordStatus.IN_REVIEW)).order_by("updated_at", "id")


def pending_restores():
    """Restores of public records waiting for a reviewer (1 query; the caller reads each record)."""
    return ProposedChange.objects.filter(status=ChangeStatus.PENDING, claim__isnull=True).select_related(
        "created_by"
    ).order_by("created_at", "id")


def claim_events(claim):
    return Event.objects.filter(record_type=RecordKind.CLAIM, record_id=claim.pk).select_related(
        "user"
    ).order_by("created_at", "id")


# What the preview shows beside each kind of record, joined so a kind costs one query.
PREVIEW_RELATED = {
    RecordKind.CLAIM: ["speaker", "source", "source__cites"],
    RecordKind.FIGURE: ["source", "country", "origin"],
    RecordKind.SOURCE: ["cites"],
    RecordKind.MEETING: ["country"],
    RecordKind.ACTOR: ["country"],
    RecordKind.FUNDING_REQUEST: ["requester", "addressee"],
    RecordKind.STANCE: ["actor", "proposal", "claim", "claim__source"],
    RecordKind.FUNDING_STAGE: ["request"],
    RecordKind.BILL_ACTION: ["request"],
    RecordKind.PROPOSAL: ["implements"],
}


def review_records(items):
    """The records a claim's review list names, by kind, in the list's order (one query a kind).

    The list itself comes from services.review_of: this only reads what it names, so the preview
    shows exactly what publishing makes public."""
    wanted = defaultdict(list)
    for item in items:
        wanted[item.record_type].append(item.record_id)
    grouped = {}
    for kind, pks in wanted.items():
        found = RECORD_MODELS[kind].objects.select_related(*PREVIEW_RELATED.get(kind, [])).in_bulk(pks)
        grouped[kind] = [found[pk] for pk in pks if pk in found]
    return grouped


def funding_lines(claim):
    """The request lines `claim` reports, with request and agency (one query). A line is no record
    of its own, so it is not on the review list, yet publishing the claim shows it to readers."""
    return FundingPurpose.objects.filter(claim=claim).select_related("request", "agency").order_by(
        "request__title", "position", "id"
    )
