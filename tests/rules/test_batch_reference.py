"""The batch path (``LicenceEvaluator`` and the rules' batch versions, docs/adr/0211) gives
exactly the results of the straightforward per-licence functions, which stay the reference.

Random licences from hypothesis: decisions of any age decided before or after the date,
suspensions, transfers, managers and deputies with and without (expired) attendances,
inspections, every kind and status, policies, dates around 29 February, three languages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from licensing.rules.dates import add_months, add_years
from licensing.rules.evaluate import (
    LicenceEvaluator,
    LicenceFacts,
    evaluate_licence,
    evaluate_licences,
    to_json_dict,
)
from licensing.rules.i18n import messages
from licensing.rules.inspection import InspectionRule, not_inspected_this_year
from licensing.rules.points import (
    PointDecisionFact,
    PointsRule,
    SuspensionFact,
    points_in_window,
    suspended_on,
)
from licensing.rules.seminar import (
    AttendanceFact,
    RequiredPersonFact,
    SeminarPolicy,
    SeminarRule,
    seminar_compliance,
)

D = dt.date
KINDS = ("sales", "serving", "serving_part_year", "serving_single_occasion", "serving_catering")
STATUSES = ("active", "ceased", "revoked", "expired", "suspended")
CODES = ("hours_violation", "sale_to_minor", "intoxicated_on_premises")
# Around 29 February, year ends and the usual case.
ON_DATES = st.sampled_from(
    [
        D(2024, 2, 29),
        D(2026, 2, 28),
        D(2026, 3, 1),
        D(2026, 11, 22),
        D(2027, 12, 31),
        D(2028, 2, 29),
    ]
) | st.dates(min_value=D(2023, 1, 1), max_value=D(2029, 12, 31))
POLICIES = st.sampled_from(
    [
        SeminarPolicy(),
        SeminarPolicy(required_roles=frozenset({"manager"}), deadline_months=3, warning_days=10),
        SeminarPolicy(validity_years=2, deadline_months=12, warning_days=60),
    ]
)


def around(on: dt.date):
    """Dates on the rules' boundaries for ``on`` (whole years and months before it, a few
    days either side) or anywhere from 2019 to 2030."""
    anchors = [add_years(on, -years) for years in range(6)] + [
        add_months(on, -months) for months in (3, 6, 12)
    ]
    anchored = st.builds(
        lambda anchor, days: anchor + dt.timedelta(days=days),
        st.sampled_from(anchors),
        st.integers(-2, 2),
    )
    return st.one_of(anchored, anchored, anchored, st.dates(D(2019, 1, 1), D(2030, 12, 31)))


@st.composite
def decisions(draw, on: dt.date):
    violation_on = draw(around(on))
    decided_on = draw(
        st.sampled_from([violation_on, on, on + dt.timedelta(days=1)])
        | st.builds(lambda days: violation_on + dt.timedelta(days=days), st.integers(0, 400))
    )
    return PointDecisionFact(
        draw(st.sampled_from(CODES)),
        violation_on,
        draw(st.sampled_from([1, 2, 4, 8, 12])),
        max(decided_on, violation_on),
        draw(st.sampled_from(["", "21/1-1", "21/1-2"])),
    )


@st.composite
def suspensions(draw, on: dt.date):
    decided_on = draw(around(on))
    starts_on = decided_on + dt.timedelta(days=draw(st.integers(0, 60)))
    return SuspensionFact(
        decided_on, starts_on, starts_on + dt.timedelta(days=draw(st.integers(0, 14))), "S-1"
    )


@st.composite
def licences(draw, on: dt.date, licence_id: int = 1) -> LicenceFacts:
    granted_on = draw(around(on))
    persons = tuple(
        RequiredPersonFact(person_id, name, role, draw(st.none() | around(on)))
        for person_id, name, role in draw(
            st.lists(
                st.sampled_from(
                    [
                        (1, "Kari Nordmann", "manager"),
                        (2, "Ola Nordmann", "deputy"),
                        (3, "Per Hansen", "deputy"),
                    ]
                ),
                max_size=3,
                unique=True,
            )
        )
    )
    attendances = tuple(
        AttendanceFact(person_id, draw(around(on)))
        for person_id in draw(st.lists(st.sampled_from([1, 2, 3, 4]), max_size=3, unique=True))
    )
    return LicenceFacts(
        licence_id=licence_id,
        number=f"2024-{licence_id:03d}",
        municipality_org_number="972418013",
        kind=draw(st.sampled_from(KINDS)),
        status=draw(st.sampled_from(STATUSES)),
        granted_on=granted_on,
        transferred_on=draw(st.none() | around(on)),
        seminar_required=draw(st.booleans()),
        point_decisions=tuple(draw(st.lists(decisions(on), max_size=7))),
        suspensions=tuple(draw(st.lists(suspensions(on), max_size=2))),
        persons=persons,
        attendances=attendances,
        inspection_dates=tuple(draw(st.lists(around(on), max_size=2))),
    )


@st.composite
def cases(draw):
    """A date, and a batch of licences with facts around it."""
    on = draw(ON_DATES)
    return on, [draw(licences(on, licence_id=i)) for i in range(draw(st.integers(1, 6)))]


@settings(max_examples=200, deadline=None)
@given(case=cases(), policy=POLICIES, language=st.sampled_from(["en", "nb", "nn"]))
def test_the_batch_path_gives_the_straightforward_results(case, policy, language):
    on, batch = case
    with translation.override(language):
        expected = [evaluate_licence(facts, on, policy) for facts in batch]
        evaluator = LicenceEvaluator(on, policy, messages())
        assert [evaluator(facts) for facts in batch] == expected
        assert evaluate_licences(batch, on, policy) == expected
        assert [to_json_dict(e) for e in evaluate_licences(batch, on, policy)] == [
            to_json_dict(e) for e in expected
        ]


@settings(max_examples=200, deadline=None)
@given(case=cases(), policy=POLICIES)
def test_each_batch_rule_gives_the_public_rules_result(case, policy):
    on, batch = case
    tr = messages()
    points = PointsRule(on, tr)
    seminar = SeminarRule(on, policy, tr)
    inspection = InspectionRule(on, tr)
    for facts in batch:
        assert points(
            facts.point_decisions, facts.transferred_on, facts.suspensions, facts.kind
        ) == points_in_window(
            facts.point_decisions,
            on,
            transferred_on=facts.transferred_on,
            suspensions=facts.suspensions,
            kind=facts.kind,
        )
        assert seminar(
            facts.kind, facts.seminar_required, facts.granted_on, facts.persons, facts.attendances
        ) == seminar_compliance(
            kind=facts.kind,
            seminar_required=facts.seminar_required,
            granted_on=facts.granted_on,
            persons=facts.persons,
            attendances=facts.attendances,
            on=on,
            policy=policy,
        )
        assert inspection(facts.kind, facts.status, facts.inspection_dates) == (
            not_inspected_this_year(
                kind=facts.kind, status=facts.status, inspection_dates=facts.inspection_dates, on=on
            )
        )
        assert suspended_on(facts.suspensions, on) == suspended_on(list(facts.suspensions), on)


def test_reasons_and_parameters_are_compared_too():
    """Dataclass equality covers every field the JSON leaves out (reasons, parameters,
    the basis, the policy): the comparisons above are of whole results."""
    facts = LicenceFacts(
        licence_id=1,
        number="2024-001",
        municipality_org_number="972418013",
        kind="serving",
        status="active",
        granted_on=D(2024, 9, 15),
        point_decisions=(PointDecisionFact("sale_to_minor", D(2026, 1, 14), 8, D(2026, 2, 1)),),
    )
    on = D(2026, 11, 22)
    batch = LicenceEvaluator(on, SeminarPolicy(), messages())(facts)
    reference = evaluate_licence(facts, on)
    assert batch == reference
    assert batch.points.reasons == reference.points.reasons
    assert batch.inspection.parameters == reference.inspection.parameters


# Every combination of the boundary cases, on dates around 29 February ----------------------

GRID_DATES = (D(2026, 11, 22), D(2028, 2, 29), D(2026, 2, 28), D(2025, 3, 1))
NEAR = (-1, 0, 1)


def _days(day: dt.date, *offsets: int) -> list[dt.date]:
    return [day + dt.timedelta(days=offset) for offset in offsets]


def point_grid(on: dt.date) -> list[LicenceFacts]:
    """Violations on the window's edges, decided on or after the date, with transfers and
    suspensions that move the window, for every kind."""
    start = add_years(on, -2) + dt.timedelta(days=1)
    violations = [*_days(start, -1, 0, 1), *_days(on, -1, 0), add_years(on, -3)]
    licences = []
    for transferred_on in (None, *_days(start, -1, 0, 1), *_days(on, 0, 1)):
        for suspended in (None, *_days(start, -1, 0), *_days(on, -1, 0, 1)):
            for heavy in (False, True):
                decisions = tuple(
                    PointDecisionFact(
                        "sale_to_minor",
                        violation_on,
                        8 if heavy else 2,
                        max(violation_on, on if index % 2 else violation_on),
                    )
                    for index, violation_on in enumerate(violations)
                )
                for kind in ("serving", "serving_catering"):
                    licences.append(
                        LicenceFacts(
                            licence_id=len(licences),
                            number=f"P-{len(licences):04d}",
                            municipality_org_number="972418013",
                            kind=kind,
                            status="active",
                            granted_on=add_years(on, -5),
                            transferred_on=transferred_on,
                            point_decisions=decisions,
                            suspensions=()
                            if suspended is None
                            else (SuspensionFact(suspended, suspended, suspended, "S-1"),),
                        )
                    )
    return licences


def seminar_grid(on: dt.date) -> list[LicenceFacts]:
    """Attendances expiring on the date's edges, roles started on the deadline's edges."""
    licences = []
    for attended_on in (
        None,
        *(d for years in (2, 4) for d in _days(add_years(on, -years), *NEAR)),
    ):
        for role_started_on in (
            None,
            *_days(add_months(on, -6), *NEAR),
            *_days(add_months(on, -3), *NEAR),
        ):
            for granted_on in (add_years(on, -5), *_days(add_months(on, -6), *NEAR)):
                licences.append(
                    LicenceFacts(
                        licence_id=len(licences),
                        number=f"S-{len(licences):04d}",
                        municipality_org_number="972418013",
                        kind="serving",
                        status="active",
                        granted_on=granted_on,
                        seminar_required=True,
                        persons=(
                            RequiredPersonFact(1, "Kari Nordmann", "manager", role_started_on),
                            RequiredPersonFact(2, "Ola Nordmann", "deputy", None),
                        ),
                        attendances=()
                        if attended_on is None
                        else (AttendanceFact(1, attended_on), AttendanceFact(2, attended_on)),
                        inspection_dates=_days(D(on.year, 1, 1), -1, 0)[: 1 + len(licences) % 2],
                    )
                )
    return licences


@pytest.mark.parametrize("on", GRID_DATES, ids=str)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_boundary_combination_agrees(on, language):
    with translation.override(language):
        for policy in (
            SeminarPolicy(),
            SeminarPolicy(validity_years=2, deadline_months=3, warning_days=0),
        ):
            batch = point_grid(on) + seminar_grid(on)
            assert evaluate_licences(batch, on, policy) == [
                evaluate_licence(facts, on, policy) for facts in batch
            ]
