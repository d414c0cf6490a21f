"""Flowables shared by several letter kinds: sections, tables, the appeal information.

Texts here are the standard wording of the municipality's letters; each cites the
provision it implements, so a lawyer can check the letter against the law.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from .base import FONT, FONT_BOLD, FRAME_WIDTH, RULE, SHADE, STYLES
from .context import DecisionContext, LetterContext, PointDecisionLine, ViolationPoints
from .formatting import (
    days_text,
    esc,
    format_date,
    format_org_number,
    points_text,
    text_to_markup,
    tie,
    weeks_text,
)


class Markup(str):
    """A string that is already paragraph markup and must not be escaped again."""


def t(message: str, **values: object) -> Markup:
    """Interpolate escaped values into a translated message (which may hold markup)."""
    if not values:
        return Markup(message)
    return Markup(message % {k: v if isinstance(v, Markup) else esc(v) for k, v in values.items()})


def bold(value: object) -> Markup:
    return Markup(f"<b>{esc(value)}</b>")


def para(markup: str, style: str = "Body", **kwargs: object) -> Paragraph:
    """Every paragraph of a letter goes through here, so § references never break."""
    return Paragraph(tie(markup), STYLES[style], **kwargs)


def heading(text: str) -> Paragraph:
    return para(esc(text), "Heading")


def subheading(text: str) -> Paragraph:
    return para(esc(text), "Subheading")


def free_text(text: str, style: str = "Body") -> list[Paragraph]:
    """The case officer's own words, paragraph by paragraph."""
    return [para(markup, style) for markup in text_to_markup(text)]


def bullets(items: Iterable[str]) -> list[Paragraph]:
    return [para(markup, "Bullet", bulletText="•") for markup in items]


def party_label(name: str, org_number: str | None) -> Markup:
    if org_number:
        return t(_("%(name)s (org. no. %(org)s)"), name=name, org=format_org_number(org_number))
    return Markup(esc(name))


# --- Tables ---------------------------------------------------------------------------


def facts_table(rows: Sequence[tuple[str, str]]) -> Table:
    """A two-column table of label and value (value is markup)."""
    data = [[para(esc(label), "CellBold"), para(value, "Cell")] for label, value in rows]
    return Table(
        data,
        colWidths=[48 * mm, FRAME_WIDTH - 48 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        ),
        spaceBefore=2,
        spaceAfter=6,
    )


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable]],
    widths: Sequence[float],
    *,
    total: Sequence[Flowable] | None = None,
    numeric_columns: Sequence[int] = (),
) -> Table:
    """A list table whose header row repeats on every page it runs onto."""
    header_cells = [
        para(esc(text), "CellRightBold" if i in numeric_columns else "CellBold")
        for i, text in enumerate(header)
    ]
    data = [header_cells, *rows]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if total is not None:
        data.append(list(total))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.75, RULE))
    scale = FRAME_WIDTH / sum(widths)
    return Table(
        data,
        colWidths=[w * scale for w in widths],
        repeatRows=1,
        hAlign="LEFT",
        style=TableStyle(commands),
        spaceBefore=2,
        spaceAfter=6,
    )


def cell(markup: str, style: str = "Cell") -> Paragraph:
    return para(markup, style)


def violations_table(violations: Sequence[ViolationPoints], points_header: str) -> Table:
    """Breaches with their legal reference, standard points and the points given."""
    provision = pgettext("letter", "Provision breached:")
    rows = [
        [
            cell(
                f"{esc(v.name)}<br/><font size='7.5' color='#555555'>"
                f"{esc(provision)} {esc(v.legal_reference)}</font>"
            ),
            cell(esc(v.standard_points), "CellRight"),
            cell(esc(v.points), "CellRight"),
        ]
        for v in violations
    ]
    total = [
        cell(esc(pgettext("letter", "Total")), "CellBold"),
        cell("", "Cell"),
        cell(esc(sum(v.points for v in violations)), "CellRightBold"),
    ]
    return data_table(
        [
            pgettext("letter", "Breach"),
            pgettext("letter", "Standard points (§ 10-3)"),
            points_header,
        ],
        rows,
        [92, 40, 30],
        total=total,
        numeric_columns=(1, 2),
    )


