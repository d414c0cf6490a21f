"""The engine (``gather_facts``, ``evaluate_all``: stored text, fast makers, the batch path,
docs/adr/0210 and 0211) against the plain way: model instances read through Django's
converters one licence at a time, evaluated with ``evaluate_licence``.

On a synthetic register (two municipalities with their own seminar policies) and the
hand-built one, on several dates, for all licences and a narrowed set.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Q
from django.utils import timezone, translation

from evaluation.engine import _local_day, _LocalDays, evaluate_all, gather_facts
from inspections.models import Inspection, PointDecision, Suspension
from inspections.selectors import day_end
from licensing.models import Licence, ManagerAssignment
from licensing.rules.evaluate import LicenceFacts, evaluate_licence, to_json_dict
from licensing.rules.points import PointDecisionFact, SuspensionFact
from licensing.rules.seminar import AttendanceFact, RequiredPersonFact
from seminars.models import Attendance
from seminars.selectors import policies_in_force
from tests.rules_integration.dataset import build

D = dt.date
GENERATED_ON = D(2026, 12, 3)
DATES = (GENERATED_ON, D(2025, 6, 30), D(2024, 2, 29), D(2028, 2, 29))


def reference_facts(licences, on: dt.date) -> list[LicenceFacts]:
    """The facts of each licence read the plain way (see module docstring)."""
    tz = timezone.get_default_timezone()
    facts = []
    for licence in licences.select_related("municipality"):
        decisions = tuple(
            PointDecisionFact(d.violation.code, d.violation_on, d.points, d.decided_on, d.reference)
            for d in PointDecision.objects.filter(
                licence=licence, status="decided", decided_on__lte=on
            )
            .select_related("violation")
            .order_by("violation_on", "pk")
        )
        suspensions = tuple(
            SuspensionFact(s.decided_on, s.starts_on, s.ends_on, s.reference)
            for s in Suspension.objects.filter(
                licence=licence, status="decided", decided_on__lte=on
            ).order_by("-starts_on", "-pk")
        )
        persons = tuple(
            RequiredPersonFact(a.person_id, a.person.name, a.role, a.started_on)
            for a in ManagerAssignment.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=on),
                licence=licence,
                role__in=("manager", "deputy"),
                started_on__lte=on,
            )
            .select_related("person")
            .order_by("-role", "started_on", "pk")
        )
        attendances = []
        for person in persons:
            latest = Attendance.objects.filter(
                person_id=person.person_id, attended_on__lte=on
            ).aggregate(latest=Max("attended_on"))["latest"]
            if latest is not None:
                attendances.append(AttendanceFact(person.person_id, latest))
        last = (
            Inspection.objects.filter(licence=licence, started_at__lt=day_end(on))
            .order_by("-started_at")
            .first()
        )
        facts.append(
            LicenceFacts(
                licence.pk,
                licence.number,
                licence.municipality.org_number,
                licence.kind,
                licence.status,
                licence.granted_on,
                licence.transferred_on,
                licence.seminar_required,
                decisions,
                suspensions,
                persons,
                tuple(attendances),
                () if last is None else (last.started_at.astimezone(tz).date(),),
            )
        )
    facts.sort(key=lambda f: (f.number, f.municipality_org_number, f.licence_id))
    return facts


def assert_engine_agrees(licences, on: dt.date) -> None:
    expected_facts = reference_facts(licences, on)
    assert gather_facts(licences, on) == expected_facts
    municipality_of = dict(licences.values_list("pk", "municipality_id"))
    policies = policies_in_force(set(municipality_of.values()), on)
    for language in ("en", "nn"):
        with translation.override(language):
            expected = [
                evaluate_licence(facts, on, policies[municipality_of[facts.licence_id]])
                for facts in expected_facts
            ]
            evaluations = evaluate_all(licences, on)
            assert evaluations == expected
            assert [to_json_dict(e) for e in evaluations] == [to_json_dict(e) for e in expected]


def test_the_engine_agrees_with_the_plain_way_on_a_synthetic_register(db):
    call_command(
        "generate_synthetic",
        "--licences",
        "120",
        "--municipalities",
        "2",
        "--seed",
        "5",
        "--date",
        GENERATED_ON.isoformat(),
        "--no-progress",
        stdout=StringIO(),
    )
    licences = Licence.objects.all()
    assert {kind for (kind,) in licences.values_list("kind")} >= {"sales", "serving_catering"}
    first = licences.order_by("municipality_id").first()
    for on in DATES:
        assert_engine_agrees(licences, on)
        assert_engine_agrees(Licence.objects.filter(municipality_id=first.municipality_id), on)


@pytest.mark.parametrize("on", [D(2026, 11, 22), D(2025, 12, 31), D(2026, 11, 23)], ids=str)
def test_the_engine_agrees_with_the_plain_way_on_the_hand_built_register(muni1, muni2, on):
    build(muni1, muni2)
    assert_engine_agrees(Licence.objects.all(), on)
    assert_engine_agrees(Licence.objects.filter(municipality=muni1), on)


def test_local_days_from_stored_text_are_the_converted_ones():
    """Every 7 minutes around Oslo's changes of offset and a year's end, with and without
    microseconds, and aware datetimes (PostgreSQL) as they are."""
    tz = timezone.get_default_timezone()
    local_days = _LocalDays(tz)
    for first in (
        dt.datetime(2026, 3, 27, 12),
        dt.datetime(2026, 10, 24, 12),
        dt.datetime(2026, 12, 30, 12),
    ):
        for step in range(0, 4 * 24 * 60, 7):
            moment = first + dt.timedelta(minutes=step, microseconds=step % 2 * 123)
            text = str(moment)
            assert local_days.of(text) == _local_day(text, tz), text
            assert local_days.dates(text) == (_local_day(text, tz),), text
            aware = moment.replace(tzinfo=dt.UTC)
            assert local_days.of(aware) == aware.astimezone(tz).date()
            assert local_days.dates(aware) == (aware.astimezone(tz).date(),)
    assert local_days["2026-03-29"] is None  # summer time starts: converted one by one
    assert local_days["2026-07-01"] is not None
