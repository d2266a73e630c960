"""What the OpenAPI schema says beyond what drf-spectacular infers: who may call an operation
without signing in, which refusals each kind of operation can answer with, and the If-Match every
update must carry. Stated once here for every operation, so a new endpoint is documented alike."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions

DESCRIPTIONS = {
    400: "Bad input: one message per field (or a bad filter, named); nothing is changed.",
    401: "Not signed in.",
    403: "Signed in without the role this needs, or the record is someone else's draft.",
    404: "No such record, or not one you may see (on a list: a page beyond the last).",
    406: "No such format here: `detail` names the formats there are.",
    409: "Not allowed in the record's current state (a public record, a workflow step out of "
    "order, drafts of someone else's); `detail` says why and `records` names what is involved.",
    412: "The record changed since the version in `If-Match`; read it again and redo the change.",
    413: "The request body is larger than the API accepts.",
    415: "The body is not JSON, a form or multipart.",
    428: "An update must say which version it changes: send the ETag you read as `If-Match`.",
    429: "Too many requests: wait the seconds in `Retry-After`.",
}
READ_REFUSALS = (400, 404, 406, 429)
WRITE_REFUSALS = (400, 401, 403, 404, 409, 413, 415, 429)
UPDATE_REFUSALS = (412, 428)
IF_MATCH = {
    "in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
    "description": "The ETag of the version you read (from GET), so a change made since is not lost.",
}
ANONYMOUS_READS = (permissions.DjangoModelPermissionsOrAnonReadOnly, permissions.AllowAny)


class CrisisAutoSchema(AutoSchema):
    def _get_filter_parameters(self):
        # A filter sent empty is no filter (an HTML form sends every field), so the schema allows it.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            plain_text = schema.get("type") == "string" and not schema.keys() - {"type", "description"}
            if schema.get("type") not in (None, "array") and not plain_text:
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        anonymous = self.method in permissions.SAFE_METHODS and all(
            isinstance(permission, ANONYMOUS_READS) for permission in self.view.get_permissions()
        )
        if anonymous and {} not in auths:
            auths.append({})  # readers need no account
        return auths


def is_update(path, method):
    return method in ("put", "patch") or method == "post" and path.endswith("/correct/")


def document_refusals(result, generator, request, public):
    """Every operation lists the refusals it can answer with, each with the same body."""
    result.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = {
        "type": "object",
        "description": "`detail` for the request as a whole; a field's name for messages about it.",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = READ_REFUSALS if method == "get" else WRITE_REFUSALS
            if is_update(path, method):
                codes += UPDATE_REFUSALS
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "If-Match" for p in parameters):
                    parameters.append(IF_MATCH)
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(str(code), {"description": DESCRIPTIONS[code], "content": body})
    return result
