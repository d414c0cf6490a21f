"""Decisions (enkeltvedtak) and their effect on the register."""

import datetime as dt

import pytest
from django.utils import translation

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import Decision, Licence, ManagerAssignment
from licensing.services import decisions as svc
from licensing.services.applications import default_legal_basis
from tests.factories.licensing import (
    ApplicationFactory,
    HearingFactory,
    HolderFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    PremisesFactory,
)

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids), whatever the translations say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def ready(municipality, *, hearings=("police", "social_services"), **kwargs):
    """An application under assessment whose mandatory hearings were answered."""
    kwargs.setdefault("status", "assessment")
    application = ApplicationFactory(municipality=municipality, **kwargs)
    for body in hearings:
        HearingFactory(
            application=application,
            body=body,
            sent_on=dt.date(2026, 10, 5),
            deadline_on=dt.date(2026, 10, 26),
            replied_on=dt.date(2026, 10, 20),
            gist="No objections.",
        )
    return application


def decide(application, officer, outcome="granted", decided_on=DECIDED, **kwargs):
    if outcome == "refused" and not application.comment_step_skipped_reason:
        # The hearings said nothing against the applicant: nothing to send for comment
        # (forvaltningsloven § 17 second paragraph; tests/licensing/test_comment_step.py).
        application.comment_step_skipped_reason = "The statements say nothing about the applicant."
        application.save(update_fields=["comment_step_skipped_reason"])
    return svc.decision_record(
        application=application,
        outcome=outcome,
        decided_on=decided_on,
        reasons=kwargs.pop("reasons", "The conditions of the act are met."),
        actor=officer,
        **kwargs,
    )


def nothing_written(application, status="assessment"):
    application.refresh_from_db()
    assert application.status == status
    assert not Decision.objects.exists()


# New licences -----------------------------------------------------------------------------


def test_grant_creates_the_licence_with_manager_deputy_and_history(officer, muni1):
    manager = PersonFactory(municipality=muni1, name="Mona Manager")
    deputy = PersonFactory(municipality=muni1, name="Dag Deputy")
    application = ready(
        muni1, proposed_manager=manager, proposed_deputy=deputy,
        premises=PremisesFactory(municipality=muni1), group_2=True,
    )  # fmt: skip
    decision = decide(application, officer)

    licence = decision.licence
    assert licence.number == "2026-001"
    assert licence.holder == application.holder
    assert licence.premises == application.premises
    assert licence.kind == "serving"
    assert licence.alcohol_groups == [1, 2]
    assert licence.granted_on == DECIDED
    assert licence.valid_from == DECIDED
    assert licence.valid_to == dt.date(2028, 9, 30)  # end of the licence period (§ 1-6)
    assert licence.group12_from == muni1.serving_group12_from  # the municipality's hours
    current = {a.role: a.person for a in licence.assignments.filter(ended_on__isnull=True)}
    assert current == {"manager": manager, "deputy": deputy}
    assert licence.history.get().history_user == officer
    assert all(a.history.get().history_user == officer for a in licence.assignments.all())
    application.refresh_from_db()
    assert application.status == "decided"
    assert application.history.latest().history_user == officer
    assert decision.history.get().history_user == officer
    assert decision.decided_by == officer
    assert decision.kind == "new"
    assert decision.reference == application.reference


def test_licence_numbers_count_per_municipality_and_year(officer, muni1):
    LicenceFactory(municipality=muni1, number="2026-001")
    LicenceFactory(municipality=muni1, number="2026-002")
    LicenceFactory(municipality=muni1, number="2025-009")
    application = ready(muni1, proposed_manager=PersonFactory(municipality=muni1))
    assert decide(application, officer).licence.number == "2026-003"


def test_requested_dates_are_used(officer, muni1):
    application = ready(
        muni1,
        proposed_manager=PersonFactory(municipality=muni1),
        requested_valid_from=dt.date(2027, 1, 1),
        requested_valid_to=dt.date(2027, 12, 31),
    )
    licence = decide(application, officer).licence
    assert (licence.valid_from, licence.valid_to) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))


def test_refusal_creates_no_licence(officer, muni1):
    application = ready(muni1, proposed_manager=PersonFactory(municipality=muni1))
    decision = decide(application, officer, outcome="refused", reasons="Too many complaints.")
    assert decision.outcome == "refused"
    assert decision.licence is None
    assert not Licence.objects.exists()
    application.refresh_from_db()
    assert application.status == "decided"


def test_appeal_deadline_is_exactly_21_days(officer, muni1):
    application = ready(muni1, proposed_manager=PersonFactory(municipality=muni1))
    decision = decide(application, officer, decided_on=dt.date(2026, 12, 18))
    assert decision.appeal_deadline_on == dt.date(2027, 1, 8)
    assert (decision.appeal_deadline_on - decision.decided_on).days == 21


