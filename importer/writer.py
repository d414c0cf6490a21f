"""Matching a valid register file with the database, and the bulk writes.

Every record of the file is matched on its natural key (register-import.md):

- municipality: org_number; holders: (municipality, org_number); licences:
  (municipality, number); persons: (municipality, name, date_of_birth) since refs are
  file-local; premises: the licence's premises;
- manager and deputy: the licence's current assignment (``ended_on`` empty) per role;
- attendances: (person, attended_on, seminar_title); point decisions: (licence,
  violation, violation_date, reference); suspensions: (licence, starts_on, reference).

A matched record is updated when a field the format carries differs (fields the format
does not carry, such as a holder's phone, are left alone), a new one is created, and
records the file does not name are not touched. Writes go through simple_history's
``bulk_create_with_history`` / ``bulk_update_with_history`` so every row gets its audit
entry. The same code computes a dry run: records that would be created get a placeholder
instead of a primary key, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from inspections.models import (
    PointDecision,
    PointDecisionStatus,
    Suspension,
    SuspensionStatus,
    ViolationType,
)
from licensing import bulk_writes
from licensing.models import (
    Holder,
    Licence,
    LicenceStatusChange,
    ManagerAssignment,
    Municipality,
    Person,
    Premises,
    Role,
)
from seminars.models import Attendance

from .parsing import Register

BATCH_SIZE = 2000
IMPORT_JUSTIFICATION = "Importert fra tidligere register"
ONE_DAY = dt.timedelta(days=1)

# The entities of the report, in the order they are written.
ENTITIES = (
    "municipality",
    "holders",
    "persons",
    "premises",
    "licences",
    "assignments",
    "seminar_attendances",
    "point_decisions",
    "suspensions",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportReport:
    dry_run: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {e: Counts() for e in ENTITIES})

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total.created += counts.created
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        return total

    @property
    def changed(self) -> bool:
        total = self.total
        return bool(total.created or total.updated)


class _Planned:
    """The primary key of a record a dry run would create: equal to nothing in the
    database, so whatever points to it counts as changed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<planned>"


def _fields(model: type[models.Model], names: Iterable[str]) -> list[str]:
    return [model._meta.get_field(name).attname for name in names]


