"""The seminar status decided by the database (seminars.statuses, docs/adr/0214) is the
rule's, licence by licence, on a register built around the deadlines' boundaries; the
dashboard sections and the licence list filter are those of the implementation that ran
the rule over every licence."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from licensing import dashboard
from licensing.models import Licence, ManagerAssignment
from licensing.rules import seminar as rule
from licensing.rules.dates import add_months, add_years
from seminars import dashboard as sections
from seminars import panels, selectors, statuses
from tests.factories.licensing import LicenceFactory, PersonFactory
from tests.factories.seminars import AttendanceFactory, SeminarPolicyFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 11, 22)
DAYS = [ON, dt.date(2024, 2, 29), dt.date(2025, 2, 28), dt.date(2026, 8, 31), dt.date(2027, 3, 1)]
KINDS = ["sales", "serving", "serving_part_year", "serving_single_occasion", "serving_catering"]


def _near(rng, day: dt.date, months: int, years: int) -> dt.date:
    """A day whose deadline (role start + months, or attendance + years) falls on or just
    around ``day`` or the end of the warning period after it, or an end of month."""
    target = day + dt.timedelta(days=rng.choice([-1, 0, 1, 13, 14, 15, 29, 30, 31, 200]))
    if rng.random() < 0.5:
        return add_months(target, -months) - dt.timedelta(days=rng.choice([0, 0, 1, 2, 3]))
    return add_years(target, -years)


def _register(municipalities, *, seed=7, count=80, prefix="S"):
    rng = random.Random(seed)
    for i in range(count):
        municipality = municipalities[i % len(municipalities)]
        day = rng.choice(DAYS)
        kind = KINDS[i % len(KINDS)]
        granted = _near(rng, day, 6, 4) if rng.random() < 0.3 else dt.date(2020, 1, 31)
        licence = LicenceFactory(
            municipality=municipality,
            number=f"{prefix}-{i:03d}",
            kind=kind,
            group_2=kind != "sales",
            seminar_required=rng.random() < 0.85,
            status=rng.choice(["active", "active", "suspended", "revoked"]),
            granted_on=granted,
            valid_from=granted,
        )
        current = set()
        for role in rng.choice([("manager", "deputy"), ("manager",), (), ("deputy", "deputy")]):
            person = PersonFactory(municipality=municipality, name=f"{role} {prefix}{i}")
            started = rng.choice([_near(rng, day, 6, 4), _near(rng, day, 3, 2), granted])
            ended = rng.choice([None, None, None, day, day - dt.timedelta(days=1)])
            if ended is None and role in current:
                ended = day  # one current person per role
            if ended is not None and ended < started:
                ended = started
            if ended is None:
                current.add(role)
            ManagerAssignment.objects.create(
                licence=licence, person=person, role=role, started_on=started, ended_on=ended
            )
            attended = set()
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                attended.add(_near(rng, day, 6, rng.choice([4, 2])))
            if rng.random() < 0.1:
                attended.add(day + dt.timedelta(days=3))  # after the day: ignored on it
            for on in attended:
                AttendanceFactory(person=person, attended_on=on)


@pytest.fixture
def register(muni1, muni2):
    # Saltdal: the manager only, three months, valid two years, 14 days' warning.
    SeminarPolicyFactory(
        municipality=muni2,
        valid_from=dt.date(2020, 1, 1),
        require_deputy=False,
        deadline_months=3,
        validity_years=2,
        warning_days=14,
    )
    _register([muni1, muni2])
    return [muni1.pk, muni2.pk]


@pytest.mark.parametrize("on", DAYS)
def test_every_status_is_the_rules(register, on):
    results = selectors.seminar_compliance_for(
        Licence.objects.filter(municipality_id__in=register), on
    )
    seen = set()
    for status in rule.STATUSES:
        expected = {pk for pk, r in results.items() if r.status == status}
        found = set(
            Licence.objects.filter(statuses.status_q(register, status, on)).values_list(
                "pk", flat=True
            )
        )
        assert found == expected, status
        seen |= {status} if expected else set()
    assert len(seen) >= 3


@pytest.mark.parametrize("on", DAYS)
def test_deadlines_are_the_rules(register, on):
    followed = ("active", "suspended")
    results = selectors.seminar_compliance_for(
        Licence.objects.filter(municipality_id__in=register, status__in=followed), on
    )
    found = statuses.deadlines(register, on, licence_statuses=followed)
    for status in (rule.OVERDUE, rule.DUE):
        assert found[status] == sorted(
            (r.deadline, pk) for pk, r in results.items() if r.status == status
        )


# The sections and the list filter as they were computed before: the rule over every
# licence with the condition --------------------------------------------------------------


def _old_section(municipality_ids, on, status):
    licences = Licence.objects.filter(
        municipality_id__in=municipality_ids,
        status__in=sections.FOLLOWED_STATUSES,
        seminar_required=True,
    )
    results = {
        pk: r
        for pk, r in selectors.seminar_compliance_for(licences, on).items()
        if r.status == status
    }
    ordered = sorted(results.items(), key=lambda item: (item[1].deadline, item[0]))
    sample = ordered[: sections.DASHBOARD_SAMPLE]
    labels = {
        pk: f"{number} {holder}"
        for pk, number, holder in Licence.objects.filter(
            pk__in=[pk for pk, _r in sample]
        ).values_list("pk", "number", "holder__name")
    }
    return len(ordered), [sections._item(pk, r, labels, on) for pk, r in sample]


@pytest.mark.parametrize("on", [ON, dt.date(2027, 3, 1)])
def test_the_sections_are_those_of_the_old_implementation(register, on):
    with translation.override("nb"), dashboard.sharing():
        overdue = sections.overdue_section(register, on)
        due = sections.due_section(register, on)
        assert (overdue.count, overdue.items) == _old_section(register, on, rule.OVERDUE)
        assert (due.count, due.items) == _old_section(register, on, rule.DUE)
    assert overdue.count > len(overdue.items) > 0


@pytest.mark.parametrize("status", rule.STATUSES)
def test_the_list_filter_is_the_old_one(register, muni1, status):
    scoped = Licence.objects.filter(municipality_id__in=[muni1.pk])
    ids = selectors.licence_ids_with_status(scoped.filter(seminar_required=True), status, ON)
    if status == rule.NOT_REQUIRED:
        ids += list(scoped.filter(seminar_required=False).values_list("pk", flat=True))
    everything = Licence.objects.all()
    found = panels.apply_filter(everything, status, [muni1.pk], ON)
    assert sorted(found.values_list("pk", flat=True)) == sorted(ids)


def test_fixed_number_of_queries(register, muni1):
    def count():
        with CaptureQueriesContext(connection) as queries, dashboard.sharing():
            sections.overdue_section([muni1.pk], ON)
            sections.due_section([muni1.pk], ON)
            list(panels.apply_filter(Licence.objects.all(), rule.OVERDUE, [muni1.pk], ON))
        return len(queries)

    few = count()
    _register([muni1], seed=8, count=40, prefix="T")
    # The dashboard: policies, the missing persons, the rule on the licences shown (4) and
    # the labels of each section (2, none for an empty one); the filter: policies and the
    # list.
    assert count() == few <= 2 + 4 + 2 + 2
