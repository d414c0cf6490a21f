"""Frozen letter contexts from the database.

Each ``context_for_*`` function reads one record with what its letter shows, in a fixed
number of queries, and returns a context from ``letters.context``; the
renderers never touch the ORM. Everything language-dependent (catalogue names, labels,
the officer's title) is read inside ``translation.override(language)``, so a letter in
English says "Breach of sales or serving hours" whatever the officer's UI language.

Which record a letter hangs on, and which letters a record can have, is
``letters.sources``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inspections import points as point_facts
from inspections.models import (
    Finding,
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
)
from inspections.services.points import default_comment_deadline
from licensing.clock import today
from licensing.errors import DomainError
from licensing.models import (
    Application,
    ApplicationKind,
    Decision,
    DecisionOutcome,
    Holder,
    Licence,
    LicenceKind,
    ManagerAssignment,
    Municipality,
    Premises,
    Role,
)
from licensing.rules.dates import add_months
from licensing.rules.points import THRESHOLD
from licensing.rules.seminar import attendance_valid_until
from licensing.services.applications import default_legal_basis
from licensing.validators import validate_logo
from seminars.emails import private_link
from seminars.models import Attendance, Registration
from seminars.selectors import policies_in_force

from .context import (
    AppealInfo,
    ApplicationRefusedContext,
    AttendanceCertificateContext,
    CaseOfficer,
    GroupHours,
    LetterContext,
    Letterhead,
    LicenceGrantedContext,
    Party,
    PointDecisionLine,
    PointsAdvanceNoticeContext,
    PointsDecisionContext,
    SeminarConfirmationContext,
    SuspensionAdvanceNoticeContext,
    SuspensionDecisionContext,
    ViolationPoints,
)
from .formatting import format_date
from .models import LetterKind

# The register's licence kinds that the letters spell differently (context.LICENCE_KINDS).
_LETTER_LICENCE_KINDS = {
    LicenceKind.SERVING_SINGLE_OCCASION: "single_occasion",
    LicenceKind.SERVING_CATERING: "catering",
}
# alkoholloven § 3-7: sales start at 08:00; the municipality sets the closing times.
SALES_OPEN = dt.time(8, 0)

logger = logging.getLogger(__name__)


def letter_licence_kind(kind: str) -> str:
    """The letters' code for a register licence kind (``serving_catering`` -> ``catering``)."""
    return _LETTER_LICENCE_KINDS.get(kind, kind)


def generated_reference(prefix: str, pk: int) -> str:
    """ "Our reference" for records that have none of their own, stable across versions."""
    return f"{prefix}/{pk}"


# --- Building blocks ------------------------------------------------------------------


def logo_path(municipality: Municipality) -> str | None:
    """The logo's file path when the storage keeps it as a local file; otherwise none."""
    if not municipality.logo:
        return None
    try:
        path = municipality.logo.path
    except (NotImplementedError, ValueError):
        return None
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as file:
            validate_logo(file)
    except (ValidationError, OSError):
        # A logo stored before the upload was checked, or damaged since: the letter prints
        # without it rather than failing.
        logger.warning(
            "The logo of %s (%s) is not a readable PNG or JPEG; letters print without it.",
            municipality.name,
            path,
        )
        return None
    return path


def letterhead(municipality: Municipality) -> Letterhead:
    return Letterhead(
        name=municipality.name,
        address_lines=tuple(municipality.address_lines),
        org_number=municipality.org_number,
        email=municipality.email,
        phone=municipality.phone,
        website=municipality.website,
        logo_path=logo_path(municipality),
    )


def case_officer(officer, municipality: Municipality) -> CaseOfficer:
    """The issuing user, reached by e-mail and through the municipality's switchboard."""
    if officer is None:
        raise DomainError(_("A letter needs a case officer: nobody is named to sign it."))
    return CaseOfficer(
        name=officer.get_full_name() or officer.get_username(),
        title=pgettext("letter", "Case officer"),
        email=officer.email or municipality.email,
        phone=municipality.phone,
    )


def appeal_info(municipality: Municipality) -> AppealInfo:
    return AppealInfo(body_name=municipality.appeal_body or AppealInfo().body_name)


