"""Sample contexts for every letter kind, in either language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from letters.context import (
    AppealInfo,
    ApplicationRefusedContext,
    AttendanceCertificateContext,
    CaseOfficer,
    GroupHours,
    LetterContext,
    Letterhead,
    LicenceGrantedContext,
    Party,
    PointDecisionLine,
    PointsAdvanceNoticeContext,
    PointsDecisionContext,
    SeminarConfirmationContext,
    SuspensionAdvanceNoticeContext,
    SuspensionDecisionContext,
    ViolationPoints,
)
from letters.kinds.fees import (
    FeeEstimateDecisionContext,
    FeeFigures,
    FeeLine,
    FeeStatementContext,
    SalesReportRequestContext,
)
from licensing.rules.references import cite

LETTER_DATE = date(2026, 11, 22)

LETTERHEAD = Letterhead(
    name="Bodø kommune",
    address_lines=("Postboks 319", "8001 Bodø"),
    org_number="972418013",
    email="postmottak@bodo.kommune.no",
    phone="75 55 50 00",
    website="www.bodo.kommune.no",
)
HOLDER = Party(
    name="Fjøsnæs Bryggeri og Spiseri AS",
    address_lines=("Storgata 12", "8006 Bodø"),
    org_number="923609016",
)
PERSON = Party(name="Åse Bjørnstad Ødegård", address_lines=("Havnegata 3", "8006 Bodø"))
OFFICER = CaseOfficer(
    name="Siri Sæther",
    title="Rådgiver, bevillinger",
    email="siri.saether@bodo.kommune.no",
    phone="75 55 51 23",
)
APPEAL = AppealInfo(body_name="Statsforvalteren i Nordland")


def _common(language: str, **overrides) -> dict:
    values = {
        "letterhead": LETTERHEAD,
        "recipient": HOLDER,
        "our_reference": "2026/1234-7",
        "your_reference": "Søknad 14.09.2026",
        "letter_date": LETTER_DATE,
        "case_officer": OFFICER,
        "language": language,
    }
    values.update(overrides)
    return values


def granted(language: str = "nb") -> LicenceGrantedContext:
    return LicenceGrantedContext(
        **_common(language, copy_to=("Politiet", "Skatteetaten")),
        appeal=APPEAL,
        licence_number="B-2026-017",
        kind="serving",
        groups=(1, 2, 3),
        hours=(
            GroupHours(group=1, opens=time(8), closes=time(1)),
            GroupHours(group=2, opens=time(8), closes=time(1)),
            GroupHours(group=3, opens=time(13), closes=time(0)),
        ),
        premises_name="Fjøsnæs Spiseri",
        premises_address="Storgata 12, 8006 Bodø",
        area="Restaurantlokalet i 1. etasje (120 m²) og uteservering på brygga (40 m²), "
        "som vist på vedlagt plantegning.",
        valid_from=date(2026, 12, 1),
        valid_to=date(2028, 9, 30),
        application_received_on=date(2026, 9, 14),
        manager_name="Øystein Ås",
        deputy_name="Kjærsti Blåfjell",
        conditions="Uteserveringen skal være tydelig avgrenset med gjerde.\n\n"
        "Det skal ikke spilles høy musikk utendørs etter kl. 23.00.",
        seminar_deadline=date(2027, 6, 1),
        hearing_bodies=("politiet", "sosialtjenesten"),
    )


def refused(language: str = "nb") -> ApplicationRefusedContext:
    return ApplicationRefusedContext(
        **_common(language),
        appeal=APPEAL,
        kind="sales",
        premises_name="Nærbutikken på Løding",
        premises_address="Lødingveien 2, 8050 Tverlandet",
        application_received_on=date(2026, 8, 30),
        hearing_bodies=("politiet", "sosialtjenesten", "skatteetaten"),
        facts="Skatteetaten opplyser at selskapet har ubetalte skatter og avgifter på "
        "kr 412 000 med forfall i 2025 og 2026.",
        assessment="Kommunen mener at selskapet ikke har uklanderlig vandel i forhold til "
        "skatte- og avgiftslovgivningen. Restansene er betydelige og har pågått over tid.",
        legal_references=("alkoholloven § 1-7b",),
    )


def _violations(language: str) -> tuple[ViolationPoints, ...]:
    return (
        ViolationPoints(
            code="sale_to_intoxicated",
            name={
                "nb": "Skjenking til person som er åpenbart påvirket",
                "nn": "Skjenking til person som er openbert påverka",
            }.get(language, "Serving to an obviously intoxicated person"),
            legal_reference=cite("alkoholforskriften § 4-2", language),
            standard_points=4,
            points=4,
            observation="En gjest med tydelig ustø gange og snøvlete tale fikk servert øl.",
        ),
        ViolationPoints(
            code="internal_control_deficient",
            name={
                "nb": "Mangler ved internkontrollen",
                "nn": "Manglar ved internkontrollen",
            }.get(language, "Deficient internal control"),
            legal_reference=cite("alkoholforskriften kapittel 8", language),
            standard_points=2,
            points=2,
        ),
    )


def points_notice(language: str = "nb") -> PointsAdvanceNoticeContext:
    return PointsAdvanceNoticeContext(
        **_common(language, your_reference=""),
        licence_number="B-2026-017",
        premises_name="Fjøsnæs Spiseri",
        inspection_on=date(2026, 11, 7),
        inspection_reference="KR-2026-311",
        findings=_violations(language),
        comment_deadline=date(2026, 12, 6),
        points_in_window=2,
    )


def points_decision(language: str = "nb") -> PointsDecisionContext:
    return PointsDecisionContext(
        **_common(language, your_reference=""),
        appeal=APPEAL,
        licence_number="B-2026-017",
        premises_name="Fjøsnæs Spiseri",
        inspection_on=date(2026, 11, 7),
        inspection_reference="KR-2026-311",
        violations=_violations(language),
        total_points_in_window=8,
        window_starts_on=date(2024, 11, 23),
        window_ends_on=LETTER_DATE,
        advance_notice_on=date(2026, 11, 10),
        holder_comments="Vi beklager hendelsen. Bartenderen var ny og har fått ny opplæring.",
    )


def point_lines(count: int) -> tuple[PointDecisionLine, ...]:
    names = (
        "Skjenking til person som er åpenbart påvirket av rusmidler, jf. "
        "alkoholforskriften §§ 3-1 og 4-2",
        "Brudd på skjenketidene",
        "Mangler ved internkontrollen",
    )
    first = date(2025, 1, 10)
    return tuple(
        PointDecisionLine(
            violation=names[i % len(names)],
            violation_on=first + timedelta(days=15 * i),
            points=(4, 4, 2)[i % 3],
            reference=f"2025/{100 + i}-3",
            decided_on=first + timedelta(days=15 * i + 20),
        )
        for i in range(count)
    )


def suspension_notice(language: str = "nb") -> SuspensionAdvanceNoticeContext:
    lines = point_lines(4)
    return SuspensionAdvanceNoticeContext(
        **_common(language, your_reference=""),
        licence_number="B-2026-017",
        premises_name="Fjøsnæs Spiseri",
        point_decisions=lines,
        total_points=sum(line.points for line in lines),
        window_starts_on=date(2024, 11, 23),
        window_ends_on=LETTER_DATE,
        proposed_days=9,
        proposed_starts_on=date(2027, 1, 8),
        comment_deadline=date(2026, 12, 6),
    )


def suspension_decision(language: str = "nb", lines: int = 4) -> SuspensionDecisionContext:
    point_decisions = point_lines(lines)
    total = sum(line.points for line in point_decisions)
    days = 7 * (total // 12) + (0 if total % 12 == 0 else (total % 12) // 2 + 1)
    starts_on = date(2027, 1, 8)
    return SuspensionDecisionContext(
        **_common(language, your_reference=""),
        appeal=APPEAL,
        licence_number="B-2026-017",
        premises_name="Fjøsnæs Spiseri",
        point_decisions=point_decisions,
        total_points=total,
        window_starts_on=date(2024, 11, 23),
        window_ends_on=LETTER_DATE,
        days=days,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        advance_notice_on=date(2026, 11, 1),
    )


def seminar_confirmation(language: str = "nb") -> SeminarConfirmationContext:
    return SeminarConfirmationContext(
        **_common(language, your_reference=""),
        participants=("Øystein Ås", "Kjærsti Blåfjell"),
        session_title="Ansvarlig vertskap – høsten 2026",
        starts_at=datetime(2026, 12, 3, 18, 0),
        ends_at=datetime(2026, 12, 3, 21, 0),
        place="Bodø rådhus, Kongens gate 27, møterom Blåfjell",
        private_link="https://bevilling.bodo.kommune.no/kurs/pamelding/"
        "7f3c9a1e5b2d4c8e9a0b1c2d3e4f5a6b",
        premises_name="Fjøsnæs Spiseri",
        licence_number="B-2026-017",
    )


def attendance_certificate(language: str = "nb") -> AttendanceCertificateContext:
    return AttendanceCertificateContext(
        **_common(language, recipient=PERSON, your_reference=""),
        person_name="Åse Bjørnstad Ødegård",
        seminar_title="Ansvarlig vertskap",
        attended_on=date(2026, 11, 19),
        valid_until=date(2030, 11, 18),
    )


FEE_FIGURES = FeeFigures(
    year=2026,
    licence_number="B-2026-017",
    premises_name="Fjøsnæs Spiseri",
    fee_kind="serving",
    reference="2026-B-2026-017",
    minimum="6400",
    charged="11329",
    final_fee="13437",
    settlement="2108",
    paid="11329",
    expected=(
        FeeLine(group=1, litres=10000, rate="0.61"),
        FeeLine(group=2, litres=3000, rate="1.57"),
        FeeLine(group=3, litres=100, rate="5.19"),
    ),
    actual=(
        FeeLine(group=1, litres=12000, rate="0.61"),
        FeeLine(group=2, litres=3400, rate="1.57"),
        FeeLine(group=3, litres=150, rate="5.19"),
    ),
    settlement_due_on=date(2027, 3, 31),
)


def fee_request(language: str = "nb") -> SalesReportRequestContext:
    return SalesReportRequestContext(
        **_common(language),
        figures=replace(FEE_FIGURES, final_fee=None, settlement=None, actual=()),
        deadline=date(2027, 3, 1),
        private_link="https://bevilling.bodo.kommune.no/gebyr/oppgave/0f1e:sig/",
        groups=(1, 2, 3),
    )


def fee_statement(language: str = "nb") -> FeeStatementContext:
    return FeeStatementContext(
        **_common(language),
        figures=FEE_FIGURES,
    )


def fee_estimate(language: str = "nb") -> FeeEstimateDecisionContext:
    return FeeEstimateDecisionContext(
        **_common(language),
        appeal=APPEAL,
        figures=replace(FEE_FIGURES, estimated=True),
        deadline=date(2027, 3, 1),
        decided_on=date(2027, 4, 15),
        reasons="Ingen omsetningsoppgave er mottatt. Omsetningen er anslått ut fra 2025.",
    )


SAMPLES = {
    "granted": granted,
    "refused": refused,
    "points_notice": points_notice,
    "points_decision": points_decision,
    "suspension_notice": suspension_notice,
    "suspension_decision": suspension_decision,
    "seminar_confirmation": seminar_confirmation,
    "attendance_certificate": attendance_certificate,
    "fee_request": fee_request,
    "fee_statement": fee_statement,
    "fee_estimate": fee_estimate,
}

DECISIONS = ("granted", "refused", "points_decision", "suspension_decision", "fee_estimate")


def with_language(context: LetterContext, language: str) -> LetterContext:
    return replace(context, language=language)
