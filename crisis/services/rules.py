"""Who may do what to a record: each rule once, for the desk, the API, the admin and commands."""

from crisis.models import Claim

from .errors import PermissionDenied, Refused

REVIEWER_PERM = "crisis.publish_claim"


def is_reviewer(user):
    return user is not None and user.has_perm(REVIEWER_PERM)


def _perm(action, model):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may_edit(user, record):
    """Whether `user` may change `record` in place (see check_edit)."""
    try:
        check_edit(user, record)
    except (PermissionDenied, Refused):
        return False
    return True


def check_edit(user, record):
    """Raise unless `user` may change `record` in place.

    Nobody changes a public record in place: readers were told something, so it changes through
    a claim that establishes the new value, or a reviewer's correction with a note. Editors
    change what they entered; reviewers any record not yet public. Changing a record that waits
    in review returns that review to draft (crisis.services.records.return_to_draft).
    """
    if user is None or not user.has_perm(_perm("change", type(record))):
        raise PermissionDenied(f"You may not change {record._meta.verbose_name_plural}.")
    if record.is_public:
        what = record._meta.verbose_name
        raise Refused(
            f"This {what} is {record.get_status_display().lower()}, so it is not changed in place. "
            + ("A reviewer corrects or retracts it, with a note for readers."
               if isinstance(record, Claim) else
               "Propose the new values with a claim that establishes them (they are applied when "
               "a reviewer publishes that claim), or a reviewer corrects it with a note for readers."),
            code="public",
        )
    if is_reviewer(user) or record.created_by_id == user.pk:
        return
    who = record.created_by.get_username() if record.created_by_id else "an administrator or a dataset"
    raise PermissionDenied(
        f"This {record._meta.verbose_name} is a draft entered by {who}; only they or a reviewer "
        "can change it."
    )


def check_create(user, model):
    if user is None or not user.has_perm(_perm("add", model)):
        raise PermissionDenied(f"You may not add {model._meta.verbose_name_plural}.")


def check_review(user):
    if not is_reviewer(user):
        raise PermissionDenied("Only reviewers can do this.")


def check_submit(user, claim):
    if user is None or not user.has_perm("crisis.submit_claim"):
        raise PermissionDenied("Only editors and reviewers can submit claims.")
    if not is_reviewer(user) and claim.created_by_id != user.pk:
        raise PermissionDenied("Editors submit their own claims; this one was entered by someone else.")
