"""Who may change what through the API, mirroring the editor desk.

A published claim is never edited in place: readers were told something, so changing it goes
through a correction or a retraction, each with a note. Other public records may be edited by
reviewers (simple-history keeps every version); editors change only what readers cannot see yet.
"""

from rest_framework import permissions, status
from rest_framework.exceptions import APIException, PermissionDenied

from crisis.models import Claim, Stance

REVIEWER_PERM = "crisis.publish_claim"
UPDATES = ("PUT", "PATCH")


class Refused(APIException):
    """A request that is well formed but not allowed in the record's current state."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


def is_public(record):
    # A stance has no status of its own: it is public exactly when its claim is.
    return record.claim.is_public if isinstance(record, Stance) else record.is_public


def check_editable(user, record):
    """Raise when `user` may not change `record` in place; reads only what is already loaded."""
    if isinstance(record, Claim):
        if record.is_public:
            raise Refused(
                f"This claim is {record.get_status_display().lower()}, so it is not edited in place: "
                "a reviewer corrects it (POST …/correct/ with a note for readers) or retracts it "
                "(POST …/retract/ with the reason)."
            )
        if not record.editable_by(user):
            raise PermissionDenied(
                "This claim is in review; only a reviewer can change it now. Editors change drafts."
            )
        return
    if is_public(record) and not user.has_perm(REVIEWER_PERM):
        name = record._meta.verbose_name
        raise PermissionDenied(
            f"This {name} is public; only a reviewer can change it. Editors change drafts and "
            "records in review."
        )


class PublicRecordEdits(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """The model permissions, plus the rule above for a PUT or PATCH of one record."""

    def has_object_permission(self, request, view, obj):
        if request.method in UPDATES:
            check_editable(request.user, obj)
        return True


def requires(perm, what):
    """A permission class: signed in and holding `perm` (readers get 401, other accounts 403)."""

    class Requires(permissions.IsAuthenticated):
        message = f"Only {what} can do this."

        def has_permission(self, request, view):
            return super().has_permission(request, view) and request.user.has_perm(perm)

    Requires.__name__ = f"Requires_{perm.replace('.', '_')}"
    return Requires


CanSubmit = requires("crisis.submit_claim", "editors and reviewers")
CanReview = requires(REVIEWER_PERM, "reviewers")
