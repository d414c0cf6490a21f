"""Who decided, when, under which delegation; both names; and the applicant's chance to
comment in a refusal (issue 10 sections 2 and 4), read back from the issued PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from letters import services
from licensing.models import CommentRequest
from tests.factories.licensing import UserFactory

from . import records
from .pdftext import full_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def issued_text(record, kind, officer, language) -> str:
    letter = services.letter_issue(source=record, kind=kind, language=language, actor=officer)
    return full_text(services.letter_download(letter))


@pytest.fixture
def decider():
    return UserFactory(username="leder", first_name="Kari", last_name="Nordmann")


@pytest.fixture
def case_officer():
    return UserFactory(username="berit", first_name="Berit", last_name="Bodø")


def delegated(record, decider, case_officer, **body):
    values = {
        "body_kind": "chief_executive",
        "body_name": "",
        "delegation_reference": "delegeringsreglementet pkt. 4.2",
        "decided_by": decider,
        "case_officer": case_officer,
        **body,
    }
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


@pytest.mark.parametrize(
    ("language", "sentence", "decider_title", "officer_title"),
    [
        (
            "nb",
            "Vedtaket ble fattet 20.07.2026 av kommunedirektøren etter delegert myndighet "
            "(delegeringsreglementet pkt. 4.2).",
            "Vedtaksfatter",
            "Saksbehandler",
        ),
        (
            "en",
            "The decision was made on 20 July 2026 by the chief executive under delegated "
            "authority (delegeringsreglementet pkt. 4.2).",
            "Decision-maker",
            "Case officer",
        ),
        (
            "nn",
            "Vedtaket vart gjort 20.07.2026 av kommunedirektøren etter delegert mynde "
            "(delegeringsreglementet pkt. 4.2).",
            "Vedtaksansvarleg",
            "Saksbehandlar",
        ),
    ],
)
def test_points_decision_names_date_body_delegation_and_both_people(
    bodo, officer, decider, case_officer, language, sentence, decider_title, officer_title
):
    points = records.inspection_points(records.licence(bodo))
    for point_decision in points:
        delegated(point_decision, decider, case_officer)

    text = issued_text(points[0], "points_decision", officer, language)

    assert sentence in text
    # The signature: the one who decided and the case officer who prepared the case (who
    # is also the letter's contact, not the user who happened to issue it).
    assert f"Kari Nordmann {decider_title}" in text
    assert f"Berit Bodø {officer_title}" in text
    assert "Siri Saksbehandler" not in text


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nb", "Vedtaket ble fattet 16.11.2026 av formannskapet i sak PS 41/26."),
        ("en", "The decision was made on 16 November 2026 by formannskapet in case PS 41/26."),
        ("nn", "Vedtaket vart gjort 16.11.2026 av formannskapet i sak PS 41/26."),
    ],
)
def test_a_committee_decision_cites_its_case_number(
    bodo, officer, decider, case_officer, language, sentence
):
    suspension = delegated(
        records.suspension(records.licence(bodo)),
        decider,
        case_officer,
        body_kind="committee",
        body_name="formannskapet",
        delegation_reference="delegeringsreglementet pkt. 2.3",
        body_case_number="PS 41/26",
    )

    text = issued_text(suspension, "suspension_decision", officer, language)

    assert sentence in text
    assert "etter delegert" not in text
    assert "Berit Bodø" in text


def test_the_same_person_signs_once_in_both_roles(bodo, officer):
    decision = delegated(records.granted_decision(bodo), officer, officer)
    text = issued_text(decision, "licence_granted", officer, "nb")
    assert "Vedtaket ble fattet 20.10.2026 av kommunedirektøren etter delegert myndighet" in text
    assert "Siri Saksbehandler Saksbehandler og vedtaksfatter" in text


def test_a_decision_recorded_without_a_body_still_gives_its_date(bodo, officer):
    text = issued_text(records.refused_decision(bodo), "application_refused", officer, "nb")
    assert "Vedtaket ble fattet 15.10.2026." in text


@pytest.fixture
def refusal_with_comment(bodo, decider, case_officer):
    decision = delegated(records.refused_decision(bodo), decider, case_officer)
    hearing = decision.application.hearings.get()
    CommentRequest.objects.create(
        application=decision.application,
        hearing=hearing,
        sent_on=dt.date(2026, 9, 22),
        deadline_on=dt.date(2026, 10, 6),
        received_on=dt.date(2026, 10, 1),
        gist="Restansen er betalt ned med kr 200 000, og resten er avtalt nedbetalt.",
    )
    return decision


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "nb",
            [
                "Hva høringsinstansene uttalte",
                "Selskapet har ubetalte skatter og avgifter på kr 412 000.",
                "Deres rett til å uttale dere",
                "22.09.2026 sendte vi dere uttalelsen fra skatte- og avgiftsmyndighetene, slik "
                "at dere kunne kommentere den, med frist 06.10.2026 (forvaltningsloven § 17 "
                "annet ledd).",
                "Dere kommenterte uttalelsen 01.10.2026:",
                "Restansen er betalt ned med kr 200 000",
            ],
        ),
        (
            "en",
            [
                "What the hearing bodies said",
                "Your right to comment",
                "On 22 September 2026 we sent you the statement from the tax authorities so "
                "that you could comment on it, with a deadline of 6 October 2026 (the Public "
                "Administration Act § 17 second paragraph).",
                "You commented on 1 October 2026:",
                "Restansen er betalt ned med kr 200 000",
            ],
        ),
        (
            "nn",
            [
                "Kva høyringsinstansane sa",
                "Retten dykkar til å uttale dykk",
                "De kom med merknad 01.10.2026:",
                "(forvaltningslova § 17 andre ledd)",
            ],
        ),
    ],
)
def test_the_refusal_states_the_statements_and_the_applicants_comment(
    refusal_with_comment, officer, language, phrases
):
    text = issued_text(refusal_with_comment, "application_refused", officer, language)
    for phrase in phrases:
        assert phrase in text, phrase


def test_the_refusal_says_why_the_applicant_was_not_asked(bodo, officer, decider, case_officer):
    decision = delegated(records.refused_decision(bodo), decider, case_officer)
    application = decision.application
    application.comment_step_skipped_reason = (
        "Søkeren har selv lagt fram skatteattesten som uttalelsen bygger på."
    )
    application.save()
    text = issued_text(decision, "application_refused", officer, "nb")
    assert (
        "Vi sendte ikke uttalelsene til dere til kommentar før vedtaket (forvaltningsloven "
        "§ 17 annet ledd), av denne grunnen:" in text
    )
    assert "Søkeren har selv lagt fram skatteattesten" in text
