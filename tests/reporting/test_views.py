"""The report pages and downloads: who may see what, and what they contain."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting import national

REPORT = reverse("reporting:annual_report")
NATIONAL = reverse("reporting:national_export")


def test_anonymous_goes_to_login(client, db):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_control_company_is_refused(company_a_client):
    assert company_a_client.get(REPORT).status_code == 403
    assert company_a_client.get(NATIONAL).status_code == 403


def test_other_municipality_is_404(officer2_client, muni1):
    response = officer2_client.get(REPORT, {"municipality": muni1.org_number})
    assert response.status_code == 404
    response = officer2_client.get(NATIONAL, {"municipality": muni1.org_number})
    assert response.status_code == 404


def test_bad_year_is_404(officer_client):
    assert officer_client.get(REPORT, {"year": "x"}).status_code == 404
    assert officer_client.get(REPORT, {"year": "2031"}).status_code == 404


def test_page_shows_summary_charts_and_figures(officer_client, dataset, muni1):
    response = officer_client.get(REPORT, {"year": 2026})
    body = response.content.decode()

    assert response.status_code == 200
    assert "Alkoholpolitisk årsrapport 2026 – Bodø kommune" in body
    assert body.count("<svg") == 3
    # The charts need no script: the only script is the site's shared static/js/app.js.
    assert body.count("<script") == body.count('<script src="/static/js/app.js" defer>') == 1
    assert "Steder som ikke ble kontrollert i løpet av året" in body
    assert "L3" in body


def test_json_and_pdf(officer_client, dataset, muni1):
    data = officer_client.get(REPORT, {"year": 2026, "format": "json"}).json()
    assert data["current"]["points"] == 14
    assert data["previous"]["points"] == 2

    response = officer_client.get(REPORT, {"year": 2026, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_national_export_csv_and_json(officer_client, dataset, muni1):
    response = officer_client.get(NATIONAL, {"year": 2026})
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert tuple(rows[0]) == national.COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["municipality_org_number"] == muni1.org_number
    assert (row["serving_licences"], row["sales_licences"]) == ("2", "1")
    assert row["single_occasion_licences_granted"] == "1"
    assert (row["inspections"], row["inspections_required"]) == ("3", "12")
    assert (row["venues_inspected"], row["venues_not_inspected"]) == ("2", "2")  # L3, L4
    assert (row["point_decisions"], row["points"]) == ("3", "14")
    assert (row["suspensions"], row["suspension_days"]) == ("1", "7")
    assert row["serving_licences_group_3"] == "1"

    data = officer_client.get(NATIONAL, {"year": 2026, "format": "json"}).json()
    assert data["municipalities"][0]["points"] == 14


def test_coordinator_sees_the_region_but_no_case_pages(client, coordinator, dataset, muni1, muni2):
    client.force_login(coordinator)
    data = client.get(REPORT, {"year": 2026, "format": "json"}).json()
    assert data["municipalities"] == ["Bodø kommune", "Saltdal kommune"]
    assert data["current"]["points"] == 18
    rows = client.get(NATIONAL, {"year": 2026, "municipality": "region", "format": "json"}).json()
    assert [r["municipality_name"] for r in rows["municipalities"]] == [
        "Bodø kommune", "Saltdal kommune"
    ]  # fmt: skip
    # Case details stay closed.
    licence = dataset["L1"]
    for url in (
        reverse("licensing:dashboard"),
        reverse("licensing:licence_list"),
        reverse("licensing:licence_detail", args=[licence.pk]),
        reverse("inspections:report_list"),
    ):
        assert client.get(url).status_code == 403, url


def test_command_writes_json_and_pdf(dataset, muni1, tmp_path, capsys):
    call_command("annual_report", "--municipality", muni1.org_number, "--year", "2026")
    data = json.loads(capsys.readouterr().out)
    assert data["current"]["licences_in_force"] == 3
    assert data["summary"][0].startswith("Bevillinger i kraft")

    target = tmp_path / "r.pdf"
    call_command("annual_report", "--municipality", muni1.org_number, "--year", "2026",
                 "--format", "pdf", "--output", str(target))  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--municipality", "123456789", "--year", "2026"], "No municipality"),
        (["--year", "2031"], "--year must be between"),
        (["--year", "2026", "--format", "pdf"], "needs --output"),
    ],
)
def test_command_errors(muni1, args, message):
    if args[0] != "--municipality":
        args = ["--municipality", muni1.org_number, *args]
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", *args)


def test_nynorsk_report_names_breaches_in_nynorsk(officer_client, dataset):
    officer_client.cookies["django_language"] = "nn"
    body = officer_client.get(REPORT, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Alkoholpolitisk årsrapport 2026" in body
    assert "Brot på sals-, utleverings- og skjenketidene" in body
    assert "Brudd på salgs-" not in body
    assert "Vedtekne prikkar" in body and "Gjennomførte kontrollar" in body
    response = officer_client.get(REPORT, {"year": 2026, "format": "pdf"})
    assert response.content.startswith(b"%PDF")


def test_command_writes_nynorsk(dataset, muni1, capsys):
    call_command("annual_report", "--municipality", muni1.org_number, "--year", "2026",
                 "--language", "nn")  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["summary"][0].startswith("Løyve i kraft ved utgangen av 2026")
