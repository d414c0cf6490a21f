"""Licences, their managers and deputies, and licence status changes.

Legal sources: alkoholloven § 1-6 (licence period), § 1-7c (manager and deputy: at least
20 years old and the knowledge test passed; every licence except single-occasion and
catering licences has one), § 3-1 (sales licences cover group 1 only), §§ 3-7 and 4-4
(hours). See docs/register.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import (
    KINDS_WITH_MANAGER,
    SERVING_KINDS,
    Holder,
    Licence,
    LicenceKind,
    LicenceStatus,
    LicenceStatusChange,
    ManagerAssignment,
    Municipality,
    Person,
    Premises,
    Role,
    validate_manager_qualifications,
)
from licensing.rules import licences as licence_rules
from licensing.rules.hours import (
    DEFAULT_SALES_SATURDAY_UNTIL,
    DEFAULT_SALES_WEEKDAY_UNTIL,
    GROUP3_EARLIEST_START,
    SALES_EARLIEST_FROM,
    SERVING_DAY_STARTS,
    SERVING_LATEST_END,
    validate_sales_hours,
    validate_serving_hours,
)

from ..formatting import short_date
from .register import Actor, apply_changes
from .validation import InvalidData, full_clean_or_raise

ONE_DAY = dt.timedelta(days=1)

# The licence workflow. Anything not listed is refused with the current status named.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    LicenceStatus.ACTIVE: frozenset(
        {
            LicenceStatus.SUSPENDED,
            LicenceStatus.REVOKED,
            LicenceStatus.CEASED,
            LicenceStatus.EXPIRED,
        }
    ),
    LicenceStatus.SUSPENDED: frozenset(
        {LicenceStatus.ACTIVE, LicenceStatus.REVOKED, LicenceStatus.CEASED}
    ),
    LicenceStatus.REVOKED: frozenset(),
    LicenceStatus.EXPIRED: frozenset(),
    LicenceStatus.CEASED: frozenset(),
}
# Managers and deputies change only while the licence is in force.
STATUSES_IN_FORCE = frozenset({LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED})

LICENCE_FIELDS = frozenset(
    {
        "number", "holder", "premises", "kind", "groups",
        "group12_from", "group12_until", "group3_from", "group3_until",
        "sales_weekday_until", "sales_saturday_until",
        "area_indoor", "area_outdoor", "granted_on", "valid_from", "valid_to",
        "transferred_on", "seminar_required", "conditions",
    }
)  # fmt: skip
HOUR_FIELDS = (
    "group12_from", "group12_until", "group3_from", "group3_until",
    "sales_weekday_until", "sales_saturday_until",
)  # fmt: skip


def status_label(status: str) -> str:
    return str(LicenceStatus(status).label).lower()


def allowed_transitions(status: str) -> list[str]:
    """The statuses a licence in ``status`` may change to, in the order of the choices."""
    allowed = ALLOWED_TRANSITIONS.get(status, frozenset())
    return [value for value in LicenceStatus.values if value in allowed]


def next_licence_number(municipality: Municipality, year: int) -> str:
    """The first free ``YYYY-NNN`` number of the year in the municipality."""
    prefix = f"{year}-"
    used = set(
        Licence.objects.filter(municipality=municipality, number__startswith=prefix).values_list(
            "number", flat=True
        )
    )
    n = len(used) + 1
    while f"{prefix}{n:03d}" in used:
        n += 1
    return f"{prefix}{n:03d}"


# Validation shared by create and update ----------------------------------------------


def _set_groups(licence: Licence, groups: Collection[int]) -> dict[str, list[str]]:
    unknown = set(groups) - {1, 2, 3}
    if unknown:
        return {"group_1": [_("Alcohol groups are 1, 2 and 3.")]}
    licence.group_1, licence.group_2, licence.group_3 = (g in groups for g in (1, 2, 3))
    return {}


def _fill_hours(licence: Licence) -> dict[str, list[str]]:
    """Keep only the hours that apply to the kind and groups; fill blank ones from the
    municipality's local policy. Half-given pairs are an error."""
    errors: dict[str, list[str]] = {}
    municipality = licence.municipality
    serving = licence.kind in SERVING_KINDS
    sales = licence.kind == LicenceKind.SALES
    pairs = (
        ("group12_from", "group12_until", serving,
         (municipality.serving_group12_from, municipality.serving_group12_until)),
        ("group3_from", "group3_until", serving and licence.group_3,
         (municipality.serving_group3_from, municipality.serving_group3_until)),
    )  # fmt: skip
    for start, end, applies, defaults in pairs:
        if not applies:
            setattr(licence, start, None)
            setattr(licence, end, None)
            continue
        given = (getattr(licence, start), getattr(licence, end))
        if given == (None, None):
            setattr(licence, start, defaults[0])
            setattr(licence, end, defaults[1])
        elif None in given:
            missing = start if given[0] is None else end
            errors.setdefault(missing, []).append(
                _("Give both the start and the end of the serving hours.")
            )
    for name, default in (
        ("sales_weekday_until", municipality.sales_weekday_until),
        ("sales_saturday_until", municipality.sales_saturday_until),
    ):
        if not sales:
            setattr(licence, name, None)
        elif getattr(licence, name) is None:
            setattr(licence, name, default)
    return errors


