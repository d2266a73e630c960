"""What changed since a timestamp, read from the history tables (django-simple-history).

One row per record: its latest change after `since`. For a reader, a record is "created" when it
first became public after `since`, and "deleted" when it was public and no longer is (deleted,
or taken back to draft); changes to records a reader never saw are left out. Editors see every
change. One query per kind of record: 8 in all.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from crisis.models import (
    PUBLIC_STATUSES,
    Actor,
    Claim,
    CrossingStatistic,
    FundingRequest,
    Meeting,
    PolicyProposal,
    RecordStatus,
    Source,
    Stance,
)

# type name in the feed -> (model, detail route, lookup attribute)
KINDS = {
    "source": (Source, "v1:source-detail", "slug"),
    "actor": (Actor, "v1:actor-detail", "slug"),
    "meeting": (Meeting, "v1:meeting-detail", "slug"),
    "funding_request": (FundingRequest, "v1:funding-request-detail", "slug"),
    "proposal": (PolicyProposal, "v1:proposal-detail", "slug"),
    "stance": (Stance, "v1:stance-detail", "id"),
    "figure": (CrossingStatistic, "v1:figure-detail", "id"),
    "claim": (Claim, "v1:claim-detail", "id"),
}


def _sees_everything(user, model):
    # The same rule as PublishableQuerySet.visible_to, asked of the user: history rows are not
    # a queryset of the model, so they cannot call it.
    return user.is_authenticated and user.has_perm(f"crisis.view_{model._meta.model_name}")


def _history(model, since, sees_everything):
    history = model.history.model
    earlier = history.objects.filter(id=OuterRef("id"), history_date__lte=since)
    rows = history.objects.filter(history_date__gt=since)
    if model is Stance:
        # A stance has no status of its own: it is public while its claim is.
        public = Exists(Claim.objects.published().filter(pk=OuterRef("claim_id")))
        rows = rows.annotate(is_public=public, seen_before=Exists(earlier) if sees_everything else public)
        fields = ["claim_id"]
    else:
        if not sees_everything:
            # What a reader saw at the time: the status stored in that history row.
            earlier = earlier.filter(status__in=PUBLIC_STATUSES)
        rows = rows.annotate(seen_before=Exists(earlier))
        fields = ["status"]
    lookup = "slug" if hasattr(model, "slug") else "id"
    values = ["id", "history_date", "history_type", "history_id", "seen_before", *fields, lookup]
    if model is Stance:
        values.append("is_public")
    return rows.order_by("id", "history_date", "history_id").values(*dict.fromkeys(values))


def _summarise(rows, sees_everything):
    latest, public_in_window = {}, set()
    for row in rows:
        latest[row["id"]] = row
        status = row.get("status", RecordStatus.PUBLISHED if row.get("is_public") else RecordStatus.DRAFT)
        row["status"] = status
        if status in PUBLIC_STATUSES:
            public_in_window.add(row["id"])
    for pk, row in latest.items():
        deleted = row["history_type"] == "-"
        visible = sees_everything or row["status"] in PUBLIC_STATUSES
        if deleted or not visible:
            if sees_everything or row["seen_before"] or pk in public_in_window:
                yield row, "deleted"
            continue
        if not row["seen_before"]:
            yield row, "created"
        elif row["status"] == RecordStatus.RETRACTED:
            yield row, "retracted"
        else:
            yield row, "updated"


def changes_since(user, since, request):
    """The latest change to each record after `since`, oldest first (stable: time, type, id)."""
    out = []
    for kind, (model, route, lookup) in KINDS.items():
        sees_everything = _sees_everything(user, model)
        for row, action in _summarise(_history(model, since, sees_everything), sees_everything):
            url = None
            if action != "deleted":
                kwarg = "slug" if lookup == "slug" else "pk"
                url = request.build_absolute_uri(reverse(route, kwargs={kwarg: row[lookup]}))
            out.append(
                {
                    "type": kind,
                    "id": row["id"],
                    "action": action,
                    "status": "" if model is Stance else row["status"],
                    "changed_at": row["history_date"],
                    "api_url": url,
                }
            )
    out.sort(key=lambda change: (change["changed_at"], change["type"], change["id"]))
    return out