def point_decisions_table(lines: Sequence[PointDecisionLine]) -> Table:
    """Every point decision a suspension rests on, in order of the violation date."""
    ordered = sorted(lines, key=lambda line: (line.violation_on, line.reference))
    # The date column fits the longest date on one line ("24 September 2025" in English)
    # and never breaks a word of its header ("Bruddsdato").
    date_header = pgettext("letter", "Date of breach")
    size = STYLES["Cell"].fontSize
    date_width = 7 + max(
        *(stringWidth(word, FONT_BOLD, size) for word in date_header.split()),
        *(stringWidth(format_date(line.violation_on), FONT, size) for line in ordered),
    )
    rows = []
    for line in ordered:
        decided = ""
        if line.decided_on:
            decided_text = _("decided %(date)s") % {"date": format_date(line.decided_on)}
            decided = f"<br/><font size='7.5' color='#555555'>{esc(decided_text)}</font>"
        rows.append(
            [
                cell(esc(format_date(line.violation_on))),
                cell(esc(line.violation)),
                cell(esc(line.reference) + decided),
                cell(esc(line.points), "CellRight"),
            ]
        )
    total = [
        cell(esc(pgettext("letter", "Total")), "CellBold"),
        cell(""),
        cell(""),
        cell(esc(sum(line.points for line in lines)), "CellRightBold"),
    ]
    return data_table(
        [
            date_header,
            pgettext("letter", "Breach"),
            pgettext("letter", "Point decision"),
            pgettext("letter", "Points"),
        ],
        rows,
        [date_width, FRAME_WIDTH - date_width - 59 * mm, 43 * mm, 16 * mm],
        total=total,
        numeric_columns=(3,),
    )


# --- Standard sections ----------------------------------------------------------------


def body_label(kind: str, name: str) -> str:
    """The deciding body as the sentence names it: its own name, or the standard one."""
    if name.strip():
        return name.strip()
    return {
        "council": pgettext("letter", "the municipal council"),
        "committee": pgettext("letter", "the committee"),
        "chief_executive": pgettext("letter", "the chief executive"),
        "officer": pgettext("letter", "the chief executive's officer"),
    }.get(kind, "")


def decision_made_paragraph(context: DecisionContext) -> list[Flowable]:
    """The decision date and the deciding body with the delegation it acted under, or the
    council's or committee's case number (domain section 2: the appeal body checks that
    the decision was made by the right body, alkoholloven § 1-16)."""
    text = decision_made_text(context)
    return [para(text)] if text else []


def decision_made_text(context: DecisionContext) -> Markup:
    """The sentence of ``decision_made_paragraph`` (empty without ``context.made``)."""
    made = context.made
    if made is None:
        return Markup("")
    date_text = format_date(made.decided_on)
    body = body_label(made.body_kind, made.body_name)
    if made.political and made.body_case_number:
        text = t(
            _("The decision was made on %(date)s by %(body)s in case %(case)s."),
            date=date_text,
            body=body,
            case=made.body_case_number,
        )
    elif made.body_kind and made.delegation_reference:
        text = t(
            _(
                "The decision was made on %(date)s by %(body)s under delegated authority "
                "(%(reference)s)."
            ),
            date=date_text,
            body=body,
            reference=made.delegation_reference,
        )
    elif body:
        text = t(_("The decision was made on %(date)s by %(body)s."), date=date_text, body=body)
    else:
        text = t(_("The decision was made on %(date)s."), date=date_text)
    return text


def suspension_length_explanation(total_points: int, days: int) -> Paragraph:
    """alkoholforskriften § 10-2 and Helsedirektoratet's table of days per extra point."""
    return para(
        t(
            _(
                "12 points within two years give a suspension of one week. For points "
                "above 12 the suspension is longer: 1 extra point gives 1 day more, 2–3 "
                "points 2 days, 4–5 points 3 days, 6–7 points 4 days, 8–9 points 5 days, "
                "10–11 points 6 days and 12 points one more week (the Alcohol Regulations "
                "§ 10-2). %(points)s therefore give a suspension of %(days)s."
            ),
            points=points_text(total_points),
            days=days_text(days),
        )
    )


def comments_paragraphs(advance_notice_on: date | None, holder_comments: str) -> list[Flowable]:
    """What the holder said in reply to the advance notice (fvl. § 16)."""
    flowables: list[Flowable] = []
    if advance_notice_on is not None:
        flowables.append(
            para(
                t(
                    _("We sent you an advance notice on %(date)s."),
                    date=format_date(advance_notice_on),
                )
            )
        )
    if holder_comments.strip():
        flowables.append(para(esc(pgettext("letter", "You commented as follows:"))))
        flowables.extend(free_text(holder_comments, "Quote"))
    else:
        flowables.append(para(esc(_("We have received no comments from you."))))
    return flowables


