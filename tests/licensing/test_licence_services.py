"""Licence services: every validation rule, manager changes and status transitions."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import Licence, LicenceStatus, LicenceStatusChange, ManagerAssignment
from licensing.services.licences import (
    allowed_transitions,
    licence_assign_manager,
    licence_create,
    licence_end_assignment,
    licence_set_status,
    licence_update,
)
from licensing.services.validation import InvalidData
from tests.factories.licensing import (
    HolderFactory,
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    PremisesFactory,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their English msgids (the installation default is nb)."""
    with translation.override("en"):
        yield


GRANTED = dt.date(2026, 3, 10)


@pytest.fixture
def parties(muni1, officer):
    return {
        "municipality": muni1,
        "holder": HolderFactory(municipality=muni1),
        "premises": PremisesFactory(municipality=muni1),
        "manager": PersonFactory(municipality=muni1, name="Mona Styrer"),
        "deputy": PersonFactory(municipality=muni1, name="Dag Stedfortreder"),
        "actor": officer,
    }


def create(parties, **overrides):
    arguments = {
        **parties,
        "kind": "serving",
        "groups": {1, 2},
        "granted_on": GRANTED,
        "valid_from": GRANTED,
        "valid_to": dt.date(2028, 9, 30),
    }
    arguments.update(overrides)
    return licence_create(**arguments)


def refused(parties, **overrides) -> dict[str, list[str]]:
    """Create with bad input: return the errors and check that nothing was written."""
    before = (Licence.objects.count(), ManagerAssignment.objects.count())
    with pytest.raises(InvalidData) as exc:
        create(parties, **overrides)
    assert (Licence.objects.count(), ManagerAssignment.objects.count()) == before
    return exc.value.errors


def all_messages(errors) -> str:
    return " ".join(m for messages in errors.values() for m in messages)


# Creating a licence ---------------------------------------------------------------------


def test_create_records_licence_managers_and_actor(parties, officer):
    licence = create(parties, seminar_required=True, conditions="Ingen skjenking ute etter 23.")
    assert licence.status == LicenceStatus.ACTIVE
    assert licence.number == "2026-001"
    assert licence.alcohol_groups == [1, 2]
    assert licence.seminar_required
    roles = {a.role: (a.person, a.started_on) for a in licence.assignments.all()}
    assert roles == {
        "manager": (parties["manager"], GRANTED),
        "deputy": (parties["deputy"], GRANTED),
    }
    assert licence.history.get().history_user == officer
    assert {a.history.get().history_user for a in licence.assignments.all()} == {officer}


def test_blank_hours_take_the_municipalitys_policy(parties):
    licence = create(parties, groups={1, 2, 3})
    assert (licence.group12_from, licence.group12_until) == (dt.time(8), dt.time(1))
    assert (licence.group3_from, licence.group3_until) == (dt.time(13), dt.time(0))
    assert licence.sales_weekday_until is None


def test_numbers_continue_within_the_year(parties):
    create(parties)
    second = create(
        parties, manager=PersonFactory(municipality=parties["municipality"]), deputy=None
    )
    assert second.number == "2026-002"


@pytest.mark.parametrize(
    ("birthday", "allowed"),
    [
        (dt.date(2006, 3, 11), False),  # turns 20 the day after the grant date
        (dt.date(2006, 3, 10), True),  # turns 20 on the grant date
        (dt.date(2006, 3, 9), True),  # turned 20 the day before
    ],
)
def test_manager_is_at_least_20_on_the_grant_date(parties, birthday, allowed):
    parties["manager"] = PersonFactory(
        municipality=parties["municipality"], name="Unge Ung", date_of_birth=birthday
    )
    if allowed:
        assert create(parties).assignments.get(role="manager").person == parties["manager"]
    else:
        errors = refused(parties)
        assert errors["manager"] == [
            "Unge Ung is 19 on 10.03.2026; a manager or deputy must be at least 20."
        ]


def test_deputy_under_20_is_refused(parties):
    parties["deputy"] = PersonFactory(
        municipality=parties["municipality"], name="Ola Ung", date_of_birth=dt.date(2008, 1, 1)
    )
    errors = refused(parties)
    assert "Ola Ung is 18 on 10.03.2026" in errors["deputy"][0]


