"""Creating and changing records: the one write path for the desk, the API, the admin and commands.

Every function here runs in one transaction, locks what it changes, checks the version the
write was based on and who may make it, runs the model's own rules (`full_clean`: each
constraint is stated once, on the model), records an Event, and returns to draft any claim in
review whose changeset the write touched, so a reviewer never publishes what they did not see.
"""

import datetime
import decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from crisis.dates import anchor_dates
from crisis.models import (
    READER_ACTIONS,
    RECORD_MODELS,
    VERDICT_FIELDS,
    ActorRole,
    ChangeStatus,
    Claim,
    ClaimSpeaker,
    Event,
    EventAction,
    FundingPurpose,
    FundingStageChange,
    LegislativeAction,
    MeetingParticipant,
    ProposedChange,
    RecordStatus,
    ReviewItem,
    Stance,
    kind_of,
)

from . import rules
from .constraints import save_checked
from .errors import PermissionDenied, Refused, StaleVersion, ValidationError, VersionRequired
from .graph import backing_claims

# Collections written with a record: many-to-many links by their manager's name, and child rows
# that are replaced as a whole (a meeting's participants, a request's line items).
CHILDREN = {
    "participants": (MeetingParticipant, "meeting", ("actor", "role")),
    "purposes": (FundingPurpose, "request", ("description", "amount", "agency", "claim", "position")),
    "co_speakers": (ClaimSpeaker, "claim", ("actor", "title", "position")),
    "roles": (ActorRole, "actor", ("title", "organisation", "start_date", "start_date_precision",
                                   "end_date", "end_date_precision", "as_of")),
}


# Records that exist only as part of the claim that reports them, and are published with it (a
# request's line has no status of its own: it is shown once its claim is public).
CARRIED = Stance | FundingStageChange | LegislativeAction | FundingPurpose


def unique_slug(model, text, max_length=100):
    """A slug for `text` that no row of `model` uses yet (one query per collision)."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


def record_event(record, action, user, *, note="", claim=None, old_status=None, public=True):
    return Event.objects.create(
        record_type=kind_of(record), record_id=record.pk, action=action, user=user,
        claim=claim, note=note, old_status=old_status if old_status is not None else record.status,
        new_status=record.status, public=public and record.is_public and action in READER_ACTIONS,
    )


def lock(record):
    """The record's row, locked until the transaction ends (re-read: the caller's copy may be old)."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def check_version(record, based_on):
    if based_on is None:
        raise VersionRequired()
    if int(based_on) != record.version:
        raise StaleVersion(record, based_on)


def _assign(record, fields):
    for name, value in (fields or {}).items():
        setattr(record, name, value)


def _clean(record, exclude=()):
    # Field formats and clean(); the constraints are checked by the database on save
    # (crisis.services.constraints), which reports each in the words the model gives it.
    anchor_dates(record)
    record.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _set_relations(record, relations):
    for name, values in (relations or {}).items():
        if name in CHILDREN:
            model, parent, columns = CHILDREN[name]
            model.objects.filter(**{parent: record}).delete()
            seen = set()
            for position, row in enumerate(values):
                child = _child(name, record, row, position)
                key = tuple(getattr(child, c) for c in columns[:1])
                if key in seen:
                    raise ValidationError({name: f"Row {position + 1} repeats an earlier row."})
                seen.add(key)
                try:
                    _save_child(name, child)
                except ValidationError as error:
                    # Reported on the list, so a form or client finds which row it was.
                    raise ValidationError({name: [
                        f"Row {position + 1}, {field}: {message}"
                        for field, messages in error.message_dict.items() for message in messages
                    ]}) from None
        else:
            values = list(values)
            if name == "conflicts_with" and any(v.pk == record.pk for v in values):
                raise ValidationError({name: "A claim cannot conflict with itself."})
            getattr(record, name).set(values)
    if isinstance(record, Claim) and record.speaker_id is not None:
        _check_lead_speaker(record)


def _child(name, record, row, position):
    """An unsaved child row of `record` in the collection `name`, at `position` unless it gives one."""
    model, parent, columns = CHILDREN[name]
    child = model(**{parent: record}, **{c: row[c] for c in columns if c in row})
    if "position" in columns and "position" not in row:
        child.position = position
    return child


