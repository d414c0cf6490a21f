"""import_register: a valid file imports, a second import changes nothing, a changed file
updates what it names, --dry-run writes nothing, and the history stays complete."""

import datetime as dt

import pytest
from django.utils import timezone

from importer.register import IMPORT_JUSTIFICATION
from inspections.models import PointDecision, Suspension
from licensing.models import Holder, Licence, ManagerAssignment, Municipality, Person
from seminars.models import Attendance
from tests.factories.licensing import LicenceFactory, PremisesFactory
from tests.importer.conftest import row_counts

D = dt.date
TOTAL_RECORDS = 21  # 1 municipality, 2 holders, 4 persons, 3 premises, 3 licences,
# 3 assignments, 2 attendances, 2 point decisions, 1 suspension


def test_valid_file_imports_every_record(register, run_import):
    result = run_import(register)

    assert result.error is None
    assert f"Total: {TOTAL_RECORDS} created, 0 updated, 0 unchanged" in result.out
    assert "licences             3 created, 0 updated, 0 unchanged" in result.out
    municipality = Municipality.objects.get(org_number="972418013")
    assert municipality.name == "Bodø kommune"

    holder = Holder.objects.get(municipality=municipality, org_number="914778271")
    assert (holder.name, holder.address_line, holder.postal_code, holder.postal_place) == (
        "Brygga Mat AS",
        "Kaiveien 1",
        "8006",
        "Bodø",
    )
    assert holder.email == "post@brygga.example"

    licence = Licence.objects.select_related("premises", "holder").get(number="2024-017")
    assert licence.municipality == municipality
    assert licence.holder == holder
    assert licence.alcohol_groups == [1, 2, 3]
    assert (licence.kind, licence.status, licence.seminar_required) == ("serving", "active", True)
    assert (licence.granted_on, licence.valid_from, licence.valid_to) == (
        D(2024, 9, 15),
        D(2024, 10, 1),
        D(2028, 9, 30),
    )
    assert licence.transferred_on is None
    assert (licence.premises.name, licence.premises.address_line) == ("Brygga", "Kaiveien 1")
    # No address in the file: the premises have only a name.
    single = Licence.objects.select_related("premises").get(number="2025-101")
    assert (single.premises.name, single.premises.address_line) == ("Brygga, bakgården", "")
    sales = Licence.objects.get(number="2024-018")
    assert sales.alcohol_groups == [1]
    assert sales.seminar_required is False  # absent: the default

    # manager_since and deputy_since default to the grant date.
    assignments = {
        (a.licence.number, a.role): (a.person.name, a.started_on, a.ended_on)
        for a in ManagerAssignment.objects.select_related("licence", "person")
    }
    assert assignments == {
        ("2024-017", "manager"): ("Kari Nordmann", D(2024, 9, 15), None),
        ("2024-017", "deputy"): ("Ola Nordmann", D(2024, 9, 15), None),
        ("2024-018", "manager"): ("Per Butikk", D(2025, 1, 1), None),
    }
    assert Person.objects.get(name="Kari Nordmann").knowledge_test_passed_on == D(2019, 5, 2)

    attendances = sorted(
        Attendance.objects.values_list("person__name", "attended_on", "seminar_title")
    )
    assert attendances == [
        ("Kari Nordmann", D(2024, 11, 20), "Ansvarlig vertskap"),
        ("Siv Seminar", D(2023, 3, 9), "Ansvarlig vertskap"),  # title defaulted
    ]

    decisions = {d.violation.code: d for d in PointDecision.objects.select_related("violation")}
    hours = decisions["hours_violation"]
    assert (hours.points, hours.standard_points, hours.justification) == (4, 4, "")
    assert (hours.status, hours.decided_on, hours.violation_on) == (
        "decided",
        D(2025, 7, 20),
        D(2025, 6, 14),
    )
    assert hours.inspection is None
    assert hours.reference == "25/1234-3"
    # 2 points where the catalogue says 4: the deviation is justified by the import.
    intoxicated = decisions["sale_to_intoxicated"]
    assert (intoxicated.points, intoxicated.standard_points) == (2, 4)
    assert intoxicated.justification == IMPORT_JUSTIFICATION == "Importert fra tidligere register"

    suspension = Suspension.objects.get()
    assert (suspension.status, suspension.days) == ("decided", 7)  # 1-7 September inclusive
    assert (suspension.decided_on, suspension.starts_on, suspension.ends_on) == (
        D(2025, 8, 10),
        D(2025, 9, 1),
        D(2025, 9, 7),
    )


