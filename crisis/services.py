"""Editorial workflow: multi-record writes and status changes, each in one transaction.

Plain edits of a single record stay in the forms; anything that touches several records or moves
a claim through draft → in review → published (→ retracted) happens here and leaves a ClaimEvent.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from crisis.models import (
    Claim,
    ClaimAction,
    ClaimEvent,
    CrossingStatistic,
    FundingStageChange,
    Meeting,
    RecordStatus,
    Stance,
)

# Fields a restore or a concurrent-edit check never touches: the workflow owns them.
WORKFLOW_FIELDS = {"id", "status", "published_at", "created_by", "created_at", "updated_at"}


class EditConflict(Exception):
    """Someone saved the record after this editor loaded it; carries what they changed."""

    def __init__(self, current, loaded_history, current_history):
        super().__init__("The record changed since you opened it.")
        self.current = current
        self.loaded_history = loaded_history
        self.current_history = current_history


def unique_slug(model, text, max_length=100):
    """A slug for `text` that no row of `model` uses yet (one query per collision)."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


def _event(claim, user, action, old_status, note=""):
    return ClaimEvent.objects.create(
        claim=claim, user=user, action=action, old_status=old_status,
        new_status=claim.status, note=note,
    )


def _lock(claim):
    # Two reviewers pressing "Publish" at once: the second waits, then sees the new status.
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _refuse(claim, allowed, verb):
    if claim.status not in allowed:
        wanted = " or ".join(str(RecordStatus(s).label).lower() for s in allowed)
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}; only {wanted} claims can be {verb}.",
            code="illegal_transition",
        )


@dataclass
class Establishes:
    """What a new claim records besides itself; every part is optional and unsaved."""

    new_source: object = None
    new_speaker: object = None
    figure: CrossingStatistic | None = None
    meeting: Meeting | None = None
    funding_stage: FundingStageChange | None = None
    stance: Stance | None = None
    about: dict = field(default_factory=dict)


def _save_draft(obj, editor, slug_from=None):
    obj.status, obj.published_at, obj.created_by = RecordStatus.DRAFT, None, editor
    if slug_from is not None and not obj.slug:
        obj.slug = unique_slug(type(obj), slug_from)
    obj.save()
    return obj


@transaction.atomic
def claim_create_with_establishes(*, claim: Claim, editor, establishes: Establishes) -> Claim:
    """Save a draft claim with the source, speaker, figure, meeting, stage or stance it brings.

    Everything is saved or nothing is: a failure in any part rolls back the claim too.
    """
    parts = establishes
    if parts.new_source is not None:
        claim.source = _save_draft(parts.new_source, editor, slug_from=parts.new_source.title)
    if parts.new_speaker is not None:
        claim.speaker = _save_draft(parts.new_speaker, editor, slug_from=parts.new_speaker.name)
    if claim.source_id is None:
        raise ValidationError("A claim needs a source.", code="no_source")
    claim.status, claim.published_at, claim.created_by = RecordStatus.DRAFT, None, editor
    claim.save()
    for name, records in parts.about.items():
        getattr(claim, name).set(records)

    if parts.figure is not None:
        parts.figure.source = claim.source
        _save_draft(parts.figure, editor)
        claim.statistics.add(parts.figure)
    if parts.meeting is not None:
        _save_draft(parts.meeting, editor, slug_from=parts.meeting.title)
        claim.meetings.add(parts.meeting)
    if parts.funding_stage is not None:
        # The request's own stage moves only when the claim is published (see claim_publish).
        parts.funding_stage.claim = claim
        parts.funding_stage.save()
        claim.funding_requests.add(parts.funding_stage.request)
    if parts.stance is not None:
        # A stance is public exactly when its claim is, so it needs no status of its own.
        parts.stance.claim = claim
        if parts.stance.actor_id is None:
            if claim.speaker_id is None:
                raise ValidationError("A stance needs an actor: pick one or name a speaker.")
            parts.stance.actor = claim.speaker
        parts.stance.save()
        claim.proposals.add(parts.stance.proposal)
        claim.actors.add(parts.stance.actor)
    _event(claim, editor, ClaimAction.CREATED, "")
    return claim


def check_version(instance, loaded_history_id):
    """Raise EditConflict when the record's latest history row is not the one the editor loaded.

    Call inside a transaction after locking the row, so nobody slips in between check and save.
    """
    current_history = instance.history.order_by("-history_id").first()
    if current_history is None or loaded_history_id is None:
        return
    if current_history.history_id != int(loaded_history_id):
        loaded = instance.history.filter(history_id=loaded_history_id).first()
        raise EditConflict(instance, loaded, current_history)


@transaction.atomic
def claim_update(*, form, editor, loaded_version) -> Claim:
    """Save an edit of a draft or in-review claim, refusing it if someone saved in between."""
    locked = _lock(form.instance)
    check_version(locked, loaded_version)
    if locked.status not in (RecordStatus.DRAFT, RecordStatus.IN_REVIEW):
        raise ValidationError(
            "Published claims are changed by a correction, with a note for readers.",
            code="not_editable",
        )
    claim = form.save(commit=False)
    # The form holds the status as it was on load; the locked row holds the truth.
    claim.status, claim.published_at = locked.status, locked.published_at
    claim.save()
    form.save_m2m()
    return claim


