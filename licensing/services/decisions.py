"""Decisions (enkeltvedtak) on applications, and what granting one does to the register.

Legal background:
- alkoholloven § 1-7: the police and the social services must have had the opportunity
  to comment before a licence is granted (see ``hearings``).
- alkoholloven §§ 1-7a, 1-7b, 1-7c: the discretionary assessment, conduct, and the
  manager and deputy (at least 20, knowledge test passed).
- alkoholloven § 1-6: licence periods; § 1-10: transfer of the business.
- forvaltningsloven §§ 24-25 (reasons), § 29 (appeal period: three weeks from receipt;
  ``licensing.rules.deadlines``).

Everything happens in one transaction per decision, validates before it saves, records
the actor in the audit history and raises ``DomainError`` with a message a case officer
can act on. Services never read the clock: callers pass dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError
from licensing.models import (
    KINDS_WITH_MANAGER,
    MANDATORY_HEARING_BODIES,
    Application,
    ApplicationKind,
    Decision,
    DecisionOutcome,
    Hearing,
    Licence,
    LicenceKind,
    Municipality,
    Person,
    Role,
)
from licensing.rules.dates import licence_period_end, licence_period_start
from licensing.rules.deadlines import appeal_period_end
from licensing.services.applications import (
    LICENCE_STATUSES_THAT_CAN_CHANGE,
    S,
    _lock,
    _move,
    _save,
    check_transition,
    default_legal_basis,
)
from licensing.services.comments import comment_step_problems
from licensing.services.delegation import (
    DecidingBody,
    application_matters,
    record_body,
    resolve_body,
)
from licensing.services.hearings import KINDS_WITH_MANDATORY_HEARING, _body_label
from licensing.services.licences import licence_assign_manager, licence_create, licence_update
from licensing.services.validation import full_clean_or_raise

from ..formatting import short_date


class GrantRefused(DomainError):
    """The application cannot be granted as it stands; the message says why."""


def _refuse_grant(message: str, field: str | None = None) -> GrantRefused:
    return GrantRefused(
        _("The application cannot be granted: %(reason)s") % {"reason": message}, field=field
    )


def mandatory_hearing_problems(
    application: Application, decided_on: dt.date, hearings: Iterable[Hearing] | None = None
) -> list[str]:
    """Why ``application`` cannot be granted on ``decided_on`` yet as far as hearings go.

    alkoholloven § 1-7: the police and the social services must have had the opportunity
    to comment: a hearing was sent, and it was answered or its deadline passed before the
    decision date. Applies to new licences, renewals, transfers and manager changes.
    """
    if application.kind not in KINDS_WITH_MANDATORY_HEARING:
        return []
    if hearings is None:
        hearings = application.hearings.all()
    by_body = {h.body: h for h in hearings}
    problems = []
    for body in MANDATORY_HEARING_BODIES:
        hearing = by_body.get(body)
        if hearing is None:
            problems.append(
                _("No hearing was sent to %(body)s (alkoholloven § 1-7).")
                % {"body": _body_label(body).lower()}
            )
        elif hearing.sent_on > decided_on:
            problems.append(
                _("The hearing to %(body)s was sent after the decision date.")
                % {"body": _body_label(body).lower()}
            )
        elif not (
            (hearing.replied_on and hearing.replied_on <= decided_on)
            or hearing.deadline_on < decided_on
        ):
            problems.append(
                _(
                    "%(body)s has not replied and its deadline (%(deadline)s) has not passed "
                    "(alkoholloven § 1-7)."
                )
                % {"body": _body_label(body), "deadline": short_date(hearing.deadline_on)}
            )
    return problems


def _persons_to_appoint(licence: Licence, application: Application) -> list[tuple[str, Person]]:
    """The proposed manager and deputy who are not already in that role on ``licence``."""
    current = dict(
        licence.assignments.filter(ended_on__isnull=True).values_list("role", "person_id")
    )
    return [
        (role, person)
        for role, person in (
            (Role.MANAGER, application.proposed_manager),
            (Role.DEPUTY, application.proposed_deputy),
        )
        if person is not None and current.get(role) != person.pk
    ]


def _appoint(licence: Licence, application: Application, starts_on: dt.date, actor) -> None:
    """A new manager or deputy from ``starts_on``; the predecessor's role ends the day
    before. Qualifications (alkoholloven § 1-7c) are checked by ``licence_assign_manager``
    except on single-occasion and catering licences, which have no manager by law."""
    for role, person in _persons_to_appoint(licence, application):
        licence_assign_manager(
            licence=licence, person=person, role=role, started_on=starts_on, actor=actor
        )


def _licence_dates(application: Application, decided_on: dt.date) -> tuple[dt.date, dt.date]:
    """From the requested dates, never before the decision (a licence is not granted
    retroactively); single occasions last one day unless told otherwise; otherwise to the
    end of the licence period (alkoholloven § 1-6)."""
    valid_from = max(application.requested_valid_from or decided_on, decided_on)
    if application.requested_valid_to:
        return valid_from, application.requested_valid_to
    if application.kind == ApplicationKind.SINGLE_OCCASION:
        return valid_from, valid_from
    return valid_from, licence_period_end(valid_from)


def _grant_new(application: Application, decided_on: dt.date, actor) -> Licence:
    """New, single-occasion and catering licences, from the application's requested data.
    Blank hours take the municipality's local policy (``licence_create``)."""
    if application.licence_kind in KINDS_WITH_MANAGER and application.proposed_manager is None:
        raise _refuse_grant(
            _(
                "a sales or serving licence needs an approved manager (alkoholloven § 1-7c); "
                "add the proposed manager to the application."
            )
        )
    # Serialises licence numbering within the municipality.
    municipality = Municipality.objects.select_for_update().get(pk=application.municipality_id)
    valid_from, valid_to = _licence_dates(application, decided_on)
    groups = [
        g
        for g, on in enumerate((application.group_1, application.group_2, application.group_3), 1)
        if on
    ]
    return licence_create(
        municipality=municipality,
        holder=application.holder,
        premises=application.premises,
        kind=application.licence_kind,
        groups=groups,
        granted_on=decided_on,
        valid_from=valid_from,
        valid_to=valid_to,
        manager=application.proposed_manager,
        deputy=application.proposed_deputy,
        actor=actor,
    )


