"""The pages speak Norwegian Bokmål by default (English msgids, nb translations)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from inspections.services.points import check_point_system
from licensing.errors import DomainError
from tests.factories.licensing import LicenceFactory


def test_pages_in_bokmal(officer_client, report):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    content = officer_client.get(reverse("inspections:report_list")).content.decode()
    assert "Kontrollrapporter" in content
    assert "innsendt, ikke behandlet" in content
    detail = officer_client.get(
        reverse("inspections:report_detail", args=[report.pk])
    ).content.decode()
    assert "Bevillingshaverens uttalelse" in detail


def test_service_messages_in_bokmal(muni1):
    licence = LicenceFactory(municipality=muni1, kind="serving_catering")
    with translation.override("nb"):
        try:
            check_point_system(licence)
        except DomainError as exc:
            assert (
                "er utenfor prikksystemet og kan ikke få prikker (alkoholforskriften § 10-1)"
                in exc.message
            )
        else:  # pragma: no cover
            raise AssertionError("catering licences are outside the point system")