def test_manager_without_knowledge_test_is_refused(parties):
    parties["manager"] = PersonFactory(
        municipality=parties["municipality"], name="Per Prøveløs", knowledge_test_passed_on=None
    )
    errors = refused(parties)
    assert errors["manager"] == [
        "Per Prøveløs has not passed the knowledge test (kunnskapsprøven) by 10.03.2026."
    ]


def test_knowledge_test_passed_after_the_grant_date_is_refused(parties):
    parties["manager"].knowledge_test_passed_on = GRANTED + dt.timedelta(days=1)
    parties["manager"].save()
    errors = refused(parties)
    assert "has not passed the knowledge test" in errors["manager"][0]


def test_manager_starting_later_is_checked_on_the_start_date(parties):
    # 19 on the grant date, 20 on the day they take over: allowed.
    parties["manager"] = PersonFactory(
        municipality=parties["municipality"], date_of_birth=dt.date(2006, 6, 1)
    )
    licence = create(parties, manager_started_on=dt.date(2026, 6, 1))
    assert licence.assignments.get(role="manager").started_on == dt.date(2026, 6, 1)


def test_sales_and_serving_licences_need_a_manager(parties):
    errors = refused(parties, manager=None)
    assert errors["manager"] == [
        "A sales or serving licence needs an approved manager (alkoholloven § 1-7c)."
    ]


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_single_occasion_and_catering_need_no_manager(parties, kind):
    licence = create(
        parties, kind=kind, manager=None, deputy=None, valid_to=GRANTED, groups={1, 2, 3}
    )
    assert licence.kind == kind
    assert not licence.assignments.exists()


def test_single_occasion_does_not_check_the_qualifications_of_a_contact(parties):
    young = PersonFactory(
        municipality=parties["municipality"], date_of_birth=dt.date(2007, 1, 1),
        knowledge_test_passed_on=None,
    )  # fmt: skip
    licence = create(parties, kind="serving_single_occasion", manager=young, deputy=None,
                     valid_to=GRANTED)  # fmt: skip
    assert licence.assignments.get().person == young


def test_manager_and_deputy_must_differ(parties):
    errors = refused(parties, deputy=parties["manager"])
    assert errors["deputy"] == ["The manager and the deputy must be two different persons."]


def test_parties_of_another_municipality_are_refused(parties, muni2):
    errors = refused(
        parties,
        holder=HolderFactory(municipality=muni2),
        manager=PersonFactory(municipality=muni2, name="Siv Saltdal"),
    )
    assert errors["holder"] == ["The holder is registered in Saltdal kommune, not in Bodø kommune."]
    assert errors["manager"] == [
        "Siv Saltdal is registered in Saltdal kommune, not in Bodø kommune."
    ]


def test_sales_licence_covers_group_1_only(parties):
    errors = refused(parties, kind="sales", groups={1, 2})
    assert errors["group_2"] == ["A sales licence may only cover group 1 (alkoholloven § 3-1)."]


def test_database_refuses_a_sales_licence_with_group_2_when_bypassing_validation(parties):
    licence = create(parties, kind="sales", groups={1})
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.filter(pk=licence.pk).update(group_2=True)
    licence.refresh_from_db()
    assert licence.alcohol_groups == [1]


def test_sales_licence_gets_sales_hours_and_no_serving_hours(parties):
    licence = create(parties, kind="sales", groups={1}, group12_from=dt.time(8),
                     group12_until=dt.time(1))  # fmt: skip
    assert (licence.sales_weekday_until, licence.sales_saturday_until) == (dt.time(18), dt.time(15))
    assert licence.group12_from is None


def test_at_least_one_alcohol_group(parties):
    errors = refused(parties, groups=set())
    assert errors["group_1"] == ["Choose at least one alcohol group."]


def test_serving_hours_between_03_and_06_are_refused(parties):
    errors = refused(parties, group12_from=dt.time(8), group12_until=dt.time(3, 30))
    assert errors["group12_until"] == [
        "Groups 1–2 from 08:00 until 03:30: alcohol in groups 1 and 2 may not be served "
        "between 03:00 and 06:00 (alkoholloven § 4-4)."
    ]


def test_serving_until_03_is_allowed(parties):
    licence = create(parties, group12_from=dt.time(6), group12_until=dt.time(3))
    assert licence.group12_until == dt.time(3)


