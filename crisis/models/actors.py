from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from crisis.dates import date_field, format_date, precision_field

from .base import FieldCheck, PublishableModel, PublishableQuerySet, TimeStampedModel, choices_check


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT_BODY = "government_body", "Government body"
    LEGISLATURE = "legislature", "Legislature"
    COUNTRY = "country", "Country"
    GROUP = "group", "Group of people"


class ActorQuerySet(PublishableQuerySet):
    def countries(self):
        return self.filter(kind=ActorKind.COUNTRY)


class Actor(PublishableModel):
    """Someone who acts or speaks in the story: a person, an organisation, a government, a country."""

    name = models.CharField(max_length=200, help_text="Full name as the sources give it.")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=32, choices=ActorKind, default=ActorKind.PERSON)
    short_name = models.CharField(
        max_length=60, blank=True, help_text="Abbreviation used in headlines, e.g. USCRI."
    )
    description = models.TextField(blank=True, help_text="One or two sentences on who this is.")
    country = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"kind": ActorKind.COUNTRY},
        help_text="The country this actor belongs to or represents.",
    )
    country_code = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code, for countries only (HN, GT).",
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use a two-letter ISO 3166-1 code in capitals, e.g. HN.")],
    )
    url = models.URLField("URL", max_length=500, blank=True, help_text="Official website.")

    REFERENCES = ("country",)
    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(PublishableModel.Meta):
        ordering = ["name"]
        constraints = PublishableModel.Meta.constraints + [
            choices_check("kind", ActorKind),
            FieldCheck(
                condition=Q(country_code="") | Q(kind=ActorKind.COUNTRY),
                name="%(app_label)s_%(class)s_code_only_for_countries",
                field="country_code", violation_error_message="Only countries have a country code.",
            ),
            models.UniqueConstraint(
                fields=["country_code"],
                condition=~Q(country_code=""),
                name="%(app_label)s_%(class)s_country_code_unique",
                violation_error_message="Another country already has this code.",
                violation_error_code="unique",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("crisis:actor-detail", kwargs={"slug": self.slug})

    def title_on(self, date):
        """The title of a role held on `date` (the latest role when the date or the roles' dates
        are unknown), or "" (reads `roles`: prefetch them for a list)."""
        roles = list(self.roles.all())
        if date is None:
            return roles[0].title if roles else ""
        for role in roles:
            if (role.start_date is None or role.start_date <= date) and (
                role.end_date is None or role.end_date >= date
            ):
                return role.title
        return ""

    @property
    def title(self):
        """The title of the latest role, or "" (reads `roles`: prefetch them for a list)."""
        roles = list(self.roles.all())
        return roles[0].title if roles else ""


class ActorRole(TimeStampedModel):
    """A position an actor held for a time: Josh Earnest, White House press secretary."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, help_text="Title as the source words it.")
    organisation = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="Where the role is held (USCRI, the White House, Honduras).",
    )
    start_date = date_field("from", "When the role began, if known.")
    start_date_precision = precision_field("start precision", default="year")
    end_date = date_field("until", "When the role ended; blank while it is held.")
    end_date_precision = precision_field("end precision", default="year")
    as_of = models.DateField(
        null=True, blank=True, help_text="A date on which a source confirms the role was held."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["actor", "-as_of", "title"]
        constraints = [
            FieldCheck(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                field="end_date", violation_error_message="A role cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["actor", "title", "organisation"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}" if self.organisation else self.title

    @property
    def period_display(self):
        start = format_date(self.start_date, self.start_date_precision)
        end = format_date(self.end_date, self.end_date_precision)
        if start and end:
            return f"{start} – {end}"
        return f"since {start}" if start else (f"until {end}" if end else "")
