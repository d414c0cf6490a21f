"""What the seminar rule adds to licensing: the selector's fixed query count, the licence
list filter, the dashboard sections, the licence panel and the registrations."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from licensing import dashboard, extensions, navigation
from licensing.models import Licence, ManagerAssignment
from seminars import dashboard as sections
from seminars import panels
from seminars.selectors import seminar_compliance_for
from tests.factories.licensing import LicenceFactory, PersonFactory
from tests.factories.seminars import AttendanceFactory, SeminarPolicyFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 22)

# (status, role start of the manager, manager's attendance): the deputy attended 2025-01-10.
KINDS = [
    ("compliant", dt.date(2024, 9, 15), dt.date(2025, 1, 10)),
    ("overdue", dt.date(2024, 9, 15), None),  # deadline 2025-03-15
    ("due", dt.date(2026, 6, 1), None),  # deadline 2026-12-01, 9 days
    ("pending", dt.date(2026, 9, 1), None),  # deadline 2027-03-01
]


def make_licences(municipality, count, *, prefix="L"):
    made = {}
    for i in range(count):
        status, started_on, attended_on = KINDS[i % len(KINDS)]
        licence = LicenceFactory(
            municipality=municipality, number=f"{prefix}-{i:03d}", seminar_required=True
        )
        manager = PersonFactory(municipality=municipality, name=f"Manager {prefix}{i}")
        deputy = PersonFactory(municipality=municipality, name=f"Deputy {prefix}{i}")
        ManagerAssignment.objects.create(
            licence=licence, person=manager, role="manager", started_on=started_on
        )
        ManagerAssignment.objects.create(
            licence=licence, person=deputy, role="deputy", started_on=dt.date(2024, 9, 15)
        )
        AttendanceFactory(person=deputy, attended_on=dt.date(2025, 1, 10))
        if attended_on:
            AttendanceFactory(person=manager, attended_on=attended_on)
        made[licence.pk] = status
    return made


def test_selector_runs_four_queries_for_sixty_licences(muni1, muni2, django_assert_num_queries):
    expected = make_licences(muni1, 40)
    expected |= make_licences(muni2, 20, prefix="S")
    SeminarPolicyFactory(municipality=muni2, valid_from=dt.date(2020, 1, 1))
    catering = LicenceFactory(
        municipality=muni1, kind="serving_catering", seminar_required=True, group_2=False
    )
    expected[catering.pk] = "not_required"

    with django_assert_num_queries(4):
        results = seminar_compliance_for(Licence.objects.all(), ON)

    assert len(results) == 61
    assert {pk: r.status for pk, r in results.items()} == expected


def test_selector_with_ids_also_runs_four_queries(muni1, django_assert_num_queries):
    ids = list(make_licences(muni1, 60))
    with django_assert_num_queries(4):
        assert len(seminar_compliance_for(ids, ON)) == 60


@pytest.mark.parametrize("status", ["compliant", "overdue", "due", "pending"])
def test_list_filter_by_status(muni1, muni2, status, django_assert_max_num_queries):
    expected = make_licences(muni1, 56)
    make_licences(muni2, 8, prefix="S")  # another municipality's licences never leak in
    wanted = sorted(pk for pk, s in expected.items() if s == status)

    with django_assert_max_num_queries(5):
        filtered = panels.SEMINAR_FILTER.apply(Licence.objects.all(), status, [muni1.pk], ON)
        found = sorted(filtered.values_list("pk", flat=True))

    assert found == wanted and len(found) == 14


def test_list_filter_not_required_and_unknown_value(muni1):
    plain = LicenceFactory(municipality=muni1, seminar_required=False)
    LicenceFactory(municipality=muni1, seminar_required=True)
    apply = panels.SEMINAR_FILTER.apply
    assert list(apply(Licence.objects.all(), "not_required", [muni1.pk], ON)) == [plain]
    assert apply(Licence.objects.all(), "bogus", [muni1.pk], ON).count() == 2


def test_dashboard_sections_explain_who_is_missing_and_by_when(
    muni1, muni2, django_assert_max_num_queries, settings
):
    settings.LANGUAGE_CODE = "en"
    make_licences(muni1, 60)
    make_licences(muni2, 8, prefix="S")
    revoked = LicenceFactory(
        municipality=muni1, number="R-1", seminar_required=True, status="revoked"
    )
    ManagerAssignment.objects.create(
        licence=revoked,
        person=PersonFactory(municipality=muni1),
        role="manager",
        started_on=dt.date(2024, 1, 1),
    )

    # Policies, the missing persons' dates, the rule on the licences shown (4), the labels
    # (docs/adr/0214); outside a dashboard each section computes them alone.
    with django_assert_max_num_queries(7):
        overdue = sections.overdue_section([muni1.pk], ON)
    with django_assert_max_num_queries(7):
        due = sections.due_section([muni1.pk], ON)

    assert overdue.total == 15 and len(overdue.items) == 10
    assert due.total == 15
    first = overdue.items[0]
    assert first.label == f"L-001 {Licence.objects.get(number='L-001').holder.name}"
    assert first.detail == "Missing: Manager L1 (manager, by 15.03.2025)."
    assert first.badge == "617 days overdue" and first.badge_kind == "bad"
    assert due.items[0].detail == "Missing: Manager L2 (manager, by 01.12.2026)."
    assert due.items[0].badge == "in 9 days" and due.items[0].badge_kind == "warn"
    assert all("R-1" not in item.label for item in overdue.items)


def test_dashboard_is_empty_without_problems(muni1):
    section = sections.overdue_section([muni1.pk], ON)
    assert section.items == [] and section.total == 0 and section.empty_text


def test_licence_panel(muni1, rf: RequestFactory, django_assert_max_num_queries, settings):
    settings.LANGUAGE_CODE = "en"
    expected = make_licences(muni1, 4)
    licence = Licence.objects.get(pk=next(pk for pk, s in expected.items() if s == "overdue"))

    with django_assert_max_num_queries(8):  # with the reminders sent to the holder
        panel = panels.licence_panel(rf.get("/"), licence, ON)
        html = render_to_string(panel.template, panel.context)

    assert panel.context["seminar_result"].status == "overdue"
    assert "Overdue" in html
    assert "has not attended the seminar; deadline 15.03.2025." in html
    assert "Missing, deadline 15 March 2025" in html or "Missing, deadline 15. March 2025" in html
    assert "10. January 2025" in html or "10 January 2025" in html  # the deputy's attendance


def test_registrations_in_app_ready():
    assert panels.licence_panel in extensions.licence_panels
    assert any(f.name == "seminar" for f in extensions.licence_list_filters)
    registered = [p for _order, p in dashboard._providers]
    assert sections.overdue_section in registered and sections.due_section in registered
    assert any(item.url_name == "seminars:session_list" for item in navigation._items)
    assert [value for value, _label in panels.STATUS_CHOICES] == [
        "not_required",
        "compliant",
        "pending",
        "due",
        "overdue",
    ]


def test_dashboard_page_shows_the_sections(officer_client, muni1):
    make_licences(muni1, 4)
    from django.urls import reverse

    content = officer_client.get(
        reverse("licensing:dashboard"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'id="section-seminar-overdue"' in content
    assert 'id="section-seminar-due"' in content


def test_licence_page_shows_the_panel(officer_client, muni1):
    from django.urls import reverse

    expected = make_licences(muni1, 4)
    overdue = next(pk for pk, s in expected.items() if s == "overdue")
    content = officer_client.get(
        reverse("licensing:licence_detail", args=[overdue])
    ).content.decode()
    assert 'id="seminar-panel-heading"' in content
    assert "Overdue" in content
    assert "has not attended the seminar; deadline 15.03.2025." in content


def test_licence_list_filters_on_seminar_status(
    officer_client, muni1, django_assert_max_num_queries
):
    from django.urls import reverse

    expected = make_licences(muni1, 56)
    url = reverse("licensing:licence_list") + "?seminar=due"
    with django_assert_max_num_queries(20):
        response = officer_client.get(url)
    assert response.status_code == 200
    shown = {licence.pk for licence in response.context["page_obj"].object_list}
    assert shown == {pk for pk, s in expected.items() if s == "due"}
