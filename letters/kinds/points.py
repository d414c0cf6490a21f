"""Penalty points and suspension: advance notices and decisions (alkoholforskriften ch. 10)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
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
                    _("The municipality has registered the breaches listed above (%(date)s)."),
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
        opening = (
            _(
                "At the inspection of %(premises)s (licence %(licence)s) on %(date)s, "
                "breaches of the alcohol legislation were found. The municipality "
                "therefore intends to give the licence holder %(points)s, see the "
                "Alcohol Regulations §§ 10-2 and 10-3. This letter is an advance "
                "notice under the Public Administration Act § 16 and the Alcohol Regulations "
                "§ 10-5."
            )
            if context.from_inspection
            else _(
                "The municipality has registered breaches of the alcohol legislation by "
                "%(premises)s (licence %(licence)s) on %(date)s. The municipality therefore "
                "intends to give the licence holder %(points)s, see the Alcohol Regulations "
                "§§ 10-2 and 10-3. This letter is an advance notice under the Public "
                "Administration Act § 16 and the Alcohol Regulations § 10-5."
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
                    _("%(municipality)s intends to give %(holder)s %(points)s for these breaches:"),
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
                            "The municipality intends to deviate from the standard number of "
                            "points, see the Alcohol Regulations § 10-4, for this reason:"
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
                        "If the licence holder is given 12 points in total within two years, "
                        "the municipality must suspend the licence for one week; more points "
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
        decision = (
            _(
                "%(municipality)s gives %(holder)s %(points)s for breaches found at "
                "the inspection of %(premises)s (licence %(licence)s) on %(date)s:"
            )
            if context.from_inspection
            else _(
                "%(municipality)s gives %(holder)s %(points)s for breaches of the alcohol "
                "legislation by %(premises)s (licence %(licence)s) on %(date)s:"
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
            self.consequence(context),
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
                        _(
                            "On the ordinary balance of probabilities, the municipality finds "
                            "that the breaches took place. The number of points for each "
                            "breach follows from the Alcohol Regulations § 10-3."
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
                    _(
                        "The decision is made under the Alcohol Act § 1-8 and the Alcohol "
                        "Regulations §§ 10-1 to 10-3. The provision breached is given for each "
                        "breach in the table above."
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

    def consequence(self, context: PointsDecisionContext) -> Flowable:
        """What further points lead to (alkoholforskriften § 10-2)."""
        if context.points_to_suspension > 0:
            return para(
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
        return para(
            t(
                _(
                    "The licence has thereby reached %(threshold)s points. The municipality "
                    "will send a separate advance notice of suspension of the licence, see the "
                    "Alcohol Regulations § 10-2."
                ),
                threshold=context.suspension_threshold,
            )
        )


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
                        "including %(end)s. The municipality therefore intends to suspend the "
                        "licence, see the Alcohol Act § 1-8 and the Alcohol Regulations "
                        "§§ 10-2 and 10-6. This letter is an advance notice under the Public "
                        "Administration Act § 16."
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
                        "The municipality has considered whether there are very special and "
                        "highly mitigating circumstances, or highly aggravating ones, that call "
                        "for a shorter or longer suspension (the Alcohol Regulations § 10-4)."
                    )
                    + " "
                    + (
                        _("It has found no such circumstances, so the standard length applies.")
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
                    _(
                        "The suspension starts on %(date)s. The date gives you time to prepare "
                        "and to ask for postponed implementation, and lies within four weeks of "
                        "the decision, as the Alcohol Regulations § 10-6 requires."
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
