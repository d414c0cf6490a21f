"""Defect 6 of issue 12: numeric identifiers typed in other scripts (full-width, Arabic-Indic,
…) are stored as ASCII digits or refused, wherever input enters: forms, API, import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from licensing.errors import DomainError
from licensing.models import Holder
from licensing.services.register import holder_create, person_create
from licensing.validators import (
    ascii_digits,
    normalise_org_number,
    normalise_phone,
    validate_org_number,
)

FULL_WIDTH = "９２３６０９０１６"  # 923609016
ARABIC_INDIC = "٩٢٣٦٠٩٠١٦"
DEVANAGARI = "९२३६०९०१६"


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC, DEVANAGARI, "٩٢٣ ٦٠٩ ٠١٦"])
def test_org_numbers_in_other_scripts_become_ascii(typed):
    assert normalise_org_number(typed) == "923609016"


@pytest.mark.parametrize("stored", [FULL_WIDTH, "²²³⁶⁰⁹⁰¹⁶", "9236O9016"])
def test_the_model_validator_refuses_anything_but_ascii_digits(stored):
    with pytest.raises(ValidationError):
        validate_org_number(stored)


def test_the_duplicate_check_sees_the_same_number_in_another_script(muni1, officer):
    holder_create(municipality=muni1, org_number="923609016", name="Kafé Kaia", actor=officer)
    with pytest.raises(DomainError):
        holder_create(municipality=muni1, org_number=FULL_WIDTH, name="Kaia 2", actor=officer)
    with pytest.raises(DomainError):
        holder_create(municipality=muni1, org_number=ARABIC_INDIC, name="Kaia 3", actor=officer)
    assert Holder.objects.count() == 1


def test_the_holder_form_stores_ascii(officer_client, muni1):
    response = officer_client.post(
        reverse("licensing:holder_create"),
        {"org_number": FULL_WIDTH, "name": "Kafé Kaia AS", "phone": "+４７ ７５ ５５ ５０ ００"},
    )
    assert response.status_code == 302
    holder = Holder.objects.get()
    assert holder.org_number == "923609016"
    assert holder.phone == "+47 75 55 50 00"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("٧٥ ٥٥ ٥٠ ٠٠", "75 55 50 00"), ("+47 (75) 55-50.00", "+47 (75) 55-50.00"), ("", "")],
)
def test_phone_numbers_become_ascii(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["75 55 ⁵⁰ 00", "ring meg", "75 55 50 00 ext"])
def test_phone_numbers_with_other_characters_are_refused(muni1, officer, typed):
    with pytest.raises(DomainError):
        person_create(municipality=muni1, name="Kari", phone=typed, actor=officer)


def test_licence_numbers_keep_their_form_with_ascii_digits():
    assert ascii_digits("２０２４-０１３") == "2024-013"
    assert ascii_digits("Bodø 2024") == "Bodø 2024"


def test_the_api_filters_read_other_scripts(muni1, officer):
    from rest_framework.test import APIClient

    from api.tokens import token_issue

    holder_create(municipality=muni1, org_number="923609016", name="Kafé Kaia", actor=officer)
    _row, token = token_issue(user=officer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/holders/", {"org_number": ARABIC_INDIC})
    assert response.status_code == 200
    assert [h["org_number"] for h in response.json()["results"]] == ["923609016"]
