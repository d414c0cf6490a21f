"""Holders, premises and persons: create and update.

Every service runs in one transaction, validates with ``full_clean()`` (fields, ``clean()``
and the database constraints) plus the domain checks, records the actor in the audit
history and raises a ``DomainError`` (``InvalidData`` for field errors) when it refuses.
A record keeps its municipality: moving a record between licensing authorities is not
an edit (each municipality keeps its own register).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from licensing.models import (
    KINDS_WITH_MANAGER,
    Holder,
    LicenceStatus,
    ManagerAssignment,
    Municipality,
    Person,
    Premises,
    validate_manager_qualifications,
)
from licensing.validators import normalise_org_number

from .validation import InvalidData, full_clean_or_raise

Actor = AbstractBaseUser | None

HOLDER_FIELDS = frozenset(
    {
        "org_number",
        "name",
        "address_line",
        "postal_code",
        "postal_place",
        "email",
        "phone",
        "contact_name",
    }
)
PREMISES_FIELDS = frozenset({"name", "address_line", "postal_code", "postal_place", "description"})
PERSON_FIELDS = frozenset({"name", "date_of_birth", "email", "phone", "knowledge_test_passed_on"})


def apply_changes(obj: Model, changes: dict[str, Any], allowed: frozenset[str]) -> set[str]:
    """Set the allowed fields on ``obj``; return the names of those whose value changed.

    An unknown field name is a programming error (TypeError), not bad user input.
    """
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(
            f"{type(obj).__name__} cannot change {', '.join(sorted(unknown))} here; "
            f"editable: {', '.join(sorted(allowed))}"
        )
    changed = set()
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed


def _save(obj: Model, actor: Actor) -> None:
    obj._history_user = actor
    obj.save()


# Holders ---------------------------------------------------------------------------


def _clean_holder(holder: Holder) -> None:
    """``full_clean()``, with an organisation number that is already registered in the
    municipality refused on the organisation number, naming the holder that has it."""
    errors: dict[str, list[str]] = {}
    taken = (
        Holder.objects.filter(municipality=holder.municipality, org_number=holder.org_number)
        .exclude(pk=holder.pk)
        .first()
    )
    if taken is not None:
        errors["org_number"] = [
            _(
                "Organisation number %(org_number)s is already registered in %(municipality)s, "
                "for %(name)s."
            )
            % {
                "org_number": holder.org_number,
                "municipality": holder.municipality,
                "name": taken.name,
            }
        ]
    try:
        full_clean_or_raise(holder, exclude=list(errors))
    except InvalidData as exc:
        for field, messages in exc.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidData(errors)


@transaction.atomic
def holder_create(
    *,
    municipality: Municipality,
    org_number: str,
    name: str,
    address_line: str = "",
    postal_code: str = "",
    postal_place: str = "",
    email: str = "",
    phone: str = "",
    contact_name: str = "",
    actor: Actor,
) -> Holder:
    holder = Holder(
        municipality=municipality,
        org_number=normalise_org_number(org_number),
        name=name.strip(),
        address_line=address_line,
        postal_code=postal_code,
        postal_place=postal_place,
        email=email,
        phone=phone,
        contact_name=contact_name,
    )
    _clean_holder(holder)
    _save(holder, actor)
    return holder


@transaction.atomic
def holder_update(*, holder: Holder, actor: Actor, **changes: Any) -> Holder:
    """Change the holder's own data (``HOLDER_FIELDS``). Saves only when something changed."""
    if "org_number" in changes:
        changes["org_number"] = normalise_org_number(changes["org_number"])
    if apply_changes(holder, changes, HOLDER_FIELDS):
        _clean_holder(holder)
        _save(holder, actor)
    return holder


# Premises --------------------------------------------------------------------------


@transaction.atomic
def premises_create(
    *,
    municipality: Municipality,
    name: str,
    address_line: str = "",
    postal_code: str = "",
    postal_place: str = "",
    description: str = "",
    actor: Actor,
) -> Premises:
    premises = Premises(
        municipality=municipality,
        name=name.strip(),
        address_line=address_line,
        postal_code=postal_code,
        postal_place=postal_place,
        description=description,
    )
    full_clean_or_raise(premises)
    _save(premises, actor)
    return premises


@transaction.atomic
def premises_update(*, premises: Premises, actor: Actor, **changes: Any) -> Premises:
    if apply_changes(premises, changes, PREMISES_FIELDS):
        full_clean_or_raise(premises)
        _save(premises, actor)
    return premises


# Persons ---------------------------------------------------------------------------


def _validate_person_dates(person: Person) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if (
        person.date_of_birth
        and person.knowledge_test_passed_on
        and person.knowledge_test_passed_on < person.date_of_birth
    ):
        errors["knowledge_test_passed_on"] = [
            _("The knowledge test cannot be passed before the date of birth.")
        ]
    return errors


@transaction.atomic
def person_create(
    *,
    municipality: Municipality,
    name: str,
    date_of_birth=None,
    email: str = "",
    phone: str = "",
    knowledge_test_passed_on=None,
    actor: Actor,
) -> Person:
    """Register a person. Qualifications are checked when they take a role, not here:
    the register also holds people who are not (yet) qualified."""
    person = Person(
        municipality=municipality,
        name=name.strip(),
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        knowledge_test_passed_on=knowledge_test_passed_on,
    )
    _clean_person(person)
    _save(person, actor)
    return person


@transaction.atomic
def person_update(*, person: Person, actor: Actor, **changes: Any) -> Person:
    """Change a person's data. A change that would leave them unqualified for a role they
    hold now (age 20 and the knowledge test on the later of the licence's grant date and
    the day they took the role, alkoholloven § 1-7c) is refused."""
    changed = apply_changes(person, changes, PERSON_FIELDS)
    if not changed:
        return person
    _clean_person(person)
    if changed & {"date_of_birth", "knowledge_test_passed_on"}:
        current_roles = ManagerAssignment.objects.filter(
            person=person,
            ended_on__isnull=True,
            licence__kind__in=KINDS_WITH_MANAGER,
            licence__status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED),
        ).select_related("licence")
        problems = []
        for assignment in current_roles:
            checked_on = max(assignment.licence.granted_on, assignment.started_on)
            for problem in validate_manager_qualifications(person, checked_on):
                problems.append(
                    _("Licence %(number)s (%(role)s): %(problem)s")
                    % {
                        "number": assignment.licence.number,
                        "role": assignment.get_role_display().lower(),
                        "problem": problem,
                    }
                )
        if problems:
            field = "date_of_birth" if "date_of_birth" in changed else "knowledge_test_passed_on"
            raise InvalidData(
                {
                    field: [
                        _("This change would leave %(name)s unqualified for a role they hold now.")
                        % {"name": person.name},
                        *problems,
                    ]
                }
            )
    _save(person, actor)
    return person


def _clean_person(person: Person) -> None:
    errors = _validate_person_dates(person)
    try:
        full_clean_or_raise(person)
    except InvalidData as exc:
        for field, messages in exc.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidData(errors)
