"""The editorial log: what happened to each record, what a submitted claim brings along, and
changes proposed to public records. Written only by crisis.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .base import RecordStatus, choices_check


class RecordKind(models.TextChoices):
    """Every kind of editorial record, by the name the API and the changes feed use."""

    SOURCE = "source", "Source"
    ACTOR = "actor", "Actor"
    MEETING = "meeting", "Meeting"
    FUNDING_REQUEST = "funding_request", "Funding request"
    FUNDING_STAGE = "funding_stage", "Funding stage change"
    BILL_ACTION = "bill_action", "Legislative action"
    PROPOSAL = "proposal", "Policy proposal"
    STANCE = "stance", "Stance"
    FIGURE = "figure", "Figure"
    CLAIM = "claim", "Claim"


class EventAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Edited"
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned to draft"
    SENT_BACK = "sent_back", "Sent back"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    PROPOSED = "proposed", "Change proposed"
    REJECTED = "rejected", "Proposed change rejected"


# What a reader saw change: the changes feed lists these to everyone, the rest to the newsroom.
READER_ACTIONS = (
    EventAction.PUBLISHED,
    EventAction.UPDATED,
    EventAction.CORRECTED,
    EventAction.RETRACTED,
    EventAction.WITHDRAWN,
)
NEEDS_NOTE = (EventAction.SENT_BACK, EventAction.CORRECTED, EventAction.RETRACTED, EventAction.WITHDRAWN)


class Event(models.Model):
    """One thing that happened to one record, who did it, when and why."""

    record_type = models.CharField(max_length=16, choices=RecordKind)
    record_id = models.BigIntegerField()
    action = models.CharField(max_length=16, choices=EventAction)
    public = models.BooleanField(
        default=False, help_text="Readers saw this change: the record is public after it."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The claim whose review or retraction caused this event, if another record's.",
    )
    old_status = models.CharField(max_length=16, choices=RecordStatus, blank=True)
    new_status = models.CharField(max_length=16, choices=RecordStatus)
    note = models.TextField(blank=True, help_text="Reviewer's comment, correction or reason.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "id"], name="crisis_event_record"),
            models.Index(fields=["public", "created_at", "id"], name="crisis_event_feed"),
        ]
        constraints = [
            choices_check("record_type", RecordKind),
            choices_check("action", EventAction),
            models.CheckConstraint(
                condition=~Q(action__in=NEEDS_NOTE) | ~Q(note=""),
                name="%(app_label)s_%(class)s_reason_given",
            ),
        ]

    def __str__(self):
        who = self.user or "system"
        return f"{self.get_action_display()} {self.record_type} #{self.record_id} by {who}"


class ReviewItem(models.Model):
    """A record that publishing a claim makes public, as it stood when the claim was submitted.

    The reviewer sees exactly these; an edit to any of them returns the claim to draft, and the
    publish step refuses to publish anything that is not listed at the version listed.
    """

    claim = models.ForeignKey("crisis.Claim", on_delete=models.CASCADE, related_name="review_items")
    record_type = models.CharField(max_length=16, choices=RecordKind)
    record_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    label = models.CharField(max_length=300, help_text="The record as the reviewer saw it named.")

    class Meta:
        ordering = ["claim", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="crisis_reviewitem_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "record_type", "record_id"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self):
        return self.label


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Rejected"


class ProposedChange(models.Model):
    """New values for a public record, made public only when a reviewer accepts them.

    Carried by a claim (the source that establishes the new value, applied when the claim is
    published) or standing alone, as a restore of an earlier version, which a reviewer applies
    as a correction with a note for readers.
    """

    record_type = models.CharField(max_length=16, choices=RecordKind)
    record_id = models.BigIntegerField()
    changes = models.JSONField(help_text="Field name → new value, as stored (ids for references).")
    based_on = models.PositiveIntegerField(help_text="The record's version the change was made against.")
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="proposed_changes",
        help_text="The claim establishing the new values; blank for a restore.",
    )
    note = models.TextField(blank=True, help_text="Why; for a restore, which version it brings back.")
    status = models.CharField(max_length=16, choices=ChangeStatus, default=ChangeStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="crisis_change_record")]
        constraints = [
            choices_check("record_type", RecordKind),
            choices_check("status", ChangeStatus),
            models.CheckConstraint(
                condition=Q(claim__isnull=False) | ~Q(note=""),
                name="%(app_label)s_%(class)s_restore_has_note",
            ),
        ]

    def __str__(self):
        fields = ", ".join(sorted(self.changes))
        return f"{self.get_record_type_display()} #{self.record_id}: {fields}"
