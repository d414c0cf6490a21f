"""Turn domain errors into form errors, and list every error for the summary at the top."""

from __future__ import annotations

from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.forms.errors import add_domain_error


def _participant(number: int, message: str) -> str:
    return _("Participant %(number)s: %(message)s") % {"number": number, "message": message}


def apply_domain_error(error: DomainError, form, formset=None) -> None:
    """Put a service's refusal next to the field it concerns (or at the top); a refusal
    about the participants goes above the participant rows."""
    if error.field == "participants" and formset is not None:
        formset._non_form_errors = formset.error_class(
            [*formset.non_form_errors(), error.message],
            error_class="nonform",
            renderer=formset.renderer,
        )
    else:
        add_domain_error(form, error)


def error_summary(
    form, formset=None, tail: tuple[str, ...] = ("consent",)
) -> list[tuple[str, str]]:
    """(anchor id, message) for every error, in page order, for the error summary; the
    fields in ``tail`` come after the participants on the page."""
    items: list[tuple[str, str]] = []
    for message in form.non_field_errors():
        items.append(("", message))
    for field in form:
        if field.name not in tail:
            for message in field.errors:
                items.append((field.auto_id, message))
    if formset is not None:
        for message in formset.non_form_errors():
            items.append((f"{formset.prefix}-list", message))
        for number, row in enumerate(formset.forms, start=1):
            for message in row.non_field_errors():
                items.append(("", _participant(number, message)))
            for field in row:
                for message in field.errors:
                    items.append((field.auto_id, _participant(number, message)))
    for name in tail:
        if name in form.fields:
            for message in form[name].errors:
                items.append((form[name].auto_id, message))
    return items
