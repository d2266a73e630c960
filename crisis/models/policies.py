from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .base import PublishableModel, PublishableQuerySet, choices_check


class ProposalStage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DEBATED = "debated", "Under debate"
    ENACTED = "enacted", "Enacted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


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
    proponents = models.ManyToManyField(
        "crisis.Actor", blank=True, related_name="proposals_made",
        help_text="Who put the proposal forward.",
    )

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[proponents])

    class Meta(PublishableModel.Meta):
        ordering = ["title"]
        constraints = PublishableModel.Meta.constraints + [choices_check("stage", ProposalStage)]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crisis:proposal-detail", kwargs={"slug": self.slug})


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
