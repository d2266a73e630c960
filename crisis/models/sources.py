from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field

from .base import FieldCheck, PublishableModel, PublishableQuerySet, choices_check


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    OFFICIAL_STATISTICS = "official_statistics", "Official statistics"
    PRESS_RELEASE = "press_release", "Press release"
    TRANSCRIPT = "transcript", "Transcript"
    REPORT = "report", "Report"
    INTERVIEW = "interview", "Interview"


class SourceQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.select_related("cites")


class Source(PublishableModel):
    """A publication or document that claims are taken from; one source backs many claims."""

    title = models.CharField(max_length=300, help_text="Headline or document title as published.")
    slug = models.SlugField(max_length=120, unique=True, help_text="Short name used in URLs.")
    publisher = models.CharField(
        max_length=200, help_text="Outlet or body that published it, e.g. Latin Post, CBP."
    )
    author = models.CharField(max_length=200, blank=True, help_text="Byline, if given.")
    kind = models.CharField(max_length=32, choices=SourceKind, default=SourceKind.NEWS_ARTICLE)
    url = models.URLField(
        "URL", max_length=500, blank=True, help_text="Where the source can be read. Leave blank "
        "only when the source is known by citation alone (\"The New York Times reports\")."
    )
    archived_url = models.URLField(
        "archived copy", max_length=500, blank=True,
        help_text="A snapshot (e.g. Wayback Machine) in case the original changes or disappears.",
    )
    published_on = date_field("published", "Publication date, as printed on the source.")
    published_on_precision = precision_field("publication date precision")
    cites = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by",
        help_text="The earlier source this one relays (Latin Post citing The New York Times).",
    )
    notes = models.TextField(blank=True, help_text="How the source was dated or found.")

    REFERENCES = ("cites",)
    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["-published_on", "title"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("kind", SourceKind),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="%(app_label)s_%(class)s_url_unique",
                violation_error_message="A source with this URL already exists.",
                violation_error_code="unique",
            ),
            FieldCheck(
                condition=~Q(cites=models.F("id")), name="%(app_label)s_%(class)s_not_self_citing",
                field="cites", violation_error_message="A source cannot cite itself.",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return reverse("crisis:source-detail", kwargs={"slug": self.slug})

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_on_precision)