class RegisterWriter:
    """Apply one valid ``Register``; ``progress(entity, records)`` is called after each
    entity is done."""

    def __init__(
        self,
        register: Register,
        *,
        dry_run: bool,
        change_reason: str,
        progress: Callable[[str, int], None] | None = None,
    ):
        self.register = register
        self.dry_run = dry_run
        self.change_reason = change_reason[:100]
        self.progress = progress or (lambda stage, n: None)
        self.report = ImportReport(dry_run=dry_run)
        self.now = timezone.now()
        self.new_municipality = False

    # --- the generic step: compare, then create/update in bulk ---------------------------

    def _sync(
        self,
        entity: str,
        model: type[models.Model],
        pairs: Iterable[tuple[models.Model | None, dict[str, Any]]],
        compare: list[str],
    ) -> list[models.Model]:
        """For each ``(existing or None, desired attname values)``: create, update or leave.

        Returns the instances in the order given (created ones with their new primary key,
        or a ``_Planned`` one in a dry run).
        """
        counts = self.report.counts[entity]
        result: list[models.Model] = []
        to_create: list[models.Model] = []
        to_update: list[models.Model] = []
        for existing, values in pairs:
            if existing is None:
                obj = model(**values)
                to_create.append(obj)
                result.append(obj)
                continue
            changed = False
            for name in compare:
                if getattr(existing, name) != values[name]:
                    setattr(existing, name, values[name])
                    changed = True
            if changed:
                to_update.append(existing)
            else:
                counts.unchanged += 1
            result.append(existing)
        counts.created += len(to_create)
        counts.updated += len(to_update)
        if self.dry_run:
            for obj in to_create:
                obj.pk = _Planned()
        else:
            # Updates first: a manager change ends the old assignment before the new one
            # starts (one current assignment per role is a constraint).
            if to_update:
                bulk_update_with_history(
                    to_update,
                    model,
                    compare,
                    batch_size=BATCH_SIZE,
                    default_change_reason=self.change_reason,
                    default_date=self.now,
                )
            if to_create:
                created = bulk_create_with_history(
                    to_create,
                    model,
                    batch_size=BATCH_SIZE,
                    default_change_reason=self.change_reason,
                    default_date=self.now,
                )
                if any(obj.pk is None for obj in created):  # pragma: no cover - old backends
                    raise RuntimeError(f"the database returned no primary keys for {entity}")
        return result

    def _done(self, *entities: str) -> None:
        for entity in entities:
            counts = self.report.counts[entity]
            self.progress(entity, counts.created + counts.updated + counts.unchanged)

    def _existing(self, queryset: Callable[[], models.QuerySet]) -> Iterable[Any]:
        """The municipality's records, from ``queryset()``; none when the municipality is
        new (in a dry run it has no primary key to filter on)."""
        if self.new_municipality:
            return ()
        return queryset()

    # --- the steps, in dependency order ---------------------------------------------------

    def run(self) -> ImportReport:
        with transaction.atomic():
            municipality = self._municipality()
            self._done("municipality")
            holder_ids = self._holders(municipality)
            self._done("holders")
            person_ids = self._persons(municipality)
            self._done("persons")
            licences = self._licences(municipality, holder_ids)
            self._done("premises", "licences")
            self._assignments(municipality, licences, person_ids)
            self._done("assignments")
            self._attendances(municipality, person_ids)
            self._done("seminar_attendances")
            self._point_decisions(municipality, licences)
            self._done("point_decisions")
            self._suspensions(municipality, licences)
            self._done("suspensions")
            if not self.dry_run:
                bulk_writes.announce()  # bulk writes send no model signals
            if self.dry_run:
                transaction.set_rollback(True)  # nothing was written; belt and braces
        return self.report

    def _municipality(self) -> Municipality:
        row = self.register.municipality
        existing = Municipality.objects.filter(org_number=row["org_number"]).first()
        self.new_municipality = existing is None
        values = {"org_number": row["org_number"], "name": row["name"]}
        (municipality,) = self._sync("municipality", Municipality, [(existing, values)], ["name"])
        return municipality

    def _holders(self, municipality: Municipality) -> dict[str, Any]:
        existing = {
            h.org_number: h
            for h in self._existing(lambda: Holder.objects.filter(municipality_id=municipality.pk))
        }
        compare = ["name", "address_line", "postal_code", "postal_place", "email"]
        pairs = []
        for row in self.register.holders:
            line, code, place = row["address"]
            values = {
                "municipality_id": municipality.pk,
                "org_number": row["org_number"],
                "name": row["name"],
                "address_line": line,
                "postal_code": code,
                "postal_place": place,
                "email": row["email"],
            }
            pairs.append((existing.get(row["org_number"]), values))
        holders = self._sync("holders", Holder, pairs, compare)
        return {h.org_number: h.pk for h in holders}

    def _persons(self, municipality: Municipality) -> dict[str, Any]:
        """Persons by file ref -> primary key."""
        existing: dict[tuple[str, dt.date | None], Person] = {}
        for person in self._existing(
            lambda: Person.objects.filter(municipality_id=municipality.pk)
        ):
            # Validation refused names that match more than one person.
            existing.setdefault((person.name, person.date_of_birth), person)
        compare = ["email", "knowledge_test_passed_on"]
        pairs = []
        for row in self.register.persons:
            values = {
                "municipality_id": municipality.pk,
                "name": row["name"],
                "date_of_birth": row["date_of_birth"],
                "email": row["email"],
                "knowledge_test_passed_on": row["knowledge_test_passed_on"],
            }
            pairs.append((existing.get((row["name"], row["date_of_birth"])), values))
        persons = self._sync("persons", Person, pairs, compare)
        return {
            row["ref"]: person.pk
            for row, person in zip(self.register.persons, persons, strict=True)
        }

    def _licences(
        self, municipality: Municipality, holder_ids: dict[str, Any]
    ) -> dict[str, Licence]:
        existing = {
            licence.number: licence
            for licence in self._existing(
                lambda: Licence.objects.filter(municipality_id=municipality.pk)
            )
        }
        premises_by_id = {
            p.pk: p
            for p in self._existing(
                lambda: Premises.objects.filter(municipality_id=municipality.pk)
            )
        }

        # Premises: each licence's own premises, updated to the file's name and address; a
        # licence without premises gets new ones. Premises two licences share in the
        # database stay shared while the file gives both the same name and address, and
        # are split when it does not.
        claimed: dict[int, dict[str, Any]] = {}
        premises_ids: dict[str, Any] = {}  # licence number -> premises pk (shared ones)
        premises_pairs: list[tuple[Premises | None, dict[str, Any]]] = []
        premises_of: list[str] = []  # licence number of each pair
        for row in self.register.licences:
            if row["premises_name"] is None:
                continue
            line, code, place = row["premises_address"]
            values = {
                "municipality_id": municipality.pk,
                "name": row["premises_name"],
                "address_line": line,
                "postal_code": code,
                "postal_place": place,
            }
            licence = existing.get(row["number"])
            current = premises_by_id.get(licence.premises_id) if licence else None
            if current is not None and current.pk in claimed:
                if claimed[current.pk] == values:
                    premises_ids[row["number"]] = current.pk
                    continue
                current = None
            if current is not None:
                claimed[current.pk] = values
            premises_pairs.append((current, values))
            premises_of.append(row["number"])
        premises = self._sync(
            "premises",
            Premises,
            premises_pairs,
            ["name", "address_line", "postal_code", "postal_place"],
        )
        premises_ids.update((number, p.pk) for number, p in zip(premises_of, premises, strict=True))

        compare = _fields(
            Licence,
            [
                "holder",
                "premises",
                "kind",
                "group_1",
                "group_2",
                "group_3",
                "granted_on",
                "valid_from",
                "valid_to",
                "transferred_on",
                "status",
                "seminar_required",
            ],
        )
        pairs = []
        for row in self.register.licences:
            licence = existing.get(row["number"])
            # Without premises in the file a licence keeps the premises it has.
            premises_id = premises_ids.get(row["number"], licence and licence.premises_id)
            groups = row["alcohol_groups"]
            values = {
                "municipality_id": municipality.pk,
                "number": row["number"],
                "holder_id": holder_ids[row["holder_org_number"]],
                "premises_id": premises_id,
                "kind": row["kind"],
                "group_1": 1 in groups,
                "group_2": 2 in groups,
                "group_3": 3 in groups,
                "granted_on": row["granted_on"],
                "valid_from": row["valid_from"],
                "valid_to": row["valid_to"],
                "transferred_on": row["transferred_on"],
                "status": row["status"],
                "seminar_required": row["seminar_required"],
            }
            pairs.append((licence, values))
        old_status = {number: licence.status for number, licence in existing.items()}
        licences = self._sync("licences", Licence, pairs, compare)
        self._status_changes(licences, old_status)
        return {licence.number: licence for licence in licences}

    def _status_changes(self, licences: list[Licence], old_status: dict[str, str]) -> None:
        """A status the file changes is recorded as a status change, as the services do
        (the licence page's status history and the letters read it): in effect on the day
        of the import, with the import as the reason. New licences have no previous status."""
        changes = [
            LicenceStatusChange(
                licence_id=licence.pk,
                from_status=old_status[licence.number],
                to_status=licence.status,
                changed_on=timezone.localdate(self.now),
                reason=self.change_reason,
            )
            for licence in licences
            if licence.number in old_status and old_status[licence.number] != licence.status
        ]
        if changes and not self.dry_run:
            bulk_create_with_history(
                changes,
                LicenceStatusChange,
                batch_size=BATCH_SIZE,
                default_change_reason=self.change_reason,
                default_date=self.now,
            )

    def _assignments(
        self, municipality: Municipality, licences: dict[str, Licence], person_ids: dict[str, Any]
    ) -> None:
        """The manager and deputy the file names become the current ones from
        ``*_since`` (default: the grant date). A different current person's assignment ends
        the day before (as ``licensing.services`` does on a change); a role the file leaves
        empty is not touched."""
        current = {
            (assignment.licence_id, assignment.role): assignment
            for assignment in self._existing(
                lambda: ManagerAssignment.objects.filter(
                    licence__municipality_id=municipality.pk, ended_on__isnull=True
                )
            )
        }
        ending: list[tuple[ManagerAssignment, dict[str, Any]]] = []
        starting: list[tuple[ManagerAssignment | None, dict[str, Any]]] = []
        for row in self.register.licences:
            licence = licences[row["number"]]
            for role in (Role.MANAGER, Role.DEPUTY):
                ref = row[f"{role}_ref"]
                if ref is None:
                    continue
                started_on = row[f"{role}_since"] or row["granted_on"]
                values = {
                    "licence_id": licence.pk,
                    "person_id": person_ids[ref],
                    "role": role.value,
                    "started_on": started_on,
                    "ended_on": None,
                }
                assignment = current.get((licence.pk, role.value))
                if assignment is not None and assignment.person_id != values["person_id"]:
                    ended_on = max(started_on - ONE_DAY, assignment.started_on)
                    ending.append((assignment, {"ended_on": ended_on}))
                    assignment = None
                starting.append((assignment, values))
        # Ending first: one current assignment per role is a constraint.
        self._sync("assignments", ManagerAssignment, ending, ["ended_on"])
        self._sync("assignments", ManagerAssignment, starting, ["started_on"])

    def _attendances(self, municipality: Municipality, person_ids: dict[str, Any]) -> None:
        existing = set(
            self._existing(
                lambda: Attendance.objects.filter(
                    person__municipality_id=municipality.pk
                ).values_list("person_id", "attended_on", "seminar_title")
            )
        )
        counts = self.report.counts["seminar_attendances"]
        pairs = []
        for row in self.register.seminar_attendances:
            key = (person_ids[row["person_ref"]], row["attended_on"], row["seminar_title"])
            if key in existing:
                counts.unchanged += 1  # every field is part of the key
                continue
            pairs.append(
                (None, {"person_id": key[0], "attended_on": key[1], "seminar_title": key[2]})
            )
        self._sync("seminar_attendances", Attendance, pairs, [])

    def _point_decisions(self, municipality: Municipality, licences: dict[str, Licence]) -> None:
        catalogue = {
            code: (pk, standard_points)
            for code, pk, standard_points in ViolationType.objects.values_list(
                "code", "pk", "standard_points"
            )
        }
        existing: dict[tuple, PointDecision] = {}
        for decision in self._existing(
            lambda: PointDecision.objects.filter(licence__municipality_id=municipality.pk).order_by(
                "pk"
            )
        ):
            key = (
                decision.licence_id,
                decision.violation_id,
                decision.violation_on,
                decision.reference,
            )
            existing.setdefault(key, decision)
        compare = ["standard_points", "points", "justification", "status", "decided_on"]
        pairs = []
        for row in self.register.point_decisions:
            licence_id = licences[row["licence_number"]].pk
            violation_id, standard_points = catalogue[row["violation"]]
            match = existing.get(
                (licence_id, violation_id, row["violation_date"], row["reference"])
            )
            # § 10-4: a deviation needs a written justification; keep one already written.
            justification = match.justification if match is not None else ""
            if row["points"] != standard_points and not justification:
                justification = IMPORT_JUSTIFICATION
            pairs.append(
                (
                    match,
                    {
                        "licence_id": licence_id,
                        "violation_id": violation_id,
                        "violation_on": row["violation_date"],
                        "reference": row["reference"],
                        "standard_points": standard_points,
                        "points": row["points"],
                        "justification": justification,
                        "status": PointDecisionStatus.DECIDED.value,
                        "decided_on": row["decided_on"],
                    },
                )
            )
        self._sync("point_decisions", PointDecision, pairs, compare)

    def _suspensions(self, municipality: Municipality, licences: dict[str, Licence]) -> None:
        existing: dict[tuple, Suspension] = {}
        for suspension in self._existing(
            lambda: Suspension.objects.filter(licence__municipality_id=municipality.pk).order_by(
                "pk"
            )
        ):
            key = (suspension.licence_id, suspension.starts_on, suspension.reference)
            existing.setdefault(key, suspension)
        compare = ["ends_on", "decided_on", "days", "status"]
        pairs = []
        for row in self.register.suspensions:
            licence_id = licences[row["licence_number"]].pk
            pairs.append(
                (
                    existing.get((licence_id, row["starts_on"], row["reference"])),
                    {
                        "licence_id": licence_id,
                        "starts_on": row["starts_on"],
                        "reference": row["reference"],
                        "ends_on": row["ends_on"],
                        "decided_on": row["decided_on"],
                        "days": (row["ends_on"] - row["starts_on"]).days + 1,
                        "status": SuspensionStatus.DECIDED.value,
                    },
                )
            )
        self._sync("suspensions", Suspension, pairs, compare)