def test_every_imported_record_has_a_history_row(register, run_import):
    run_import(register)

    counts = row_counts()
    for name, count in counts.items():
        if not name.startswith("history"):
            assert counts[f"history {name}"] == count, name
    record = Licence.history.get(number="2024-017")
    assert record.history_type == "+"
    assert record.history_change_reason.startswith("import_register register-0.json")


def test_second_import_of_the_same_file_changes_nothing(register, run_import):
    run_import(register)
    before = row_counts()

    result = run_import(register)

    assert result.error is None
    assert f"Total: 0 created, 0 updated, {TOTAL_RECORDS} unchanged" in result.out
    assert row_counts() == before  # not even a history row


def test_changed_file_updates_the_records_it_names(register, run_import):
    run_import(register)
    register["holders"][0]["name"] = "Brygga Mat og Drikke AS"
    register["licences"][0]["valid_to"] = "2027-12-31"
    register["point_decisions"][0]["points"] = 3  # standard 4: needs the justification
    register["licences"][1]["manager_ref"] = "p4"  # a new manager from 2026-01-01
    register["licences"][1]["manager_since"] = "2026-01-01"
    register["seminar_attendances"].append({"person_ref": "p2", "attended_on": "2026-02-03"})
    register["suspensions"][0]["ends_on"] = "2025-09-10"

    result = run_import(register)

    assert result.error is None
    out = result.out
    assert "holders              0 created, 1 updated, 1 unchanged" in out
    assert "licences             0 created, 1 updated, 2 unchanged" in out
    # The old manager's assignment ends, the new one's starts.
    assert "assignments          1 created, 1 updated, 2 unchanged" in out
    assert "seminar_attendances  1 created, 0 updated, 2 unchanged" in out
    assert "point_decisions      0 created, 1 updated, 1 unchanged" in out
    assert "suspensions          0 created, 1 updated, 0 unchanged" in out
    assert "Total: 2 created, 5 updated, 16 unchanged" in out

    assert Holder.objects.get(org_number="914778271").name == "Brygga Mat og Drikke AS"
    assert Licence.objects.get(number="2024-017").valid_to == D(2027, 12, 31)
    decision = PointDecision.objects.get(violation__code="hours_violation")
    assert (decision.points, decision.justification) == (3, IMPORT_JUSTIFICATION)
    managers = list(
        ManagerAssignment.objects.filter(licence__number="2024-018")
        .order_by("started_on")
        .values_list("person__name", "started_on", "ended_on")
    )
    assert managers == [
        ("Per Butikk", D(2025, 1, 1), D(2025, 12, 31)),
        ("Siv Seminar", D(2026, 1, 1), None),
    ]
    assert Suspension.objects.get().days == 10
    holder_history = Holder.history.filter(org_number="914778271").order_by("history_date", "pk")
    assert [h.history_type for h in holder_history] == ["+", "~"]
    assert holder_history.last().name == "Brygga Mat og Drikke AS"

    # And the changed file, imported again, changes nothing.
    again = run_import(register)
    assert f"Total: 0 created, 0 updated, {TOTAL_RECORDS + 1} unchanged" in again.out


def test_dry_run_writes_nothing(register, run_import):
    result = run_import(register, "--dry-run")

    assert result.error is None
    assert "Dry run of" in result.out and "nothing was written" in result.out
    assert f"Total: {TOTAL_RECORDS} created, 0 updated, 0 unchanged" in result.out
    assert set(row_counts().values()) == {0}


def test_dry_run_of_a_changed_file_reports_updates_and_writes_nothing(register, run_import):
    run_import(register)
    before = row_counts()
    register["licences"][0]["status"] = "revoked"
    register["holders"].append({"org_number": "974760673", "name": "Ny Holder AS"})
    register["licences"][2]["holder_org_number"] = "974760673"

    result = run_import(register, "--dry-run")

    assert "holders              1 created, 0 updated, 2 unchanged" in result.out
    assert "licences             0 created, 2 updated, 1 unchanged" in result.out
    assert row_counts() == before
    assert Licence.objects.get(number="2024-017").status == "active"


