"""Who decides: the municipality's delegation (``Delegation``) and the deciding body each
decision records (``DecidedByBody``).

Legal background: the municipal council holds the power to grant, refuse, give points
and suspend (alkoholloven §§ 1-7, 10-6 with alkoholforskriften ch. 10) and may delegate
it to a committee or to the chief executive, who may delegate further (kommuneloven
§§ 5-3, 13-1). The appeal body checks that the decision was "made by the right body"
(alkoholloven § 1-16), so every decision keeps the body, the delegation it acted under
or, for a political body, the case number of its meeting, as they stood that day.

The decision forms propose the delegation in force on the decision date
(``proposed_body``); the services record what the officer confirmed, or the delegation
when the caller gives nothing (``resolve_body``). Services never read the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from licensing.models import (
    POLITICAL_BODIES,
    Application,
    DecidedByBody,
    DecisionMatter,
    DecisionOutcome,
    Delegation,
    deciding_body_errors,
)
from licensing.services.validation import InvalidData


@dataclass(frozen=True)
class DecidingBody:
    """The body as the officer confirmed it on the decision form."""

    body_kind: str
    body_name: str = ""
    delegation_reference: str = ""
    body_case_number: str = ""

    @classmethod
    def from_delegation(cls, delegation: Delegation) -> DecidingBody:
        return cls(
            body_kind=delegation.body_kind,
            body_name=delegation.body_name,
            delegation_reference=delegation.reference,
        )

    def cleaned(self) -> DecidingBody:
        """Stripped, and without the fields the kind of body does not use: a political
        body's decision cites its case number, a delegated one its delegation."""
        political = self.body_kind in POLITICAL_BODIES
        return DecidingBody(
            body_kind=self.body_kind.strip(),
            body_name=self.body_name.strip(),
            delegation_reference=self.delegation_reference.strip(),
            body_case_number=self.body_case_number.strip() if political else "",
        )

    def errors(self) -> dict[str, list[str]]:
        return deciding_body_errors(
            self.body_kind, self.body_name, self.delegation_reference, self.body_case_number
        )


def application_matters(application: Application, outcome: str | None) -> list[str]:
    """The delegation entries that may cover a decision on ``application``, in order: a
    refusal looks for a refusal entry first, then the application kind's."""
    matters = [application.kind]
    if outcome == DecisionOutcome.REFUSED:
        matters.insert(0, DecisionMatter.REFUSAL)
    return matters


def delegation_in_force(
    municipality_id: int, matters: Sequence[str], on: dt.date
) -> Delegation | None:
    """The delegation for the first of ``matters`` that has one in force on ``on`` (the
    entry with the latest ``valid_from`` on or before ``on``). One query."""
    entries = list(
        Delegation.objects.filter(
            municipality_id=municipality_id, matter__in=list(matters), valid_from__lte=on
        ).order_by("-valid_from", "-pk")
    )
    for matter in matters:
        for entry in entries:
            if entry.matter == matter:
                return entry
    return None


def proposed_body(municipality_id: int, matters: Sequence[str], on: dt.date) -> dict:
    """The decision form's initial values for the body (empty when no delegation)."""
    delegation = delegation_in_force(municipality_id, matters, on)
    if delegation is None:
        return {}
    return {
        "body_kind": delegation.body_kind,
        "body_name": delegation.body_name,
        "delegation_reference": delegation.reference,
    }


def resolve_body(
    body: DecidingBody | None, municipality_id: int, matters: Sequence[str], on: dt.date
) -> DecidingBody | None:
    """The body a decision records: the one given (checked), or else the delegation in
    force on the decision date (``None`` when the municipality has none). Raises
    ``InvalidData`` naming the missing case number, reference or name."""
    if body is None or not body.body_kind:
        delegation = delegation_in_force(municipality_id, matters, on)
        if delegation is None:
            return None
        body = DecidingBody.from_delegation(delegation)
    body = body.cleaned()
    errors = body.errors()
    if errors:
        raise InvalidData(errors)
    return body


def record_body(records: Iterable[DecidedByBody], body: DecidingBody | None, case_officer) -> None:
    """Write the body and the case officer onto ``records`` (not saved)."""
    for record in records:
        if body is not None:
            record.body_kind = body.body_kind
            record.body_name = body.body_name
            record.delegation_reference = body.delegation_reference
            record.body_case_number = body.body_case_number
        if case_officer is not None and getattr(case_officer, "pk", None):
            record.case_officer = case_officer


def body_fields(
    municipality_id: int, matters: Sequence[str], on: dt.date, *, case_number: str = ""
) -> dict:
    """The ``DecidedByBody`` fields for a decision made on ``on`` under the delegation
    then in force (for records written without a form: the demo, imports); a political
    body's decision takes ``case_number``. Empty when there is no delegation."""
    delegation = delegation_in_force(municipality_id, matters, on)
    if delegation is None:
        return {}
    political = delegation.body_kind in POLITICAL_BODIES
    return {
        "body_kind": delegation.body_kind,
        "body_name": delegation.body_name,
        "delegation_reference": delegation.reference,
        "body_case_number": case_number if political else "",
    }
