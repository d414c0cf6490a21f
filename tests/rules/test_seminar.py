"""The responsible-serving seminar condition as tables of scenarios (domain section 5).

Base licence: serving, granted 2024-09-15 with the seminar condition; manager Kari (1) and
deputy Ola (2) since the grant. Deadline for both: 2024-09-15 + 6 months = 2025-03-15.
An attendance on A is valid on D when A <= D <= A + 4 years - 1 day.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.rules.seminar import (
    COMPLIANT,
    DUE,
    NOT_REQUIRED,
    OVERDUE,
    PENDING,
    SEMINAR_REFERENCE,
    AttendanceFact,
    MissingPerson,
    RequiredPersonFact,
    SeminarPolicy,
    attendance_valid_until,
    person_deadline,
    seminar_compliance,
)

D = dt.date
GRANTED = D(2024, 9, 15)
KARI = RequiredPersonFact(1, "Kari Nordmann", "manager", GRANTED)
OLA = RequiredPersonFact(2, "Ola Nordmann", "deputy", GRANTED)


def attended(person, on):
    return AttendanceFact(person.person_id, on)


def check(
    on,
    *,
    persons=(KARI, OLA),
    attendances=(),
    kind="serving",
    seminar_required=True,
    granted_on=GRANTED,
    policy=None,
):
    return seminar_compliance(
        kind=kind,
        seminar_required=seminar_required,
        granted_on=granted_on,
        persons=persons,
        attendances=attendances,
        on=on,
        policy=policy or SeminarPolicy(),
    )


BOTH_ATTENDED = (attended(KARI, D(2024, 11, 1)), attended(OLA, D(2024, 11, 1)))
DEADLINE = D(2025, 3, 15)  # 2024-09-15 + 6 months


@pytest.mark.parametrize(
    ("on", "kwargs", "status", "deadline"),
    [
        pytest.param(
            D(2025, 6, 1), {"seminar_required": False}, NOT_REQUIRED, None, id="condition-off"
        ),
        pytest.param(
            D(2025, 6, 1),
            {"kind": "serving_single_occasion"},
            NOT_REQUIRED,
            None,
            id="single-occasion",
        ),
        pytest.param(
            D(2025, 6, 1), {"kind": "serving_catering"}, NOT_REQUIRED, None, id="catering"
        ),
        pytest.param(
            D(2025, 6, 1), {"attendances": BOTH_ATTENDED}, COMPLIANT, None, id="compliant"
        ),
        # Nobody attended. 2024-12-01 + 30 days = 2024-12-31 < 2025-03-15: pending.
        pytest.param(D(2024, 12, 1), {}, PENDING, DEADLINE, id="pending"),
        # 2025-02-12 + 30 days = 2025-03-14 < 2025-03-15: still pending (D+31).
        pytest.param(D(2025, 2, 12), {}, PENDING, DEADLINE, id="pending-31-days-ahead"),
        # 2025-02-13 + 30 days = 2025-03-15: the deadline is exactly D+30: due.
        pytest.param(D(2025, 2, 13), {}, DUE, DEADLINE, id="due-at-d-plus-30"),
        # The deadline is D itself: due.
        pytest.param(D(2025, 3, 15), {}, DUE, DEADLINE, id="due-at-d"),
        # The deadline was yesterday (D-1): overdue.
        pytest.param(D(2025, 3, 16), {}, OVERDUE, DEADLINE, id="overdue-at-d-minus-1"),
        # Only the deputy missing: the licence's deadline is the deputy's.
        pytest.param(
            D(2026, 11, 22),
            {"attendances": (attended(KARI, D(2024, 11, 1)),)},
            OVERDUE,
            DEADLINE,
            id="deputy-missing",
        ),
        # An attendance on the reference date counts (A <= D).
        pytest.param(
            D(2025, 3, 15),
            {"attendances": (attended(KARI, D(2025, 3, 15)), attended(OLA, D(2025, 3, 15)))},
            COMPLIANT,
            None,
            id="attended-on-reference-date",
        ),
        # An attendance after D does not count on D (the deadline D is due).
        pytest.param(
            D(2025, 3, 15),
            {"attendances": (attended(KARI, D(2025, 3, 16)), attended(OLA, D(2025, 3, 16)))},
            DUE,
            DEADLINE,
            id="attendance-after-reference-date",
        ),
        # 2025-08-31 + 6 months = 2026-02-28 (clamped to February's end).
        pytest.param(
            D(2026, 3, 1),
            {
                "granted_on": D(2025, 8, 31),
                "persons": (RequiredPersonFact(1, "Kari Nordmann", "manager", D(2025, 8, 31)),),
            },
            OVERDUE,
            D(2026, 2, 28),
            id="deadline-clamped-to-month-end",
        ),
        # Role started before the grant: the role start is the grant date.
        pytest.param(
            D(2025, 1, 1),
            {"persons": (RequiredPersonFact(1, "Kari Nordmann", "manager", D(2020, 1, 1)),)},
            PENDING,
            DEADLINE,
            id="role-before-grant",
        ),
    ],
)
def test_status(on, kwargs, status, deadline):
    result = check(on, **kwargs)
    assert result.status == status
    assert result.outcome == status
    assert result.deadline == deadline
    assert result.legal_reference == SEMINAR_REFERENCE
    if status in (NOT_REQUIRED, COMPLIANT):
        assert result.missing == ()


def test_new_manager_gets_their_own_deadline():
    # Kari and Ola attended in 2024. Per became manager on 2026-06-20:
    # deadline 2026-06-20 + 6 months = 2026-12-20.
    per = RequiredPersonFact(3, "Per Hansen", "manager", D(2026, 6, 20))
    attendances = (*BOTH_ATTENDED,)
    # 2026-10-01 + 30 days = 2026-10-31 < 2026-12-20: pending.
    result = check(D(2026, 10, 1), persons=(per, OLA), attendances=attendances)
    assert result.status == PENDING
    assert result.deadline == D(2026, 12, 20)
    assert result.missing == (MissingPerson("manager", "Per Hansen", 3, D(2026, 12, 20)),)
    # 2026-11-22 + 30 days = 2026-12-22 >= 2026-12-20: due.
    assert check(D(2026, 11, 22), persons=(per, OLA), attendances=attendances).status == DUE


@pytest.mark.parametrize(
    ("role_started_on", "on", "status", "deadline"),
    [
        # Attended 2021-05-10: valid to 2025-05-09 inclusive. Role start 2024-10-01.
        pytest.param(D(2024, 10, 1), D(2025, 5, 9), COMPLIANT, None, id="last-valid-day"),
        # On 2025-05-10 it has expired: the later of 2024-10-01 + 6 months = 2025-04-01
        # and the expiry 2025-05-10 is 2025-05-10 = D: due.
        pytest.param(D(2024, 10, 1), D(2025, 5, 10), DUE, D(2025, 5, 10), id="expired-today"),
        # The day after: overdue.
        pytest.param(D(2024, 10, 1), D(2025, 5, 11), OVERDUE, D(2025, 5, 10), id="expired-d-1"),
        # Role start 2025-03-01 + 6 months = 2025-09-01 is later than the expiry
        # 2025-05-10; on 2025-05-10: 2025-06-09 < 2025-09-01: pending.
        pytest.param(D(2025, 3, 1), D(2025, 5, 10), PENDING, D(2025, 9, 1), id="role-start-later"),
    ],
)
def test_expired_attendance(role_started_on, on, status, deadline):
    kari = RequiredPersonFact(1, "Kari Nordmann", "manager", role_started_on)
    result = check(
        on,
        persons=(kari,),
        attendances=(attended(kari, D(2021, 5, 10)),),
        granted_on=D(2024, 10, 1),
    )
    assert result.status == status
    assert result.deadline == deadline


def test_latest_expired_attendance_sets_the_expiry():
    kari = RequiredPersonFact(1, "Kari Nordmann", "manager", D(2016, 10, 1))
    attendances = (attended(kari, D(2017, 1, 10)), attended(kari, D(2021, 5, 10)))
    # Expiries 2021-01-10 and 2025-05-10: the latest, 2025-05-10, counts.
    result = check(
        D(2025, 6, 1), persons=(kari,), attendances=attendances, granted_on=D(2016, 10, 1)
    )
    assert result.deadline == D(2025, 5, 10)
    assert result.status == OVERDUE
    assert result.reasons == (
        "Kari Nordmann (manager) attended on 10.05.2021, which expired on 10.05.2025; "
        "deadline 10.05.2025.",
    )


def test_reasons_name_who_is_missing_and_by_when():
    result = check(D(2025, 3, 16))
    assert result.missing == (
        MissingPerson("manager", "Kari Nordmann", 1, DEADLINE),
        MissingPerson("deputy", "Ola Nordmann", 2, DEADLINE),
    )
    assert result.reasons == (
        "Kari Nordmann (manager) has not attended the seminar; deadline 15.03.2025.",
        "Ola Nordmann (deputy) has not attended the seminar; deadline 15.03.2025.",
    )


def test_missing_sorted_by_deadline():
    per = RequiredPersonFact(3, "Per Hansen", "manager", D(2025, 1, 10))  # -> 2025-07-10
    result = check(D(2025, 6, 1), persons=(per, OLA))
    assert [m.name for m in result.missing] == ["Ola Nordmann", "Per Hansen"]
    assert result.deadline == DEADLINE  # the earliest


def test_policy_without_deputy_ignores_the_deputy():
    policy = SeminarPolicy(required_roles=frozenset({"manager"}))
    result = check(D(2025, 6, 1), attendances=(attended(KARI, D(2024, 11, 1)),), policy=policy)
    assert result.status == COMPLIANT


def test_policy_parameters_are_used():
    # A 3-month deadline and a 60-day warning: 2024-09-15 + 3 months = 2024-12-15;
    # on 2024-10-20 that is 56 days ahead: due.
    policy = SeminarPolicy(deadline_months=3, warning_days=60)
    result = check(D(2024, 10, 20), policy=policy)
    assert (result.status, result.deadline) == (DUE, D(2024, 12, 15))
    assert result.parameters["deadline_months"] == 3


def test_no_required_person_registered_is_compliant_but_said():
    result = check(D(2025, 6, 1), persons=())
    assert result.status == COMPLIANT
    assert result.reasons == ("No manager or deputy is registered for the licence.",)


def test_attendance_valid_until():
    assert attendance_valid_until(D(2021, 5, 10)) == D(2025, 5, 9)
    assert attendance_valid_until(D(2024, 2, 29)) == D(2028, 2, 28)


def test_person_deadline():
    assert person_deadline(
        granted_on=D(2024, 10, 1), role_started_on=D(2024, 10, 1), latest_attended_on=D(2021, 5, 10)
    ) == D(2025, 5, 10)


# --- Properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


@given(on=dates, attended_on=dates, role_started_on=dates)
def test_one_person_status_agrees_with_the_definition(on, attended_on, role_started_on):
    kari = RequiredPersonFact(1, "Kari Nordmann", "manager", role_started_on)
    result = check(
        on, persons=(kari,), attendances=(attended(kari, attended_on),), granted_on=GRANTED
    )
    valid = attended_on <= on <= attendance_valid_until(attended_on)
    if valid:
        assert result.status == COMPLIANT
        return
    assert result.deadline is not None
    days = (result.deadline - on).days
    expected = OVERDUE if days < 0 else DUE if days <= 30 else PENDING
    assert result.status == expected
    # Never earlier than the role start + 6 months.
    assert result.deadline >= person_deadline(
        granted_on=GRANTED, role_started_on=role_started_on, latest_attended_on=None
    )
