"""Reads for the register pages: querysets with the joins and annotations each page needs.

Every list selector returns a queryset whose rows need no further query (fixed number of
queries per page, whatever the number of rows). Scoping to the case officer's
municipalities happens here, through ``licensing.access``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from .access import get_for_officer, scope_to_officer
from .models import (
    Application,
    CommentRequest,
    Decision,
    Hearing,
    Holder,
    Licence,
    LicenceStatus,
    LicenceStatusChange,
    ManagerAssignment,
    Person,
    Premises,
    Reminder,
    Role,
)

# Current manager and deputy ----------------------------------------------------------------
#
# The one rule for "the current manager (deputy) of a licence", used by the register pages
# and the API alike: the assignment in that role that has not ended. The database allows only
# one (constraint ``assignment_one_current_per_role``); should there ever be more, the latest
# started wins, then the latest created.
CURRENT_FIRST = ("-started_on", "-pk")


def _current(role: str) -> QuerySet[ManagerAssignment]:
    return ManagerAssignment.objects.filter(
        licence=OuterRef("pk"), role=role, ended_on__isnull=True
    ).order_by(*CURRENT_FIRST)


def with_current_persons(licences: QuerySet[Licence]) -> QuerySet[Licence]:
    """``licences`` annotated with ``manager_name``, ``manager_started_on``, ``deputy_name``
    and ``deputy_started_on`` of the current manager and deputy (no extra query)."""
    return licences.annotate(
        manager_name=Subquery(_current(Role.MANAGER).values("person__name")[:1]),
        manager_started_on=Subquery(_current(Role.MANAGER).values("started_on")[:1]),
        deputy_name=Subquery(_current(Role.DEPUTY).values("person__name")[:1]),
        deputy_started_on=Subquery(_current(Role.DEPUTY).values("started_on")[:1]),
    )


def current_persons(assignments: Iterable[ManagerAssignment]) -> dict[str, ManagerAssignment]:
    """The current assignment per role among ``assignments`` already loaded (the licence
    page has them), by the same rule as ``with_current_persons``."""
    current: dict[str, ManagerAssignment] = {}
    for assignment in sorted(
        (a for a in assignments if a.ended_on is None), key=lambda a: (a.started_on, a.pk)
    ):
        current[assignment.role] = assignment  # the last: latest started, then created
    return current


# Holders ---------------------------------------------------------------------------------


def holders_for_officer(user) -> QuerySet[Holder]:
    """Holders of the officer's municipalities with their licence counts."""
    return scope_to_officer(Holder.objects.select_related("municipality"), user).annotate(
        licence_count=Count("licences", distinct=True),
        active_licence_count=Count(
            "licences", filter=Q(licences__status=LicenceStatus.ACTIVE), distinct=True
        ),
    )


def holder_for_officer(user, pk: int) -> Holder:
    return get_for_officer(Holder.objects.select_related("municipality"), user, pk=pk)


def holder_licences(holder: Holder) -> QuerySet[Licence]:
    return with_current_persons(holder.licences.select_related("premises")).order_by("number", "pk")


def holder_applications(holder: Holder) -> QuerySet[Application]:
    return holder.applications.select_related("licence", "premises").order_by("-received_on", "-pk")


# Licences --------------------------------------------------------------------------------


# The licence list's default order: licences in force first (active, then suspended), then
# the ended ones, each by number.
IN_FORCE_FIRST = Case(
    When(status=LicenceStatus.ACTIVE, then=Value(0)),
    When(status=LicenceStatus.SUSPENDED, then=Value(1)),
    default=Value(2),
)


def licences_for_officer(user) -> QuerySet[Licence]:
    """Licences of the officer's municipalities with holder, premises and current manager."""
    return with_current_persons(
        scope_to_officer(Licence.objects.select_related("holder", "premises", "municipality"), user)
    )


def licence_for_officer(user, pk: int) -> Licence:
    return get_for_officer(
        Licence.objects.select_related("holder", "premises", "municipality"), user, pk=pk
    )


def licence_assignments(licence: Licence) -> list[ManagerAssignment]:
    """Every manager and deputy the licence has had, current first within each role."""
    return list(licence.assignments.select_related("person").order_by("role", "-started_on", "-pk"))


def licence_status_changes(licence: Licence) -> QuerySet[LicenceStatusChange]:
    return licence.status_changes.select_related("changed_by").order_by("-changed_on", "-pk")


def licence_decisions(licence: Licence) -> QuerySet[Decision]:
    return licence.decisions.select_related("application").order_by("-decided_on", "-pk")


def licence_applications(licence: Licence) -> QuerySet[Application]:
    return licence.applications.order_by("-received_on", "-pk")


# Persons ---------------------------------------------------------------------------------


def persons_for_officer(user) -> QuerySet[Person]:
    """Persons of the officer's municipalities with their number of current roles."""
    return scope_to_officer(Person.objects.select_related("municipality"), user).annotate(
        current_roles=Count(
            "assignments",
            filter=Q(
                assignments__ended_on__isnull=True,
                assignments__licence__status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED),
            ),
            distinct=True,
        ),
    )


def person_for_officer(user, pk: int) -> Person:
    return get_for_officer(Person.objects.select_related("municipality"), user, pk=pk)


def person_assignments(person: Person) -> QuerySet[ManagerAssignment]:
    return person.assignments.select_related("licence__holder").order_by(
        "ended_on", "-started_on", "-pk"
    )


