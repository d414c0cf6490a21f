"""Applications: registering, changing and moving them along the workflow."""

import datetime as dt

import pytest
from django.utils import translation

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import Application, ApplicationStatus
from licensing.services import applications as svc
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    HolderFactory,
    LicenceFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids), whatever the translations say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


D = dt.date(2026, 10, 1)


def create(officer, municipality, **kwargs):
    values = {
        "municipality": municipality,
        "kind": "new",
        "holder": HolderFactory(municipality=municipality),
        "received_on": D,
        "licence_kind": "serving",
        "actor": officer,
    }
    values.update(kwargs)
    return svc.application_create(**values)


# Creating -----------------------------------------------------------------------------


def test_create_registers_a_received_application_with_history(officer, muni1):
    application = create(officer, muni1, reference="26/1")
    assert application.status == "received"
    record = application.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer


@pytest.mark.parametrize("kind", ["renewal", "manager_change", "transfer"])
def test_kinds_that_change_a_licence_require_one(officer, muni1, kind):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind=kind, proposed_manager=PersonFactory(municipality=muni1))
    assert "must name the existing licence" in exc.value.message
    assert exc.value.field == "licence"
    assert not Application.objects.exists()


def test_licence_of_another_municipality_is_refused(officer, muni1, muni2):
    other = LicenceFactory(municipality=muni2)
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind="renewal", licence=other)
    assert "belongs to another municipality" in exc.value.message
    assert not Application.objects.exists()


def test_holder_of_another_municipality_is_refused(officer, muni1, muni2):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, holder=HolderFactory(municipality=muni2))
    assert "belongs to another municipality" in exc.value.message
    assert not Application.objects.exists()


def test_revoked_licence_cannot_be_renewed(officer, muni1):
    licence = LicenceFactory(municipality=muni1, status="revoked")
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind="renewal", licence=licence)
    assert "only an active or suspended licence" in exc.value.message
    assert not Application.objects.exists()


def test_renewal_takes_kind_groups_and_premises_from_the_licence(officer, muni1):
    licence = LicenceFactory(municipality=muni1, kind="serving", group_2=True, group_3=True)
    application = create(
        officer, muni1, kind="renewal", licence=licence, holder=licence.holder,
        licence_kind="sales", group_2=False, group_3=False,
    )  # fmt: skip
    assert application.licence_kind == "serving"
    assert (application.group_1, application.group_2, application.group_3) == (True, True, True)
    assert application.premises == licence.premises


def test_transfer_needs_a_new_holder(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind="transfer", licence=licence, holder=licence.holder)
    assert "the applicant is the new owner" in exc.value.message
    assert not Application.objects.exists()


def test_manager_change_needs_a_person(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind="manager_change", licence=licence, holder=licence.holder)
    assert "must name the new manager, the new deputy, or both" in exc.value.message
    assert not Application.objects.exists()


def test_sales_application_only_covers_group_1(officer, muni1):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, licence_kind="sales", group_2=True)
    assert "only cover group 1" in exc.value.message
    assert not Application.objects.exists()


def test_single_occasion_gets_its_licence_kind_and_needs_a_date(officer, muni1):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, kind="single_occasion")
    assert "date of the occasion" in exc.value.message
    application = create(
        officer, muni1, kind="single_occasion", requested_valid_from=dt.date(2026, 12, 5)
    )
    assert application.licence_kind == "serving_single_occasion"


def test_new_application_cannot_ask_for_a_single_occasion_licence_kind(officer, muni1):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, licence_kind="serving_catering")
    assert "their own application kinds" in exc.value.message


def test_new_application_needs_a_licence_kind(officer, muni1):
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, licence_kind="")
    assert exc.value.message == "Choose the kind of licence applied for."
    assert exc.value.field == "licence_kind"
    assert not Application.objects.exists()


def test_renewal_needs_no_licence_kind(officer, muni1):
    licence = LicenceFactory(municipality=muni1, kind="sales", group_2=False)
    application = create(
        officer, muni1, kind="renewal", licence=licence, holder=licence.holder, licence_kind=""
    )
    assert application.licence_kind == "sales"


