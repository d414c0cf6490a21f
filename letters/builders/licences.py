"""Contexts for decisions on applications: licence granted (or manager approved) and
application refused (``letters.kinds.licences``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import pgettext

from fees.rules import PER_OCCASION_KINDS
from fees.selectors import rates_for
from licensing.models import (
    Application,
    ApplicationKind,
    Decision,
    DecisionOutcome,
    Licence,
    LicenceKind,
    ManagerAssignment,
    Municipality,
    Role,
)
from licensing.rules.dates import add_months
from licensing.rules.seminar import AttendanceFact, RequiredPersonFact, seminar_compliance
from licensing.services.applications import default_legal_basis
from seminars.models import Attendance
from seminars.selectors import policies_in_force

from ..context import (
    ApplicationRefusedContext,
    GroupHours,
    HearingStatement,
    LicenceGrantedContext,
    SeminarPerson,
)
from ..formatting import format_date
from .common import (
    SALES_OPEN,
    _checked,
    _letter_context_values,
    appeal_info,
    case_reference,
    decision_maker,
    decision_officer,
    holder_party,
    letter_licence_kind,
    premises_address,
)

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
        "application__case",
        "application__holder",
        "application__premises",
        "application__proposed_manager",
        "application__proposed_deputy",
        "licence__holder",
        "licence__premises",
        "decided_by",
        "case_officer",
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
    deputy, the seminar deadline) or application refused (with the applicant's chance to
    comment on the hearing statements). The case officer is the one recorded on the
    decision, else ``officer``. At most five queries."""
    decision = _decision_queryset().get(pk=decision.pk)
    application: Application | None = decision.application
    municipality = decision.municipality
    hearings = list(application.hearings.order_by("sent_on", "pk")) if application else []
    with translation.override(language):
        holder = application.holder if application else decision.licence.holder
        common = _letter_context_values(
            municipality=municipality,
            recipient=holder_party(holder),
            our_reference=case_reference(
                application.case if application else None,
                decision.reference or (application.reference if application else ""),
            ),
            officer=decision_officer(decision, officer),
            letter_date=letter_date,
            your_reference=your_reference,
            language=language,
        )
        common["made"] = decision_maker(decision, decision.decided_on)
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
    seminar_persons: tuple[SeminarPerson, ...] = ()
    if licence.seminar_required:
        policy = policies_in_force([municipality.pk], decision.decided_on)[municipality.pk]
        if licence.kind in policy.kinds:
            seminar_persons = _seminar_persons(licence, managers, policy, decision.decided_on)
            deadlines = [p.deadline for p in seminar_persons if p.deadline]
            seminar_deadline = (
                min(deadlines)
                if deadlines
                else (
                    None
                    if seminar_persons
                    else add_months(decision.decided_on, policy.deadline_months)
                )
            )
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
        seminar_persons=seminar_persons,
        fee_per_occasion=_fee_per_occasion(licence, decision.decided_on),
        hearing_bodies=hearing_bodies,
        assessment=decision.reasons,
        manager_change=decision.kind == ApplicationKind.MANAGER_CHANGE,
        legal_references=_own_legal_basis(decision),
    )


def _fee_per_occasion(licence, decided_on: dt.date) -> str | None:
    """The fee per occasion of a single-occasion or catering licence, from the fee rates of
    the decision's year (alkoholforskriften ch. 6; the fees app keeps the rates)."""
    if licence.kind not in PER_OCCASION_KINDS:
        return None
    rates = rates_for([decided_on.year]).get(decided_on.year)
    amount = rates.per_occasion.get(licence.kind) if rates else None
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return f"{int(amount):,}".replace(",", "\u00a0")
    return str(amount)


def _seminar_persons(licence, managers: dict, policy, decided_on: dt.date):
    """The seminar condition per person (manager, deputy) the decision names, computed by
    ``licensing.rules.seminar.seminar_compliance`` as the compliance engine computes it:
    each person's deadline runs from their role start. Evaluated on the later of the
    decision date and the role start, so a person appointed from a later date is counted.
    One query (the attendances)."""
    chosen = [a for a in managers.values() if a.role in policy.required_roles]
    if not chosen:
        return ()
    on = max([decided_on, *(a.started_on for a in chosen)])
    facts = [RequiredPersonFact(a.person_id, a.person.name, a.role, a.started_on) for a in chosen]
    attendances = [
        AttendanceFact(person_id, attended_on)
        for person_id, attended_on in Attendance.objects.filter(
            person_id__in=[a.person_id for a in chosen], attended_on__lte=on
        ).values_list("person_id", "attended_on")
    ]
    result = seminar_compliance(
        kind=licence.kind,
        seminar_required=licence.seminar_required,
        granted_on=licence.granted_on,
        persons=facts,
        attendances=attendances,
        on=on,
        policy=policy,
    )
    deadlines = {person.person_id: person.deadline for person in result.missing}
    order = {"manager": 0, "deputy": 1}
    return tuple(
        SeminarPerson(role=a.role, name=a.person.name, deadline=deadlines.get(a.person_id))
        for a in sorted(chosen, key=lambda a: order.get(a.role, 9))
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
    # described; what each hearing body said, and the applicant's chance to comment on
    # it (fvl. § 17 second paragraph), come as ``statements``.
    facts = [application.description.strip()] if application else []
    facts_text = "\n\n".join(part for part in facts if part) or pgettext(
        "letter",
        "We have considered the application and the documents of the case.",
    )
    requests = {r.hearing_id: r for r in application.comment_requests.all()} if application else {}
    statements = []
    for hearing in hearings:
        if not hearing.gist.strip():
            continue
        request = requests.get(hearing.pk)
        statements.append(
            HearingStatement(
                body=_hearing_label(hearing.body),
                replied_on=hearing.replied_on,
                gist=hearing.gist.strip(),
                sent_for_comment_on=request.sent_on if request else None,
                comment_deadline=request.deadline_on if request else None,
                comment_received_on=request.received_on if request else None,
                comment=request.gist.strip() if request else "",
            )
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
        statements=tuple(statements),
        comment_skipped_reason=application.comment_step_skipped_reason.strip()
        if application
        else "",
    )


def _person_name(person) -> str | None:
    return person.name if person is not None else None
