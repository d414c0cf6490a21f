"""Register pages for holders, persons and premises: access, lists, forms."""

import datetime as dt

import pytest
from django.urls import reverse

from licensing.models import Holder, Person, Premises
from tests.factories.licensing import (
    ApplicationFactory,
    HolderFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    PremisesFactory,
    make_org_number,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def records(muni1):
    holder = HolderFactory(municipality=muni1, name="Brygga Mat AS", org_number="914778271")
    return {
        "holder": holder,
        "person": PersonFactory(municipality=muni1, name="Mona Styrer"),
        "premises": PremisesFactory(municipality=muni1, name="Brygga"),
    }


def urls(records) -> list[str]:
    holder, person, premises = records["holder"], records["person"], records["premises"]
    return [
        reverse("licensing:holder_list"),
        reverse("licensing:holder_create"),
        reverse("licensing:holder_detail", args=[holder.pk]),
        reverse("licensing:holder_edit", args=[holder.pk]),
        reverse("licensing:person_list"),
        reverse("licensing:person_create"),
        reverse("licensing:person_detail", args=[person.pk]),
        reverse("licensing:person_edit", args=[person.pk]),
        reverse("licensing:premises_create"),
        reverse("licensing:premises_edit", args=[premises.pk]),
    ]


# Access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, records):
    for url in urls(records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_control_company_users_are_refused(company_a_client, records):
    for url in urls(records):
        assert company_a_client.get(url).status_code == 403, url
        assert company_a_client.post(url, {"name": "x"}).status_code == 403, url
    assert Holder.objects.count() == 1


def test_officer_sees_every_page(officer_client, records):
    for url in urls(records):
        assert officer_client.get(url).status_code == 200, url


def test_administrator_sees_every_page(admin_client_, records):
    for url in urls(records):
        assert admin_client_.get(url).status_code == 200, url


def test_officer_of_another_municipality_gets_404_on_records(officer2_client, records):
    for url in urls(records):
        if "/ny/" in url or url.endswith(("/bevillingshavere/", "/personer/")):
            continue
        assert officer2_client.get(url).status_code == 404, url
        assert officer2_client.post(url, {"name": "Kapret"}).status_code == 404, url
    assert Holder.objects.get().name == "Brygga Mat AS"


def test_lists_show_only_the_officers_municipality(officer2_client, records, muni2):
    HolderFactory(municipality=muni2, name="Saltdal Kro AS")
    PersonFactory(municipality=muni2, name="Siv Saltdal")
    holders = officer2_client.get(reverse("licensing:holder_list")).content.decode()
    persons = officer2_client.get(reverse("licensing:person_list")).content.decode()
    assert "Saltdal Kro AS" in holders and "Brygga Mat AS" not in holders
    assert "Siv Saltdal" in persons and "Mona Styrer" not in persons


# Holder list ------------------------------------------------------------------------------


def test_holder_list_runs_a_fixed_number_of_queries(
    officer_client, muni1, django_assert_max_num_queries
):
    for n in range(60):
        licence = LicenceFactory(municipality=muni1, holder__name=f"Holder {n:02d} AS")
        ManagerAssignmentFactory(licence=licence)
    url = reverse("licensing:holder_list")
    with django_assert_max_num_queries(6):
        response = officer_client.get(url, {"ordering": "-licences"})
    assert len(response.context["page_obj"]) == 50
    with django_assert_max_num_queries(6):
        assert len(officer_client.get(url, {"page": 2}).context["page_obj"]) == 10


def test_holder_list_search_by_name_and_org_number(officer_client, records, muni1):
    HolderFactory(municipality=muni1, name="Kafé Kaia AS", org_number=make_org_number(5000))
    url = reverse("licensing:holder_list")
    by_name = officer_client.get(url, {"q": "brygga"}).context["page_obj"]
    by_number = officer_client.get(url, {"q": "914 778"}).context["page_obj"]
    assert [h.name for h in by_name] == ["Brygga Mat AS"]
    assert [h.name for h in by_number] == ["Brygga Mat AS"]


def test_holder_list_sorts_and_reverses(officer_client, muni1):
    for name in ("Bølgen AS", "Aasen Bar AS", "Carls AS"):
        HolderFactory(municipality=muni1, name=name)
    url = reverse("licensing:holder_list")
    ascending = [h.name for h in officer_client.get(url, {"ordering": "name"}).context["page_obj"]]
    descending = [
        h.name for h in officer_client.get(url, {"ordering": "-name"}).context["page_obj"]
    ]
    assert ascending == sorted(ascending)
    assert descending == list(reversed(ascending))
    page = officer_client.get(url, {"ordering": "name"}).content.decode()
    assert 'aria-sort="ascending"' in page


def test_municipality_filter_only_for_officers_of_several(client, officer, records, muni2):
    muni2.officers.add(officer)
    HolderFactory(municipality=muni2, name="Saltdal Kro AS")
    client.force_login(officer)
    url = reverse("licensing:holder_list")
    response = client.get(url, {"municipality": muni2.pk})
    assert [h.name for h in response.context["page_obj"]] == ["Saltdal Kro AS"]
    assert 'name="municipality"' in response.content.decode()
    muni2.officers.remove(officer)
    client.force_login(officer)
    assert 'name="municipality"' not in client.get(url).content.decode()


# Holder detail and forms ------------------------------------------------------------------


def test_holder_detail_shows_licences_applications_and_history(officer_client, records):
    holder = records["holder"]
    licence = LicenceFactory(municipality=holder.municipality, holder=holder, number="2024-017")
    ApplicationFactory(municipality=holder.municipality, holder=holder, reference="26/777")
    page = officer_client.get(reverse("licensing:holder_detail", args=[holder.pk])).content.decode()
    assert "2024-017" in page and reverse("licensing:licence_detail", args=[licence.pk]) in page
    assert "26/777" in page
    assert 'id="history-heading"' in page


def test_create_holder(officer_client, officer, muni1):
    response = officer_client.post(
        reverse("licensing:holder_create"),
        {"org_number": "923 609 016", "name": "Kafé Kaia AS", "postal_code": "8006"},
    )
    holder = Holder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("licensing:holder_detail", args=[holder.pk])
    assert (holder.municipality, holder.org_number) == (muni1, "923609016")
    assert holder.history.get().history_user == officer


def test_create_holder_with_a_hyphenated_org_number(officer_client, muni1):
    response = officer_client.post(
        reverse("licensing:holder_create"), {"org_number": "923-609-016", "name": "Kafé Kaia AS"}
    )
    assert response.status_code == 302
    assert Holder.objects.get().org_number == "923609016"


def test_create_holder_with_bad_org_number_shows_the_message(officer_client):
    response = officer_client.post(
        reverse("licensing:holder_create"), {"org_number": "923609017", "name": "Feil AS"}, **EN
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "923609017 is not a valid organisation number (the check digit does not match)." in page
    assert 'class="error-summary"' in page
    assert not Holder.objects.exists()


def test_duplicate_holder_message_in_norwegian(officer_client, records):
    response = officer_client.post(
        reverse("licensing:holder_create"), {"org_number": "914778271", "name": "Brygga igjen"}
    )
    assert response.status_code == 200
    # On the organisation number, naming the holder that has it.
    assert response.context["form"].errors == {
        "org_number": [
            "Organisasjonsnummeret 914778271 er allerede registrert i Bodø kommune, "
            "på Brygga Mat AS."
        ]
    }
    assert Holder.objects.count() == 1


def test_officer_of_several_chooses_only_among_their_municipalities(client, officer, muni2):
    from tests.factories.licensing import MunicipalityFactory

    other = MunicipalityFactory(name="Fauske kommune")
    muni2.officers.add(officer)
    client.force_login(officer)
    response = client.post(
        reverse("licensing:holder_create"),
        {"municipality": other.pk, "org_number": "923609016", "name": "Snik AS"},
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Holder.objects.exists()
    client.post(
        reverse("licensing:holder_create"),
        {"municipality": muni2.pk, "org_number": "923609016", "name": "Saltdal Kro AS"},
    )
    assert Holder.objects.get().municipality == muni2


def test_edit_holder(officer_client, records):
    holder = records["holder"]
    response = officer_client.post(
        reverse("licensing:holder_edit", args=[holder.pk]),
        {
            "org_number": holder.org_number,
            "name": "Brygga Mat og Vin AS",
            "email": "post@brygga.no",
        },
    )
    assert response.status_code == 302
    holder.refresh_from_db()
    assert (holder.name, holder.email) == ("Brygga Mat og Vin AS", "post@brygga.no")


# Persons ----------------------------------------------------------------------------------


def test_person_list_runs_a_fixed_number_of_queries(
    officer_client, muni1, django_assert_max_num_queries
):
    for _ in range(30):
        ManagerAssignmentFactory(licence__municipality=muni1)
        PersonFactory(municipality=muni1)
    with django_assert_max_num_queries(6):
        response = officer_client.get(reverse("licensing:person_list"), {"role": "manager"})
    assert len(response.context["page_obj"]) == 30


def test_person_list_filters_by_current_role(officer_client, muni1):
    ManagerAssignmentFactory(licence__municipality=muni1, person__name="Mona Styrer")
    ManagerAssignmentFactory(
        licence__municipality=muni1, person__name="Tidligere Styrer", ended_on=dt.date(2025, 1, 1)
    )
    url = reverse("licensing:person_list")
    managers = [p.name for p in officer_client.get(url, {"role": "manager"}).context["page_obj"]]
    without = [p.name for p in officer_client.get(url, {"role": "none"}).context["page_obj"]]
    assert managers == ["Mona Styrer"]
    assert without == ["Tidligere Styrer"]


def test_person_detail_explains_why_someone_cannot_be_manager(officer_client, muni1):
    person = PersonFactory(municipality=muni1, name="Unge Ung", date_of_birth=dt.date(2010, 1, 1),
                           knowledge_test_passed_on=None)  # fmt: skip
    page = officer_client.get(reverse("licensing:person_detail", args=[person.pk]), **EN)
    text = page.content.decode()
    assert "a manager or deputy must be at least 20" in text
    assert "has not passed the knowledge test" in text


def test_create_person_refuses_future_dates(officer_client):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = officer_client.post(
        reverse("licensing:person_create"),
        {"name": "Framtidig", "date_of_birth": tomorrow.isoformat()},
        **EN,
    )
    assert response.context["form"].errors["date_of_birth"] == ["The date cannot be in the future."]
    assert not Person.objects.exists()


def test_create_and_edit_person(officer_client, officer, muni1):
    response = officer_client.post(
        reverse("licensing:person_create"),
        {"name": "Kari Nordmann", "date_of_birth": "1988-04-12",
         "knowledge_test_passed_on": "2019-05-02"},
    )  # fmt: skip
    person = Person.objects.get()
    assert response["Location"] == reverse("licensing:person_detail", args=[person.pk])
    officer_client.post(
        reverse("licensing:person_edit", args=[person.pk]),
        {"name": "Kari Nordmann", "date_of_birth": "1988-04-12", "knowledge_test_passed_on": "",
         "email": "kari@example.no"},
    )  # fmt: skip
    person.refresh_from_db()
    assert (person.knowledge_test_passed_on, person.email) == (None, "kari@example.no")
    assert person.history.first().history_user == officer


def test_edit_person_refused_when_it_unqualifies_a_manager(officer_client, muni1):
    assignment = ManagerAssignmentFactory(licence__municipality=muni1, person__name="Mona Styrer")
    person = assignment.person
    response = officer_client.post(
        reverse("licensing:person_edit", args=[person.pk]),
        {
            "name": person.name,
            "date_of_birth": "2010-01-01",
            "knowledge_test_passed_on": "2015-05-02",
        },
        **EN,
    )
    errors = response.context["form"].errors["date_of_birth"]
    assert errors[0] == "This change would leave Mona Styrer unqualified for a role they hold now."
    person.refresh_from_db()
    assert person.date_of_birth == dt.date(1985, 4, 12)


# Premises ---------------------------------------------------------------------------------


def test_create_premises_goes_on_to_a_new_licence(officer_client, muni1):
    response = officer_client.post(
        reverse("licensing:premises_create"),
        {
            "name": "Kaia",
            "address_line": "Kaiveien 3",
            "postal_code": "8006",
            "postal_place": "Bodø",
        },
    )
    premises = Premises.objects.get()
    assert premises.municipality == muni1
    assert response["Location"] == f"{reverse('licensing:licence_create')}?premises={premises.pk}"


def test_edit_premises_returns_to_a_safe_next_url_only(officer_client, records):
    premises = records["premises"]
    url = reverse("licensing:premises_edit", args=[premises.pk])
    data = {"name": "Brygga", "postal_code": "8006"}
    response = officer_client.post(url, {**data, "next": "/bevillinger/1/"})
    assert response["Location"] == "/bevillinger/1/"
    response = officer_client.post(url, {**data, "next": "https://evil.example/"})
    assert response["Location"] == reverse("licensing:licence_list")


def test_premises_postal_code_has_four_digits(officer_client, **_):
    response = officer_client.post(
        reverse("licensing:premises_create"), {"name": "Kaia", "postal_code": "80O6"}, **EN
    )
    assert response.context["form"].errors["postal_code"] == ["A postal code has 4 digits."]
    assert not Premises.objects.exists()


def test_refused_holder_edit_shows_the_holder_as_saved(officer_client, records, muni1):
    HolderFactory(municipality=muni1, name="Kaia AS", org_number="923609016")
    holder = records["holder"]
    response = officer_client.post(
        reverse("licensing:holder_edit", args=[holder.pk]),
        {"org_number": "923 609 016", "name": "Nytt Navn AS"},
        **EN,
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "org_number": [
            "Organisation number 923609016 is already registered in Bodø kommune, for Kaia AS."
        ]
    }
    page = response.content.decode()
    assert "<h1>Edit Brygga Mat AS</h1>" in page and "Edit Nytt Navn AS" not in page
    holder.refresh_from_db()
    assert (holder.name, holder.org_number) == ("Brygga Mat AS", "914778271")


def test_refused_person_edit_shows_the_person_as_saved(officer_client, muni1):
    licence = LicenceFactory(municipality=muni1)
    manager = ManagerAssignmentFactory(licence=licence, person__name="Mona Styrer").person
    response = officer_client.post(
        reverse("licensing:person_edit", args=[manager.pk]),
        {"name": "Mona Endret", "date_of_birth": "2015-01-01"},
        **EN,
    )
    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].errors
    page = response.content.decode()
    assert "Mona Styrer" in page.split("<h1>")[1].split("</h1>")[0]
    manager.refresh_from_db()
    assert manager.name == "Mona Styrer"
