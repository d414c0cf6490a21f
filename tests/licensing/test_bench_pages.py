"""bench_pages prints a line per page with its query count and writes nothing."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories.licensing import LicenceFactory

pytestmark = pytest.mark.django_db


def test_bench_pages_times_every_page_and_rolls_back(muni1):
    for n in range(3):
        LicenceFactory(municipality=muni1, number=f"B-{n}")
    users = get_user_model().objects.count()
    out = io.StringIO()

    call_command("bench_pages", "--repeat", "1", stdout=out)

    text = out.getvalue()
    assert f"{muni1.name}: 3 licences; 1 timed requests per page" in text
    for label in (
        "dashboard",
        "licence list",
        "licence list, seminar overdue",
        "licence page",
        "API evaluations, page of 50",
    ):
        assert re.search(
            rf"^{re.escape(label)}\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+\d+\s+\d+", text, re.M
        )
    assert get_user_model().objects.count() == users


def test_bench_pages_needs_licences(db):
    with pytest.raises(CommandError, match="generate_synthetic"):
        call_command("bench_pages", stdout=io.StringIO())
