"""The seminar status of many licences, decided by the database (docs/adr/0214).

``licensing.rules.seminar`` decides one licence at a time in Python; the dashboard and the
licence list's "seminar" filter need it for every licence of a municipality. Every
comparison the rule makes is a comparison of a date with a monotone function of a stored
date (``add_months`` of the role start, ``add_years`` of an attendance), so each becomes a
comparison of the stored date with a cut-off computed here once, from the policy and the
day:

- an attendance on A is valid on D when ``D < add_years(A, V)``, i.e. ``A > L0`` where L0
  is the last day with ``add_years(L0, V) <= D``;
- a missing person's deadline ``max(add_months(S, M), add_years(A, V))`` (S the later of
  the grant and the role start, A the latest attendance, if any) is before a day X when
  ``S <= last day with add_months(.., M) < X`` and A is absent or ``<= last day with
  add_years(.., V) < X``.

So "overdue" (some required person missing with a deadline before D) and "due or
overdue" (some missing with a deadline on or before D + warning days) are ``EXISTS``
subqueries over the assignments held on D and the persons' attendances, and the five
statuses are combinations of them. The results are the rule's: tests compare them with
``seminar_compliance_for`` licence by licence.

The order of the dashboard's sample (earliest deadline first) needs the deadlines
themselves: :func:`deadlines` reads only the persons who make a licence due or overdue
(role start and latest attendance) and computes each deadline with the rule's own
``person_deadline``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.lookups import LessThanOrEqual

from licensing.batch import as_date, driver_rows
from licensing.models import ManagerAssignment
from licensing.rules import seminar as rule
from licensing.rules.dates import add_months, add_years

from .models import Attendance
from .selectors import assignments_on, policies_in_force


def last_day(f: Callable[[dt.date], dt.date], accept: Callable[[dt.date], bool], near: dt.date):
    """The last day d with ``accept(f(d))``, for ``f`` non-decreasing and ``accept`` true
    on an initial segment (``f(d) < X`` or ``f(d) <= X``). ``near``: a day close to it."""
    low = near - dt.timedelta(days=400)
    while not accept(f(low)):
        low -= dt.timedelta(days=400)
    high = near + dt.timedelta(days=400)
    while accept(f(high)):
        high += dt.timedelta(days=400)
    # accept(f(low)) and not accept(f(high)): bisect on the ordinal.
    lo, hi = low.toordinal(), high.toordinal()
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if accept(f(dt.date.fromordinal(mid))):
            lo = mid
        else:
            hi = mid
    return dt.date.fromordinal(lo)


def _role_start_before(policy: rule.SeminarPolicy, limit: dt.date, *, inclusive: bool):
    """The last role start whose ``add_months(start, M)`` is before ``limit`` (or on it)."""
    months = policy.deadline_months
    return last_day(
        lambda d: add_months(d, months),
        (lambda v: v <= limit) if inclusive else (lambda v: v < limit),
        add_months(limit, -months),
    )


def _attended_before(policy: rule.SeminarPolicy, limit: dt.date, *, inclusive: bool):
    """The last attendance day whose ``add_years(A, V)`` is before ``limit`` (or on it)."""
    years = policy.validity_years
    return last_day(
        lambda d: add_years(d, years),
        (lambda v: v <= limit) if inclusive else (lambda v: v < limit),
        add_years(limit, -years),
    )


def _valid_attendance(after: dt.date, on: dt.date):
    """An attendance of the assignment's person on a day in (``after``, ``on``]."""
    return Attendance.objects.filter(
        person_id=OuterRef("person_id"), attended_on__gt=after, attended_on__lte=on
    )


def _missing_q(
    policy: rule.SeminarPolicy,
    on: dt.date,
    *,
    deadline_before: dt.date | None,
    granted: str = "licence__granted_on",
) -> Q:
    """Assignments (``ManagerAssignment``) of a required person held on ``on`` without a
    valid attendance on ``on``; with ``deadline_before``, only those whose deadline is
    before that day. ``granted``: the licence's grant date, as a path from the assignment
    or (``OUTER_GRANT``) the outer query's licence."""
    valid_after = _attended_before(policy, on, inclusive=True)  # valid: attended after this
    condition = assignments_on(on) & Q(role__in=sorted(policy.required_roles))
    if deadline_before is None:
        return condition & ~Q(Exists(_valid_attendance(valid_after, on)))
    start = _role_start_before(policy, deadline_before, inclusive=False)
    expired_by = min(valid_after, _attended_before(policy, deadline_before, inclusive=False))
    return (
        condition
        & ~Q(Exists(_valid_attendance(expired_by, on)))
        & Q(started_on__lte=start)
        & _on_or_before(granted, start)
    )


OUTER_GRANT = "outer granted_on"  # the grant date of the outer query's licence


def _on_or_before(granted: str, day: dt.date) -> Q:
    if granted == OUTER_GRANT:
        # Read from the outer licence row, not joined again for every assignment.
        return Q(LessThanOrEqual(OuterRef("granted_on"), Value(day)))
    return Q(**{f"{granted}__lte": day})


