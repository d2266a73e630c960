"""How a refusal from crisis.services reads in the API: one answer per kind of refusal.

- the model's rules (Django ValidationError): 400 with a message per field;
- the workflow or the record's state (Refused): 409 with the reason and the records it names;
- an update that names no version: 428; a stale version: 412;
- who may do it: 403 (401 for anonymous clients, by DRF).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from crisis.models import kind_of
from crisis.services import Refused, StaleVersion, VersionRequired


def field_errors(exc):
    """A Django ValidationError as DRF's per-field shape."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def handler(exc, context):
    if isinstance(exc, Refused):
        return Response(
            {
                "detail": " ".join(exc.messages),
                "code": exc.code,
                "records": [
                    {"type": kind_of(record), "id": record.pk, "name": str(record)[:200]}
                    for record in exc.records
                ],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ModelValidationError):
        return Response(field_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, VersionRequired):
        return Response({"detail": exc.message}, status=status.HTTP_428_PRECONDITION_REQUIRED)
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": str(exc), "current_version": exc.current.version},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    return exception_handler(exc, context)
