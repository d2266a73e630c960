"""A claim's way to readers: submit → publish (or send back), then correct or retract.

The unit of review is a claim with everything it brings: its parts (the figures, meetings,
requests, proposals and actors it reports, its stances and funding steps), every record those
name that is not public yet, and the changes it proposes to public records. At submission the
list is frozen (ReviewItem rows); the reviewer sees exactly it; an edit to any of it returns the
claim to draft; publishing makes exactly it public, or nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from crisis.models import (
    VERDICT_FIELDS,
    ChangeStatus,
    Claim,
    EventAction,
    FundingRequest,
    FundingStage,
    FundingStageChange,
    RecordStatus,
    ReviewItem,
    kind_of,
)

from . import rules
from .constraints import save_checked
from .errors import Refused, ValidationError
from .graph import backed_by, backing_claims, closure
from .records import CARRIED, apply_proposed, check_version, lock, record_event, target_of


def _refuse(claim, allowed, verb):
    if claim.status not in allowed:
        wanted = " or ".join(str(RecordStatus(s).label).lower() for s in allowed)
        raise Refused(
            f"This claim is {claim.get_status_display().lower()}; only {wanted} claims can be {verb}.",
            code="illegal_transition",
        )


def _label(record):
    return f"{record._meta.verbose_name.capitalize()} “{str(record)[:200]}”"


def changeset(claim):
    """What publishing `claim` would make public now: the claim first, then every record it
    brings along. Refuses, naming them, records that belong to another editor's review."""
    records = closure(claim)
    foreign = [
        record for record in records[1:]
        if record.created_by_id != claim.created_by_id
        and not (isinstance(record, CARRIED) and record.claim_id == claim.pk)
    ]
    if foreign:
        names = "; ".join(
            f"{_label(r)} (entered by {r.created_by.get_username() if r.created_by_id else 'nobody known'})"
            for r in foreign
        )
        raise Refused(
            "This claim names drafts that belong to someone else's work, so publishing it would "
            f"publish them unreviewed: {names}. They are published with their own editor's claim; "
            "unlink them, or wait until they are public.",
            code="foreign_drafts", records=foreign,
        )
    return records


@dataclass
class Publication:
    """What a publish made public, for the review screen and the API's answer."""

    claim: Claim
    records: list = field(default_factory=list)
    changes: list = field(default_factory=list)


@transaction.atomic
def claim_submit(*, claim, user, based_on=None):
    """Send a draft claim to the review queue, freezing the list of what it brings along."""
    claim = lock(claim)
    rules.check_submit(user, claim)
    if based_on is not None:
        check_version(claim, based_on)
    _refuse(claim, [RecordStatus.DRAFT], "submitted for review")
    freeze_review(claim)
    claim.status = RecordStatus.IN_REVIEW
    claim.save(update_fields=["status", "updated_at"])
    record_event(claim, EventAction.SUBMITTED, user, old_status=RecordStatus.DRAFT)
    return claim


def freeze_review(claim):
    """List, as they stand now, the records publishing `claim` will make public."""
    records = changeset(claim)
    claim.review_items.all().delete()
    ReviewItem.objects.bulk_create(
        ReviewItem(claim=claim, record_type=kind_of(r), record_id=r.pk, version=r.version,
                   label=_label(r)[:300])
        for r in records
    )
    return records


def review_of(claim):
    """For the review screen: the frozen list (in review), or what submitting would list now."""
    if claim.status == RecordStatus.IN_REVIEW:
        items = list(claim.review_items.all())
    else:
        try:
            items = [ReviewItem(claim=claim, record_type=kind_of(r), record_id=r.pk, version=r.version,
                                label=_label(r)) for r in changeset(claim)]
        except Refused as refused:
            return [], list(claim.proposed_changes.filter(status=ChangeStatus.PENDING)), refused
    return items, list(claim.proposed_changes.filter(status=ChangeStatus.PENDING)), None


def _give_verdict(claim, user, verdict, rationale, when):
    """Set the claim's verdict (blank both to give none), naming who gave it and when; returns
    whether it changed. The rules on verdicts are the model's constraints, checked on save."""
    verdict, rationale = verdict or "", (rationale or "").strip()
    if (verdict, rationale) == (claim.verdict, claim.verdict_rationale):
        return False
    claim.verdict, claim.verdict_rationale = verdict, rationale
    claim.verdict_by, claim.verdict_at = (user, when) if verdict else (None, None)
    claim.clean_fields(exclude=[f.name for f in claim._meta.fields
                                if f.name not in ("verdict", "verdict_rationale")])
    return True


def verdict_note(claim):
    if not claim.verdict:
        return "Verdict removed."
    return f"Verdict: {claim.get_verdict_display()}. {claim.verdict_rationale}"


