from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class RecordStatus(models.TextChoices):
    """Where a record stands in the editorial workflow; only the last three are public."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Retracted claims and withdrawn records stay public, marked, as a newspaper keeps its correction.
PUBLIC_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.RETRACTED, RecordStatus.WITHDRAWN)
UNPUBLISHED_STATUSES = (RecordStatus.DRAFT, RecordStatus.IN_REVIEW)


class PublishableQuerySet(models.QuerySet):
    """The rule of who sees what lives here and nowhere else; crisis.selectors applies it."""

    def published(self):
        """Records readers may see: published, or retracted/withdrawn with the reason shown.

        A record is public only while what it names is public too (its model's REFERENCES): the
        write services keep it so; the read applies it again, so a draft never leaks through a
        public record even if a row was written some other way.
        """
        return self.filter(public_condition(self.model))

    def visible_to(self, user):
        if sees_drafts(user, self.model):
            return self
        return self.published()


def public_condition(model):
    """Q of the rows of `model` readers may see (see PublishableQuerySet.published)."""
    condition = Q(status__in=PUBLIC_STATUSES)
    for path in getattr(model, "REFERENCES", ()):
        public = Q(**{f"{path}__status__in": PUBLIC_STATUSES})
        condition &= (Q(**{f"{path}__isnull": True}) | public) if _nullable(model, path) else public
    return condition


def _nullable(model, path):
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


def sees_drafts(user, model):
    """Newsroom accounts that may view a kind of record see its drafts too."""
    return (
        user is not None
        and user.is_authenticated
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    )


class PublishableModel(TimeStampedModel):
    """A record that goes through draft → in review → published before readers see it.

    `version` counts the saves: every write names the version it was based on (an API
    `If-Match`, the desk's hidden field) and crisis.services refuses a stale one.
    """

    status = models.CharField(
        max_length=16,
        choices=RecordStatus,
        default=RecordStatus.DRAFT,
        db_index=True,
        help_text="Editorial status. Readers see published, retracted and withdrawn records only.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When a reviewer published this record on the tracker."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who first entered this record.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Counts the saves; a write must name the version it was based on."
    )
    correction_note = models.TextField(
        blank=True,
        help_text="The latest correction, retraction or withdrawal, shown to readers. Every earlier "
        "note stays in the record's events.",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)

    objects = PublishableQuerySet.as_manager()

    # What a record names and shows (forward references): public only with it.
    REFERENCES = ()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecordStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=UNPUBLISHED_STATUSES) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RecordStatus.RETRACTED, RecordStatus.WITHDRAWN])
                | ~Q(correction_note=""),
                name="%(app_label)s_%(class)s_retraction_has_note",
            ),
        ]

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    def is_withdrawn(self):
        return self.status == RecordStatus.WITHDRAWN


class FieldCheck(models.CheckConstraint):
    """A CHECK constraint whose violation is reported against one field, in words an editor reads.

    The database enforces it; `full_clean()` (called by every write service) reports it as the
    field's error, so forms and the API show the same message without restating the rule.
    """

    def __init__(self, *args, field=None, **kwargs):
        self.field = field
        super().__init__(*args, **kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        kwargs = {"using": using} if using else {}
        try:
            super().validate(model, instance, exclude=exclude, **kwargs)
        except ValidationError as exc:
            if self.field:
                raise ValidationError({self.field: exc.error_list}) from None
            raise

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        if self.field:
            kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and getattr(other, "field", None) == self.field

    __hash__ = models.CheckConstraint.__hash__


def choices_check(field, choices):
    """`choices=` does not constrain the database; this CHECK does."""
    return FieldCheck(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        field=field,
        violation_error_message="Not one of the allowed values.",
    )
