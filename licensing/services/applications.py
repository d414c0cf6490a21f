"""Applications, statutory hearings and decisions (enkeltvedtak).

Legal background:
- alkoholloven § 1-7: before a licence is granted, the police and the social services
  must be given the opportunity to comment (a hearing); the tax authorities may be asked.
- alkoholloven §§ 1-7a, 1-7b, 1-7c: the discretionary assessment, conduct, and the
  manager and deputy (at least 20, knowledge test passed).
- alkoholloven § 1-6: licence periods; § 1-10: transfer of the business.
- forvaltningsloven §§ 24-25 (reasons), § 29 (appeal deadline: three weeks).

Every write here runs in one transaction, validates before it saves, records the actor
in the audit history and raises ``DomainError`` (or ``TransitionNotAllowed``) with a
message a case officer can act on. Services never read the clock: callers pass dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import (
    KINDS_WITH_MANAGER,
    MANDATORY_HEARING_BODIES,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Decision,
    DecisionOutcome,
    Hearing,
    HearingBody,
    Holder,
    Licence,
    LicenceKind,
    LicenceStatus,
    Municipality,
    Person,
    Premises,
    Role,
)
from licensing.rules.dates import licence_period_end, licence_period_start
from licensing.services.licences import licence_assign_manager, licence_create, licence_update
from licensing.services.validation import InvalidData, full_clean_or_raise

# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------

S = ApplicationStatus

# The workflow. ``assessment -> decided`` is in the table but only ``decision_record``
# may take it: a decision is more than a status (fvl. §§ 24-25, 27).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.HEARING, S.ASSESSMENT, S.WITHDRAWN}),
    S.HEARING: frozenset({S.ASSESSMENT, S.WITHDRAWN}),
    S.ASSESSMENT: frozenset({S.HEARING, S.WITHDRAWN, S.DECIDED}),
    S.DECIDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
# Transitions a case officer may take directly (buttons on the application page).
MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    status: targets - {S.DECIDED} for status, targets in ALLOWED_TRANSITIONS.items()
}
OPEN_STATUSES = frozenset({S.RECEIVED, S.HEARING, S.ASSESSMENT})

# Application kinds that change an existing licence.
KINDS_WITH_EXISTING_LICENCE = frozenset(
    {ApplicationKind.RENEWAL, ApplicationKind.MANAGER_CHANGE, ApplicationKind.TRANSFER}
)
# Application kinds where police and social services must be heard (alkoholloven § 1-7).
KINDS_WITH_MANDATORY_HEARING = frozenset(
    {
        ApplicationKind.NEW,
        ApplicationKind.RENEWAL,
        ApplicationKind.TRANSFER,
        ApplicationKind.MANAGER_CHANGE,
    }
)
# The licence kind an application kind always leads to, where it is fixed.
FIXED_LICENCE_KIND = {
    ApplicationKind.SINGLE_OCCASION: LicenceKind.SERVING_SINGLE_OCCASION,
    ApplicationKind.CATERING: LicenceKind.SERVING_CATERING,
}
LICENCE_MISSING = {
    ApplicationKind.RENEWAL: gettext_lazy(
        "A renewal application must name the existing licence it concerns."
    ),
    ApplicationKind.MANAGER_CHANGE: gettext_lazy(
        "An application for a change of manager or deputy must name the existing licence it "
        "concerns."
    ),
    ApplicationKind.TRANSFER: gettext_lazy(
        "A transfer application must name the existing licence it concerns."
    ),
}
LICENCE_STATUSES_THAT_CAN_CHANGE = frozenset({LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED})

DEFAULT_HEARING_WEEKS = 3

# Default legal basis of a decision, by application kind and (for new licences and
# renewals) by licence kind. Kept together so a reference can be corrected in one place.
_SERVING_BASIS = gettext_lazy("alkoholloven §§ 1-7, 1-7a, 1-7b and 4-2")
_SALES_BASIS = gettext_lazy("alkoholloven §§ 1-7, 1-7a, 1-7b and 3-1")
_SERVING_RENEWAL_BASIS = gettext_lazy("alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b and 4-2")
LEGAL_BASIS_NEW = {
    LicenceKind.SALES: _SALES_BASIS,
    LicenceKind.SERVING: _SERVING_BASIS,
    LicenceKind.SERVING_PART_YEAR: _SERVING_BASIS,
}
LEGAL_BASIS_RENEWAL = {
    LicenceKind.SALES: gettext_lazy("alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b and 3-1"),
    LicenceKind.SERVING: _SERVING_RENEWAL_BASIS,
    LicenceKind.SERVING_PART_YEAR: _SERVING_RENEWAL_BASIS,
}
LEGAL_BASIS_BY_KIND = {
    ApplicationKind.MANAGER_CHANGE: gettext_lazy("alkoholloven § 1-7c"),
    ApplicationKind.TRANSFER: gettext_lazy("alkoholloven § 1-10"),
    ApplicationKind.SINGLE_OCCASION: gettext_lazy("alkoholloven § 1-6 third paragraph and § 4-2"),
    ApplicationKind.CATERING: gettext_lazy("alkoholloven § 4-5"),
}


def default_legal_basis(application: Application) -> str:
    """The legal basis a decision on ``application`` normally rests on."""
    if application.kind == ApplicationKind.NEW:
        text = LEGAL_BASIS_NEW.get(application.licence_kind, _SERVING_BASIS)
    elif application.kind == ApplicationKind.RENEWAL:
        text = LEGAL_BASIS_RENEWAL.get(application.licence_kind, _SERVING_RENEWAL_BASIS)
    else:
        text = LEGAL_BASIS_BY_KIND[application.kind]
    return str(text)


def appeal_deadline(decided_on: dt.date) -> dt.date:
    """Three weeks from the decision (forvaltningsloven § 29)."""
    return Decision.appeal_deadline_for(decided_on)


def default_hearing_deadline(sent_on: dt.date) -> dt.date:
    return sent_on + dt.timedelta(weeks=DEFAULT_HEARING_WEEKS)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _status_label(status: str) -> str:
    return str(ApplicationStatus(status).label)


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock, so two requests cannot race its status."""
    return (
        Application.objects.select_for_update()
        .select_related("municipality")
        .get(pk=application.pk)
    )


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


