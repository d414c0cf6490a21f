"""Penalty points and suspension: advance notices and decisions (alkoholforskriften ch. 10)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from reportlab.platypus import Flowable

from licensing.rules.points import suspension_days as standard_days

from ..base import LetterRenderer
from ..blocks import (
    appeal_section,
    bullets,
    comment_deadline_section,
    comments_paragraphs,
    decision_made_paragraph,
    decision_made_text,
    free_text,
    heading,
    para,
    party_label,
    point_decisions_table,
    suspension_length_explanation,
    t,
    violations_table,
)
from ..context import (
    PointsAdvanceNoticeContext,
    PointsDecisionContext,
    SuspensionAdvanceNoticeContext,
    SuspensionDecisionContext,
    ViolationPoints,
)
from ..formatting import days_text, esc, format_date, points_text


def observations(violations: tuple[ViolationPoints, ...]) -> list[Flowable]:
    """The inspectors' observations per breach (what was seen, not legal conclusions)."""
    items = [
        f"<b>{esc(v.name)}:</b> {esc(v.observation)}" for v in violations if v.observation.strip()
    ]
    if not items:
        return [para(esc(_("The breaches are described in the control report.")))]
    return bullets(items)


def similar_breaches_paragraph() -> Flowable:
    return para(
        esc(
            _(
                "Similar breaches found at the same inspection count as one breach, see the "
                "Alcohol Regulations § 10-2."
            )
        )
    )


def facts_paragraphs(
    context: PointsAdvanceNoticeContext | PointsDecisionContext,
    violations: tuple[ViolationPoints, ...],
) -> list[Flowable]:
    """What was found: the inspectors' observations, or, for a breach the municipality
    registered itself (a late sales report or fee), the date of the breach."""
    if not context.from_inspection:
        return [
            para(
                t(
                    ngettext(
                        "We have registered the breach listed above (%(date)s).",
                        "We have registered the breaches listed above (%(date)s).",
                        len(violations),
                    ),
                    date=format_date(context.inspection_on),
                )
            )
        ]
    return [
        para(
            t(
                _("At the inspection on %(date)s the inspectors observed the following:"),
                date=format_date(context.inspection_on),
            )
        ),
        *observations(violations),
    ]


def span_paragraph() -> Flowable:
    """Why older violations still count (alkoholforskriften § 10-2 third paragraph)."""
    return para(
        esc(
            _(
                "What counts is the time between the violations, not when the case is "
                "handled: points for violations within two years of each other add up, even "
                "if some of them are more than two years old today (the Alcohol Regulations "
                "§ 10-2 third paragraph)."
            )
        )
    )


def control_report_paragraph(reference: str) -> list[Flowable]:
    if not reference:
        return []
    return [para(t(_("We refer to the control report %(reference)s."), reference=reference))]


