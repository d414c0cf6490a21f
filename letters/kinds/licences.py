"""Decisions on licence applications: granted and refused (alkoholloven chapters 1, 3, 4)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from licensing.rules.references import cite

from ..base import FONT_BOLD, FRAME_WIDTH, STYLES, LetterRenderer
from ..blocks import (
    Markup,
    appeal_section,
    bullets,
    cell,
    data_table,
    decision_made_paragraph,
    facts_table,
    free_text,
    heading,
    para,
    party_label,
    subheading,
    t,
)
from ..context import ApplicationRefusedContext, LicenceGrantedContext
from ..formatting import capfirst, esc, format_date, format_list, format_time


def _column_width(texts: list[str]) -> float:
    """The width that keeps every word of ``texts`` on one line (bold, cell size, padding)."""
    size = STYLES["Cell"].fontSize
    return 8 + max(stringWidth(word, FONT_BOLD, size) for text in texts for word in text.split())


def kind_label(kind: str) -> str:
    return {
        "sales": pgettext("letter", "sales licence"),
        "serving": pgettext("letter", "ordinary serving licence"),
        "serving_part_year": pgettext("letter", "serving licence for part of the year"),
        "single_occasion": pgettext("letter", "serving licence for a single occasion"),
        "catering": pgettext("letter", "catering licence for closed private parties"),
    }[kind]


def group_content(group: int) -> str:
    """Alcohol content of each group (alkoholforskriften § 1-1)."""
    return {
        1: _("over 2.5 and up to and including 4.7 per cent alcohol by volume"),
        2: _("over 4.7 and under 22 per cent alcohol by volume"),
        3: _("from 22 up to and including 60 per cent alcohol by volume"),
    }.get(group, "")


_PARAGRAPH = re.compile(r"\b\d+-\d+[a-z]?\b")


def repeats_standard(reference: str, standard: str) -> bool:
    """Whether an officer's own reference only repeats paragraphs of the Alcohol Act that
    the standard legal-basis sentence names already (so the letter does not say it twice)."""
    text = reference.strip().casefold()
    if not text.startswith(("alkoholloven", "alkohollova")) or "forskrift" in text:
        return False
    own = set(_PARAGRAPH.findall(text))
    rest = re.sub(r"alkoholloven|alkohollova|§|\bog\b|[,.\s]", "", _PARAGRAPH.sub("", text))
    return bool(own) and not rest and own <= set(_PARAGRAPH.findall(standard))


def legal_basis(kind: str) -> str:
    """The provisions a grant or refusal of each kind rests on."""
    return {
        "sales": _(
            "The decision is made under the Alcohol Act §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 3-1 and 3-7."
        ),
        "serving": _(
            "The decision is made under the Alcohol Act §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 and 4-4."
        ),
        "serving_part_year": _(
            "The decision is made under the Alcohol Act §§ 1-6, 1-7, 1-7a, 1-7b, 1-7c, 4-2 and 4-4."
        ),
        "single_occasion": _(
            "The decision is made under the Alcohol Act §§ 1-6, 1-7a, 1-7b, 4-2 and 4-4."
        ),
        "catering": _(
            "The decision is made under the Alcohol Act §§ 1-6, 1-7a, 1-7b, 4-4 and 4-5."
        ),
    }[kind]


def premises_label(kind: str) -> str:
    return (
        pgettext("letter", "Sales premises")
        if kind == "sales"
        else pgettext("letter", "Serving premises")
    )


def hearing_paragraph(bodies: tuple[str, ...]) -> list[Flowable]:
    if not bodies:
        return []
    return [
        para(
            t(
                _("The application was sent for comment to %(bodies)s, see the Alcohol Act § 1-7."),
                bodies=format_list(bodies),
            )
        )
    ]


class LicenceGrantedLetter(LetterRenderer):
    """Decision granting a licence (enkeltvedtak, fvl. §§ 24-25, 27)."""

    def title(self, context: LicenceGrantedContext) -> str:
        if context.manager_change:
            return _("Decision on approval of manager and deputy – %(premises)s") % {
                "premises": context.premises_name,
            }
        return _("Decision on %(kind)s – %(premises)s") % {
            "kind": kind_label(context.kind),
            "premises": context.premises_name,
        }

    def get_subject(self, context: LicenceGrantedContext) -> str:
        if context.manager_change:
            return pgettext("letter", "Decision: manager and deputy approved")
        return pgettext("letter", "Decision: licence granted")

    def body(self, context: LicenceGrantedContext) -> list[Flowable]:
        standard = (
            _("The decision is made under the Alcohol Act §§ 1-7 and 1-7c.")
            if context.manager_change
            else legal_basis(context.kind)
        )
        own_references = [r for r in context.legal_references if not repeats_standard(r, standard)]
        return [
            *self.decision(context),
            *decision_made_paragraph(context),
            *self.conditions(context),
            *self.reasons(context),
            heading(pgettext("letter", "Legal basis")),
            para(
                esc(
                    _("The decision is made under the Alcohol Act §§ 1-7 and 1-7c.")
                    if context.manager_change
                    else legal_basis(context.kind)
                )
            ),
            *(
                [
                    para(
                        t(
                            _("The decision also rests on %(references)s."),
                            references=format_list([cite(r) for r in own_references]),
                        )
                    )
                ]
                if own_references
                else []
            ),
            *self.duties(context),
            *appeal_section(context),
        ]

    def decision(self, context: LicenceGrantedContext) -> list[Flowable]:
        serving = context.kind != "sales"
        area_label = (
            pgettext("letter", "Serving area") if serving else pgettext("letter", "Sales area")
        )
        # No row for an area the decision does not describe (a catering licence, say).
        area = [(area_label, esc(context.area))] if context.area else []
        rows = [
            (pgettext("letter", "Licence number"), esc(context.licence_number)),
            (pgettext("letter", "Type of licence"), esc(capfirst(kind_label(context.kind)))),
            (
                pgettext("letter", "Licence holder"),
                party_label(context.recipient.name, context.recipient.org_number),
            ),
            (
                premises_label(context.kind),
                f"{esc(context.premises_name)}<br/>{esc(context.premises_address)}",
            ),
            *area,
            (
                pgettext("letter", "Alcohol groups"),
                esc(format_list([str(g) for g in context.groups])),
            ),
            (
                pgettext("letter", "Licence period"),
                t(
                    _("from %(start)s up to and including %(end)s"),
                    start=format_date(context.valid_from),
                    end=format_date(context.valid_to),
                ),
            ),
        ]
        if context.manager_name:
            rows.append((pgettext("letter", "Manager"), esc(context.manager_name)))
        if context.deputy_name:
            rows.append((pgettext("letter", "Deputy manager"), esc(context.deputy_name)))
        flowables: list[Flowable] = [
            heading(pgettext("letter", "Decision")),
            para(
                t(
                    _(
                        "%(municipality)s approves the manager and deputy named below for "
                        "the licence of %(holder)s:"
                    )
                    if context.manager_change
                    else _("%(municipality)s grants %(holder)s the following licence:"),
                    municipality=context.letterhead.name,
                    holder=party_label(context.recipient.name, context.recipient.org_number),
                )
            ),
            facts_table(rows),
        ]
        if context.hours:
            flowables.append(
                subheading(
                    pgettext("letter", "Serving hours")
                    if serving
                    else pgettext("letter", "Sales hours")
                )
            )
            flowables.append(self.hours_table(context))
            if serving:
                flowables.append(
                    para(
                        esc(
                            _(
                                "Guests must finish the drinks served within 30 minutes after "
                                "the serving hours end, see the Alcohol Act § 4-4."
                            )
                        )
                    )
                )
        return flowables

    def hours_table(self, context: LicenceGrantedContext) -> Table:
        with_days = any(hours.days for hours in context.hours)
        header = [
            pgettext("letter", "Alcohol group"),
            pgettext("letter", "Alcohol content"),
            pgettext("letter", "Hours"),
        ]
        if with_days:
            header.append(pgettext("letter", "Days"))
        rows = []
        for hours in context.hours:
            row = [
                cell(esc(_("Group %(group)s") % {"group": hours.group})),
                cell(esc(group_content(hours.group))),
                cell(esc(f"{format_time(hours.opens)}–{format_time(hours.closes, closing=True)}")),
            ]
            if with_days:
                row.append(cell(esc(hours.days)))
            rows.append(row)
        # The group and hours columns fit their longest word ("Alkoholgruppe", "08.00–24.00")
        # on one line; the days get 40 mm and the alcohol content the rest.
        group_width = _column_width([header[0], _("Group %(group)s") % {"group": 3}])
        hours_width = _column_width([header[2], "08.00–24.00"])
        days_width = 40 * mm if with_days else 0
        widths = [group_width, FRAME_WIDTH - group_width - hours_width - days_width, hours_width]
        if with_days:
            widths.append(days_width)
        return data_table(header, rows, widths)

    def conditions(self, context: LicenceGrantedContext) -> list[Flowable]:
        flowables: list[Flowable] = [heading(pgettext("letter", "Conditions"))]
        flowables.extend(free_text(context.conditions))
        if context.seminar_persons:
            flowables.append(
                para(
                    esc(
                        _(
                            "It is a condition of the licence that the manager and the deputy have attended "
                            "our course in responsible serving (Ansvarlig vertskap). Each person's deadline "
                            "runs from the day they took on the role:"
                        )
                    )
                )
            )
            items = []
            for person in context.seminar_persons:
                role = (
                    pgettext("letter", "Manager")
                    if person.role == "manager"
                    else pgettext("letter", "Deputy manager")
                )
                if person.deadline is None:
                    items.append(
                        t(
                            _("%(role)s %(name)s: has a valid course attendance already."),
                            role=role,
                            name=person.name,
                        )
                    )
                else:
                    items.append(
                        t(
                            _("%(role)s %(name)s: by <b>%(deadline)s</b>."),
                            role=role,
                            name=person.name,
                            deadline=format_date(person.deadline),
                        )
                    )
            flowables.extend(bullets(items))
            flowables.append(
                para(
                    esc(
                        _(
                            "A breach of a condition in the licence decision gives 1 penalty "
                            "point (the Alcohol Regulations § 10-3)."
                        )
                    )
                )
            )
        elif context.seminar_deadline:
            flowables.append(
                para(
                    t(
                        _(
                            "It is a condition of the licence that the manager and the deputy attend our "
                            "course in responsible serving (Ansvarlig vertskap) by <b>%(deadline)s</b>. A "
                            "breach of a condition in the licence decision gives 1 penalty point (the Alcohol"
                            " Regulations § 10-3)."
                        ),
                        deadline=format_date(context.seminar_deadline),
                    )
                )
            )
        if len(flowables) == 1:
            flowables.append(para(esc(_("The licence is granted without special conditions."))))
        return flowables

    def reasons(self, context: LicenceGrantedContext) -> list[Flowable]:
        flowables: list[Flowable] = [
            heading(pgettext("letter", "Reasons")),
            para(
                t(
                    _("The application was received on %(date)s."),
                    date=format_date(context.application_received_on),
                )
            ),
            *hearing_paragraph(context.hearing_bodies),
        ]
        if context.assessment.strip():
            flowables.extend(free_text(context.assessment))
        elif context.manager_change:
            flowables.append(
                para(
                    esc(
                        _(
                            "We have assessed the application under the Alcohol Act § 1-7c. The manager and "
                            "the deputy have spotless conduct, which means no serious breaches of the "
                            "alcohol, tax or accounting rules or of other law that matters for the business "
                            "(§ 1-7b). They are at least 20 years old and have passed the knowledge test on "
                            "the alcohol rules. We find no grounds to refuse the application."
                        )
                    )
                )
            )
        elif context.manager_name:
            flowables.append(
                para(
                    esc(
                        _(
                            "We have assessed the application under the Alcohol Act § 1-7a and our alcohol "
                            "policy guidelines. You and the persons with significant influence on the "
                            "business have spotless conduct, which means no serious breaches of the alcohol, "
                            "tax or accounting rules or of other law that matters for the business (§ 1-7b). "
                            "The manager and the deputy meet the requirements of § 1-7c: they are at least 20"
                            " years old, have spotless conduct and have passed the knowledge test on the "
                            "alcohol rules. We find no grounds to refuse the application."
                        )
                    )
                )
            )
        else:
            flowables.append(
                para(
                    esc(
                        _(
                            "We have assessed the application under the Alcohol Act § 1-7a and our alcohol "
                            "policy guidelines. You and the persons with significant influence on the "
                            "business have spotless conduct, which means no serious breaches of the alcohol, "
                            "tax or accounting rules or of other law that matters for the business (§ 1-7b). "
                            "We find no grounds to refuse the application."
                        )
                    )
                )
            )
        if context.conditions.strip() or context.seminar_deadline or context.seminar_persons:
            section = "§ 3-2" if context.kind == "sales" else "§ 4-3"
            flowables.append(
                para(
                    t(
                        _("The conditions are set under the Alcohol Act %(section)s."),
                        section=section,
                    )
                )
            )
        return flowables

    def duties(self, context: LicenceGrantedContext) -> list[Flowable]:
        if context.kind in ("single_occasion", "catering"):
            items = [
                _(
                    "The licence fee is %(amount)s kr per occasion, see the Alcohol "
                    "Regulations chapter 6. There is no yearly sales report for this licence."
                )
                % {"amount": context.fee_per_occasion}
                if context.fee_per_occasion
                else _(
                    "The licence fee is paid per occasion, see the Alcohol Regulations "
                    "chapter 6. There is no yearly sales report for this licence."
                )
            ]
        else:
            items = [
                _(
                    "You must report the volume sold each year and pay the licence fee, see "
                    "the Alcohol Regulations chapter 6."
                ),
            ]
        if context.manager_name:
            items.append(
                _("A new manager or deputy must be approved by us, see the Alcohol Act § 1-7c.")
            )
        if context.kind in ("sales", "serving", "serving_part_year"):
            items.append(
                _(
                    "The licence lapses if the business is transferred; the new owner must "
                    "apply for a licence, see the Alcohol Act § 1-10."
                )
            )
            items.append(
                _(
                    "We inspect licensed premises. Breaches give penalty points, and 12 points within"
                    " two years lead to suspension of the licence, see the Alcohol Regulations "
                    "chapter 10."
                )
            )
        return [
            heading(pgettext("letter", "Your duties as licence holder")),
            *bullets(esc(i) for i in items),
        ]


class ApplicationRefusedLetter(LetterRenderer):
    """Decision refusing a licence application (enkeltvedtak, fvl. §§ 24-25, 27)."""

    def title(self, context: ApplicationRefusedContext) -> str:
        if context.manager_change:
            return _("Refusal of approval of manager and deputy – %(premises)s") % {
                "premises": context.premises_name,
            }
        return _("Refusal of application for %(kind)s – %(premises)s") % {
            "kind": kind_label(context.kind),
            "premises": context.premises_name,
        }

    def get_subject(self, context: ApplicationRefusedContext) -> str:
        if context.manager_change:
            return pgettext("letter", "Decision: manager and deputy not approved")
        return pgettext("letter", "Decision: application refused")

    def body(self, context: ApplicationRefusedContext) -> list[Flowable]:
        holder = party_label(context.recipient.name, context.recipient.org_number)
        rows = []
        if context.manager_change and context.licence_number:
            rows.append((pgettext("letter", "Licence number"), esc(context.licence_number)))
        rows += [
            (pgettext("letter", "Type of licence"), esc(capfirst(kind_label(context.kind)))),
            (
                premises_label(context.kind),
                f"{esc(context.premises_name)}<br/>{esc(context.premises_address)}",
            ),
        ]
        if context.manager_change:
            if context.manager_name:
                rows.append((pgettext("letter", "Proposed manager"), esc(context.manager_name)))
            if context.deputy_name:
                rows.append((pgettext("letter", "Proposed deputy"), esc(context.deputy_name)))
        rows.append(
            (
                pgettext("letter", "Application received"),
                esc(format_date(context.application_received_on)),
            )
        )
        return [
            heading(pgettext("letter", "Decision")),
            para(
                t(
                    _(
                        "%(municipality)s refuses the application from %(holder)s for approval "
                        "of a new manager or deputy manager of the following licence:"
                    )
                    if context.manager_change
                    else _(
                        "%(municipality)s refuses the application from %(holder)s for the "
                        "following licence:"
                    ),
                    municipality=context.letterhead.name,
                    holder=Markup(holder),
                )
            ),
            facts_table(rows),
            *decision_made_paragraph(context),
            heading(pgettext("letter", "Reasons")),
            subheading(pgettext("letter", "Facts")),
            *hearing_paragraph(context.hearing_bodies),
            *free_text(context.facts),
            *self.statements(context),
            *self.comment_step(context),
            subheading(pgettext("letter", "Our assessment")),
            *free_text(context.assessment),
            *self.legal_basis(context),
            *appeal_section(context),
        ]

    def statements(self, context: ApplicationRefusedContext) -> list[Flowable]:
        """What each hearing body said (fvl. § 25 second paragraph: the facts it rests on)."""
        if not context.statements:
            return []
        flowables: list[Flowable] = [subheading(pgettext("letter", "What the hearing bodies said"))]
        for statement in context.statements:
            flowables.extend(
                free_text(
                    pgettext("letter", "The reply from %(body)s (%(date)s): %(gist)s")
                    % {
                        "body": statement.body,
                        "date": format_date(statement.replied_on) if statement.replied_on else "–",
                        "gist": statement.gist,
                    }
                )
            )
        return flowables

    def comment_step(self, context: ApplicationRefusedContext) -> list[Flowable]:
        """The applicant's chance to comment on the statements before the decision
        (fvl. § 17 second paragraph), or why it was not given."""
        sent = [s for s in context.statements if s.sent_for_comment_on]
        if not sent and not context.comment_skipped_reason.strip():
            if context.statements:
                return []  # recorded before the step was kept: nothing to state
            return [
                subheading(pgettext("letter", "Your right to comment")),
                para(
                    esc(
                        _(
                            "The refusal does not rest on statements about you from others, "
                            "so there was nothing to send you for comment (the Public "
                            "Administration Act § 17 second paragraph)."
                        )
                    )
                ),
            ]
        flowables: list[Flowable] = [subheading(pgettext("letter", "Your right to comment"))]
        for statement in sent:
            flowables.append(
                para(
                    t(
                        _(
                            "On %(sent)s we sent you the statement from %(body)s so that you "
                            "could comment on it, with a deadline of %(deadline)s (the Public "
                            "Administration Act § 17 second paragraph)."
                        ),
                        sent=format_date(statement.sent_for_comment_on),
                        body=statement.body,
                        deadline=format_date(statement.comment_deadline),
                    )
                )
            )
            if statement.comment_received_on:
                flowables.append(
                    para(
                        t(
                            _("You commented on %(date)s:"),
                            date=format_date(statement.comment_received_on),
                        )
                    )
                )
                flowables.extend(free_text(statement.comment, "Quote"))
            else:
                flowables.append(para(esc(_("We received no comment from you by the deadline."))))
        if context.comment_skipped_reason.strip():
            flowables.append(
                para(
                    esc(
                        _(
                            "We did not send the statements to you for comment before the "
                            "decision (the Public Administration Act § 17 second paragraph), "
                            "for this reason:"
                        )
                    )
                )
            )
            flowables.extend(free_text(context.comment_skipped_reason, "Quote"))
        return flowables

    def legal_basis(self, context: ApplicationRefusedContext) -> list[Flowable]:
        if context.manager_change:
            # alkoholloven § 1-7c: the persons are assessed against the statutory
            # requirements; the discretion of § 1-7a over whether to grant a licence at all
            # does not apply, and the licence itself stands.
            standard = _(
                "The decision is made under the Alcohol Act § 1-7c. We must approve the manager "
                "and the deputy manager: they must be at least 20 years old, have spotless "
                "conduct (no serious breaches of the alcohol, tax or accounting rules or of other"
                " law that matters for the business, see § 1-7b) and have passed the knowledge "
                "test on the alcohol rules. The decision concerns only the persons applied for "
                "and does not change the licence otherwise."
            )
            own = "alkoholloven § 1-7c"
        else:
            standard = _(
                "The decision is made under the Alcohol Act §§ 1-7 and 1-7a. We have wide "
                "discretion in deciding whether to grant a licence, and nobody has a right to a "
                "licence."
            )
            own = ""
        flowables: list[Flowable] = [
            heading(pgettext("letter", "Legal basis")),
            para(esc(standard)),
        ]
        # The decision's own references, unless they only repeat the standard one.
        # Compared in one written form (alkoholloven and alkohollova are the same Act).
        references = [
            cite(ref)
            for ref in context.legal_references
            if cite(ref, "nn").casefold() != cite(own, "nn")
        ]
        if references:
            flowables.append(
                para(
                    t(
                        _("The decision also rests on %(references)s."),
                        references=format_list(references),
                    )
                )
            )
        return flowables
