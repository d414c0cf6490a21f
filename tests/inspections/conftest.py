"""Fixtures for the inspections tests: licences in both municipalities, a report with
findings, and a frozen clock (2026-11-22 in Oslo) for pages and services that read it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from tests.factories.inspections import (
    FindingFactory,
    InspectionFactory,
    InspectorFactory,
    violation,
)
from tests.factories.licensing import LicenceFactory

OSLO = ZoneInfo("Europe/Oslo")
TODAY = dt.date(2026, 11, 22)


def at(year, month, day, hour=22, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute), OSLO)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, 0, tzinfo=OSLO), tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); test_translations checks Bokmål."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def licence1(muni1):
    return LicenceFactory(municipality=muni1, number="2024-001")


@pytest.fixture
def licence2(muni2):
    return LicenceFactory(municipality=muni2, number="2024-901")


@pytest.fixture
def report(licence1, company_a):
    """An inspection on 2026-06-13 22:00 with two inspectors and three findings: hours
    twice (similar: count once) and serving an intoxicated person once."""
    inspection = InspectionFactory(
        licence=licence1,
        company=company_a,
        started_at=at(2026, 6, 13, 22, 0),
        person_in_charge="Kari Styrer",
        guests_count=80,
        staff_count=6,
    )
    inspection.inspectors.add(
        InspectorFactory(company=company_a, name="Ola Kontrollør"),
        InspectorFactory(company=company_a, name="Eva Kontrollør", knowledge_test_passed_on=None),
    )
    FindingFactory(inspection=inspection, observed_at=at(2026, 6, 14, 1, 15))
    FindingFactory(
        inspection=inspection,
        observed_at=at(2026, 6, 14, 1, 40),
        description="Fortsatt skjenking kl. 01:40.",
    )
    FindingFactory(
        inspection=inspection,
        violation=violation("sale_to_intoxicated"),
        observed_at=at(2026, 6, 13, 23, 30),
        description="Gjest som sjanglet og snøvlet fikk servert en halvliter.",
    )
    return inspection


@pytest.fixture
def reviewed_report(report, officer):
    from inspections.services.review import inspection_start_review

    inspection_start_review(inspection=report, actor=officer)
    return report
