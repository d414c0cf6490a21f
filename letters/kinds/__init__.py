"""One renderer per letter kind, and ``render_letter`` to pick it from the context type."""

from __future__ import annotations

from ..base import LetterRenderer
from ..context import (
    ApplicationRefusedContext,
    AttendanceCertificateContext,
    LetterContext,
    LicenceGrantedContext,
    PointsAdvanceNoticeContext,
    PointsDecisionContext,
    SeminarConfirmationContext,
    SuspensionAdvanceNoticeContext,
    SuspensionDecisionContext,
)
from .fees import (
    FeeEstimateDecisionContext,
    FeeEstimateDecisionLetter,
    FeeStatementContext,
    FeeStatementLetter,
    SalesReportRequestContext,
    SalesReportRequestLetter,
)
from .licences import ApplicationRefusedLetter, LicenceGrantedLetter
from .points import (
    PointsAdvanceNoticeLetter,
    PointsDecisionLetter,
    SuspensionAdvanceNoticeLetter,
    SuspensionDecisionLetter,
)
from .seminars import AttendanceCertificateLetter, SeminarConfirmationLetter

RENDERERS: dict[type[LetterContext], type[LetterRenderer]] = {
    LicenceGrantedContext: LicenceGrantedLetter,
    ApplicationRefusedContext: ApplicationRefusedLetter,
    PointsAdvanceNoticeContext: PointsAdvanceNoticeLetter,
    PointsDecisionContext: PointsDecisionLetter,
    SuspensionAdvanceNoticeContext: SuspensionAdvanceNoticeLetter,
    SuspensionDecisionContext: SuspensionDecisionLetter,
    SeminarConfirmationContext: SeminarConfirmationLetter,
    AttendanceCertificateContext: AttendanceCertificateLetter,
    SalesReportRequestContext: SalesReportRequestLetter,
    FeeStatementContext: FeeStatementLetter,
    FeeEstimateDecisionContext: FeeEstimateDecisionLetter,
}


def render_letter(context: LetterContext) -> bytes:
    """Render the letter its context describes; return the PDF bytes."""
    try:
        renderer = RENDERERS[type(context)]
    except KeyError:
        raise TypeError(f"no letter renderer for {type(context).__name__}") from None
    return renderer().render(context)


__all__ = [
    "RENDERERS",
    "ApplicationRefusedLetter",
    "AttendanceCertificateLetter",
    "LicenceGrantedLetter",
    "PointsAdvanceNoticeLetter",
    "PointsDecisionLetter",
    "SeminarConfirmationLetter",
    "SuspensionAdvanceNoticeLetter",
    "SuspensionDecisionLetter",
    "render_letter",
]
