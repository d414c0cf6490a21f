"""Demo letters (``seed_demo``, after the inspections demo): the advance notice of points for
Aspmyra Sportsbar in Bodø was drafted 70 days ago and never issued, so its comment deadline
has passed. Issuing it as it is would be refused (forvaltningsloven § 16; docs/letters.md):
the demo case officer sets a new deadline two weeks from today and issues it, as on the
letters page. The history of the point decision shows the re-dating. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from inspections.models import PointDecision, PointDecisionStatus
from licensing.clock import today
from licensing.errors import DomainError

from .models import IssuedLetter, LetterKind
from .services import issue_refusal, issue_with_new_date

PREMISES = "Aspmyra Sportsbar"
OFFICER = "bodo"


@transaction.atomic
def seed(stdout, style) -> None:
    notice = (
        PointDecision.objects.filter(
            licence__premises__name=PREMISES,
            status=PointDecisionStatus.NOTIFIED,
            violation__code="spirits_measure",
        )
        .select_related("licence__municipality")
        .order_by("pk")
        .first()
    )
    officer = get_user_model().objects.filter(username=OFFICER).first()
    if notice is None or officer is None:
        stdout.write(style.WARNING("  letters: run the inspections demo first."))
        return
    if IssuedLetter.objects.filter(
        kind=LetterKind.POINTS_ADVANCE_NOTICE, object_id=notice.pk
    ).exists():
        stdout.write("  letters: the re-dated advance notice is issued already.")
        return
    if issue_refusal(notice, LetterKind.POINTS_ADVANCE_NOTICE, today()) is None:
        stdout.write("  letters: the demo notice needs no new deadline.")
        return
    new_deadline = today() + dt.timedelta(days=14)
    try:
        letter = issue_with_new_date(
            source=notice,
            kind=LetterKind.POINTS_ADVANCE_NOTICE,
            language=notice.licence.municipality.language,
            actor=officer,
            new_date=new_deadline,
        )
    except DomainError as exc:
        stdout.write(style.WARNING(f"  letters: {exc.message}"))
        return
    stdout.write(
        f"  letters: advance notice for {PREMISES} re-dated (new deadline "
        f"{new_deadline:%d.%m.%Y}) and issued as {letter.our_reference}."
    )
