"""A case officer reviews a control report and takes the licence through penalty points to a
suspension: report sent and commented, points proposed, advance notice, decision,
advance notice of suspension, suspension decided. Dates are relative to today (the live
server reads the real clock)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.models import Inspection, PointDecision, Suspension
from licensing.clock import today
from tests.factories.inspections import (
    FindingFactory,
    InspectionFactory,
    PointDecisionFactory,
    violation,
)
from tests.factories.licensing import LicenceFactory


def days(n: int) -> str:
    return (today() + dt.timedelta(days=n)).isoformat()


def test_report_points_suspension(visit, officer, muni1, company_a, delegation):
    on = today()
    licence = LicenceFactory(municipality=muni1, number="2024-777")
    PointDecisionFactory(
        licence=licence,
        violation=violation("sale_to_minor"),
        violation_on=on - dt.timedelta(days=200),
        decided_on=on - dt.timedelta(days=170),
    )
    started = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=60), dt.time(22)))
    inspection = InspectionFactory(licence=licence, company=company_a, started_at=started)
    FindingFactory(inspection=inspection, observed_at=started + dt.timedelta(hours=3))
    page = visit.page

    visit.login("officer")
    visit.goto("/saksbehandling/kontroll/")
    visit.phone()
    visit.goto(f"/saksbehandling/kontroll/rapporter/{inspection.pk}/")
    visit.submit("Start review")

    visit.follow("Record that it was sent")
    page.get_by_label("Sent to the holder on").fill(days(-58))
    visit.submit("Save")
    visit.follow("Record the comment")
    page.get_by_label("Received on").fill(days(-50))
    page.get_by_label("The holder's comment").fill("Vi beklager og har innskjerpet rutinene.")
    visit.submit("Save")
    inspection.refresh_from_db()
    assert inspection.report_sent_on and inspection.holder_comment_on

    visit.follow("Propose points")
    visit.submit("Register the proposals")
    assert PointDecision.objects.filter(licence=licence, status="proposed").count() == 1

    # The point case's own page: breaches, observations, timeline, letters, case officer
    # (the officer who proposed the points has the case).
    proposed = PointDecision.objects.get(licence=licence, status="proposed")
    assert proposed.case.assigned_to.username == "officer"
    visit.goto(f"/saksbehandling/kontroll/prikksak/{proposed.pk}/")
    assert page.get_by_role("heading", name="Observations from the inspection").is_visible()
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert page.get_by_label("Case officer").input_value() == str(proposed.case.assigned_to_id)
    visit.submit("Change case officer")
    visit.phone()

    visit.goto(f"/saksbehandling/kontroll/bevillinger/{licence.pk}/prikker/")
    visit.follow("Advance notice of 1 proposal")
    page.get_by_label("Advance notice sent on").fill(days(-45))
    page.get_by_label("Deadline for comments").fill(days(-24))
    visit.submit("Record the advance notice")
    visit.follow("Decide 1 notified point decision")
    page.get_by_label("Decided on").fill(days(-20))
    page.get_by_label("Reference (case number)").fill("26/900-1")
    visit.submit("Record the decision")
    assert not PointDecision.objects.filter(licence=licence).exclude(status="decided").exists()

    # 8 + 4 = 12 points in the window: a suspension candidate.
    visit.follow("Advance notice of suspension")
    page.get_by_label("Advance notice sent on").fill(days(-18))
    page.get_by_label("Deadline for comments").fill(days(-4))
    page.get_by_label("Intended start").fill(days(10))
    page.get_by_label("Intended end (inclusive)").fill(days(16))
    visit.submit("Record the advance notice")
    suspension = Suspension.objects.get(licence=licence)
    assert suspension.status == "notified"

    visit.follow("Decide the suspension")
    page.get_by_label("Reference (case number)").fill("26/900-2")
    visit.submit("Record the decision")
    suspension.refresh_from_db()
    assert suspension.status == "decided" and suspension.days == 7
    assert Inspection.objects.get(pk=inspection.pk).licence_id == licence.pk
    visit.phone()

    # The suspension's own page: breaches, timeline, letters, history.
    page.get_by_role("link", name="Decided – open the suspension").click()
    page.wait_for_load_state()
    visit.check()
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert page.get_by_text("Suspension starts").is_visible()
    visit.phone()

    # The worklist: the officer's own cases, then the sections by urgency.
    visit.goto("/")
    assert page.get_by_role("heading", name="My cases").is_visible()
    assert page.get_by_role("heading", name="Needs action today").is_visible()
    visit.phone()
    # The list of point cases and suspensions, "my cases".
    visit.goto("/saksbehandling/kontroll/saker/?officer=mine")
    assert page.get_by_role("link", name=proposed.case.number).is_visible()
    visit.phone()
