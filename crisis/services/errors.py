"""What a write service refuses, in terms every interface can turn into its own answer.

Bad input raises Django's ValidationError (a 400 in the API, the form again on the desk). These
are the other refusals: the version a write was based on, and the workflow's rules.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class VersionRequired(Exception):
    """An update that does not say which version it was based on (API: 428)."""

    message = (
        "Say which version you are changing: send the ETag you last read in an If-Match header "
        "(on the desk, reload the page)."
    )


class StaleVersion(Exception):
    """An update based on a version someone has since replaced (API: 412, desk: 409)."""

    def __init__(self, current, based_on):
        self.current = current
        self.based_on = based_on
        super().__init__(
            f"This {current._meta.verbose_name} changed since you read it: you changed version "
            f"{based_on}, it is at version {current.version} now. Read it again and redo your change."
        )


class Refused(ValidationError):
    """A well-formed request the record's state does not allow (a workflow step out of order, an
    edit of a public record, a publication that would expose someone else's draft)."""

    def __init__(self, message, code="refused", records=()):
        super().__init__(message, code=code)
        self.records = list(records)


__all__ = ["PermissionDenied", "Refused", "StaleVersion", "ValidationError", "VersionRequired"]