def _validate_licence(licence: Licence) -> dict[str, list[str]]:
    """Domain checks beyond the model's ``clean()``: every party of the licence belongs to
    the same municipality, and a licence is not valid before it is granted."""
    errors: dict[str, list[str]] = {}
    municipality = licence.municipality
    if licence.holder_id and licence.holder.municipality_id != municipality.pk:
        errors["holder"] = [
            _("The holder is registered in %(other)s, not in %(municipality)s.")
            % {"other": licence.holder.municipality, "municipality": municipality}
        ]
    if licence.premises_id and licence.premises.municipality_id != municipality.pk:
        errors["premises"] = [
            _("The premises are registered in %(other)s, not in %(municipality)s.")
            % {"other": licence.premises.municipality, "municipality": municipality}
        ]
    if licence.granted_on and licence.valid_from and licence.valid_from < licence.granted_on:
        errors["valid_from"] = [
            _("A licence cannot be valid before it is granted (%(date)s).")
            % {"date": short_date(licence.granted_on)}
        ]
    if licence.number:
        taken = (
            Licence.objects.filter(municipality=municipality, number=licence.number)
            .exclude(pk=licence.pk)
            .select_related("holder")
            .first()
        )
        if taken is not None:
            errors["number"] = [
                _("Number %(number)s is already used in %(municipality)s (%(holder)s).")
                % {
                    "number": licence.number,
                    "municipality": municipality,
                    "holder": taken.holder.name,
                }
            ]
    if not licence_rules.groups_allowed(licence.kind, licence.alcohol_groups):
        errors["group_2" if licence.group_2 else "group_3"] = [licence_rules.sales_groups_message()]
    return errors


def _between(t: dt.time, start: dt.time, end: dt.time) -> bool:
    return start <= t < end


