"""The responsible-serving seminar condition (Ansvarlig vertskap).

Municipalities may make attendance at a responsible-serving course a condition of the
licence (conditions: alkoholloven § 3-2, applied to serving licences through § 4-3, not
confirmed paragraph by paragraph, see ``references.SEMINAR_CONDITION``; the course:
Helsedirektoratet's programme "Ansvarlig alkoholhåndtering"). Breaking the condition is a
breach of a licence condition (``licence_condition_breach``, 1 point,
alkoholforskriften § 10-3).

The system's default policy (``SeminarPolicy``; a municipality may change it as dated
parameters):

- Required persons: the manager and the deputy (styrer og stedfortreder) of every
  ``sales``, ``serving`` and ``serving_part_year`` licence whose decision carries the
  seminar condition. Single-occasion and catering licences never require it.
- An attendance on date A counts once a case officer has marked the person as attended
  (a registration alone does not count; the selector passes marked attendances only) and
  is valid on date D when ``A <= D <= A + 4 years - 1 day`` (one licence period).
- A person's deadline: their role start (the later of the licence's grant date and the
  date they became manager or deputy) plus six months; if they attended before but the
  attendance has expired, the later of that date and the expiry date (A + 4 years, from
  the latest expired attendance).
- Status on date D: ``not_required`` (no condition, or a kind that never requires it);
  ``compliant`` (every required person has a valid attendance on D); otherwise by the
  earliest deadline among the missing persons: ``overdue`` when it is before D, ``due``
  when it is D or within the 30 days after D (inclusive), ``pending`` when it is later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple

from . import references
from .dates import add_months, add_years
from .i18n import Messages, messages
from .makers import maker

MANAGER = "manager"
DEPUTY = "deputy"
ROLES = (MANAGER, DEPUTY)

NOT_REQUIRED = "not_required"
COMPLIANT = "compliant"
PENDING = "pending"
DUE = "due"
OVERDUE = "overdue"
STATUSES = (NOT_REQUIRED, COMPLIANT, PENDING, DUE, OVERDUE)

SEMINAR_CODE = "seminar"
SEMINAR_REFERENCE = references.SEMINAR_CONDITION

_ROLE_ORDER = {MANAGER: 0, DEPUTY: 1}


@dataclass(frozen=True, slots=True)
class RequiredPersonFact:
    """A person holding a role on the licence: ``role`` is ``manager`` or ``deputy``;
    ``role_started_on`` is the date they took the role (None: since the grant)."""

    person_id: int | str
    name: str
    role: str
    role_started_on: dt.date | None


@dataclass(frozen=True, slots=True)
class AttendanceFact:
    """A seminar attendance marked by a case officer (registrations are not facts)."""

    person_id: int | str
    attended_on: dt.date


@dataclass(frozen=True, slots=True)
class SeminarPolicy:
    """A municipality's seminar policy (dated parameters; these are the defaults)."""

    required_roles: frozenset[str] = frozenset({MANAGER, DEPUTY})
    deadline_months: int = 6
    validity_years: int = 4
    warning_days: int = 30
    kinds: frozenset[str] = frozenset({"sales", "serving", "serving_part_year"})


DEFAULT_POLICY = SeminarPolicy()


class MissingPerson(NamedTuple):
    """A required person without a valid attendance, and their deadline."""

    role: str
    name: str
    person_id: int | str
    deadline: dt.date


@dataclass(frozen=True, slots=True)
class SeminarResult:
    """The seminar condition of one licence on one date. ``outcome`` is ``status``.

    ``deadline`` is the earliest deadline among ``missing`` (None when not required or
    compliant); ``missing`` is sorted by deadline, then manager before deputy, then name.
    """

    status: str
    deadline: dt.date | None
    missing: tuple[MissingPerson, ...]
    reasons: tuple[str, ...]
    policy: SeminarPolicy = DEFAULT_POLICY

    # The common result interface (``base.Result``); derived, so not stored per licence.
    @property
    def code(self) -> str:
        return SEMINAR_CODE

    @property
    def outcome(self) -> str:
        return self.status

    @property
    def legal_reference(self) -> str:
        return SEMINAR_REFERENCE

    @property
    def parameters(self) -> Mapping[str, object]:
        policy = self.policy
        return {
            "required_roles": tuple(sorted(policy.required_roles)),
            "deadline_months": policy.deadline_months,
            "validity_years": policy.validity_years,
            "warning_days": policy.warning_days,
            "kinds": tuple(sorted(policy.kinds)),
        }


