"""The violation catalogue and the inspection pages in Nynorsk."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from inspections.models import ViolationType
from inspections.services.points import check_point_system
from licensing.errors import DomainError
from tests.factories.licensing import LicenceFactory


def test_every_catalogue_entry_has_a_nynorsk_name(db):
    violations = list(ViolationType.objects.all())
    assert len(violations) == 23
    assert all(violation.name_nn for violation in violations)
    hours = ViolationType.objects.get(code="hours_violation")
    with translation.override("nn"):
        assert hours.name == "Brot på sals-, utleverings- og skjenketidene"
        assert hours.reference == "alkohollova §§ 3-4a, 3-7 og 4-4"
    with translation.override("nb"):
        assert hours.name == "Brudd på salgs-, utleverings- og skjenketidene"
        assert hours.reference == "alkoholloven §§ 3-4a, 3-7 og 4-4"


def test_a_missing_nynorsk_name_falls_back_to_bokmal(db):
    violation = ViolationType.objects.get(code="fee_unpaid")
    violation.name_nn = ""
    with translation.override("nn"):
        assert violation.name == "Bevillingsgebyr ikke betalt innen fristen"


def test_pages_in_nynorsk(officer_client, report):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    content = officer_client.get(reverse("inspections:report_list")).content.decode()
    assert "Kontrollrapportar" in content
    assert "innsendt, ikkje handsama" in content
    detail = officer_client.get(
        reverse("inspections:report_detail", args=[report.pk])
    ).content.decode()
    assert "Fråsegna til løyvehavaren" in detail


def test_service_messages_in_nynorsk_cite_the_nynorsk_act(muni1):
    licence = LicenceFactory(municipality=muni1, kind="serving_catering")
    with translation.override("nn"):
        try:
            check_point_system(licence)
        except DomainError as exc:
            assert (
                "er utanfor prikksystemet og kan ikkje få prikkar (alkoholforskrifta § 10-1)"
                in exc.message
            )
        else:  # pragma: no cover
            raise AssertionError("catering licences are outside the point system")
