"""The public register: what it publishes, what it never publishes, downloads, cache, limits."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from licensing import clock
from publicregister import selectors
from tests.factories.inspections import PointDecisionFactory, SuspensionFactory, violation
from tests.factories.licensing import (
    LicenceFactory,
    ManagerAssignmentFactory,
    PersonFactory,
    UserFactory,
)

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr("publicregister.views.today", lambda: TODAY)


def page_url(municipality):
    return reverse("publicregister:municipality", args=[municipality.org_number])


def json_licences(client, municipality, **params):
    url = reverse("publicregister:licences_json", args=[municipality.org_number])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def publishing(muni1):
    muni1.publish_sanctions = True
    muni1.save()
    return muni1


def test_only_licences_in_force_today_are_published(client, muni1):
    active = LicenceFactory(municipality=muni1, number="A-1")
    LicenceFactory(municipality=muni1, number="S-1", status="suspended")
    LicenceFactory(municipality=muni1, number="R-1", status="revoked")
    LicenceFactory(municipality=muni1, number="C-1", status="ceased")
    LicenceFactory(
        municipality=muni1, number="E-1", status="expired",
        granted_on=dt.date(2020, 9, 1), valid_from=dt.date(2020, 10, 1),
        valid_to=dt.date(2024, 9, 30),
    )  # fmt: skip
    LicenceFactory(
        municipality=muni1, number="F-1", kind="serving_single_occasion",
        granted_on=dt.date(2026, 11, 1), valid_from=dt.date(2027, 1, 5),
        valid_to=dt.date(2027, 1, 5),
    )  # fmt: skip

    data = json_licences(client, muni1)

    assert [row["licence_number"] for row in data["licences"]] == ["A-1", "S-1"]
    row = data["licences"][0]
    assert row["holder_name"] == active.holder.name
    assert row["premises_name"] == active.premises.name
    assert row["groups"] == [1, 2]
    assert row["serving_groups_1_2_from"] == "08:00"
    assert row["valid_to"] == "2028-09-30"
    assert data["columns"] == list(selectors.LICENCE_COLUMNS)
    assert data["as_of"] == "2026-12-03"
    assert data["updated_at"]


def test_csv_has_the_documented_columns_in_order(client, muni1):
    LicenceFactory(municipality=muni1, number="A-1", group_3=True, group3_from=dt.time(13),
                   group3_until=dt.time(0))  # fmt: skip
    response = client.get(reverse("publicregister:licences_csv", args=[muni1.org_number]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == selectors.LICENCE_COLUMNS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["groups"] == "1+2+3"
    assert record["serving_group_3_until"] == "00:00"
    assert record["kind"] == "serving"


def test_search_and_filters(client, muni1):
    LicenceFactory(municipality=muni1, number="A-1", holder__name="Kafé Kjelen AS")
    LicenceFactory(municipality=muni1, number="B-1", kind="sales", group_2=False)
    LicenceFactory(municipality=muni1, number="C-1", group_3=True, group3_from=dt.time(13),
                   group3_until=dt.time(0))  # fmt: skip

    def numbers(**params):
        return [r["licence_number"] for r in json_licences(client, muni1, **params)["licences"]]

    assert numbers(q="kjelen") == ["A-1"]
    assert numbers(kind="sales") == ["B-1"]
    assert numbers(group="3") == ["C-1"]
    assert numbers(kind="nonsense") == ["A-1", "B-1", "C-1"]  # unknown values are ignored
    response = client.get(page_url(muni1), {"q": "kjelen"})
    assert "Kafé Kjelen AS" in response.content.decode()
    assert "1 bevilling vist av 3" in response.content.decode()


def test_other_municipalitys_records_never_appear(client, muni1, muni2):
    muni2.publish_sanctions = True
    muni2.save()
    LicenceFactory(municipality=muni1, number="OURS-1")
    theirs = LicenceFactory(municipality=muni2, number="THEIRS-1", premises__name="Fjellstua")
    PointDecisionFactory(licence=theirs, violation_on=dt.date(2026, 6, 1))

    body = client.get(page_url(muni1)).content.decode()
    data = json_licences(client, muni1)

    assert "THEIRS-1" not in body and "Fjellstua" not in body
    assert [r["licence_number"] for r in data["licences"]] == ["OURS-1"]
    assert reverse("publicregister:sanctions_json", args=[muni1.org_number]) not in body


def test_only_decided_sanctions_without_personal_data(client, publishing):
    officer = UserFactory(first_name="Vedtaksfatter", last_name="Hemmelig")
    licence = LicenceFactory(municipality=publishing, premises__name="Rorbua Pub")
    ManagerAssignmentFactory(licence=licence, person=PersonFactory(
        municipality=publishing, name="Styrer Personnavn"))  # fmt: skip
    PointDecisionFactory(
        licence=licence, violation_on=dt.date(2026, 5, 2), decided_on=dt.date(2026, 6, 1),
        reference="26/1234-5", decided_by=officer,
    )  # fmt: skip
    PointDecisionFactory(
        licence=licence, violation=violation("sale_to_minor"), points=4,
        standard_points=8, justification="Særlig formildende: Ola Nordmann var syk.",
        violation_on=dt.date(2026, 7, 1), decided_on=dt.date(2026, 8, 1),
    )  # fmt: skip
    for status in ("proposed", "notified"):
        PointDecisionFactory(
            licence=licence, violation=violation("advertising_ban"), status=status,
            violation_on=dt.date(2026, 9, 1), decided_on=None,
        )  # fmt: skip
    PointDecisionFactory(
        licence=licence, violation=violation("shelf_placement"), status="withdrawn",
        withdrawal_reason="Feil", violation_on=dt.date(2026, 9, 2), decided_on=None,
    )  # fmt: skip
    # Decided more than two years ago: no longer published.
    PointDecisionFactory(
        licence=licence, violation=violation("spirits_measure"),
        violation_on=dt.date(2024, 10, 1), decided_on=dt.date(2024, 12, 3),
    )  # fmt: skip
    SuspensionFactory(licence=licence, reasons="Styrer Personnavn ble advart.")
    SuspensionFactory(licence=licence, status="proposed", decided_on=None,
                      starts_on=dt.date(2026, 12, 20))  # fmt: skip
    SuspensionFactory(licence=licence, status="cancelled", cancellation_reason="Trukket",
                      starts_on=dt.date(2026, 11, 20), decided_on=None)  # fmt: skip

    body = client.get(page_url(publishing)).content.decode()
    sanctions = client.get(
        reverse("publicregister:sanctions_json", args=[publishing.org_number])
    ).json()

    assert [p["violation_code"] for p in sanctions["point_decisions"]] == [
        "sale_to_minor", "hours_violation"
    ]  # fmt: skip
    assert [p["points"] for p in sanctions["point_decisions"]] == [4, 4]
    assert [(s["decided_on"], s["days"]) for s in sanctions["suspensions"]] == [("2026-09-01", 7)]
    assert sanctions["decided_since"] == "2024-12-04"
    assert "Salg, utlevering eller skjenking til person under 18 år" in body
    assert "Rorbua Pub" in body
    for secret in ("Vedtaksfatter", "Hemmelig", "26/1234-5", "Ola Nordmann", "Styrer Personnavn",
                   "advertising_ban", "Brudd på reklameforbudet", "Trukket", "Feil"):  # fmt: skip
        assert secret not in body
        assert secret not in str(sanctions)
    points_csv = client.get(reverse("publicregister:points_csv", args=[publishing.org_number]))
    assert "sale_to_minor" in points_csv.content.decode()
    assert "Ola Nordmann" not in points_csv.content.decode()


def test_sanctions_not_published_unless_the_policy_says_so(client, muni1):
    licence = LicenceFactory(municipality=muni1, premises__name="Rorbua Pub")
    PointDecisionFactory(licence=licence, violation_on=dt.date(2026, 6, 1))

    body = client.get(page_url(muni1)).content.decode()

    assert "Prikker og inndragninger" not in body
    assert "Brudd på salgs-, utleverings- og skjenketidene" not in body
    for name in ("points_csv", "suspensions_csv", "sanctions_json"):
        response = client.get(reverse(f"publicregister:{name}", args=[muni1.org_number]))
        assert response.status_code == 404


def test_page_states_when_it_was_updated_and_speaks_english(client, muni1):
    LicenceFactory(municipality=muni1)
    nb = client.get(page_url(muni1)).content.decode()
    assert "Oppdatert" in nb
    client.cookies["django_language"] = "en"
    en = client.get(page_url(muni1), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Updated" in en and "Licences in force" in en


def test_unknown_municipality_is_404(client, db):
    response = client.get(reverse("publicregister:municipality", args=["999999999"]))
    assert response.status_code == 404


def test_fixed_query_count(client, publishing, django_assert_max_num_queries):
    for n in range(60):
        licence = LicenceFactory(municipality=publishing, number=f"Q-{n:03d}")
        PointDecisionFactory(licence=licence, violation_on=dt.date(2026, 3, 1))
        SuspensionFactory(licence=licence)
    # Building the snapshot: the municipality, the licences, the points, the suspensions.
    with django_assert_max_num_queries(4):
        assert client.get(page_url(publishing)).status_code == 200
    # From the cache: only the municipality.
    with django_assert_max_num_queries(1):
        assert client.get(page_url(publishing), {"page": 2}).status_code == 200
    with django_assert_max_num_queries(1):
        client.get(reverse("publicregister:licences_csv", args=[publishing.org_number]))


def test_a_change_in_the_register_refreshes_the_snapshot(
    client, muni1, django_capture_on_commit_callbacks
):
    LicenceFactory(municipality=muni1, number="A-1")
    assert len(json_licences(client, muni1)["licences"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        LicenceFactory(municipality=muni1, number="B-1")
    assert len(json_licences(client, muni1)["licences"]) == 2


def test_rate_limited(client, muni1, settings):
    settings.PUBLIC_REGISTER_RATE = "3/m"
    url = page_url(muni1)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_nynorsk_page_and_downloads_name_the_breach_in_nynorsk(client, publishing):
    licence = LicenceFactory(municipality=publishing, premises__name="Rorbua Pub")
    PointDecisionFactory(licence=licence, violation_on=dt.date(2026, 6, 1),
                         decided_on=dt.date(2026, 7, 1))  # fmt: skip
    client.cookies["django_language"] = "nn"
    body = client.get(page_url(publishing), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Prikkar og inndragingar" in body
    assert "Brot på sals-, utleverings- og skjenketidene" in body
    assert "Brudd på salgs-" not in body
    response = client.get(reverse("publicregister:points_csv", args=[publishing.org_number]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert tuple(rows[0]) == selectors.POINT_COLUMNS
    assert rows[0][-1] == "violation_name_nn"  # appended: earlier columns keep their places
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["violation_name_nn"] == "Brot på sals-, utleverings- og skjenketidene"
    assert record["violation_name_nb"] == "Brudd på salgs-, utleverings- og skjenketidene"
