"""A Nynorsk municipality's seminar pages open in Nynorsk unless the visitor chose another
language; registrations made there get their e-mails in Nynorsk; new sessions are held in
the municipality's written standard."""

import pytest
from django.conf import settings
from django.urls import reverse

from licensing.models import WrittenStandard
from seminars.forms import SessionForm
from tests.factories.seminars import SeminarSessionFactory
from tests.mail import outbox

from .helpers import registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def norwegian_browser(client):
    """A Norwegian browser (the seminar tests default to English)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nb"


@pytest.fixture
def nynorsk_session(muni2):
    muni2.written_standard = WrittenStandard.NYNORSK
    muni2.save()
    return SeminarSessionFactory(municipality=muni2, capacity=30, language="nn")


def url(session):
    return reverse("seminars_public:session", args=[session.public_id])


def test_a_nynorsk_municipalitys_session_opens_in_nynorsk(client, nynorsk_session):
    page = client.get(url(nynorsk_session), HTTP_ACCEPT_LANGUAGE="nb").content.decode()

    assert '<html lang="nn">' in page
    assert "Alle som skal delta: minst styrar og stadfortredar." in page


def test_the_visitors_choice_wins(client, nynorsk_session):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = client.get(url(nynorsk_session)).content.decode()
    assert '<html lang="nb">' in page
    assert "minst styrer og stedfortreder" in page

    client.cookies.clear()
    english = client.get(url(nynorsk_session), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english


def test_a_bokmal_municipalitys_session_stays_in_bokmal(client, session):
    page = client.get(url(session), HTTP_ACCEPT_LANGUAGE="nb").content.decode()

    assert '<html lang="nb">' in page


def test_a_registration_on_the_nynorsk_page_gets_nynorsk_e_mails(
    client, nynorsk_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(nynorsk_session), registration_post())

    assert response.status_code == 302
    registration = nynorsk_session.registrations.get()
    assert registration.language == "nn"
    (message,) = outbox
    assert message.subject == "Påmeld: Ansvarlig vertskap (10. desember 2026)"
    assert "Takk: Kafé Kaien er påmeld til kurset i ansvarleg vertskap." in message.body
    assert "Oppmøtet tel for løyvevilkåret først når saksbehandlaren" in message.body
    # The registration's own page follows its language too.
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="nn">' in page


def test_a_new_session_is_held_in_the_municipalitys_written_standard(muni1, muni2):
    muni2.written_standard = WrittenStandard.NYNORSK
    muni2.save()

    assert SessionForm(municipalities=[muni2])["language"].initial == "nn"
    assert SessionForm(municipalities=[muni1])["language"].initial == "nb"