class PointsAdvanceNoticeLetter(LetterRenderer):
    """Advance notice of penalty points (fvl. § 16, alkoholforskriften §§ 10-2, 10-3)."""

    def title(self, context: PointsAdvanceNoticeContext) -> str:
        return _("Advance notice of penalty points – %(premises)s") % {
            "premises": context.premises_name
        }

    def get_subject(self, context: PointsAdvanceNoticeContext) -> str:
        return pgettext("letter", "Advance notice of penalty points")

    def body(self, context: PointsAdvanceNoticeContext) -> list[Flowable]:
        breaches = len(context.findings)
        opening = (
            ngettext(
                "At the inspection of %(premises)s (licence %(licence)s) on %(date)s, we "
                "found a breach of the alcohol legislation. We therefore intend to give you "
                "%(points)s, see the Alcohol Regulations §§ 10-2 and 10-3. This letter is an "
                "advance notice under the Public Administration Act § 16 and the Alcohol "
                "Regulations § 10-5.",
                "At the inspection of %(premises)s (licence %(licence)s) on %(date)s, we "
                "found breaches of the alcohol legislation. We therefore intend to give you "
                "%(points)s, see the Alcohol Regulations §§ 10-2 and 10-3. This letter is an "
                "advance notice under the Public Administration Act § 16 and the Alcohol "
                "Regulations § 10-5.",
                breaches,
            )
            if context.from_inspection
            else ngettext(
                "We have registered a breach of the alcohol legislation by %(premises)s "
                "(licence %(licence)s) on %(date)s. We therefore intend to give you "
                "%(points)s, see the Alcohol Regulations §§ 10-2 and 10-3. This letter is an "
                "advance notice under the Public Administration Act § 16 and the Alcohol "
                "Regulations § 10-5.",
                "We have registered breaches of the alcohol legislation by %(premises)s "
                "(licence %(licence)s) on %(date)s. We therefore intend to give you "
                "%(points)s, see the Alcohol Regulations §§ 10-2 and 10-3. This letter is an "
                "advance notice under the Public Administration Act § 16 and the Alcohol "
                "Regulations § 10-5.",
                breaches,
            )
        )
        flowables: list[Flowable] = [
            para(
                t(
                    opening,
                    premises=context.premises_name,
                    licence=context.licence_number,
                    date=format_date(context.inspection_on),
                    points=points_text(context.proposed_points),
                )
            ),
            *control_report_paragraph(context.inspection_reference),
            heading(pgettext("letter", "Intended decision")),
            para(
                t(
                    ngettext(
                        "%(municipality)s intends to give %(holder)s %(points)s for this breach:",
                        "%(municipality)s intends to give %(holder)s %(points)s for these "
                        "breaches:",
                        breaches,
                    ),
                    municipality=context.letterhead.name,
                    holder=party_label(context.recipient.name, context.recipient.org_number),
                    points=points_text(context.proposed_points),
                )
            ),
            violations_table(context.findings, pgettext("letter", "Proposed points")),
            heading(pgettext("letter", "Facts")),
            *facts_paragraphs(context, context.findings),
        ]
        if context.from_inspection:
            flowables.append(similar_breaches_paragraph())
        if context.deviation_reason.strip():
            flowables += [
                heading(pgettext("letter", "Deviation from the standard points")),
                para(
                    esc(
                        _(
                            "We intend to deviate from the standard number of points, see "
                            "the Alcohol Regulations § 10-4, for this reason:"
                        )
                    )
                ),
                *free_text(context.deviation_reason, "Quote"),
            ]
        flowables += [
            heading(pgettext("letter", "What the points mean")),
            para(
                esc(
                    _(
                        "If you are given 12 points or more for violations within two years "
                        "of each other, we must suspend the licence for one week; more points "
                        "give a longer suspension, see the Alcohol Regulations § 10-2."
                    )
                )
            ),
        ]
        if context.points_in_window is not None:
            flowables.append(
                para(
                    t(
                        _(
                            "The licence has %(points)s from earlier decisions within the "
                            "current two-year period."
                        ),
                        points=points_text(context.points_in_window),
                    )
                )
            )
        flowables += comment_deadline_section(context, context.comment_deadline)
        return flowables


