"""Applications: registering and changing them, and their workflow (statuses).

The workflow table and its helpers (``check_transition``, ``_lock``, ``_move``,
``_ensure_open``) are shared with ``hearings`` and ``decisions``, which move an
application along it. The default legal basis of a decision is kept here, by
application kind, next to the other tables keyed by kind.

Legal background:
- alkoholloven §§ 1-7, 1-7a, 1-7b, 1-7c: what an application must name (holder,
  premises, alcohol groups, manager and deputy).
- alkoholloven § 1-6: licence periods; § 1-10: transfer of the business.

Every write here runs in one transaction, validates before it saves, records the actor
in the audit history and raises ``DomainError`` (or ``TransitionNotAllowed``) with a
message a case officer can act on. Services never read the clock: callers pass dates.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    CaseKind,
    Holder,
    Licence,
    LicenceKind,
    LicenceStatus,
    Municipality,
    Person,
    Premises,
)
from licensing.rules import licences as licence_rules
from licensing.services.case_numbers import case_open
from licensing.services.validation import InvalidData, full_clean_or_raise

from ..formatting import short_date

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
# Transitions a case officer may take directly (buttons on the application page). An
# application goes on hearing by sending one (``hearings_send``); back to hearing only when
# it has had one.
MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    status: targets - {S.DECIDED} for status, targets in ALLOWED_TRANSITIONS.items()
} | {S.RECEIVED: frozenset({S.ASSESSMENT, S.WITHDRAWN})}
OPEN_STATUSES = frozenset({S.RECEIVED, S.HEARING, S.ASSESSMENT})

# Application kinds that change an existing licence.
KINDS_WITH_EXISTING_LICENCE = frozenset(
    {ApplicationKind.RENEWAL, ApplicationKind.MANAGER_CHANGE, ApplicationKind.TRANSFER}
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
    if target == S.HEARING:
        return _("An application goes on hearing when a hearing is sent: use “Send hearing”.")
    return _("The workflow does not allow this change.")


def _has_hearing(application: Application) -> bool:
    return application.pk is not None and application.hearings.exists()


def check_transition(application: Application, target: str, *, manual: bool = True) -> None:
    """Raise ``TransitionNotAllowed`` unless ``application`` may move to ``target``."""
    table = MANUAL_TRANSITIONS if manual else ALLOWED_TRANSITIONS
    current = application.status
    allowed = target in table.get(current, frozenset())
    if allowed and manual and target == S.HEARING and not _has_hearing(application):
        allowed = False
    if not allowed:
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
    if S.HEARING in targets and not _has_hearing(application):
        targets = targets - {S.HEARING}
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
    if not licence_rules.groups_allowed(application.licence_kind, application.alcohol_groups):
        add("group_2", licence_rules.sales_groups_message())
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
    """Register a received application (status ``received``). It opens a case with the
    next case number of the year; the case number is the application's reference unless
    one is given (an application registered with the archive's own number keeps it)."""
    if case_officer is None and getattr(actor, "pk", None):
        case_officer = actor  # a new case goes to whoever registers it unless one is chosen
    case = case_open(
        municipality=municipality,
        kind=CaseKind.APPLICATION,
        on=received_on,
        assigned_to=case_officer,
    )
    application = Application(
        case=case,
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
        reference=reference.strip() or case.number,
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
            % {"date": short_date(first_sent)},
            field="received_on",
        )
    full_clean_or_raise(locked)
    _save(locked, actor)
    if locked.case_id and locked.case.assigned_to_id != locked.case_officer_id:
        # The case's officer follows the application's (docs/adr/0185).
        locked.case.assigned_to = locked.case_officer
        locked.case._history_user = actor
        locked.case.save(update_fields=["assigned_to"])
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