def role_label(role: str, tr: Messages | None = None) -> str:
    """The translated name of a role, for sentences."""
    if tr is None:
        tr = messages()
    if role == MANAGER:
        return tr.gettext("manager")
    if role == DEPUTY:
        return tr.gettext("deputy")
    return role


def attendance_valid_until(attended_on: dt.date, validity_years: int = 4) -> dt.date:
    """The last day an attendance on ``attended_on`` is valid: the day before
    ``attended_on`` + ``validity_years`` (2021-05-10 -> 2025-05-09)."""
    return add_years(attended_on, validity_years) - dt.timedelta(days=1)


def person_deadline(
    *,
    granted_on: dt.date,
    role_started_on: dt.date | None,
    latest_attended_on: dt.date | None,
    policy: SeminarPolicy = DEFAULT_POLICY,
) -> dt.date:
    """A missing person's deadline: role start + ``deadline_months``; if an earlier
    attendance has expired, the later of that and its expiry date (A + validity years).

    ``latest_attended_on`` is the latest attendance on or before the reference date, and
    must already have expired there. Example: role start 2024-10-01, attended 2021-05-10
    (expired 2025-05-10): the later of 2025-04-01 and 2025-05-10 is 2025-05-10.
    """
    return _deadline(
        granted_on,
        role_started_on,
        latest_attended_on,
        policy.deadline_months,
        policy.validity_years,
    )


def _deadline(
    granted_on: dt.date,
    role_started_on: dt.date | None,
    latest_attended_on: dt.date | None,
    deadline_months: int,
    validity_years: int,
) -> dt.date:
    role_start = (
        granted_on if role_started_on is None or role_started_on < granted_on else role_started_on
    )
    deadline = add_months(role_start, deadline_months)
    if latest_attended_on is not None:
        expired_on = add_years(latest_attended_on, validity_years)
        if expired_on > deadline:
            deadline = expired_on
    return deadline


def _missing_order(person: MissingPerson) -> tuple[dt.date, int, str, str]:
    return (person.deadline, _ROLE_ORDER.get(person.role, 9), person.name, str(person.person_id))


def seminar_compliance(
    *,
    kind: str,
    seminar_required: bool,
    granted_on: dt.date,
    persons: Iterable[RequiredPersonFact],
    attendances: Iterable[AttendanceFact],
    on: dt.date,
    policy: SeminarPolicy = DEFAULT_POLICY,
    tr: Messages | None = None,
) -> SeminarResult:
    """The status of the seminar condition of one licence on ``on`` (see module docstring).

    An attendance on A counts on D when ``A <= D <= A + validity_years - 1 day``;
    attendances after ``on`` are ignored. Persons whose role is not in
    ``policy.required_roles`` are ignored. ``tr``: the messages of the active language
    (``messages()``), when the caller evaluates many licences and looks them up once.
    """
    return _seminar_compliance(
        kind,
        seminar_required,
        granted_on,
        persons,
        attendances,
        on,
        policy,
        messages() if tr is None else tr,
    )


