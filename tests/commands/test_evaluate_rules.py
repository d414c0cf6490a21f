"""evaluate_rules: the JSON document rule-evaluation/1, exactly, for a hand-built register."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.rules_integration.dataset import build

POINTS = "alkoholforskriften § 10-2"
SEMINAR = "alkoholloven §§ 3-2, 4-3"
INSPECTION = "alkoholforskriften § 9-7"
SUSPENSION = "alkoholforskriften § 10-6"


@pytest.fixture
def dataset(muni1, muni2):
    return build(muni1, muni2)


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate_rules", *args, stdout=out)
    return out.getvalue()


def evaluate_json(*args) -> dict:
    output = run("--format", "json", *args)
    return json.loads(output)  # the whole output is one JSON document


def by_number(document):
    return {(lic["licence_number"], i): lic for i, lic in enumerate(document["licences"])}


def test_json_document_shape_and_order(dataset):
    document = evaluate_json("--date", "2026-11-22")

    assert list(document) == ["format", "date", "licences"]
    assert document["format"] == "rule-evaluation/2"
    assert document["date"] == "2026-11-22"
    # Licence-number order; the two 2024-001 (muni2 964983194, muni1 972418013) by org number.
    assert [lic["licence_number"] for lic in document["licences"]] == [
        "2024-001",
        "2024-001",
        "2024-002",
        "2024-003",
        "2024-004",
        "2025-010",
        "2026-050",
    ]
    for licence in document["licences"]:
        assert list(licence) == [
            "licence_number",
            "municipality",
            "status",
            "points",
            "seminar",
            "flags",
        ]
        assert list(licence["points"]) == [
            "in_window",
            "window_start",
            "window_end",
            "decisions",
            "revocation_candidate",
            "suspension_points",
            "suspension_days",
            "basis",
        ]
        assert list(licence["seminar"]) == ["status", "deadline", "missing"]
        for flag in licence["flags"]:
            assert list(flag) == ["code", "message", "legal_reference"]


def test_window_boundaries_candidate_and_overdue_seminar(dataset):
    licence = evaluate_json("--date", "2026-11-22")["licences"][1]  # muni1's 2024-001

    assert licence["licence_number"] == "2024-001"
    assert licence["municipality"] == "972418013"
    assert licence["status"] == "active"
    # Alive on D: 2 + 8 + 4 = 14. The basis (§ 10-2: violations within two years of each
    # other) also takes the 2024-11-22 violation, within two years of 2026-10-01:
    # 4 + 2 + 8 + 4 = 18 points -> 7 + (6 // 2 + 1) = 11 days.
    assert licence["points"] == {
        "in_window": 14,
        "window_start": "2024-11-23",
        "window_end": "2026-11-22",
        "decisions": [
            {"violation": "intoxicated_on_premises", "violation_date": "2024-11-23", "points": 2},
            {"violation": "sale_to_minor", "violation_date": "2026-06-13", "points": 8},
            {"violation": "hours_violation", "violation_date": "2026-10-01", "points": 4},
        ],
        "revocation_candidate": True,
        "suspension_points": 18,
        "suspension_days": 11,
        "basis": {
            "window_start": "2024-10-02",
            "window_end": "2026-10-01",
            "decisions": [
                {"violation": "hours_violation", "violation_date": "2024-11-22", "points": 4},
                {
                    "violation": "intoxicated_on_premises",
                    "violation_date": "2024-11-23",
                    "points": 2,
                },
                {"violation": "sale_to_minor", "violation_date": "2026-06-13", "points": 8},
                {"violation": "hours_violation", "violation_date": "2026-10-01", "points": 4},
            ],
        },
    }
    assert licence["seminar"] == {
        "status": "overdue",
        "deadline": "2025-03-15",
        "missing": [{"role": "deputy", "name": "Ola Nordmann"}],
    }
    assert [(f["code"], f["legal_reference"]) for f in licence["flags"]] == [
        ("revocation_candidate", POINTS),
        ("seminar_overdue", SEMINAR),
    ]
    # English messages by default, with the numbers and dates.
    candidate, overdue = (f["message"] for f in licence["flags"])
    assert "18 points" in candidate and "22.11.2024 to 01.10.2026" in candidate
    assert "11 days" in candidate and "still count" in candidate
    assert "15.03.2025" in overdue and "Ola Nordmann" in overdue


def test_suspension_uses_up_points_and_inspection_flag(dataset):
    licence = by_number(evaluate_json("--date", "2026-11-22"))[("2024-002", 2)]

    assert licence["points"] == {
        "in_window": 4,
        "window_start": "2025-07-02",  # the day after the suspension decided 2025-07-01
        "window_end": "2026-11-22",
        "revocation_candidate": False,
        "suspension_points": 0,
        "suspension_days": 0,
        "basis": None,
        "decisions": [
            {"violation": "hours_violation", "violation_date": "2026-02-01", "points": 4}
        ],
    }
    assert licence["seminar"] == {"status": "not_required", "deadline": None, "missing": []}
    assert [(f["code"], f["legal_reference"]) for f in licence["flags"]] == [
        ("not_inspected_this_year", INSPECTION)
    ]
    assert "10.10.2025" in licence["flags"][0]["message"]


def test_transfer_starts_a_new_window(dataset):
    licence = by_number(evaluate_json("--date", "2026-11-22"))[("2024-003", 3)]

    assert licence["points"] == {
        "in_window": 8,
        "window_start": "2026-01-10",
        "window_end": "2026-11-22",
        "revocation_candidate": False,
        "suspension_points": 0,
        "suspension_days": 0,
        "basis": None,
        "decisions": [
            {"violation": "hours_violation", "violation_date": "2026-01-10", "points": 4},
            {"violation": "hours_violation", "violation_date": "2026-05-05", "points": 4},
        ],
    }
    assert [f["code"] for f in licence["flags"]] == ["approaching_threshold"]
    assert "4 more" in licence["flags"][0]["message"]


def test_suspended_licence(dataset):
    licence = by_number(evaluate_json("--date", "2026-11-22"))[("2024-004", 4)]

    assert licence["status"] == "suspended"
    assert licence["points"]["in_window"] == 0
    assert licence["points"]["window_start"] == "2026-11-02"
    assert licence["points"]["decisions"] == []
    assert [(f["code"], f["legal_reference"]) for f in licence["flags"]] == [
        ("suspended", SUSPENSION)
    ]
    assert "20.11.2026" in licence["flags"][0]["message"]


def test_outside_the_point_system_and_seminar_due(dataset):
    document = by_number(evaluate_json("--date", "2026-11-22"))
    single = document[("2025-010", 5)]
    assert single["points"] == {
        "in_window": 0,
        "window_start": "2024-11-23",
        "window_end": "2026-11-22",
        "revocation_candidate": False,
        "suspension_points": 0,
        "suspension_days": 0,
        "basis": None,
        "decisions": [],
    }
    assert single["seminar"]["status"] == "not_required"
    assert single["flags"] == []

    new = document[("2026-050", 6)]
    # The 2027 policy (deadline one month) is not in force yet: six months apply.
    assert new["seminar"] == {
        "status": "due",
        "deadline": "2026-12-01",
        "missing": [{"role": "manager", "name": "Mona Ny"}],
    }
    assert [f["code"] for f in new["flags"]] == ["seminar_due"]


def test_policy_in_force_is_the_latest_on_the_date(dataset):
    """On 2027-01-05 the one-month policy (from 2027-01-01) applies: deadline 2026-07-01."""
    document = evaluate_json("--date", "2027-01-05")
    new = next(lic for lic in document["licences"] if lic["licence_number"] == "2026-050")
    assert new["seminar"]["status"] == "overdue"
    assert new["seminar"]["deadline"] == "2026-07-01"


def test_only_flagged(dataset):
    document = evaluate_json("--date", "2026-11-22", "--only-flagged")

    assert [lic["licence_number"] for lic in document["licences"]] == [
        "2024-001",
        "2024-002",
        "2024-003",
        "2024-004",
        "2026-050",
    ]
    assert all(lic["flags"] for lic in document["licences"])


def test_one_municipality(dataset):
    document = evaluate_json("--date", "2026-11-22", "--municipality", "964983194")

    assert [lic["licence_number"] for lic in document["licences"]] == ["2024-001"]
    assert document["licences"][0]["flags"] == []


def test_unknown_municipality_is_an_error(dataset):
    with pytest.raises(CommandError, match="No municipality with organisation number '914778271'"):
        run("--municipality", "914778271")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("22.11.2026", "--date must be a date in the form YYYY-MM-DD, got '22.11.2026'"),
        ("2026-02-30", "--date 2026-02-30 is not a valid date"),
    ],
)
def test_bad_date_is_an_error(db, value, message):
    with pytest.raises(CommandError, match=message):
        run("--date", value)


def test_date_defaults_to_today_in_oslo(dataset):
    # 23:30 UTC on 21 November is already 22 November in Oslo.
    with time_machine.travel(dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC), tick=False):
        document = evaluate_json()
    assert document["date"] == "2026-11-22"


def test_empty_register(db):
    assert evaluate_json("--date", "2026-11-22") == {
        "format": "rule-evaluation/2",
        "date": "2026-11-22",
        "licences": [],
    }


def test_table_format(dataset):
    output = run("--date", "2026-11-22", "--language", "en")

    lines = output.splitlines()
    assert lines[0] == "Rule evaluation on 2026-11-22"
    assert lines[1].split() == [
        "Licence",
        "Status",
        "Points",
        "Window",
        "Seminar",
        "Deadline",
        "Flags",
    ]
    row = next(line for line in lines if line.startswith("2024-003"))
    assert row.split()[:4] == ["2024-003", "Active", "8", "2026-01-10–2026-11-22"]
    assert row.rstrip().endswith("approaching_threshold")
    assert "7 licences, 5 with flags." in output