@pytest.mark.parametrize(
    ("kind", "licence_kind", "expected"),
    [
        ("new", "serving", "alkoholloven §§ 1-7, 1-7a, 1-7b and 4-2"),
        ("new", "sales", "alkoholloven §§ 1-7, 1-7a, 1-7b and 3-1"),
        ("renewal", "serving", "alkoholloven §§ 1-6, 1-7, 1-7a, 1-7b and 4-2"),
        ("manager_change", "serving", "alkoholloven § 1-7c"),
        ("transfer", "serving", "alkoholloven § 1-10"),
        (
            "single_occasion",
            "serving_single_occasion",
            "alkoholloven § 1-6 third paragraph and § 4-2",
        ),
        ("catering", "serving_catering", "alkoholloven § 4-5"),
    ],
)
def test_default_legal_basis(kind, licence_kind, expected):
    from licensing.models import Application

    assert default_legal_basis(Application(kind=kind, licence_kind=licence_kind)) == expected


def test_legal_basis_defaults_when_blank_and_is_kept_when_given(officer, muni1):
    first = ready(muni1)
    assert decide(first, officer, outcome="refused").legal_basis.startswith("alkoholloven §§ 1-7")
    second = ready(muni1)
    given = decide(second, officer, outcome="refused", legal_basis="alkoholloven § 1-7a")
    assert given.legal_basis == "alkoholloven § 1-7a"


# Refusals of the decision itself (nothing written) ---------------------------------------


@pytest.mark.parametrize(("status", "label"), [("received", "Received"), ("hearing", "On hearing")])
def test_only_an_application_under_assessment_can_be_decided(officer, muni1, status, label):
    application = ready(muni1, status=status)
    with pytest.raises(TransitionNotAllowed) as exc:
        decide(application, officer)
    assert f"The application is “{label}”" in exc.value.message
    nothing_written(application, status)


def test_decided_application_cannot_be_decided_again(officer, muni1):
    application = ready(muni1)
    decide(application, officer, outcome="refused")
    with pytest.raises(TransitionNotAllowed) as exc:
        decide(application, officer, outcome="refused")
    assert "“Decided”" in exc.value.message
    assert Decision.objects.count() == 1


def test_reasons_are_required(officer, muni1):
    application = ready(muni1)
    with pytest.raises(DomainError) as exc:
        decide(application, officer, reasons=" ")
    assert "Give the reasons" in exc.value.message
    assert exc.value.field == "reasons"
    nothing_written(application)


def test_decision_cannot_predate_the_application(officer, muni1):
    application = ready(muni1)
    with pytest.raises(DomainError) as exc:
        decide(application, officer, decided_on=dt.date(2026, 9, 1))
    assert "before the application was received (01.10.2026)" in exc.value.message
    nothing_written(application)


def test_manager_under_20_rolls_everything_back(officer, muni1):
    young = PersonFactory(municipality=muni1, name="Ung Styrer", date_of_birth=dt.date(2007, 1, 1))
    deputy = PersonFactory(municipality=muni1)
    application = ready(muni1, proposed_manager=young, proposed_deputy=deputy)
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert exc.value.message.startswith("The application cannot be granted:")
    assert "Ung Styrer is 19 on 20.11.2026; a manager or deputy must be at least 20." in (
        exc.value.message
    )
    nothing_written(application)
    assert not Licence.objects.exists()
    assert not ManagerAssignment.objects.exists()
    assert not Licence.history.exists()


def test_licence_failing_validation_rolls_everything_back(officer, muni1):
    application = ready(
        muni1,
        proposed_manager=PersonFactory(municipality=muni1),
        requested_valid_from=dt.date(2027, 1, 1),
        requested_valid_to=dt.date(2029, 12, 31),  # past the end of the period
    )
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert "cannot run past the end of the licence period (30.09.2028" in exc.value.message
    nothing_written(application)
    assert not Licence.objects.exists()


def test_serving_licence_needs_a_proposed_manager(officer, muni1):
    application = ready(muni1)
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert "needs an approved manager (alkoholloven § 1-7c)" in exc.value.message
    nothing_written(application)


def test_grant_needs_the_mandatory_hearings(officer, muni1):
    application = ready(
        muni1, hearings=("police",), proposed_manager=PersonFactory(municipality=muni1)
    )
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert "No hearing was sent to social services (alkoholloven § 1-7)" in exc.value.message
    nothing_written(application)


def test_grant_waits_for_the_reply_or_the_deadline(officer, muni1):
    application = ready(
        muni1, hearings=("police",), proposed_manager=PersonFactory(municipality=muni1)
    )
    HearingFactory(
        application=application,
        body="social_services",
        sent_on=dt.date(2026, 11, 1),
        deadline_on=dt.date(2026, 11, 22),
    )
    with pytest.raises(DomainError) as exc:
        decide(application, officer, decided_on=dt.date(2026, 11, 22))
    assert "deadline (22.11.2026) has not passed" in exc.value.message
    nothing_written(application)
    # The day after the deadline the social services have had their opportunity.
    assert decide(application, officer, decided_on=dt.date(2026, 11, 23)).licence


def test_refusal_does_not_need_hearings(officer, muni1):
    application = ready(muni1, hearings=())
    assert decide(application, officer, outcome="refused").outcome == "refused"


# Single occasion and catering -----------------------------------------------------------------