class PointsDecisionLetter(LetterRenderer):
    """Decision on penalty points (enkeltvedtak; alkoholforskriften §§ 10-1 to 10-4)."""

    def title(self, context: PointsDecisionContext) -> str:
        return _("Decision on penalty points – %(premises)s") % {"premises": context.premises_name}

    def get_subject(self, context: PointsDecisionContext) -> str:
        return pgettext("letter", "Decision on penalty points")

    def body(self, context: PointsDecisionContext) -> list[Flowable]:
        breaches = len(context.violations)
        decision = (
            ngettext(
                "%(municipality)s gives %(holder)s %(points)s for a breach found at "
                "the inspection of %(premises)s (licence %(licence)s) on %(date)s:",
                "%(municipality)s gives %(holder)s %(points)s for breaches found at "
                "the inspection of %(premises)s (licence %(licence)s) on %(date)s:",
                breaches,
            )
            if context.from_inspection
            else ngettext(
                "%(municipality)s gives %(holder)s %(points)s for a breach of the alcohol "
                "legislation by %(premises)s (licence %(licence)s) on %(date)s:",
                "%(municipality)s gives %(holder)s %(points)s for breaches of the alcohol "
                "legislation by %(premises)s (licence %(licence)s) on %(date)s:",
                breaches,
            )
        )
        flowables: list[Flowable] = [
            heading(pgettext("letter", "Decision")),
            para(
                t(
                    decision,
                    municipality=context.letterhead.name,
                    holder=party_label(context.recipient.name, context.recipient.org_number),
                    points=points_text(context.points_decided),
                    premises=context.premises_name,
                    licence=context.licence_number,
                    date=format_date(context.inspection_on),
                )
            ),
            violations_table(context.violations, pgettext("letter", "Points given")),
            *decision_made_paragraph(context),
            heading(pgettext("letter", "Points within the two-year period")),
            para(
                t(
                    _(
                        "With this decision the licence has %(points)s within the two-year "
                        "period from %(start)s up to and including %(end)s."
                    ),
                    points=points_text(context.total_points_in_window),
                    start=format_date(context.window_starts_on),
                    end=format_date(context.window_ends_on),
                )
            ),
            *self.consequence(context),
            heading(pgettext("letter", "Reasons")),
            *control_report_paragraph(context.inspection_reference),
            *facts_paragraphs(context, context.violations),
            *comments_paragraphs(context.advance_notice_on, context.holder_comments),
        ]
        if context.assessment.strip():
            flowables.extend(free_text(context.assessment))
        else:
            flowables.append(
                para(
                    esc(
                        ngettext(
                            "We find it more likely than not that the breach took place. "
                            "That is the standard of proof for penalty points (ordinary "
                            "preponderance of probability): what is most probable is taken "
                            "as fact. The number of points follows from the Alcohol "
                            "Regulations § 10-3.",
                            "We find it more likely than not that the breaches took place. "
                            "That is the standard of proof for penalty points (ordinary "
                            "preponderance of probability): what is most probable is taken "
                            "as fact. The number of points for each breach follows from the "
                            "Alcohol Regulations § 10-3.",
                            breaches,
                        )
                    )
                )
            )
        if context.from_inspection:
            flowables.append(similar_breaches_paragraph())
        if context.deviation_reason.strip():
            flowables += [
                para(
                    esc(
                        _(
                            "The number of points deviates from the standard, see the Alcohol "
                            "Regulations § 10-4, for this reason:"
                        )
                    )
                ),
                *free_text(context.deviation_reason, "Quote"),
            ]
        flowables += [
            heading(pgettext("letter", "Legal basis")),
            para(
                esc(
                    ngettext(
                        "The decision is made under the Alcohol Act § 1-8 and the Alcohol "
                        "Regulations §§ 10-1 to 10-3, which set the points. The provision you "
                        "breached is given under the breach in the table above.",
                        "The decision is made under the Alcohol Act § 1-8 and the Alcohol "
                        "Regulations §§ 10-1 to 10-3, which set the points. The provision you "
                        "breached is given under each breach in the table above.",
                        breaches,
                    )
                )
            ),
        ]
        if context.deviation_reason.strip():
            flowables.append(
                para(
                    esc(
                        _(
                            "The deviation from the standard points is made under the Alcohol "
                            "Regulations § 10-4."
                        )
                    )
                )
            )
        flowables += appeal_section(context)
        return flowables

    def consequence(self, context: PointsDecisionContext) -> list[Flowable]:
        """What further points lead to (alkoholforskriften § 10-2), under the rule that the
        time between the violations counts (``licensing.rules.points.further_points``)."""
        if context.suspension_due or context.points_to_suspension == 0:
            return [
                para(
                    t(
                        _(
                            "Points for violations within two years of each other have thereby "
                            "reached %(threshold)s. We will send you a separate advance notice "
                            "of suspension of the licence, see the Alcohol Regulations § 10-2."
                        ),
                        threshold=context.suspension_threshold,
                    )
                )
            ]
        flowables: list[Flowable] = [
            heading(pgettext("letter", "What further points lead to")),
            para(
                t(
                    _(
                        "We must suspend the licence when points for violations that lie "
                        "within two years of each other add up to %(threshold)s or more "
                        "(the Alcohol Regulations § 10-2). What counts is the date of each "
                        "violation, not the date of the decision. A new violation counts "
                        "together with the points you have now like this:"
                    ),
                    threshold=context.suspension_threshold,
                )
            ),
        ]
        if not context.further:
            # No alive points known (a context built by hand): the remaining points only.
            flowables.append(
                para(
                    t(
                        _(
                            "If the licence is given %(remaining)s more within the two-year "
                            "period, so that the total reaches %(threshold)s points, the "
                            "municipality must suspend the licence for at least one week, see "
                            "the Alcohol Regulations § 10-2."
                        ),
                        remaining=points_text(context.points_to_suspension),
                        threshold=context.suspension_threshold,
                    )
                )
            )
            return flowables
        items = []
        for step in context.further:
            text = _(
                "A violation on or before %(until)s counts together with %(points)s "
                "(for violations from %(first)s): %(needed)s more lead to a suspension of "
                "%(days)s."
            ) % {
                "until": format_date(step.until),
                "points": points_text(step.points),
                "first": format_date(step.first_violation_on),
                "needed": points_text(step.needed),
                "days": days_text(step.days_at_threshold),
            }
            if step.days_with_eight and step.days_with_eight != step.days_at_threshold:
                text += " " + _(
                    "A breach that gives 8 points, such as sale to a person under 18, would "
                    "lead to a suspension of %(days)s."
                ) % {"days": days_text(step.days_with_eight)}
            items.append(esc(text))
        if context.further:
            items.append(
                esc(
                    _(
                        "A violation after %(date)s does not count together with any of the "
                        "points you have now."
                    )
                    % {"date": format_date(context.further[-1].until)}
                )
            )
        flowables.extend(bullets(items))
        return flowables


