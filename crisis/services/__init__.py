"""Every write, for every interface: the desk, the API, the admin and the management commands.

Forms and serializers only parse input; they call these functions, which check the version a
write was based on and who may make it, run the model's rules, record an Event, and keep the
review model's promises (see crisis.services.workflow).
"""

from .desk import Establishes, PartInvalid, claim_create_with_establishes
from .errors import PermissionDenied, Refused, StaleVersion, ValidationError, VersionRequired
from .records import (
    WORKFLOW_FIELDS,
    change_apply,
    change_reject,
    funding_line_add,
    propose_change,
    record_correct,
    record_create,
    record_event,
    record_restore,
    record_update,
    return_to_draft,
    target_of,
    touch,
    unique_slug,
)
from .rules import check_edit, is_reviewer, may_edit
from .workflow import (
    Publication,
    changeset,
    claim_correct,
    claim_publish,
    claim_retract,
    claim_send_back,
    claim_submit,
    refresh_stages,
    review_of,
)

__all__ = [
    "WORKFLOW_FIELDS",
    "Establishes",
    "PartInvalid",
    "PermissionDenied",
    "Publication",
    "Refused",
    "StaleVersion",
    "ValidationError",
    "VersionRequired",
    "change_apply",
    "change_reject",
    "changeset",
    "check_edit",
    "claim_correct",
    "claim_create_with_establishes",
    "claim_publish",
    "claim_retract",
    "claim_send_back",
    "claim_submit",
    "funding_line_add",
    "is_reviewer",
    "may_edit",
    "propose_change",
    "record_correct",
    "record_create",
    "record_event",
    "record_restore",
    "record_update",
    "refresh_stages",
    "return_to_draft",
    "review_of",
    "target_of",
    "touch",
    "unique_slug",
]
