"""Shared parts of the fees commands: the municipality, the day, the acting user and the
progress bar (tqdm on stderr)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from tqdm import tqdm

from licensing.access import is_case_officer, officer_municipality_ids
from licensing.clock import today
from licensing.models import Municipality


class ProgressFile:
    """tqdm writes partial lines ("\\r 42%"); Django's OutputWrapper would end each one."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


def progress(command, desc: str):
    """A wrapper showing a progress bar for an iterable (on the command's stderr)."""

    def wrap(items):
        items = list(items)
        return tqdm(items, desc=desc, unit="licence", file=ProgressFile(command.stderr))

    return wrap


def municipality(org: str) -> Municipality:
    found = Municipality.objects.filter(org_number=org).first()
    if found is None:
        raise CommandError(f"No municipality with organisation number {org}.")
    return found


def day(value: str | None) -> dt.date:
    if not value:
        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on {value!r} is not a date (YYYY-MM-DD).") from None


def officer(username: str | None, municipalities: list[Municipality]):
    """The case officer acting (recorded as sender), or None; must work for them all."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    if not is_case_officer(user):
        raise CommandError(f"{username!r} is not an active case officer.")
    allowed = set(officer_municipality_ids(user))
    for m in municipalities:
        if m.pk not in allowed:
            raise CommandError(f"{username!r} is not a case officer of {m.name}.")
    return user


def row_line(row) -> str:
    return f"  - {row.licence_number} {row.premises_name or row.holder_name}"
