"""Every rule for one licence, its flags, and the JSON format rule-evaluation/1."""

import dataclasses
import datetime as dt
import json

import pytest

from licensing.rules.evaluate import (
    FLAG_CODES,
    LicenceFacts,
    evaluate_licence,
    evaluate_licences,
    evaluation_document,
    to_json_dict,
)
from licensing.rules.points import PointDecisionFact, SuspensionFact
from licensing.rules.seminar import AttendanceFact, RequiredPersonFact, SeminarPolicy

D = dt.date
ON = D(2026, 11, 22)  # points window 2024-11-23..2026-11-22
GRANTED = D(2024, 9, 15)  # seminar deadline 2024-09-15 + 6 months = 2025-03-15
KARI = RequiredPersonFact(1, "Kari Nordmann", "manager", GRANTED)
OLA = RequiredPersonFact(2, "Ola Nordmann", "deputy", GRANTED)
BOTH_ATTENDED = (AttendanceFact(1, D(2024, 11, 1)), AttendanceFact(2, D(2024, 11, 1)))


def licence(**changes) -> LicenceFacts:
    """An active serving licence with nothing to flag on 2026-11-22."""
    facts = LicenceFacts(
        licence_id=17,
        number="2024-017",
        municipality_org_number="972418013",
        kind="serving",
        status="active",
        granted_on=GRANTED,
        seminar_required=True,
        persons=(KARI, OLA),
        attendances=BOTH_ATTENDED,
        inspection_dates=(D(2026, 4, 2),),
    )
    return dataclasses.replace(facts, **changes)


def points(*pairs, decided_after=14):
    """Decisions from (code, violation date, points), decided 14 days after the violation."""
    return tuple(
        PointDecisionFact(code, violation_on, n, violation_on + dt.timedelta(days=decided_after))
        for code, violation_on, n in pairs
    )


TWELVE = points(("hours_violation", D(2025, 6, 14), 4), ("sale_to_minor", D(2026, 1, 14), 8))


@pytest.mark.parametrize(
    ("changes", "flags"),
    [
        pytest.param({}, [], id="nothing-to-flag"),
        # 4 + 8 = 12 points in 2024-11-23..2026-11-22.
        pytest.param({"point_decisions": TWELVE}, ["revocation_candidate"], id="12-points"),
        # 4 + 4 = 8 points.
        pytest.param(
            {
                "point_decisions": points(
                    ("hours_violation", D(2025, 6, 14), 4),
                    ("sale_to_intoxicated", D(2025, 8, 1), 4),
                )
            },
            ["approaching_threshold"],
            id="8-points",
        ),
        pytest.param(
            {"point_decisions": points(("hours_violation", D(2025, 6, 14), 4))}, [], id="4-points"
        ),
        # Catering: outside the point system, no point flags (§ 10-1).
        pytest.param(
            {"kind": "serving_catering", "point_decisions": TWELVE}, [], id="catering-no-points"
        ),
        # Deputy missing, deadline 2025-03-15 < 2026-11-22.
        pytest.param({"attendances": BOTH_ATTENDED[:1]}, ["seminar_overdue"], id="seminar-overdue"),
        # A deputy since 2026-06-01 -> deadline 2026-12-01, within 30 days of 2026-11-22.
        pytest.param(
            {"persons": (KARI, RequiredPersonFact(3, "Per Hansen", "deputy", D(2026, 6, 1)))},
            ["seminar_due"],
            id="seminar-due",
        ),
        pytest.param(
            {"inspection_dates": (D(2025, 4, 2),)}, ["not_inspected_this_year"], id="not-inspected"
        ),
        pytest.param(
            {
                "inspection_dates": (),
                "status": "suspended",
                "suspensions": (SuspensionFact(D(2026, 11, 1), D(2026, 11, 15), D(2026, 11, 28)),),
            },
            ["suspended"],
            id="suspended",
        ),
        # Everything at once, in the order of FLAG_CODES.
        pytest.param(
            {
                "point_decisions": TWELVE,
                "attendances": (),
                "inspection_dates": (),
                "suspensions": (SuspensionFact(D(2025, 5, 1), D(2026, 11, 20), D(2026, 11, 26)),),
            },
            ["revocation_candidate", "seminar_overdue", "not_inspected_this_year", "suspended"],
            id="all",
        ),
    ],
)
def test_flags(changes, flags):
    evaluation = evaluate_licence(licence(**changes), ON, SeminarPolicy())
    assert list(evaluation.flag_codes) == flags
    assert evaluation.flagged is bool(flags)
    assert set(flags) <= set(FLAG_CODES)


def test_flag_messages_and_references():
    evaluation = evaluate_licence(
        licence(
            point_decisions=TWELVE,
            attendances=BOTH_ATTENDED[:1],
            inspection_dates=(),
            suspensions=(SuspensionFact(D(2025, 5, 1), D(2026, 11, 20), D(2026, 11, 26)),),
        ),
        ON,
    )
    assert [(f.code, f.message, f.legal_reference) for f in evaluation.flags] == [
        (
            "revocation_candidate",
            # The suspension decided 2025-05-01 uses up earlier violations; those of
            # 2025-06-14 and 2026-01-14 are later and within two years of each other.
            "12 points for violations within two years (14.06.2025 to 14.01.2026) reach the "
            "threshold of 12: suspension for 7 days.",
            "alkoholforskriften § 10-2",
        ),
        (
            "seminar_overdue",
            "The seminar deadline 15.03.2025 has passed; missing: Ola Nordmann (deputy, by "
            "15.03.2025).",
            "alkoholloven §§ 3-2, 4-3",
        ),
        (
            "not_inspected_this_year",
            "No inspection in 2026 up to 22.11.2026, and none before; every licensed venue is "
            "to be inspected at least once a year.",
            "alkoholforskriften § 9-7",
        ),
        (
            "suspended",
            "Suspended from 20.11.2026 through 26.11.2026 (decided 01.05.2025).",
            "alkoholforskriften § 10-6",
        ),
    ]


