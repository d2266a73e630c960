from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field, timeline_rank

from .base import FieldCheck, PublishableModel, PublishableQuerySet, choices_check, timeline_indexes


class Chamber(models.TextChoices):
    HOUSE = "house", "House"
    SENATE = "senate", "Senate"


class BillAction(models.TextChoices):
    INTRODUCED = "introduced", "Introduced"
    PASSED = "passed", "Passed"
    BLOCKED = "blocked", "Blocked on a procedural vote"
    FAILED = "failed", "Failed"
    ENACTED = "enacted", "Enacted"


def _not_negative(field, what):
    return FieldCheck(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=f"%(app_label)s_%(class)s_{field}_not_negative", field=field,
        violation_error_message=f"{what} cannot be negative.",
    )


class LegislativeAction(PublishableModel):
    """What one chamber did with a bill that answers a funding request (the House passed H.R. 5230,
    the Senate blocked S. 2648 on a cloture vote); published with the claim that reports it."""

    request = models.ForeignKey(
        "crisis.FundingRequest", on_delete=models.CASCADE, related_name="legislative_actions",
        help_text="The funding request the bill answers.",
    )
    bill_number = models.CharField(
        max_length=40, help_text="As the chamber numbers it, e.g. H.R. 5230 or S. 2648."
    )
    chamber = models.CharField(max_length=8, choices=Chamber)
    action = models.CharField(max_length=16, choices=BillAction, help_text="What the chamber did.")
    date = date_field("date", "When the chamber acted.")
    date_precision = precision_field()
    yeas = models.PositiveIntegerField(null=True, blank=True, help_text="Votes for, when a vote was taken.")
    nays = models.PositiveIntegerField(null=True, blank=True, help_text="Votes against.")
    threshold = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="Votes needed to carry it (60 to end a Senate filibuster), when the source says.",
    )
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True,
        help_text="The money in this bill, in the request's currency, as the source gives it.",
    )
    note = models.TextField(blank=True)
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.PROTECT, related_name="legislative_actions",
        help_text="The claim that reports this action.",
    )

    timeline_rank = timeline_rank("date_precision")

    REFERENCES = ("request", "claim")
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["request", "date", "id"]
        indexes = timeline_indexes("bill", "date")
        constraints = PublishableModel.Meta.constraints + [
            choices_check("chamber", Chamber),
            choices_check("action", BillAction),
            _not_negative("yeas", "A vote count"),
            _not_negative("nays", "A vote count"),
            _not_negative("threshold", "A threshold"),
            _not_negative("amount", "An amount"),
        ]

    def __str__(self):
        return f"{self.bill_number}: {self.get_action_display()} ({self.get_chamber_display()})"

    def get_absolute_url(self):
        return self.request.get_absolute_url()

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)

    @property
    def tally_display(self):
        """"218–210 (218 needed)", or "" when no vote is reported."""
        if self.yeas is None and self.nays is None:
            return ""
        tally = f"{'?' if self.yeas is None else self.yeas}–{'?' if self.nays is None else self.nays}"
        return tally + (f" ({self.threshold} needed)" if self.threshold is not None else "")
