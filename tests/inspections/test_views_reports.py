"""The case officer's report pages: review, sending, comment, proposals (happy paths and
bad input: the message is shown and nothing is written)."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import Inspection, PointDecision


def test_report_detail_shows_what_the_officer_needs(officer_client, report):
    content = officer_client.get(
        reverse("inspections:report_detail", args=[report.pk])
    ).content.decode()
    # Inspectors with their test dates; one without a passed test is flagged (§ 9-3).
    assert "Ola Kontrollør" in content
    assert "15.01.2020" in content
    assert "not passed by the inspection date (§ 9-3)" in content
    # Findings grouped by code with the catalogue's standard points and what was seen.
    assert "hours_violation" in content and "Breach of sales or serving hours" in content
    assert "Standard points: 4 (alkoholloven §§ 3-4a, 3-7 og 4-4)" in content
    assert "Gjest som sjanglet og snøvlet" in content
    # The one-week deadline of § 9-6 (inspected 2026-06-13 -> 2026-06-20), passed.
    assert "deadline 20.06.2026" in content
    assert "Start review" in content


def test_start_review(officer_client, officer, report):
    response = officer_client.post(reverse("inspections:report_start_review", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reviewed_by == officer


def test_start_review_twice_shows_the_refusal(officer_client, reviewed_report):
    before = reviewed_report.review_started_at
    response = officer_client.post(
        reverse("inspections:report_start_review", args=[reviewed_report.pk]), follow=True
    )
    assert (
        "The review of this report has already started (status: in review)."
        in response.content.decode()
    )
    reviewed_report.refresh_from_db()
    assert reviewed_report.review_started_at == before


def test_record_report_sent(officer_client, reviewed_report):
    url = reverse("inspections:report_sent", args=[reviewed_report.pk])
    assert officer_client.post(url, {"sent_on": "2026-06-18"}).status_code == 302
    assert Inspection.objects.get(pk=reviewed_report.pk).report_sent_on == dt.date(2026, 6, 18)


def test_report_sent_before_inspection_shows_error(officer_client, reviewed_report):
    url = reverse("inspections:report_sent", args=[reviewed_report.pk])
    response = officer_client.post(url, {"sent_on": "2026-06-01"})
    assert response.status_code == 200
    assert (
        "The report cannot be sent before the inspection (13.06.2026)." in response.content.decode()
    )
    assert Inspection.objects.get(pk=reviewed_report.pk).report_sent_on is None


def test_report_sent_before_review_shows_error(officer_client, report):
    url = reverse("inspections:report_sent", args=[report.pk])
    response = officer_client.post(url, {"sent_on": "2026-06-18"})
    assert "start the review before recording that it was sent" in response.content.decode()
    assert Inspection.objects.get(pk=report.pk).report_sent_on is None


def test_record_holder_comment_and_bad_date(officer_client, officer, reviewed_report):
    from inspections.services.review import inspection_record_report_sent

    inspection_record_report_sent(
        inspection=reviewed_report, actor=officer, sent_on=dt.date(2026, 6, 18)
    )
    url = reverse("inspections:report_comment", args=[reviewed_report.pk])
    response = officer_client.post(url, {"received_on": "2026-06-17", "comment": "Vi er uenige."})
    assert (
        "The comment cannot arrive before the report was sent (18.06.2026)."
        in response.content.decode()
    )
    assert Inspection.objects.get(pk=reviewed_report.pk).holder_comment == ""
    response = officer_client.post(url, {"received_on": "2026-07-05", "comment": "Vi er uenige."})
    assert response.status_code == 302
    reviewed_report.refresh_from_db()
    assert reviewed_report.holder_comment == "Vi er uenige."
    detail = officer_client.get(reverse("inspections:report_detail", args=[reviewed_report.pk]))
    # The deadline was 2026-07-02: the comment came late.
    assert "after the deadline" in detail.content.decode()


def _proposal_data(**overrides):
    data = {
        "include_hours_violation": "on", "points_hours_violation": "4",
        "justification_hours_violation": "",
        "include_sale_to_intoxicated": "on", "points_sale_to_intoxicated": "4",
        "justification_sale_to_intoxicated": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_propose_points_page_lists_one_row_per_distinct_code(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    content = officer_client.get(url).content.decode()
    assert content.count('name="points_hours_violation"') == 1
    assert content.count('name="points_sale_to_intoxicated"') == 1
    assert "2 findings (count once)" in content


def test_propose_points(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(url, _proposal_data(include_sale_to_intoxicated=""))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "inspections:licence_points", args=[reviewed_report.licence_id]
    )
    assert list(PointDecision.objects.values_list("violation__code", "points", "status")) == [
        ("hours_violation", 4, "proposed")
    ]


def test_deviation_without_justification_is_a_form_error(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(url, _proposal_data(points_hours_violation="6"))
    assert response.status_code == 200
    assert (
        "The standard for this breach is 4 points. Write the justification for giving 6 "
        "(alkoholforskriften § 10-4)."
    ) in response.content.decode()
    assert not PointDecision.objects.exists()


def test_nothing_chosen_is_a_form_error(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(
        url, _proposal_data(include_hours_violation="", include_sale_to_intoxicated="")
    )
    assert "Choose at least one breach to propose points for." in response.content.decode()
    assert not PointDecision.objects.exists()


def test_proposing_before_review_is_refused(officer_client, report):
    url = reverse("inspections:report_propose_points", args=[report.pk])
    response = officer_client.post(url, _proposal_data())
    assert "Start the review of the report before proposing points" in response.content.decode()
    assert not PointDecision.objects.exists()


@pytest.mark.parametrize("kind", ["serving_single_occasion", "serving_catering"])
def test_propose_page_refuses_licences_outside_the_point_system(
    officer_client, officer, muni1, company_a, kind
):
    from inspections.services.review import inspection_start_review
    from tests.factories.inspections import FindingFactory, InspectionFactory
    from tests.factories.licensing import LicenceFactory

    inspection = InspectionFactory(
        licence=LicenceFactory(municipality=muni1, kind=kind), company=company_a
    )
    FindingFactory(inspection=inspection)
    inspection_start_review(inspection=inspection, actor=officer)
    url = reverse("inspections:report_propose_points", args=[inspection.pk])
    response = officer_client.post(
        url, {"include_hours_violation": "on", "points_hours_violation": "4"}
    )
    assert "outside the point system" in response.content.decode()
    assert not PointDecision.objects.exists()


def test_report_list_filters(officer_client, report, reviewed_report, licence1, company_a):
    from tests.factories.inspections import InspectionFactory

    from .conftest import at

    clean = InspectionFactory(licence=licence1, company=company_a, started_at=at(2026, 9, 1))
    url = reverse("inspections:report_list")

    def listed(params):
        page = officer_client.get(url, params).context["page_obj"]
        return {i.pk for i in page}

    assert listed({}) == {report.pk, clean.pk}
    assert listed({"with_findings": "on"}) == {report.pk}
    assert listed({"not_reviewed": "on"}) == {clean.pk}
    assert listed({"not_sent": "on"}) == {report.pk, clean.pk}
    assert listed({"company": company_a.pk}) == {report.pk, clean.pk}
    ordered = officer_client.get(url, {"ordering": "-findings"}).context["page_obj"]
    assert [i.pk for i in ordered] == [report.pk, clean.pk]


def test_history_names_findings_by_their_local_time(officer_client, report):
    from tests.factories.inspections import FindingFactory

    # 21:15 UTC on 12 November is 22:15 in Oslo (CET).
    finding = FindingFactory(
        inspection=report, observed_at=dt.datetime(2026, 11, 12, 21, 15, tzinfo=dt.UTC)
    )
    assert str(finding) == "Breach of sales or serving hours 12.11.2026 22:15"
    response = officer_client.get(reverse("inspections:report_detail", args=[report.pk]))
    labels = [entry.object_label for entry in response.context["history"]]
    assert any("Breach of sales or serving hours 12.11.2026 22:15" in label for label in labels)


def test_a_breach_left_out_is_not_validated(officer_client, reviewed_report):
    # The officer leaves out the serving breach after clearing its points: the proposal
    # for the hours breach goes through all the same.
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(
        url, _proposal_data(include_sale_to_intoxicated="", points_sale_to_intoxicated="")
    )
    assert response.status_code == 302
    assert list(PointDecision.objects.values_list("violation__code", "points")) == [
        ("hours_violation", 4)
    ]


def test_an_included_breach_needs_its_points(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(url, _proposal_data(points_sale_to_intoxicated=""))
    assert response.status_code == 200
    assert (
        "Sale or serving to an obviously intoxicated person – Points: Give the points for this breach, or leave the breach out."
        in response.content.decode()
    )
    assert not PointDecision.objects.exists()


def test_error_summary_names_the_breach_of_each_error(officer_client, reviewed_report):
    # Every breach has fields labelled "Points" and "Justification…": the summary says which.
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(
        url, _proposal_data(points_hours_violation="6", points_sale_to_intoxicated="0")
    )
    content = response.content.decode()
    assert (
        'href="#id_justification_hours_violation">Breach of sales or serving hours – Justification for '
        "deviating from the standard: The standard for this breach is 4 points."
    ) in content
    assert (
        'href="#id_points_sale_to_intoxicated">Sale or serving to an obviously intoxicated person – Points:'
        in content
    )
    assert not PointDecision.objects.exists()


def test_success_message_counts_points_in_the_singular(officer_client, reviewed_report):
    url = reverse("inspections:report_propose_points", args=[reviewed_report.pk])
    response = officer_client.post(
        url,
        _proposal_data(
            include_sale_to_intoxicated="",
            points_hours_violation="1",
            justification_hours_violation="Kort overskridelse.",
        ),  # fmt: skip
        follow=True,
    )
    assert "1 proposal with 1 point in total is registered." in response.content.decode()