def _save_child(name, child):
    """Save a child row by its model's rules; a broken rule is raised on the row's own fields."""
    _clean(child, exclude=[CHILDREN[name][1]])
    save_checked(child)
    return child


@transaction.atomic
def funding_line_add(request, *, user, row):
    """A line added after a request's existing lines, reported by `row["claim"]`, a claim the user
    may still change.

    The line is part of that claim: readers see it once the claim is public
    (crisis.selectors.records.purposes). The request counts a version, so a write of the whole
    list based on the version before (the API's) is refused as stale rather than dropping the line.
    """
    request = lock(request)
    line = _child("purposes", request, row, position=0)
    if line.claim_id is None:
        raise ValidationError({"claim": "Name the claim that reports this line."})
    _check_carrier(line, user)
    last = request.purposes.order_by("-position").values_list("position", flat=True).first()
    line.position = 0 if last is None else last + 1
    _save_child("purposes", line)
    request.version += 1
    request.save(update_fields=["version", "updated_at"])
    # Not a reader's event: the line is not public until its claim is.
    record_event(request, EventAction.UPDATED, user, claim=line.claim, public=False,
                 note=f"Line “{line.description}” added with claim #{line.claim_id}.")
    if not request.is_public:
        # A review that lists the draft request would publish it at a version its reviewer did
        # not see. Claims merely about a public request publish nothing of it, so they stay.
        return_to_draft(request, user)
    return line


def _check_lead_speaker(claim):
    # Checked after the write, in its transaction: the speaker and the list may change apart.
    if ClaimSpeaker.objects.filter(claim=claim, actor_id=claim.speaker_id).exists():
        raise ValidationError({"speaker": f"{claim.speaker} is named twice: as the first speaker "
                                          "and among the others."})


def _check_carrier(record, user):
    """A stance, a funding step or a legislative action is part of its claim: writing one changes
    that claim, so the claim must be one the user may still change (a draft of theirs; a
    reviewer, any not public)."""
    claim = getattr(record, "claim", None) if isinstance(record, CARRIED) else None
    if claim is None:
        return
    try:
        rules.check_edit(user, claim)
    except (Refused, PermissionDenied) as refused:
        raise ValidationError({"claim": [
            f"Claim #{claim.pk} cannot carry this {record._meta.verbose_name}: "
            + " ".join(getattr(refused, "messages", [str(refused)]))
            + " Add it to a draft claim of yours; it is published when that claim is."
        ]}) from None


@transaction.atomic
def record_create(model, *, user, fields, relations=None, status=RecordStatus.DRAFT):
    """A new draft entered by `user`, with its links and child rows."""
    rules.check_create(user, model)
    record = model(**fields)
    _check_carrier(record, user)
    record.status, record.published_at, record.created_by, record.version = status, None, user, 1
    _clean(record)
    save_checked(record)
    _set_relations(record, relations)
    record_event(record, EventAction.CREATED, user, old_status="")
    return_to_draft(record, user)
    return record


@transaction.atomic
def record_update(record, *, user, based_on, fields=None, relations=None, note=""):
    """Change a record not yet public, if it is still at version `based_on`."""
    record = lock(record)
    check_version(record, based_on)
    rules.check_edit(user, record)
    _assign(record, fields)
    _check_carrier(record, user)
    _clean(record)
    record.version += 1
    if note:
        record._change_reason = note  # shown on the history page
    save_checked(record)
    _set_relations(record, relations)
    record_event(record, EventAction.UPDATED, user, note=note)
    return_to_draft(record, user)
    return record


def touch(record, user, note=""):
    """After links or child rows of `record` changed elsewhere (the admin's inlines): count a
    version and return the reviews it is part of to draft."""
    record = lock(record)
    record.version += 1
    record.save(update_fields=["version", "updated_at"])
    record_event(record, EventAction.UPDATED, user, note=note)
    return_to_draft(record, user)
    return record