def test_group_3_before_13_is_refused_on_the_group_3_start(parties):
    errors = refused(parties, groups={1, 2, 3}, group3_from=dt.time(12), group3_until=dt.time(0))
    assert errors == {
        "group3_from": [
            "Group 3 from 12:00 until 00:00: alcohol in group 3 may not be served between "
            "03:00 and 13:00 (alkoholloven § 4-4)."
        ]
    }


def test_half_given_serving_hours_are_refused(parties):
    errors = refused(parties, group12_from=dt.time(10))
    assert errors["group12_until"] == ["Give both the start and the end of the serving hours."]


def test_each_hours_error_is_on_the_field_it_concerns_and_given_once(parties):
    # Groups 1-2 starting in the forbidden hours: on the start.
    errors = refused(parties, group12_from=dt.time(4), group12_until=dt.time(1))
    assert errors == {
        "group12_from": [
            "Groups 1–2 from 04:00 until 01:00: alcohol in groups 1 and 2 may not be served "
            "between 03:00 and 06:00 (alkoholloven § 4-4)."
        ]
    }
    # Group 3 ending later than groups 1-2: on group 3's end, not on groups 1-2.
    errors = refused(parties, groups={1, 2, 3}, group12_from=dt.time(8),
                     group12_until=dt.time(1), group3_from=dt.time(13),
                     group3_until=dt.time(2))  # fmt: skip
    assert errors == {
        "group3_until": [
            "Group 3 until 02:00 ends later than groups 1–2 (until 01:00); group 3 may not be "
            "served later than groups 1 and 2 (alkoholloven § 4-4)."
        ]
    }
    # Half-given group 3 hours: one message, on the missing field.
    errors = refused(parties, groups={1, 3}, group3_from=dt.time(14))
    assert errors == {"group3_until": ["Give both the start and the end of the serving hours."]}


def test_sales_hours_before_sundays_are_refused_on_their_own_field(parties):
    errors = refused(parties, kind="sales", groups={1}, sales_weekday_until=dt.time(20),
                     sales_saturday_until=dt.time(19))  # fmt: skip
    assert errors == {
        "sales_saturday_until": [
            "Sales on days before Sundays and holidays may not go on after 18:00 "
            "(alkoholloven § 3-7)."
        ]
    }


def test_sales_licence_with_group_3_is_refused_on_group_3(parties):
    errors = refused(parties, kind="sales", groups={1, 3})
    assert errors == {"group_3": ["A sales licence may only cover group 1 (alkoholloven § 3-1)."]}


def test_sales_after_20_is_refused(parties):
    errors = refused(parties, kind="sales", groups={1}, sales_weekday_until=dt.time(20, 30))
    assert errors["sales_weekday_until"] == [
        "Sales on weekdays may not go on after 20:00 (alkoholloven § 3-7)."
    ]


def test_valid_to_before_valid_from_is_refused(parties):
    errors = refused(parties, valid_to=GRANTED - dt.timedelta(days=1))
    assert errors["valid_to"] == ["Valid to must be on or after valid from."]


def test_valid_to_on_the_period_end_is_allowed_and_one_day_later_refused(parties):
    assert create(parties).valid_to == dt.date(2028, 9, 30)
    errors = refused(parties, valid_to=dt.date(2028, 10, 1))
    assert errors["valid_to"] == [
        "A licence cannot run past the end of the licence period (30.09.2028, alkoholloven § 1-6)."
    ]


def test_licence_cannot_be_valid_before_it_is_granted(parties):
    errors = refused(parties, valid_from=GRANTED - dt.timedelta(days=1))
    assert errors["valid_from"] == ["A licence cannot be valid before it is granted (10.03.2026)."]


def test_duplicate_number_in_the_municipality_is_refused_on_the_number(parties):
    create(parties, number="2026-050")
    errors = refused(parties, number="2026-050")
    assert errors == {
        "number": [f"Number 2026-050 is already used in Bodø kommune ({parties['holder'].name})."]
    }


def test_all_problems_are_reported_at_once(parties):
    parties["manager"].knowledge_test_passed_on = None
    parties["manager"].save()
    errors = refused(parties, kind="sales", groups={1, 3}, valid_to=dt.date(2029, 1, 1))
    assert set(errors) == {"manager", "group_3", "valid_to"}


# Updating a licence ---------------------------------------------------------------------


