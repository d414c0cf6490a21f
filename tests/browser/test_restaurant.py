"""A restaurant, no account: find a session, register, change, cancel; a full session puts
the registration on the waitlist. axe checks every page on the way."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from seminars.models import Registration
from tests.factories.licensing import MunicipalityFactory
from tests.factories.seminars import (
    ParticipantFactory,
    RegistrationFactory,
    SeminarSessionFactory,
)

VALID_ORG = "974760673"


def _upcoming(**kwargs):
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    starts += dt.timedelta(days=30)
    return SeminarSessionFactory(starts_at=starts, **kwargs)


def _fill(page, *, venue: str, names: list[str]) -> None:
    page.get_by_label("Organisation number").fill(VALID_ORG)
    page.get_by_label("Venue name").fill(venue)
    page.get_by_label("Contact e-mail").fill("post@kaien.example")
    for index, name in enumerate(names):
        if index:
            page.get_by_role("button", name="Add participant").click()
            page.wait_for_load_state()
        page.locator(f"#id_participants-{index}-name").fill(name)
        page.locator(f"#id_participants-{index}-role").select_option(
            "manager" if index == 0 else "deputy"
        )
    page.get_by_label("I agree that the municipality keeps", exact=False).check()


def test_find_register_change_cancel(visit, db):
    municipality = MunicipalityFactory(
        name="Bodø kommune", email="skjenking@bodo.example", phone="75 55 50 00"
    )
    session = _upcoming(municipality=municipality, title="Ansvarlig vertskap desember")
    page = visit.page

    visit.goto("/seminarer/")
    visit.phone()
    visit.follow("Ansvarlig vertskap desember")
    assert page.get_by_text("skjenking@bodo.example").first.is_visible()

    # An error first: the summary lists it, then the corrected form goes through.
    visit.submit("Register")
    assert page.title().startswith("Error:")
    assert page.locator("#error-summary").is_visible()
    _fill(page, venue="Kafé Kaien", names=["Kari Nordmann"])
    visit.submit("Register")
    assert page.get_by_text("Confirmed: you have a seat").is_visible()
    assert page.get_by_role("link", name="skjenking@bodo.example").is_visible()
    visit.phone()

    visit.follow("Change the registration")
    page.get_by_role("button", name="Add participant").click()
    page.wait_for_load_state()
    visit.check("a participant added")
    page.locator("#id_participants-1-name").fill("Per Hansen")
    page.locator("#id_participants-1-role").select_option("deputy")
    visit.submit("Save changes")
    assert page.get_by_text("Per Hansen").is_visible()

    visit.follow("Cancel the registration")
    visit.submit("Yes, cancel the registration")
    registration = Registration.objects.get(session=session)
    assert registration.status == "cancelled"
    assert page.get_by_text("This registration is cancelled").is_visible()


def test_full_session_puts_the_registration_on_the_waitlist(visit, db):
    session = _upcoming(capacity=2, title="Ansvarlig vertskap (nesten fullt)")
    ParticipantFactory(registration=RegistrationFactory(session=session))  # one seat left
    page = visit.page

    visit.goto(f"/seminarer/{session.public_id}/")
    _fill(page, venue="Kafé Kaien", names=["Kari Nordmann", "Per Hansen"])
    visit.submit("Register")
    assert page.get_by_text("On the waitlist", exact=True).is_visible()
    assert page.get_by_text("You are number 1 on the waitlist.").is_visible()
    assert Registration.objects.get(session=session, venue_name="Kafé Kaien").status == "waitlisted"


def test_not_found_page(visit, db):
    MunicipalityFactory(name="Bodø kommune", email="skjenking@bodo.example")
    visit.goto("/seminarer/pamelding/feil-lenke/", status=404)
    assert visit.page.get_by_role("heading", name="Page not found").is_visible()
    assert visit.page.get_by_role("link", name="skjenking@bodo.example").is_visible()
    visit.phone()
