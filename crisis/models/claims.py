from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field

from .base import FieldCheck, PublishableModel, PublishableQuerySet, choices_check


class ClaimKind(models.TextChoices):
    FACT = "fact", "Fact"
    FIGURE = "figure", "Figure"
    QUOTE = "quote", "Quote"
    FORECAST = "forecast", "Forecast"
    POSITION = "position", "Position"
    PLAN = "plan", "Plan or announcement"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Not yet verified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    FALSE = "false", "False"


class Rank(models.TextChoices):
    """Wikidata-style rank among claims that conflict."""

    PREFERRED = "preferred", "Preferred"
    NORMAL = "normal", "Normal"
    DEPRECATED = "deprecated", "Deprecated"


class ClaimQuerySet(PublishableQuerySet):
    def with_related(self):
        """Joins speaker and sources; no per-row queries for the claim's own provenance."""
        return self.select_related("speaker", "source", "source__cites", "first_appeared_in")


class Claim(PublishableModel):
    """A statement attributed to a speaker (or to the outlet's own reporting), as one source reports it."""

    text = models.TextField(
        help_text="What is claimed, in neutral words (not the quote). One fact per claim."
    )
    quote = models.TextField(
        blank=True, help_text="The exact words, copied from the source, without added quotation marks."
    )
    speaker = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, null=True, blank=True,
        related_name="claims_made",
        help_text="Who said it. Leave blank when it is the publication's own reporting.",
    )
    speaker_title = models.CharField(
        max_length=200, blank=True,
        help_text='How the source describes the speaker ("a White House official").',
    )
    source = models.ForeignKey(
        "crisis.Source", on_delete=models.PROTECT, related_name="claims",
        help_text="Where the claim appeared (article, transcript, release).",
    )
    first_appeared_in = models.ForeignKey(
        "crisis.Source", on_delete=models.PROTECT, null=True, blank=True,
        related_name="claims_first_appearing",
        help_text="The earlier source the claim was relayed from (\"Earnest told The NYT\").",
    )
    kind = models.CharField(max_length=16, choices=ClaimKind, default=ClaimKind.FACT)
    verification = models.CharField(
        max_length=16, choices=Verification, default=Verification.UNVERIFIED,
        help_text="How far the newsroom has checked the claim against other sources.",
    )
    rank = models.CharField(
        max_length=16, choices=Rank, default=Rank.NORMAL,
        help_text="Among conflicting claims: preferred, normal or deprecated.",
    )
    rank_reason = models.TextField(blank=True, help_text="Why this rank (required unless normal).")
    occurred_on = date_field("happened", "When the thing claimed happened or will happen.")
    occurred_on_precision = precision_field("happened precision")
    said_on = date_field("said", "When the speaker said it, if the source says.")
    said_on_precision = precision_field("said precision")
    conflicts_with = models.ManyToManyField(
        "self", blank=True, symmetrical=True,
        help_text="Claims that contradict this one; both are kept side by side.",
    )
    actors = models.ManyToManyField("crisis.Actor", blank=True, related_name="claims_about")
    meetings = models.ManyToManyField("crisis.Meeting", blank=True, related_name="claims")
    funding_requests = models.ManyToManyField(
        "crisis.FundingRequest", blank=True, related_name="claims"
    )
    proposals = models.ManyToManyField("crisis.PolicyProposal", blank=True, related_name="claims")
    statistics = models.ManyToManyField(
        "crisis.CrossingStatistic", blank=True, related_name="claims"
    )
    import_key = models.SlugField(
        max_length=120, blank=True,
        help_text="Stable key from the dataset file the claim was loaded from; blank when an "
        "editor added it.",
    )

    REFERENCES = ("source", "source__cites", "speaker", "first_appeared_in")
    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["occurred_on", "said_on", "id"]
        permissions = [
            ("publish_claim", "Can publish, send back and retract claims"),
            ("submit_claim", "Can submit claims for review"),
        ]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("kind", ClaimKind),
            choices_check("verification", Verification),
            choices_check("rank", Rank),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""),
                name="%(app_label)s_%(class)s_import_key_unique",
            ),
            FieldCheck(
                condition=~Q(kind=ClaimKind.QUOTE) | ~Q(quote=""),
                name="%(app_label)s_%(class)s_quote_kind_has_quote",
                field="quote",
                violation_error_message="A claim of kind “Quote” needs the exact words.",
            ),
            FieldCheck(
                condition=Q(rank=Rank.NORMAL) | ~Q(rank_reason=""),
                name="%(app_label)s_%(class)s_rank_has_reason",
                field="rank_reason",
                violation_error_message="Say why the claim is preferred or deprecated.",
            ),
        ]

    def __str__(self):
        who = self.speaker or self.source.publisher
        return f"{who}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("crisis:claim-detail", kwargs={"pk": self.pk})

    @property
    def occurred_display(self):
        return format_date(self.occurred_on, self.occurred_on_precision)

    @property
    def said_display(self):
        return format_date(self.said_on, self.said_on_precision)