def test_update_changes_terms_and_records_the_actor(parties, officer):
    licence = create(parties)
    licence_update(licence=licence, actor=officer, groups={1, 2, 3}, conditions="Vakt i døra.")
    licence.refresh_from_db()
    assert licence.group_3 and licence.group3_from == dt.time(13)
    latest = licence.history.first()
    assert latest.history_user == officer
    assert latest.conditions == "Vakt i døra."


def test_update_without_changes_writes_no_history(parties, officer):
    licence = create(parties)
    licence_update(licence=licence, actor=officer, groups={1, 2}, conditions="")
    assert licence.history.count() == 1


def test_update_checks_the_current_manager_against_the_new_kind(parties, officer):
    # A catering licence checks no qualifications; a serving licence does (§ 1-7c).
    parties["manager"] = PersonFactory(
        municipality=parties["municipality"], name="Eva Ung", date_of_birth=dt.date(2008, 1, 1)
    )
    licence = create(parties, kind="serving_catering", deputy=None)
    with pytest.raises(InvalidData) as exc:
        licence_update(licence=licence, actor=officer, kind="serving")
    assert exc.value.errors["__all__"] == [
        "Current manager: Eva Ung is 18 on 10.03.2026; a manager or deputy must be at least 20."
    ]
    licence.refresh_from_db()
    assert licence.kind == "serving_catering"


def test_update_to_a_kind_with_manager_needs_one(parties, officer):
    licence = create(parties, kind="serving_catering", manager=None, deputy=None)
    with pytest.raises(InvalidData) as exc:
        licence_update(licence=licence, actor=officer, kind="serving")
    assert exc.value.errors["kind"][0].startswith("A sales or serving licence needs an approved")


def test_update_refuses_unknown_fields(parties, officer):
    licence = create(parties)
    with pytest.raises(TypeError, match="status"):
        licence_update(licence=licence, actor=officer, status="revoked")


# Managers and deputies ------------------------------------------------------------------


def test_new_manager_ends_the_current_one_the_day_before(parties, officer):
    licence = create(parties)
    old = licence.assignments.get(role="manager")
    new_person = PersonFactory(municipality=parties["municipality"], name="Nina Ny")
    new = licence_assign_manager(
        licence=licence, person=new_person, role="manager", started_on=dt.date(2026, 8, 1),
        actor=officer,
    )  # fmt: skip
    old.refresh_from_db()
    assert old.ended_on == dt.date(2026, 7, 31)
    assert (new.person, new.started_on, new.ended_on) == (new_person, dt.date(2026, 8, 1), None)
    history = list(licence.assignments.filter(role="manager").order_by("started_on"))
    assert [a.person for a in history] == [parties["manager"], new_person]
    assert old.history.first().history_user == officer
    assert licence.assignments.get(role="deputy").ended_on is None  # the deputy stays


def test_change_on_the_start_day_ends_the_old_one_the_same_day(parties, officer):
    licence = create(parties)
    old = licence.assignments.get(role="deputy")
    licence_assign_manager(
        licence=licence, person=PersonFactory(municipality=parties["municipality"]),
        role="deputy", started_on=GRANTED, actor=officer,
    )  # fmt: skip
    old.refresh_from_db()
    assert old.ended_on == GRANTED  # not GRANTED - 1 day: that would be before its start


def test_new_manager_must_qualify_on_the_later_of_grant_and_start(parties, officer):
    licence = create(parties)
    young = PersonFactory(
        municipality=parties["municipality"], name="Ida Ung", date_of_birth=dt.date(2006, 9, 2)
    )
    with pytest.raises(InvalidData) as exc:
        licence_assign_manager(licence=licence, person=young, role="manager",
                               started_on=dt.date(2026, 9, 1), actor=officer)  # fmt: skip
    assert exc.value.errors["person"] == [
        "Ida Ung is 19 on 01.09.2026; a manager or deputy must be at least 20."
    ]
    assert (
        licence.assignments.get(role="manager", ended_on__isnull=True).person == parties["manager"]
    )
    new = licence_assign_manager(licence=licence, person=young, role="manager",
                                 started_on=dt.date(2026, 9, 2), actor=officer)  # fmt: skip
    assert new.person == young


