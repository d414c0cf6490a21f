"""Every API error is JSON: ``{"detail": "..."}``, or field -> messages for a 400.

Domain errors from services become 400 (with the field when the service named one) or
409 for a refused state change; Django validation errors become 400. Unknown paths under
/api/v1/ answer a JSON 404 rather than the HTML page.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.views import exception_handler as drf_exception_handler

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.services.validation import InvalidData


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class UnprocessableEntity(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


def _parse_error(exc: exceptions.ParseError) -> exceptions.ParseError:
    """DRF's "JSON parse error - …" is not translatable; say it in the request's language."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, json.JSONDecodeError):
        return exceptions.ParseError(
            _("The body is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": cause.lineno, "column": cause.colno}
        )
    if isinstance(cause, ValueError):
        return exceptions.ParseError(_("The body is not valid JSON."))
    return exc


def _throttled(exc: exceptions.Throttled) -> exceptions.Throttled:
    """DRF formats the wait before translating it, so its message stays English."""
    detail = str(exceptions.Throttled.default_detail)  # translated in DRF's catalogue
    if exc.wait is not None:
        wait = int(exc.wait)
        detail += " " + ngettext(
            "Try again in %(wait)s second.", "Try again in %(wait)s seconds.", wait
        ) % {"wait": wait}
    translated = exceptions.Throttled(detail=detail)
    translated.wait = exc.wait  # the handler's Retry-After
    return translated


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, exceptions.ParseError):
        return _parse_error(exc)
    if isinstance(exc, exceptions.Throttled):
        return _throttled(exc)
    if isinstance(exc, Http404):
        # One message whatever the model: a 404 never tells what was looked for.
        return exceptions.NotFound()
    if isinstance(exc, TransitionNotAllowed):
        return Conflict(exc.message)
    if isinstance(exc, InvalidData):
        return exceptions.ValidationError(exc.errors)
    if isinstance(exc, DomainError):
        return exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]})
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(get_error_detail(exc))
    return exc


def exception_handler(exc, context):
    return drf_exception_handler(_translate(exc), context)


@csrf_exempt  # a stray POST must get the JSON 404, not the CSRF failure page
def not_found(request, *args, **kwargs):
    """JSON 404 for paths under /api/v1/ that match no endpoint (with a hint when only the
    trailing slash is missing: a redirect would lose the body of a POST)."""
    detail = _("Not found.")
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            detail = _("Not found. Did you mean %(path)s (with a trailing slash)?") % {
                "path": request.path + "/"
            }
    return JsonResponse({"detail": detail}, status=404)