@transaction.atomic
def claim_submit(*, claim: Claim, editor) -> Claim:
    claim = _lock(claim)
    _refuse(claim, [RecordStatus.DRAFT], "submitted for review")
    old = claim.status
    claim.status = RecordStatus.IN_REVIEW
    claim.save(update_fields=["status", "updated_at"])
    _event(claim, editor, ClaimAction.SUBMITTED, old)
    return claim


@transaction.atomic
def claim_send_back(*, claim: Claim, reviewer, note: str) -> Claim:
    claim = _lock(claim)
    _refuse(claim, [RecordStatus.IN_REVIEW], "sent back")
    if not note.strip():
        raise ValidationError("Say what needs fixing: the editor sees your comment.", code="no_note")
    old = claim.status
    claim.status = RecordStatus.DRAFT
    claim.save(update_fields=["status", "updated_at"])
    _event(claim, reviewer, ClaimAction.SENT_BACK, old, note.strip())
    return claim


def _publish_record(obj, now):
    if obj is not None and obj.status in (RecordStatus.DRAFT, RecordStatus.IN_REVIEW):
        obj.status, obj.published_at = RecordStatus.PUBLISHED, now
        obj.save(update_fields=["status", "published_at", "updated_at"])


@transaction.atomic
def claim_publish(*, claim: Claim, reviewer) -> Claim:
    """Publish a claim in review, with the unpublished records that it backs.

    A reader should never meet a published claim whose source or speaker is hidden, nor a
    figure or meeting that the claim established still missing: the claim's source (and the
    source it relays), its speaker, and the figures and meetings it is about are published with
    it when they are still drafts. Funding stage changes the claim reports move the request's
    stage now. Stances need nothing: they follow their claim.
    """
    claim = _lock(claim)
    _refuse(claim, [RecordStatus.IN_REVIEW], "published")
    now = timezone.now()
    for related in (claim.source, claim.first_appeared_in, claim.speaker):
        _publish_record(related, now)
    for related in list(claim.statistics.all()) + list(claim.meetings.all()):
        _publish_record(related, now)
    for change in claim.funding_stage_changes.select_related("request"):
        request = change.request
        if request.stage != change.stage:
            request.stage = change.stage
            request.save(update_fields=["stage", "updated_at"])
    old = claim.status
    claim.status, claim.published_at = RecordStatus.PUBLISHED, now
    claim.save(update_fields=["status", "published_at", "updated_at"])
    _event(claim, reviewer, ClaimAction.PUBLISHED, old)
    return claim


@transaction.atomic
def claim_retract(*, claim: Claim, reviewer, note: str) -> Claim:
    """Withdraw a published claim; it stays public, marked retracted, with the reason shown."""
    claim = _lock(claim)
    _refuse(claim, [RecordStatus.PUBLISHED], "retracted")
    if not note.strip():
        raise ValidationError("Give the reason for the retraction: readers see it.", code="no_note")
    old = claim.status
    claim.status = RecordStatus.RETRACTED
    claim.correction_note, claim.corrected_at = note.strip(), timezone.now()
    claim.save(update_fields=["status", "correction_note", "corrected_at", "updated_at"])
    _event(claim, reviewer, ClaimAction.RETRACTED, old, claim.correction_note)
    return claim


@transaction.atomic
def claim_correct(*, claim: Claim, reviewer, note: str, changes: dict) -> Claim:
    """Change a published claim in place and tell readers what was corrected and when."""
    claim = _lock(claim)
    _refuse(claim, [RecordStatus.PUBLISHED], "corrected")
    if not note.strip():
        raise ValidationError("Write the correction note: readers see it above the claim.", code="no_note")
    for name, value in changes.items():
        setattr(claim, name, value)
    claim.correction_note, claim.corrected_at = note.strip(), timezone.now()
    claim.full_clean()
    claim.save()
    _event(claim, reviewer, ClaimAction.CORRECTED, claim.status, claim.correction_note)
    return claim


@transaction.atomic
def record_restore(*, instance, history_id: int, reviewer):
    """Bring back an earlier version's content as a new version; the workflow status stays.

    Restoring never publishes or unpublishes: that stays with the workflow actions.
    """
    model = type(instance)
    instance = model.objects.select_for_update().get(pk=instance.pk)
    try:
        version = instance.history.get(history_id=history_id)
    except model.history.model.DoesNotExist:
        raise ValidationError("That version does not exist for this record.", code="no_version") from None
    old = version.instance
    for f in model._meta.concrete_fields:
        if f.name not in WORKFLOW_FIELDS and f.attname not in WORKFLOW_FIELDS:
            setattr(instance, f.attname, getattr(old, f.attname))
    instance.full_clean()
    instance._change_reason = f"Restored version of {version.history_date:%Y-%m-%d %H:%M}"
    instance.save()
    if isinstance(instance, Claim):
        _event(
            instance, reviewer, ClaimAction.RESTORED, instance.status,
            f"Restored the version saved {version.history_date:%B %-d, %Y at %H:%M} UTC.",
        )
    return instance
