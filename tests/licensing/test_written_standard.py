"""The municipality's written standard (målform) and Nynorsk as a language of the site:
dates and numbers as Nynorsk writes them, the Nynorsk names of the Acts in references."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from licensing.models import Municipality, WrittenStandard
from licensing.rules.references import cite
from tests.factories.licensing import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_municipality_writes_bokmal_unless_it_records_another_standard():
    municipality = MunicipalityFactory()
    assert municipality.written_standard == WrittenStandard.BOKMAL
    assert municipality.language == "nb"

    municipality.written_standard = WrittenStandard.NYNORSK
    assert municipality.language == "nn"
    # A neutral municipality accepts both; its letters default to Bokmål.
    municipality.written_standard = WrittenStandard.NEUTRAL
    assert municipality.language == "nb"


def test_the_written_standard_is_edited_in_the_admin_with_history(admin_client_, muni1):
    url = reverse("admin:licensing_municipality_change", args=[muni1.pk])
    page = admin_client_.get(url).content.decode()
    assert 'name="written_standard"' in page

    muni1.written_standard = WrittenStandard.NYNORSK
    muni1.save()

    assert list(muni1.history.values_list("written_standard", flat=True)) == ["nn", "nb"]
    assert Municipality.objects.get(pk=muni1.pk).language == "nn"


def test_nynorsk_dates_and_numbers():
    with translation.override("nn"):
        assert formats.date_format(dt.date(2026, 12, 3), "SHORT_DATE_FORMAT") == "03.12.2026"
        assert formats.date_format(dt.date(2026, 12, 3)) == "3. desember 2026"
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1\xa0234,5"


def test_the_language_switcher_offers_nynorsk(client):
    page = client.get(reverse("login")).content.decode()
    assert '<option value="nn"' in page and "Norsk nynorsk" in page

    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="nn">' in page
    assert "Logg inn" in page and "Gå til hovudinnhaldet" in page


def test_references_are_cited_with_the_nynorsk_names_of_the_acts():
    reference = "alkoholforskriften § 4-1 annet ledd"
    assert cite(reference, "nn") == "alkoholforskrifta § 4-1 andre ledd"
    assert cite("alkoholloven § 1-7c", "nn") == "alkohollova § 1-7c"
    assert cite("forvaltningsloven § 16", "nn") == "forvaltningslova § 16"
    assert cite(reference, "nb") == reference
    assert cite(reference, "en") == reference
    with translation.override("nn"):
        assert cite(reference) == "alkoholforskrifta § 4-1 andre ledd"