def test_same_person_cannot_be_manager_and_deputy(officer, muni1):
    person = PersonFactory(municipality=muni1)
    with pytest.raises(DomainError) as exc:
        create(officer, muni1, proposed_manager=person, proposed_deputy=person)
    assert "two different persons" in exc.value.message
    assert not Application.objects.exists()


# Changing -----------------------------------------------------------------------------


def _update_values(application, **changes):
    values = {
        name: getattr(application, name)
        for name in (
            "kind", "holder", "received_on", "licence_kind", "licence", "premises", "group_1",
            "group_2", "group_3", "proposed_manager", "proposed_deputy", "requested_valid_from",
            "requested_valid_to", "description", "reference", "case_officer",
        )
    }  # fmt: skip
    values.update(changes)
    return values


def test_update_changes_an_open_application(officer, muni1):
    application = create(officer, muni1)
    svc.application_update(
        application=application, actor=officer, **_update_values(application, description="Pub")
    )
    application.refresh_from_db()
    assert application.description == "Pub"
    assert application.history.count() == 2


def test_decided_application_cannot_be_changed(officer, muni1):
    application = ApplicationFactory(municipality=muni1, status="decided")
    with pytest.raises(TransitionNotAllowed) as exc:
        svc.application_update(
            application=application, actor=officer, **_update_values(application, description="x")
        )
    assert "“Decided”" in exc.value.message
    application.refresh_from_db()
    assert application.description == ""


# Transitions ------------------------------------------------------------------------------

ALLOWED = [
    ("received", "assessment"),
    ("received", "withdrawn"),
    ("hearing", "assessment"),
    ("hearing", "withdrawn"),
    ("assessment", "hearing"),
    ("assessment", "withdrawn"),
]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_transition(officer, muni1, current, target):
    application = ApplicationFactory(municipality=muni1, status=current)
    if target == "hearing":
        HearingFactory(application=application)
    svc.application_transition(application=application, to_status=target, actor=officer)
    application.refresh_from_db()
    assert application.status == target
    assert application.history.latest().history_user == officer


REFUSED = [
    ("received", "decided", "Received", "Only an application under assessment can be decided"),
    ("received", "received", "Received", "already has that status"),
    ("hearing", "received", "On hearing", "never goes back to received"),
    ("hearing", "decided", "On hearing", "Only an application under assessment"),
    ("assessment", "decided", "Under assessment", "only by recording the decision"),
    ("assessment", "received", "Under assessment", "never goes back"),
    ("decided", "assessment", "Decided", "A decided application is closed"),
    ("decided", "withdrawn", "Decided", "A decided application is closed"),
    ("withdrawn", "received", "Withdrawn", "A withdrawn application is closed"),
    ("withdrawn", "hearing", "Withdrawn", "register a new application"),
    ("received", "hearing", "Received", "goes on hearing when a hearing is sent"),
    ("assessment", "hearing", "Under assessment", "goes on hearing when a hearing is sent"),
]


@pytest.mark.parametrize(("current", "target", "current_label", "why"), REFUSED)
def test_refused_transition_names_the_current_status(
    officer, muni1, current, target, current_label, why
):
    application = ApplicationFactory(municipality=muni1, status=current)
    with pytest.raises(TransitionNotAllowed) as exc:
        svc.application_transition(application=application, to_status=target, actor=officer)
    assert f"The application is “{current_label}”" in exc.value.message
    assert why in exc.value.message
    assert exc.value.current == current
    application.refresh_from_db()
    assert application.status == current
    assert application.history.count() == 1


def test_every_status_is_in_the_table():
    assert set(svc.ALLOWED_TRANSITIONS) == set(ApplicationStatus.values)


def test_buttons_offer_only_allowed_manual_transitions():
    application = Application(status="assessment")
    assert svc.allowed_manual_transitions(application) == ["withdrawn"]  # never heard
    application.status = "decided"
    assert svc.allowed_manual_transitions(application) == []


def test_withdraw(officer, muni1):
    application = ApplicationFactory(municipality=muni1, status="hearing")
    svc.application_withdraw(application=application, actor=officer)
    application.refresh_from_db()
    assert application.status == "withdrawn"
