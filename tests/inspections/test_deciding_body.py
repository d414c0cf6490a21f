"""Point decisions and suspensions record who decided them, under which delegation or in
which council case (issue 10 section 2)."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import PointDecision
from inspections.services import points as point_services
from inspections.services import suspensions
from licensing.models import Delegation
from licensing.services.delegation import DecidingBody
from licensing.services.validation import InvalidData
from tests.factories.inspections import PointDecisionFactory, violation
from tests.factories.licensing import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def delegate(municipality, matter, **values):
    return Delegation.objects.create(
        municipality=municipality, matter=matter, valid_from=D(2024, 1, 1), **values
    )


@pytest.fixture
def notified_points(licence1):
    return [
        PointDecisionFactory(
            licence=licence1,
            violation=violation("hours_violation"),
            violation_on=D(2026, 6, 13),
            status="notified",
            decided_on=None,
            reference="",
            advance_notice_on=D(2026, 6, 20),
            comment_deadline_on=D(2026, 7, 11),
        )  # fmt: skip
    ]


@pytest.fixture
def notified_suspension(licence1, officer):
    for n, code in enumerate(("sale_to_minor", "hours_violation")):
        PointDecisionFactory(
            licence=licence1, violation=violation(code), violation_on=D(2026, 2 + n * 3, 1),
            decided_on=D(2026, 3 + n * 3, 1),
        )  # fmt: skip
    return suspensions.suspension_notify(
        licence=licence1, actor=officer, advance_notice_on=D(2026, 10, 1)
    )


def test_points_take_the_delegation_in_force(notified_points, licence1, officer):
    delegate(licence1.municipality, "points", body_kind="chief_executive",
             reference="delegeringsreglementet pkt. 4.2")  # fmt: skip
    case_officer = UserFactory(first_name="Berit", last_name="Bodø")
    decided = point_services.point_decisions_decide(
        point_decisions=notified_points, actor=officer, decided_on=D(2026, 7, 20),
        reference="26/3001-6", case_officer=case_officer,
    )  # fmt: skip
    decision = PointDecision.objects.get(pk=decided[0].pk)
    assert (decision.body_kind, decision.delegation_reference) == (
        "chief_executive",
        "delegeringsreglementet pkt. 4.2",
    )
    assert (decision.decided_by, decision.case_officer) == (officer, case_officer)


def test_points_without_a_reference_for_a_delegated_body_are_refused(notified_points, officer):
    with pytest.raises(InvalidData) as exc:
        point_services.point_decisions_decide(
            point_decisions=notified_points, actor=officer, decided_on=D(2026, 7, 20),
            reference="26/3001-6", body=DecidingBody("officer", body_name="enhetsleder"),
        )  # fmt: skip
    assert exc.value.errors == {
        "delegation_reference": [
            "Give the delegation the decision was made under (e.g. "
            "“delegeringsreglementet pkt. 4.2”)."
        ]
    }
    assert PointDecision.objects.get().status == "notified"


def test_a_council_suspension_needs_its_case_number(notified_suspension, officer):
    decide = {
        "suspension": notified_suspension, "actor": officer, "decided_on": D(2026, 10, 25),
        "starts_on": D(2026, 11, 8), "ends_on": D(2026, 11, 14), "reference": "26/77-5",
    }  # fmt: skip
    with pytest.raises(InvalidData) as exc:
        suspensions.suspension_decide(**decide, body=DecidingBody("council"))
    assert list(exc.value.errors) == ["body_case_number"]
    decided = suspensions.suspension_decide(
        **decide, body=DecidingBody("council", body_case_number="PS 41/26")
    )
    assert (decided.body_kind, decided.body_case_number, decided.body_label) == (
        "council",
        "PS 41/26",
        "Municipal council (kommunestyret)",
    )


def test_the_suspension_form_proposes_the_council(client, officer, notified_suspension, licence1):
    delegate(licence1.municipality, "suspension", body_kind="council")
    client.force_login(officer)
    url = reverse("inspections:suspension_decide", args=[notified_suspension.pk])
    response = client.get(url)
    assert response.context["form"].initial["body_kind"] == "council"
    response = client.post(
        url,
        {
            "decided_on": "2026-10-25", "starts_on": "2026-11-08", "ends_on": "2026-11-14",
            "reference": "26/77-5", "body_kind": "council",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["body_case_number"] == [
        "Give the case number of the council's or committee's decision (e.g. PS 12/26)."
    ]