def _seminar_compliance(
    kind: str,
    seminar_required: bool,
    granted_on: dt.date,
    persons: Iterable[RequiredPersonFact],
    attendances: Iterable[AttendanceFact],
    on: dt.date,
    policy: SeminarPolicy,
    tr: Messages,
) -> SeminarResult:
    if not seminar_required:
        return _not_required(tr, policy, condition=False)
    if kind not in policy.kinds:
        return _not_required(tr, policy, condition=True)

    attendances = tuple(attendances)
    required_roles = policy.required_roles
    validity_years = policy.validity_years
    missing: list[MissingPerson] = []
    expired: dict[int | str, dt.date] = {}
    required = 0
    for person in persons:
        if person.role not in required_roles:
            continue
        required += 1
        person_id = person.person_id
        latest: dt.date | None = None
        for attendance in attendances:
            attended_on = attendance.attended_on
            if (
                attendance.person_id == person_id
                and attended_on <= on
                and (latest is None or attended_on > latest)
            ):
                latest = attended_on
        # Only the latest attendance matters: if it has expired, so have all earlier ones.
        if latest is not None and on < add_years(latest, validity_years):
            continue
        if latest is not None:
            expired[person_id] = latest
        missing.append(
            MissingPerson(
                person.role,
                person.name,
                person_id,
                _deadline(
                    granted_on,
                    person.role_started_on,
                    latest,
                    policy.deadline_months,
                    validity_years,
                ),
            )
        )

    if not missing:
        return _compliant(tr, policy, on, nobody=required == 0)

    if len(missing) > 1:
        missing.sort(key=_missing_order)
    deadline = missing[0].deadline
    days_left = (deadline - on).days
    if days_left < 0:
        status = OVERDUE
    elif days_left <= policy.warning_days:
        status = DUE
    else:
        status = PENDING
    reasons = []
    for person in missing:
        values = {
            "name": person.name,
            "role": role_label(person.role, tr),
            "deadline": tr.date(person.deadline),
        }
        if person.person_id in expired:
            values["attended"] = tr.date(expired[person.person_id])
            values["expired"] = tr.date(add_years(expired[person.person_id], validity_years))
            reasons.append(_expired_reason(tr) % values)
        else:
            reasons.append(_not_attended_reason(tr) % values)
    return SeminarResult(
        status=status,
        deadline=deadline,
        missing=tuple(missing),
        reasons=tuple(reasons),
        policy=policy,
    )


_seminar_result = maker(SeminarResult)
# ``MissingPerson(role, name, person_id, deadline)`` without the named tuple's Python
# ``__new__``: the same tuple, from a tuple of the four (docs/adr/0228).
_missing_person = partial(tuple.__new__, MissingPerson)


