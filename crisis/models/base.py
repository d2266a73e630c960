from django.conf import settings
from django.db import models
from django.db.models import Q


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class RecordStatus(models.TextChoices):
    """Where a record stands in the editorial workflow; only published ones are public."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


# Retracted records stay public, marked as retracted, as a newspaper keeps its correction.
PUBLIC_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.RETRACTED)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Records readers may see: published, or retracted with their retraction shown."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user):
        if user is not None and user.is_authenticated and user.has_perm(
            f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        ):
            return self
        return self.published()


class PublishableModel(TimeStampedModel):
    """A record that goes through draft → in review → published before readers see it."""

    status = models.CharField(
        max_length=16,
        choices=RecordStatus,
        default=RecordStatus.DRAFT,
        db_index=True,
        help_text="Editorial status. Readers see published and retracted records only.",
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

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecordStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[RecordStatus.DRAFT, RecordStatus.IN_REVIEW])
                | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
        ]

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES


def choices_check(field, choices):
    """`choices=` does not constrain the database; this CHECK does."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )
