"""The licence's point pages: history, advance notice, decision, withdrawal, suspension."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import PointDecision, Suspension
from tests.factories.inspections import PointDecisionFactory, violation

#: The deciding body the decision forms ask for (proposed from the delegation when there is one).
BODY = {"body_kind": "chief_executive", "delegation_reference": "delegeringsreglementet pkt. 4.2"}
COUNCIL = {"body_kind": "council", "body_case_number": "PS 12/26"}

D = dt.date


@pytest.fixture
def proposed(licence1, report):
    return [
        PointDecisionFactory(licence=licence1, inspection=report, status="proposed", decided_on=None,
                             violation_on=D(2026, 6, 14)),
        PointDecisionFactory(licence=licence1, inspection=report, status="proposed", decided_on=None,
                             violation=violation("sale_to_intoxicated"), violation_on=D(2026, 6, 13)),
    ]  # fmt: skip


def test_licence_points_page_explains_the_total(officer_client, licence1):
    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 10)
    )
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    # Outside the window, and more than two years before the other violations.
    PointDecisionFactory(licence=licence1, violation_on=D(2023, 11, 1))
    content = officer_client.get(
        reverse("inspections:licence_points", args=[licence1.pk])
    ).content.decode()
    assert "12 points in the window 23.11.2024–22.11.2026." in content
    assert "suspension for 7 days (alkoholforskriften § 10-2)" in content
    assert "suspension candidate" in content
    assert "Older than the two-year window (starts 23.11.2024)." in content
    assert reverse("inspections:suspension_notify", args=[licence1.pk]) in content


def test_licence_page_has_the_points_panel(officer_client, licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    content = officer_client.get(
        reverse("licensing:licence_detail", args=[licence1.pk])
    ).content.decode()
    assert "Inspections and penalty points" in content
    assert "4 points in the window 23.11.2024–22.11.2026." in content
    assert reverse("inspections:licence_points", args=[licence1.pk]) in content


def test_notify_and_decide_through_the_pages(officer_client, licence1, proposed):
    notify = reverse("inspections:points_notify", args=[licence1.pk])
    response = officer_client.post(notify, {
        "point_decisions": [d.pk for d in proposed], "advance_notice_on": "2026-07-01",
        "comment_deadline_on": "2026-07-22",
    })  # fmt: skip
    assert response.status_code == 302
    assert set(PointDecision.objects.values_list("status", flat=True)) == {"notified"}
    decide = reverse("inspections:points_decide", args=[licence1.pk])
    response = officer_client.post(decide, {
        "point_decisions": [d.pk for d in proposed], "decided_on": "2026-07-23",
        "reference": "26/55-2", **BODY,
    }, follow=True)  # fmt: skip
    assert set(PointDecision.objects.values_list("status", "reference")) == {("decided", "26/55-2")}
    assert "8 points in the window" in response.content.decode()


def test_decision_before_the_comment_deadline_shows_the_rule(officer_client, licence1, proposed):
    officer_client.post(reverse("inspections:points_notify", args=[licence1.pk]), {
        "point_decisions": [d.pk for d in proposed], "advance_notice_on": "2026-07-01",
        "comment_deadline_on": "2026-07-22",
    })  # fmt: skip
    response = officer_client.post(reverse("inspections:points_decide", args=[licence1.pk]), {
        "point_decisions": [proposed[0].pk], "decided_on": "2026-07-10", "reference": "26/55-2",
        **BODY,
    })  # fmt: skip
    assert response.status_code == 200
    assert "until 22.07.2026 (forvaltningsloven § 16)" in response.content.decode()
    assert not PointDecision.objects.filter(status="decided").exists()


def test_notify_form_only_offers_proposed_points_of_the_licence(
    officer_client, licence1, licence2, proposed
):
    other = PointDecisionFactory(licence=licence2, status="proposed", decided_on=None)
    response = officer_client.post(reverse("inspections:points_notify", args=[licence1.pk]), {
        "point_decisions": [other.pk], "advance_notice_on": "2026-07-01",
        "comment_deadline_on": "2026-07-22",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert PointDecision.objects.get(pk=other.pk).status == "proposed"


def test_withdraw_through_the_page(officer_client, proposed):
    url = reverse("inspections:point_withdraw", args=[proposed[0].pk])
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert PointDecision.objects.get(pk=proposed[0].pk).status == "proposed"
    assert officer_client.post(url, {"reason": "Feil kode."}).status_code == 302
    assert PointDecision.objects.get(pk=proposed[0].pk).status == "withdrawn"


def test_points_outside_an_inspection(officer_client, licence1):
    url = reverse("inspections:points_propose_single", args=[licence1.pk])
    fee = violation("fee_unpaid")
    response = officer_client.post(
        url, {"violation": fee.pk, "violation_on": "2026-03-01", "points": "3"}
    )
    assert "The standard for this breach is 2 points. Write the justification for giving 3" in (
        response.content.decode()
    )
    assert not PointDecision.objects.exists()
    response = officer_client.post(url, {"violation": fee.pk, "violation_on": "2026-03-01"})
    assert response.status_code == 302
    decision = PointDecision.objects.get()
    assert (decision.points, decision.standard_points, decision.inspection) == (2, 2, None)


def test_suspension_notice_and_decision_through_the_pages(officer_client, licence1):
    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 10)
    )
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    url = reverse("inspections:suspension_notify", args=[licence1.pk])
    page = officer_client.get(url).content.decode()
    assert "Standard length: 7 days" in page
    response = officer_client.post(url, {
        "advance_notice_on": "2026-10-01", "comment_deadline_on": "2026-10-22",
        "starts_on": "2026-11-05", "ends_on": "2026-11-11",
    })  # fmt: skip
    assert response.status_code == 302
    suspension = Suspension.objects.get()
    assert (suspension.status, suspension.points, suspension.days) == ("notified", 12, 7)
    decide = reverse("inspections:suspension_decide", args=[suspension.pk])
    response = officer_client.post(decide, {
        "decided_on": "2026-10-25", "starts_on": "2026-11-30", "ends_on": "2026-12-06",
        "reference": "26/9-1", **COUNCIL,
    })  # fmt: skip
    assert "start on 22.11.2026 at the latest" in response.content.decode()
    assert Suspension.objects.get().status == "notified"
    assert "The holder&#x27;s comments on the advance notice" in response.content.decode()
    response = officer_client.post(decide, {
        "decided_on": "2026-10-25", "starts_on": "2026-11-16", "ends_on": "2026-11-22",
        "reference": "26/9-1", "holder_comments": "Vi beklager og har innført ID-kontroll.",
        **COUNCIL,
    })  # fmt: skip
    assert response.status_code == 302
    assert Suspension.objects.get().holder_comments == "Vi beklager og har innført ID-kontroll."
    licence1.refresh_from_db()
    assert licence1.status == "suspended"
    content = officer_client.get(
        reverse("inspections:licence_points", args=[licence1.pk])
    ).content.decode()
    assert "suspended now" in content
    assert "Used up by the suspension decided on 25.10.2026." in content


def test_suspension_notice_below_threshold_shows_message(officer_client, licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    url = reverse("inspections:suspension_notify", args=[licence1.pk])
    response = officer_client.post(url, {
        "advance_notice_on": "2026-10-01", "comment_deadline_on": "2026-10-22",
        "starts_on": "2026-11-05", "ends_on": "2026-11-11",
    })  # fmt: skip
    assert response.status_code == 200
    assert "a suspension needs 12" in response.content.decode()
    assert not Suspension.objects.exists()


def test_cancel_suspension_page(officer_client, licence1):
    from tests.factories.inspections import SuspensionFactory

    suspension = SuspensionFactory(
        licence=licence1, status="notified", decided_on=None, reference=""
    )
    url = reverse("inspections:suspension_cancel", args=[suspension.pk])
    assert officer_client.post(url, {"reason": ""}).status_code == 200
    assert Suspension.objects.get().status == "notified"
    assert officer_client.post(url, {"reason": "Påklaget."}).status_code == 302
    assert Suspension.objects.get().status == "cancelled"


def test_suspension_decision_warns_about_points_not_in_the_notice(
    officer_client, officer, licence1
):
    from inspections.services.suspensions import suspension_notify

    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 10)
    )
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    suspension = suspension_notify(
        licence=licence1, actor=officer, advance_notice_on=D(2026, 10, 1)
    )
    PointDecisionFactory(
        licence=licence1, violation=violation("spirits_measure"), violation_on=D(2026, 10, 10),
        decided_on=D(2026, 11, 15),
    )  # fmt: skip
    content = officer_client.get(
        reverse("inspections:suspension_decide", args=[suspension.pk])
    ).content.decode()
    assert "not in the advance notice, but a suspension decided now uses them up too" in content
    assert "Breach of the rules on serving measures for spirits" in content
    assert "spirits_measure" not in content


def test_licence_list_filter_on_points(officer_client, muni1):
    from tests.factories.licensing import LicenceFactory

    candidate = LicenceFactory(municipality=muni1, number="K-1")
    PointDecisionFactory(
        licence=candidate, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 10)
    )
    PointDecisionFactory(licence=candidate, violation_on=D(2026, 5, 1))
    approaching = LicenceFactory(municipality=muni1, number="N-1")
    PointDecisionFactory(
        licence=approaching, violation=violation("sale_to_minor"), violation_on=D(2026, 1, 10)
    )
    LicenceFactory(municipality=muni1, number="Z-1")
    url = reverse("licensing:licence_list")

    def numbers(value):
        page = officer_client.get(url, {"points": value}).context["page_obj"]
        return sorted(lic.number for lic in page)

    assert numbers("candidate") == ["K-1"]
    assert numbers("approaching") == ["N-1"]
    assert numbers("any") == ["K-1", "N-1"]
    assert numbers("") == ["K-1", "N-1", "Z-1"]


def test_cancel_page_of_a_decided_suspension_offers_no_form(officer_client, licence1):
    from tests.factories.inspections import SuspensionFactory

    suspension = SuspensionFactory(licence=licence1)
    url = reverse("inspections:suspension_cancel", args=[suspension.pk])
    content = officer_client.get(url).content.decode()
    assert (
        "This suspension is decided; only a proposed or notified suspension can be cancelled."
        in content
    )
    assert 'name="reason"' not in content
    assert officer_client.post(url, {"reason": "Påklaget."}).status_code == 200
    assert Suspension.objects.get().status == "decided"


def test_withdraw_page_of_decided_points_offers_no_form(officer_client, licence1):
    decision = PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    url = reverse("inspections:point_withdraw", args=[decision.pk])
    content = officer_client.get(url).content.decode()
    assert "These points are decided; only proposed or notified points can be withdrawn." in (
        content
    )
    assert 'name="reason"' not in content
    assert PointDecision.objects.get().status == "decided"


def test_suspension_notice_below_threshold_is_shown_on_the_date(officer_client, licence1):
    PointDecisionFactory(licence=licence1, violation_on=D(2026, 5, 1))
    url = reverse("inspections:suspension_notify", args=[licence1.pk])
    response = officer_client.post(url, {
        "advance_notice_on": "2026-10-01", "comment_deadline_on": "2026-10-22",
        "starts_on": "2026-11-05", "ends_on": "2026-11-11",
    })  # fmt: skip
    assert response.context["form"].errors["advance_notice_on"] == [
        "On 01.10.2026 the licence has 4 decided points in the window 02.10.2024–01.10.2026, "
        "and no violations within two years of each other add up to 12; a suspension needs 12 "
        "(alkoholforskriften § 10-2)."
    ]


def test_notice_form_labels_a_single_point_in_the_singular(officer_client, licence1):
    PointDecisionFactory(
        licence=licence1, violation=violation("spirits_measure"), violation_on=D(2026, 11, 1),
        status="proposed", decided_on=None,
    )  # fmt: skip
    content = officer_client.get(
        reverse("inspections:points_notify", args=[licence1.pk])
    ).content.decode()
    assert (
        "Breach of the rules on serving measures for spirits – violation 01.11.2026 – 1 point<"
        in content
    )
