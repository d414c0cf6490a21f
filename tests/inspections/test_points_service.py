"""Proposing, notifying, deciding and withdrawing penalty points (alkoholforskriften ch. 10)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from inspections.models import PointDecision
from inspections.services import points
from inspections.services.points import ProposedPoints
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.services.validation import InvalidData
from tests.factories.inspections import (
    FindingFactory,
    InspectionFactory,
    PointDecisionFactory,
    violation,
)
from tests.factories.licensing import LicenceFactory

from .conftest import at

STANDARD = [
    ProposedPoints(violation_code="hours_violation", points=4),
    ProposedPoints(violation_code="sale_to_intoxicated", points=4),
]


def test_one_proposal_per_distinct_code(reviewed_report, officer):
    groups = points.finding_groups(reviewed_report)
    # Three findings, two codes: similar breaches (hours twice) count once (§ 10-2).
    assert [(g.violation.code, len(g.findings)) for g in groups] == [
        ("sale_to_intoxicated", 1),
        ("hours_violation", 2),
    ]
    created = points.point_decisions_propose(
        inspection=reviewed_report, actor=officer, proposals=STANDARD
    )
    assert sorted((d.violation.code, d.points, d.status) for d in created) == [
        ("hours_violation", 4, "proposed"),
        ("sale_to_intoxicated", 4, "proposed"),
    ]
    # The violation date is the local date of the first finding of the code: the hours
    # breach was seen at 01:15 on 14 June, the intoxicated guest at 23:30 on 13 June.
    by_code = {d.violation.code: d for d in created}
    assert by_code["hours_violation"].violation_on == dt.date(2026, 6, 14)
    assert by_code["sale_to_intoxicated"].violation_on == dt.date(2026, 6, 13)
    assert by_code["hours_violation"].standard_points == 4
    assert by_code["hours_violation"].licence == reviewed_report.licence


def test_same_code_twice_is_refused(reviewed_report, officer):
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_propose(
            inspection=reviewed_report, actor=officer,
            proposals=[STANDARD[0], ProposedPoints(violation_code="hours_violation", points=4)],
        )  # fmt: skip
    assert "listed twice; similar breaches at the same inspection count once" in exc.value.message
    assert PointDecision.objects.count() == 0


def test_code_already_proposed_is_refused(reviewed_report, officer):
    points.point_decisions_propose(
        inspection=reviewed_report, actor=officer, proposals=STANDARD[:1]
    )
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_propose(
            inspection=reviewed_report, actor=officer, proposals=STANDARD
        )
    assert (
        "Points for Breach of sales or serving hours at this inspection are already proposed."
        in exc.value.message
    )
    assert PointDecision.objects.count() == 1


def test_code_not_found_at_the_inspection_is_refused(reviewed_report, officer):
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_propose(
            inspection=reviewed_report, actor=officer,
            proposals=[ProposedPoints(violation_code="sale_to_minor", points=8)],
        )  # fmt: skip
    assert (
        "The inspection has no finding of Sale or serving to a person under 18."
        in exc.value.message
    )
    assert PointDecision.objects.count() == 0


def test_deviation_requires_justification(reviewed_report, officer):
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_propose(
            inspection=reviewed_report, actor=officer,
            proposals=[STANDARD[0], ProposedPoints(violation_code="sale_to_intoxicated", points=6)],
        )  # fmt: skip
    assert exc.value.errors == {
        "sale_to_intoxicated.justification": [
            "The standard for this breach is 4 points. Write the justification for giving 6 "
            "(alkoholforskriften § 10-4)."
        ]
    }
    # All or nothing: the valid proposal is not written either.
    assert PointDecision.objects.count() == 0


def test_deviation_with_justification_is_accepted(reviewed_report, officer):
    (decision,) = points.point_decisions_propose(
        inspection=reviewed_report, actor=officer,
        proposals=[ProposedPoints(violation_code="sale_to_intoxicated", points=2,
                                  justification="Gjesten ble nektet videre servering straks.")],
    )  # fmt: skip
    assert (decision.points, decision.standard_points) == (2, 4)


def test_database_backs_the_justification_rule(licence1):
    with pytest.raises(IntegrityError), transaction.atomic():
        PointDecisionFactory(licence=licence1, points=6, justification="")


def test_database_backs_one_decision_per_code_per_inspection(reviewed_report, officer):
    points.point_decisions_propose(
        inspection=reviewed_report, actor=officer, proposals=STANDARD[:1]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PointDecisionFactory(
            licence=reviewed_report.licence, inspection=reviewed_report, status="proposed",
            decided_on=None,
        )  # fmt: skip


def test_points_need_a_reviewed_report(report, officer):
    with pytest.raises(TransitionNotAllowed) as exc:
        points.point_decisions_propose(inspection=report, actor=officer, proposals=STANDARD)
    assert "Start the review of the report before proposing points" in exc.value.message
    assert PointDecision.objects.count() == 0


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_single_occasion_and_catering_cannot_get_points(muni1, company_a, officer, kind):
    licence = LicenceFactory(municipality=muni1, kind=kind)
    inspection = InspectionFactory(licence=licence, company=company_a, started_at=at(2026, 6, 13))
    FindingFactory(inspection=inspection)
    from inspections.services.review import inspection_start_review

    inspection_start_review(inspection=inspection, actor=officer)
    with pytest.raises(DomainError) as exc:
        points.point_decisions_propose(inspection=inspection, actor=officer, proposals=STANDARD[:1])
    assert "outside the point system and cannot get penalty points (alkoholforskriften § 10-1)" in (
        exc.value.message
    )
    with pytest.raises(DomainError):
        points.point_decision_propose(
            licence=licence, actor=officer, violation=violation("fee_unpaid"),
            violation_on=dt.date(2026, 3, 1), points=2,
        )  # fmt: skip
    assert PointDecision.objects.count() == 0


@pytest.mark.parametrize("kind", ["sales", "serving", "serving_part_year"])
def test_point_system_kinds_can_get_points(muni1, officer, kind):
    licence = LicenceFactory(municipality=muni1, kind=kind, group_2=kind != "sales")
    decision = points.point_decision_propose(
        licence=licence, actor=officer, violation=violation("fee_unpaid"),
        violation_on=dt.date(2026, 3, 1), points=2,
    )  # fmt: skip
    assert decision.inspection is None
    assert decision.status == "proposed"


# Workflow ------------------------------------------------------------------------------


@pytest.fixture
def proposed(reviewed_report, officer):
    return points.point_decisions_propose(
        inspection=reviewed_report, actor=officer, proposals=STANDARD
    )


def test_notify_then_decide(proposed, officer):
    notified = points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    # Default comment deadline: three weeks after the advance notice.
    assert {(d.status, d.comment_deadline_on) for d in notified} == {
        ("notified", dt.date(2026, 7, 15))
    }
    decided = points.point_decisions_decide(
        point_decisions=notified, actor=officer, decided_on=dt.date(2026, 7, 23),
        reference="26/123-4",
    )  # fmt: skip
    assert {(d.status, d.decided_on, d.reference, d.decided_by) for d in decided} == {
        ("decided", dt.date(2026, 7, 23), "26/123-4", officer)
    }


def test_decide_from_proposed_is_refused(proposed, officer):
    with pytest.raises(TransitionNotAllowed) as exc:
        points.point_decisions_decide(
            point_decisions=proposed, actor=officer, decided_on=dt.date(2026, 7, 23),
            reference="26/1",
        )  # fmt: skip
    assert exc.value.current == "proposed"
    assert "is proposed; only points with an advance notice can be decided" in exc.value.message
    assert not PointDecision.objects.filter(status="decided").exists()


def test_decision_before_the_advance_notice_is_refused(proposed, officer):
    points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_decide(
            point_decisions=proposed, actor=officer, decided_on=dt.date(2026, 6, 30),
            reference="26/1",
        )  # fmt: skip
    assert "cannot come before the advance notice" in exc.value.errors["decided_on"][0]
    assert not PointDecision.objects.filter(status="decided").exists()


def test_decision_before_the_comment_deadline_needs_the_comments(proposed, officer):
    points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_decide(
            point_decisions=proposed, actor=officer, decided_on=dt.date(2026, 7, 10),
            reference="26/1",
        )  # fmt: skip
    assert (
        "may comment on the advance notice of Breach of sales or serving hours (violation 14.06.2026) until 15.07.2026"
        in (exc.value.errors["decided_on"][0])
    )
    assert not PointDecision.objects.filter(status="decided").exists()
    points.point_decisions_decide(
        point_decisions=proposed, actor=officer, decided_on=dt.date(2026, 7, 10),
        reference="26/1", comments_received=True,
    )  # fmt: skip
    assert PointDecision.objects.filter(status="decided").count() == 2


def test_decision_needs_a_reference(proposed, officer):
    points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    with pytest.raises(InvalidData) as exc:
        points.point_decisions_decide(
            point_decisions=proposed, actor=officer, decided_on=dt.date(2026, 7, 23), reference=" "
        )
    assert exc.value.errors["reference"] == ["Give the decision's reference (case number)."]


def test_notify_twice_is_refused(proposed, officer):
    points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    with pytest.raises(TransitionNotAllowed) as exc:
        points.point_decisions_notify(
            point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 2)
        )
    assert "is advance notice sent; only proposed points can be notified" in exc.value.message
    assert set(PointDecision.objects.values_list("advance_notice_on", flat=True)) == {
        dt.date(2026, 7, 1)
    }


@pytest.mark.parametrize(
    ("notice", "deadline", "message"),
    [
        (
            dt.date(2026, 6, 13),
            None,
            "cannot come before the violation Breach of sales or serving hours (violation 14.06.2026)",
        ),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1), "deadline for comments must be after"),
        # Less than a week is not reasonable time (forvaltningsloven § 16).
        (dt.date(2026, 7, 1), dt.date(2026, 7, 7), "at least 7 days after it"),
        (dt.date(2026, 11, 23), None, "cannot be in the future"),
    ],
)
def test_notify_bad_dates(proposed, officer, notice, deadline, message):
    with pytest.raises(DomainError) as exc:
        points.point_decisions_notify(
            point_decisions=proposed, actor=officer, advance_notice_on=notice,
            comment_deadline_on=deadline,
        )  # fmt: skip
    assert message in exc.value.message
    assert set(PointDecision.objects.values_list("status", flat=True)) == {"proposed"}


def test_withdraw_proposed_and_notified_but_not_decided(proposed, officer):
    first, second = proposed
    points.point_decision_withdraw(point_decision=first, actor=officer, reason="Ikke bevist.")
    assert PointDecision.objects.get(pk=first.pk).status == "withdrawn"
    points.point_decisions_notify(
        point_decisions=[second], actor=officer, advance_notice_on=dt.date(2026, 7, 1)
    )
    points.point_decisions_decide(
        point_decisions=[second], actor=officer, decided_on=dt.date(2026, 7, 23), reference="26/1"
    )
    with pytest.raises(TransitionNotAllowed) as exc:
        points.point_decision_withdraw(point_decision=second, actor=officer, reason="x")
    assert "is decided; only proposed or notified points can be withdrawn" in exc.value.message
    assert PointDecision.objects.get(pk=second.pk).status == "decided"


def test_withdraw_needs_a_reason(proposed, officer):
    with pytest.raises(DomainError) as exc:
        points.point_decision_withdraw(point_decision=proposed[0], actor=officer, reason=" ")
    assert exc.value.message == "Give the reason for withdrawing the points."
    assert PointDecision.objects.get(pk=proposed[0].pk).status == "proposed"


def test_withdrawn_code_can_be_proposed_again(proposed, reviewed_report, officer):
    points.point_decision_withdraw(point_decision=proposed[0], actor=officer, reason="Feil kode.")
    code = proposed[0].violation.code
    (again,) = points.point_decisions_propose(
        inspection=reviewed_report, actor=officer,
        proposals=[ProposedPoints(violation_code=code, points=4)],
    )  # fmt: skip
    assert again.status == "proposed"


def test_notice_for_two_licences_at_once_is_refused(proposed, officer, muni1):
    other = PointDecisionFactory(
        licence=LicenceFactory(municipality=muni1), status="proposed", decided_on=None
    )
    with pytest.raises(DomainError) as exc:
        points.point_decisions_notify(
            point_decisions=[proposed[0], other], actor=officer,
            advance_notice_on=dt.date(2026, 7, 1),
        )  # fmt: skip
    assert "choose points of one licence" in exc.value.message


def test_a_comment_deadline_of_seven_days_is_accepted(proposed, officer):
    notified = points.point_decisions_notify(
        point_decisions=proposed, actor=officer, advance_notice_on=dt.date(2026, 7, 1),
        comment_deadline_on=dt.date(2026, 7, 8),
    )  # fmt: skip
    assert {d.comment_deadline_on for d in notified} == {dt.date(2026, 7, 8)}
