"""Defect 8 of issue 12: deep nesting and NUL characters are refused while validating, with
the JSON path, so a dry run refuses everything the real run would."""

import pytest

from tests.importer.conftest import row_counts

pytestmark = pytest.mark.django_db


def test_a_very_deeply_nested_file_is_a_clear_error(run_import):
    before = row_counts()
    result = run_import(
        '{"format": "licensing-register/1", "holders": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    assert result.error is not None
    assert result.problems == ["$: is nested too deeply (at most 8 levels)"]
    assert row_counts() == before


def test_nesting_beyond_the_format_names_the_path(run_import, register):
    register["licences"][0]["alcohol_groups"] = [[[[[[[[[1]]]]]]]]]
    result = run_import(register, "--dry-run")
    assert result.problems == [
        "licences[0].alcohol_groups[0][0][0][0][0]: is nested too deeply (at most 8 levels)"
    ]


@pytest.mark.parametrize("dry_run", [("--dry-run",), ()])
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("holders", 0, "name"), "holders[0].name"),
        (("licences", 1, "premises_address"), "licences[1].premises_address"),
        (("persons", 0, "ref"), "persons[0].ref"),
    ],
)
def test_nul_characters_are_refused_in_the_dry_run_and_the_real_run(
    run_import, register, dry_run, path, expected
):
    section, index, field = path
    register[section][index][field] = "Kafé\x00Kaien"
    before = row_counts()
    result = run_import(register, *dry_run)
    assert result.problems == [f"{expected}: must not contain NUL characters (\\u0000)"]
    assert row_counts() == before


def test_identifiers_in_other_scripts_are_imported_as_ascii(run_import, register):
    """Defect 6 of issue 12, import side."""
    from licensing.models import Holder, Licence

    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    holder = register["holders"][0]
    original = holder["org_number"]
    holder["org_number"] = original.translate(wide)
    for licence in register["licences"]:
        if licence["holder_org_number"] == original:
            licence["holder_org_number"] = original.translate(
                str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
            )
    number = register["licences"][0]["number"]
    register["licences"][0]["number"] = number.translate(wide)
    for section in ("point_decisions", "suspensions"):
        for item in register.get(section, []):
            if item["licence_number"] == number:
                item["licence_number"] = number.translate(wide)
    result = run_import(register)
    assert result.error is None, result.problems
    assert Holder.objects.filter(org_number=original).exists()
    assert Licence.objects.filter(number=number).exists()
    assert all(h.isascii() for h in Holder.objects.values_list("org_number", flat=True))
