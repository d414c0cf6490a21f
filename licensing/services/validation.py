"""One error type for every refusal: model validation errors become a ``DomainError``.

Services call ``full_clean_or_raise(obj)`` before saving. Callers (views, the API, the
register import, management commands) then only catch ``DomainError``; views spread
``InvalidData.errors`` over the form's fields (see ``licensing.forms.errors.add_domain_error``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model

from licensing.errors import DomainError


class InvalidData(DomainError):
    """The data breaks one or more validation rules; ``errors`` maps field -> messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        first_field = next(iter(errors))
        super().__init__(
            " ".join(message for messages in errors.values() for message in messages),
            field=None if first_field == NON_FIELD_ERRORS else first_field,
        )


def full_clean_or_raise(obj: Model, *, exclude: Iterable[str] | None = None) -> None:
    """``obj.full_clean()`` (fields, ``clean()``, constraints), raising ``InvalidData``."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidData(
            {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        ) from exc