def _place(postal_code: str, postal_place: str) -> str:
    return " ".join(part for part in (postal_code, postal_place) if part)


def holder_party(holder: Holder) -> Party:
    return Party(
        name=holder.name, address_lines=tuple(holder.address_lines), org_number=holder.org_number
    )


def premises_address(premises: Premises) -> str:
    return ", ".join(
        part
        for part in (premises.address_line, _place(premises.postal_code, premises.postal_place))
        if part
    )


def _letter_context_values(
    *,
    municipality: Municipality,
    recipient: Party,
    our_reference: str,
    officer,
    letter_date: dt.date | None,
    your_reference: str,
    language: str,
) -> dict:
    return {
        "letterhead": letterhead(municipality),
        "recipient": recipient,
        "our_reference": our_reference,
        "your_reference": your_reference.strip(),
        "letter_date": letter_date or today(),
        "case_officer": case_officer(officer, municipality),
        "language": language,
    }


def _checked(build, *args, **kwargs) -> LetterContext:
    """A context whose own checks fail (data the letter cannot state) is a DomainError."""
    try:
        return build(*args, **kwargs)
    except ValueError as exc:
        raise DomainError(
            _("The letter cannot be made from this record: %(problem)s") % {"problem": exc}
        ) from exc


# --- Decisions on applications ----------------------------------------------------------


def _hearing_label(body: str) -> str:
    return {
        "police": pgettext("letter", "the police"),
        "social_services": pgettext("letter", "the social services"),
        "tax": pgettext("letter", "the tax authorities"),
    }.get(body, body)


def _serving_hours(licence: Licence, municipality: Municipality) -> tuple[GroupHours, ...]:
    """Serving hours per group (alkoholloven § 4-4); blank hours follow the local policy."""

    def pick(own: dt.time | None, default: dt.time) -> dt.time:
        return default if own is None else own

    group12 = (
        pick(licence.group12_from, municipality.serving_group12_from),
        pick(licence.group12_until, municipality.serving_group12_until),
    )
    group3 = (
        pick(licence.group3_from, municipality.serving_group3_from),
        pick(licence.group3_until, municipality.serving_group3_until),
    )
    hours = []
    for group in licence.alcohol_groups:
        opens, closes = group3 if group == 3 else group12
        hours.append(GroupHours(group=group, opens=opens, closes=closes))
    return tuple(hours)


def _sales_hours(licence: Licence, municipality: Municipality) -> tuple[GroupHours, ...]:
    """Sales hours (alkoholloven § 3-7): weekdays, and days before Sundays and holidays."""
    weekdays = licence.sales_weekday_until or municipality.sales_weekday_until
    before_holidays = licence.sales_saturday_until or municipality.sales_saturday_until
    return (
        GroupHours(
            group=1, opens=SALES_OPEN, closes=weekdays, days=pgettext("letter", "Monday to Friday")
        ),
        GroupHours(
            group=1,
            opens=SALES_OPEN,
            closes=before_holidays,
            days=pgettext("letter", "Saturdays and days before public holidays"),
        ),
    )


def _area(licence: Licence) -> str:
    parts = [licence.area_indoor.strip()]
    if licence.area_outdoor.strip():
        parts.append(
            pgettext("letter", "Outdoor area: %(area)s") % {"area": licence.area_outdoor.strip()}
        )
    return " ".join(part for part in parts if part)


def _managers_on(
    assignments: Iterable[ManagerAssignment], on: dt.date
) -> dict[str, ManagerAssignment]:
    """Per role, the person holding it on ``on``; otherwise the first to take it later (a
    decision may appoint from a later date)."""
    chosen: dict[str, ManagerAssignment] = {}
    for assignment in sorted(assignments, key=lambda a: (a.started_on, a.pk)):
        if assignment.ended_on is not None and assignment.ended_on <= on:
            continue
        current = chosen.get(assignment.role)
        if current is None or (assignment.started_on <= on and current.started_on <= on):
            chosen[assignment.role] = assignment
    return chosen


def _decision_queryset():
    return Decision.objects.select_related(
        "municipality",
        "application__holder",
        "application__premises",
        "application__proposed_manager",
        "application__proposed_deputy",
        "licence__holder",
        "licence__premises",
    )