def persons_in(municipality_ids) -> QuerySet[Person]:
    """Choices for manager and deputy fields."""
    return Person.objects.filter(municipality_id__in=municipality_ids).select_related(
        "municipality"
    )


def has_current_role(role: str) -> Exists:
    return Exists(
        ManagerAssignment.objects.filter(
            person=OuterRef("pk"),
            role=role,
            ended_on__isnull=True,
            licence__status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED),
        )
    )


# Premises --------------------------------------------------------------------------------


def premises_for_officer(user, pk: int) -> Premises:
    return get_for_officer(Premises.objects.select_related("municipality"), user, pk=pk)


def premises_in(municipality_ids) -> QuerySet[Premises]:
    return Premises.objects.filter(municipality_id__in=municipality_ids).select_related(
        "municipality"
    )


def holders_in(municipality_ids) -> QuerySet[Holder]:
    return Holder.objects.filter(municipality_id__in=municipality_ids).select_related(
        "municipality"
    )


# Applications, hearings, decisions -----------------------------------------------------------


def applications_for_officer(user) -> QuerySet[Application]:
    return scope_to_officer(
        Application.objects.select_related("holder", "municipality", "licence", "case_officer"),
        user,
    )


def application_for_officer(user, pk: int) -> Application:
    return get_for_officer(
        Application.objects.select_related(
            "municipality",
            "holder",
            "licence",
            "premises",
            "proposed_manager",
            "proposed_deputy",
            "case_officer",
            "case",
        ),
        user,
        pk=pk,
    )


def hearing_for_officer(user, pk: int) -> Hearing:
    return get_for_officer(
        Hearing.objects.select_related("application__holder", "application__municipality"),
        user,
        field="application__municipality",
        pk=pk,
    )


def comment_request_for_officer(user, pk: int) -> CommentRequest:
    return get_for_officer(
        CommentRequest.objects.select_related(
            "hearing", "application__holder", "application__municipality"
        ),
        user,
        field="application__municipality",
        pk=pk,
    )


def decision_for_officer(user, pk: int) -> Decision:
    return get_for_officer(
        Decision.objects.select_related(
            "municipality",
            "application__holder",
            "licence__holder",
            "decided_by",
            "case_officer",
        ),
        user,
        pk=pk,
    )


# Licences in force in a past period ---------------------------------------------------------
#
# Yearly figures must not use today's status for a past year: a licence revoked this year was
# in force last year. A licence is in force from ``valid_from`` through ``valid_to``, until
# the day a change to revoked, ceased or expired takes effect (``LicenceStatusChange``;
# those statuses are final, and suspended counts as in force). An ended licence with no
# recorded change is taken to have run through ``valid_to``. Used by the § 9-7 coverage
# and the yearly report (docs/adr/0180-licences-in-force-in-a-past-year.md).

ENDED_STATUSES = (LicenceStatus.REVOKED, LicenceStatus.CEASED, LicenceStatus.EXPIRED)


def licence_end_dates(licence_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each ended licence stopped being in force: the *takes effect on* date of its
    latest change to revoked, ceased or expired. One query."""
    result: dict[int, dt.date] = {}
    rows = LicenceStatusChange.objects.filter(
        licence_id__in=list(licence_ids), to_status__in=ENDED_STATUSES
    ).order_by("licence_id", "changed_on", "pk")
    for licence_id, changed_on in rows.values_list("licence_id", "changed_on"):
        result[licence_id] = changed_on  # the latest wins
    return result


def licence_end(licence: Licence, end_dates: dict[int, dt.date]) -> dt.date | None:
    """The first day ``licence`` was no longer in force because it was revoked, ceased or
    expired (the day after its ``valid_to`` when no change is recorded); None while its
    status is in force."""
    if licence.status in ENDED_STATUSES:
        return end_dates.get(licence.pk, licence.valid_to + dt.timedelta(days=1))
    return None


def in_force_between(licence: Licence, end: dt.date | None, first: dt.date, last: dt.date) -> bool:
    """Whether ``licence`` was in force on at least one day from ``first`` through ``last``
    (``end`` from :func:`licence_end`)."""
    last_day = licence.valid_to if end is None else min(licence.valid_to, end - dt.timedelta(1))
    return max(licence.valid_from, first) <= min(last_day, last)


def in_force_on(licence: Licence, end: dt.date | None, day: dt.date) -> bool:
    return in_force_between(licence, end, day, day)


def case_reminders(case) -> list[Reminder]:
    """The reminders that concerned ``case`` (a ``licensing.Case`` or None): hearing
    reminders and the officers' weekly digests that listed an item of it, latest first,
    with their e-mail (for the delivery). One query; none without a case."""
    if case is None:
        return []
    return list(
        Reminder.objects.filter(cases=case).select_related("email").order_by("-sent_on", "-pk")
    )


def application_reminders(application) -> list[Reminder]:
    """The reminders that concerned an application: its hearing reminders and the officers'
    weekly digests that listed its case, latest first, with their e-mail. One query."""
    concerned = Q(application=application)
    if application.case_id:
        concerned |= Q(cases=application.case_id)
    return list(
        Reminder.objects.filter(concerned)
        .distinct()
        .select_related("email")
        .order_by("-sent_on", "-pk")
    )