def test_an_existing_municipality_is_used_and_others_are_not_touched(
    register, run_import, muni1, muni2
):
    """The file names muni1 (same organisation number); muni2 has a licence with the
    same number, which the import leaves alone."""
    muni1.name = "Bodø kommune"
    muni1.save()
    other = LicenceFactory(municipality=muni2, number="2024-017", kind="sales", group_2=False)

    result = run_import(register)

    assert "municipality         0 created, 0 updated, 1 unchanged" in result.out
    assert Licence.objects.get(municipality=muni1, number="2024-017").kind == "serving"
    other.refresh_from_db()
    assert (other.kind, other.municipality) == ("sales", muni2)
    assert Municipality.objects.count() == 2


def test_premises_shared_in_the_database_are_split_when_the_file_differs(
    register, run_import, muni1
):
    run_import(register)
    shared = PremisesFactory(municipality=muni1, name="Felles")
    Licence.objects.filter(number__in=["2024-017", "2024-018"]).update(premises=shared)

    result = run_import(register)

    assert "premises             1 created, 1 updated, 1 unchanged" in result.out
    brygga = Licence.objects.select_related("premises").get(number="2024-017").premises
    shop = Licence.objects.select_related("premises").get(number="2024-018").premises
    assert (brygga.pk, brygga.name) == (shared.pk, "Brygga")
    assert shop.pk != shared.pk and shop.name == "Nærbutikken Sentrum"
    again = run_import(register)
    assert "premises             0 created, 0 updated, 3 unchanged" in again.out


@pytest.mark.parametrize("licences", [300])
def test_a_larger_file_imports_in_bulk_and_reimports_unchanged(register, run_import, licences):
    base = register["licences"][0]
    register["licences"] = []
    for i in range(licences):
        register["licences"].append(base | {"number": f"2024-{i:04d}"})
    register["point_decisions"] = []
    register["suspensions"] = []

    first = run_import(register)
    second = run_import(register)

    assert f"licences             {licences} created" in first.out
    assert Licence.objects.count() == licences
    assert ManagerAssignment.objects.count() == 2 * licences
    assert Licence.history.count() == licences
    assert f"licences             0 created, 0 updated, {licences} unchanged" in second.out


def test_progress_goes_to_stderr(register, run_import):
    result = run_import(register, "--progress", "always")

    assert "Importing register-0.json" in result.err
    assert "suspensions: 1" in result.err
    assert "Importing" not in result.out


def test_empty_reference_is_allowed(register, run_import):
    register["point_decisions"][0]["reference"] = ""

    result = run_import(register)

    assert result.error is None
    assert PointDecision.objects.filter(reference="").count() == 1


def test_a_status_the_file_changes_is_recorded_as_a_status_change(register, run_import):
    from licensing.models import LicenceStatusChange

    run_import(register)
    assert not LicenceStatusChange.objects.exists()  # new licences have no previous status
    register["licences"][0]["status"] = "ceased"

    result = run_import(register)

    assert result.error is None
    change = LicenceStatusChange.objects.get()
    assert (change.licence.number, change.from_status, change.to_status) == (
        "2024-017",
        "active",
        "ceased",
    )
    assert change.changed_on == timezone.localdate()
    assert "import" in change.reason.lower()
    assert change.history.count() == 1
    # Imported again: the status is the same, nothing more is recorded.
    run_import(register)
    assert LicenceStatusChange.objects.count() == 1


def test_the_import_announces_its_bulk_writes(register, run_import):
    """The writer's bulk inserts and updates send no model signals: it announces them
    (``licensing.bulk_writes``), so the API's cached pages are not served stale
    (docs/adr/0206); a dry run announces nothing."""
    from licensing.bulk_writes import bulk_written

    sent = []

    def receiver(sender, **kwargs):
        sent.append(Licence.objects.count())

    bulk_written.connect(receiver, dispatch_uid="test-import-register")
    try:
        assert run_import(register, "--dry-run").error is None
        assert sent == []
        assert run_import(register).error is None
    finally:
        bulk_written.disconnect(dispatch_uid="test-import-register")
    assert sent == [Licence.objects.count()]
    assert sent[0] > 0
