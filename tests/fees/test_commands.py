"""The file formats (fee-rates/1, sales-reports/1, fee-statement/1) through the commands."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from fees.models import FeeRateYear, FeeYear, SalesReport
from tests.factories.licensing import LicenceFactory

from .conftest import RATES_2026

pytestmark = pytest.mark.django_db


def reports_file(kind="actual", reports=None):
    return {
        "format": "sales-reports/1", "municipality": "972418013", "year": 2026, "kind": kind,
        "reports": reports if reports is not None else [
            {"licence_number": "2024-017", "litres": {"1": 12000, "2": 3400, "3": 150},
             "received_on": "2027-02-20", "reported_by": "Kari Nordmann"}
        ],
    }  # fmt: skip


def statement(*args):
    out = __import__("io").StringIO()
    call_command(
        "fee_statement", "--municipality", "972418013", "--year", "2026", *args, stdout=out
    )
    return out.getvalue()


def test_load_rates_and_reload(write_json, capsys):
    path = write_json(RATES_2026)
    call_command("load_fee_rates", path)
    rates = FeeRateYear.objects.get(year=2026)
    assert (rates.serving_rate_3, rates.sales_minimum, rates.catering) == (
        __import__("decimal").Decimal("5.19"), 2070, 460,
    )  # fmt: skip
    call_command("load_fee_rates", path)  # the same again: nothing changes
    assert rates.history.count() == 1
    changed = copy.deepcopy(RATES_2026)
    changed["serving"]["minimum"] = 6500
    with pytest.raises(
        CommandError, match="already loaded and differ.*serving_minimum: 6400.00 -> 6500"
    ):
        call_command("load_fee_rates", write_json(changed, "b.json"))
    call_command("load_fee_rates", write_json(changed, "b.json"), "--replace")
    assert FeeRateYear.objects.get(year=2026).serving_minimum == 6500
    assert FeeRateYear.objects.get(year=2026).history.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="fee-rates/2"), "format: must be fee-rates/1"),
        (lambda d: d["serving"]["per_litre"].pop("3"), "serving.per_litre.3: missing"),
        (
            lambda d: d["sales"]["per_litre"].update({"3": "1"}),
            "sales.per_litre.3: not an alcohol group",
        ),
        (lambda d: d["sales"].update(minimum="-1"), "sales.minimum: must be zero or more"),
        (
            lambda d: d["serving"]["per_litre"].update({"1": "0.615"}),
            "serving.per_litre.1: at most two decimals",
        ),
        (
            lambda d: d["per_occasion"].update(serving_catering="abc"),
            "per_occasion.serving_catering: must be a decimal",
        ),
        (lambda d: d.update(year="2026"), "year: must be a year"),
    ],
)
def test_bad_rates_file_is_refused_whole_naming_the_path(write_json, change, message):
    data = copy.deepcopy(RATES_2026)
    change(data)
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("load_fee_rates", write_json(data))
    assert not FeeRateYear.objects.exists()


def test_statement_example_of_the_format(rates_2026, licence, write_json):
    call_command("import_sales_reports", write_json(reports_file("expected", [
        {"licence_number": "2024-017", "litres": {"1": 10000, "2": 3000, "3": 100},
         "received_on": "2026-01-20"}])))  # fmt: skip
    call_command("import_sales_reports", write_json(reports_file(), "a.json"))
    data = json.loads(statement("--on", "2027-03-05"))
    assert data == {
        "format": "fee-statement/1",
        "municipality": "972418013",
        "year": 2026,
        "licences": [
            {
                "licence_number": "2024-017",
                "kind": "serving",
                "expected_litres": {"1": 10000, "2": 3000, "3": 100},
                "charged": "11329",
                "actual_report": "received",
                "actual_litres": {"1": 12000, "2": 3400, "3": 150},
                "final_fee": "13437",
                "settlement": "2108",
            }
        ],
    }


def test_statement_states_order_and_csv(rates_2026, muni1, licence, write_json):
    LicenceFactory(municipality=muni1, number="2024-001", kind="sales", group_2=False)
    LicenceFactory(
        municipality=muni1, number="2024-099", valid_from=__import__("datetime").date(2027, 1, 1)
    )  # not held in 2026
    data = json.loads(statement("--on", "2027-03-02"))
    assert [(e["licence_number"], e["actual_report"], e["charged"]) for e in data["licences"]] == [
        ("2024-001", "missing", None),
        ("2024-017", "missing", None),
    ]
    data = json.loads(statement("--on", "2027-03-01"))
    assert {e["actual_report"] for e in data["licences"]} == {"not_due"}
    csv_text = statement("--format", "csv", "--on", "2027-03-02")
    assert csv_text.startswith("\ufefflicence_number;kind;expected_litres_1;")
    assert csv_text.splitlines()[1] == "2024-001;sales;;;;;missing;;;;;;"
    assert "2024-017" in statement("--format", "table")


@pytest.mark.parametrize(
    ("reports", "message"),
    [
        (
            [{"licence_number": "9999", "litres": {"1": 1}, "received_on": "2027-01-01"}],
            r"reports\[1\]\.licence_number: no licence 9999",
        ),
        (
            [{"licence_number": "2024-017", "litres": {"1": -5}, "received_on": "2027-01-01"}],
            r"reports\[1\]\.litres\.1: litres cannot be negative",
        ),
        (
            [{"licence_number": "2024-017", "litres": {"2": 10.5}, "received_on": "2027-01-01"}],
            r"reports\[1\]\.litres\.2: litres must be a whole number",
        ),
        (
            [{"licence_number": "2024-017", "litres": {"4": 1}, "received_on": "2027-01-01"}],
            r"reports\[1\]\.litres\.4: not an alcohol group",
        ),
        (
            [
                {"licence_number": "2024-017", "litres": {"1": 1}, "received_on": "2027-01-01"},
                {"licence_number": "2024-017", "litres": {"1": 2}, "received_on": "2027-01-02"},
            ],
            r"reports\[2\]: a second actual report for licence 2024-017",
        ),
        (
            [{"licence_number": "2024-017", "litres": {"1": 1}, "received_on": "1.1.2027"}],
            r"reports\[1\]\.received_on: must be a date",
        ),
        (
            [
                {
                    "licence_number": "2024-017",
                    "litres": {"1": 10_000_001},
                    "received_on": "2027-01-01",
                }
            ],
            r"reports\[1\]: .*more than 10 million.*--allow-large",
        ),
    ],
)
def test_bad_reports_file_is_refused_whole(licence, write_json, reports, message):
    good = {"licence_number": "2024-017", "litres": {"1": 5}, "received_on": "2027-01-01"}
    LicenceFactory(municipality=licence.municipality, number="2024-018")
    first = [{**good, "licence_number": "2024-018"}]
    with pytest.raises(CommandError, match=message):
        call_command("import_sales_reports", write_json(reports_file(reports=first + reports)))
    assert not SalesReport.objects.exists() and not FeeYear.objects.exists()


def test_group_not_covered_and_licence_not_in_force(muni1, write_json):
    LicenceFactory(municipality=muni1, number="2024-001", kind="sales", group_2=False)
    LicenceFactory(municipality=muni1, number="2024-002", valid_from=__import__("datetime").date(2024, 10, 1),
                   valid_to=__import__("datetime").date(2025, 6, 30))  # fmt: skip
    with pytest.raises(
        CommandError, match=r"reports\[0\]\.litres\.2: The licence does not cover group 2"
    ):
        call_command("import_sales_reports", write_json(reports_file(reports=[
            {"licence_number": "2024-001", "litres": {"1": 5, "2": 1}, "received_on": "2027-01-01"}])))  # fmt: skip
    with pytest.raises(
        CommandError, match=r"reports\[0\]: Licence 2024-002 was not in force in 2026"
    ):
        call_command("import_sales_reports", write_json(reports_file(reports=[
            {"licence_number": "2024-002", "litres": {"1": 5}, "received_on": "2027-01-01"}])))  # fmt: skip
    assert not SalesReport.objects.exists()


def test_reimport_changes_nothing_and_a_different_figure_is_refused(licence, write_json):
    path = write_json(reports_file())
    call_command("import_sales_reports", path)
    report = SalesReport.objects.get()
    call_command("import_sales_reports", path)
    assert SalesReport.objects.get().history.count() == report.history.count() == 1
    other = reports_file()
    other["reports"][0]["litres"]["1"] = 1
    with pytest.raises(CommandError, match="already has a different actual report"):
        call_command("import_sales_reports", write_json(other, "b.json"))
    assert SalesReport.objects.get().litres_1 == 12000


def test_large_volume_with_confirmation(licence, write_json):
    data = reports_file(reports=[
        {"licence_number": "2024-017", "litres": {"1": 12_000_000}, "received_on": "2027-01-01"}])  # fmt: skip
    call_command("import_sales_reports", write_json(data), "--allow-large")
    assert SalesReport.objects.get().litres_1 == 12_000_000


def test_benchmark_prints_time_and_queries(rates_2026, licence, capsys):
    call_command("fee_statement", "--municipality", "972418013", "--year", "2026", "--benchmark")
    assert "1 licences in" in capsys.readouterr().err


# Payment files: import_payments -------------------------------------------------------------


def import_payments(path, *args):
    out = __import__("io").StringIO()
    call_command("import_payments", path, "--municipality", "972418013", *args, stdout=out)
    return out.getvalue()


PAYMENTS = (
    "reference;amount;paid_date\n"
    "2026-2024-017;5664,00;2026-03-30\n"
    "2026-2024-017;5 665;28.09.2026\n"
    "2026-9999-999;100;2026-09-28\n"
    "2026-2024-017-X;100;2026-09-28\n"
)


def test_import_payments_records_lists_unknown_and_reimport_changes_nothing(
    licence, muni2, tmp_path
):
    from decimal import Decimal

    from fees.models import FeePayment

    # The same licence number in another municipality is not this municipality's fee.
    LicenceFactory(municipality=muni2, number="2024-018")
    path = tmp_path / "bank.csv"
    path.write_text(PAYMENTS + "2026-2024-018;100;2026-09-28\n", encoding="utf-8-sig")
    out = import_payments(str(path), "--dry-run")
    assert "5 lines: 2 payments would be recorded" in out and not FeePayment.objects.exists()
    out = import_payments(str(path))
    assert "5 lines: 2 payments recorded, 0 already recorded, 3 unknown references." in out
    assert "line 4: 2026-9999-999 100 kr paid 28.09.2026" in out
    assert "line 5: 2026-2024-017-X" in out and "line 6: 2026-2024-018" in out
    assert sorted(FeePayment.objects.values_list("amount", flat=True)) == [
        Decimal(5664),
        Decimal(5665),
    ]
    history = FeePayment.objects.count(), FeePayment.history.count()
    out = import_payments(str(path))
    assert "0 payments recorded, 2 already recorded, 3 unknown references." in out
    assert (FeePayment.objects.count(), FeePayment.history.count()) == history


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026-2024-017;abc;2026-09-28", "line 3: the amount abc is not a number"),
        ("2026-2024-017;100;2026-02-30", "line 3: the date 2026-02-30 is not a date"),
        (";100;2026-09-28", "line 3: the reference is empty"),
        ("2026-2024-017;0;2026-09-28", "line 3: the amount must be non-zero"),
        ("2026-2024-017;1.005;2026-09-28", "line 3: the amount must be non-zero, with at most two"),
    ],
)
def test_bad_payment_file_is_refused_whole_naming_the_line(licence, tmp_path, line, message):
    from fees.models import FeePayment

    path = tmp_path / "bank.csv"
    path.write_text(
        f"reference;amount;paid_date\n2026-2024-017;5664;2026-03-30\n{line}\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=message) as error:
        import_payments(str(path))
    assert "nothing was recorded" in str(error.value)
    assert not FeePayment.objects.exists() and not FeeYear.objects.exists()


def test_payment_file_without_header_or_unknown_municipality(licence, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("2026-2024-017;5664;2026-03-30\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: the header must name reference"):
        import_payments(str(path))
    with pytest.raises(CommandError, match="No municipality with organisation number 123"):
        call_command("import_payments", str(path), "--municipality", "123")


def test_statement_runs_a_fixed_number_of_queries(rates_2026, muni1, django_assert_num_queries):
    """8 queries however many licences, fee years (with cases), reports, payments and
    messages: fee_statement stays fast for 20,000 licences."""
    import datetime as dt

    from fees import selectors
    from fees.services import fee_years, notices, payments, reports

    def statement_rows():
        return selectors.fee_rows(
            municipality_ids=[muni1.pk], years=[2026], today=dt.date(2027, 4, 1)
        )

    LicenceFactory(municipality=muni1, number="2024-001")
    with django_assert_num_queries(8):
        assert len(statement_rows()) == 1
    for n in range(2, 7):
        lic = LicenceFactory(municipality=muni1, number=f"2024-00{n}")
        fy = fee_years.fee_year_get_or_create(licence=lic, year=2026)
        reports.report_enter_by_officer(
            licence=lic, year=2026, kind="expected",
            data=reports.ReportInput({1: 1000 * n}, dt.date(2026, 1, 20)), reason="Papir",
            actor=None,
        )  # fmt: skip
        payments.payment_record(
            fee_year=fy, amount=100 * n, paid_on=dt.date(2026, 4, 1), actor=None
        )
        notices.reminder_send(fee_year=fy, language="nb", actor=None, on=dt.date(2027, 3, 20))
    with django_assert_num_queries(8):
        assert len(statement_rows()) == 6
