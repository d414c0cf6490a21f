"""Licence fees and sales reports (alkoholforskriften ch. 6): the request for the sales
report, the reminder, the yearly fee statement and the decision setting the volume by
estimate (skjønnsmessig fastsettelse, an enkeltvedtak). Contexts and renderers; the
builders that read the database are in ``letters.fees_builders``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from reportlab.platypus import Flowable

from ..base import LetterRenderer
from ..blocks import (
    appeal_section,
    cell,
    data_table,
    decision_made_paragraph,
    facts_table,
    free_text,
    heading,
    para,
    t,
)
from ..context import DecisionContext, LetterContext
from ..formatting import esc, format_date


@dataclass(frozen=True, kw_only=True)
class FeeLine:
    """One alcohol group: the litres and the rate (kr per litre) of the year."""

    group: int
    litres: int
    rate: str


@dataclass(frozen=True, kw_only=True)
class FeeFigures:
    """The figures of one licence and year, all from ``fees.selectors.fee_rows``."""

    year: int
    licence_number: str
    premises_name: str
    fee_kind: str  # sales | serving
    reference: str
    minimum: str = ""
    charged: str | None = None
    final_fee: str | None = None
    settlement: str | None = None
    paid: str = "0"
    estimated: bool = False
    expected: tuple[FeeLine, ...] = ()
    actual: tuple[FeeLine, ...] = ()
    settlement_due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class SalesReportRequestContext(LetterContext):
    figures: FeeFigures
    deadline: date
    private_link: str
    groups: tuple[int, ...]
    reminder: bool = False


@dataclass(frozen=True, kw_only=True)
class FeeStatementContext(LetterContext):
    figures: FeeFigures


@dataclass(frozen=True, kw_only=True)
class FeeEstimateDecisionContext(DecisionContext):
    figures: FeeFigures
    deadline: date
    decided_on: date
    reasons: str

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.reasons.strip():
            raise ValueError("an estimate decision states its reasons (fvl. § 25)")


def _kr(amount: str | None) -> str:
    """Kroner with the thousands grouped by a space, as the litres are (11 329 kr), and the
    decimal comma in Norwegian (1 234,50 kr)."""
    if amount is None:
        return "–"
    sign, digits = ("-", amount[1:]) if amount.startswith("-") else ("", amount)
    whole, point, decimals = digits.partition(".")
    if not whole.isdigit():
        return f"{amount} kr"
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{sign}{grouped}{_rate(point + decimals) if point else ''} kr"


def _rate(rate: str) -> str:
    """A decimal comma in Norwegian (0,61), a point in English."""
    return rate.replace(".", ",") if (get_language() or "nb").startswith(("nb", "nn")) else rate


def _lines_table(lines: tuple[FeeLine, ...]) -> Flowable:
    header = (
        pgettext("letter", "Alcohol group"),
        pgettext("letter", "Litres"),
        pgettext("letter", "Rate (kr/l)"),
    )
    rows = [[cell(esc(str(line.group))), cell(esc(f"{line.litres:,}".replace(",", " ")), "CellRight"),
             cell(esc(_rate(line.rate)), "CellRight")] for line in lines]  # fmt: skip
    return data_table(header, rows, (3, 2, 2), numeric_columns=(1, 2))


def _how_computed(figures: FeeFigures) -> Flowable:
    return para(
        t(
            _(
                "The fee is the sum over the alcohol groups of the litres times the rate for "
                "%(year)s, rounded to whole kroner, and at least the minimum fee of "
                "%(minimum)s (the Alcohol Regulations §§ 6-1 and 6-2). After the year the fee "
                "is recomputed on the volume actually sold, and the difference is settled "
                "(§ 6-3)."
            ),
            year=figures.year,
            minimum=_kr(figures.minimum),
        )
    )


class SalesReportRequestLetter(LetterRenderer):
    """Request for the sales report (omsetningsoppgave), or the reminder."""

    def title(self, context: SalesReportRequestContext) -> str:
        if context.reminder:
            return _("Reminder: sales report for %(year)s – %(premises)s") % {
                "year": context.figures.year, "premises": context.figures.premises_name,
            }  # fmt: skip
        return _("Sales report for %(year)s – %(premises)s") % {
            "year": context.figures.year, "premises": context.figures.premises_name,
        }  # fmt: skip

    def body(self, context: SalesReportRequestContext) -> list[Flowable]:
        f = context.figures
        link = esc(context.private_link)
        groups = ", ".join(str(g) for g in context.groups)
        flowables: list[Flowable] = []
        if context.reminder:
            flowables.append(
                para(
                    t(
                        _(
                            "We have not received the sales report for %(year)s for licence %(licence)s. "
                            "The deadline was %(deadline)s."
                        ),
                        year=f.year,
                        licence=f.licence_number,
                        deadline=format_date(context.deadline),
                    )
                )  # fmt: skip
            )
        if context.reminder:
            # The deadline has passed: the reminder asks for the report now.
            request = t(
                _(
                    "Every holder of a sales or serving licence reports the litres actually "
                    "sold or served in the past year, per alcohol group (the Alcohol "
                    "Regulations ch. 6). Please report the litres sold in %(year)s under "
                    "licence %(licence)s (alcohol groups %(groups)s) as soon as possible."
                ),
                year=f.year,
                licence=f.licence_number,
                groups=groups,
            )
        else:
            request = t(
                _(
                    "Every holder of a sales or serving licence reports the litres actually "
                    "sold or served in the past year, per alcohol group (the Alcohol "
                    "Regulations ch. 6). Please report the litres sold in %(year)s under "
                    "licence %(licence)s (alcohol groups %(groups)s) by %(deadline)s."
                ),
                year=f.year,
                licence=f.licence_number,
                groups=groups,
                deadline=format_date(context.deadline),
            )
        flowables += [
            para(request),
            heading(pgettext("letter", "How to report")),
            para(esc(_("Use your private link; no account is needed:"))),
            para(f'<link href="{link}" color="#1a4f8b">{link}</link>'),
            para(
                esc(
                    _(
                        "The link is personal for the licence and should not be shared. You can correct the report through the same link until the deadline."
                    )
                )
            ),
            heading(pgettext("letter", "The fee")),
            facts_table(
                [
                    (pgettext("letter", "Charged on the expected volume"), esc(_kr(f.charged))),
                    (pgettext("letter", "Payment reference"), esc(f.reference)),
                ]
            ),  # fmt: skip
            _how_computed(f),
        ]
        if context.reminder:
            flowables.append(
                para(
                    esc(
                        _(
                            "If the report does not come, we may set the volume by estimate, that is, from "
                            "what we know about the business. A sales report not delivered by the deadline is"
                            " also a breach that gives 2 penalty points (the Alcohol Regulations § 10-3)."
                        )
                    )
                )  # fmt: skip
            )
        return flowables


class FeeStatementLetter(LetterRenderer):
    """The yearly fee statement: charged, final fee, settlement and how it was computed."""

    def title(self, context: FeeStatementContext) -> str:
        return _("Licence fee %(year)s: final fee and settlement – %(premises)s") % {
            "year": context.figures.year, "premises": context.figures.premises_name,
        }  # fmt: skip

    def body(self, context: FeeStatementContext) -> list[Flowable]:
        f = context.figures
        rows = [
            (pgettext("letter", "Licence"), esc(f.licence_number)),
            (pgettext("letter", "Charged on the expected volume"), esc(_kr(f.charged))),
            (
                pgettext("letter", "Final fee on the volume set by estimate")
                if f.estimated
                else pgettext("letter", "Final fee on the actual volume"),
                esc(_kr(f.final_fee)),
            ),
            (pgettext("letter", "Settlement"), esc(_kr(f.settlement))),
            (pgettext("letter", "Paid"), esc(_kr(f.paid))),
            (pgettext("letter", "Payment reference"), esc(f.reference)),
        ]
        flowables: list[Flowable] = [
            para(
                t(
                    _("This is the final licence fee for %(year)s for licence %(licence)s."),
                    year=f.year,
                    licence=f.licence_number,
                )
            ),  # fmt: skip
            facts_table(rows),
        ]
        if f.expected:
            flowables += [heading(pgettext("letter", "Expected volume")), _lines_table(f.expected)]
        if f.actual:
            flowables += [
                heading(pgettext("letter", "Volume set by estimate") if f.estimated
                        else pgettext("letter", "Actual volume")),
                _lines_table(f.actual),
            ]  # fmt: skip
        flowables += [heading(pgettext("letter", "How the fee is computed")), _how_computed(f)]
        settlement = f.settlement
        if settlement and not settlement.startswith("-") and settlement != "0":
            flowables.append(para(t(
                _("Please pay the further charge of %(amount)s by %(date)s, with the payment reference %(reference)s."),
                amount=_kr(settlement), date=format_date(f.settlement_due_on) if f.settlement_due_on else "–",
                reference=f.reference)))  # fmt: skip
        elif settlement and settlement.startswith("-"):
            flowables.append(para(t(
                _("You have paid %(amount)s too much; we pay it back or set it off against the next fee."),
                amount=_kr(settlement.lstrip("-")))))  # fmt: skip
        return flowables


class FeeEstimateDecisionLetter(LetterRenderer):
    """Decision setting the volume by estimate (skjønnsmessig fastsettelse): an enkeltvedtak."""

    def title(self, context: FeeEstimateDecisionContext) -> str:
        return _("Decision: sales volume %(year)s set by estimate – %(premises)s") % {
            "year": context.figures.year, "premises": context.figures.premises_name,
        }  # fmt: skip

    def get_subject(self, context: FeeEstimateDecisionContext) -> str:
        return pgettext("letter", "Decision setting the sales volume by estimate")

    def body(self, context: FeeEstimateDecisionContext) -> list[Flowable]:
        f = context.figures
        return [
            heading(pgettext("letter", "Decision")),
            para(
                t(
                    _(
                        "%(municipality)s sets the volume sold in %(year)s under licence %(licence)s by "
                        "estimate, as below, and the final licence fee for %(year)s at %(fee)s."
                    ),
                    municipality=context.letterhead.name,
                    year=f.year,
                    licence=f.licence_number,
                    fee=_kr(f.final_fee),
                )
            ),  # fmt: skip
            _lines_table(f.actual),
            *decision_made_paragraph(context),
            heading(pgettext("letter", "Facts")),
            para(
                t(
                    _(
                        "The sales report for %(year)s was due on %(deadline)s. We have not received it."
                    ),
                    year=f.year,
                    deadline=format_date(context.deadline),
                )
            ),  # fmt: skip
            heading(pgettext("letter", "Reasons")),
            *free_text(context.reasons),
            heading(pgettext("letter", "Legal basis")),
            para(
                esc(
                    _(
                        "The Alcohol Act § 7-1 and the Alcohol Regulations ch. 6: the fee is set on the "
                        "volume sold; when you do not report it, we may set the volume by estimate, that "
                        "is, from what we know about the business."
                    )
                )
            ),  # fmt: skip
            heading(pgettext("letter", "The fee")),
            facts_table(
                [
                    (pgettext("letter", "Charged on the expected volume"), esc(_kr(f.charged))),
                    (pgettext("letter", "Final fee"), esc(_kr(f.final_fee))),
                    (pgettext("letter", "Settlement"), esc(_kr(f.settlement))),
                    (pgettext("letter", "Payment reference"), esc(f.reference)),
                ]
            ),  # fmt: skip
            _how_computed(f),
            *appeal_section(context),
        ]