def _hours_errors(licence: Licence) -> tuple[dict[str, list[str]], set[str]]:
    """The hours rules (alkoholloven §§ 3-7, 4-4), each message on the field it concerns:
    a start in the forbidden hours on the "from" field, otherwise on the "until" field;
    group 3 on its own fields; sales before Sundays and holidays on their own field.

    Returns the errors and every message the model's ``clean()`` gives for the same rules
    (there all on one field), so that those copies are left out."""
    errors: dict[str, list[str]] = {}
    covered: set[str] = set()

    def add(field: str, messages: list[str]) -> None:
        if messages:
            errors.setdefault(field, []).extend(messages)

    g12_from, g12_until = licence.group12_from, licence.group12_until
    if licence.kind in SERVING_KINDS and g12_from and g12_until:
        g3_from, g3_until = (
            (licence.group3_from, licence.group3_until) if licence.group_3 else (None, None)
        )
        covered.update(validate_serving_hours(g12_from, g12_until, g3_from, g3_until))
        group12 = validate_serving_hours(g12_from, g12_until)
        start_forbidden = _between(g12_from, SERVING_LATEST_END, SERVING_DAY_STARTS)
        add("group12_from" if start_forbidden else "group12_until", group12)
        if g3_from and g3_until:
            # Against the widest legal hours of groups 1-2 only group 3's own window counts.
            window = validate_serving_hours(
                SERVING_DAY_STARTS, SERVING_LATEST_END, g3_from, g3_until
            )
            start_forbidden = _between(g3_from, SERVING_LATEST_END, GROUP3_EARLIEST_START)
            add("group3_from" if start_forbidden else "group3_until", window)
            later = validate_serving_hours(g12_from, g12_until, g3_from, g3_until)
            add("group3_until", [m for m in later if m not in group12 and m not in window])
        # A half-given group 3 pair is reported on the missing field by ``_fill_hours``.
    weekday, saturday = licence.sales_weekday_until, licence.sales_saturday_until
    if licence.kind == LicenceKind.SALES and weekday and saturday:
        earliest = SALES_EARLIEST_FROM
        covered.update(validate_sales_hours(earliest, weekday, earliest, saturday))
        add(
            "sales_weekday_until",
            validate_sales_hours(earliest, weekday, earliest, DEFAULT_SALES_SATURDAY_UNTIL),
        )
        add(
            "sales_saturday_until",
            validate_sales_hours(earliest, DEFAULT_SALES_WEEKDAY_UNTIL, earliest, saturday),
        )
    return errors, covered


def _check_person(*, licence: Licence, person: Person, role: str, started_on: dt.date) -> list[str]:
    """§ 1-7c: a manager or deputy of a licence that needs one is at least 20 and has passed
    the knowledge test, both on the later of the grant date and the day they take the role."""
    if person.municipality_id != licence.municipality_id:
        return [
            _("%(name)s is registered in %(other)s, not in %(municipality)s.")
            % {
                "name": person.name,
                "other": person.municipality,
                "municipality": licence.municipality,
            }
        ]
    if licence.kind not in KINDS_WITH_MANAGER:
        return []
    return [
        str(p) for p in validate_manager_qualifications(person, max(licence.granted_on, started_on))
    ]


