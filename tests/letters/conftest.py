"""Letters need only translations, not the database or the project's settings.

When the suite runs with the project's settings (pytest-django with
DJANGO_SETTINGS_MODULE), letters is an installed app and Django finds its
catalogue itself. Run alone, this configures just enough of Django for gettext.

The issuing tests (records from the database) use ``frozen_today`` and ``bodo``.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import django
import pytest
from django.conf import settings

LOCALE_DIR = Path(__file__).resolve().parents[2] / "letters" / "locale"

if not settings.configured:
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="nb",
        LANGUAGES=[("nb", "Norsk bokmål"), ("en", "English")],
        LOCALE_PATHS=[LOCALE_DIR],
        INSTALLED_APPS=[],
    )
    django.setup()

OSLO = ZoneInfo("Europe/Oslo")
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def frozen_today():
    """Letters are dated the day they are issued: 22 November 2026 in Oslo."""
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 22, 12, 0, tzinfo=OSLO), tick=False):
        yield TODAY


@pytest.fixture
def bodo(muni1):
    """Municipality 1 with a full letterhead."""
    from .records import letterhead

    return letterhead(muni1)