def return_to_draft(record, user):
    """Claims in review that the change to `record` touches go back to draft, with a note.

    A claim's review covers the claim, every record listed for it at submission, and the
    records that rest on it; a change to any of them means the reviewer would publish
    something they did not see.
    """
    kind = kind_of(record)
    in_review = Claim.objects.filter(status=RecordStatus.IN_REVIEW)
    listed = in_review.filter(
        pk__in=ReviewItem.objects.filter(record_type=kind, record_id=record.pk).values("claim")
    )
    affected = set(listed)
    if isinstance(record, Claim):
        if record.status == RecordStatus.IN_REVIEW:
            affected.add(record)
    else:
        affected |= set(backing_claims(record).filter(status=RecordStatus.IN_REVIEW))
    what = "the claim" if isinstance(record, Claim) else f"{record._meta.verbose_name} “{record}”"
    for claim in affected:
        locked = lock(claim)
        locked.status = RecordStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        locked.review_items.all().delete()
        record_event(
            locked, EventAction.RETURNED, user, old_status=RecordStatus.IN_REVIEW,
            note=f"Returned to draft: {what} was changed after submission. Submit it again.",
        )
    if isinstance(record, Claim) and record in affected:
        record.status = RecordStatus.DRAFT


# -- public records: corrections and proposed changes -------------------------------------------

def to_json(record, fields, relations=None):
    """Values as a ProposedChange stores them: ids for references, ISO dates, strings; links and
    child rows under RELATIONS_KEY."""
    out = {}
    for name, value in fields.items():
        field = record._meta.get_field(name)
        out[field.attname] = _plain(value)
    if relations:
        out[RELATIONS_KEY] = {
            name: [
                {key: _plain(value) for key, value in row.items()} if isinstance(row, dict) else row.pk
                for row in rows
            ]
            for name, rows in relations.items()
        }
    return out


RELATIONS_KEY = "__relations__"


