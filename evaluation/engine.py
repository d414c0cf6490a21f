"""The facts the rules engine needs, read for many licences at once, and their evaluation.

``gather_facts(licences, on)`` reads everything ``licensing.rules.evaluate`` needs about
the licences of a queryset in a fixed number of queries (four, whatever the number of
licences), as plain tuples, and builds one frozen ``LicenceFacts`` per licence.
``evaluate_all(licences, on)`` evaluates them with the seminar policy of each licence's
municipality in force on ``on``.

What counts as a fact on date D:
- point decisions with status ``decided`` and ``decided_on`` <= D (alkoholforskriften
  § 10-2: only decided points count), of any age: the suspension basis counts the time
  between violations, so an old violation still counts with a later one within two years
  of it (the rules drop those used up by a suspension or before a transfer);
- suspensions with status ``decided`` and ``decided_on`` <= D (§ 10-6);
- the manager and deputy holding the role on D: ``started_on`` <= D and ``ended_on``
  empty or on/after D (``ended_on`` is the last day in the role, as
  ``licensing.services.licences`` sets it on a change);
- for each of those persons, their latest seminar attendance on or before D (the rule
  only looks at the latest one);
- the latest inspection started on or before the end of D in Europe/Oslo (any year: the
  rule needs only the latest, and names it in its message);
- the municipality's seminar policy in force on D: the latest ``valid_from`` <= D, or the
  defaults (``seminars.selectors.policies_in_force``).

``points_in_window_by_licence(on)`` is the point sum of every licence as one SQL query
(see docs/adr/0052-point-sum-query.md); it must agree with the rules engine, and the
tests and ``bench_rules`` check that it does.

This module reads the inspections and seminars apps as well as licensing: it is the
integration layer between the register and the rules (docs/adr/0050-rules-integration.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import itemgetter

from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from inspections.models import (
    Inspection,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from inspections.selectors import day_end
from licensing.batch import collection_paused, driver_rows
from licensing.models import Licence, ManagerAssignment
from licensing.rules.dates import ONE_DAY, minus_years
from licensing.rules.evaluate import LicenceEvaluation, LicenceEvaluator, LicenceFacts
from licensing.rules.i18n import messages
from licensing.rules.makers import maker
from licensing.rules.points import (
    POINT_SYSTEM_KINDS,
    WINDOW_YEARS,
    PointDecisionFact,
    SuspensionFact,
)
from licensing.rules.seminar import (
    DEPUTY,
    MANAGER,
    AttendanceFact,
    RequiredPersonFact,
    SeminarPolicy,
)
from seminars.models import Attendance
from seminars.selectors import policies_in_force

# Rows are fetched whole, not with .iterator(): on PostgreSQL that opens a server-side
# cursor, planned for its first 10 % of rows (cursor_tuple_fraction); on tables without
# statistics yet (just after an import) that chose a plan 700 times slower
# (docs/adr/0050-rules-integration.md). The rows are small tuples.


def _for_licences(queryset: QuerySet, field: str, licences: QuerySet[Licence]) -> QuerySet:
    """``queryset`` limited to the rows of ``licences`` (through ``field``), as a subquery
    so the number of queries stays fixed. Unfiltered licences need no condition at all."""
    if not _is_narrowed(licences):
        return queryset
    return queryset.filter(**{f"{field}__in": licences.values("pk")})


def gather_facts(licences: QuerySet[Licence], on: dt.date) -> list[LicenceFacts]:
    """``LicenceFacts`` on ``on`` for every licence of ``licences``, in licence-number order
    (ties: municipality organisation number, then id). Four queries, whatever the count."""
    return _gather(licences, on)[0]


def _gather(licences: QuerySet[Licence], on: dt.date) -> tuple[list[LicenceFacts], dict[int, int]]:
    """The facts, and each licence's municipality id (for the seminar policies).

    Rows are read through the database cursor (``_rows``), without Django's per-value
    converters (docs/adr/0195), and date columns are read as stored (``_AsStored``: on
    SQLite the ISO text, without the driver's converter) and turned into dates once per
    distinct value (``_Days``, docs/adr/0210).
    """
    day = _Days()
    licence_rows = _rows(
        licences.order_by().values_list(
            "pk",
            "number",
            "municipality_id",
            "municipality__org_number",
            "kind",
            "status",
            _AsStored(F("granted_on")),
            _AsStored(F("transferred_on")),
            _AsStored(F("seminar_required")),
            # The latest inspection started before the end of ``on``: one index seek per
            # licence ((licence_id, started_at)), cheaper than grouping every inspection.
            _AsStored(
                Subquery(
                    Inspection.objects.filter(licence_id=OuterRef("pk"), started_at__lt=day_end(on))
                    .order_by("-started_at")
                    .values("started_at")[:1]
                )
            ),
        )
    )

    # Licence by licence in violation-date order (ties: id), the order the rules list them
    # in: on SQLite from the covering index (status, licence, violation_on, id, ...) alone,
    # without reading the wide table or sorting (docs/adr/0223).
    decisions: dict[int, tuple[PointDecisionFact, ...]] = {}
    current = None
    licence_decisions: list[PointDecisionFact] = []
    for licence_id, code, points, reference, violation_on, decided_on in _rows(
        _for_licences(
            PointDecision.objects.filter(status=PointDecisionStatus.DECIDED, decided_on__lte=on),
            "licence_id",
            licences,
        )
        .order_by("licence_id", "violation_on", "pk")
        .values_list(
            "licence_id",
            "violation__code",
            "points",
            "reference",
            _AsStored(F("violation_on")),
            _AsStored(F("decided_on")),
        )
    ):
        if points < 0:  # as PointDecisionFact checks (the database forbids it too)
            raise ValueError(f"points must not be negative, got {points}")
        if licence_id != current:
            if current is not None:
                decisions[current] = tuple(licence_decisions)
            current = licence_id
            licence_decisions = []
        licence_decisions.append(
            _decision(code, day[violation_on], points, day[decided_on], reference, None)
        )
    if current is not None:
        decisions[current] = tuple(licence_decisions)

    suspensions: dict[int, list[SuspensionFact]] = defaultdict(list)
    for licence_id, reference, decided_on, starts_on, ends_on in _rows(
        _for_licences(
            Suspension.objects.filter(status=SuspensionStatus.DECIDED, decided_on__lte=on),
            "licence_id",
            licences,
        ).values_list(
            "licence_id",
            "reference",
            _AsStored(F("decided_on")),
            _AsStored(F("starts_on")),
            _AsStored(F("ends_on")),
        )
    ):
        suspensions[licence_id].append(
            _suspension(day[decided_on], day[starts_on], day[ends_on], reference)
        )

    current_assignments = _for_licences(
        ManagerAssignment.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            started_on__lte=on,
            role__in=(MANAGER, DEPUTY),
        ),
        "licence_id",
        licences,
    )
    # Each licence's persons, and the latest attendances of those who have one, manager
    # before deputy. On SQLite the rows come from the covering index (licence, role,
    # started_on, id, ...) alone and in its order, without a sort (docs/adr/0223, 0228; no
    # DESC column in the index: licensing.models): within a licence the deputies ("deputy"
    # < "manager") come first, and are moved after the managers here. Each person's latest
    # attendance on or before ``on`` (the rule looks only at the latest) is a seek per row
    # in the attendances' (person, attended_on, ...) unique index, cheaper than grouping
    # every attendance in a query of its own; as stored (ISO text on SQLite), made a date
    # only when there is one.
    persons: dict[int, tuple[tuple[RequiredPersonFact, ...], tuple[AttendanceFact, ...]]] = {}
    current = None
    licence_persons: list[RequiredPersonFact] = []
    licence_attendances: list[AttendanceFact] = []
    # Where the licence's managers start among its persons and its attendances (None: no
    # manager yet; 0: no deputy before them, nothing to move).
    managers_at: int | None = None
    attendances_at = 0
    for licence_id, person_id, name, role, started_on, attended_on in _rows(
        current_assignments.order_by("licence_id", "role", "started_on", "pk").values_list(
            "licence_id",
            "person_id",
            "person__name",
            "role",
            _AsStored(F("started_on")),
            _AsStored(
                Subquery(
                    Attendance.objects.filter(person_id=OuterRef("person_id"), attended_on__lte=on)
                    .order_by("-attended_on")
                    .values("attended_on")[:1]
                )
            ),
        )
    ):
        if licence_id != current:
            if current is not None:
                # ``_manager_first`` inline (a call per licence costs more than the rest).
                if managers_at:
                    persons[current] = (
                        (*licence_persons[managers_at:], *licence_persons[:managers_at]),
                        (
                            *licence_attendances[attendances_at:],
                            *licence_attendances[:attendances_at],
                        ),
                    )
                else:
                    persons[current] = (tuple(licence_persons), tuple(licence_attendances))
            current = licence_id
            licence_persons = []
            licence_attendances = []
            managers_at = None
            attendances_at = 0
        if managers_at is None and role == MANAGER:
            managers_at = len(licence_persons)
            attendances_at = len(licence_attendances)
        licence_persons.append(_person(person_id, name, role, day[started_on]))
        if attended_on is not None:
            licence_attendances.append(_attendance(person_id, day[attended_on]))
    if current is not None:
        persons[current] = _manager_first(
            licence_persons, licence_attendances, managers_at, attendances_at
        )

    local_day = _LocalDays(timezone.get_default_timezone())
    suspensions_of = {licence_id: tuple(rows) for licence_id, rows in suspensions.items()}
    facts = []
    municipality_of: dict[int, int] = {}
    no_persons = ((), ())
    # In the order of the facts: licence number, then organisation number, then id (unique,
    # so the same order as sorting the facts). Three stable sorts on one column each, the
    # last first: cheaper than one sort on a tuple of three (single-type keys).
    licence_rows.sort(key=_ID)
    licence_rows.sort(key=_ORG_NUMBER)
    licence_rows.sort(key=_NUMBER)
    persons_of = persons.get
    decisions_of = decisions.get
    suspensions_of = suspensions_of.get
    build = _licence_facts
    append = facts.append
    inspected = local_day.dates
    for (
        licence_id,
        number,
        municipality_id,
        org_number,
        kind,
        status,
        granted_on,
        transferred_on,
        seminar_required,
        last_inspected_at,
    ) in licence_rows:
        municipality_of[licence_id] = municipality_id
        licence_persons, attendances_of = persons_of(licence_id, no_persons)
        append(
            build(
                licence_id,
                number,
                org_number,
                kind,
                status,
                day[granted_on],
                day[transferred_on],
                _BOOL[seminar_required],  # 0/1 on SQLite
                decisions_of(licence_id, ()),
                suspensions_of(licence_id, ()),
                licence_persons,
                attendances_of,
                () if last_inspected_at is None else inspected(last_inspected_at),
            )
        )
    return facts, municipality_of


# The facts are built with ``maker``: several times faster than the dataclasses' own
# ``__init__`` for 100,000 objects (docs/adr/0211).
_licence_facts = maker(LicenceFacts)
_decision = maker(PointDecisionFact)
_suspension = maker(SuspensionFact)
_person = maker(RequiredPersonFact)
_attendance = maker(AttendanceFact)


# A licence row's id, licence number and municipality organisation number.
_ID = itemgetter(0)
_NUMBER = itemgetter(1)
_ORG_NUMBER = itemgetter(3)
_BOOL = (False, True)


def _manager_first(
    persons: list[RequiredPersonFact],
    attendances: list[AttendanceFact],
    managers_at: int | None,
    attendances_at: int,
) -> tuple[tuple[RequiredPersonFact, ...], tuple[AttendanceFact, ...]]:
    """A licence's persons and attendances, read deputies first (role order), as the rules
    list them: the managers (from ``managers_at``, None without one; their attendances
    from ``attendances_at``) before the deputies, each in the order read."""
    if not managers_at:
        return tuple(persons), tuple(attendances)
    return (
        (*persons[managers_at:], *persons[:managers_at]),
        (*attendances[attendances_at:], *attendances[:attendances_at]),
    )


def _is_narrowed(licences: QuerySet[Licence]) -> bool:
    return licences.query.has_filters() or licences.query.is_sliced


def _rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them: no
    per-value converters (dates may be ISO strings on SQLite, booleans 0 and 1).

    The SQL lists model fields before expressions; ``values_list`` would reorder each row
    to the order asked for, this does not, so the callers ask in the SQL's order (checked).
    """
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if names != list(queryset._fields):
        raise ValueError(f"ask for fields before expressions: {queryset._fields}")
    return driver_rows(queryset)


class _AsStored(Func):
    """A column or subquery as the database stores it, without its declared type.

    Django registers Python converters with the SQLite driver for columns declared
    ``date``, ``datetime`` and ``bool``: one Python call per value (about 100,000 for
    20,000 licences). An expression has no declared type, so ``+column`` (SQLite's no-op
    unary plus) comes back as the stored ISO text or 0/1, which the engine converts itself
    (``_Days``, ``_LocalDays``, ``bool``). Other databases: the column itself (psycopg
    returns dates and datetimes natively).
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


class _Days(dict):
    """Stored dates (ISO text on SQLite, ``date`` elsewhere, or None) as ``date``, each
    distinct value parsed once: a batch has a few thousand distinct dates among 100,000
    values, and a dictionary lookup is cheaper than a parse."""

    def __init__(self) -> None:
        super().__init__()
        self[None] = None

    def __missing__(self, value):
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        self[value] = day
        return day


def _local_day(value, tz) -> dt.date:
    """A stored moment (UTC) as the calendar day in ``tz``: SQLite returns a computed
    column as a naive UTC string, PostgreSQL an aware datetime."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).date()


class _LocalDays(dict):
    """Stored moments (UTC) as calendar days in ``tz``, as ``_local_day`` has them.

    SQLite returns a moment as naive UTC text ("2026-10-26 18:28:00", microseconds
    optional). Within one UTC day without a change of ``tz``'s offset the local day
    changes once, at a moment worked out once per UTC day; the day of a moment is then a
    comparison of texts (same format, so text order is time order) instead of parsing and
    converting each moment. Days with a change of offset, and aware datetimes
    (PostgreSQL), are converted one by one (``_local_day``).
    """

    def __init__(self, tz) -> None:
        super().__init__()
        self.tz = tz

    def __missing__(
        self, utc_day: str
    ) -> tuple[str, dt.date, dt.date, tuple[dt.date], tuple[dt.date]] | None:
        midnight = dt.datetime.combine(dt.date.fromisoformat(utc_day), dt.time.min, dt.UTC)
        offset = midnight.astimezone(self.tz).utcoffset()
        if offset is None or (midnight + ONE_DAY).astimezone(self.tz).utcoffset() != offset:
            found = None
        else:
            # Local time is UTC + offset all day: the local day at UTC midnight lasts until
            # its end, the next local midnight, at (that midnight - offset) in UTC.
            first = (midnight + offset).date()
            changes_at = dt.datetime.combine(first + ONE_DAY, dt.time.min) - offset
            # The days also as one-date tuples, shared (``dates``).
            found = (str(changes_at), first, first + ONE_DAY, (first,), (first + ONE_DAY,))
        self[utc_day] = found
        return found

    def of(self, value) -> dt.date:
        if isinstance(value, str) and len(value) >= 19 and value[10] == " ":
            found = self[value[:10]]
            if found is not None:
                return found[1] if value < found[0] else found[2]
        return _local_day(value, self.tz)

    def dates(self, value) -> tuple[dt.date]:
        """``(self.of(value),)``, the tuple shared by the moments of one local day."""
        if isinstance(value, str) and len(value) >= 19 and value[10] == " ":
            found = self[value[:10]]
            if found is not None:
                return found[3] if value < found[0] else found[4]
        return (_local_day(value, self.tz),)


def evaluate_all(licences: QuerySet[Licence], on: dt.date) -> list[LicenceEvaluation]:
    """Every rule for every licence of ``licences`` on ``on``, in licence-number order,
    each with the seminar policy of its municipality in force on ``on``
    (``seminars.selectors.policies_in_force``).

    Five queries (``gather_facts`` and the policies), whatever the count. Messages are in
    the active language.
    """
    with collection_paused():
        facts, municipality_of = _gather(licences, on)
        policies = policies_in_force(set(municipality_of.values()), on)
        tr = messages()
        evaluators = {
            municipality_id: LicenceEvaluator(on, policy, tr)
            for municipality_id, policy in policies.items()
        }
        if len(evaluators) == 1:
            return next(iter(evaluators.values())).many(facts)
        # Each municipality's licences in one loop of its evaluator, put back in order.
        positions: dict[int, list[int]] = defaultdict(list)
        for position, licence in enumerate(facts):
            positions[municipality_of[licence.licence_id]].append(position)
        evaluations: list[LicenceEvaluation] = [None] * len(facts)  # type: ignore[list-item]
        for municipality_id, these in positions.items():
            found = evaluators[municipality_id].many([facts[position] for position in these])
            for position, evaluation in zip(these, found, strict=True):
                evaluations[position] = evaluation
        return evaluations


def evaluate_facts(
    facts: Iterable[LicenceFacts], on: dt.date, policies: Mapping[int, SeminarPolicy]
) -> list[LicenceEvaluation]:
    """Evaluate ``facts`` (in the order given), each with ``policies[licence_id]``; one
    ``LicenceEvaluator`` per distinct policy."""
    tr = messages()
    evaluators: dict[SeminarPolicy, LicenceEvaluator] = {}
    evaluations = []
    for licence in facts:
        policy = policies[licence.licence_id]
        evaluator = evaluators.get(policy)
        if evaluator is None:
            evaluator = evaluators[policy] = LicenceEvaluator(on, policy, tr)
        evaluations.append(evaluator(licence))
    return evaluations


# The point sum as one query ---------------------------------------------------------------


def points_window_base(on: dt.date) -> dt.date:
    """The first day of the two-year window ending on ``on`` before transfers and
    suspensions move it (the day after ``on`` minus two years; 29 Feb -> 28 Feb)."""
    return minus_years(on, WINDOW_YEARS) + ONE_DAY


class IntegerSum(Sum):
    """``SUM`` of an integer column without Django's per-row ``int()`` converter.

    SQLite and PostgreSQL both return a Python ``int`` for the sum of an integer column
    (PostgreSQL's ``bigint``), and a grouped sum has at least one row, so it is never NULL.
    The converter is a Python call per licence; ``bench_rules`` measured it at about a
    quarter of the query's time on 20,000 licences.
    """

    def get_db_converters(self, connection):
        return []


def _used_up(on: dt.date) -> QuerySet:
    """Suspensions decided on or before ``on`` that use up the outer point decision."""
    return Suspension.objects.filter(
        licence_id=OuterRef("licence_id"),
        status=SuspensionStatus.DECIDED,
        decided_on__lte=on,
        decided_on__gte=OuterRef("violation_on"),
    )


def points_in_window_query(on: dt.date) -> QuerySet:
    """The queryset behind ``points_in_window_by_licence``: ``(licence_id, total)`` rows.

    A point decision counts on D (alkoholforskriften §§ 10-1, 10-2) when it is decided on
    or before D, its licence is in the point system, and its violation date lies in the
    licence's window: on or after the later of the day after D minus two years and the
    transfer date (a transfer after D is ignored), after the decision date of every
    suspension decided on or before D (those points are used up), and on or before D.

    The "later of" is written as one condition per bound rather than a ``Greatest`` of
    dates: that needs no date arithmetic in SQL (``decided_on + 1 day`` runs as a Python
    function on SQLite) and no NULL handling (``Greatest`` with a NULL is NULL on SQLite
    but not on PostgreSQL). See docs/adr/0052-point-sum-query.md.
    """
    used_up = _used_up(on)
    return (
        PointDecision.objects.filter(
            status=PointDecisionStatus.DECIDED,
            decided_on__lte=on,
            violation_on__gte=points_window_base(on),
            violation_on__lte=on,
            licence__kind__in=sorted(POINT_SYSTEM_KINDS),
        )
        .filter(
            Q(licence__transferred_on__isnull=True)
            | Q(licence__transferred_on__gt=on)
            | Q(violation_on__gte=F("licence__transferred_on"))
        )
        .filter(~Exists(used_up))
        .order_by()
        .values("licence_id")
        .annotate(total=IntegerSum("points"))
        .values_list("licence_id", "total")
    )


def points_in_window_by_licence(on: dt.date) -> dict[int, int]:
    """The decided points in each licence's window on ``on``, as ``points.in_window`` of the
    rules engine has them, for every licence with at least one point. One query."""
    return dict(points_in_window_query(on))
