"""import_register with broken files: every error with its JSON path, nothing written."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from licensing.models import Holder
from tests.factories.licensing import PersonFactory
from tests.importer.conftest import row_counts


def set_path(data, path, value):
    """``set_path(data, ("licences", 0, "kind"), "x")``; the value ``DELETE`` removes the key."""
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()

CASES = [
    pytest.param(
        ("municipality", "org_number"),
        "972418014",
        "municipality.org_number: 972418014 is not a valid organisation number (the check "
        "digit does not match).",
        id="bad-org-number",
    ),
    pytest.param(
        ("holders", 1, "org_number"),
        "92360901",
        "holders[1].org_number: An organisation number has exactly 9 digits.",
        id="short-org-number",
    ),
    pytest.param(
        ("licences", 0, "granted_on"),
        "2024-13-01",
        "licences[0].granted_on: 2024-13-01 is not a valid date",
        id="impossible-date",
    ),
    pytest.param(
        ("licences", 2, "valid_from"),
        "21.06.2025",
        'licences[2].valid_from: must be a date in the form YYYY-MM-DD, got "21.06.2025"',
        id="not-iso-date",
    ),
    pytest.param(
        ("licences", 0, "premise_name"),
        "Brygga",
        "licences[0].premise_name: unknown field",
        id="unknown-field",
    ),
    pytest.param(
        ("licenses",),
        [],
        "licenses: unknown top-level key",
        id="unknown-top-level-key",
    ),
    pytest.param(
        ("licences", 0, "manager_ref"),
        DELETE,
        "licences[0].manager_ref: is required for a serving licence (every kind except "
        "serving_single_occasion and serving_catering)",
        id="missing-manager-ref",
    ),
    pytest.param(
        ("licences", 1, "alcohol_groups"),
        [1, 2],
        "licences[1].alcohol_groups: a sales licence may only hold group 1 (alkoholloven § 3-1)",
        id="sales-with-group-2",
    ),
    pytest.param(
        ("point_decisions", 1, "violation"),
        "drunk_guest",
        'point_decisions[1].violation: unknown violation code "drunk_guest" (not in the '
        "violation catalogue)",
        id="unknown-violation-code",
    ),
    pytest.param(
        ("licences", 0, "valid_to"),
        "2024-09-30",
        "licences[0].valid_to: must be on or after valid_from",
        id="valid-to-before-valid-from",
    ),
    pytest.param(
        ("seminar_attendances", 1, "person_ref"),
        "p9",
        'seminar_attendances[1].person_ref: no person with ref "p9" in persons',
        id="unknown-person-ref",
    ),
    pytest.param(
        ("licences", 0, "deputy_ref"),
        "p9",
        'licences[0].deputy_ref: no person with ref "p9" in persons',
        id="unknown-deputy-ref",
    ),
    pytest.param(
        ("licences", 1, "holder_org_number"),
        "974760673",
        "licences[1].holder_org_number: no holder with org_number 974760673 in holders",
        id="unknown-holder",
    ),
    pytest.param(
        ("point_decisions", 0, "licence_number"),
        "2024-999",
        'point_decisions[0].licence_number: no licence with number "2024-999" in licences',
        id="unknown-licence",
    ),
    pytest.param(
        ("licences", 2, "number"),
        "2024-017",
        "licences[2].number: duplicate licence number: the same as licences[0]",
        id="duplicate-licence-number",
    ),
    pytest.param(
        ("licences", 0, "kind"),
        "pub",
        "licences[0].kind: must be one of sales, serving, serving_part_year, "
        'serving_single_occasion, serving_catering, got "pub"',
        id="unknown-kind",
    ),
    pytest.param(
        ("licences", 0, "status"),
        "paused",
        "licences[0].status: must be one of active, suspended, revoked, expired, ceased, "
        'got "paused"',
        id="unknown-status",
    ),
    pytest.param(
        ("licences", 0, "alcohol_groups"),
        [],
        "licences[0].alcohol_groups: must be a non-empty list of the groups 1, 2 and 3",
        id="no-groups",
    ),
    pytest.param(
        ("licences", 0, "valid_to"),
        "2032-09-30",
        "licences[0].valid_to: must not run past the end of the licence period (2028-09-30, "
        "alkoholloven § 1-6)",
        id="beyond-licence-period",
    ),
    pytest.param(
        ("licences", 0, "transferred_on"),
        "2024-09-01",
        "licences[0].transferred_on: must be on or after granted_on",
        id="transfer-before-grant",
    ),
    pytest.param(
        ("point_decisions", 0, "points"),
        0,
        "point_decisions[0].points: must be a whole number from 1 to 32767",
        id="zero-points",
    ),
    pytest.param(
        ("point_decisions", 0, "decided_on"),
        "2025-06-13",
        "point_decisions[0].decided_on: must be on or after violation_date",
        id="decided-before-violation",
    ),
    pytest.param(
        ("suspensions", 0, "ends_on"),
        "2025-08-31",
        "suspensions[0].ends_on: must be on or after starts_on",
        id="suspension-ends-before-start",
    ),
    pytest.param(
        ("persons", 0, "name"),
        DELETE,
        "persons[0].name: is required",
        id="missing-name",
    ),
    pytest.param(
        ("format",),
        "licensing-register/2",
        'format: must be "licensing-register/1", got "licensing-register/2"',
        id="wrong-format",
    ),
    pytest.param(
        ("seminar_attendances", 0, "seminar_required"),
        True,
        "seminar_attendances[0].seminar_required: unknown field",
        id="field-of-another-section",
    ),
]


@pytest.mark.parametrize(("path", "value", "expected"), CASES)
def test_broken_file_reports_the_error_and_writes_nothing(
    register, run_import, path, value, expected
):
    set_path(register, path, value)

    result = run_import(register)

    assert result.problems == [expected]
    assert result.error == "1 error(s) in register-0.json; nothing was imported."
    assert set(row_counts().values()) == {0}


def test_every_error_is_reported_in_file_order(register, run_import):
    set_path(register, ("municipality", "org_number"), "972418014")
    set_path(register, ("licences", 0, "valid_to"), "2024-09-30")
    set_path(register, ("licences", 0, "premise_name"), "x")
    set_path(register, ("licences", 1, "alcohol_groups"), [1, 2])
    set_path(register, ("licences", 1, "manager_ref"), None)
    set_path(register, ("licences", 1, "manager_since"), None)
    set_path(register, ("point_decisions", 1, "violation"), "drunk_guest")
    set_path(register, ("seminar_attendances", 1, "person_ref"), "p9")
    set_path(register, ("licenses",), [])

    result = run_import(register)

    assert result.problems == [
        "licenses: unknown top-level key",
        "municipality.org_number: 972418014 is not a valid organisation number (the check "
        "digit does not match).",
        "licences[0].premise_name: unknown field",
        "licences[0].valid_to: must be on or after valid_from",
        "licences[1].alcohol_groups: a sales licence may only hold group 1 (alkoholloven § 3-1)",
        "licences[1].manager_ref: is required for a sales licence (every kind except "
        "serving_single_occasion and serving_catering)",
        'seminar_attendances[1].person_ref: no person with ref "p9" in persons',
        'point_decisions[1].violation: unknown violation code "drunk_guest" (not in the '
        "violation catalogue)",
    ]
    assert result.error == "8 error(s) in register-0.json; nothing was imported."
    assert set(row_counts().values()) == {0}


def test_a_broken_update_leaves_the_imported_register_as_it_was(register, run_import):
    run_import(register)
    before = row_counts()
    register["holders"][0]["name"] = "Nytt navn AS"  # valid, but the file has an error
    register["licences"][0]["valid_to"] = "2024-01-01"

    result = run_import(register)

    assert result.problems == ["licences[0].valid_to: must be on or after valid_from"]
    assert row_counts() == before
    assert Holder.objects.get(org_number="914778271").name == "Brygga Mat AS"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": ', "$: not valid JSON: Expecting value at line 1 column 12"),
        ("[]", "$: must be a JSON object"),
    ],
)
def test_file_that_is_not_a_register(run_import, content, expected):
    result = run_import(content)

    assert result.problems == [expected]
    assert set(row_counts().values()) == {0}


def test_missing_sections_and_wrong_types(run_import):
    result = run_import(
        {
            "format": "licensing-register/1",
            "municipality": {"org_number": 972418013, "name": ""},
            "holders": {},
            "licences": [
                "2024-017",
                {
                    "number": "2024-017",
                    "holder_org_number": "914778271",
                    "kind": "serving",
                    "alcohol_groups": [1, True],
                    "granted_on": "2024-09-15",
                    "valid_from": "2024-10-01",
                    "valid_to": "2028-09-30",
                    "status": "active",
                    "seminar_required": "yes",
                    "manager_ref": "p1",
                },
            ],
        }
    )

    assert result.problems == [
        "municipality.org_number: must be a string of 9 digits",
        "municipality.name: must not be empty",
        "holders: must be a list",
        "persons: is required (it may be an empty list)",
        "licences[0]: must be an object",
        "licences[1].alcohol_groups: must be a non-empty list of the groups 1, 2 and 3",
        "licences[1].seminar_required: must be true or false",
        # No "no holder" error: the holders section itself is broken.
        'licences[1].manager_ref: no person with ref "p1" in persons',
    ]


def test_missing_file(tmp_path, db):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", str(tmp_path / "missing.json"), stderr=err)
    assert err.getvalue().startswith("$: cannot read the file: No such file or directory")


def test_ambiguous_existing_persons_are_an_error(register, run_import, muni1):
    for _ in range(2):
        PersonFactory(municipality=muni1, name="Kari Nordmann", date_of_birth="1988-04-12")

    result = run_import(register)

    assert result.problems == [
        "persons[0]: more than one person with this name and date_of_birth is already "
        "registered in the municipality; merge them before importing"
    ]