def _licence_in_force(application: Application) -> Licence:
    licence = Licence.objects.select_for_update().get(pk=application.licence_id)
    if licence.status not in LICENCE_STATUSES_THAT_CAN_CHANGE:
        raise _refuse_grant(
            _("licence %(number)s is “%(status)s”; only an active or suspended licence can change.")
            % {"number": licence.number, "status": licence.get_status_display()}
        )
    return licence


def renewal_period(
    licence: Licence, requested_to: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The period a renewal continues ``licence`` into (alkoholloven § 1-6): from the day
    after it ends to the end of the licence period that day falls in, or the requested
    end if that is earlier. 2028-09-30 -> 2028-10-01..2032-09-30."""
    starts_on = licence.valid_to + dt.timedelta(days=1)
    ends_on = licence_period_end(starts_on)
    if requested_to is not None and starts_on <= requested_to < ends_on:
        ends_on = requested_to
    return starts_on, ends_on


def _grant_renewal(application: Application, decided_on: dt.date, actor) -> Licence:
    licence = _licence_in_force(application)
    starts_on, ends_on = renewal_period(licence, application.requested_valid_to)
    changes: dict = {"valid_to": ends_on}
    if ends_on > licence_period_end(licence.valid_from):
        # A licence row covers one licence period (ADR 0021): the earlier period stays in
        # the licence's history and in the earlier decisions.
        changes["valid_from"] = licence_period_start(starts_on)
    licence = licence_update(licence=licence, actor=actor, **changes)
    _appoint(licence, application, max(decided_on, licence.granted_on), actor)
    return licence


def _grant_manager_change(application: Application, decided_on: dt.date, actor) -> Licence:
    licence = _licence_in_force(application)
    persons = _persons_to_appoint(licence, application)
    if not persons:
        raise _refuse_grant(
            _("the proposed persons already hold those roles on licence %(number)s.")
            % {"number": licence.number}
        )
    starts_on = max(application.requested_valid_from or decided_on, licence.granted_on)
    _appoint(licence, application, starts_on, actor)
    return licence


def _grant_transfer(application: Application, decided_on: dt.date, actor) -> Licence:
    licence = _licence_in_force(application)
    # The day the new owner takes over starts a new penalty-point window
    # (alkoholloven § 1-10, alkoholforskriften § 10-2).
    licence = licence_update(
        licence=licence,
        actor=actor,
        holder=application.holder,
        transferred_on=application.requested_valid_from or decided_on,
    )
    _appoint(licence, application, max(decided_on, licence.granted_on), actor)
    return licence


_GRANT = {
    ApplicationKind.NEW: _grant_new,
    ApplicationKind.SINGLE_OCCASION: _grant_new,
    ApplicationKind.CATERING: _grant_new,
    ApplicationKind.RENEWAL: _grant_renewal,
    ApplicationKind.MANAGER_CHANGE: _grant_manager_change,
    ApplicationKind.TRANSFER: _grant_transfer,
}


@transaction.atomic
def decision_record(
    *,
    application: Application,
    outcome: str,
    decided_on: dt.date,
    reasons: str,
    actor,
    legal_basis: str = "",
    reference: str = "",
    body: DecidingBody | None = None,
    case_officer=None,
) -> Decision:
    """Record the decision (enkeltvedtak) on an application under assessment.

    - The deciding body is ``body`` as the officer confirmed it, or else the delegation in
      force on the decision date (``licensing.services.delegation``); a council or
      committee decision names its case number, a delegated one its delegation. The case
      officer defaults to the application's.
    - A refusal needs the applicant's chance to comment on the hearing statements, or
      the reason it was skipped (forvaltningsloven § 17 second paragraph;
      ``licensing.services.comments``).
    - The appeal period ends at the earliest three weeks after the decision
      (forvaltningsloven § 29, ``licensing.rules.deadlines.appeal_period_end``).
    - The legal basis defaults by kind (``default_legal_basis``).
    - Granted: a new, single-occasion or catering application creates the licence with
      the proposed manager and deputy; a renewal continues the licence into the next
      period; a manager change assigns the new persons; a transfer records the new
      holder and the transfer date. Refused: no licence changes.
    Everything happens in one transaction: if the licence fails validation nothing is
    written and the ``DomainError`` says why.
    """
    locked = _lock(application)
    check_transition(locked, S.DECIDED, manual=False)
    if outcome not in DecisionOutcome.values:
        raise DomainError(
            _("Choose whether the application is granted or refused."), field="outcome"
        )
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(
            _("Give the reasons for the decision (forvaltningsloven §§ 24-25)."), field="reasons"
        )
    if decided_on < locked.received_on:
        raise DomainError(
            _("The decision cannot be dated before the application was received (%(date)s).")
            % {"date": short_date(locked.received_on)},
            field="decided_on",
        )
    deciding_body = resolve_body(
        body, locked.municipality_id, application_matters(locked, outcome), decided_on
    )
    if outcome == DecisionOutcome.REFUSED:
        problems = comment_step_problems(locked, decided_on)
        if problems:
            raise DomainError(" ".join(problems), field="outcome")
    licence = locked.licence
    if outcome == DecisionOutcome.GRANTED:
        problems = mandatory_hearing_problems(locked, decided_on)
        if problems:
            raise _refuse_grant(" ".join(problems))
        try:
            licence = _GRANT[locked.kind](locked, decided_on, actor)
        except GrantRefused:
            raise
        except DomainError as exc:
            # The licence (or a manager) fails validation: the whole decision is refused,
            # the outer transaction rolls back, and the officer is told why.
            raise _refuse_grant(exc.message) from exc
    decision = Decision(
        municipality_id=locked.municipality_id,
        application=locked,
        licence=licence,
        kind=locked.kind,
        outcome=outcome,
        decided_on=decided_on,
        reasons=reasons,
        legal_basis=(legal_basis or "").strip() or default_legal_basis(locked),
        appeal_deadline_on=appeal_period_end(decided_on),
        reference=reference or locked.reference,
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
    record_body([decision], deciding_body, case_officer or locked.case_officer)
    full_clean_or_raise(decision)
    _save(decision, actor)
    _move(locked, S.DECIDED, actor, manual=False)
    application.status = locked.status
    return decision


def grant_effects(application: Application, decided_on: dt.date) -> list[str]:
    """What granting ``application`` on ``decided_on`` would do to the register, in words
    (shown on the decision form before the officer confirms)."""
    effects: list[str] = []
    persons = [
        _("%(name)s becomes %(role)s.") % {"name": person.name, "role": Role(role).label.lower()}
        for role, person in (
            (Role.MANAGER, application.proposed_manager),
            (Role.DEPUTY, application.proposed_deputy),
        )
        if person is not None
    ]
    licence = application.licence
    if application.kind in _NEW_LICENCE_KINDS:
        valid_from, valid_to = _licence_dates(application, decided_on)
        effects.append(
            _("A new %(kind)s for %(holder)s, valid %(start)s to %(end)s, number %(year)s-NNN.")
            % {
                "kind": LicenceKind(application.licence_kind).label.lower(),
                "holder": application.holder.name,
                "start": short_date(valid_from),
                "end": short_date(valid_to),
                "year": decided_on.year,
            }
        )
    elif licence is not None and application.kind == ApplicationKind.RENEWAL:
        starts_on, ends_on = renewal_period(licence, application.requested_valid_to)
        effects.append(
            _("Licence %(number)s continues from %(start)s to %(end)s (alkoholloven § 1-6).")
            % {"number": licence.number, "start": short_date(starts_on), "end": short_date(ends_on)}
        )
    elif licence is not None and application.kind == ApplicationKind.TRANSFER:
        effects.append(
            _(
                "Licence %(number)s passes to %(holder)s from %(date)s; a new penalty-point "
                "window starts that day (alkoholloven § 1-10)."
            )
            % {
                "number": licence.number,
                "holder": application.holder.name,
                "date": short_date(application.requested_valid_from or decided_on),
            }
        )
    elif licence is not None:
        effects.append(_("Licence %(number)s gets new persons:") % {"number": licence.number})
    return effects + persons


_NEW_LICENCE_KINDS = frozenset(
    {ApplicationKind.NEW, ApplicationKind.SINGLE_OCCASION, ApplicationKind.CATERING}
)
