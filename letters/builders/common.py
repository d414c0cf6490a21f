"""Building blocks every letter context shares: letterhead, recipient, case officer,
the common fields and the check that turns a context's ValueError into a DomainError."""

from __future__ import annotations

import datetime as dt
import logging
import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from licensing.clock import today
from licensing.errors import DomainError
from licensing.models import (
    Holder,
    LicenceKind,
    Municipality,
    Premises,
)
from licensing.validators import validate_logo

from ..context import (
    AppealInfo,
    CaseOfficer,
    DecisionMaker,
    LetterContext,
    Letterhead,
    Party,
)

# The register's licence kinds that the letters spell differently (context.LICENCE_KINDS).
_LETTER_LICENCE_KINDS = {
    LicenceKind.SERVING_SINGLE_OCCASION: "single_occasion",
    LicenceKind.SERVING_CATERING: "catering",
}
# alkoholloven § 3-7: sales start at 08:00; the municipality sets the closing times.
SALES_OPEN = dt.time(8, 0)

logger = logging.getLogger(__name__)


def letter_licence_kind(kind: str) -> str:
    """The letters' code for a register licence kind (``serving_catering`` -> ``catering``)."""
    return _LETTER_LICENCE_KINDS.get(kind, kind)


def case_reference(case, own_reference: str = "") -> str:
    """ "Our reference": the document number the letter gets in its case (26/1060-3; a
    preview shows the next one, ``letters.services.letter_issue`` takes it), or for a
    record without a case (imported with the archive's reference) that reference. Internal
    ids never appear in a letter."""
    if case is not None:
        return case.next_document_reference
    return own_reference.strip()


# --- Building blocks ------------------------------------------------------------------


def logo_path(municipality: Municipality) -> str | None:
    """The logo's file path when the storage keeps it as a local file; otherwise none."""
    if not municipality.logo:
        return None
    try:
        path = municipality.logo.path
    except (NotImplementedError, ValueError):
        return None
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as file:
            validate_logo(file)
    except (ValidationError, OSError):
        # A logo stored before the upload was checked, or damaged since: the letter prints
        # without it rather than failing.
        logger.warning(
            "The logo of %s (%s) is not a readable PNG or JPEG; letters print without it.",
            municipality.name,
            path,
        )
        return None
    return path


def letterhead(municipality: Municipality) -> Letterhead:
    return Letterhead(
        name=municipality.name,
        address_lines=tuple(municipality.address_lines),
        org_number=municipality.org_number,
        email=municipality.email,
        phone=municipality.phone,
        website=municipality.website,
        logo_path=logo_path(municipality),
    )


def case_officer(officer, municipality: Municipality) -> CaseOfficer:
    """The issuing user, reached by e-mail and through the municipality's switchboard."""
    if officer is None:
        raise DomainError(_("A letter needs a case officer: nobody is named to sign it."))
    return CaseOfficer(
        name=officer.get_full_name() or officer.get_username(),
        title=pgettext("letter", "Case officer"),
        email=officer.email or municipality.email,
        phone=municipality.phone,
    )


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def decision_maker(record, decided_on: dt.date) -> DecisionMaker:
    """Who made ``record`` (a decision with ``DecidedByBody`` fields and ``decided_by``)
    and when, for the sentence on the decision and the signature."""
    return DecisionMaker(
        decided_on=decided_on,
        body_kind=record.body_kind,
        body_name=record.body_name,
        delegation_reference=record.delegation_reference,
        body_case_number=record.body_case_number,
        decided_by=user_name(record.decided_by),
    )


def decision_officer(record, officer):
    """The case officer a decision letter names: the one recorded on the decision, or
    else the user issuing the letter."""
    return record.case_officer or officer


def appeal_info(municipality: Municipality) -> AppealInfo:
    return AppealInfo(body_name=municipality.appeal_body or AppealInfo().body_name)


def _place(postal_code: str, postal_place: str) -> str:
    return " ".join(part for part in (postal_code, postal_place) if part)


def holder_party(holder: Holder) -> Party:
    return Party(
        name=holder.name, address_lines=tuple(holder.address_lines), org_number=holder.org_number
    )


def premises_address(premises: Premises) -> str:
    return ", ".join(
        part
        for part in (premises.address_line, _place(premises.postal_code, premises.postal_place))
        if part
    )


def _letter_context_values(
    *,
    municipality: Municipality,
    recipient: Party,
    our_reference: str,
    officer,
    letter_date: dt.date | None,
    your_reference: str,
    language: str,
) -> dict:
    return {
        "letterhead": letterhead(municipality),
        "recipient": recipient,
        "our_reference": our_reference,
        "your_reference": your_reference.strip(),
        "letter_date": letter_date or today(),
        "case_officer": case_officer(officer, municipality),
        "language": language,
    }


def _checked(build, *args, **kwargs) -> LetterContext:
    """A context whose own checks fail (data the letter cannot state) is a DomainError."""
    try:
        return build(*args, **kwargs)
    except ValueError as exc:
        raise DomainError(
            _("The letter cannot be made from this record: %(problem)s") % {"problem": exc}
        ) from exc
