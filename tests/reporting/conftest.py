"""A small municipality whose yearly figures are counted by hand (see each comment)."""

import datetime as dt

import pytest
from django.utils import timezone

from licensing import clock
from licensing.models import Decision, LicenceStatusChange
from reporting.models import Coordinator
from tests.factories.inspections import (
    InspectionFactory,
    PointDecisionFactory,
    SuspensionFactory,
    violation,
)
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    UserFactory,
)
from tests.factories.seminars import AttendanceFactory

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr("reporting.views.today", lambda: TODAY)
    monkeypatch.setattr("reporting.management.commands.annual_report.today", lambda: TODAY)


def at(year, month, day, hour=21):
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture
def dataset(muni1, muni2):
    """Licences of muni1 (reference dates 2025-12-31 and 2026-12-03):

    L1 serving 1+2, granted 2024 ........ in force 2025 and 2026
    L2 sales 1, granted 2026-03-01 ...... new 2026, in force 2026
    L3 serving 1+2+3, granted 2025-05-01, transferred 2026-06-01: new 2025, in force both
    L4 serving 1+2, revoked 2026-04-10 .. in force 2025 and until 9 April 2026, ended 2026
                                          (to inspect both years, never inspected)
    L5 single occasion on 2026-06-01 .... new 2026, ended 2026 (expired, no status change)
    """
    lic = {}
    lic["L1"] = LicenceFactory(municipality=muni1, number="L1", seminar_required=True)
    lic["L2"] = LicenceFactory(
        municipality=muni1, number="L2", kind="sales", group_2=False, group12_from=None,
        group12_until=None, granted_on=dt.date(2026, 3, 1), valid_from=dt.date(2026, 3, 1),
    )  # fmt: skip
    lic["L3"] = LicenceFactory(
        municipality=muni1, number="L3", group_3=True, group3_from=dt.time(13),
        group3_until=dt.time(0), granted_on=dt.date(2025, 5, 1), valid_from=dt.date(2025, 5, 1),
        transferred_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    lic["L4"] = LicenceFactory(municipality=muni1, number="L4", status="revoked")
    LicenceStatusChange.objects.create(
        licence=lic["L4"], from_status="active", to_status="revoked",
        changed_on=dt.date(2026, 4, 10), reason="Vandel",
    )  # fmt: skip
    lic["L5"] = LicenceFactory(
        municipality=muni1, number="L5", kind="serving_single_occasion", status="expired",
        granted_on=dt.date(2026, 5, 1), valid_from=dt.date(2026, 6, 1),
        valid_to=dt.date(2026, 6, 1),
    )  # fmt: skip
    other = LicenceFactory(municipality=muni2, number="X1")

    # Inspections 2026: L1 twice, L2 once, L3 never; one event inspection (L5).
    # 2025: L1 once. Another municipality's inspection never counts.
    company = InspectionFactory(licence=lic["L1"], started_at=at(2026, 3, 1)).company
    InspectionFactory(licence=lic["L1"], company=company, started_at=at(2026, 9, 1))
    InspectionFactory(licence=lic["L2"], company=company, started_at=at(2026, 5, 5))
    InspectionFactory(licence=lic["L5"], company=company, started_at=at(2026, 6, 1))
    InspectionFactory(licence=lic["L1"], company=company, started_at=at(2025, 6, 1))
    InspectionFactory(licence=other, company=company, started_at=at(2026, 4, 1))

    # Points decided in 2026: 8 + 4 + 2 = 14 in 3 decisions; in 2025: 2 in 1.
    PointDecisionFactory(
        licence=lic["L1"],
        violation=violation("sale_to_minor"),
        violation_on=dt.date(2026, 7, 1),
        decided_on=dt.date(2026, 8, 1),
    )
    PointDecisionFactory(
        licence=lic["L1"], violation_on=dt.date(2026, 6, 13), decided_on=dt.date(2026, 7, 13)
    )
    PointDecisionFactory(
        licence=lic["L3"],
        violation=violation("internal_control_deficient"),
        violation_on=dt.date(2025, 12, 15),
        decided_on=dt.date(2026, 1, 20),
    )
    PointDecisionFactory(
        licence=lic["L1"],
        violation=violation("intoxicated_on_premises"),
        violation_on=dt.date(2025, 10, 1),
        decided_on=dt.date(2025, 11, 1),
    )
    # Not counted: proposed, notified, withdrawn, another municipality.
    PointDecisionFactory(
        licence=lic["L3"],
        status="proposed",
        decided_on=None,
        violation=violation("advertising_ban"),
        violation_on=dt.date(2026, 9, 1),
    )
    PointDecisionFactory(
        licence=lic["L3"],
        status="notified",
        decided_on=None,
        violation=violation("shelf_placement"),
        violation_on=dt.date(2026, 9, 2),
    )
    PointDecisionFactory(
        licence=lic["L3"],
        status="withdrawn",
        decided_on=None,
        withdrawal_reason="Feil",
        violation=violation("spirits_measure"),
        violation_on=dt.date(2026, 9, 3),
    )
    PointDecisionFactory(licence=other, violation_on=dt.date(2026, 2, 1))
    # Suspensions: one decided in 2026 (7 days); proposed and another municipality's not.
    SuspensionFactory(licence=lic["L1"])
    SuspensionFactory(
        licence=lic["L1"], status="proposed", decided_on=None, starts_on=dt.date(2026, 12, 20)
    )
    SuspensionFactory(licence=other)

    # Applications 2026: granted after 28 days, refused after 50 (median and mean 39).
    # Hearings sent 2026: answered after 18 days (on time) and 36 days (late); one missing
    # after its deadline. Mean reply time 27.
    app1 = ApplicationFactory(municipality=muni1, received_on=dt.date(2026, 2, 1), status="decided")
    app2 = ApplicationFactory(municipality=muni1, received_on=dt.date(2026, 4, 1), status="decided")
    ApplicationFactory(municipality=muni2, received_on=dt.date(2026, 4, 1))
    for app, outcome, decided_on, licence in (
        (app1, "granted", dt.date(2026, 3, 1), lic["L2"]),
        (app2, "refused", dt.date(2026, 5, 21), None),
    ):
        Decision.objects.create(
            municipality=muni1, application=app, licence=licence, kind="new", outcome=outcome,
            decided_on=decided_on, reasons="…", legal_basis="alkoholloven § 1-7",
            appeal_deadline_on=decided_on + dt.timedelta(weeks=3),
        )  # fmt: skip
    HearingFactory(
        application=app1,
        body="police",
        sent_on=dt.date(2026, 2, 2),
        deadline_on=dt.date(2026, 3, 2),
        replied_on=dt.date(2026, 2, 20),
    )
    HearingFactory(
        application=app1,
        body="social_services",
        sent_on=dt.date(2026, 2, 2),
        deadline_on=dt.date(2026, 3, 2),
        replied_on=dt.date(2026, 3, 10),
    )
    HearingFactory(
        application=app2,
        body="police",
        sent_on=dt.date(2026, 4, 2),
        deadline_on=dt.date(2026, 4, 30),
    )

    # Seminar: L1 requires it; its manager attended in 2026, its deputy (since 2024-10-01,
    # deadline 2025-04-01) never did: 2 persons required, 1 compliant, 1 overdue.
    manager = ManagerAssignmentFactory(
        licence=lic["L1"], role="manager", started_on=dt.date(2024, 10, 1)
    )
    ManagerAssignmentFactory(licence=lic["L1"], role="deputy", started_on=dt.date(2024, 10, 1))
    AttendanceFactory(person=manager.person, attended_on=dt.date(2026, 2, 1))
    return lic


@pytest.fixture
def coordinator(muni1, muni2):
    user = UserFactory(username="koordinator", first_name="Kari", last_name="Koordinator")
    Coordinator.objects.create(user=user).municipalities.add(muni1, muni2)
    return user
