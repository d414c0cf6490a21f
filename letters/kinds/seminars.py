"""Responsible-serving course (Ansvarlig vertskap): registration and attendance letters.

Neither is a decision, so neither carries appeal information.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.platypus import Flowable

from ..base import LetterRenderer
from ..blocks import bold, bullets, facts_table, heading, para, t
from ..context import AttendanceCertificateContext, SeminarConfirmationContext
from ..formatting import esc, format_date, format_datetime_range


class SeminarConfirmationLetter(LetterRenderer):
    def title(self, context: SeminarConfirmationContext) -> str:
        return _("Confirmation of registration – %(session)s") % {"session": context.session_title}

    def get_subject(self, context: SeminarConfirmationContext) -> str:
        return pgettext("letter", "Confirmation of registration for a course")

    def body(self, context: SeminarConfirmationContext) -> list[Flowable]:
        rows = [
            (pgettext("letter", "Course"), esc(context.session_title)),
            (
                pgettext("letter", "Time"),
                esc(format_datetime_range(context.starts_at, context.ends_at)),
            ),
            (pgettext("letter", "Place"), esc(context.place)),
        ]
        if context.premises_name or context.licence_number:
            licence = context.premises_name
            if context.licence_number:
                licence = f"{licence} ({context.licence_number})".strip()
            rows.append((pgettext("letter", "Licence"), esc(licence)))
        link = esc(context.private_link)
        return [
            para(
                esc(
                    _(
                        "We confirm that the following persons are registered for the course "
                        "in responsible serving (Ansvarlig vertskap):"
                    )
                )
            ),
            *bullets(esc(name) for name in context.participants),
            facts_table(rows),
            heading(pgettext("letter", "Your personal link")),
            para(f'<link href="{link}" color="#1a4f8b">{link}</link>'),
            para(
                esc(
                    _(
                        "Use the link to see the registration. The link is personal and should "
                        "not be shared."
                    )
                )
            ),
            heading(pgettext("letter", "Attendance is what counts")),
            para(
                esc(
                    _(
                        "Attending the course is a condition of the licence. The case officer "
                        "records who attended; a registration alone does not fulfil the "
                        "condition. Tell the case officer if you cannot attend."
                    )
                )
            ),
        ]


class AttendanceCertificateLetter(LetterRenderer):
    def title(self, context: AttendanceCertificateContext) -> str:
        return _("Certificate of attendance – %(seminar)s") % {"seminar": context.seminar_title}

    def get_subject(self, context: AttendanceCertificateContext) -> str:
        return pgettext("letter", "Certificate of attendance")

    def body(self, context: AttendanceCertificateContext) -> list[Flowable]:
        return [
            para(
                t(
                    _(
                        "This is to certify that %(name)s attended the course “%(seminar)s” on "
                        "%(date)s."
                    ),
                    name=bold(context.person_name),
                    seminar=context.seminar_title,
                    date=format_date(context.attended_on),
                )
            ),
            facts_table(
                [
                    (pgettext("letter", "Participant"), esc(context.person_name)),
                    (pgettext("letter", "Course"), esc(context.seminar_title)),
                    (pgettext("letter", "Date attended"), esc(format_date(context.attended_on))),
                    (
                        pgettext("letter", "Valid up to and including"),
                        esc(format_date(context.valid_until)),
                    ),
                ]
            ),
            validity_paragraph(context),
            para(esc(_("Please keep this certificate."))),
        ]


def validity_paragraph(context: AttendanceCertificateContext) -> Flowable:
    """Whether the attendance still fulfils the condition on the letter date."""
    if context.valid_until < context.letter_date:
        return para(
            t(
                _(
                    "<b>The attendance expired on %(date)s.</b> It no longer fulfils the "
                    "condition on a course in responsible serving for licences granted by "
                    "%(municipality)s: the person must attend the course again."
                ),
                date=format_date(context.valid_until),
                municipality=context.letterhead.name,
            )
        )
    return para(
        t(
            _(
                "The attendance is valid up to and including %(date)s. Until then it "
                "fulfils the condition on a course in responsible serving for licences "
                "granted by %(municipality)s."
            ),
            date=format_date(context.valid_until),
            municipality=context.letterhead.name,
        )
    )