def test_nobody_takes_a_role_before_the_grant_or_before_the_current_person(parties, officer):
    licence = create(parties)  # granted 2026-03-10, manager since then
    newcomer = PersonFactory(municipality=parties["municipality"], name="Nina Ny")
    with pytest.raises(DomainError) as exc:
        licence_assign_manager(licence=licence, person=newcomer, role="manager",
                               started_on=dt.date(2020, 1, 1), actor=officer)  # fmt: skip
    assert (exc.value.field, exc.value.message) == (
        "started_on",
        "Nobody can take a role on the licence before it was granted (10.03.2026).",
    )
    licence_assign_manager(licence=licence, person=newcomer, role="manager",
                           started_on=dt.date(2026, 8, 1), actor=officer)  # fmt: skip
    later = PersonFactory(municipality=parties["municipality"], name="Ola Senere")
    with pytest.raises(DomainError) as exc:
        licence_assign_manager(licence=licence, person=later, role="manager",
                               started_on=dt.date(2026, 6, 1), actor=officer)  # fmt: skip
    assert (exc.value.field, exc.value.message) == (
        "started_on",
        "Nina Ny has been the licence's manager since 01.08.2026; the successor cannot take "
        "the role before that.",
    )
    managers = licence.assignments.filter(role="manager").order_by("started_on")
    assert [(a.person.name, a.started_on, a.ended_on) for a in managers] == [
        ("Mona Styrer", GRANTED, dt.date(2026, 7, 31)),
        ("Nina Ny", dt.date(2026, 8, 1), None),
    ]


def test_the_same_person_cannot_be_manager_and_deputy(parties, officer):
    licence = create(parties)
    with pytest.raises(DomainError) as exc:
        licence_assign_manager(licence=licence, person=parties["manager"], role="deputy",
                               started_on=GRANTED, actor=officer)  # fmt: skip
    assert exc.value.message == (
        "Mona Styrer is the licence's manager; the manager and the deputy must be two "
        "different persons."
    )


def test_the_deputy_becomes_manager_and_leaves_the_deputy_role(parties, officer):
    licence = create(parties)
    moved_on = dt.date(2026, 6, 1)
    licence_assign_manager(licence=licence, person=parties["deputy"], role="manager",
                           started_on=moved_on, actor=officer)  # fmt: skip
    rows = list(
        licence.assignments.order_by("role", "started_on").values_list(
            "role", "person__name", "started_on", "ended_on"
        )
    )
    assert rows == [
        ("deputy", "Dag Stedfortreder", GRANTED, dt.date(2026, 5, 31)),
        ("manager", "Mona Styrer", GRANTED, dt.date(2026, 5, 31)),
        ("manager", "Dag Stedfortreder", moved_on, None),
    ]


def test_the_deputy_cannot_become_manager_on_the_day_they_became_deputy(parties, officer):
    licence = create(parties)
    with pytest.raises(DomainError) as exc:
        licence_assign_manager(licence=licence, person=parties["deputy"], role="manager",
                               started_on=GRANTED, actor=officer)  # fmt: skip
    assert exc.value.field == "started_on"
    assert "can become manager from the day after at the earliest" in exc.value.message
    assert licence.assignments.filter(ended_on__isnull=True).count() == 2


def test_reappointing_the_current_manager_is_refused(parties, officer):
    licence = create(parties)
    with pytest.raises(DomainError, match="Mona Styrer is already the licence's manager."):
        licence_assign_manager(licence=licence, person=parties["manager"], role="manager",
                               started_on=GRANTED, actor=officer)  # fmt: skip


def test_managers_do_not_change_on_a_revoked_licence(parties, officer):
    licence = create(parties)
    licence_set_status(licence=licence, status="revoked", on=GRANTED, reason="Vedtak 26/1",
                       actor=officer)  # fmt: skip
    with pytest.raises(DomainError) as exc:
        licence_assign_manager(licence=licence, person=PersonFactory(municipality=parties["municipality"]),
                               role="manager", started_on=GRANTED, actor=officer)  # fmt: skip
    assert exc.value.message.startswith("The licence is revoked;")


def test_deputy_can_leave_without_successor_but_manager_cannot(parties, officer):
    licence = create(parties)
    deputy = licence.assignments.get(role="deputy")
    licence_end_assignment(assignment=deputy, ended_on=dt.date(2026, 5, 1), actor=officer)
    deputy.refresh_from_db()
    assert deputy.ended_on == dt.date(2026, 5, 1)
    with pytest.raises(DomainError, match="needs a manager"):
        licence_end_assignment(
            assignment=licence.assignments.get(role="manager"), ended_on=GRANTED, actor=officer
        )


