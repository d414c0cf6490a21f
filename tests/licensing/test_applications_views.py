"""Application pages: who may see them, the list's filters and query count, create and edit,
and status changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from licensing.models import Application, Decision
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    HolderFactory,
    LicenceFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english_and_today(settings):
    """Pages in English (the msgids) on a fixed day in Oslo."""
    settings.LANGUAGE_CODE = "en"
    with (
        translation.override("en"),
        time_machine.travel(
            dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
        ),
    ):
        yield


@pytest.fixture
def case(muni1):
    """An application of municipality 1 under assessment, with a hearing and a decided sibling."""
    application = ApplicationFactory(municipality=muni1, status="assessment", reference="26/7")
    hearing = HearingFactory(application=application)
    decided = ApplicationFactory(municipality=muni1, status="decided")
    decision = Decision.objects.create(
        municipality=muni1,
        application=decided,
        kind="new",
        outcome="refused",
        decided_on=dt.date(2026, 11, 2),
        reasons="Refused.",
        legal_basis="alkoholloven § 1-7",
        appeal_deadline_on=dt.date(2026, 11, 23),
    )
    return {"application": application, "hearing": hearing, "decision": decision}


def urls(case):
    a, h, d = case["application"].pk, case["hearing"].pk, case["decision"].pk
    return {
        "application_list": reverse("licensing:application_list"),
        "application_create": reverse("licensing:application_create"),
        "application_detail": reverse("licensing:application_detail", args=[a]),
        "application_edit": reverse("licensing:application_edit", args=[a]),
        "application_transition": reverse("licensing:application_transition", args=[a])
        + "?to_status=withdrawn",
        "hearing_create": reverse("licensing:hearing_create", args=[a]),
        "hearing_reply": reverse("licensing:hearing_reply", args=[h]),
        "decision_create": reverse("licensing:decision_create", args=[a]),
        "decision_detail": reverse("licensing:decision_detail", args=[d]),
    }


VIEWS = [
    "application_list",
    "application_create",
    "application_detail",
    "application_edit",
    "application_transition",
    "hearing_create",
    "hearing_reply",
    "decision_create",
    "decision_detail",
]
OBJECT_VIEWS = [name for name in VIEWS if name not in ("application_list", "application_create")]


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_login(client, case, name):
    response = client.get(urls(case)[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", VIEWS)
def test_control_company_user_gets_403(client, company_a_user, case, name):
    client.force_login(company_a_user)
    assert client.get(urls(case)[name]).status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_user_without_role_gets_403(client, django_user_model, case, name):
    client.force_login(django_user_model.objects.create_user("nobody", password="x-123456789"))
    assert client.get(urls(case)[name]).status_code == 403


@pytest.mark.parametrize("name", OBJECT_VIEWS)
def test_officer_of_another_municipality_gets_404(officer2_client, case, name):
    assert officer2_client.get(urls(case)[name]).status_code == 404


@pytest.mark.parametrize("name", OBJECT_VIEWS)
def test_officer_of_another_municipality_cannot_post(officer2_client, case, name):
    before = Application.objects.get(pk=case["application"].pk)
    response = officer2_client.post(urls(case)[name], {"to_status": "withdrawn"})
    assert response.status_code == 404
    assert Application.objects.get(pk=before.pk).status == before.status


@pytest.mark.parametrize("name", VIEWS)
def test_officer_sees_every_page(officer_client, case, name):
    assert officer_client.get(urls(case)[name]).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_administrator_sees_every_page(admin_client_, case, name):
    assert admin_client_.get(urls(case)[name]).status_code == 200


def test_list_shows_only_the_officers_municipality(officer2_client, case, muni2):
    ApplicationFactory(municipality=muni2, reference="SALTDAL-1")
    content = officer2_client.get(reverse("licensing:application_list")).content.decode()
    assert "SALTDAL-1" in content
    assert "26/7" not in content


# List ------------------------------------------------------------------------------------------


def test_list_query_count_is_fixed(officer_client, muni1, django_assert_max_num_queries):
    for n in range(60):
        application = ApplicationFactory(municipality=muni1, status="hearing", reference=f"L{n}")
        HearingFactory(application=application, deadline_on=dt.date(2026, 11, 1))
    # session, user, the officer's municipalities (ids, rows), count, page
    with django_assert_max_num_queries(6):
        response = officer_client.get(reverse("licensing:application_list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 50
    assert response.context["page_obj"].paginator.count == 60
    with django_assert_max_num_queries(6):
        page2 = officer_client.get(reverse("licensing:application_list") + "?page=2&waiting=1")
    assert len(page2.context["page_obj"].object_list) == 10


def _listed(client, query: str) -> set[str]:
    response = client.get(reverse("licensing:application_list") + query)
    assert response.status_code == 200
    return {a.reference for a in response.context["page_obj"].object_list}


def test_list_filters(officer_client, muni1):
    holder = HolderFactory(municipality=muni1, name="Fjordkroa AS", org_number="974760673")
    ApplicationFactory(municipality=muni1, reference="NEW", holder=holder)
    licence = LicenceFactory(municipality=muni1)
    ApplicationFactory(
        municipality=muni1, reference="RENEW", kind="renewal", licence=licence, status="assessment"
    )
    overdue = ApplicationFactory(municipality=muni1, reference="LATE", status="hearing")
    HearingFactory(application=overdue, deadline_on=dt.date(2026, 11, 10))
    HearingFactory(application=overdue, body="social_services", deadline_on=dt.date(2026, 11, 30))
    answered = ApplicationFactory(municipality=muni1, reference="ANSWERED", status="hearing")
    HearingFactory(application=answered, replied_on=dt.date(2026, 10, 20), gist="OK")
    ApplicationFactory(municipality=muni1, reference="GONE", status="withdrawn")

    assert _listed(officer_client, "?kind=renewal") == {"RENEW"}
    assert _listed(officer_client, "?status=hearing") == {"LATE", "ANSWERED"}
    assert _listed(officer_client, "?q=fjordkroa") == {"NEW"}
    assert _listed(officer_client, "?q=974 760 673") == {"NEW"}
    assert _listed(officer_client, "?q=RENEW") == {"RENEW"}
    # Waiting: under assessment, or on hearing with every hearing answered or past deadline.
    assert _listed(officer_client, "?waiting=1") == {"RENEW", "ANSWERED"}
    assert _listed(officer_client, "?hearing_overdue=1") == {"LATE"}


def test_list_sorts(officer_client, muni1):
    ApplicationFactory(municipality=muni1, reference="B", received_on=dt.date(2026, 10, 2))
    ApplicationFactory(municipality=muni1, reference="A", received_on=dt.date(2026, 10, 3))
    ApplicationFactory(municipality=muni1, reference="C", received_on=dt.date(2026, 10, 1))
    url = reverse("licensing:application_list")

    def order(query):
        return [a.reference for a in officer_client.get(url + query).context["page_obj"]]

    assert order("") == ["A", "B", "C"]  # newest received first
    assert order("?ordering=reference") == ["A", "B", "C"]
    assert order("?ordering=-reference") == ["C", "B", "A"]
    assert order("?ordering=received_on") == ["C", "B", "A"]


def test_list_query_count_for_an_officer_of_several_municipalities(
    client, officer, muni1, muni2, django_assert_max_num_queries
):
    muni2.officers.add(officer)
    client.force_login(officer)
    for n in range(30):
        ApplicationFactory(municipality=muni1, reference=f"B{n}")
        ApplicationFactory(municipality=muni2, reference=f"S{n}")
    # one more than for one municipality: the municipality filter's choices
    with django_assert_max_num_queries(7):
        response = client.get(reverse("licensing:application_list"))
    assert response.context["page_obj"].paginator.count == 60
    assert response.context["several_municipalities"]


def test_municipality_filter_for_officers_of_several(admin_client_, muni1, muni2):
    ApplicationFactory(municipality=muni1, reference="BODO")
    ApplicationFactory(municipality=muni2, reference="SALTDAL")
    assert _listed(admin_client_, "") == {"BODO", "SALTDAL"}
    assert _listed(admin_client_, f"?municipality={muni2.pk}") == {"SALTDAL"}


def test_list_shows_overdue_badge(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing")
    HearingFactory(application=application, deadline_on=dt.date(2026, 11, 10))
    content = officer_client.get(reverse("licensing:application_list")).content.decode()
    assert "0 of 1 replied" in content
    assert "1 overdue" in content


# Detail ----------------------------------------------------------------------------------------


def test_detail_shows_hearings_overdue_badge_and_history(officer_client, muni1, officer):
    application = ApplicationFactory(municipality=muni1, status="hearing", reference="26/9")
    HearingFactory(application=application, deadline_on=dt.date(2026, 11, 10))
    HearingFactory(
        application=application,
        body="social_services",
        replied_on=dt.date(2026, 10, 20),
        gist="Ingen merknader fra NAV.",
    )
    response = officer_client.get(reverse("licensing:application_detail", args=[application.pk]))
    content = response.content.decode()
    assert "Overdue by 10 days" in content
    assert "Ingen merknader fra NAV." in content
    assert "History" in content
    assert len(response.context["history"]) == 3  # application and two hearings
    # Buttons only for the allowed transitions: hearing -> assessment, withdrawn.
    assert [t["status"] for t in response.context["transitions"]] == ["assessment"]
    assert response.context["can_withdraw"]
    assert not response.context["can_decide"]
    assert "Record decision" not in content


def test_detail_warns_about_missing_mandatory_hearings(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1)
    HearingFactory(application=application, body="police")
    content = officer_client.get(
        reverse("licensing:application_detail", args=[application.pk])
    ).content.decode()
    assert "Mandatory hearings not sent:" in content
    assert "Social services" in content


# Create and edit ---------------------------------------------------------------------------------


def _form_data(holder, **overrides):
    data = {
        "reference": "26/55",
        "kind": "new",
        "received_on": "2026-11-18",
        "holder": holder.pk,
        "licence_kind": "serving",
        "group_1": "on",
        "group_2": "on",
    }
    data.update(overrides)
    return data


def test_create_application(officer_client, muni1, officer):
    holder = HolderFactory(municipality=muni1)
    response = officer_client.post(reverse("licensing:application_create"), _form_data(holder))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("licensing:application_detail", args=[application.pk])
    assert application.municipality == muni1
    assert (application.status, application.group_2) == ("received", True)
    assert application.history.get().history_user == officer


def test_create_with_bad_input_says_why_and_writes_nothing(officer_client, muni1):
    holder = HolderFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:application_create"), _form_data(holder, kind="renewal")
    )
    assert response.status_code == 200
    assert "A renewal application must name the existing licence it concerns." in (
        response.content.decode()
    )
    assert response.context["form"].errors["licence"]
    assert not Application.objects.exists()


def test_create_refuses_a_holder_of_another_municipality(officer_client, muni2):
    holder = HolderFactory(municipality=muni2)
    response = officer_client.post(reverse("licensing:application_create"), _form_data(holder))
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["holder"][0]
    assert not Application.objects.exists()


def test_create_refuses_a_future_received_date(officer_client, muni1):
    holder = HolderFactory(municipality=muni1)
    response = officer_client.post(
        reverse("licensing:application_create"), _form_data(holder, received_on="2026-11-21")
    )
    assert response.context["form"].errors["received_on"] == [
        "The received date cannot be in the future."
    ]
    assert not Application.objects.exists()


def test_edit_application(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1)
    data = _form_data(application.holder, description="Utvidet areal", reference="26/99")
    response = officer_client.post(
        reverse("licensing:application_edit", args=[application.pk]), data
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.reference, application.description) == ("26/99", "Utvidet areal")


def test_decided_application_cannot_be_edited(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="decided")
    url = reverse("licensing:application_edit", args=[application.pk])
    response = officer_client.post(url, _form_data(application.holder), follow=True)
    assert "The application is “Decided” and can no longer be changed." in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.reference != "26/55"


# Status ------------------------------------------------------------------------------------------


def test_transition_button(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing")
    response = officer_client.post(
        reverse("licensing:application_transition", args=[application.pk]),
        {"to_status": "assessment"},
        follow=True,
    )
    assert "The application is now “Under assessment”." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "assessment"


def test_refused_transition_names_the_current_status(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="withdrawn")
    response = officer_client.post(
        reverse("licensing:application_transition", args=[application.pk]),
        {"to_status": "assessment"},
        follow=True,
    )
    assert (
        "The application is “Withdrawn” and cannot move to “Under assessment”."
        in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_decided_is_not_a_button(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="assessment")
    response = officer_client.post(
        reverse("licensing:application_transition", args=[application.pk]),
        {"to_status": "decided"},
        follow=True,
    )
    assert "only by recording the decision" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "assessment"


def test_withdraw_asks_for_confirmation(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1, status="received")
    url = reverse("licensing:application_transition", args=[application.pk])
    response = officer_client.get(url + "?to_status=withdrawn")
    assert "Withdraw the application?" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"
    officer_client.post(url, {"to_status": "withdrawn"})
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_received_application_goes_on_hearing_only_by_sending_one(officer_client, muni1):
    received = ApplicationFactory(municipality=muni1, status="received", received_on=TODAY)
    page = officer_client.get(reverse("licensing:application_detail", args=[received.pk]))
    labels = [t["label"] for t in page.context["transitions"]]
    assert labels == ["Move to assessment"]
    assert "Send hearing" in page.content.decode()
    assert "(today)" in page.content.decode()  # received today, not "0 days ago"
    response = officer_client.post(
        reverse("licensing:application_transition", args=[received.pk]), {"to_status": "hearing"}
    )
    received.refresh_from_db()
    assert received.status == "received"
    assert response.status_code in (200, 302)
    assessed = ApplicationFactory(municipality=muni1, status="assessment")
    HearingFactory(application=assessed)
    page = officer_client.get(reverse("licensing:application_detail", args=[assessed.pk]))
    assert [t["label"] for t in page.context["transitions"]] == ["Move back to hearing"]


def test_applicant_links_to_the_holder(officer_client, muni1):
    application = ApplicationFactory(municipality=muni1)
    content = officer_client.get(
        reverse("licensing:application_detail", args=[application.pk])
    ).content.decode()
    assert reverse("licensing:holder_detail", args=[application.holder.pk]) in content