def test_approaching_and_due_messages():
    evaluation = evaluate_licence(
        licence(
            point_decisions=points(("sale_to_minor", D(2025, 6, 14), 8)),
            persons=(KARI, RequiredPersonFact(3, "Per Hansen", "deputy", D(2026, 6, 1))),
        ),
        ON,
    )
    assert [f.message for f in evaluation.flags] == [
        "8 points in the window 23.11.2024–22.11.2026: 4 more reach the threshold of 12.",
        "The seminar deadline is 01.12.2026, in 9 days; missing: Per Hansen (deputy, by "
        "01.12.2026).",
    ]


def test_seminar_due_today_and_tomorrow():
    # Deadline 2024-09-15 + 6 months = 2025-03-15.
    today = evaluate_licence(licence(attendances=()), D(2025, 3, 15)).flags
    assert [f.message for f in today if f.code == "seminar_due"] == [
        "The seminar deadline is today, 15.03.2025; missing: Kari Nordmann (manager, by "
        "15.03.2025), Ola Nordmann (deputy, by 15.03.2025)."
    ]
    tomorrow = evaluate_licence(licence(attendances=BOTH_ATTENDED[1:]), D(2025, 3, 14)).flags
    assert [f.message for f in tomorrow if f.code == "seminar_due"] == [
        "The seminar deadline is 15.03.2025, in 1 day; missing: Kari Nordmann (manager, by "
        "15.03.2025)."
    ]


def test_json_of_a_sample_licence():
    evaluation = evaluate_licence(
        licence(point_decisions=TWELVE, attendances=BOTH_ATTENDED[:1]), ON, SeminarPolicy()
    )
    assert to_json_dict(evaluation) == {
        "licence_number": "2024-017",
        "municipality": "972418013",
        "status": "active",
        "points": {
            "in_window": 12,
            "window_start": "2024-11-23",
            "window_end": "2026-11-22",
            "decisions": [
                {"violation": "hours_violation", "violation_date": "2025-06-14", "points": 4},
                {"violation": "sale_to_minor", "violation_date": "2026-01-14", "points": 8},
            ],
            "revocation_candidate": True,
            "suspension_points": 12,
            "suspension_days": 7,
            "basis": {
                "window_start": "2024-01-15",
                "window_end": "2026-01-14",
                "decisions": [
                    {"violation": "hours_violation", "violation_date": "2025-06-14", "points": 4},
                    {"violation": "sale_to_minor", "violation_date": "2026-01-14", "points": 8},
                ],
            },
        },
        "seminar": {
            "status": "overdue",
            "deadline": "2025-03-15",
            "missing": [{"role": "deputy", "name": "Ola Nordmann"}],
        },
        "flags": [
            {
                "code": "revocation_candidate",
                "message": "12 points for violations within two years (14.06.2025 to "
                "14.01.2026) reach the threshold of 12: suspension for 7 days.",
                "legal_reference": "alkoholforskriften § 10-2",
            },
            {
                "code": "seminar_overdue",
                "message": "The seminar deadline 15.03.2025 has passed; missing: Ola Nordmann "
                "(deputy, by 15.03.2025).",
                "legal_reference": "alkoholloven §§ 3-2, 4-3",
            },
        ],
    }


def test_json_of_a_licence_outside_the_point_system():
    evaluation = evaluate_licence(
        licence(kind="serving_single_occasion", point_decisions=TWELVE, persons=()), ON
    )
    assert to_json_dict(evaluation) == {
        "licence_number": "2024-017",
        "municipality": "972418013",
        "status": "active",
        "points": {
            "in_window": 0,
            "window_start": "2024-11-23",
            "window_end": "2026-11-22",
            "decisions": [],
            "revocation_candidate": False,
            "suspension_points": 0,
            "suspension_days": 0,
            "basis": None,
        },
        "seminar": {"status": "not_required", "deadline": None, "missing": []},
        "flags": [],
    }


def test_document_is_sorted_by_licence_number_and_serialisable():
    evaluations = evaluate_licences(
        [
            licence(number="2025-002", licence_id=2),
            licence(number="2024-017", licence_id=1),
            licence(number="2025-001", licence_id=3, inspection_dates=()),
        ],
        ON,
    )
    document = evaluation_document(ON, evaluations)
    assert document["format"] == "rule-evaluation/2"
    assert document["date"] == "2026-11-22"
    assert [lic["licence_number"] for lic in document["licences"]] == [
        "2024-017",
        "2025-001",
        "2025-002",
    ]
    assert list(document) == ["format", "date", "licences"]
    assert json.loads(json.dumps(document)) == document


def test_document_refuses_an_evaluation_of_another_date():
    evaluation = evaluate_licence(licence(), ON)
    with pytest.raises(ValueError, match="evaluated on 2026-11-22"):
        evaluation_document(D(2026, 11, 23), [evaluation])


def test_batch_and_single_agree():
    facts = [licence(point_decisions=TWELVE), licence(attendances=())]
    assert evaluate_licences(facts, ON) == [evaluate_licence(f, ON) for f in facts]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown licence kind"):
        evaluate_licence(licence(kind="bar"), ON)
