"""Control coverage of a year (alkoholforskriften § 9-7) on a small exact dataset."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from inspections import selectors
from licensing.services.licences import licence_set_status
from tests.factories.inspections import InspectionFactory
from tests.factories.licensing import LicenceFactory

from .conftest import at


@pytest.fixture
def dataset(muni1, muni2, company_a, company_b):
    """Bodø 2026: 4 licences requiring inspection (serving, sales, part-year, and one ceased
    on 1 March 2026, inspected before); 6 inspections of them (A twice + once in 2025, B
    three times, C never, the ceased one once); 1 inspection of a single occasion (on top);
    a licence ceased in 2025 does not count for 2026 (but does for 2025)."""
    a = LicenceFactory(municipality=muni1, number="B-1", premises__name="Alfa")
    b = LicenceFactory(
        municipality=muni1, number="B-2", premises__name="Beta", kind="sales", group_2=False
    )
    c = LicenceFactory(
        municipality=muni1, number="B-3", premises__name="Gamma", kind="serving_part_year"
    )
    event = LicenceFactory(municipality=muni1, number="B-4", premises__name="Festival",
                           kind="serving_single_occasion")  # fmt: skip
    ceased_2025 = LicenceFactory(municipality=muni1, number="B-5", premises__name="Nedlagt")
    licence_set_status(licence=ceased_2025, status="ceased", on=dt.date(2025, 6, 1),
                       reason="Nedlagt", actor=None)  # fmt: skip
    ceased = LicenceFactory(municipality=muni1, number="B-6", premises__name="Nedlagt 2")
    licence_set_status(licence=ceased, status="ceased", on=dt.date(2026, 3, 1), reason="Nedlagt",
                       actor=None)  # fmt: skip
    InspectionFactory(licence=ceased, company=company_a, started_at=at(2026, 2, 1))  # counts: done
    for when in (at(2026, 1, 1, 0, 30), at(2026, 6, 1), at(2025, 12, 31, 23, 59)):
        InspectionFactory(licence=a, company=company_a, started_at=when)
    for month in (3, 4, 5):
        InspectionFactory(licence=b, company=company_a, started_at=at(2026, month, 1))
    InspectionFactory(licence=event, company=company_a, started_at=at(2026, 7, 1))
    # Saltdal: one licence, inspected once.
    d = LicenceFactory(municipality=muni2, number="S-1", premises__name="Delta")
    InspectionFactory(licence=d, company=company_b, started_at=at(2026, 2, 2))
    return {"a": a, "b": b, "c": c}


def test_coverage_numbers(dataset, muni1, muni2):
    bodo, saltdal = selectors.coverage([muni1.pk, muni2.pk], 2026)
    assert bodo.municipality == muni1
    # B-6 ceased on 1 March 2026: in force part of the year, so it counts (and was inspected).
    assert sorted(lic.number for lic in bodo.licences) == ["B-1", "B-2", "B-3", "B-6"]
    assert bodo.inspected_count == 3
    assert [lic.number for lic in bodo.not_inspected] == ["B-3"]
    # 2 (Alfa, 2026) + 3 (Beta) + 1 (the ceased licence, inspected while in force) = 6.
    assert bodo.inspections == 6
    assert bodo.required_inspections == 12
    assert bodo.inspections_missing == 6
    assert bodo.event_inspections == 1
    assert not bodo.total_met and not bodo.every_venue_inspected
    assert (saltdal.licence_count, saltdal.inspected_count, saltdal.inspections) == (1, 1, 1)
    assert saltdal.every_venue_inspected


def test_coverage_of_last_year(dataset, muni1):
    (bodo,) = selectors.coverage([muni1.pk], 2025)
    # The licences in force in 2025, whatever their status today: B-5 ceased in June 2025
    # and B-6 in March 2026 both count.
    assert sorted(lic.number for lic in bodo.licences) == ["B-1", "B-2", "B-3", "B-5", "B-6"]
    assert bodo.required_inspections == 15
    # The inspection at 23:59 on New Year's Eve (Oslo time) belongs to 2025.
    assert bodo.inspections == 1
    assert [lic.number for lic in bodo.inspected] == ["B-1"]


def test_coverage_page(officer_client, dataset):
    response = officer_client.get(reverse("inspections:coverage"), {"year": 2026})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Control coverage 2026" in content
    assert "Gamma" in content  # not yet inspected
    assert "Saltdal" not in content  # the officer's own municipality only


def test_coverage_csv(officer_client, dataset):
    response = officer_client.get(reverse("inspections:coverage"), {"year": 2026, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kontrolldekning-2026.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        [
            "municipality", "municipality_org_number", "year", "licences_requiring_inspection",
            "venues_inspected", "venues_not_inspected", "inspections", "inspections_required",
            "inspections_missing", "event_inspections", "not_inspected",
        ],
        ["Bodø kommune", "972418013", "2026", "4", "3", "1", "6", "12", "6", "1", "B-3 Gamma"],
    ]  # fmt: skip


@pytest.mark.parametrize("year", ["abc", "1999", "2028"])
def test_bad_year(officer_client, dataset, year):
    url = reverse("inspections:coverage")
    response = officer_client.get(url, {"year": year, "format": "csv"})
    assert response.status_code == 400
    assert response.content.decode().startswith("Invalid year:")
    page = officer_client.get(url, {"year": year})
    assert page.status_code == 200
    assert "Showing 2026." in page.content.decode()


def test_coverage_refuses_wrong_personas(client, company_a_user, dataset):
    url = reverse("inspections:coverage")
    assert client.get(url, {"format": "csv"}).status_code == 302
    client.force_login(company_a_user)
    assert client.get(url, {"format": "csv"}).status_code == 403


def test_coverage_runs_a_fixed_number_of_queries(
    officer_client, muni1, company_a, django_assert_max_num_queries
):
    url = reverse("inspections:coverage")
    for n in range(60):
        licence = LicenceFactory(municipality=muni1)
        for month in range(1, 1 + n % 4):
            InspectionFactory(licence=licence, company=company_a, started_at=at(2026, month, 1))
    with django_assert_max_num_queries(6):
        officer_client.get(url, {"year": 2026})
    with django_assert_max_num_queries(6):
        officer_client.get(url, {"year": 2026, "format": "csv"})


def test_csv_cells_never_start_a_formula(officer_client, muni1):
    LicenceFactory(municipality=muni1, number="X-1", premises__name="=HYPERLINK(1)")
    response = officer_client.get(reverse("inspections:coverage"), {"year": 2026, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    # The cell starts with the licence number here; a name first would be quoted with '.
    assert rows[1][-1] == "X-1 =HYPERLINK(1)"
    from inspections.views.coverage import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("Bodø kommune") == "Bodø kommune"