class SuspensionAdvanceNoticeLetter(LetterRenderer):
    """Advance notice of suspension (fvl. § 16, alkoholloven § 1-8, alkoholforskriften § 10-2)."""

    def title(self, context: SuspensionAdvanceNoticeContext) -> str:
        return _("Advance notice of suspension of licence – %(premises)s") % {
            "premises": context.premises_name
        }

    def get_subject(self, context: SuspensionAdvanceNoticeContext) -> str:
        return pgettext("letter", "Advance notice of suspension of licence")

    def body(self, context: SuspensionAdvanceNoticeContext) -> list[Flowable]:
        intended = [
            para(
                t(
                    _(
                        "%(municipality)s intends to suspend the licence of %(holder)s for "
                        "<b>%(days)s</b>."
                    ),
                    municipality=context.letterhead.name,
                    holder=party_label(context.recipient.name, context.recipient.org_number),
                    days=days_text(context.proposed_days),
                )
            )
        ]
        if context.proposed_starts_on:
            intended.append(
                para(
                    t(
                        _("The suspension is intended to start on %(date)s."),
                        date=format_date(context.proposed_starts_on),
                    )
                )
            )
        return [
            para(
                t(
                    _(
                        "The licence for %(premises)s (licence %(licence)s) has been given "
                        "%(points)s within the two-year period from %(start)s up to and "
                        "including %(end)s. We therefore intend to suspend the licence, see "
                        "the Alcohol Act § 1-8 and the Alcohol Regulations §§ 10-2 and 10-6. "
                        "This letter is an advance notice under the Public Administration Act "
                        "§ 16."
                    ),
                    premises=context.premises_name,
                    licence=context.licence_number,
                    points=points_text(context.total_points),
                    start=format_date(context.window_starts_on),
                    end=format_date(context.window_ends_on),
                )
            ),
            span_paragraph(),
            heading(pgettext("letter", "Intended decision")),
            *intended,
            heading(pgettext("letter", "Point decisions the suspension rests on")),
            point_decisions_table(context.point_decisions),
            heading(pgettext("letter", "Length of the suspension")),
            suspension_length_explanation(context.total_points, context.proposed_days),
            *comment_deadline_section(context, context.comment_deadline),
        ]