def comment_deadline_section(context: LetterContext, deadline: date) -> list[Flowable]:
    """Advance notice: the right to comment and its deadline (fvl. § 16)."""
    comment = (
        _(
            "You have the right to comment before we make our decision, see the Public "
            "Administration Act § 16. Any comments must reach us by <b>%(deadline)s</b>. "
            "Send them to %(email)s or by post, marked with our reference %(reference)s."
        )
        if context.our_reference
        else _(
            "You have the right to comment before we make our decision, see the Public "
            "Administration Act § 16. Any comments must reach us by <b>%(deadline)s</b>. "
            "Send them to %(email)s or by post."
        )
    )
    return [
        heading(pgettext("letter", "Deadline for comments")),
        para(
            t(
                comment,
                deadline=format_date(deadline),
                email=context.letterhead.email,
                reference=context.our_reference,
            )
        ),
        para(
            esc(
                _(
                    "This advance notice is not a decision and cannot be appealed. After the "
                    "deadline we will make our decision and take any comments into account."
                )
            )
        ),
        para(
            esc(
                _(
                    "You have the right to see the documents of the case, see the Public "
                    "Administration Act § 18. Contact the case officer if you want to see them."
                )
            )
        ),
    ]


def appeal_section(
    context: DecisionContext,
    *,
    postponement: bool = False,
    postpone_before: date | None = None,
    extra: tuple[Flowable, ...] = (),
) -> list[Flowable]:
    """Right of appeal, deadline, where to send it, the appeal body and access to documents.

    fvl. § 27 third paragraph requires the letter to state these; the appeal body and its
    limited review follow from alkoholloven § 1-16, the deadline from fvl. § 29, the
    addressee of the appeal from fvl. § 32 and the access to documents from fvl. §§ 18-19.
    """
    appeal = context.appeal
    letterhead = context.letterhead
    flowables: list[Flowable] = [
        heading(pgettext("letter", "Right of appeal")),
        para(
            esc(
                _(
                    "This decision is an individual decision (enkeltvedtak) and may be "
                    "appealed, see the Public Administration Act § 28 and the Alcohol Act "
                    "§ 1-16."
                )
            )
        ),
        para(
            t(
                _(
                    "<b>Deadline for appeal:</b> %(weeks)s from the day this letter reached "
                    "you, see the Public Administration Act § 29."
                ),
                weeks=weeks_text(appeal.deadline_weeks),
            )
        ),
        para(
            t(
                _(
                    "<b>Where to send the appeal:</b> the appeal is sent to %(municipality)s, "
                    "which made the decision, by post or to %(email)s (the Public "
                    "Administration Act § 32). The appeal must be in writing and signed, and "
                    "should state the decision appealed against, the change you want and the "
                    "reasons for the appeal."
                ),
                municipality=letterhead.name,
                email=letterhead.email,
            )
        ),
        # Kept whole: the appeal body and its limited review are read as one statement.
        KeepTogether(
            para(
                t(
                    _(
                        "<b>Appeal body:</b> if we do not change our decision, we send the appeal "
                        "to %(body)s (the County Governor), which decides it (the Alcohol Act "
                        "§ 1-16). %(body)s reviews the legality of the decision only: whether it "
                        "is lawful in content, made by the right body and made in a lawful way. It "
                        "cannot review the discretion we have used."
                    ),
                    body=appeal.body_name,
                )
            )
        ),
    ]
    flowables.extend(extra)
    if postponement and postpone_before is not None:
        flowables.append(
            para(
                t(
                    _(
                        "The decision takes effect even if you appeal. You may ask for its "
                        "implementation to be postponed until the appeal has been decided, "
                        "see the Public Administration Act § 42. Ask before %(date)s, when the "
                        "suspension starts."
                    ),
                    date=format_date(postpone_before),
                )
            )
        )
    elif postponement:
        flowables.append(
            para(
                esc(
                    _(
                        "You may ask for the implementation of the decision to be postponed "
                        "until the appeal has been decided, see the Public Administration Act "
                        "§ 42."
                    )
                )
            )
        )
    flowables.append(
        KeepTogether(
            [
                heading(pgettext("letter", "Access to the case documents")),
                para(
                    esc(
                        _(
                            "You have the right to see the documents of the case, see the "
                            "Public Administration Act §§ 18 and 19. Contact the case "
                            "officer if you want to see them."
                        )
                    )
                ),
            ]
        )
    )
    return flowables
