from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field

from .base import PublishableModel, PublishableQuerySet, TimeStampedModel, choices_check


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class ParticipantRole(models.TextChoices):
    HOST = "host", "Host"
    ATTENDEE = "attendee", "Attendee"
    OBSERVER = "observer", "Observer"


class MeetingQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.filter(meeting_status=MeetingStatus.SCHEDULED)


class Meeting(PublishableModel):
    """A meeting between actors, held or planned."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    date = date_field("date", "When it took place or is scheduled for.")
    date_precision = precision_field()
    place = models.CharField(max_length=200, blank=True, help_text="City or building, if reported.")
    country = models.ForeignKey(
        "crisis.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted_in",
        limit_choices_to={"kind": "country"},
    )
    meeting_status = models.CharField(
        "meeting status",
        max_length=16,
        choices=MeetingStatus,
        default=MeetingStatus.SCHEDULED,
        help_text="Whether the meeting has happened, per the latest source.",
    )
    purpose = models.TextField(blank=True, help_text="What the meeting is meant to achieve.")
    outcome = models.TextField(blank=True, help_text="What came of it, as reported.")
    participants = models.ManyToManyField(
        "crisis.Actor", through="MeetingParticipant", related_name="meetings"
    )

    REFERENCES = ("country",)
    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["-date", "title"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("meeting_status", MeetingStatus),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crisis:meeting-detail", kwargs={"slug": self.slug})

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)


class MeetingParticipant(TimeStampedModel):
    """An actor's part in a meeting: who hosted, who attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    actor = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, related_name="meeting_participations"
    )
    role = models.CharField(max_length=16, choices=ParticipantRole, default=ParticipantRole.ATTENDEE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "actor__name"]
        constraints = [
            choices_check("role", ParticipantRole),
            models.UniqueConstraint(
                fields=["meeting", "actor"], name="%(app_label)s_%(class)s_once_per_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) at {self.meeting}"
