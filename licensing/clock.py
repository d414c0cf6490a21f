"""The one place that asks for today's date (Europe/Oslo), so rules never read the clock."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