@transaction.atomic
def claim_publish(*, claim, user, verdict="", rationale=""):
    """Publish a claim in review with exactly what its reviewer was shown, and the reviewer's
    verdict on it if they give one."""
    rules.check_review(user)
    claim = lock(claim)
    _refuse(claim, [RecordStatus.IN_REVIEW], "published")
    listed = {(i.record_type, i.record_id): i.version for i in claim.review_items.all()}
    records = changeset(claim)
    moved = [r for r in records if listed.get((kind_of(r), r.pk)) != r.version]
    if moved:
        raise Refused(
            "These changed since the claim was submitted, so it is not published: "
            + "; ".join(_label(r) for r in moved) + ". Send it back for the editor to submit again.",
            code="changed_since_submission", records=moved,
        )
    now = timezone.now()
    done = Publication(claim=claim)
    for record in records:
        record = lock(record)
        old = record.status
        record.status, record.published_at = RecordStatus.PUBLISHED, now
        is_claim = record.pk == claim.pk and isinstance(record, Claim)
        if is_claim and _give_verdict(record, user, verdict, rationale, now):
            save_checked(record, update_fields=["status", "published_at", "updated_at", *VERDICT_FIELDS])
        else:
            record.save(update_fields=["status", "published_at", "updated_at"])
        record_event(record, EventAction.PUBLISHED, user, old_status=old,
                     claim=None if is_claim else claim,
                     note=verdict_note(record) if is_claim and record.verdict else "")
        done.records.append(record)
    # A withdrawn fact that a newly published claim backs again is public again, unmarked.
    for record in backed_by(claim):
        if record.status == RecordStatus.WITHDRAWN:
            record = lock(record)
            record.status = RecordStatus.PUBLISHED
            record.save(update_fields=["status", "updated_at"])
            record_event(record, EventAction.PUBLISHED, user, old_status=RecordStatus.WITHDRAWN,
                         claim=claim, note=f"Backed again by claim #{claim.pk}.")
            done.records.append(record)
    for change in claim.proposed_changes.filter(status=ChangeStatus.PENDING):
        record = apply_proposed(change, target_of(change), user)
        record_event(record, EventAction.UPDATED, user, claim=claim,
                     note=f"Changed as claim #{claim.pk} reports: " + ", ".join(sorted(change.changes)))
        done.changes.append((change, record))
    refresh_stages(_requests_of(done.records + [r for _, r in done.changes], claim))
    return done


def _requests_of(records, claim):
    requests = {r.pk: r for r in records if isinstance(r, FundingRequest)}
    for step in claim.funding_stage_changes.select_related("request"):
        requests.setdefault(step.request_id, step.request)
    return list(requests.values())


def refresh_stages(requests):
    """A request's stage is its latest public step's (never set by hand)."""
    for request in requests:
        latest = (
            FundingStageChange.objects.filter(request=request, status=RecordStatus.PUBLISHED)
            .order_by("-date", "-id").values_list("stage", flat=True).first()
        )
        stage = latest or FundingStage.REQUESTED
        if request.stage != stage:
            FundingRequest.objects.filter(pk=request.pk).update(stage=stage, updated_at=timezone.now())


@transaction.atomic
def claim_send_back(*, claim, user, note):
    rules.check_review(user)
    claim = lock(claim)
    _refuse(claim, [RecordStatus.IN_REVIEW], "sent back")
    if not (note or "").strip():
        raise ValidationError({"note": "Say what needs fixing: the editor sees your comment."})
    claim.status = RecordStatus.DRAFT
    claim.save(update_fields=["status", "updated_at"])
    claim.review_items.all().delete()
    record_event(claim, EventAction.SENT_BACK, user, old_status=RecordStatus.IN_REVIEW, note=note.strip())
    return claim


@transaction.atomic
def claim_retract(*, claim, user, note):
    """A published claim is marked retracted, with the reason shown; each fact resting only on
    retracted claims is withdrawn with it, and each funding request's stage follows its steps."""
    rules.check_review(user)
    claim = lock(claim)
    _refuse(claim, [RecordStatus.PUBLISHED], "retracted")
    if not (note or "").strip():
        raise ValidationError({"note": "Give the reason for the retraction: readers see it."})
    now = timezone.now()
    claim.status, claim.correction_note, claim.corrected_at = RecordStatus.RETRACTED, note.strip(), now
    claim.save(update_fields=["status", "correction_note", "corrected_at", "updated_at"])
    record_event(claim, EventAction.RETRACTED, user, old_status=RecordStatus.PUBLISHED,
                 note=claim.correction_note)
    withdrawn = []
    for record in backed_by(claim):
        if record.status != RecordStatus.PUBLISHED:
            continue
        if backing_claims(record).filter(status=RecordStatus.PUBLISHED).exists():
            continue
        record = lock(record)
        record.status = RecordStatus.WITHDRAWN
        record.correction_note = (
            f"Withdrawn: the claim it rested on (claim #{claim.pk}) was retracted. {claim.correction_note}"
        )
        record.corrected_at = now
        record.save(update_fields=["status", "correction_note", "corrected_at", "updated_at"])
        record_event(record, EventAction.WITHDRAWN, user, old_status=RecordStatus.PUBLISHED,
                     claim=claim, note=record.correction_note)
        withdrawn.append(record)
    refresh_stages(_requests_of(withdrawn, claim))
    return claim


@transaction.atomic
def claim_correct(*, claim, user, note, changes, based_on=None):
    """Change a published claim's wording or verdict; readers see the note above it, dated.

    `changes` may hold text, quote, verdict and verdict_rationale; a verdict given here is the
    correcting reviewer's, dated now. Earlier notes stay in the claim's events, and the page
    lists them all; earlier verdicts stay in its history.
    """
    rules.check_review(user)
    claim = lock(claim)
    if based_on is not None:
        check_version(claim, based_on)
    _refuse(claim, [RecordStatus.PUBLISHED], "corrected")
    if not (note or "").strip():
        raise ValidationError({"note": "Write the correction note: readers see it above the claim."})
    changes = dict(changes)
    now = timezone.now()
    if "verdict" in changes or "verdict_rationale" in changes:
        verdict_changed = _give_verdict(
            claim, user, changes.pop("verdict", claim.verdict),
            changes.pop("verdict_rationale", claim.verdict_rationale), now,
        )
    else:
        verdict_changed = False
    for name, value in changes.items():
        setattr(claim, name, value)
    claim.full_clean(validate_unique=False, validate_constraints=False)
    claim.version += 1
    claim.correction_note, claim.corrected_at = note.strip(), now
    save_checked(claim)
    record_event(claim, EventAction.CORRECTED, user, note=claim.correction_note
                 + (f" ({verdict_note(claim)})" if verdict_changed else ""))
    return claim
