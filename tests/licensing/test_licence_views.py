"""Licence pages: access per persona, the list (filters, sorting, query count), the detail
page, create/edit, the manager change and the status change."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from licensing import extensions
from licensing.clock import today
from licensing.models import Licence, LicenceStatusChange, ManagerAssignment, Premises
from tests.factories.licensing import (
    HolderFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    PremisesFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def licence(muni1):
    licence = LicenceFactory(
        municipality=muni1, number="2024-017", holder__name="Brygga Mat AS",
        premises__name="Brygga", granted_on=dt.date(2024, 9, 15), seminar_required=True,
        conditions="Ingen skjenking på uteserveringen etter kl. 23.",
    )  # fmt: skip
    ManagerAssignmentFactory(licence=licence, person__name="Mona Styrer")
    ManagerAssignmentFactory(licence=licence, person__name="Dag Stedfortreder", role="deputy")
    return licence


def licence_urls(licence) -> list[str]:
    return [
        reverse(name, args=[licence.pk])
        for name in (
            "licensing:licence_detail",
            "licensing:licence_edit",
            "licensing:licence_assign",
            "licensing:licence_status",
        )  # fmt: skip
    ]


# Access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, licence):
    for url in [reverse("licensing:licence_list"), reverse("licensing:licence_create"),
                *licence_urls(licence)]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_control_company_users_are_refused(company_a_client, licence):
    for url in [reverse("licensing:licence_list"), reverse("licensing:licence_create"),
                *licence_urls(licence)]:  # fmt: skip
        assert company_a_client.get(url).status_code == 403, url
    response = company_a_client.post(
        reverse("licensing:licence_status", args=[licence.pk]),
        {"status": "revoked", "on": "2026-01-01", "reason": "x", "confirm": "on"},
    )
    assert response.status_code == 403
    licence.refresh_from_db()
    assert licence.status == "active"


def test_officer_of_another_municipality_gets_404(officer2_client, licence):
    for url in licence_urls(licence):
        assert officer2_client.get(url).status_code == 404, url
    response = officer2_client.post(
        reverse("licensing:licence_status", args=[licence.pk]),
        {"status": "revoked", "on": "2026-01-01", "reason": "x", "confirm": "on"},
    )
    assert response.status_code == 404
    licence.refresh_from_db()
    assert licence.status == "active"
    assert "2024-017" not in officer2_client.get(reverse("licensing:licence_list")).content.decode()


def test_officer_and_administrator_see_every_page(officer_client, licence):
    for url in [reverse("licensing:licence_list"), reverse("licensing:licence_create"),
                *licence_urls(licence)]:  # fmt: skip
        assert officer_client.get(url).status_code == 200, url


def test_administrator_sees_every_municipality(admin_client_, licence):
    for url in licence_urls(licence):
        assert admin_client_.get(url).status_code == 200, url


# List ------------------------------------------------------------------------------------


def test_licence_list_runs_a_fixed_number_of_queries(
    officer_client, muni1, django_assert_max_num_queries
):
    for _ in range(60):
        licence = LicenceFactory(municipality=muni1)
        ManagerAssignmentFactory(licence=licence)
        ManagerAssignmentFactory(licence=licence, role="deputy")
    url = reverse("licensing:licence_list")
    with django_assert_max_num_queries(6):
        response = officer_client.get(url)
    rows = list(response.context["page_obj"])
    assert len(rows) == 50 and all(row.manager_name for row in rows)
    with django_assert_max_num_queries(6):
        response = officer_client.get(
            url, {"q": "2024", "kind": "serving", "status": "active", "group": "2",
                  "ordering": "-valid_to", "page": "2"},
        )  # fmt: skip
    assert len(response.context["page_obj"]) == 10


def test_licence_list_search_by_number_holder_and_premises(officer_client, licence, muni1):
    LicenceFactory(municipality=muni1, number="2025-001", holder__name="Kafé Kaia AS",
                   premises__name="Kaia")  # fmt: skip
    url = reverse("licensing:licence_list")

    def numbers(**params):
        return [row.number for row in officer_client.get(url, params).context["page_obj"]]

    assert numbers(q="2024-017") == ["2024-017"]
    assert numbers(q="brygga mat") == ["2024-017"]
    assert numbers(q="kaia") == ["2025-001"]


def test_licence_list_filters(officer_client, muni1):
    on = today()
    LicenceFactory(municipality=muni1, number="A-sales", kind="sales", group_2=False,
                   group12_from=None, group12_until=None)  # fmt: skip
    LicenceFactory(municipality=muni1, number="B-spirits", group_3=True)
    LicenceFactory(municipality=muni1, number="C-suspended", status="suspended")
    LicenceFactory(
        municipality=muni1, number="D-soon", granted_on=on - dt.timedelta(days=30),
        valid_from=on - dt.timedelta(days=30), valid_to=on + dt.timedelta(days=90),
    )  # fmt: skip
    LicenceFactory(
        municipality=muni1, number="E-later", granted_on=on - dt.timedelta(days=30),
        valid_from=on - dt.timedelta(days=30), valid_to=on + dt.timedelta(days=91),
    )  # fmt: skip
    url = reverse("licensing:licence_list")

    def numbers(**params):
        return sorted(row.number for row in officer_client.get(url, params).context["page_obj"])

    assert numbers(kind="sales") == ["A-sales"]
    assert numbers(group="3") == ["B-spirits"]
    assert numbers(status="suspended") == ["C-suspended"]
    assert numbers(expiring="90") == ["D-soon"]


def test_licence_list_sorts_by_each_column(officer_client, muni1):
    LicenceFactory(municipality=muni1, number="2024-002", holder__name="Ørret AS",
                   valid_to=dt.date(2027, 1, 1), status="suspended")  # fmt: skip
    LicenceFactory(municipality=muni1, number="2024-001", holder__name="Aasen AS",
                   valid_to=dt.date(2028, 9, 30))  # fmt: skip
    url = reverse("licensing:licence_list")

    def numbers(ordering):
        return [
            row.number
            for row in officer_client.get(url, {"ordering": ordering}).context["page_obj"]
        ]

    assert numbers("number") == ["2024-001", "2024-002"]
    assert numbers("-number") == ["2024-002", "2024-001"]
    assert numbers("holder") == ["2024-001", "2024-002"]
    assert numbers("valid_to") == ["2024-002", "2024-001"]
    assert numbers("status") == ["2024-001", "2024-002"]


def test_registered_list_filters_are_rendered_and_applied(officer_client, muni1, monkeypatch):
    LicenceFactory(municipality=muni1, number="2024-001", seminar_required=True)
    LicenceFactory(municipality=muni1, number="2024-002")
    calls = []

    def apply(queryset, value, municipality_ids, on):
        calls.append((value, municipality_ids, on))
        return queryset.filter(seminar_required=(value == "yes"))

    monkeypatch.setattr(
        extensions, "licence_list_filters",
        [extensions.ListFilter("seminar", "Seminar condition", (("yes", "Yes"), ("no", "No")), apply)],
    )  # fmt: skip
    monkeypatch.setattr("licensing.filters.licence_list_filters", extensions.licence_list_filters)
    response = officer_client.get(reverse("licensing:licence_list"), {"seminar": "yes"})
    assert [row.number for row in response.context["page_obj"]] == ["2024-001"]
    assert calls == [("yes", [muni1.pk], today())]
    page = response.content.decode()
    assert 'name="seminar"' in page and "Seminar condition" in page


# Detail ------------------------------------------------------------------------------------


def test_licence_detail_shows_terms_managers_conditions_and_history(
    officer_client, licence, officer
):
    from licensing.services.licences import licence_assign_manager

    new = PersonFactory(municipality=licence.municipality, name="Nina Ny")
    licence_assign_manager(licence=licence, person=new, role="manager",
                           started_on=dt.date(2026, 1, 1), actor=officer)  # fmt: skip
    response = officer_client.get(reverse("licensing:licence_detail", args=[licence.pk]), **EN)
    page = response.content.decode()
    assert response.context["current_manager"].person == new
    assert response.context["current_deputy"].person.name == "Dag Stedfortreder"
    assert [a.person.name for a in response.context["assignments"] if a.role == "manager"] == [
        "Nina Ny", "Mona Styrer",
    ]  # fmt: skip
    for text in ("Brygga Mat AS", "Seminar required", "Ingen skjenking på uteserveringen",
                 "08:00–01:00", "Group 2 (over 4.7 % and under 22 %)", "Mona Styrer"):  # fmt: skip
        assert text in page, text
    assert any(entry.who == "Siri Saksbehandler" for entry in response.context["history"])


def test_registered_panels_are_rendered_in_order(officer_client, licence, monkeypatch):
    def late(request, licence, on):
        return extensions.Panel("licensing/register/_status_badge.html", {}, order=200)

    def early(request, licence, on):
        return extensions.Panel("licensing/register/_status_badge.html", {}, order=10)

    def nothing(request, licence, on):
        return None

    monkeypatch.setattr("licensing.views.register.licence_panels", [late, nothing, early])
    response = officer_client.get(reverse("licensing:licence_detail", args=[licence.pk]))
    assert len(response.context["panels"]) == 2


# Create and edit ---------------------------------------------------------------------------


def licence_post(holder, manager, deputy, **overrides):
    on = today()
    data = {
        "holder": holder.pk, "kind": "serving", "group_1": "on", "group_2": "on",
        "granted_on": on.isoformat(), "valid_from": on.isoformat(), "valid_to": "2028-09-30",
        "manager": manager.pk, "deputy": deputy.pk, "seminar_required": "on",
        "new_premises_name": "Kaia", "new_premises_address_line": "Kaiveien 3",
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_licence_with_new_premises(officer_client, officer, muni1):
    holder = HolderFactory(municipality=muni1)
    manager, deputy = PersonFactory(municipality=muni1), PersonFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:licence_create"), licence_post(holder, manager, deputy)
    )
    licence = Licence.objects.get()
    assert response["Location"] == reverse("licensing:licence_detail", args=[licence.pk])
    assert licence.premises.name == "Kaia" and licence.premises.municipality == muni1
    assert licence.number == f"{today().year}-001"
    assert {a.role: a.person for a in licence.assignments.all()} == {
        "manager": manager, "deputy": deputy,
    }  # fmt: skip
    assert licence.history.get().history_user == officer


def test_create_licence_with_an_under_age_manager_writes_nothing(officer_client, muni1):
    holder = HolderFactory(municipality=muni1)
    young = PersonFactory(municipality=muni1, name="Unge Ung",
                          date_of_birth=today() - dt.timedelta(days=19 * 366))  # fmt: skip
    deputy = PersonFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:licence_create"), licence_post(holder, young, deputy), **EN
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["manager"]
    assert "a manager or deputy must be at least 20" in errors[0]
    assert "error-summary" in response.content.decode()
    assert not Licence.objects.exists()
    assert not Premises.objects.exists()  # the new premises were rolled back too
    assert not ManagerAssignment.objects.exists()


def test_create_licence_refuses_both_existing_and_new_premises(officer_client, muni1):
    holder = HolderFactory(municipality=muni1)
    premises = PremisesFactory(municipality=muni1)
    data = licence_post(holder, PersonFactory(municipality=muni1), PersonFactory(municipality=muni1),
                        premises=premises.pk)  # fmt: skip
    response = officer_client.post(reverse("licensing:licence_create"), data, **EN)
    assert response.context["form"].errors["new_premises_name"] == [
        "Choose existing premises or register new ones, not both."
    ]
    assert not Licence.objects.exists()


def test_create_licence_cannot_use_a_holder_of_another_municipality(officer_client, muni1, muni2):
    foreign = HolderFactory(municipality=muni2)
    data = licence_post(
        foreign, PersonFactory(municipality=muni1), PersonFactory(municipality=muni1)
    )
    response = officer_client.post(reverse("licensing:licence_create"), data)
    assert "holder" in response.context["form"].errors
    assert not Licence.objects.exists()


def test_edit_licence_shows_hours_errors_on_the_field(officer_client, licence):
    url = reverse("licensing:licence_edit", args=[licence.pk])
    form = officer_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(group12_from="08:00", group12_until="04:00", premises=licence.premises_id,
                group_1="on", group_2="on", seminar_required="on")  # fmt: skip
    for name in ("group_3",):
        data.pop(name, None)
    response = officer_client.post(url, data, **EN)
    assert (
        "may not be served between 03:00 and 06:00"
        in response.context["form"].errors["group12_until"][0]
    )
    licence.refresh_from_db()
    assert licence.group12_until == dt.time(1)
    data["group12_until"] = "02:00"
    assert officer_client.post(url, data).status_code == 302
    licence.refresh_from_db()
    assert licence.group12_until == dt.time(2)


# Manager change ----------------------------------------------------------------------------


def test_change_manager_keeps_the_old_one_in_the_history(officer_client, licence):
    new = PersonFactory(municipality=licence.municipality, name="Nina Ny")
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "assign", "role": "manager", "person": new.pk, "started_on": "2026-02-01"},
    )
    assert response.status_code == 302
    managers = licence.assignments.filter(role="manager").order_by("started_on")
    assert [(a.person.name, a.ended_on) for a in managers] == [
        ("Mona Styrer", dt.date(2026, 1, 31)), ("Nina Ny", None),
    ]  # fmt: skip


def test_change_manager_refuses_an_unqualified_person(officer_client, licence):
    untested = PersonFactory(municipality=licence.municipality, name="Per Prøveløs",
                             knowledge_test_passed_on=None)  # fmt: skip
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "assign", "role": "manager", "person": untested.pk, "started_on": "2026-02-01"},
        **EN,
    )
    assert response.context["form"].errors["person"] == [
        "Per Prøveløs has not passed the knowledge test (kunnskapsprøven) by 01.02.2026."
    ]
    assert licence.assignments.filter(ended_on__isnull=True).count() == 2


def test_person_of_another_municipality_is_not_a_choice(officer_client, licence, muni2):
    foreign = PersonFactory(municipality=muni2)
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "assign", "role": "deputy", "person": foreign.pk, "started_on": "2026-02-01"},
    )
    assert "person" in response.context["form"].errors
    assert (
        licence.assignments.get(role="deputy", ended_on__isnull=True).person.name
        == "Dag Stedfortreder"
    )


def test_end_the_deputys_role(officer_client, licence):
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "end", "end-ended_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert licence.assignments.get(role="deputy").ended_on == dt.date(2026, 3, 1)


# Status -------------------------------------------------------------------------------------


def test_status_change_needs_confirmation_and_reason(officer_client, licence):
    url = reverse("licensing:licence_status", args=[licence.pk])
    response = officer_client.post(url, {"status": "suspended", "on": "2026-06-01"}, **EN)
    errors = response.context["form"].errors
    assert errors["confirm"] == ["Tick the box to confirm the status change."]
    assert errors["reason"] == ["This field is required."]
    licence.refresh_from_db()
    assert licence.status == "active"
    assert not LicenceStatusChange.objects.exists()


def offered_statuses(client, licence) -> list[str]:
    page = client.get(reverse("licensing:licence_status", args=[licence.pk]))
    return [value for value, _ in page.context["form"]["status"].field.widget.choices]


def test_status_change_offers_only_allowed_transitions(officer_client, licence):
    # Still valid (to 2028-09-30): it cannot expire today, so "expired" is not offered.
    assert offered_statuses(officer_client, licence) == ["", "suspended", "revoked", "ceased"]
    licence.valid_to = today() - dt.timedelta(days=1)
    licence.save()
    assert offered_statuses(officer_client, licence) == [
        "", "suspended", "revoked", "expired", "ceased"
    ]  # fmt: skip


def test_status_change_from_an_outdated_page_names_the_current_status(
    officer_client, officer, licence
):
    from licensing.services.licences import licence_set_status

    url = reverse("licensing:licence_status", args=[licence.pk])
    officer_client.get(url)  # the officer opens the page while the licence is active …
    licence_set_status(licence=licence, status="suspended", on=dt.date(2026, 5, 1),
                       reason="Inndragning", actor=officer)  # fmt: skip
    # … and sends "suspended" after a colleague has suspended it.
    response = officer_client.post(
        url, {"status": "suspended", "on": "2026-06-01", "reason": "x", "confirm": "on"}, **EN
    )
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == ["The licence is already suspended."]
    assert LicenceStatusChange.objects.count() == 1


def test_status_change(officer_client, officer, licence):
    url = reverse("licensing:licence_status", args=[licence.pk])
    response = officer_client.post(url, {"status": "suspended", "on": "2026-06-01",
                                         "reason": "Inndragning, vedtak 26/12", "confirm": "on"})  # fmt: skip
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.status == "suspended"
    change = LicenceStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "active",
        "suspended",
        officer,
    )


def test_status_date_cannot_be_in_the_future(officer_client, licence):
    url = reverse("licensing:licence_status", args=[licence.pk])
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = officer_client.post(
        url, {"status": "revoked", "on": tomorrow, "reason": "x", "confirm": "on"}, **EN
    )
    assert response.context["form"].errors["on"] == [
        "A status change takes effect today or earlier; the date cannot be in the future."
    ]
    licence.refresh_from_db()
    assert licence.status == "active"


def test_final_status_page_explains_and_refuses(officer_client, licence):
    Licence.objects.filter(pk=licence.pk).update(status="revoked")
    url = reverse("licensing:licence_status", args=[licence.pk])
    page = officer_client.get(url, **EN).content.decode()
    assert "The licence is revoked; its status can no longer change." in page
    response = officer_client.post(
        url, {"status": "active", "on": "2026-01-01", "reason": "x", "confirm": "on"}
    )
    assert response.status_code == 200
    licence.refresh_from_db()
    assert licence.status == "revoked"


def test_licence_list_for_an_officer_of_two_municipalities(
    client, officer, muni1, muni2, django_assert_max_num_queries
):
    muni2.officers.add(officer)
    for n in range(60):
        licence = LicenceFactory(municipality=muni1 if n % 2 else muni2)
        ManagerAssignmentFactory(licence=licence)
    client.force_login(officer)
    url = reverse("licensing:licence_list")
    # As many as for one municipality: the filter's choices come from the loaded list.
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 50
    with django_assert_max_num_queries(6):
        response = client.get(url, {"municipality": muni2.pk, "ordering": "-holder"})
    assert response.context["page_obj"].paginator.count == 30
    assert {row.municipality for row in response.context["page_obj"]} == {muni2}


def test_history_names_the_person_and_shows_status_labels(officer_client, licence, officer):
    from licensing.services.licences import licence_assign_manager, licence_set_status

    new = PersonFactory(municipality=licence.municipality, name="Nina Ny")
    licence_assign_manager(licence=licence, person=new, role="manager",
                           started_on=dt.date(2026, 1, 1), actor=officer)  # fmt: skip
    licence_set_status(licence=licence, status="ceased", actor=officer,
                       on=dt.date(2026, 3, 1), reason="Virksomheten er lagt ned.")  # fmt: skip
    response = officer_client.get(reverse("licensing:licence_detail", args=[licence.pk]), **EN)
    history = response.context["history"]
    whats = [f"{entry.object_label} {entry.action}" for entry in history]
    assert "Manager or deputy (Manager: Nina Ny) created" in [w[:1].upper() + w[1:] for w in whats]
    changes = [change for entry in history for change in entry.changes]
    assert ("status", "Active", "Ceased") in [(c[0].lower(), c[1], c[2]) for c in changes]


# Review fixes ---------------------------------------------------------------------------------


def test_refused_edit_keeps_the_saved_number_in_the_heading(officer_client, licence, muni1):
    LicenceFactory(municipality=muni1, number="2024-099", holder__name="Annen AS")
    url = reverse("licensing:licence_edit", args=[licence.pk])
    form = officer_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.pop("group_3", None)
    data.update(number="2024-099", premises=licence.premises_id, group_1="on", group_2="on",
                seminar_required="on")  # fmt: skip
    response = officer_client.post(url, data, **EN)
    assert response.status_code == 200
    # On the number field, naming the licence that has it.
    assert response.context["form"].errors == {
        "number": ["Number 2024-099 is already used in Bodø kommune (Annen AS)."]
    }
    page = response.content.decode()
    assert "<h1>Edit licence 2024-017</h1>" in page
    assert "Edit licence 2024-099" not in page
    licence.refresh_from_db()
    assert licence.number == "2024-017"


def test_edit_licence_needs_a_number_and_does_not_promise_one(officer_client, licence):
    url = reverse("licensing:licence_edit", args=[licence.pk])
    page = officer_client.get(url, **EN).content.decode()
    assert "Leave blank to number the licence automatically" not in page
    assert (
        "Leave blank to number the licence automatically"
        in officer_client.get(reverse("licensing:licence_create"), **EN).content.decode()
    )
    form = officer_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.pop("group_3", None)
    data.update(number="", premises=licence.premises_id, group_1="on", group_2="on")
    response = officer_client.post(url, data, **EN)
    assert response.context["form"].errors == {"number": ["This field is required."]}


def test_licence_page_shows_the_premises_address(officer_client, muni1):
    premises = PremisesFactory(municipality=muni1, name="Kaia", address_line="Kaiveien 3",
                               postal_code="8006", postal_place="Bodø")  # fmt: skip
    licence = LicenceFactory(municipality=muni1, premises=premises)
    page = officer_client.get(reverse("licensing:licence_detail", args=[licence.pk]))
    assert "Kaia, Kaiveien 3, 8006 Bodø" in " ".join(page.content.decode().split())


def test_single_occasion_licence_is_not_marked_as_expiring(officer_client, muni1):
    on = today()
    occasion = LicenceFactory(
        municipality=muni1, number="E-occasion", kind="serving_single_occasion",
        granted_on=on, valid_from=on + dt.timedelta(days=10), valid_to=on + dt.timedelta(days=10),
    )  # fmt: skip
    LicenceFactory(
        municipality=muni1, number="F-serving", granted_on=on - dt.timedelta(days=30),
        valid_from=on - dt.timedelta(days=30), valid_to=on + dt.timedelta(days=10),
    )  # fmt: skip
    rows = officer_client.get(reverse("licensing:licence_list")).context["page_obj"]
    assert {row.number: row.expires_soon for row in rows} == {
        "E-occasion": False, "F-serving": True,
    }  # fmt: skip
    # The same as the "expires within 90 days" filter.
    filtered = officer_client.get(reverse("licensing:licence_list"), {"expiring": "90"})
    assert [row.number for row in filtered.context["page_obj"]] == ["F-serving"]
    detail = officer_client.get(reverse("licensing:licence_detail", args=[occasion.pk]))
    assert not detail.context["licence"].expires_soon


def test_new_manager_cannot_start_before_the_grant(officer_client, licence):
    new = PersonFactory(municipality=licence.municipality, name="Nina Ny")
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "assign", "role": "manager", "person": new.pk, "started_on": "2020-01-01"},
        **EN,
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "started_on": ["Nobody can take a role on the licence before it was granted (15.09.2024)."]
    }
    current = licence.assignments.get(role="manager", ended_on__isnull=True)
    assert current.person.name == "Mona Styrer"


def test_history_names_a_changed_related_record_with_a_fixed_number_of_queries(
    licence, officer, django_assert_max_num_queries
):
    from licensing.history import history_entries

    first_holder = licence.holder
    for n in range(5):  # five holder changes: still one lookup of holders
        licence.holder = HolderFactory(municipality=licence.municipality, name=f"Eier {n} AS")
        licence.save()
    with (
        translation.override("en"),  # the field label is asserted in English
        django_assert_max_num_queries(2),  # the history rows, then the holders
    ):
        entries = history_entries(licence)
    changes = [c for entry in entries for c in entry.changes if c[0].lower() == "holder"]
    assert len(changes) == 5
    assert changes[-1][1] == str(first_holder)  # oldest change first from the old holder
    assert changes[0][2].startswith("Eier 4 AS")
    assert not any(value.isdigit() for change in changes for value in change[1:])


def test_promoting_the_deputy_warns_that_a_new_deputy_is_needed(officer_client, licence):
    dag = licence.assignments.get(role="deputy").person
    response = officer_client.post(
        reverse("licensing:licence_assign", args=[licence.pk]),
        {"action": "assign", "role": "manager", "person": dag.pk, "started_on": "2026-11-01"},
        follow=True,
        **EN,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "Dag Stedfortreder is manager from 01.11.2026." in texts
    assert any("is no longer deputy" in t and "appoint a new one" in t for t in texts)
    assert not licence.assignments.filter(role="deputy", ended_on__isnull=True).exists()


def test_licence_list_starts_with_licences_in_force(officer_client, muni1):
    from tests.factories.licensing import LicenceFactory

    LicenceFactory(municipality=muni1, number="2020-001", status="expired")
    LicenceFactory(municipality=muni1, number="2024-002", status="suspended")
    LicenceFactory(municipality=muni1, number="2024-003", status="active")
    page = officer_client.get(reverse("licensing:licence_list"))
    numbers = [licence.number for licence in page.context["page_obj"]]
    assert numbers == ["2024-003", "2024-002", "2020-001"]