def _merge(*dicts: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for d in dicts:
        for field, messages in d.items():
            merged.setdefault(field, []).extend(messages)
    return merged


def _full_clean_errors(
    licence: Licence, already: dict[str, list[str]], covered: set[str] = frozenset()
) -> dict[str, list[str]]:
    try:
        # Fields that already failed a domain check are not validated twice.
        full_clean_or_raise(licence, exclude=[f for f in already if f != "__all__"])
    except InvalidData as exc:
        # The model's ``clean()`` repeats some domain checks (on a less precise field):
        # a message the service already gave on its own field is not repeated elsewhere.
        known = {message for messages in already.values() for message in messages} | covered
        errors = {
            field: [message for message in messages if message not in known]
            for field, messages in exc.errors.items()
        }
        return {field: messages for field, messages in errors.items() if messages}
    return {}


def _save(obj, actor: Actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


# Licences ---------------------------------------------------------------------------


@transaction.atomic
def licence_create(
    *,
    municipality: Municipality,
    holder: Holder,
    premises: Premises | None = None,
    kind: str,
    groups: Collection[int],
    group12_from: dt.time | None = None,
    group12_until: dt.time | None = None,
    group3_from: dt.time | None = None,
    group3_until: dt.time | None = None,
    sales_weekday_until: dt.time | None = None,
    sales_saturday_until: dt.time | None = None,
    granted_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date,
    seminar_required: bool = False,
    conditions: str = "",
    area_indoor: str = "",
    area_outdoor: str = "",
    number: str = "",
    manager: Person | None = None,
    deputy: Person | None = None,
    manager_started_on: dt.date | None = None,
    deputy_started_on: dt.date | None = None,
    actor: Actor,
) -> Licence:
    """Grant a licence and appoint its manager and deputy.

    Blank hours take the municipality's local policy. ``number`` defaults to the next free
    ``YYYY-NNN`` of the grant year. Managers start on ``granted_on`` unless told otherwise.
    """
    licence = Licence(
        municipality=municipality,
        holder=holder,
        premises=premises,
        kind=kind,
        group12_from=group12_from,
        group12_until=group12_until,
        group3_from=group3_from,
        group3_until=group3_until,
        sales_weekday_until=sales_weekday_until,
        sales_saturday_until=sales_saturday_until,
        granted_on=granted_on,
        valid_from=valid_from,
        valid_to=valid_to,
        seminar_required=seminar_required,
        conditions=conditions,
        area_indoor=area_indoor,
        area_outdoor=area_outdoor,
        number=number.strip(),
        status=LicenceStatus.ACTIVE,
    )
    errors = _merge(_set_groups(licence, groups), _validate_licence(licence))
    covered: set[str] = set()
    if licence.kind in LicenceKind.values:
        errors = _merge(errors, _fill_hours(licence))
        hours, covered = _hours_errors(licence)
        errors = _merge(errors, hours)
    if not licence.number and granted_on:
        # Lock the municipality row so two grants at the same time get different numbers.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()
        licence.number = next_licence_number(municipality, granted_on.year)

    people = {Role.MANAGER: manager, Role.DEPUTY: deputy}
    starts = {
        Role.MANAGER: manager_started_on or granted_on,
        Role.DEPUTY: deputy_started_on or granted_on,
    }
    if manager is None and kind in KINDS_WITH_MANAGER:
        errors.setdefault("manager", []).append(
            _("A sales or serving licence needs an approved manager (alkoholloven § 1-7c).")
        )
    if manager is not None and deputy is not None and manager.pk == deputy.pk:
        errors.setdefault("deputy", []).append(
            _("The manager and the deputy must be two different persons.")
        )
    if granted_on:
        for role, person in people.items():
            if person is not None:
                problems = _check_person(
                    licence=licence, person=person, role=role, started_on=starts[role]
                )
                if problems:
                    errors.setdefault(role, []).extend(problems)
    errors = _merge(errors, _full_clean_errors(licence, errors, covered))
    if errors:
        raise InvalidData(errors)

    _save(licence, actor)
    for role, person in people.items():
        if person is not None:
            _start_assignment(licence=licence, person=person, role=role,
                              started_on=starts[role], actor=actor)  # fmt: skip
    return licence


@transaction.atomic
def licence_update(*, licence: Licence, actor: Actor, **changes: Any) -> Licence:
    """Change a licence's terms (``LICENCE_FIELDS``; ``groups`` as a collection of 1-3).

    Status changes go through ``licence_set_status``, managers and deputies through
    ``licence_assign_manager``. The current manager and deputy are checked again against
    the new terms (a new kind or grant date can change what they must satisfy).
    """
    groups = changes.pop("groups", None)
    errors: dict[str, list[str]] = {}
    changed = apply_changes(licence, changes, LICENCE_FIELDS - {"groups"})
    if groups is not None:
        before = licence.alcohol_groups
        errors = _set_groups(licence, groups)
        if licence.alcohol_groups != before:
            changed.add("groups")
    if not changed:
        return licence
    errors = _merge(errors, _validate_licence(licence), _fill_hours(licence))
    hours, covered = _hours_errors(licence)
    errors = _merge(errors, hours)
    current = {
        a.role: a
        for a in licence.assignments.filter(ended_on__isnull=True).select_related(
            "person__municipality"
        )
    }
    if licence.kind in KINDS_WITH_MANAGER and Role.MANAGER not in current:
        errors.setdefault("kind", []).append(
            _(
                "A sales or serving licence needs an approved manager (alkoholloven § 1-7c); "
                "appoint one before changing the kind."
            )
        )
    if licence.granted_on:
        for role, assignment in current.items():
            problems = _check_person(
                licence=licence, person=assignment.person, role=role,
                started_on=assignment.started_on,
            )  # fmt: skip
            if problems:
                errors.setdefault("__all__", []).extend(
                    _("Current %(role)s: %(problem)s")
                    % {"role": assignment.get_role_display().lower(), "problem": p}
                    for p in problems
                )
    errors = _merge(errors, _full_clean_errors(licence, errors, covered))
    if errors:
        raise InvalidData(errors)
    _save(licence, actor)
    return licence


# Managers and deputies ----------------------------------------------------------------


def _start_assignment(
    *, licence: Licence, person: Person, role: str, started_on: dt.date, actor: Actor
) -> ManagerAssignment:
    assignment = ManagerAssignment(licence=licence, person=person, role=role, started_on=started_on)
    full_clean_or_raise(assignment)
    _save(assignment, actor)
    return assignment


@transaction.atomic
def licence_assign_manager(
    *, licence: Licence, person: Person, role: str, started_on: dt.date, actor: Actor
) -> ManagerAssignment:
    """Appoint a new manager or deputy from ``started_on``.

    A change is a new assignment: the current one in the role ends the day before
    (``started_on - 1 day``, or the day it started if that would be earlier) and stays in
    the history. The person must qualify on the later of the grant date and
    ``started_on`` (§ 1-7c), except on single-occasion and catering licences. Nobody takes
    a role before the grant date, nor before the current person in the role took it.

    The current deputy may become manager: their deputy role ends the day before, and the
    licence has no deputy until one is appointed. A manager cannot become deputy this way
    (the licence would be left without a manager): appoint the new manager first.
    """
    if role not in Role.values:
        raise DomainError(_("Choose manager or deputy."), field="role")
    licence = Licence.objects.select_for_update().select_related("municipality").get(pk=licence.pk)
    if licence.status not in STATUSES_IN_FORCE:
        raise DomainError(
            _(
                "The licence is %(status)s; managers and deputies can only change on an "
                "active or suspended licence."
            )
            % {"status": status_label(licence.status)}
        )
    current = {
        a.role: a
        for a in licence.assignments.filter(ended_on__isnull=True).select_related("person")
    }
    if role in current and current[role].person_id == person.pk:
        raise DomainError(
            _("%(name)s is already the licence's %(role)s.")
            % {"name": person.name, "role": Role(role).label.lower()},
            field="person",
        )
    other = Role.DEPUTY if role == Role.MANAGER else Role.MANAGER
    promoted_deputy = None
    if role == Role.MANAGER and other in current and current[other].person_id == person.pk:
        promoted_deputy = current[other]
    elif other in current and current[other].person_id == person.pk:
        raise DomainError(
            _(
                "%(name)s is the licence's %(role)s; the manager and the deputy must be two different persons."
            )
            % {"name": person.name, "role": Role(other).label.lower()},
            field="person",
        )
    previous = current.get(role)
    if started_on < licence.granted_on:
        raise DomainError(
            _("Nobody can take a role on the licence before it was granted (%(date)s).")
            % {"date": short_date(licence.granted_on)},
            field="started_on",
        )
    if previous is not None and started_on < previous.started_on:
        # Otherwise the two would overlap in the licence's history.
        raise DomainError(
            _(
                "%(name)s has been the licence's %(role)s since %(date)s; the successor "
                "cannot take the role before that."
            )
            % {
                "name": previous.person.name,
                "role": Role(role).label.lower(),
                "date": short_date(previous.started_on),
            },
            field="started_on",
        )
    if promoted_deputy is not None and started_on <= promoted_deputy.started_on:
        raise DomainError(
            _(
                "%(name)s has been the licence's deputy since %(date)s and can become "
                "manager from the day after at the earliest."
            )
            % {"name": person.name, "date": short_date(promoted_deputy.started_on)},
            field="started_on",
        )
    problems = _check_person(licence=licence, person=person, role=role, started_on=started_on)
    if problems:
        raise InvalidData({"person": problems})
    if previous is not None:
        previous.ended_on = max(started_on - ONE_DAY, previous.started_on)
        full_clean_or_raise(previous)
        _save(previous, actor)
    if promoted_deputy is not None:
        promoted_deputy.ended_on = started_on - ONE_DAY
        full_clean_or_raise(promoted_deputy)
        _save(promoted_deputy, actor)
    return _start_assignment(
        licence=licence, person=person, role=role, started_on=started_on, actor=actor
    )


@transaction.atomic
def licence_end_assignment(
    *, assignment: ManagerAssignment, ended_on: dt.date, actor: Actor
) -> ManagerAssignment:
    """End a deputy's role without a successor (a licence needs a manager, but a deputy
    only normally). A manager is replaced through ``licence_assign_manager`` instead."""
    assignment = (
        ManagerAssignment.objects.select_for_update()
        .select_related("licence")
        .get(pk=assignment.pk)
    )
    if assignment.ended_on is not None:
        raise DomainError(
            _("This role already ended on %(date)s.") % {"date": short_date(assignment.ended_on)}
        )
    if assignment.role == Role.MANAGER and assignment.licence.kind in KINDS_WITH_MANAGER:
        raise DomainError(
            _(
                "A sales or serving licence needs a manager (alkoholloven § 1-7c); appoint a "
                "new manager instead, and the current one's role ends automatically."
            )
        )
    if ended_on < assignment.started_on:
        raise DomainError(
            _("The role cannot end before it started (%(date)s).")
            % {"date": short_date(assignment.started_on)},
            field="ended_on",
        )
    assignment.ended_on = ended_on
    full_clean_or_raise(assignment)
    _save(assignment, actor)
    return assignment


# Status --------------------------------------------------------------------------------


@transaction.atomic
def licence_set_status(
    *, licence: Licence, status: str, actor: Actor, on: dt.date, reason: str
) -> LicenceStatusChange:
    """Change the licence's status from ``on``, for ``reason``.

    Allowed: active -> suspended, revoked, ceased, expired; suspended -> active, revoked,
    ceased. Revoked, expired and ceased are final (a new period needs a new licence or a
    renewal). A licence expires after its last valid day. The change is recorded as a
    ``LicenceStatusChange`` and in the licence's history.
    """
    locked = Licence.objects.select_for_update().get(pk=licence.pk)
    current = locked.status
    if status not in LicenceStatus.values:
        raise DomainError(
            _("Unknown licence status “%(status)s”.") % {"status": status}, field="status"
        )
    if status == current:
        raise TransitionNotAllowed(
            _("The licence is already %(status)s.") % {"status": status_label(current)},
            current=current,
        )
    allowed = allowed_transitions(current)
    if status not in allowed:
        if allowed:
            message = _(
                "The licence is %(current)s; it can become %(allowed)s, but not %(status)s."
            ) % {
                "current": status_label(current),
                "allowed": _(" or ").join(status_label(s) for s in allowed),
                "status": status_label(status),
            }
        else:
            message = _(
                "The licence is %(current)s; a licence that is %(current)s cannot change status."
            ) % {"current": status_label(current)}
        raise TransitionNotAllowed(message, current=current)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the status change."), field="reason")
    if on < locked.granted_on:
        raise DomainError(
            _("The change cannot take effect before the licence was granted (%(date)s).")
            % {"date": short_date(locked.granted_on)},
            field="on",
        )
    if status == LicenceStatus.EXPIRED and on <= locked.valid_to:
        raise DomainError(
            _(
                "The licence is valid until %(date)s; it can expire from the day after at "
                "the earliest."
            )
            % {"date": short_date(locked.valid_to)},
            field="on",
        )
    last = locked.status_changes.order_by("-changed_on", "-pk").first()
    if last is not None and on < last.changed_on:
        raise DomainError(
            _("The change cannot take effect before the previous status change (%(date)s).")
            % {"date": short_date(last.changed_on)},
            field="on",
        )
    change = LicenceStatusChange(
        licence=locked,
        from_status=current,
        to_status=status,
        changed_on=on,
        reason=reason,
        changed_by=actor if actor is not None and actor.pk else None,
    )
    full_clean_or_raise(change)
    _save(change, actor)
    locked.status = status
    locked._change_reason = reason[:100]
    _save(locked, actor, update_fields=["status"])
    licence.status = status
    return change
