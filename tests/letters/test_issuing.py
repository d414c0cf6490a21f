"""Letters built from database records, issued, stored and downloaded.

Every letter kind is built from real records (factories), issued through
``letters.services.letter_issue``, read back with pypdf from the stored bytes, and checked
for the elements the law and the issue require.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from letters import services
from letters.models import IssuedLetter, IssuedLetterIsFinal
from letters.sources import build_context, canonical_source
from licensing.errors import DomainError
from licensing.models import Decision

from . import records
from .pdftext import full_text, page_texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Every letter: letterhead (name, address, org number), references, date, case officer.
COMMON = {
    "nb": [
        "Bodø kommune",
        "Postboks 319 8001 Bodø",
        "Org.nr. 972 418 013",
        "Telefon 75 55 50 00",
        "Vår ref.",
        "Deres ref.",
        "Dato 22.11.2026",
        "Saksbehandler Siri Saksbehandler",
        "E-post officer@example.no",
        "Med hilsen Siri Saksbehandler Saksbehandler Bodø kommune",
    ],
    "en": [
        "Bodø kommune",
        "Org. no. 972 418 013",
        "Our ref.",
        "Your ref.",
        "Date 22 November 2026",
        "Case officer Siri Saksbehandler",
        "Kind regards Siri Saksbehandler Case officer Bodø kommune",
    ],
}
# Every decision (enkeltvedtak): fvl. §§ 24-25, 27-29 and alkoholloven § 1-16.
DECISION = {
    "nb": [
        "Vedtak",
        "Begrunnelse",
        "Rettslig grunnlag",
        "Klageadgang",
        "kan påklages, jf. forvaltningsloven § 28",
        "Klagefristen er tre uker fra den dagen dette brevet kom fram til dere",
        "Klagen sendes til Bodø kommune, som har fattet vedtaket",
        "Statsforvalteren i Nordland",
        "alkoholloven § 1-16",
        "kan bare prøve lovligheten av vedtaket",
    ],
    "en": [
        "Decision",
        "Reasons",
        "Legal basis",
        "Right of appeal",
        "Deadline for appeal: three weeks from the day this letter reached you",
        "the appeal is sent to Bodø kommune, which made the decision",
        "Statsforvalteren i Nordland (the County Governor)",
        "the Alcohol Act § 1-16",
        "reviews the legality of the decision only",
    ],
}
NOTICE = ["forhåndsvarsel etter forvaltningsloven § 16", "Frist for uttalelse"]


def issue(record, kind, officer, language="nb", **kwargs) -> IssuedLetter:
    return services.letter_issue(
        source=record, kind=kind, language=language, actor=officer, **kwargs
    )


def text_of(letter: IssuedLetter) -> str:
    return full_text(services.letter_download(letter))


def assert_contains(text: str, phrases: list[str]) -> None:
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"missing {missing} in:\n{text}"


# --- Each kind, from the database -------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_licence_granted(bodo, officer, language):
    decision = records.granted_decision(bodo)

    letter = issue(decision, "licence_granted", officer, language)

    text = text_of(letter)
    assert_contains(text, COMMON[language] + DECISION[language])
    assert_contains(text, ["26/1234-5", "B-2026-017", "Fjøsnæs Spiseri", "Øystein Ås"])
    assert_contains(text, ["Kjærsti Blåfjell", "Uteserveringen skal være tydelig avgrenset."])
    if language == "nb":
        assert_contains(
            text,
            [
                "Vedtak om alminnelig skjenkebevilling – Fjøsnæs Spiseri",
                "Deres ref. Søknad mottatt 14.09.2026",
                "Alkoholgrupper 1, 2 og 3",
                "Bevillingsperiode fra og med 01.11.2026 til og med 30.09.2028",
                "Gruppe 1 over 2,5 og høyst 4,7 volumprosent alkohol 08.00–01.00",
                "Gruppe 3 fra og med 22 til og med 60 volumprosent alkohol 13.00–24.00",
                "Restaurantlokalet i 1. etasje (120 m²) Uteareal: uteservering på brygga",
                # The seminar condition: grant date 20.10.2026 + 6 months.
                "Styrer Øystein Ås: innen 20.04.2027",
                "Søknaden er sendt på høring til politiet og sosialtjenesten",
                "Søknaden er vurdert etter kommunens alkoholpolitiske retningslinjer.",
            ],
        )
    else:
        assert_contains(
            text,
            ["Your ref. Application received 14 September 2026", "by 20 April 2027"],
        )
    assert letter.our_reference == "26/1234-5"
    assert letter.recipient_name == records.HOLDER_NAME


def test_licence_granted_without_seminar_condition_and_catering_kind(bodo, officer):
    decision = records.granted_decision(
        bodo, kind="serving_catering", seminar_required=False, premises=None, group_3=False
    )

    text = text_of(issue(decision, "licence_granted", officer))

    assert "Vedtak om ambulerende skjenkebevilling" in text or "ambulerende" in text
    assert "ansvarlig vertskap innen" not in text


@pytest.mark.parametrize("language", ["nb", "en"])
def test_manager_change_approves_the_persons_not_a_new_licence(bodo, officer, language):
    decision = records.granted_decision(bodo)
    Decision.objects.filter(pk=decision.pk).update(kind="manager_change")
    decision.application.kind = "manager_change"
    decision.application.save()
    decision.refresh_from_db()

    letter = issue(decision, "licence_granted", officer, language)

    text = text_of(letter)
    assert_contains(text, COMMON[language] + DECISION[language])
    if language == "nb":
        assert_contains(
            text,
            [
                "Vedtak om godkjenning av styrer og stedfortreder – Fjøsnæs Spiseri",
                "Bodø kommune godkjenner styrer og stedfortreder som er nevnt nedenfor",
                "Styrer Øystein Ås",
                "Vedtaket er truffet med hjemmel i alkoholloven §§ 1-7 og 1-7c.",
            ],
        )
        assert "følgende bevilling" not in text
    else:
        assert_contains(
            text,
            [
                "Decision on approval of manager and deputy – Fjøsnæs Spiseri",
                "approves the manager and deputy named below",
                "The decision is made under the Alcohol Act §§ 1-7 and 1-7c.",
            ],
        )
        assert "grants" not in text


def test_licence_granted_states_a_legal_basis_the_officer_added(bodo, officer):
    from licensing.services.applications import default_legal_basis

    decision = records.granted_decision(bodo)
    Decision.objects.filter(pk=decision.pk).update(
        legal_basis="alkoholloven § 4-2 og Bodø kommunes alkoholpolitiske retningslinjer"
    )
    decision.refresh_from_db()
    text = text_of(issue(decision, "licence_granted", officer))
    assert "Vedtaket bygger også på alkoholloven § 4-2 og Bodø kommunes alkoholpolitiske" in text

    # The suggested text (in either language) is not repeated.
    for language in ("nb", "en"):
        with translation.override(language):
            standard = default_legal_basis(decision.application)
        Decision.objects.filter(pk=decision.pk).update(legal_basis=standard)
        decision.refresh_from_db()
        preview = services.letter_preview(
            source=decision, kind="licence_granted", language="nb", officer=officer
        )
        assert "bygger også på" not in full_text(preview)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_application_refused(bodo, officer, language):
    decision = records.refused_decision(bodo)

    text = text_of(issue(decision, "application_refused", officer, language))

    assert_contains(text, COMMON[language] + DECISION[language] + ["26/2001-4"])
    assert_contains(
        text,
        [
            "Nærbutikken på Løding",
            "Selskapet har ubetalte skatter og avgifter på kr 412 000.",
            "Kommunen mener at selskapet ikke har uklanderlig vandel.",
            "alkoholloven § 1-7b",
        ],
    )
    if language == "nb":
        assert "Uttalelse fra skatte- og avgiftsmyndighetene (20.09.2026)" in text


def test_points_advance_notice_for_notified_points(bodo, officer):
    licence = records.licence(bodo)
    records.earlier_points(licence)
    notified = records.inspection_points(licence, decided=False)

    letter = issue(notified[1], "points_advance_notice", officer)

    text = text_of(letter)
    assert_contains(text, COMMON["nb"] + NOTICE)
    assert_contains(
        text,
        [
            "Forhåndsvarsel om tildeling av prikker – Fjøsnæs Spiseri",
            "Ved kontroll av Fjøsnæs Spiseri (bevilling B-2026-017) 13.06.2026",
            "8 prikker",
            "Skjenket øl kl. 01.20. Skjenket vin kl. 01.25.",
            "En gjest med ustø gange",
            "innen 04.12.2026",
            # The fee_unpaid decided in April counts in the window on the notice date.
            "Bevillingen har fra før 2 prikker innenfor gjeldende toårsperiode",
        ],
    )
    # One notice covers both breaches: it is stored on the group's first row.
    assert letter.object_id == notified[0].pk
    assert "Vedtaket er et enkeltvedtak" not in text


@pytest.mark.parametrize("language", ["nb", "en"])
def test_points_decision_with_running_total(bodo, officer, language):
    licence = records.licence(bodo)
    records.earlier_points(licence)
    decided = records.inspection_points(licence)

    text = text_of(issue(decided[0], "points_decision", officer, language))

    assert_contains(text, COMMON[language] + DECISION[language] + ["26/3001-6"])
    if language == "nb":
        assert_contains(
            text,
            [
                "Vedtak om tildeling av prikker – Fjøsnæs Spiseri",
                "tildeler Fjøsnæs Bryggeri og Spiseri AS",
                "8 prikker for brudd avdekket ved kontroll av Fjøsnæs Spiseri",
                # 2 (fee, March) + 8 now; window on the decision date 20.07.2026.
                "har bevillingen til sammen 10 prikker i toårsperioden fra og med "
                "21.07.2024 til og med 20.07.2026",
                "2 prikker til fører til inndragning i 7 dager",
                "Vi sendte dere forhåndsvarsel 20.06.2026",
                "Vi beklager. Bartenderen har fått ny opplæring.",
                "alkoholforskriften §§ 10-1 til 10-3",
            ],
        )
    else:
        assert_contains(
            text, ["10 penalty points within the two-year period", "2 penalty points more"]
        )


def test_points_outside_an_inspection_say_so(bodo, officer):
    licence = records.licence(bodo)
    fee = records.earlier_points(licence)

    text = text_of(issue(fee, "points_decision", officer))

    assert "Bevillingsgebyr ikke betalt" in text or "fee" in text.lower()
    assert "ved kontroll" not in text
    assert "Vi har registrert bruddet som er nevnt ovenfor (01.03.2026)" in text


@pytest.mark.parametrize("language", ["nb", "en"])
def test_suspension_decision_lists_every_point_decision(bodo, officer, language):
    suspension = records.suspension(records.licence(bodo), rests_on=9)

    letter = issue(suspension, "suspension_decision", officer, language)

    pages = page_texts(services.letter_download(letter))
    text = " ".join(pages)
    assert_contains(text, COMMON[language] + DECISION[language] + ["26/4001-2"])
    assert_contains(text, [f"25/{700 + i}-3" for i in range(9)])
    if language == "nb":
        assert_contains(
            text,
            [
                "inndrar bevillingen til Fjøsnæs Bryggeri og Spiseri AS",
                "21 dager, fra og med 07.12.2026 til og med 27.12.2026",
                "til sammen 36 prikker",
                "Sum 36",
                "Kommunen finner ingen grunn til å fravike standardreaksjonen.",
            ],
        )
    # Two or three pages, depending on the language's wording (the sentence on who decided,
    # issue 10 section 2, can push the signature onto a third); "Side 1 av N" must match.
    assert 2 <= len(pages) <= 3


def test_suspension_decision_quotes_the_holders_comments_or_says_none_came(bodo, officer):
    suspension = records.suspension(records.licence(bodo))
    without = text_of(issue(suspension, "suspension_decision", officer))
    assert "Vi har ikke mottatt noen uttalelse fra dere." in without

    other = records.suspension(records.licence(bodo, number="B-2026-018"))
    other.holder_comments = "Vi har byttet styrer og innført ny ID-rutine."
    other.save()
    text = text_of(issue(other, "suspension_decision", officer))
    assert "Vi har byttet styrer og innført ny ID-rutine." in text
    assert "ikke mottatt noen uttalelse" not in text


def test_suspension_advance_notice(bodo, officer):
    suspension = records.suspension(records.licence(bodo), decided=False)

    text = text_of(issue(suspension, "suspension_advance_notice", officer))

    assert_contains(text, COMMON["nb"] + NOTICE + ["25/700-3", "25/702-3", "12 prikker"])
    assert_contains(text, ["innen 04.12.2026", "14.12.2026"])


@pytest.mark.parametrize("language", ["nb", "en"])
def test_seminar_confirmation_with_the_private_link(bodo, officer, language):
    from seminars.emails import private_link

    registration = records.registration(bodo)

    text = text_of(issue(registration, "seminar_confirmation", officer, language))

    assert_contains(text, COMMON[language] + ["Øystein Ås", "Kjærsti Blåfjell"])
    assert_contains(text, ["Ansvarlig vertskap – høsten 2026", "Rådhuset, bystyresalen"])
    # The link wraps inside the PDF; compare without whitespace.
    assert private_link(registration) in text.replace(" ", "")


def test_attendance_certificate_valid_four_years_less_a_day(bodo, officer):
    attendance = records.attendance(bodo)

    text = text_of(issue(attendance, "attendance_certificate", officer))

    assert_contains(
        text,
        COMMON["nb"] + ["Åse Bjørnstad Ødegård", "19.11.2026", "Gyldig til og med 18.11.2030"],
    )


# --- Stored unchanged, corrected by versions ----------------------------------------------


def test_downloads_are_byte_identical_and_match_the_stored_sha256(bodo, officer):
    letter = issue(records.granted_decision(bodo), "licence_granted", officer)
    letter = IssuedLetter.objects.get(pk=letter.pk)

    first = services.letter_download(letter)
    second = services.letter_download(IssuedLetter.objects.get(pk=letter.pk))

    assert first == second
    assert hashlib.sha256(first).hexdigest() == letter.sha256
    assert len(first) == letter.size
    assert first.startswith(b"%PDF-")


def test_a_correction_is_a_new_version_and_needs_a_reason(bodo, officer):
    decision = records.granted_decision(bodo)
    first = issue(decision, "licence_granted", officer)

    with translation.override("en"), pytest.raises(DomainError, match="give the reason"):
        issue(decision, "licence_granted", officer)
    assert IssuedLetter.objects.count() == 1

    with translation.override("en"), pytest.raises(DomainError, match="would be identical"):
        issue(decision, "licence_granted", officer, reason="Feil i vilkårene.")
    assert IssuedLetter.objects.count() == 1

    Decision.objects.filter(pk=decision.pk).update(reasons="Rettet begrunnelse.")
    second = issue(decision, "licence_granted", officer, reason="Feil i vilkårene.")

    assert (second.version, second.supersedes_id, second.reason) == (
        2,
        first.pk,
        "Feil i vilkårene.",
    )
    kept = IssuedLetter.objects.get(pk=first.pk)
    assert (kept.version, kept.sha256) == (1, first.sha256)
    assert services.letter_download(kept) == bytes(first.pdf)
    assert "Rettet begrunnelse." in text_of(second)
    assert "Rettet begrunnelse." not in text_of(kept)


def test_each_language_has_its_own_versions(bodo, officer):
    decision = records.granted_decision(bodo)

    issue(decision, "licence_granted", officer, "nb")
    english = issue(decision, "licence_granted", officer, "en")

    assert english.version == 1


def test_an_issued_letter_cannot_be_changed_or_deleted(bodo, officer):
    letter = issue(records.granted_decision(bodo), "licence_granted", officer)

    letter.reason = "changed"
    with pytest.raises(IssuedLetterIsFinal):
        letter.save()
    with pytest.raises(IssuedLetterIsFinal):
        letter.delete()
    with pytest.raises(IssuedLetterIsFinal):
        IssuedLetter.objects.filter(pk=letter.pk).update(reason="changed")
    with pytest.raises(IssuedLetterIsFinal):
        IssuedLetter.objects.filter(pk=letter.pk).delete()
    assert IssuedLetter.objects.get(pk=letter.pk).reason == ""


def test_a_tampered_letter_is_refused_and_logged(bodo, officer, caplog):
    letter = issue(records.granted_decision(bodo), "licence_granted", officer)
    with connection.cursor() as cursor:  # behind the application's back
        cursor.execute(
            "UPDATE letters_issuedletter SET pdf = %s WHERE id = %s",
            [bytes(letter.pdf).replace(b"Bod", b"Xod", 1), letter.pk],
        )

    with pytest.raises(services.LetterIntegrityError):
        services.letter_download(IssuedLetter.objects.get(pk=letter.pk))

    assert "fails its SHA-256 check" in caplog.text
    assert caplog.records[-1].levelname == "ERROR"


def test_a_letter_the_record_cannot_have_yet_is_refused(bodo, officer):
    notified = records.inspection_points(records.licence(bodo), decided=False)

    with translation.override("en"):
        with pytest.raises(DomainError, match="no letter “Decision on penalty points”"):
            issue(notified[0], "points_decision", officer)
        with pytest.raises(DomainError, match="Bokmål"):
            issue(notified[0], "points_advance_notice", officer, language="de")
    assert not IssuedLetter.objects.exists()


def test_preview_is_the_letter_as_issued_today_and_stores_nothing(bodo, officer):
    decision = records.granted_decision(bodo)

    preview = services.letter_preview(
        source=decision, kind="licence_granted", language="nb", officer=officer
    )

    assert not IssuedLetter.objects.exists()
    assert services.letter_download(issue(decision, "licence_granted", officer)) == preview


def test_the_letter_links_to_its_record(bodo, officer):
    decision = records.granted_decision(bodo)

    letter = issue(decision, "licence_granted", officer)

    assert letter.source == decision
    assert letter.content_type == ContentType.objects.get_for_model(decision)
    assert letter.municipality == bodo
    assert letter.issued_by == officer
    assert letter.letter_date == dt.date(2026, 11, 22)


def test_long_names_and_a_long_list_run_onto_page_two_with_the_table_header(bodo, officer):
    licence = records.licence(bodo)
    holder = licence.holder
    holder.name = "Det Gamle Fjøsnæs Bryggeri, Spiseri, Selskapslokaler og Overnatting " * 2
    holder.save()
    suspension = records.suspension(licence, rests_on=24)

    pages = page_texts(services.letter_download(issue(suspension, "suspension_decision", officer)))

    assert len(pages) >= 2
    # The table continues on the next page with its header repeated.
    continued = next(page for page in pages[1:] if "25/723-3" in page)
    assert "Bruddsdato" in continued
    assert "Sum 96" in " ".join(pages)


# --- Fixed number of queries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind", "limit"),
    [
        (lambda m: records.granted_decision(m), "licence_granted", 5),
        (lambda m: records.inspection_points(records.licence(m))[0], "points_decision", 5),
        (lambda m: records.suspension(records.licence(m), rests_on=9), "suspension_decision", 5),
        (lambda m: records.registration(m), "seminar_confirmation", 3),
        (lambda m: records.attendance(m), "attendance_certificate", 3),
    ],
)
def test_building_a_context_takes_a_fixed_number_of_queries(
    bodo, officer, make, kind, limit, django_assert_max_num_queries
):
    record = canonical_source(make(bodo), kind)

    with django_assert_max_num_queries(limit):
        build_context(record, kind, language="nb", officer=officer)


def _refused_manager_change(bodo) -> Decision:
    from tests.factories.licensing import PersonFactory

    decision = records.refused_decision(bodo)
    licence = records.licence(bodo, number="2024-0099")
    application = decision.application
    application.kind = "manager_change"
    application.licence = licence
    application.proposed_manager = PersonFactory(municipality=bodo, name="Øyvind Ærlig")
    application.save()
    Decision.objects.filter(pk=decision.pk).update(
        kind="manager_change",
        licence=licence,
        legal_basis="alkoholloven § 1-7c",
        reasons="Den foreslåtte styreren har ikke bestått kunnskapsprøven.",
    )
    decision.refresh_from_db()
    return decision


@pytest.mark.parametrize("language", ["nb", "en"])
def test_refused_manager_change_refuses_the_persons_not_a_licence(bodo, officer, language):
    decision = _refused_manager_change(bodo)

    text = text_of(issue(decision, "application_refused", officer, language))

    assert_contains(text, COMMON[language] + DECISION[language])
    if language == "nb":
        assert_contains(
            text,
            [
                "Avslag på søknad om godkjenning av styrer og stedfortreder",
                "om godkjenning av ny styrer eller stedfortreder for følgende bevilling",
                "Bevillingsnummer 2024-0099",
                "Foreslått styrer Øyvind Ærlig",
                "Vedtaket er truffet med hjemmel i alkoholloven § 1-7c.",
                "endrer ikke bevillingen for øvrig",
            ],
        )
        # Not the refusal of a new licence: no free discretion over granting a licence,
        # and the decision's own § 1-7c is not repeated.
        assert "ingen har krav på bevilling" not in text
        assert "Vedtaket bygger også på" not in text
    else:
        assert_contains(
            text,
            [
                "Refusal of approval of manager and deputy",
                "for approval of a new manager or deputy manager of the following licence",
                "Proposed manager Øyvind Ærlig",
                "The decision is made under the Alcohol Act § 1-7c.",
            ],
        )
        assert "nobody has a right to a licence" not in text


def test_refused_new_licence_keeps_the_discretion_wording(bodo, officer):
    text = text_of(issue(records.refused_decision(bodo), "application_refused", officer))

    assert "ingen har krav på bevilling" in text
    assert "Vedtaket bygger også på alkoholloven § 1-7b." in text
    assert "styrer og stedfortreder" not in text.split("Rettslig grunnlag")[0]


def test_correction_without_reason_gives_the_date_in_the_language(bodo, officer):
    decision = records.granted_decision(bodo)
    issue(decision, "licence_granted", officer)

    with translation.override("nb"), pytest.raises(DomainError) as refused:
        issue(decision, "licence_granted", officer)

    assert "Versjon 1 av brevet ble utstedt 22.11.2026." in refused.value.message