def _plain(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    return value


def from_json(model, changes):
    """(fields, relations) with model values and instances again."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = {name: by_attname[name].to_python(value) for name, value in changes.items()
              if name != RELATIONS_KEY}
    relations = {}
    for name, rows in changes.get(RELATIONS_KEY, {}).items():
        if name in CHILDREN:
            child_model = CHILDREN[name][0]
            relations[name] = [
                {key: (child_model._meta.get_field(key).related_model._default_manager.get(pk=value)
                       if child_model._meta.get_field(key).is_relation and value is not None else value)
                 for key, value in row.items()}
                for row in rows
            ]
        else:
            related = model._meta.get_field(name).related_model
            relations[name] = list(related._default_manager.filter(pk__in=rows))
    return fields, relations


def check_public_references(record):
    """A public record never names a record readers cannot see."""
    from .graph import references

    hidden = [ref for ref in references(record) if not ref.is_public]
    if hidden:
        names = "; ".join(f"{ref._meta.verbose_name} “{ref}”" for ref in hidden)
        raise Refused(
            f"A public {record._meta.verbose_name} cannot name records that are not public yet: {names}. "
            "Publish them first, with the claim that brings them.",
            code="unpublished_reference", records=hidden,
        )


@transaction.atomic
def record_correct(record, *, user, based_on, fields, note):
    """A reviewer's correction of a public record: changed at once, with a dated note for readers."""
    rules.check_review(user)
    record = lock(record)
    check_version(record, based_on)
    if not record.is_public:
        raise Refused("Only public records are corrected; edit a draft instead.", code="not_public")
    if not (note or "").strip():
        raise ValidationError({"note": "Write the correction note: readers see it with the record."})
    _assign(record, fields)
    _clean(record)
    check_public_references(record)
    record.version += 1
    record.correction_note, record.corrected_at = note.strip(), timezone.now()
    save_checked(record)
    record_event(record, EventAction.CORRECTED, user, note=record.correction_note)
    return record


@transaction.atomic
def propose_change(record, *, user, based_on, fields, claim, relations=None):
    """New values for a public record, established by `claim` (a draft the user may edit) and
    applied when a reviewer publishes that claim."""
    record = lock(record)
    check_version(record, based_on)
    if not record.is_public:
        raise Refused("This record is not public yet: edit it instead.", code="not_public")
    if claim is None:
        raise ValidationError({"proposed_by_claim": "Name the claim that establishes the new values."})
    rules.check_edit(user, claim)
    if not fields and not relations:
        raise ValidationError({"proposed_by_claim": "Nothing to change: send the new values too."})
    trial = type(record)._default_manager.get(pk=record.pk)
    _assign(trial, fields)
    _clean(trial)
    # The reviewer sees the dates that will be stored: a vague one already moved to its anchor day.
    fields = {name: getattr(trial, name) if hasattr(trial, f"{name}_precision") else value
              for name, value in fields.items()}
    change = ProposedChange.objects.create(
        record_type=kind_of(record), record_id=record.pk, changes=to_json(record, fields, relations),
        based_on=record.version, claim=claim, created_by=user,
    )
    record_event(record, EventAction.PROPOSED, user, claim=claim,
                 note=f"With claim #{claim.pk}: " + ", ".join(sorted([*fields, *(relations or {})])))
    return_to_draft(claim, user)
    return change


@transaction.atomic
def record_restore(record, *, user, history_id):
    """Bring back an earlier version. A record not yet public is edited (a new version); a public
    one gets a proposed change that a reviewer applies as a correction, so what readers were
    told, and every correction note, stays until someone reviews the restore."""
    rules.check_review(user)
    try:
        version = record.history.get(history_id=history_id)
    except record.history.model.DoesNotExist:
        raise Refused("That version does not exist for this record.", code="no_version") from None
    old = version.instance
    fields = {
        f.name: getattr(old, f.name) for f in record._meta.concrete_fields
        if f.name not in WORKFLOW_FIELDS and not f.generated
    }
    current = type(record)._default_manager.get(pk=record.pk)
    fields = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not fields:
        raise Refused("That version reads the same as the current one: nothing to restore.", code="same")
    when = f"{version.history_date:%B %-d, %Y at %H:%M} UTC"
    if not current.is_public:
        return record_update(current, user=user, based_on=current.version, fields=fields,
                             note=f"Restored the version saved {when}.")
    change = ProposedChange.objects.create(
        record_type=kind_of(current), record_id=current.pk, changes=to_json(current, fields),
        based_on=current.version, created_by=user,
        note=f"Restore the version saved {when}: " + ", ".join(sorted(fields)) + ".",
    )
    record_event(current, EventAction.PROPOSED, user, note=change.note)
    return change


# Set by the workflow, never copied back by a restore or an edit (a verdict is a reviewer's act
# on the claim as it stands, not a value an earlier version can bring back).
WORKFLOW_FIELDS = {
    "id", "status", "published_at", "created_by", "created_at", "updated_at", "version",
    "correction_note", "corrected_at", *VERDICT_FIELDS,
}


@transaction.atomic
def change_apply(change, *, user, note):
    """A reviewer accepts a standalone proposed change: applied as a correction, note shown."""
    rules.check_review(user)
    change = ProposedChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING or change.claim_id is not None:
        raise Refused("Only pending restores are applied here; a claim's changes are applied when "
                      "the claim is published.", code="illegal_transition")
    record = target_of(change)
    applied = apply_proposed(change, record, user)
    if not (note or "").strip():
        raise ValidationError({"note": "Write the correction note: readers see it with the record."})
    applied.correction_note, applied.corrected_at = note.strip(), timezone.now()
    applied.save(update_fields=["correction_note", "corrected_at", "updated_at"])
    record_event(applied, EventAction.CORRECTED, user, note=applied.correction_note)
    return applied


def apply_proposed(change, record, user):
    """Write the change's values into the locked record, if it has not moved on since."""
    record = lock(record)
    if record.version != change.based_on:
        raise Refused(
            f"{record._meta.verbose_name.capitalize()} “{record}” changed since this change was "
            "proposed; propose it again against the current version.", code="stale_change",
            records=[record],
        )
    fields, relations = from_json(type(record), change.changes)
    _assign(record, fields)
    _clean(record)
    record.version += 1
    save_checked(record)
    _set_relations(record, relations)
    if record.is_public:
        check_public_references(record)
    change.status, change.decided_by, change.decided_at = ChangeStatus.APPLIED, user, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return record


@transaction.atomic
def change_reject(change, *, user, note):
    rules.check_review(user)
    change = ProposedChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise Refused("This change was already decided.", code="illegal_transition")
    if not (note or "").strip():
        raise ValidationError({"note": "Say why: it is kept with the record's events."})
    change.status, change.decided_by, change.decided_at = ChangeStatus.REJECTED, user, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(target_of(change), EventAction.REJECTED, user, note=note.strip())
    return change


def target_of(change):
    """The record a proposed change is about."""
    return RECORD_MODELS[change.record_type]._default_manager.get(pk=change.record_id)
