"""Factories for seminar sessions, registrations, participants, attendance and policies."""

import datetime as dt

import factory
from django.utils import timezone

from seminars import models
from tests.factories.licensing import MunicipalityFactory, OrgNumberSequence, PersonFactory


def oslo(year, month, day, hour=0, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


class SeminarSessionFactory(factory.django.DjangoModelFactory):
    """A session on 10 December 2026, 09:00-12:00 Oslo time, deadline 3 December."""

    class Meta:
        model = models.SeminarSession
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Ansvarlig vertskap"
    starts_at = factory.LazyFunction(lambda: oslo(2026, 12, 10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - dt.timedelta(days=7))
    place = "Rådhuset, bystyresalen"
    capacity = 30

    @factory.post_generation
    def open_to(self, create, extracted, **kwargs):
        if create and extracted:
            self.open_to.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Registration

    session = factory.SubFactory(SeminarSessionFactory)
    org_number = OrgNumberSequence()
    venue_name = factory.Sequence(lambda n: f"Kafé {n}")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@kafe.example")
    consent_at = factory.LazyFunction(timezone.now)
    status = "confirmed"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participant

    registration = factory.SubFactory(RegistrationFactory)
    name = factory.Sequence(lambda n: f"Deltaker {n}")
    role = "manager"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    person = factory.SubFactory(PersonFactory)
    attended_on = dt.date(2025, 11, 20)


class SeminarPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SeminarPolicy

    municipality = factory.SubFactory(MunicipalityFactory)
    valid_from = dt.date(2020, 1, 1)
