"""Database records for every letter kind, built with the project's factories.

Dates: an inspection on 13 June 2026 (hours_violation twice, sale_to_intoxicated once),
advance notice 20 June, decision 20 July 2026; an earlier decided breach from March 2026;
a suspension decided 1 September 2026 resting on three 4-point decisions.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.models import PointDecision, Suspension
from licensing.models import Decision, Licence, Municipality
from seminars.models import Attendance, Registration
from tests.factories.inspections import (
    FindingFactory,
    InspectionFactory,
    PointDecisionFactory,
    SuspensionFactory,
    violation,
)
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    HolderFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    PremisesFactory,
)
from tests.factories.seminars import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SeminarSessionFactory,
)

HOLDER_NAME = "Fjøsnæs Bryggeri og Spiseri AS"


def letterhead(municipality: Municipality) -> Municipality:
    municipality.address_line = "Postboks 319"
    municipality.postal_code = "8001"
    municipality.postal_place = "Bodø"
    municipality.phone = "75 55 50 00"
    municipality.website = "https://bodo.kommune.no"
    municipality.email = "postmottak@bodo.kommune.no"
    municipality.save()
    return municipality


def licence(municipality: Municipality, **overrides) -> Licence:
    org = overrides.pop("org", None)
    holder = HolderFactory(
        municipality=municipality, name=HOLDER_NAME, **({"org_number": org} if org else {})
    )
    premises = PremisesFactory(
        municipality=municipality,
        name="Fjøsnæs Spiseri",
        address_line="Storgata 12",
        postal_code="8006",
        postal_place="Bodø",
    )
    values = {
        "municipality": municipality,
        "holder": holder,
        "premises": premises,
        "number": "B-2026-017",
        "group_3": True,
        "group3_from": dt.time(13, 0),
        "group3_until": dt.time(0, 0),
        "area_indoor": "Restaurantlokalet i 1. etasje (120 m²)",
        "area_outdoor": "uteservering på brygga (40 m²)",
    }
    values.update(overrides)
    return LicenceFactory(**values)


def granted_decision(municipality: Municipality, **licence_overrides) -> Decision:
    application = ApplicationFactory(
        municipality=municipality,
        reference="26/1234",
        received_on=dt.date(2026, 9, 14),
        status="decided",
        licence_kind=licence_overrides.get("kind", "serving"),
    )
    HearingFactory(
        application=application,
        body="police",
        sent_on=dt.date(2026, 9, 16),
        deadline_on=dt.date(2026, 10, 14),
        replied_on=dt.date(2026, 10, 1),
        gist="Ingen merknader.",
    )
    HearingFactory(
        application=application,
        body="social_services",
        sent_on=dt.date(2026, 9, 16),
        deadline_on=dt.date(2026, 10, 14),
        replied_on=dt.date(2026, 10, 3),
        gist="Ingen merknader.",
    )
    values = {
        "granted_on": dt.date(2026, 10, 20),
        "valid_from": dt.date(2026, 11, 1),
        "valid_to": dt.date(2028, 9, 30),
        "seminar_required": True,
        "conditions": "Uteserveringen skal være tydelig avgrenset.",
    }
    values.update(licence_overrides)
    granted = licence(municipality, **values)
    application.holder = granted.holder
    application.premises = granted.premises
    application.licence = granted
    application.save()
    for role, name in (("manager", "Øystein Ås"), ("deputy", "Kjærsti Blåfjell")):
        ManagerAssignmentFactory(
            licence=granted,
            role=role,
            person=PersonFactory(municipality=municipality, name=name),
            started_on=dt.date(2026, 10, 20),
        )
    return Decision.objects.create(
        municipality=municipality,
        application=application,
        licence=granted,
        kind="new",
        outcome="granted",
        decided_on=dt.date(2026, 10, 20),
        reasons="Søknaden er vurdert etter kommunens alkoholpolitiske retningslinjer.",
        legal_basis="alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 og 4-4",
        appeal_deadline_on=dt.date(2026, 11, 10),
        reference="26/1234-5",
    )


def refused_decision(municipality: Municipality) -> Decision:
    holder = HolderFactory(municipality=municipality, name="Nærbutikken på Løding AS")
    application = ApplicationFactory(
        municipality=municipality,
        holder=holder,
        premises=PremisesFactory(municipality=municipality, name="Nærbutikken på Løding"),
        reference="26/2001",
        licence_kind="sales",
        received_on=dt.date(2026, 8, 30),
        status="decided",
        description="Søknad om salgsbevilling for gruppe 1.",
    )
    HearingFactory(
        application=application,
        body="tax",
        sent_on=dt.date(2026, 9, 2),
        deadline_on=dt.date(2026, 9, 30),
        replied_on=dt.date(2026, 9, 20),
        gist="Selskapet har ubetalte skatter og avgifter på kr 412 000.",
    )
    return Decision.objects.create(
        municipality=municipality,
        application=application,
        kind="new",
        outcome="refused",
        decided_on=dt.date(2026, 10, 15),
        reasons="Kommunen mener at selskapet ikke har uklanderlig vandel.",
        legal_basis="alkoholloven § 1-7b",
        appeal_deadline_on=dt.date(2026, 11, 5),
        reference="26/2001-4",
    )


def inspection_points(licence: Licence, *, decided: bool = True) -> list[PointDecision]:
    """Two breaches found at the inspection on 13 June 2026, notified (and decided)."""
    inspection = InspectionFactory(
        licence=licence,
        started_at=timezone.make_aware(dt.datetime(2026, 6, 13, 23, 30)),
        holder_comment="Vi beklager. Bartenderen har fått ny opplæring.",
        report_sent_on=dt.date(2026, 6, 15),
        holder_comment_on=dt.date(2026, 6, 18),
    )
    FindingFactory(inspection=inspection, description="Skjenket øl kl. 01.20.")
    FindingFactory(inspection=inspection, description="Skjenket vin kl. 01.25.")
    FindingFactory(
        inspection=inspection,
        violation=violation("sale_to_intoxicated"),
        description="En gjest med ustø gange og snøvlete tale fikk servert øl.",
    )
    status = {
        "status": "decided",
        "decided_on": dt.date(2026, 7, 20),
        "reference": "26/3001-6",
        "advance_notice_on": dt.date(2026, 6, 20),
        "comment_deadline_on": dt.date(2026, 7, 11),
    }
    if not decided:
        # Notified two days before the letters are issued (22.11.2026), with two weeks to
        # comment: the notice can be issued as it is.
        status = {
            "status": "notified",
            "decided_on": None,
            "reference": "",
            "advance_notice_on": dt.date(2026, 11, 20),
            "comment_deadline_on": dt.date(2026, 12, 4),
        }
    return [
        PointDecisionFactory(
            licence=licence,
            inspection=inspection,
            violation=violation(code),
            violation_on=dt.date(2026, 6, 13),
            **status,
        )
        for code in ("hours_violation", "sale_to_intoxicated")
    ]


def earlier_points(licence: Licence) -> PointDecision:
    return PointDecisionFactory(
        licence=licence,
        violation=violation("fee_unpaid"),
        violation_on=dt.date(2026, 3, 1),
        advance_notice_on=dt.date(2026, 3, 5),
        comment_deadline_on=dt.date(2026, 3, 26),
        decided_on=dt.date(2026, 4, 1),
        reference="26/900-3",
    )


def suspension(licence: Licence, *, rests_on: int = 3, decided: bool = True) -> Suspension:
    """A suspension resting on ``rests_on`` decided 4-point breaches in 2025-2026."""
    decisions = [
        PointDecisionFactory(
            licence=licence,
            violation=violation("hours_violation"),
            violation_on=dt.date(2025, 10, 1) + dt.timedelta(days=14 * i),
            advance_notice_on=dt.date(2025, 10, 5) + dt.timedelta(days=14 * i),
            decided_on=dt.date(2025, 11, 1) + dt.timedelta(days=14 * i),
            reference=f"25/{700 + i}-3",
        )
        for i in range(rests_on)
    ]
    points = sum(d.points for d in decisions)
    days = 7 * (points // 12) + (0 if points % 12 == 0 else (points % 12) // 2 + 1)
    values = {
        "licence": licence,
        "points": points,
        "days": days,
        "reference": "26/4001-2",
        "reasons": "Kommunen finner ingen grunn til å fravike standardreaksjonen.",
    }
    # The letters are issued on 22.11.2026: the notice leaves two weeks to comment, the
    # decided period has not begun.
    if decided:
        values.update(
            status="decided",
            advance_notice_on=dt.date(2026, 10, 20),
            comment_deadline_on=dt.date(2026, 11, 3),
            decided_on=dt.date(2026, 11, 16),
            starts_on=dt.date(2026, 12, 7),
        )
    else:
        values.update(
            status="notified",
            decided_on=None,
            advance_notice_on=dt.date(2026, 11, 20),
            comment_deadline_on=dt.date(2026, 12, 4),
            starts_on=dt.date(2026, 12, 14),
        )
    result = SuspensionFactory(**values)
    result.point_decisions.set(decisions)
    return result


def registration(municipality: Municipality) -> Registration:
    session = SeminarSessionFactory(
        municipality=municipality, title="Ansvarlig vertskap – høsten 2026"
    )
    result = RegistrationFactory(
        session=session, venue_name="Fjøsnæs Spiseri", org_number="923609016"
    )
    ParticipantFactory(registration=result, name="Øystein Ås", role="manager")
    ParticipantFactory(registration=result, name="Kjærsti Blåfjell", role="deputy")
    return result


def attendance(municipality: Municipality) -> Attendance:
    return AttendanceFactory(
        person=PersonFactory(municipality=municipality, name="Åse Bjørnstad Ødegård"),
        attended_on=dt.date(2026, 11, 19),
    )
