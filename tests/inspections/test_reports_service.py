"""The report service (inspections/services/reports.py): submit and correct control reports.

Rules as a table: each row changes one thing in a valid report and names the errors it
must produce (alkoholforskriften §§ 9-3, 9-5, 9-6, and the system's own rules). The clock
is frozen at 2026-11-22 12:00 Oslo (tests/inspections/conftest.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.models import Finding, Inspection
from inspections.services.reports import (
    FindingInput,
    ReportInput,
    ReportInvalid,
    minimum_inspectors,
    report_correct,
    report_submit,
    service_day,
)
from inspections.services.review import inspection_start_review
from licensing.errors import TransitionNotAllowed
from tests.factories.inspections import InspectorFactory
from tests.factories.licensing import LicenceFactory

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(muni1, muni2, company_a, company_a_user):
    serving = LicenceFactory(municipality=muni1, number="R-1", kind="serving")
    shop = LicenceFactory(municipality=muni1, number="R-2", kind="sales", group_2=False)
    elsewhere = LicenceFactory(municipality=muni2, number="R-3", kind="serving")
    first = InspectorFactory(
        company=company_a, name="Første", knowledge_test_passed_on=dt.date(2020, 1, 1)
    )
    second = InspectorFactory(
        company=company_a, name="Andre", knowledge_test_passed_on=dt.date(2026, 6, 12)
    )
    untested = InspectorFactory(company=company_a, name="Utestet", knowledge_test_passed_on=None)
    late = InspectorFactory(
        company=company_a, name="Sen", knowledge_test_passed_on=dt.date(2026, 6, 13)
    )
    foreign = InspectorFactory(name="Fremmed")
    return {
        "company": company_a,
        "actor": company_a_user,
        "serving": serving,
        "shop": shop,
        "elsewhere": elsewhere,
        "first": first,
        "second": second,
        "untested": untested,
        "late": late,
        "foreign": foreign,
    }


def report(s, **changes) -> ReportInput:
    values = {
        "licence": s["serving"],
        "inspectors": (s["first"], s["second"]),
        "started_at": at(2026, 6, 12, 22, 0),
        "ended_at": at(2026, 6, 12, 22, 45),
        "findings": (
            FindingInput("hours_violation", at(2026, 6, 12, 22, 10), "Served after hours."),
        ),
    }
    values.update(changes)
    return ReportInput(**values)


# (case, changes as a function of the setup, expected errors)
CASES = [
    (
        "one inspector at a serving venue (§ 9-5)",
        lambda s: {"inspectors": (s["first"],)},
        {
            "inspectors": [
                "A serving venue is inspected by at least two inspectors "
                "(alkoholforskriften § 9-5)."
            ]
        },
    ),
    (
        "no inspector at a shop (§ 9-5)",
        lambda s: {"licence": s["shop"], "inspectors": ()},
        {
            "inspectors": [
                "A shop is inspected by at least one inspector (alkoholforskriften § 9-5)."
            ]
        },
    ),
    (
        "test never passed (§ 9-3)",
        lambda s: {"inspectors": (s["first"], s["untested"])},
        {
            "inspectors": [
                "Utestet had not passed the inspectors' test by the inspection date "
                "12.06.2026 (alkoholforskriften § 9-3)."
            ]
        },
    ),
    (
        "test passed the day after (§ 9-3)",
        lambda s: {"inspectors": (s["first"], s["late"])},
        {
            "inspectors": [
                "Sen had not passed the inspectors' test by the inspection date "
                "12.06.2026 (alkoholforskriften § 9-3)."
            ]
        },
    ),
    (
        "same inspector twice counts once",
        lambda s: {"inspectors": (s["first"], s["first"])},
        {
            "inspectors": [
                "Første is listed twice.",
                "A serving venue is inspected by at least two inspectors "
                "(alkoholforskriften § 9-5).",
            ]
        },
    ),
    (
        "inspector of another company",
        lambda s: {"inspectors": (s["first"], s["foreign"])},
        {"inspectors": ["Fremmed is not an inspector of Kontroll A AS."]},
    ),
    (
        "licence of a municipality that did not engage the company",
        lambda s: {"licence": s["elsewhere"]},
        {"licence": ["Licence R-3 is not in a municipality that has engaged Kontroll A AS."]},
    ),
    (
        "ends before it starts",
        lambda s: {"ended_at": at(2026, 6, 12, 21, 59)},
        {"ended_at": ["The inspection cannot end before it starts."]},
    ),
    (
        "ends in the future (now: 2026-11-22 12:00)",
        lambda s: {
            "started_at": at(2026, 11, 22, 11, 0),
            "ended_at": at(2026, 11, 22, 12, 30),
            "findings": (),
        },
        {"ended_at": ["The inspection cannot end in the future."]},
    ),
    (
        "unknown catalogue code",
        lambda s: {"findings": (FindingInput("made_up", at(2026, 6, 12, 22, 10), "x"),)},
        {"findings": [{"code": ["“made_up” is not a code in the violation catalogue."]}]},
    ),
    (
        "finding the next morning (after 06:00)",
        lambda s: {"findings": (FindingInput("hours_violation", at(2026, 6, 13, 6, 0), "x"),)},
        {
            "findings": [
                {
                    "observed_at": [
                        "The finding must be observed during the inspection or on "
                        "the same evening (the inspection ran 2026-06-12 22:00–"
                        "2026-06-12 22:45)."
                    ]
                }
            ]
        },
    ),
    (
        "finding before 06:00 on the inspection day (the previous service day)",
        lambda s: {"findings": (FindingInput("hours_violation", at(2026, 6, 12, 5, 59), "x"),)},
        {
            "findings": [
                {
                    "observed_at": [
                        "The finding must be observed during the inspection or on "
                        "the same evening (the inspection ran 2026-06-12 22:00–"
                        "2026-06-12 22:45)."
                    ]
                }
            ]
        },
    ),
    (
        "empty description",
        lambda s: {"findings": (FindingInput("hours_violation", at(2026, 6, 12, 22, 10), "  "),)},
        {"findings": [{"description": ["Describe what was seen."]}]},
    ),
    (
        "no_findings with findings",
        lambda s: {"no_findings": True},
        {
            "no_findings": [
                "“No findings” can only be set on a report without findings; remove "
                "the findings or set no_findings to false."
            ]
        },
    ),
]


@pytest.mark.parametrize(("case", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules(setup, case, changes, expected):
    before = (Inspection.objects.count(), Finding.objects.count())
    with pytest.raises(ReportInvalid) as exc:
        report_submit(
            actor=setup["actor"], company=setup["company"], report=report(setup, **changes(setup))
        )
    assert exc.value.errors == expected
    assert (Inspection.objects.count(), Finding.objects.count()) == before


@pytest.mark.parametrize(
    ("observed", "accepted"),
    [
        (at(2026, 6, 12, 18, 0), True),  # earlier the same evening
        (at(2026, 6, 13, 1, 30), True),  # after midnight, same service day
        (at(2026, 6, 13, 5, 59), True),
        (at(2026, 6, 13, 6, 0), False),  # the next service day
        (at(2026, 6, 12, 5, 59), False),  # the previous one
    ],
)
def test_same_evening(setup, observed, accepted):
    body = report(setup, findings=(FindingInput("hours_violation", observed, "Seen."),))
    if accepted:
        assert report_submit(actor=setup["actor"], company=setup["company"], report=body)
    else:
        with pytest.raises(ReportInvalid):
            report_submit(actor=setup["actor"], company=setup["company"], report=body)


def test_service_day_boundaries():
    assert service_day(at(2026, 6, 13, 5, 59)) == dt.date(2026, 6, 12)
    assert service_day(at(2026, 6, 13, 6, 0)) == dt.date(2026, 6, 13)
    assert minimum_inspectors("serving_catering") == 2
    assert minimum_inspectors("sales") == 1


def test_all_errors_at_once(setup):
    body = report(
        setup,
        inspectors=(setup["untested"],),
        ended_at=at(2026, 6, 12, 21, 0),
        findings=(
            FindingInput("hours_violation", at(2026, 6, 12, 22, 10), "ok"),
            FindingInput("nope", at(2026, 6, 12, 22, 10), "x"),
        ),
        no_findings=True,
    )
    with pytest.raises(ReportInvalid) as exc:
        report_submit(actor=setup["actor"], company=setup["company"], report=body)
    assert set(exc.value.errors) == {"inspectors", "ended_at", "findings", "no_findings"}
    assert exc.value.errors["findings"][0] == {}
    assert "Utestet" in exc.value.message


def test_submit_saves_everything_with_history(setup):
    inspection = report_submit(
        actor=setup["actor"],
        company=setup["company"],
        report=report(setup, guests_count=50, person_in_charge="  Kari  "),
    )
    inspection.refresh_from_db()
    assert inspection.company == setup["company"]
    assert inspection.submitted_by == setup["actor"]
    assert inspection.person_in_charge == "Kari"
    assert set(inspection.inspectors.all()) == {setup["first"], setup["second"]}
    finding = inspection.findings.get()
    assert finding.violation.code == "hours_violation"
    assert inspection.history.get().history_user == setup["actor"]
    assert finding.history.get().history_user == setup["actor"]


def test_shop_with_one_inspector(setup):
    assert report_submit(
        actor=setup["actor"],
        company=setup["company"],
        report=report(setup, licence=setup["shop"], inspectors=(setup["first"],)),
    )


def test_actor_must_belong_to_the_company(setup, company_b_user):
    with pytest.raises(ReportInvalid) as exc:
        report_submit(actor=company_b_user, company=setup["company"], report=report(setup))
    assert exc.value.errors == {"company": ["You are not a user of Kontroll A AS."]}


def test_correct_replaces_fields_inspectors_and_findings(setup):
    inspection = report_submit(actor=setup["actor"], company=setup["company"], report=report(setup))
    third = InspectorFactory(company=setup["company"], name="Tredje")
    corrected = report_correct(
        actor=setup["actor"],
        inspection=inspection,
        report=report(
            setup,
            inspectors=(setup["first"], third),
            findings=(),
            no_findings=True,
            observations="Nothing after all.",
        ),
    )
    assert corrected.no_findings is True
    assert corrected.observations == "Nothing after all."
    assert set(corrected.inspectors.all()) == {setup["first"], third}
    assert not corrected.findings.exists()


def test_no_correction_after_the_review_started(setup, officer):
    inspection = report_submit(actor=setup["actor"], company=setup["company"], report=report(setup))
    inspection_start_review(inspection=inspection, actor=officer)
    with pytest.raises(TransitionNotAllowed) as exc:
        report_correct(
            actor=setup["actor"], inspection=inspection, report=report(setup, observations="x")
        )
    assert exc.value.current == "in_review"
    assert "can no longer correct it" in exc.value.message
    inspection.refresh_from_db()
    assert inspection.observations == ""


def test_invalid_correction_changes_nothing(setup):
    inspection = report_submit(actor=setup["actor"], company=setup["company"], report=report(setup))
    with pytest.raises(ReportInvalid):
        report_correct(
            actor=setup["actor"],
            inspection=inspection,
            report=report(setup, inspectors=(setup["first"],), observations="x"),
        )
    inspection.refresh_from_db()
    assert inspection.observations == ""
    assert inspection.findings.count() == 1
    assert inspection.inspectors.count() == 2
