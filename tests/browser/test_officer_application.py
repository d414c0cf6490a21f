"""A case officer takes a new application from receipt to an issued decision letter:
hearing sent, replies recorded, assessment, grant, letter preview and issue."""

from __future__ import annotations

import datetime as dt

from letters.models import IssuedLetter
from licensing.clock import today
from licensing.models import Application, Decision
from tests.factories.licensing import ApplicationFactory, PersonFactory


def test_application_hearing_decision_letter(visit, officer, muni1, delegation):
    on = today()
    application = ApplicationFactory(
        municipality=muni1,
        status="received",
        received_on=on - dt.timedelta(days=40),
        reference="26/501",
        proposed_manager=PersonFactory(municipality=muni1, name="Mona Manager"),
        proposed_deputy=PersonFactory(municipality=muni1, name="Dag Deputy"),
    )
    page = visit.page
    visit.login("officer")
    visit.phone()
    visit.goto("/soknader/")
    visit.phone()
    visit.follow("26/501")
    assert not page.get_by_role("button", name="Move to hearing").count()

    # The hearing: police and social services are preselected as mandatory.
    visit.follow("Send hearing")
    sent = on - dt.timedelta(days=30)
    page.get_by_label("Sent on").fill(sent.isoformat())
    page.get_by_label("Reply deadline").fill((sent + dt.timedelta(days=21)).isoformat())
    visit.submit("Register hearing")
    application.refresh_from_db()
    assert application.status == "hearing"
    assert application.hearings.count() == 2

    for body in ("Police", "Social services"):
        page.get_by_role("link", name=f"Record reply – {body}").click()
        page.wait_for_load_state()
        visit.check()
        page.get_by_label("Replied on").fill((sent + dt.timedelta(days=10)).isoformat())
        page.get_by_label("Gist of the reply").fill("Ingen merknader.")
        visit.submit("Save reply")

    visit.submit("Move to assessment")
    visit.follow("Record decision")
    # A missing reason is refused with a message at the top.
    page.get_by_label("Granted").check()
    page.get_by_label("Reasons").fill("")
    visit.submit("Record decision")
    assert page.title().startswith("Error:")
    page.get_by_label("Reasons").fill("Vilkårene er oppfylt.")
    visit.submit("Record decision")
    decision = Decision.objects.get(application=application)
    assert decision.outcome == "granted" and decision.licence is not None
    # The body proposed from the municipality's delegation was recorded (issue 10).
    assert decision.body_kind == "chief_executive"
    assert decision.delegation_reference == "delegeringsreglementet pkt. 4.2"
    assert Application.objects.get(pk=application.pk).status == "decided"

    # The letter: preview (a PDF, not stored), then issue.
    preview = page.get_by_role("link", name="Preview in Bokmål").first.get_attribute("href")
    response = page.request.get(visit.url(preview))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert not IssuedLetter.objects.exists()
    page.get_by_label("I have previewed the letter", exact=False).first.check()
    visit.submit("Issue the letter – Licence granted")
    assert IssuedLetter.objects.count() == 1
    assert page.get_by_text("in force").first.is_visible()
