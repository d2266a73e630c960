from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field, timeline_rank

from .base import (
    FieldCheck,
    PublishableModel,
    PublishableQuerySet,
    RecordStatus,
    TimeStampedModel,
    choices_check,
    timeline_indexes,
)


class FundingStage(models.TextChoices):
    REQUESTED = "requested", "Requested"
    PASSED_ONE_CHAMBER = "passed_one_chamber", "Passed one chamber"
    ENACTED = "enacted", "Enacted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FundingRequest(PublishableModel):
    """Money asked of a legislature: the $3.7 billion emergency request to Congress."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, help_text="Total asked for, in the currency below."
    )
    currency = models.CharField(
        max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD.",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code, e.g. USD.")],
    )
    is_approximate = models.BooleanField(
        default=False, help_text="Tick when the source rounds the amount (\"about $3.7 billion\")."
    )
    requester = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, related_name="funding_requests_made",
        help_text="Who asks (e.g. the Obama administration).",
    )
    addressee = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, related_name="funding_requests_received",
        help_text="Who is asked to approve it (e.g. Congress).",
    )
    summary = models.TextField(blank=True)
    requested_on = date_field("requested", "When the request was made.")
    requested_on_precision = precision_field("request date precision")
    stage = models.CharField(
        max_length=24, choices=FundingStage, default=FundingStage.REQUESTED,
        help_text="Latest public stage, kept by the workflow from the dated stage changes below; "
        "never set by hand.",
    )

    REFERENCES = ("requester", "addressee")
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["-requested_on", "title"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("stage", FundingStage),
            FieldCheck(
                condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_amount_not_negative",
                field="amount", violation_error_message="An amount cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crisis:funding-detail", kwargs={"slug": self.slug})

    @property
    def requested_display(self):
        return format_date(self.requested_on, self.requested_on_precision)

    def _standing_lines(self):
        # A line whose claim was retracted is shown, marked, but no longer counts.
        return [line for line in self.purposes.all() if not line.withdrawn]

    @property
    def lines_total(self):
        """The sum of the standing line items that give an amount (None when none does). Reads
        `purposes`: prefetch them (crisis.selectors.records.funding_requests) or it queries."""
        amounts = [line.amount for line in self._standing_lines() if line.amount is not None]
        return sum(amounts) if amounts else None

    @property
    def lines_match_total(self):
        """Whether the standing line items add up to the amount asked for: None when the source
        gives no breakdown, False when some line has no amount or the sum differs."""
        lines = self._standing_lines()
        if not any(line.amount is not None for line in lines):
            return None
        return all(line.amount is not None for line in lines) and self.lines_total == self.amount


class FundingPurpose(TimeStampedModel):
    """A line item of a funding request: border security, immigration judges, legal aid."""

    request = models.ForeignKey(FundingRequest, on_delete=models.CASCADE, related_name="purposes")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True,
        help_text="Exactly as the source gives it; leave blank when it does not break the total down.",
    )
    agency = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, null=True, blank=True, related_name="funding_lines",
        help_text="The agency the money would go to (e.g. Health and Human Services), when the "
        "source names one.",
    )
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="funding_lines",
        help_text="The claim that reports this line; lines loaded before lines carried claims have none.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the page.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "position", "id"]
        constraints = [
            FieldCheck(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                field="amount", violation_error_message="An amount cannot be negative.",
            ),
            models.UniqueConstraint(
                fields=["request", "description"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def withdrawn(self):
        """Whether the only claim reporting the line was retracted (the line stays on record).
        Reads the claim: every selector of lines joins it."""
        return self.claim_id is not None and self.claim.status == RecordStatus.RETRACTED


class FundingStageChange(PublishableModel):
    """A dated step in a request's life (requested, passed the House…); published with its claim."""

    request = models.ForeignKey(
        FundingRequest, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(max_length=24, choices=FundingStage)
    date = date_field("date", "When the change happened.")
    date_precision = precision_field()
    note = models.TextField(blank=True)
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.PROTECT, related_name="funding_stage_changes",
        help_text="The claim that reports this step.",
    )

    timeline_rank = timeline_rank("date_precision")

    REFERENCES = ("request", "claim")
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["request", "date", "id"]
        indexes = timeline_indexes("step", "date")
        constraints = PublishableModel.Meta.constraints + [choices_check("stage", FundingStage)]

    def __str__(self):
        return f"{self.request}: {self.get_stage_display()}"

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)
