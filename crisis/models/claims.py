from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field, precision_rank

from .base import (
    PUBLIC_STATUSES,
    FieldCheck,
    PublishableModel,
    PublishableQuerySet,
    TimeStampedModel,
    choices_check,
    timeline_indexes,
)

# The rationale's bound, in characters: one line a reader takes in at a glance beside the verdict.
RATIONALE_MAX = 280

# Written only by a reviewer publishing or correcting a claim (crisis.services.workflow).
VERDICT_FIELDS = ("verdict", "verdict_rationale", "verdict_by", "verdict_at")

# `verdict_rationale__length__lte` in a CHECK constraint, on both databases.
models.CharField.register_lookup(Length)


class ClaimKind(models.TextChoices):
    FACT = "fact", "Fact"
    FIGURE = "figure", "Figure"
    QUOTE = "quote", "Quote"
    FORECAST = "forecast", "Forecast"
    POSITION = "position", "Position"
    PLAN = "plan", "Plan or announcement"


class Verdict(models.TextChoices):
    """A reviewer's finding on a published claim, checked against other sources.

    Four steps from right to wrong, as fact-checkers word theirs, and one for a claim the
    evidence we could find does not settle either way (Meedan Check's "inconclusive"). No verdict
    at all is the default: readers see nothing rather than a badge that says nothing.
    """

    ACCURATE = "accurate", "Accurate"
    MOSTLY_ACCURATE = "mostly_accurate", "Mostly accurate"
    MISLEADING = "misleading", "Misleading"
    INACCURATE = "inaccurate", "Inaccurate"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


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
    verdict = models.CharField(
        max_length=16, choices=Verdict, blank=True,
        help_text="The reviewer's finding after checking the claim against other sources, given "
        "when publishing it or by a correction. Blank: no verdict given.",
    )
    verdict_rationale = models.CharField(
        max_length=RATIONALE_MAX, blank=True,
        help_text="One line, shown to readers with the verdict: what the check found.",
    )
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text="The reviewer who gave the current verdict.",
    )
    verdict_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current verdict was given."
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
    co_speakers = models.ManyToManyField(
        "crisis.Actor", through="crisis.ClaimSpeaker", blank=True, related_name="claims_co_made",
        help_text="Who else made the statement with the speaker (a joint statement), in the "
        "order the source names them.",
    )
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
    # When the claim sits on the timeline: when it happened, else when it was said.
    timeline_date = models.GeneratedField(
        expression=Coalesce("occurred_on", "said_on"), output_field=models.DateField(), db_persist=True,
    )
    timeline_rank = models.GeneratedField(
        expression=models.Case(
            models.When(occurred_on__isnull=False, then=precision_rank("occurred_on_precision")),
            default=precision_rank("said_on_precision"),
        ),
        output_field=models.SmallIntegerField(), db_persist=True,
    )

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["occurred_on", "said_on", "id"]
        permissions = [
            ("publish_claim", "Can publish, send back and retract claims"),
            ("submit_claim", "Can submit claims for review"),
        ]
        indexes = timeline_indexes("claim", "timeline_date")
        constraints = PublishableModel.Meta.constraints + [
            choices_check("kind", ClaimKind),
            FieldCheck(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values),
                name="%(app_label)s_%(class)s_verdict_valid",
                field="verdict",
                violation_error_message="Not one of the allowed values.",
            ),
            FieldCheck(
                condition=Q(verdict="") | ~Q(verdict_rationale=""),
                name="%(app_label)s_%(class)s_verdict_has_rationale",
                field="verdict_rationale",
                violation_error_message="Give the verdict a one-line rationale: readers see it "
                "with the verdict.",
            ),
            FieldCheck(
                condition=~Q(verdict="") | Q(verdict_rationale=""),
                name="%(app_label)s_%(class)s_rationale_has_verdict",
                field="verdict",
                violation_error_message="Choose the verdict this rationale explains, or leave "
                "both blank.",
            ),
            FieldCheck(
                condition=Q(verdict_rationale__length__lte=RATIONALE_MAX)
                & ~Q(verdict_rationale__contains="\n"),
                name="%(app_label)s_%(class)s_rationale_one_line",
                field="verdict_rationale",
                violation_error_message=f"Keep the rationale to one line of at most "
                f"{RATIONALE_MAX} characters.",
            ),
            # Drafts carry no verdict, so none can reach readers before a reviewer publishes.
            FieldCheck(
                condition=Q(verdict="") | Q(status__in=PUBLIC_STATUSES),
                name="%(app_label)s_%(class)s_verdict_only_public",
                field="verdict",
                violation_error_message="A verdict is given by the reviewer who publishes the "
                "claim, or by a correction of a published claim.",
            ),
            models.CheckConstraint(
                condition=(Q(verdict="") & Q(verdict_at__isnull=True) & Q(verdict_by__isnull=True))
                | (~Q(verdict="") & Q(verdict_at__isnull=False)),
                name="%(app_label)s_%(class)s_verdict_dated",
            ),
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

    def speakers_shown(self):
        """(actor, title) of each speaker, lead first; the others only as a selector prefetched
        them (crisis.selectors.records.co_speakers_prefetch keeps the ones the user may see).

        Never a query: read without that prefetch, the co-speakers are left out rather than
        read unfiltered, so a draft co-speaker cannot reach a page that forgot to plan for them.
        """
        lead = [(self.speaker, self.speaker_title)] if self.speaker_id else []
        others = getattr(self, "_prefetched_objects_cache", {}).get("co_speakings", ())
        return lead + [(row.actor, row.title) for row in others]

    def conflicts_shown(self):
        """The claims marked as conflicting with this one, as a selector prefetched them (visible
        ones only: crisis.selectors.records.listed_claims). Never a query, for the same reason as
        speakers_shown: a list that did not plan for conflicts shows none rather than any draft."""
        return list(getattr(self, "_prefetched_objects_cache", {}).get("conflicts_with", ()))

    @property
    def is_joint(self):
        return len(self.speakers_shown()) > 1

    def get_absolute_url(self):
        return reverse("crisis:claim-detail", kwargs={"pk": self.pk})

    @property
    def occurred_display(self):
        return format_date(self.occurred_on, self.occurred_on_precision)

    @property
    def said_display(self):
        return format_date(self.said_on, self.said_on_precision)


class ClaimSpeaker(TimeStampedModel):
    """A speaker of a joint statement after the first (the claim's `speaker`), with the title
    the source gives them at the time."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="co_speakings")
    actor = models.ForeignKey(
        "crisis.Actor", on_delete=models.PROTECT, related_name="co_speakings",
        help_text="Who made the statement with the claim's first speaker.",
    )
    title = models.CharField(
        max_length=200, blank=True,
        help_text="The speaker's title when they said it, as the source words it (“President of "
        "Honduras”).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among the co-speakers, as the source names them."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "actor"], name="%(app_label)s_%(class)s_once_per_claim",
                violation_error_message="This speaker is already named on the claim.",
            ),
        ]

    def __str__(self):
        return f"{self.actor}, {self.title}" if self.title else str(self.actor)