def _refusal_reason(current: str, target: str) -> str:
    if current == target:
        return _("It already has that status.")
    if current == S.DECIDED:
        return _(
            "A decided application is closed: a change needs a new application, and an "
            "appeal follows the appeal procedure."
        )
    if current == S.WITHDRAWN:
        return _("A withdrawn application is closed: register a new application instead.")
    if target == S.DECIDED:
        if current == S.ASSESSMENT:
            return _("An application is decided only by recording the decision (enkeltvedtak).")
        return _("Only an application under assessment can be decided.")
    if target == S.RECEIVED:
        return _("An application never goes back to received.")
    return _("The workflow does not allow this change.")


def check_transition(application: Application, target: str, *, manual: bool = True) -> None:
    """Raise ``TransitionNotAllowed`` unless ``application`` may move to ``target``."""
    table = MANUAL_TRANSITIONS if manual else ALLOWED_TRANSITIONS
    current = application.status
    if target not in table.get(current, frozenset()):
        raise TransitionNotAllowed(
            _("The application is “%(current)s” and cannot move to “%(target)s”. %(why)s")
            % {
                "current": _status_label(current),
                "target": _status_label(target),
                "why": _refusal_reason(current, target),
            },
            current=current,
        )


def _move(application: Application, target: str, actor, *, manual: bool = True) -> None:
    check_transition(application, target, manual=manual)
    application.status = target
    _save(application, actor, update_fields=["status"])


def allowed_manual_transitions(application: Application) -> list[str]:
    """The statuses a case officer may move ``application`` to, in workflow order."""
    targets = MANUAL_TRANSITIONS.get(application.status, frozenset())
    return [status for status in ApplicationStatus.values if status in targets]


def _ensure_open(application: Application, message) -> None:
    """``message`` names the refused action and has a ``%(current)s`` placeholder."""
    if application.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            message % {"current": _status_label(application.status)},
            current=application.status,
        )


# --------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------