class _Memo(dict):
    """``function(value)`` for each distinct value, computed once."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[dt.date], dt.date]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, value: dt.date) -> dt.date:
        result = self[value] = self.function(value)
        return result


class SeminarRule:
    """``seminar_compliance`` for many licences on one date with one policy in one language
    (the batch path of ``evaluate_licences``, docs/adr/0211): the same results, with the
    shared results, the templates and the role names looked up once, and each expiry and
    role deadline computed once per distinct date.
    ``tests/rules/test_batch_reference.py`` compares it with ``seminar_compliance``."""

    __slots__ = (
        "on",
        "policy",
        "tr",
        "kinds",
        "required_roles",
        "warning_days",
        "without_condition",
        "never_required",
        "compliant",
        "nobody_required",
        "expires_on",
        "role_deadline",
        "role_labels",
        "expired_reason",
        "not_attended_reason",
    )

    def __init__(self, on: dt.date, policy: SeminarPolicy, tr: Messages) -> None:
        self.on = on
        self.policy = policy
        self.tr = tr
        self.kinds = policy.kinds
        self.required_roles = policy.required_roles
        self.warning_days = policy.warning_days
        self.without_condition = _not_required(tr, policy, condition=False)
        self.never_required = _not_required(tr, policy, condition=True)
        self.compliant = _compliant(tr, policy, on, nobody=False)
        self.nobody_required = _compliant(tr, policy, on, nobody=True)
        validity_years = policy.validity_years
        deadline_months = policy.deadline_months
        # An attendance on A expires on A + validity years; a role started on S is due by
        # S + deadline months (as ``_deadline``).
        self.expires_on = _Memo(lambda attended_on: add_years(attended_on, validity_years))
        self.role_deadline = _Memo(lambda role_start: add_months(role_start, deadline_months))
        self.role_labels = {role: role_label(role, tr) for role in ROLES}
        self.expired_reason = _expired_reason(tr)
        self.not_attended_reason = _not_attended_reason(tr)

    def __call__(
        self,
        kind: str,
        seminar_required: bool,
        granted_on: dt.date,
        persons: Iterable[RequiredPersonFact],
        attendances: Iterable[AttendanceFact],
    ) -> SeminarResult:
        if not seminar_required:
            return self.without_condition
        if kind not in self.kinds:
            return self.never_required

        on = self.on
        if type(attendances) is not tuple:  # iterated once per person
            attendances = tuple(attendances)
        required_roles = self.required_roles
        expires_on = self.expires_on
        missing: list[MissingPerson] = []
        expired: dict[int | str, dt.date] = {}
        required = 0
        for person in persons:
            if person.role not in required_roles:
                continue
            required += 1
            person_id = person.person_id
            latest: dt.date | None = None
            for attendance in attendances:
                attended_on = attendance.attended_on
                if (
                    attendance.person_id == person_id
                    and attended_on <= on
                    and (latest is None or attended_on > latest)
                ):
                    latest = attended_on
            # Only the latest attendance matters: if it has expired, so have all earlier ones.
            if latest is not None and on < expires_on[latest]:
                continue
            role_started_on = person.role_started_on
            deadline = self.role_deadline[
                granted_on
                if role_started_on is None or role_started_on < granted_on
                else role_started_on
            ]
            if latest is not None:
                expired[person_id] = latest
                if expires_on[latest] > deadline:
                    deadline = expires_on[latest]
            missing.append(_missing_person((person.role, person.name, person_id, deadline)))

        if not missing:
            return self.nobody_required if required == 0 else self.compliant

        if len(missing) == 2:
            # ``missing.sort(key=_missing_order)`` for two (the sort is stable: swapped only
            # when the second comes strictly first), by deadline when the deadlines differ.
            first, second = missing
            if (
                second.deadline < first.deadline
                if second.deadline != first.deadline
                else _missing_order(second) < _missing_order(first)
            ):
                missing.reverse()
        elif len(missing) > 2:
            missing.sort(key=_missing_order)
        deadline = missing[0].deadline
        days_left = (deadline - on).days
        if days_left < 0:
            status = OVERDUE
        elif days_left <= self.warning_days:
            status = DUE
        else:
            status = PENDING
        date = self.tr.date
        role_labels = self.role_labels
        reasons = []
        for person in missing:
            values = {
                "name": person.name,
                "role": role_labels.get(person.role, person.role),
                "deadline": date(person.deadline),
            }
            if expired and person.person_id in expired:
                attended_on = expired[person.person_id]
                values["attended"] = date(attended_on)
                values["expired"] = date(expires_on[attended_on])
                reasons.append(self.expired_reason % values)
            else:
                reasons.append(self.not_attended_reason % values)
        return _seminar_result(status, deadline, tuple(missing), tuple(reasons), self.policy)


# Results that many licences share (immutable, so shared safely), per language and policy.
@lru_cache(maxsize=256)
def _not_required(tr: Messages, policy: SeminarPolicy, *, condition: bool) -> SeminarResult:
    if condition:
        reason = tr.gettext("Single-occasion and catering licences never require the seminar.")
    else:
        reason = tr.gettext("The licence carries no seminar condition.")
    return SeminarResult(
        status=NOT_REQUIRED, deadline=None, missing=(), reasons=(reason,), policy=policy
    )


@lru_cache(maxsize=256)
def _compliant(tr: Messages, policy: SeminarPolicy, on: dt.date, *, nobody: bool) -> SeminarResult:
    if nobody:
        reason = tr.gettext("No manager or deputy is registered for the licence.")
    else:
        reason = tr.gettext("Every required person has a valid seminar attendance on %(date)s.") % {
            "date": tr.date(on)
        }
    return SeminarResult(
        status=COMPLIANT, deadline=None, missing=(), reasons=(reason,), policy=policy
    )


def _expired_reason(tr: Messages) -> str:
    return tr.gettext(
        "%(name)s (%(role)s) attended on %(attended)s, which expired on "
        "%(expired)s; deadline %(deadline)s."
    )


def _not_attended_reason(tr: Messages) -> str:
    return tr.gettext("%(name)s (%(role)s) has not attended the seminar; deadline %(deadline)s.")


def missing_summary(missing: Iterable[MissingPerson], tr: Messages | None = None) -> str:
    """'Ola Nordmann (deputy, by 2025-03-15), Kari Nordmann (manager, by 2025-04-01)'."""
    if tr is None:
        tr = messages()
    template = tr.gettext("%(name)s (%(role)s, by %(deadline)s)")
    return ", ".join(
        template % {"name": p.name, "role": role_label(p.role, tr), "deadline": tr.date(p.deadline)}
        for p in missing
    )
