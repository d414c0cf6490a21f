"""Who decides: the municipality's delegation as data, and the deciding body every
decision on an application records (issue 10 section 2)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from licensing.models import Decision, Delegation
from licensing.services import decisions as decision_services
from licensing.services.delegation import (
    DecidingBody,
    delegation_in_force,
    resolve_body,
)
from licensing.services.validation import InvalidData
from tests.factories.licensing import ApplicationFactory, HearingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def delegation(municipality, matter="new", **values) -> Delegation:
    values = {
        "body_kind": "chief_executive",
        "reference": "delegeringsreglementet pkt. 4.2",
        "valid_from": dt.date(2024, 1, 1),
        **values,
    }
    entry = Delegation(municipality=municipality, matter=matter, **values)
    entry.full_clean()
    entry.save()
    return entry


def ready(municipality, **kwargs):
    application = ApplicationFactory(
        municipality=municipality,
        status="assessment",
        proposed_manager=PersonFactory(municipality=municipality),
        **kwargs,
    )
    for body in ("police", "social_services"):
        HearingFactory(
            application=application,
            body=body,
            sent_on=dt.date(2026, 10, 5),
            deadline_on=dt.date(2026, 10, 26),
            replied_on=dt.date(2026, 10, 20),
            gist="No objections.",
        )
    return application


# The delegation as data ---------------------------------------------------------------------


def test_one_entry_per_municipality_kind_and_date(muni1):
    delegation(muni1)
    duplicate = Delegation(
        municipality=muni1,
        matter="new",
        body_kind="council",
        valid_from=dt.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert exc.value.messages == [
        "This municipality already has a delegation for this kind of decision from that "
        "date; change that entry or choose another date."
    ]


def test_a_delegated_entry_needs_its_reference_and_a_committee_its_name(muni1):
    with pytest.raises(ValidationError) as exc:
        Delegation(
            municipality=muni1, matter="points", body_kind="chief_executive",
            valid_from=dt.date(2024, 1, 1),
        ).full_clean()  # fmt: skip
    assert exc.value.message_dict == {
        "reference": ["Give the delegation reference (e.g. “delegeringsreglementet pkt. 4.2”)."]
    }
    with pytest.raises(ValidationError) as exc:
        Delegation(
            municipality=muni1, matter="new", body_kind="committee", reference="pkt. 2.3",
            valid_from=dt.date(2024, 1, 1),
        ).full_clean()  # fmt: skip
    assert exc.value.message_dict == {
        "body_name": ["Name the committee or the officer's position."]
    }
    # The council holds the power itself: no delegation to cite.
    Delegation(
        municipality=muni1, matter="suspension", body_kind="council",
        valid_from=dt.date(2024, 1, 1),
    ).full_clean()  # fmt: skip


def test_the_entry_in_force_on_the_date_and_the_refusal_entry_first(muni1, muni2):
    old = delegation(muni1, valid_from=dt.date(2020, 1, 1), reference="pkt. 1")
    new = delegation(muni1, valid_from=dt.date(2026, 6, 1), reference="pkt. 2")
    delegation(muni2, reference="other municipality")
    assert delegation_in_force(muni1.pk, ["new"], dt.date(2026, 5, 31)) == old
    assert delegation_in_force(muni1.pk, ["new"], dt.date(2026, 6, 1)) == new
    assert delegation_in_force(muni1.pk, ["new"], dt.date(2019, 12, 31)) is None
    refusal = delegation(
        muni1, "refusal", body_kind="committee", body_name="formannskapet", reference="pkt. 2.3"
    )
    assert delegation_in_force(muni1.pk, ["refusal", "new"], DECIDED) == refusal
    assert delegation_in_force(muni1.pk, ["refusal", "renewal"], DECIDED) == refusal
    assert delegation_in_force(muni1.pk, ["renewal"], DECIDED) is None


def test_a_change_of_delegation_is_kept_in_the_history(muni1, admin_client_):
    entry = delegation(muni1)
    response = admin_client_.post(
        reverse("admin:licensing_delegation_change", args=[entry.pk]),
        {
            "municipality": muni1.pk,
            "matter": "new",
            "body_kind": "officer",
            "body_name": "enhetsleder for skjenkekontroll",
            "reference": "delegeringsreglementet pkt. 4.2, videredelegert pkt. 3",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.body_kind == "officer"
    assert [h.body_kind for h in entry.history.order_by("history_id")] == [
        "chief_executive",
        "officer",
    ]


def test_an_officer_cannot_open_the_delegation_admin(officer_client):
    response = officer_client.get(reverse("admin:licensing_delegation_changelist"))
    assert response.status_code == 302  # to the admin login


# The body a decision records ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            DecidingBody("council"),
            {
                "body_case_number": [
                    "Give the case number of the council's or committee's decision (e.g. PS 12/26)."
                ]
            },
        ),
        (
            DecidingBody("committee", body_case_number="PS 12/26"),
            {"body_name": ["Name the committee that made the decision."]},
        ),
        (
            DecidingBody("chief_executive"),
            {
                "delegation_reference": [
                    "Give the delegation the decision was made under (e.g. "
                    "“delegeringsreglementet pkt. 4.2”)."
                ]
            },
        ),
        (
            DecidingBody("officer", delegation_reference="pkt. 4.2"),
            {"body_name": ["Name the position of the officer who made the decision."]},
        ),
    ],
)
def test_what_each_kind_of_body_needs(muni1, body, errors):
    with pytest.raises(InvalidData) as exc:
        resolve_body(body, muni1.pk, ["new"], DECIDED)
    assert exc.value.errors == errors


def test_a_political_body_keeps_its_case_number_and_a_delegated_one_drops_it(muni1):
    council = resolve_body(
        DecidingBody("council", body_case_number=" PS 12/26 "), muni1.pk, [], DECIDED
    )
    assert council == DecidingBody("council", body_case_number="PS 12/26")
    chief = resolve_body(
        DecidingBody("chief_executive", delegation_reference="pkt. 4.2", body_case_number="x"),
        muni1.pk,
        [],
        DECIDED,
    )
    assert chief.body_case_number == ""


def test_the_decision_records_the_delegation_when_the_caller_gives_no_body(officer, muni1):
    delegation(muni1)
    case_officer = UserFactory(first_name="Berit", last_name="Bodø")
    application = ready(muni1, case_officer=case_officer)
    decision = decision_services.decision_record(
        application=application, outcome="granted", decided_on=DECIDED,
        reasons="The conditions are met.", actor=officer,
    )  # fmt: skip
    assert (decision.body_kind, decision.body_name, decision.delegation_reference) == (
        "chief_executive",
        "",
        "delegeringsreglementet pkt. 4.2",
    )
    assert decision.decided_by == officer
    assert decision.case_officer == case_officer  # the application's


def test_the_body_the_officer_confirmed_is_recorded_and_checked(officer, muni1):
    delegation(muni1)
    application = ready(muni1)
    with pytest.raises(InvalidData) as exc:
        decision_services.decision_record(
            application=application, outcome="granted", decided_on=DECIDED,
            reasons="OK", actor=officer, body=DecidingBody("committee", body_name="formannskapet"),
        )  # fmt: skip
    assert list(exc.value.errors) == ["body_case_number"]
    assert not Decision.objects.exists()
    decision = decision_services.decision_record(
        application=application, outcome="granted", decided_on=DECIDED, reasons="OK",
        actor=officer,
        body=DecidingBody("committee", body_name="formannskapet", body_case_number="PS 12/26"),
    )  # fmt: skip
    assert (decision.body_kind, decision.body_name, decision.body_case_number) == (
        "committee",
        "formannskapet",
        "PS 12/26",
    )
    assert decision.body_label == "formannskapet"


def test_a_later_change_of_the_delegation_does_not_change_a_decision(officer, muni1):
    entry = delegation(muni1)
    decision = decision_services.decision_record(
        application=ready(muni1), outcome="granted", decided_on=DECIDED, reasons="OK",
        actor=officer,
    )  # fmt: skip
    entry.reference = "delegeringsreglementet pkt. 9.9"
    entry.save()
    decision.refresh_from_db()
    assert decision.delegation_reference == "delegeringsreglementet pkt. 4.2"


# The decision form -------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(
        dt.datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        yield


def test_the_form_proposes_the_body_and_the_case_officer(officer_client, officer, muni1, frozen):
    delegation(muni1)
    delegation(muni1, "refusal", body_kind="committee", body_name="formannskapet",
               reference="delegeringsreglementet pkt. 2.3")  # fmt: skip
    application = ready(muni1)
    response = officer_client.get(reverse("licensing:decision_create", args=[application.pk]))
    initial = response.context["form"].initial
    assert initial["body_kind"] == "chief_executive"
    assert initial["delegation_reference"] == "delegeringsreglementet pkt. 4.2"
    assert initial["case_officer"] == officer.pk
    content = response.content.decode()
    assert "A refusal is decided by formannskapet (delegeringsreglementet pkt. 2.3)." in content
    assert "Who decides" in content


def test_the_form_refuses_a_council_decision_without_its_case_number(officer_client, muni1, frozen):
    application = ready(muni1)
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": "2026-11-20",
            "reasons": "OK",
            "legal_basis": "x",
            "body_kind": "council",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "body_case_number": [
            "Give the case number of the council's or committee's decision (e.g. PS 12/26)."
        ]
    }
    assert not Decision.objects.exists()


def test_the_decision_page_shows_body_decider_and_case_officer(
    officer_client, officer, muni1, frozen
):
    case_officer = UserFactory(first_name="Berit", last_name="Bodø")
    muni1.officers.add(case_officer)
    application = ready(muni1)
    response = officer_client.post(
        reverse("licensing:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": "2026-11-20",
            "reasons": "OK",
            "legal_basis": "x",
            "body_kind": "committee",
            "body_name": "formannskapet",
            "body_case_number": "PS 12/26",
            "case_officer": case_officer.pk,
        },
    )
    decision = Decision.objects.get()
    assert decision.case_officer == case_officer
    page = officer_client.get(response["Location"]).content.decode()
    assert "formannskapet – case PS 12/26" in page
    assert "Siri Saksbehandler" in page
    assert "Berit Bodø" in page
