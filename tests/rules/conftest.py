"""The rules are pure functions: these tests need no database and no Django test client.

They run under pytest-django (settings from pyproject) or without it; without settings,
Django is configured with translation off so that ``gettext`` returns the English text.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the project's default language."""
    with translation.override("en"):
        yield
