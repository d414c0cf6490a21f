"""Holder, premises and person services: validation, nothing half-written, the audit trail."""

import datetime as dt

import pytest
from django.utils import translation

from licensing.models import Holder, Person, Premises
from licensing.services.register import (
    holder_create,
    holder_update,
    person_create,
    person_update,
    premises_create,
    premises_update,
)
from licensing.services.validation import InvalidData
from tests.factories.licensing import HolderFactory, LicenceFactory, ManagerAssignmentFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgids (the installation default is nb)."""
    with translation.override("en"):
        yield


def test_holder_create_normalises_the_org_number_and_records_the_actor(muni1, officer):
    holder = holder_create(
        municipality=muni1, org_number="914 778 271", name=" Brygga Mat AS ", actor=officer
    )
    assert (holder.org_number, holder.name) == ("914778271", "Brygga Mat AS")
    assert holder.history.get().history_user == officer


@pytest.mark.parametrize(
    ("org_number", "message"),
    [
        (
            "914778272",
            "914778272 is not a valid organisation number (the check digit does not match).",
        ),
        ("91477827", "An organisation number has exactly 9 digits."),
        ("91477827X", "An organisation number has exactly 9 digits."),
    ],
)
def test_holder_with_bad_org_number_is_refused(muni1, officer, org_number, message):
    with pytest.raises(InvalidData) as exc:
        holder_create(municipality=muni1, org_number=org_number, name="Feil AS", actor=officer)
    assert exc.value.errors == {"org_number": [message]}
    assert not Holder.objects.exists()


def test_same_org_number_twice_in_a_municipality_is_refused(muni1, muni2, officer):
    holder_create(municipality=muni1, org_number="914778271", name="Brygga", actor=officer)
    with pytest.raises(InvalidData) as exc:
        holder_create(municipality=muni1, org_number="914778271", name="Brygga 2", actor=officer)
    assert exc.value.errors == {
        "org_number": [
            "Organisation number 914778271 is already registered in Bodø kommune, for Brygga."
        ]
    }
    # Another municipality keeps its own register.
    holder_create(municipality=muni2, org_number="914778271", name="Brygga", actor=officer)
    assert Holder.objects.count() == 2


def test_holder_update_saves_only_real_changes(muni1, officer):
    holder = HolderFactory(municipality=muni1, name="Gammelt Navn AS")
    holder_update(holder=holder, actor=officer, name="Gammelt Navn AS")
    assert holder.history.count() == 1
    holder_update(holder=holder, actor=officer, name="Nytt Navn AS", phone="75 55 55 55")
    holder.refresh_from_db()
    assert holder.name == "Nytt Navn AS"
    assert holder.history.first().history_user == officer


def test_holder_update_refuses_a_bad_email_and_keeps_the_old(muni1, officer):
    holder = HolderFactory(municipality=muni1, email="post@brygga.no")
    with pytest.raises(InvalidData) as exc:
        holder_update(holder=holder, actor=officer, email="ikke-en-adresse")
    assert exc.value.errors == {"email": ["Enter a valid email address."]}
    holder.refresh_from_db()
    assert holder.email == "post@brygga.no"


def test_holder_keeps_its_municipality(muni1, muni2, officer):
    holder = HolderFactory(municipality=muni1)
    with pytest.raises(TypeError):
        holder_update(holder=holder, actor=officer, municipality=muni2)


def test_premises_create_and_update(muni1, officer):
    premises = premises_create(municipality=muni1, name="Brygga", address_line="Kaiveien 1",
                               actor=officer)  # fmt: skip
    premises_update(premises=premises, actor=officer, description="2. etasje")
    premises.refresh_from_db()
    assert premises.description == "2. etasje"
    assert [h.history_user for h in premises.history.all()] == [officer, officer]


def test_premises_need_a_name(muni1, officer):
    with pytest.raises(InvalidData) as exc:
        premises_create(municipality=muni1, name="  ", actor=officer)
    assert exc.value.errors == {"name": ["This field cannot be blank."]}
    assert not Premises.objects.exists()


def test_person_register_allows_unqualified_people(muni1, officer):
    # The register also holds people who cannot be managers (yet).
    person = person_create(municipality=muni1, name="Unge Ung", date_of_birth=dt.date(2010, 1, 1),
                           actor=officer)  # fmt: skip
    assert person.knowledge_test_passed_on is None


def test_knowledge_test_before_birth_is_refused(muni1, officer):
    with pytest.raises(InvalidData) as exc:
        person_create(municipality=muni1, name="Tidsreisende", date_of_birth=dt.date(2000, 1, 2),
                      knowledge_test_passed_on=dt.date(2000, 1, 1), actor=officer)  # fmt: skip
    assert exc.value.errors == {
        "knowledge_test_passed_on": [
            "The knowledge test cannot be passed before the date of birth."
        ]
    }
    assert not Person.objects.exists()


def test_person_update_refuses_to_unqualify_a_current_manager(muni1, officer):
    licence = LicenceFactory(municipality=muni1, number="2024-017", granted_on=dt.date(2024, 9, 15))
    assignment = ManagerAssignmentFactory(licence=licence, person__name="Mona Styrer")
    person = assignment.person
    with pytest.raises(InvalidData) as exc:
        person_update(person=person, actor=officer, knowledge_test_passed_on=dt.date(2025, 1, 1))
    assert exc.value.errors["knowledge_test_passed_on"] == [
        "This change would leave Mona Styrer unqualified for a role they hold now.",
        "Licence 2024-017 (manager): Mona Styrer has not passed the knowledge test "
        "(kunnskapsprøven) by 15.09.2024.",
    ]
    person.refresh_from_db()
    assert person.knowledge_test_passed_on == dt.date(2015, 5, 2)


def test_person_update_of_a_former_manager_is_allowed(muni1, officer):
    assignment = ManagerAssignmentFactory(licence__municipality=muni1, ended_on=dt.date(2025, 1, 1))
    person_update(person=assignment.person, actor=officer, knowledge_test_passed_on=None)
    assignment.person.refresh_from_db()
    assert assignment.person.knowledge_test_passed_on is None
