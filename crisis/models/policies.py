from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field

from .base import FieldCheck, PublishableModel, PublishableQuerySet, choices_check


class ProposalStage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DEBATED = "debated", "Under debate"
    ENACTED = "enacted", "Enacted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


class ProposalKind(models.TextChoices):
    PROPOSAL = "proposal", "Proposal"
    PROGRAM = "program", "Program"


class Position(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    MIXED = "mixed", "Mixed"
    UNDECIDED = "undecided", "Undecided"


class PolicyProposal(PublishableModel):
    """A proposed change of law or practice, with who backs it and who opposes it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(help_text="What would change, in neutral words.")
    law = models.CharField(
        max_length=200, blank=True,
        help_text="The law it touches, e.g. TVPRA 2008 (William Wilberforce Trafficking Victims "
        "Protection Reauthorization Act).",
    )
    law_url = models.URLField("law URL", max_length=500, blank=True)
    stage = models.CharField(max_length=16, choices=ProposalStage, default=ProposalStage.PROPOSED)
    kind = models.CharField(
        max_length=16, choices=ProposalKind, default=ProposalKind.PROPOSAL,
        help_text="A proposal of law or practice, or a program that puts one into effect.",
    )
    announced_on = date_field("announced", "When it was first announced or put forward, as the "
                              "sources date it.")
    announced_on_precision = precision_field("announced precision")
    effective_on = date_field("in effect from", "When it took or takes effect, as the sources "
                              "date it; blank until known.")
    effective_on_precision = precision_field("effective precision")
    implements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="implemented_by",
        help_text="The proposal this program (or narrower proposal) puts into effect.",
    )
    proponents = models.ManyToManyField(
        "crisis.Actor", blank=True, related_name="proposals_made",
        help_text="Who put the proposal forward.",
    )

    REFERENCES = ("implements",)
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[proponents])

    class Meta(PublishableModel.Meta):
        ordering = ["title"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("stage", ProposalStage),
            choices_check("kind", ProposalKind),
            FieldCheck(
                condition=Q(effective_on__isnull=True) | Q(announced_on__isnull=True)
                | Q(effective_on__gte=F("announced_on")),
                name="%(app_label)s_%(class)s_effective_after_announced",
                field="effective_on",
                violation_error_message="It cannot take effect before it was announced.",
            ),
            FieldCheck(
                condition=Q(implements__isnull=True) | ~Q(implements=F("id")),
                name="%(app_label)s_%(class)s_not_implementing_itself",
                field="implements",
                violation_error_message="A proposal cannot implement itself.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crisis:proposal-detail", kwargs={"slug": self.slug})

    @property
    def announced_display(self):
        return format_date(self.announced_on, self.announced_on_precision)

    @property
    def effective_display(self):
        return format_date(self.effective_on, self.effective_on_precision)


class Stance(PublishableModel):
    """An actor's position on a proposal, as one claim reports it; published with that claim."""

    actor = models.ForeignKey("crisis.Actor", on_delete=models.PROTECT, related_name="stances")
    proposal = models.ForeignKey(PolicyProposal, on_delete=models.CASCADE, related_name="stances")
    position = models.CharField(max_length=16, choices=Position)
    claim = models.ForeignKey(
        "crisis.Claim", on_delete=models.PROTECT, related_name="stances",
        help_text="The claim in which the actor states or shows this position.",
    )

    REFERENCES = ("actor", "proposal", "claim")
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["proposal", "position", "actor__name"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("position", Position),
            models.UniqueConstraint(
                fields=["actor", "proposal", "claim"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_position_display().lower()} {self.proposal}"

    def get_absolute_url(self):
        return self.proposal.get_absolute_url() + f"#stance-{self.pk}"
