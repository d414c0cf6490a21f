"""The letters pages: who may see them, preview, issue, versions, download."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from inspections.models import Inspection
from letters import services
from letters.models import IssuedLetter
from licensing.models import Decision

from . import records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MAKERS = {
    "vedtak": (lambda m: records.granted_decision(m), "licence_granted"),
    "prikker": (lambda m: records.inspection_points(records.licence(m))[0], "points_decision"),
    "inndragning": (lambda m: records.suspension(records.licence(m)), "suspension_decision"),
    "pamelding": (lambda m: records.registration(m), "seminar_confirmation"),
    "kursbevis": (lambda m: records.attendance(m), "attendance_certificate"),
}


def urls(slug: str, record, kind: str) -> dict[str, str]:
    return {
        "source": reverse("letters:source", args=[slug, record.pk]),
        "preview": reverse("letters:preview", args=[slug, record.pk, kind]) + "?language=nb",
        "issue": reverse("letters:issue", args=[slug, record.pk]),
    }


def issue_data(kind: str, **extra) -> dict[str, str]:
    return {"kind": kind, f"{kind}-language": "nb", f"{kind}-confirm": "on", **extra}


@pytest.fixture
def decision(bodo):
    return records.granted_decision(bodo)


@pytest.fixture
def issued(decision, officer):
    return services.letter_issue(
        source=decision, kind="licence_granted", language="nb", actor=officer
    )


# --- Who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize("slug", MAKERS)
def test_officer_sees_previews_and_issues_for_each_record_type(officer_client, bodo, slug):
    make, kind = MAKERS[slug]
    record = make(bodo)
    pages = urls(slug, record, kind)

    assert officer_client.get(pages["source"]).status_code == 200
    preview = officer_client.get(pages["preview"])
    response = officer_client.post(pages["issue"], issue_data(kind))

    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline")
    assert response.status_code == 302
    assert IssuedLetter.objects.get().kind == kind


@pytest.mark.parametrize("slug", MAKERS)
def test_another_municipality_gets_404(client, officer2, bodo, slug):
    make, kind = MAKERS[slug]
    record = make(bodo)
    client.force_login(officer2)

    pages = urls(slug, record, kind)

    assert client.get(pages["source"]).status_code == 404
    assert client.get(pages["preview"]).status_code == 404
    assert client.post(pages["issue"], issue_data(kind)).status_code == 404
    assert not IssuedLetter.objects.exists()


def test_control_company_user_gets_403_and_anonymous_goes_to_login(
    client, company_a_user, decision, issued
):
    pages = [
        urls("vedtak", decision, "licence_granted")["source"],
        urls("vedtak", decision, "licence_granted")["preview"],
        reverse("letters:download", args=[issued.pk]),
        reverse("letters:letter_list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    client.force_login(company_a_user)
    for url in pages:
        assert client.get(url).status_code == 403, url
    response = client.post(
        urls("vedtak", decision, "licence_granted")["issue"], issue_data("licence_granted")
    )
    assert response.status_code == 403
    assert IssuedLetter.objects.count() == 1


def test_download_of_another_municipalitys_letter_is_404(client, officer2, issued):
    client.force_login(officer2)

    assert client.get(reverse("letters:download", args=[issued.pk])).status_code == 404


def test_administrator_may_see_every_municipality(admin_client_, decision):
    assert (
        admin_client_.get(reverse("letters:source", args=["vedtak", decision.pk])).status_code
        == 200
    )


# --- Preview, issue, versions ---------------------------------------------------------------


def test_preview_stores_nothing(officer_client, decision):
    officer_client.get(urls("vedtak", decision, "licence_granted")["preview"])

    assert not IssuedLetter.objects.exists()


def test_preview_of_a_letter_the_record_cannot_have_goes_back_with_a_message(
    officer_client, decision
):
    url = reverse("letters:preview", args=["vedtak", decision.pk, "application_refused"])

    response = officer_client.get(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("letters:source", args=["vedtak", decision.pk])
    assert "på dette stadiet" in response.content.decode()


def test_issue_needs_the_confirmation(officer_client, decision):
    data = issue_data("licence_granted")
    del data["licence_granted-confirm"]

    response = officer_client.post(urls("vedtak", decision, "licence_granted")["issue"], data)

    assert response.status_code == 200
    assert "Bekreft at brevet skal utstedes." in response.content.decode()
    assert not IssuedLetter.objects.exists()


def test_issue_goes_back_to_the_page_it_came_from(officer_client, decision):
    back = reverse("licensing:decision_detail", args=[decision.pk])

    response = officer_client.post(
        urls("vedtak", decision, "licence_granted")["issue"],
        issue_data("licence_granted", next=back),
    )

    assert response["Location"] == back


def test_issue_never_redirects_off_site(officer_client, decision):
    response = officer_client.post(
        urls("vedtak", decision, "licence_granted")["issue"],
        issue_data("licence_granted", next="https://evil.example/"),
    )

    assert response["Location"] == reverse("letters:source", args=["vedtak", decision.pk])


def test_a_correction_from_the_page_needs_a_reason_and_keeps_version_one(
    officer_client, decision, issued
):
    url = urls("vedtak", decision, "licence_granted")["issue"]

    refused = officer_client.post(url, issue_data("licence_granted"))
    assert "skriv begrunnelsen for rettelsen" in refused.content.decode()
    assert IssuedLetter.objects.count() == 1

    Decision.objects.filter(pk=decision.pk).update(reasons="Rettet begrunnelse.")
    officer_client.post(
        url, issue_data("licence_granted", **{"licence_granted-reason": "Feil dato."})
    )

    versions = list(IssuedLetter.objects.order_by("version").values_list("version", "reason"))
    assert versions == [(1, ""), (2, "Feil dato.")]
    page = officer_client.get(
        urls("vedtak", decision, "licence_granted")["source"]
    ).content.decode()
    assert "erstattet" in page and "gjeldende" in page and "Feil dato." in page


def test_issue_in_english(officer_client, decision):
    data = issue_data("licence_granted", **{"licence_granted-language": "en"})

    officer_client.post(urls("vedtak", decision, "licence_granted")["issue"], data)

    assert IssuedLetter.objects.get().language == "en"


# --- Download -------------------------------------------------------------------------------


def test_download_returns_identical_bytes_with_the_sha256_as_etag(officer_client, issued):
    url = reverse("letters:download", args=[issued.pk])

    first = officer_client.get(url)
    second = officer_client.get(url)

    assert first.content == second.content == bytes(issued.pdf)
    assert first["ETag"] == f'"{issued.sha256}"'
    assert first["Content-Disposition"].startswith("attachment")
    assert issued.filename in first["Content-Disposition"]
    assert "private" in first["Cache-Control"]
    assert officer_client.get(url, HTTP_IF_NONE_MATCH=f'"{issued.sha256}"').status_code == 304


def test_a_tampered_letter_is_not_served(officer_client, issued, caplog):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_issuedletter SET pdf = %s WHERE id = %s",
            [b"%PDF-1.4 forged", issued.pk],
        )

    response = officer_client.get(reverse("letters:download", args=[issued.pk]))

    assert response.status_code == 500
    assert "Brevet kan ikke utleveres" in response.content.decode()
    assert "fails its SHA-256 check" in caplog.text


# --- The panels on other areas' pages -------------------------------------------------------


def test_the_decision_page_carries_the_letters_panel(officer_client, decision, issued):
    page = officer_client.get(reverse("licensing:decision_detail", args=[decision.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert urls("vedtak", decision, "licence_granted")["preview"].replace("&", "&amp;") in html
    assert urls("vedtak", decision, "licence_granted")["issue"] in html
    assert reverse("letters:download", args=[issued.pk]) in html
    assert issued.sha256[:12] in html


def test_the_licence_points_page_lists_the_letters(officer_client, bodo, officer):
    licence = records.licence(bodo)
    decided = records.inspection_points(licence)
    suspension = records.suspension(licence)
    letter = services.letter_issue(
        source=decided[1], kind="points_decision", language="nb", actor=officer
    )

    html = officer_client.get(
        reverse("inspections:licence_points", args=[licence.pk])
    ).content.decode()

    assert reverse("letters:source", args=["prikker", decided[0].pk]) in html
    assert reverse("letters:source", args=["inndragning", suspension.pk]) in html
    assert reverse("letters:download", args=[letter.pk]) in html
    assert "ikke utstedt" in html  # the advance notices and the suspension letters


def test_the_list_shows_only_the_officers_municipalities(client, officer, officer2, issued, muni2):
    other = services.letter_issue(
        source=records.attendance(muni2),
        kind="attendance_certificate",
        language="nb",
        actor=officer2,
    )
    client.force_login(officer)

    html = client.get(reverse("letters:letter_list")).content.decode()

    assert reverse("letters:download", args=[issued.pk]) in html
    assert reverse("letters:download", args=[other.pk]) not in html


def test_the_source_page_takes_a_fixed_number_of_queries(
    officer_client, bodo, officer, django_assert_max_num_queries
):
    licence = records.licence(bodo)
    decided = records.inspection_points(licence)
    for n in range(6):
        Inspection.objects.filter(pk=decided[0].inspection_id).update(holder_comment=f"Svar {n}")
        services.letter_issue(
            source=decided[0],
            kind="points_decision",
            language="nb",
            actor=officer,
            reason=f"Rettelse {n}" if n else "",
        )

    with django_assert_max_num_queries(12):
        response = officer_client.get(reverse("letters:source", args=["prikker", decided[0].pk]))
    assert response.content.decode().count("Last ned<span") == 6


def test_the_letter_list_takes_a_fixed_number_of_queries(
    officer_client, bodo, officer, django_assert_max_num_queries
):
    # 55 letters of two record types: more than one page (50 a page).
    services.letter_issue(
        source=records.granted_decision(bodo), kind="licence_granted", language="nb", actor=officer
    )
    for _ in range(54):
        services.letter_issue(
            source=records.attendance(bodo),
            kind="attendance_certificate",
            language="nb",
            actor=officer,
        )

    with django_assert_max_num_queries(8):
        response = officer_client.get(reverse("letters:letter_list"))
    assert len(response.context["page_obj"].object_list) == 50
    assert response.context["page_obj"].paginator.count == 55
    with django_assert_max_num_queries(8):
        second = officer_client.get(reverse("letters:letter_list") + "?page=2")
    assert len(second.context["page_obj"].object_list) == 5
