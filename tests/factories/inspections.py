"""Factories for control companies, inspections and point decisions."""

import datetime as dt

import factory
from django.utils import timezone

from inspections import models
from tests.factories.licensing import LicenceFactory, OrgNumberSequence


class ControlCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ControlCompany

    name = factory.Sequence(lambda n: f"Kontroll {n} AS")
    org_number = OrgNumberSequence()


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Inspector

    company = factory.SubFactory(ControlCompanyFactory)
    name = factory.Sequence(lambda n: f"Kontrollør {n}")
    knowledge_test_passed_on = dt.date(2020, 1, 15)


def violation(code: str) -> models.ViolationType:
    return models.ViolationType.objects.get(code=code)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Inspection

    licence = factory.SubFactory(LicenceFactory)
    company = factory.SubFactory(ControlCompanyFactory)
    started_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2026, 6, 13, 22, 0)))
    ended_at = factory.LazyAttribute(lambda o: o.started_at + dt.timedelta(minutes=45))
    mode = "open"


class PointDecisionFactory(factory.django.DjangoModelFactory):
    """A decided point decision for hours_violation (4 points) unless overridden."""

    class Meta:
        model = models.PointDecision

    licence = factory.SubFactory(LicenceFactory)
    violation = factory.LazyFunction(lambda: violation("hours_violation"))
    violation_on = dt.date(2026, 6, 13)
    standard_points = factory.LazyAttribute(lambda o: o.violation.standard_points)
    points = factory.LazyAttribute(lambda o: o.violation.standard_points)
    status = "decided"
    decided_on = factory.LazyAttribute(lambda o: o.violation_on + dt.timedelta(days=30))


class FindingFactory(factory.django.DjangoModelFactory):
    """A finding of hours_violation ten minutes into the inspection unless overridden."""

    class Meta:
        model = models.Finding

    inspection = factory.SubFactory(InspectionFactory)
    violation = factory.LazyFunction(lambda: violation("hours_violation"))
    observed_at = factory.LazyAttribute(
        lambda o: o.inspection.started_at + dt.timedelta(minutes=10)
    )
    description = "Skjenket etter kl. 01:00 til to gjester ved baren."


class SuspensionFactory(factory.django.DjangoModelFactory):
    """A decided one-week suspension for 12 points unless overridden."""

    class Meta:
        model = models.Suspension

    licence = factory.SubFactory(LicenceFactory)
    status = "decided"
    points = 12
    days = 7
    advance_notice_on = dt.date(2026, 8, 1)
    comment_deadline_on = dt.date(2026, 8, 22)
    decided_on = dt.date(2026, 9, 1)
    starts_on = dt.date(2026, 9, 14)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=o.days - 1))
    reference = factory.Sequence(lambda n: f"26/{n + 500}-9")