def context_for_decision(
    decision: Decision,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> LicenceGrantedContext | ApplicationRefusedContext:
    """The decision letter: licence granted (with conditions, groups, hours, manager and
    deputy, the seminar deadline) or application refused. At most four queries."""
    decision = _decision_queryset().get(pk=decision.pk)
    application: Application | None = decision.application
    municipality = decision.municipality
    hearings = list(application.hearings.order_by("sent_on", "pk")) if application else []
    with translation.override(language):
        holder = application.holder if application else decision.licence.holder
        common = _letter_context_values(
            municipality=municipality,
            recipient=holder_party(holder),
            our_reference=decision.reference
            or (application.reference if application else "")
            or generated_reference("vedtak", decision.pk),
            officer=officer,
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        received_on = application.received_on if application else decision.decided_on
        if application and not common["your_reference"]:
            # The applicant's "reference" is their application, as Norwegian letters say.
            common["your_reference"] = pgettext("letter", "Application received %(date)s") % {
                "date": format_date(received_on)
            }
        hearing_bodies = tuple(_hearing_label(h.body) for h in hearings)
        if decision.outcome == DecisionOutcome.GRANTED:
            return _checked(
                _granted,
                decision,
                common,
                received_on=received_on,
                hearing_bodies=hearing_bodies,
            )
        return _checked(
            _refused,
            decision,
            common,
            hearings=hearings,
            received_on=received_on,
            hearing_bodies=hearing_bodies,
        )


def _granted(
    decision: Decision, common: dict, *, received_on: dt.date, hearing_bodies: tuple[str, ...]
) -> LicenceGrantedContext:
    licence = decision.licence
    municipality = decision.municipality
    application = decision.application
    managers = _managers_on(
        ManagerAssignment.objects.filter(licence=licence).select_related("person"),
        decision.decided_on,
    )

    def name(role: str, proposed) -> str | None:
        if role in managers:
            return managers[role].person.name
        return proposed.name if proposed is not None else None

    seminar_deadline = None
    if licence.seminar_required:
        policy = policies_in_force([municipality.pk], decision.decided_on)[municipality.pk]
        if licence.kind in policy.kinds:
            seminar_deadline = add_months(decision.decided_on, policy.deadline_months)
    premises = licence.premises or (application.premises if application else None)
    hours = (
        _sales_hours(licence, municipality)
        if licence.kind == LicenceKind.SALES
        else _serving_hours(licence, municipality)
    )
    return LicenceGrantedContext(
        **common,
        appeal=appeal_info(municipality),
        licence_number=licence.number,
        kind=letter_licence_kind(licence.kind),
        groups=tuple(licence.alcohol_groups),
        hours=hours,
        premises_name=premises.name if premises else licence.holder.name,
        premises_address=premises_address(premises)
        if premises
        else ", ".join(licence.holder.address_lines),
        area=_area(licence),
        valid_from=licence.valid_from,
        valid_to=licence.valid_to,
        application_received_on=received_on,
        manager_name=name(Role.MANAGER, application.proposed_manager if application else None),
        deputy_name=name(Role.DEPUTY, application.proposed_deputy if application else None),
        conditions=licence.conditions,
        seminar_deadline=seminar_deadline,
        hearing_bodies=hearing_bodies,
        assessment=decision.reasons,
        manager_change=decision.kind == ApplicationKind.MANAGER_CHANGE,
        legal_references=_own_legal_basis(decision),
    )


def _own_legal_basis(decision: Decision) -> tuple[str, ...]:
    """The decision's legal basis when the case officer changed the standard one (which the
    letter states anyway); nothing when it is the standard text or empty."""
    own = decision.legal_basis.strip()
    application = decision.application
    standard = set()
    if application is not None:
        for language in ("nb", "nn", "en"):  # the text as suggested in either language of the UI
            with translation.override(language):
                standard.add(default_legal_basis(application).strip().casefold())
    if not own or own.casefold() in standard:
        return ()
    return (own,)


def _refused(
    decision: Decision,
    common: dict,
    *,
    hearings: list,
    received_on: dt.date,
    hearing_bodies: tuple[str, ...],
) -> ApplicationRefusedContext:
    application = decision.application
    licence = decision.licence
    kind = application.licence_kind if application else licence.kind
    premises = (application.premises if application else None) or (
        licence.premises if licence else None
    )
    holder = application.holder if application else licence.holder
    # What the municipality found (fvl. § 25 second paragraph): the application as
    # described and the gist of each hearing reply.
    facts = [application.description.strip()] if application else []
    for hearing in hearings:
        if hearing.gist.strip():
            facts.append(
                pgettext("letter", "The reply from %(body)s (%(date)s): %(gist)s")
                % {
                    "body": _hearing_label(hearing.body),
                    "date": format_date(hearing.replied_on) if hearing.replied_on else "–",
                    "gist": hearing.gist.strip(),
                }
            )
    facts_text = "\n\n".join(part for part in facts if part) or pgettext(
        "letter",
        "The municipality has considered the application and the documents of the case.",
    )
    return ApplicationRefusedContext(
        **common,
        appeal=appeal_info(decision.municipality),
        kind=letter_licence_kind(kind),
        premises_name=premises.name if premises else holder.name,
        premises_address=premises_address(premises)
        if premises
        else ", ".join(holder.address_lines),
        application_received_on=received_on,
        facts=facts_text,
        assessment=decision.reasons,
        hearing_bodies=hearing_bodies,
        legal_references=(decision.legal_basis.strip(),) if decision.legal_basis.strip() else (),
        manager_change=decision.kind == ApplicationKind.MANAGER_CHANGE,
        licence_number=licence.number if licence else "",
        manager_name=_person_name(application.proposed_manager if application else None),
        deputy_name=_person_name(application.proposed_deputy if application else None),
    )


def _person_name(person) -> str | None:
    return person.name if person is not None else None


# --- Penalty points and suspension ------------------------------------------------------

_LICENCE_RELATED = ("licence__holder", "licence__premises", "licence__municipality")


def _premises_name(licence: Licence) -> str:
    return licence.premises.name if licence.premises else licence.holder.name


def _licence_history(licence: Licence, *, exclude_suspension: int | None = None):
    """The licence's decided point decisions and decided suspensions (two queries)."""
    decisions = list(
        PointDecision.objects.filter(licence=licence, status=PointDecisionStatus.DECIDED)
        .select_related("violation")
        .order_by("violation_on", "pk")
    )
    suspensions = list(
        Suspension.objects.filter(licence=licence, status=SuspensionStatus.DECIDED).exclude(
            pk=exclude_suspension
        )
    )
    return decisions, suspensions


def _violation_points(
    group: list[PointDecision], findings: list[Finding]
) -> tuple[ViolationPoints, ...]:
    observed: dict[int, list[str]] = {}
    for finding in findings:
        observed.setdefault(finding.violation_id, []).append(finding.description.strip())
    return tuple(
        ViolationPoints(
            code=pd.violation.code,
            name=pd.violation.name,
            legal_reference=pd.violation.reference,
            standard_points=pd.standard_points,
            points=pd.points,
            observation=" ".join(text for text in observed.get(pd.violation_id, []) if text),
        )
        for pd in sorted(group, key=lambda pd: (pd.violation.sort_order, pd.violation.code))
    )


def _deviation_reason(group: list[PointDecision]) -> str:
    return "\n\n".join(
        f"{pd.violation.name}: {pd.justification.strip()}"
        for pd in group
        if pd.points != pd.standard_points and pd.justification.strip()
    )


def context_for_point_decision(
    point_decision: PointDecision,
    *,
    language: str,
    officer,
    kind: str | None = None,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> PointsAdvanceNoticeContext | PointsDecisionContext:
    """The advance notice of points (``kind`` ``points_advance_notice``; the default while
    the points are notified) or the decision on points (``points_decision``; the default
    once decided), for every point decision of the same notice or decision (see
    ``sources.point_decision_group``). The decision letter gives the running total in the
    window on the decision date from ``licensing.rules.points.points_in_window`` over the
    licence's decided point decisions and suspensions. At most five queries."""
    from .sources import point_decision_group

    if kind is None:
        kind = (
            LetterKind.POINTS_DECISION
            if point_decision.status == PointDecisionStatus.DECIDED
            else LetterKind.POINTS_ADVANCE_NOTICE
        )
    group = list(
        point_decision_group(point_decision, kind).select_related(
            "violation", "inspection", *_LICENCE_RELATED
        )
    )
    if not group:
        raise DomainError(_("There is no letter of this kind for these points yet."))
    lead = group[0]
    licence = lead.licence
    inspection = lead.inspection
    findings = (
        list(
            Finding.objects.filter(
                inspection=inspection, violation_id__in=[pd.violation_id for pd in group]
            ).order_by("observed_at", "pk")
        )
        if inspection
        else []
    )
    on = lead.decided_on if kind == LetterKind.POINTS_DECISION else lead.advance_notice_on
    decisions, suspensions = _licence_history(licence)
    result = point_facts.evaluate(licence, decisions, suspensions, on)
    with translation.override(language):
        violations = _violation_points(group, findings)
        inspection_on = (
            timezone.localdate(inspection.started_at)
            if inspection
            else min(pd.violation_on for pd in group)
        )
        common = _letter_context_values(
            municipality=licence.municipality,
            recipient=holder_party(licence.holder),
            our_reference=(lead.reference if kind == LetterKind.POINTS_DECISION else "")
            or generated_reference("prikker", lead.pk),
            officer=officer,
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        shared = {
            "licence_number": licence.number,
            "premises_name": _premises_name(licence),
            "inspection_on": inspection_on,
            "inspection_reference": "",
            "deviation_reason": _deviation_reason(group),
            "from_inspection": inspection is not None,
        }
        if kind == LetterKind.POINTS_ADVANCE_NOTICE:
            deadlines = [pd.comment_deadline_on for pd in group if pd.comment_deadline_on]
            return _checked(
                PointsAdvanceNoticeContext,
                **common,
                **shared,
                findings=violations,
                comment_deadline=max(deadlines)
                if deadlines
                else default_comment_deadline(lead.advance_notice_on),
                points_in_window=result.in_window or None,
            )
        notices = [pd.advance_notice_on for pd in group if pd.advance_notice_on]
        return _checked(
            PointsDecisionContext,
            **common,
            **shared,
            appeal=appeal_info(licence.municipality),
            violations=violations,
            total_points_in_window=result.in_window,
            window_starts_on=result.window_start,
            window_ends_on=result.window_end,
            advance_notice_on=min(notices) if notices else None,
            holder_comments=inspection.holder_comment if inspection else "",
            suspension_threshold=THRESHOLD,
        )


def _point_lines(decisions: Iterable[PointDecision]) -> tuple[PointDecisionLine, ...]:
    return tuple(
        PointDecisionLine(
            violation=pd.violation.name,
            violation_on=pd.violation_on,
            points=pd.points,
            reference=pd.reference or generated_reference("prikker", pd.pk),
            decided_on=pd.decided_on,
        )
        for pd in decisions
    )


def context_for_suspension(
    suspension: Suspension,
    *,
    language: str,
    officer,
    kind: str | None = None,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> SuspensionAdvanceNoticeContext | SuspensionDecisionContext:
    """The advance notice of suspension (the default while notified) or the suspension
    decision (once decided), listing every point decision it rests on
    (``Suspension.point_decisions``; for an imported suspension without that list, the
    decisions the rules count on the date). At most five queries."""
    suspension = Suspension.objects.select_related(*_LICENCE_RELATED).get(pk=suspension.pk)
    if kind is None:
        kind = (
            LetterKind.SUSPENSION_DECISION
            if suspension.status == SuspensionStatus.DECIDED
            else LetterKind.SUSPENSION_ADVANCE_NOTICE
        )
    licence = suspension.licence
    on = (
        suspension.decided_on
        if kind == LetterKind.SUSPENSION_DECISION
        else suspension.advance_notice_on
    )
    if on is None:
        raise DomainError(_("There is no letter of this kind for this suspension yet."))
    rests_on = list(
        suspension.point_decisions.select_related("violation").order_by("violation_on", "pk")
    )
    # The window on the date, as if this suspension had not been decided (a suspension
    # decided on D uses up the points up to D, which would leave its own letter empty).
    decisions, suspensions = _licence_history(licence, exclude_suspension=suspension.pk)
    result = point_facts.evaluate(licence, decisions, suspensions, on)
    if not rests_on:
        rests_on = point_facts.counted_decisions(result, decisions)
    with translation.override(language):
        lines = _point_lines(rests_on)
        common = _letter_context_values(
            municipality=licence.municipality,
            recipient=holder_party(licence.holder),
            our_reference=suspension.reference or generated_reference("inndragning", suspension.pk),
            officer=officer,
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        shared = {
            "licence_number": licence.number,
            "premises_name": _premises_name(licence),
            "point_decisions": lines,
            "total_points": sum(line.points for line in lines),
            "window_starts_on": result.window_start,
            "window_ends_on": result.window_end,
        }
        if kind == LetterKind.SUSPENSION_ADVANCE_NOTICE:
            return _checked(
                SuspensionAdvanceNoticeContext,
                **common,
                **shared,
                proposed_days=suspension.days,
                comment_deadline=suspension.comment_deadline_on
                or default_comment_deadline(suspension.advance_notice_on),
                proposed_starts_on=suspension.starts_on,
            )
        return _checked(
            SuspensionDecisionContext,
            **common,
            **shared,
            appeal=appeal_info(licence.municipality),
            days=suspension.days,
            starts_on=suspension.starts_on,
            ends_on=suspension.ends_on,
            advance_notice_on=suspension.advance_notice_on,
            assessment=suspension.reasons,
            holder_comments=suspension.holder_comments,
        )


# --- Seminars ---------------------------------------------------------------------------


def context_for_registration(
    registration: Registration,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> SeminarConfirmationContext:
    """Confirmation of a seminar registration, with the registration's private link
    (``seminars.emails.private_link``: the signed token). Two queries."""
    registration = Registration.objects.select_related(
        "session__municipality", "licence__holder", "licence__premises"
    ).get(pk=registration.pk)
    session = registration.session
    participants = tuple(p.name for p in registration.participants.order_by("pk"))
    licence = registration.licence
    if licence is not None and licence.holder.org_number == registration.org_number:
        address = tuple(licence.holder.address_lines)
    else:
        address = (registration.contact_email,)
    place = session.place or session.online_url
    if session.place and session.online_url:
        place = f"{session.place} ({session.online_url})"
    with translation.override(language):
        return _checked(
            SeminarConfirmationContext,
            **_letter_context_values(
                municipality=session.municipality,
                recipient=Party(
                    name=registration.venue_name,
                    address_lines=address,
                    org_number=registration.org_number,
                ),
                our_reference=generated_reference("pamelding", registration.pk),
                officer=officer,
                letter_date=letter_date,
                your_reference=your_reference,
                language=language,
            ),
            participants=participants,
            session_title=session.title,
            starts_at=timezone.localtime(session.starts_at).replace(tzinfo=None),
            ends_at=timezone.localtime(session.ends_at).replace(tzinfo=None),
            place=place,
            private_link=private_link(registration),
            premises_name=registration.venue_name,
            licence_number=registration.licence_number or (licence.number if licence else ""),
        )


def context_for_attendance(
    attendance: Attendance,
    *,
    language: str,
    officer,
    letter_date: dt.date | None = None,
    your_reference: str = "",
) -> AttendanceCertificateContext:
    """Certificate of attendance, valid up to and including the day before the attendance
    date plus the policy's validity (four years by default, domain section 5). Two queries."""
    attendance = Attendance.objects.select_related("person__municipality").get(pk=attendance.pk)
    person = attendance.person
    municipality = person.municipality
    policy = policies_in_force([municipality.pk], attendance.attended_on)[municipality.pk]
    with translation.override(language):
        return _checked(
            AttendanceCertificateContext,
            **_letter_context_values(
                municipality=municipality,
                recipient=Party(
                    name=person.name, address_lines=tuple(a for a in (person.email,) if a)
                ),
                our_reference=generated_reference("kursbevis", attendance.pk),
                officer=officer,
                letter_date=letter_date,
                your_reference=your_reference,
                language=language,
            ),
            person_name=person.name,
            seminar_title=attendance.seminar_title,
            attended_on=attendance.attended_on,
            valid_until=attendance_valid_until(attendance.attended_on, policy.validity_years),
        )