def _validate_application(application: Application) -> None:
    """Domain checks beyond the model's fields and constraints; raises ``InvalidData``."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    municipality_id = application.municipality_id
    for field, obj in (
        ("holder", application.holder),
        ("premises", application.premises),
        ("licence", application.licence),
        ("proposed_manager", application.proposed_manager),
        ("proposed_deputy", application.proposed_deputy),
    ):
        if obj is not None and obj.municipality_id != municipality_id:
            add(field, _("%(object)s belongs to another municipality.") % {"object": obj})

    kind = application.kind
    licence = application.licence
    if kind in KINDS_WITH_EXISTING_LICENCE:
        if licence is None:
            add("licence", str(LICENCE_MISSING[kind]))
        elif licence.status not in LICENCE_STATUSES_THAT_CAN_CHANGE:
            add(
                "licence",
                _(
                    "Licence %(number)s is “%(status)s”; only an active or suspended licence "
                    "can be renewed, changed or transferred. Register a new application."
                )
                % {"number": licence.number, "status": licence.get_status_display()},
            )
    elif licence is not None:
        add(
            "licence",
            _("This kind of application creates a new licence; leave the existing licence empty."),
        )

    if kind == ApplicationKind.NEW and not application.licence_kind:
        add("licence_kind", _("Choose the kind of licence applied for."))
    if kind == ApplicationKind.NEW and application.licence_kind in FIXED_LICENCE_KIND.values():
        add(
            "licence_kind",
            _(
                "Single-occasion and catering licences have their own application kinds; "
                "choose “Single occasion” or “Catering (closed party)” as the kind."
            ),
        )
    if kind == ApplicationKind.MANAGER_CHANGE and not (
        application.proposed_manager_id or application.proposed_deputy_id
    ):
        add(
            "proposed_manager",
            _("A change of manager or deputy must name the new manager, the new deputy, or both."),
        )
    if (
        kind == ApplicationKind.TRANSFER
        and licence is not None
        and licence.holder_id == application.holder_id
    ):
        add(
            "holder",
            _(
                "%(holder)s already holds licence %(number)s; in a transfer the applicant is "
                "the new owner (alkoholloven § 1-10)."
            )
            % {"holder": application.holder.name, "number": licence.number},
        )
    if (
        application.proposed_manager_id
        and application.proposed_manager_id == application.proposed_deputy_id
    ):
        add("proposed_deputy", _("The manager and the deputy must be two different persons."))
    if kind == ApplicationKind.SINGLE_OCCASION and application.requested_valid_from is None:
        add("requested_valid_from", _("Give the date of the occasion (requested from)."))
    if not (application.group_1 or application.group_2 or application.group_3):
        add("group_1", _("Choose at least one alcohol group."))
    if application.licence_kind == LicenceKind.SALES and (
        application.group_2 or application.group_3
    ):
        add("group_2", _("A sales licence may only cover group 1 (alkoholloven § 3-1)."))
    if (
        application.requested_valid_from
        and application.requested_valid_to
        and application.requested_valid_to < application.requested_valid_from
    ):
        add("requested_valid_to", _("“Requested to” must be on or after “requested from”."))
    if errors:
        raise InvalidData(errors)


def _fill_from_licence(application: Application) -> None:
    """Renewals, manager changes and transfers continue the licence as it is: scope
    changes (other groups or premises) need a new application."""
    if application.kind in FIXED_LICENCE_KIND:
        application.licence_kind = FIXED_LICENCE_KIND[application.kind]
    licence = application.licence
    if application.kind in KINDS_WITH_EXISTING_LICENCE and licence is not None:
        application.licence_kind = licence.kind
        application.group_1 = licence.group_1
        application.group_2 = licence.group_2
        application.group_3 = licence.group_3
        if application.premises_id is None:
            application.premises = licence.premises


@transaction.atomic
def application_create(
    *,
    municipality: Municipality,
    kind: str,
    holder: Holder,
    received_on: dt.date,
    actor,
    licence_kind: str = LicenceKind.SERVING,
    licence: Licence | None = None,
    premises: Premises | None = None,
    group_1: bool = True,
    group_2: bool = False,
    group_3: bool = False,
    proposed_manager: Person | None = None,
    proposed_deputy: Person | None = None,
    requested_valid_from: dt.date | None = None,
    requested_valid_to: dt.date | None = None,
    description: str = "",
    reference: str = "",
    case_officer=None,
) -> Application:
    """Register a received application (status ``received``)."""
    application = Application(
        municipality=municipality,
        kind=kind,
        holder=holder,
        received_on=received_on,
        licence_kind=licence_kind,
        licence=licence,
        premises=premises,
        group_1=group_1,
        group_2=group_2,
        group_3=group_3,
        proposed_manager=proposed_manager,
        proposed_deputy=proposed_deputy,
        requested_valid_from=requested_valid_from,
        requested_valid_to=requested_valid_to,
        description=description,
        reference=reference,
        case_officer=case_officer,
        status=ApplicationStatus.RECEIVED,
    )
    _fill_from_licence(application)
    _validate_application(application)
    full_clean_or_raise(application)
    _save(application, actor)
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor,
    kind: str,
    holder: Holder,
    received_on: dt.date,
    licence_kind: str = LicenceKind.SERVING,
    licence: Licence | None = None,
    premises: Premises | None = None,
    group_1: bool = True,
    group_2: bool = False,
    group_3: bool = False,
    proposed_manager: Person | None = None,
    proposed_deputy: Person | None = None,
    requested_valid_from: dt.date | None = None,
    requested_valid_to: dt.date | None = None,
    description: str = "",
    reference: str = "",
    case_officer=None,
) -> Application:
    """Change the data of an open application. The municipality and status stay."""
    locked = _lock(application)
    _ensure_open(locked, _("The application is “%(current)s”, so it can no longer be changed."))
    for name, value in {
        "kind": kind,
        "holder": holder,
        "received_on": received_on,
        "licence_kind": licence_kind,
        "licence": licence,
        "premises": premises,
        "group_1": group_1,
        "group_2": group_2,
        "group_3": group_3,
        "proposed_manager": proposed_manager,
        "proposed_deputy": proposed_deputy,
        "requested_valid_from": requested_valid_from,
        "requested_valid_to": requested_valid_to,
        "description": description,
        "reference": reference,
        "case_officer": case_officer,
    }.items():
        setattr(locked, name, value)
    _fill_from_licence(locked)
    _validate_application(locked)
    first_sent = locked.hearings.order_by("sent_on").values_list("sent_on", flat=True).first()
    if first_sent is not None and received_on > first_sent:
        raise DomainError(
            _("The application cannot be received after its first hearing was sent (%(date)s).")
            % {"date": first_sent.isoformat()},
            field="received_on",
        )
    full_clean_or_raise(locked)
    _save(locked, actor)
    return locked


@transaction.atomic
def application_transition(*, application: Application, to_status: str, actor) -> Application:
    """Move an application along the workflow (``MANUAL_TRANSITIONS``)."""
    if to_status not in ApplicationStatus.values:
        raise DomainError(_("Unknown status: %(status)s.") % {"status": to_status})
    locked = _lock(application)
    _move(locked, to_status, actor)
    application.status = locked.status
    return locked


def application_withdraw(*, application: Application, actor) -> Application:
    """The applicant withdrew the application; the case is closed without a decision."""
    return application_transition(application=application, to_status=S.WITHDRAWN, actor=actor)


# --------------------------------------------------------------------------------------
# Hearings
# --------------------------------------------------------------------------------------


def _body_label(body: str) -> str:
    return str(HearingBody(body).label)


def missing_mandatory_hearings(application: Application, sent_bodies: Iterable[str]) -> list[str]:
    """The bodies that must be heard (alkoholloven § 1-7) and have not been sent a hearing."""
    if application.kind not in KINDS_WITH_MANDATORY_HEARING:
        return []
    sent = set(sent_bodies)
    return [body for body in MANDATORY_HEARING_BODIES if body not in sent]


def _send_one(application: Application, body: str, sent_on, deadline_on, actor) -> Hearing:
    if body not in HearingBody.values:
        raise DomainError(_("Unknown hearing body: %(body)s.") % {"body": body}, field="body")
    existing = Hearing.objects.filter(application=application, body=body).first()
    if existing is not None:
        raise DomainError(
            _("%(body)s already has a hearing on this application (sent %(date)s).")
            % {"body": _body_label(body), "date": existing.sent_on.isoformat()},
            field="body",
        )
    hearing = Hearing(
        application=application,
        body=body,
        sent_on=sent_on,
        deadline_on=deadline_on or default_hearing_deadline(sent_on),
    )
    full_clean_or_raise(hearing)
    _save(hearing, actor)
    return hearing


@transaction.atomic
def hearings_send(
    *,
    application: Application,
    bodies: Iterable[str],
    sent_on: dt.date,
    actor,
    deadline_on: dt.date | None = None,
) -> list[Hearing]:
    """Send a hearing to one or more bodies at once (alkoholloven § 1-7).

    The deadline defaults to three weeks after the sent date. Sending a hearing moves an
    application that is received or under assessment to ``hearing``.
    """
    bodies = list(dict.fromkeys(bodies))
    if not bodies:
        raise DomainError(_("Choose at least one body to send the hearing to."), field="body")
    locked = _lock(application)
    _ensure_open(locked, _("The application is “%(current)s”, so no hearing can be sent any more."))
    if sent_on < locked.received_on:
        raise DomainError(
            _("A hearing cannot be sent before the application was received (%(date)s).")
            % {"date": locked.received_on.isoformat()},
            field="sent_on",
        )
    if deadline_on is not None and deadline_on <= sent_on:
        raise DomainError(_("The reply deadline must be after the sent date."), field="deadline_on")
    hearings = [_send_one(locked, body, sent_on, deadline_on, actor) for body in bodies]
    if locked.status != S.HEARING:
        _move(locked, S.HEARING, actor, manual=False)
    application.status = locked.status
    return hearings


def hearing_send(
    *,
    application: Application,
    body: str,
    sent_on: dt.date,
    actor,
    deadline_on: dt.date | None = None,
) -> Hearing:
    """Send one hearing; see ``hearings_send``."""
    return hearings_send(
        application=application,
        bodies=[body],
        sent_on=sent_on,
        deadline_on=deadline_on,
        actor=actor,
    )[0]


@transaction.atomic
def hearing_record_reply(*, hearing: Hearing, replied_on: dt.date, gist: str, actor) -> Hearing:
    """Record the reply to a hearing and its gist (correcting an earlier entry is allowed)."""
    application = _lock(hearing.application)
    _ensure_open(
        application,
        _("The application is “%(current)s”, so hearing replies can no longer be recorded."),
    )
    gist = (gist or "").strip()
    if not gist:
        raise DomainError(_("Write the gist of the reply."), field="gist")
    locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
    locked.replied_on = replied_on
    locked.gist = gist
    full_clean_or_raise(locked)
    _save(locked, actor)
    hearing.replied_on, hearing.gist = locked.replied_on, locked.gist
    return locked


# --------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------


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
                % {"body": _body_label(body), "deadline": hearing.deadline_on.isoformat()}
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
) -> Decision:
    """Record the decision (enkeltvedtak) on an application under assessment.

    - The appeal deadline is three weeks after the decision (forvaltningsloven § 29).
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
            % {"date": locked.received_on.isoformat()},
            field="decided_on",
        )
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
        appeal_deadline_on=appeal_deadline(decided_on),
        reference=reference or locked.reference,
        decided_by=actor if getattr(actor, "pk", None) else None,
    )
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
                "start": valid_from.isoformat(),
                "end": valid_to.isoformat(),
                "year": decided_on.year,
            }
        )
    elif licence is not None and application.kind == ApplicationKind.RENEWAL:
        starts_on, ends_on = renewal_period(licence, application.requested_valid_to)
        effects.append(
            _("Licence %(number)s continues from %(start)s to %(end)s (alkoholloven § 1-6).")
            % {"number": licence.number, "start": starts_on.isoformat(), "end": ends_on.isoformat()}
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
                "date": (application.requested_valid_from or decided_on).isoformat(),
            }
        )
    elif licence is not None:
        effects.append(_("Licence %(number)s gets new persons:") % {"number": licence.number})
    return effects + persons


_NEW_LICENCE_KINDS = frozenset(
    {ApplicationKind.NEW, ApplicationKind.SINGLE_OCCASION, ApplicationKind.CATERING}
)
