"""OpenAPI helpers: the error responses every operation documents."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from .serializers.common import VALIDATION_ERROR_SCHEMA, ErrorSerializer

_DESCRIPTIONS = {
    400: "Invalid input or query parameters: field name → messages.",
    401: "No token, or an unknown, expired or revoked token.",
    403: "Your role may not use this endpoint or method.",
    404: "Not found, or not yours to see (never tells which); also a page number past the end.",
    409: "The report can no longer be corrected (review started), or a request with the "
    "same Idempotency-Key is still running.",
    422: "The Idempotency-Key was already used for a different request.",
    429: "Too many requests for this token; see the Retry-After header.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    responses = {}
    for code in codes:
        if code == 400:
            responses[code] = OpenApiResponse(
                response=VALIDATION_ERROR_SCHEMA,
                description=_DESCRIPTIONS[code],
                examples=[
                    OpenApiExample(
                        "Nested findings",
                        value={
                            "findings": [
                                {},
                                {"code": ["“x” is not a code in the violation catalogue."]},
                            ]
                        },
                        status_codes=["400"],
                    )
                ],
            )
        else:
            responses[code] = OpenApiResponse(
                response=ErrorSerializer, description=_DESCRIPTIONS[code]
            )
    return responses


LIST_ERRORS = errors(400, 401, 403, 404, 429)
DETAIL_ERRORS = errors(401, 403, 404, 429)
CREATE_ERRORS = errors(400, 401, 403, 409, 422, 429)
UPDATE_ERRORS = errors(400, 401, 403, 404, 409, 429)


def closed_request_bodies(result, generator, request, public):
    """drf-spectacular post-processing hook: request bodies refuse unknown fields (the
    serializers answer 400 "Unknown field"), so their schemas say
    ``additionalProperties: false`` (issue 12, defect 10)."""
    schemas = result.get("components", {}).get("schemas", {})
    referenced = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody", {}) if isinstance(operation, dict) else {}
            for media in body.get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if ref:
                    referenced.add(ref.rsplit("/", 1)[-1])
    pending = list(referenced)
    while pending:
        name = pending.pop()
        schema = schemas.get(name)
        if not schema or schema.get("type") != "object":
            continue
        schema["additionalProperties"] = False
        for prop in schema.get("properties", {}).values():
            for item in (prop, prop.get("items", {})):
                ref = item.get("$ref", "") if isinstance(item, dict) else ""
                if ref and ref.rsplit("/", 1)[-1] not in referenced:
                    referenced.add(ref.rsplit("/", 1)[-1])
                    pending.append(ref.rsplit("/", 1)[-1])
    return result