def test_database_allows_one_current_person_per_role(parties):
    licence = create(parties)
    with pytest.raises(IntegrityError), transaction.atomic():
        ManagerAssignment.objects.create(
            licence=licence, person=PersonFactory(municipality=parties["municipality"]),
            role="manager", started_on=GRANTED,
        )  # fmt: skip


# Status transitions ---------------------------------------------------------------------

ALLOWED = [
    ("active", "suspended"),
    ("suspended", "active"),
    ("active", "revoked"),
    ("suspended", "revoked"),
    ("active", "ceased"),
    ("suspended", "ceased"),
    ("active", "expired"),
]


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_allowed_transitions(current, new, officer):
    licence = LicenceFactory(status=current, valid_to=dt.date(2026, 9, 30))
    on = dt.date(2026, 10, 1)
    change = licence_set_status(licence=licence, status=new, on=on, reason="Vedtak", actor=officer)
    licence.refresh_from_db()
    assert licence.status == new
    assert (change.from_status, change.to_status, change.changed_on, change.changed_by) == (
        current, new, on, officer,
    )  # fmt: skip
    latest = licence.history.first()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Vedtak")


def test_the_transition_table_is_exactly_the_allowed_list():
    table = {(a, b) for a in LicenceStatus.values for b in allowed_transitions(a)}
    assert table == set(ALLOWED)


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("revoked", "active",
         "The licence is revoked; a licence that is revoked cannot change status."),
        ("expired", "active",
         "The licence is expired; a licence that is expired cannot change status."),
        ("ceased", "suspended",
         "The licence is ceased; a licence that is ceased cannot change status."),
        ("suspended", "expired",
         "The licence is suspended; it can become active or revoked or ceased, but not expired."),
        ("active", "active", "The licence is already active."),
    ],
)  # fmt: skip
def test_refused_transitions_name_the_current_status(current, new, message, officer):
    licence = LicenceFactory(status=current)
    with pytest.raises(TransitionNotAllowed) as exc:
        licence_set_status(licence=licence, status=new, on=dt.date(2026, 10, 1), reason="x",
                           actor=officer)  # fmt: skip
    assert exc.value.message == message
    assert exc.value.current == current
    licence.refresh_from_db()
    assert licence.status == current
    assert not LicenceStatusChange.objects.exists()


def test_status_change_needs_a_reason(officer):
    licence = LicenceFactory()
    with pytest.raises(DomainError, match="Give the reason for the status change."):
        licence_set_status(licence=licence, status="revoked", on=dt.date(2026, 10, 1),
                           reason="  ", actor=officer)  # fmt: skip
    licence.refresh_from_db()
    assert licence.status == "active"


def test_status_change_cannot_predate_the_grant_or_the_previous_change(officer):
    licence = LicenceFactory(granted_on=dt.date(2024, 9, 15))
    with pytest.raises(DomainError, match=r"before the licence was granted \(15.09.2024\)"):
        licence_set_status(licence=licence, status="suspended", on=dt.date(2024, 9, 14),
                           reason="x", actor=officer)  # fmt: skip
    licence_set_status(licence=licence, status="suspended", on=dt.date(2026, 6, 1), reason="x",
                       actor=officer)  # fmt: skip
    with pytest.raises(DomainError, match=r"previous status change \(01.06.2026\)"):
        licence_set_status(licence=licence, status="active", on=dt.date(2026, 5, 31),
                           reason="x", actor=officer)  # fmt: skip


def test_a_licence_expires_only_after_its_last_valid_day(officer):
    licence = LicenceFactory(valid_to=dt.date(2028, 9, 30))
    with pytest.raises(DomainError) as exc:
        licence_set_status(licence=licence, status="expired", on=dt.date(2028, 9, 30),
                           reason="x", actor=officer)  # fmt: skip
    assert exc.value.message == (
        "The licence is valid until 30.09.2028; it can expire from the day after at the earliest."
    )
    licence_set_status(licence=licence, status="expired", on=dt.date(2028, 10, 1), reason="x",
                       actor=officer)  # fmt: skip
    assert licence.status == "expired"


def test_factory_assignment_matches_services(officer):
    # The factories and the services agree on what a valid assignment is.
    assignment = ManagerAssignmentFactory()
    assignment.full_clean()
