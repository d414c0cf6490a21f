"""Audit history (django-simple-history) as rows a page can show: who, when, what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    when: Any
    who: str
    action: str
    object_label: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _field(model, field_name: str):
    try:
        return model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a removed field still shows by name
        return None


def _label(model, field_name: str) -> str:
    model_field = _field(model, field_name)
    return str(model_field.verbose_name) if model_field is not None else field_name


def history_entries(*objects, limit: int = 100) -> list[HistoryEntry]:
    """History of one or more records, newest first, with field-level changes.

    Runs a fixed number of queries: one per object for the history rows (with users), and
    one per kind of related record a change points to (a changed "decided by" shows the
    person's name, not their id). The first object is the page's own record; the others
    (assignments, findings, …) are named in the "what" column by their ``str()``, so load
    them with what that needs.
    """
    action_names = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries: list[HistoryEntry] = []
    # Foreign-key changes wait for one lookup per related model: (entry, index, field, old, new).
    pending: list[tuple[HistoryEntry, int, Any, Any, Any]] = []
    for position, obj in enumerate(objects):
        label = str(type(obj)._meta.verbose_name)
        if position:
            label = f"{label} ({obj})"
        records = list(
            obj.history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
        )
        model = type(obj)
        for index, record in enumerate(records[:limit]):
            previous = records[index + 1] if index + 1 < len(records) else None
            user = record.history_user
            entry = HistoryEntry(
                when=record.history_date,
                who=_person(user) if user else _("system"),
                action=action_names.get(record.history_type, record.history_type),
                object_label=label,
            )
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                for change in delta.changes:
                    model_field = _field(model, change.field)
                    if model_field is not None and model_field.many_to_one:
                        pending.append(
                            (entry, len(entry.changes), model_field, change.old, change.new)
                        )
                    entry.changes.append(
                        (
                            _label(model, change.field),
                            _fmt(change.old, model_field),
                            _fmt(change.new, model_field),
                        )
                    )
            entries.append(entry)
    _name_related_records(pending)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _person(user) -> str:
    return user.get_full_name() or user.username


def _name_related_records(pending: list[tuple[HistoryEntry, int, Any, Any, Any]]) -> None:
    """Replace the ids of changed foreign keys by the records' names: one query per model."""
    ids: dict[Any, set] = {}
    for _entry, _index, model_field, old, new in pending:
        ids.setdefault(model_field.related_model, set()).update(
            value for value in (old, new) if value not in (None, "")
        )
    names: dict[tuple[Any, Any], str] = {}
    for related_model, pks in ids.items():
        for pk, record in related_model._default_manager.select_related().in_bulk(pks).items():
            is_user = hasattr(record, "get_full_name")
            names[(related_model, pk)] = _person(record) if is_user else str(record)
    for entry, index, model_field, old, new in pending:
        label = entry.changes[index][0]

        def name(value, model=model_field.related_model):
            if value in (None, ""):
                return "–"
            return names.get((model, value), f"#{value}")  # a deleted record keeps its id

        entry.changes[index] = (label, name(old), name(new))


def _fmt(value, model_field=None) -> str:
    """A value as people read it: choices by their label, booleans as yes/no."""
    choices = getattr(model_field, "flatchoices", None) if model_field is not None else None
    if choices and not isinstance(value, (list, tuple)):
        labels = dict(choices)
        if value in labels:
            return str(labels[value])
    if value is None or value == "":
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)