def test_single_occasion_lasts_the_day_and_skips_qualification_checks(officer, muni1):
    young = PersonFactory(municipality=muni1, date_of_birth=dt.date(2008, 1, 1))
    application = ready(
        muni1,
        hearings=(),
        kind="single_occasion",
        licence_kind="serving_single_occasion",
        requested_valid_from=dt.date(2026, 12, 5),
        proposed_manager=young,
    )
    decision = decide(application, officer)
    licence = decision.licence
    assert licence.kind == "serving_single_occasion"
    assert licence.valid_from == licence.valid_to == dt.date(2026, 12, 5)
    assert licence.assignments.get().person == young
    assert decision.legal_basis == "alkoholloven § 1-6 third paragraph and § 4-2"


# Renewal ----------------------------------------------------------------------------------


def test_renewal_continues_the_licence_into_the_next_period(officer, muni1):
    licence = LicenceFactory(
        municipality=muni1, valid_from=dt.date(2024, 10, 1), valid_to=dt.date(2028, 9, 30)
    )
    ManagerAssignmentFactory(licence=licence)
    application = ready(muni1, kind="renewal", licence=licence, holder=licence.holder)
    decision = decide(application, officer, decided_on=dt.date(2028, 6, 1))
    licence.refresh_from_db()
    assert decision.licence == licence
    assert licence.valid_from == dt.date(2028, 10, 1)
    assert licence.valid_to == dt.date(2032, 9, 30)
    assert licence.granted_on == dt.date(2024, 9, 15)  # the original grant stays
    assert Licence.objects.count() == 1
    assert licence.history.latest().history_user == officer


def test_renewal_of_a_licence_ending_mid_period_runs_to_the_period_end(officer, muni1):
    licence = LicenceFactory(
        municipality=muni1, valid_from=dt.date(2024, 10, 1), valid_to=dt.date(2027, 6, 30)
    )
    ManagerAssignmentFactory(licence=licence)
    application = ready(muni1, kind="renewal", licence=licence, holder=licence.holder)
    decide(application, officer, decided_on=dt.date(2027, 5, 1))
    licence.refresh_from_db()
    assert (licence.valid_from, licence.valid_to) == (dt.date(2024, 10, 1), dt.date(2028, 9, 30))


def test_refused_renewal_leaves_the_licence(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    application = ready(muni1, kind="renewal", licence=licence, holder=licence.holder)
    decision = decide(application, officer, outcome="refused")
    licence.refresh_from_db()
    assert licence.valid_to == dt.date(2028, 9, 30)
    assert decision.licence == licence


# Manager change -----------------------------------------------------------------------------


def test_manager_change_ends_the_old_role_and_starts_the_new(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    old = ManagerAssignmentFactory(licence=licence, role="manager")
    new = PersonFactory(municipality=muni1)
    application = ready(
        muni1, kind="manager_change", licence=licence, holder=licence.holder, proposed_manager=new
    )
    decide(application, officer)
    old.refresh_from_db()
    assert old.ended_on is not None and old.ended_on <= DECIDED
    current = licence.assignments.get(ended_on__isnull=True, role="manager")
    assert (current.person, current.started_on) == (new, DECIDED)


def test_manager_change_checks_qualifications(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    old = ManagerAssignmentFactory(licence=licence, role="manager")
    untested = PersonFactory(municipality=muni1, name="Uten Prøve", knowledge_test_passed_on=None)
    application = ready(
        muni1,
        kind="manager_change",
        licence=licence,
        holder=licence.holder,
        proposed_manager=untested,
    )
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert "Uten Prøve has not passed the knowledge test" in exc.value.message
    nothing_written(application)
    old.refresh_from_db()
    assert old.ended_on is None
    assert licence.assignments.count() == 1


# Transfer ---------------------------------------------------------------------------------


def test_transfer_sets_the_new_holder_and_transfer_date(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    ManagerAssignmentFactory(licence=licence)
    new_owner = HolderFactory(municipality=muni1)
    application = ready(
        muni1,
        kind="transfer",
        licence=licence,
        holder=new_owner,
        requested_valid_from=dt.date(2026, 11, 1),
    )
    decide(application, officer)
    licence.refresh_from_db()
    assert licence.holder == new_owner
    assert licence.transferred_on == dt.date(2026, 11, 1)  # new penalty-point window
    assert licence.history.latest().history_user == officer


def test_transfer_without_a_date_uses_the_decision_date(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    ManagerAssignmentFactory(licence=licence)
    application = ready(
        muni1, kind="transfer", licence=licence, holder=HolderFactory(municipality=muni1)
    )
    decide(application, officer)
    licence.refresh_from_db()
    assert licence.transferred_on == DECIDED


def test_change_of_a_revoked_licence_is_refused(officer, muni1):
    licence = LicenceFactory(municipality=muni1)
    application = ready(
        muni1, kind="transfer", licence=licence, holder=HolderFactory(municipality=muni1)
    )
    Licence.objects.filter(pk=licence.pk).update(status="revoked")
    with pytest.raises(DomainError) as exc:
        decide(application, officer)
    assert "“Revoked”; only an active or suspended licence can change" in exc.value.message
    nothing_written(application)
