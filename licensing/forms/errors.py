"""The one form helper every app uses to show a service's refusal on its form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from licensing.errors import DomainError
from licensing.services.validation import InvalidData


def add_domain_error(form: forms.Form, exc: DomainError, field_map: dict | None = None) -> None:
    """Show a service's refusal on the form: each message on its field when the form has
    it (``field_map`` renames service fields to form fields), otherwise at the top."""
    field_map = field_map or {}
    if isinstance(exc, InvalidData):
        items = exc.errors.items()
    else:
        items = [(exc.field or NON_FIELD_ERRORS, [exc.message])]
    for field, messages in items:
        field = field_map.get(field, field)
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