def _missing(policy: rule.SeminarPolicy, on: dt.date, *, deadline_before: dt.date | None):
    return Exists(
        ManagerAssignment.objects.filter(
            _missing_q(policy, on, deadline_before=deadline_before, granted=OUTER_GRANT),
            licence_id=OuterRef("pk"),
        )
    )


def _soon(policy: rule.SeminarPolicy, on: dt.date) -> dt.date:
    """The day after the warning period: a deadline before it is due (or overdue)."""
    return on + dt.timedelta(days=policy.warning_days + 1)


def _conditions(policy: rule.SeminarPolicy, on: dt.date) -> dict[str, Q]:
    """Each status as a condition on licences that carry the condition and are of a kind
    the policy requires it of."""
    overdue = Q(_missing(policy, on, deadline_before=on))
    due_or_overdue = Q(_missing(policy, on, deadline_before=_soon(policy, on)))
    missing = Q(_missing(policy, on, deadline_before=None))
    return {
        rule.OVERDUE: overdue,
        rule.DUE: due_or_overdue & ~overdue,
        rule.PENDING: missing & ~due_or_overdue,
        rule.COMPLIANT: ~missing,
    }


def _by_policy(municipality_ids: Iterable[int], on: dt.date):
    """The municipalities grouped by the seminar policy in force on ``on`` (one query)."""
    groups: dict[rule.SeminarPolicy, list[int]] = defaultdict(list)
    for municipality_id, policy in sorted(policies_in_force(municipality_ids, on).items()):
        groups[policy].append(municipality_id)
    return list(groups.items())


def _required(policy: rule.SeminarPolicy, ids: list[int], prefix: str = "") -> Q:
    """Licences of these municipalities that carry the condition and are of a kind the
    policy requires it of."""
    return Q(
        **{
            f"{prefix}municipality_id__in": ids,
            f"{prefix}seminar_required": True,
            f"{prefix}kind__in": sorted(policy.kinds),
        }
    )


def status_q(municipality_ids: Iterable[int], status: str, on: dt.date) -> Q:
    """The licences of these municipalities whose seminar status on ``on`` is ``status``
    (``licensing.rules.seminar``), as a condition on ``Licence``. One query (the
    policies); the condition adds ``EXISTS`` subqueries to the caller's query."""
    result = Q(pk__in=[])
    for policy, ids in _by_policy(municipality_ids, on):
        if status == rule.NOT_REQUIRED:
            result |= Q(municipality_id__in=ids) & ~_required(policy, ids)
        else:
            result |= _required(policy, ids) & _conditions(policy, on)[status]
    return result


def deadlines(
    municipality_ids: Iterable[int], on: dt.date, *, licence_statuses: Iterable[str]
) -> dict[str, list[tuple[dt.date, int]]]:
    """The licences of these municipalities with one of ``licence_statuses`` that are
    overdue or due on ``on``, each as (its deadline, licence id), sorted: ``{OVERDUE: [...], DUE: [...]}``.

    Two queries: the policies, and the assignments of the required persons missing with a
    deadline within the warning period or passed (the licence's grant, the role start and
    the person's latest attendance), whose deadlines the rule's ``person_deadline``
    computes. A licence's deadline is the earliest of its missing persons'; a person whose
    deadline is later than the warning period cannot have the earliest deadline of a
    licence that is due or overdue.
    """
    groups = _by_policy(municipality_ids, on)
    if not groups:
        return {rule.OVERDUE: [], rule.DUE: []}
    policy_of = {pk: policy for policy, ids in groups for pk in ids}
    condition = Q(pk__in=[])
    for policy, ids in groups:
        condition |= _required(policy, ids, "licence__") & _missing_q(
            policy, on, deadline_before=_soon(policy, on)
        )
    latest = (
        Attendance.objects.filter(person_id=OuterRef("person_id"), attended_on__lte=on)
        .order_by("-attended_on")
        .values("attended_on")[:1]
    )
    rows = (
        ManagerAssignment.objects.filter(condition, licence__status__in=list(licence_statuses))
        .order_by()
        .annotate(latest=Subquery(latest))
        .values_list(
            "licence_id", "licence__municipality_id", "licence__granted_on", "started_on", "latest"
        )
    )
    found: dict[int, dt.date] = {}
    # Many persons share their dates (the grant, the role start, the latest attendance):
    # the rule computes each combination once (docs/adr/0232).
    computed: dict[tuple, dt.date] = {}
    for licence_id, municipality_id, granted_on, started_on, attended_on in driver_rows(rows):
        key = (municipality_id, granted_on, started_on, attended_on)
        deadline = computed.get(key)
        if deadline is None:
            deadline = computed[key] = rule.person_deadline(
                granted_on=as_date(granted_on),
                role_started_on=as_date(started_on),
                latest_attended_on=as_date(attended_on),
                policy=policy_of[municipality_id],
            )
        earliest = found.get(licence_id)
        if earliest is None or deadline < earliest:
            found[licence_id] = deadline
    result: dict[str, list[tuple[dt.date, int]]] = {rule.OVERDUE: [], rule.DUE: []}
    for licence_id, deadline in found.items():
        result[rule.OVERDUE if deadline < on else rule.DUE].append((deadline, licence_id))
    for pairs in result.values():
        pairs.sort()
    return result