class SuspensionDecisionLetter(LetterRenderer):
    """Decision on suspension (enkeltvedtak; alkoholloven § 1-8, alkoholforskriften ch. 10)."""

    def title(self, context: SuspensionDecisionContext) -> str:
        return _("Decision on suspension of licence – %(premises)s") % {
            "premises": context.premises_name
        }

    def get_subject(self, context: SuspensionDecisionContext) -> str:
        return pgettext("letter", "Decision on suspension of licence")

    def body(self, context: SuspensionDecisionContext) -> list[Flowable]:
        flowables: list[Flowable] = [
            heading(pgettext("letter", "Decision")),
            para(
                t(
                    _(
                        "%(municipality)s suspends the licence of %(holder)s for %(premises)s "
                        "(licence %(licence)s) for <b>%(days)s</b>, from %(start)s up to and "
                        "including %(end)s."
                    ),
                    municipality=context.letterhead.name,
                    holder=party_label(context.recipient.name, context.recipient.org_number),
                    premises=context.premises_name,
                    licence=context.licence_number,
                    days=days_text(context.days),
                    start=format_date(context.starts_on),
                    end=format_date(context.ends_on),
                )
            ),
            # One paragraph with the sentence on who decided, so the letter stays short.
            para(
                " ".join(
                    part
                    for part in (
                        esc(
                            _(
                                "While the licence is suspended, no alcoholic beverages may "
                                "be sold or served under it."
                            )
                        ),
                        decision_made_text(context),
                    )
                    if part
                )
            ),
            heading(pgettext("letter", "Reasons")),
            para(
                t(
                    _(
                        "The licence has been given %(points)s within the two-year period from "
                        "%(start)s up to and including %(end)s, in these point decisions:"
                    ),
                    points=points_text(context.total_points),
                    start=format_date(context.window_starts_on),
                    end=format_date(context.window_ends_on),
                )
            ),
            point_decisions_table(context.point_decisions),
            span_paragraph(),
            suspension_length_explanation(context.total_points, context.days),
            *comments_paragraphs(context.advance_notice_on, context.holder_comments),
            *free_text(context.assessment),
            heading(pgettext("letter", "Very special circumstances")),
            para(
                esc(
                    _(
                        "We have considered whether there are very special and highly "
                        "mitigating circumstances, or highly aggravating ones, that call for a "
                        "shorter or longer suspension (the Alcohol Regulations § 10-4)."
                    )
                    + " "
                    + (
                        _("We found no such circumstances, so the standard length applies.")
                        if context.days == standard_days(context.total_points)
                        else _(
                            "The reasons above explain why the length differs from the standard."
                        )
                    )
                )
            ),
            heading(pgettext("letter", "Start of the suspension")),
            para(
                t(
                    (
                        _(
                            "The suspension starts on %(date)s. The date gives you time to "
                            "prepare and to ask for postponed implementation, and lies within "
                            "four weeks of the decision, as the Alcohol Regulations § 10-6 "
                            "requires."
                        )
                        if context.suspension_decided_on is None
                        or (context.starts_on - context.suspension_decided_on).days <= 28
                        else _(
                            "The suspension starts on %(date)s. The period first decided had "
                            "begun before this letter could reach you, so we have set a new "
                            "start that gives you time to prepare and to ask for postponed "
                            "implementation."
                        )
                    ),
                    date=format_date(context.starts_on),
                )
            ),
            para(
                esc(
                    _(
                        "The points this suspension rests on are thereby used up and do not "
                        "count towards a later suspension."
                    )
                )
            ),
            heading(pgettext("letter", "Legal basis")),
            para(
                esc(
                    _(
                        "The decision is made under the Alcohol Act § 1-8 and the Alcohol "
                        "Regulations §§ 10-1 to 10-6."
                    )
                )
            ),
            *appeal_section(
                context,
                postponement=True,
                postpone_before=context.starts_on,
                extra=(
                    para(
                        esc(
                            _(
                                "In an appeal against this suspension you may also challenge "
                                "the point decisions it rests on, including points you did not "
                                "appeal earlier."
                            )
                        )
                    ),
                ),
            ),
        ]
        return flowables
