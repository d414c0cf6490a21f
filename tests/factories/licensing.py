"""Factories for the licensing register. Valid by default; override what a test is about."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from licensing import models
from licensing.validators import ORG_NUMBER_WEIGHTS


def make_org_number(n: int) -> str:
    """A valid organisation number derived from n (skips numbers whose check digit is 10)."""
    base = 910_000_000 // 10 + n  # 8 leading digits
    while True:
        digits = f"{base:08d}"[-8:]
        total = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return digits + str(check)
        base += 1


class OrgNumberSequence(factory.Sequence):
    def __init__(self):
        super().__init__(lambda n: make_org_number(n * 3 + 17))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("test-password-123")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    org_number = OrgNumberSequence()
    address_line = "Rådhusgata 1"
    postal_code = "8001"
    postal_place = "Bodø"
    email = "postmottak@kommune.example"
    appeal_body = "Statsforvalteren i Nordland"


class HolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Holder

    municipality = factory.SubFactory(MunicipalityFactory)
    org_number = OrgNumberSequence()
    name = factory.Sequence(lambda n: f"Restaurant {n} AS")
    address_line = "Storgata 1"
    postal_code = "8006"
    postal_place = "Bodø"
    email = factory.Sequence(lambda n: f"post{n}@restaurant.example")


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Premises

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Spisested {n}")
    address_line = "Storgata 1"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kari Nordmann {n}")
    date_of_birth = dt.date(1985, 4, 12)
    email = factory.Sequence(lambda n: f"person{n}@example.no")
    knowledge_test_passed_on = dt.date(2015, 5, 2)


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Licence

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: f"2024-{n:04d}")
    holder = factory.SubFactory(HolderFactory, municipality=factory.SelfAttribute("..municipality"))
    premises = factory.SubFactory(
        PremisesFactory, municipality=factory.SelfAttribute("..municipality")
    )
    kind = "serving"
    group_1 = True
    group_2 = True
    group_3 = False
    group12_from = dt.time(8, 0)
    group12_until = dt.time(1, 0)
    granted_on = dt.date(2024, 9, 15)
    valid_from = dt.date(2024, 10, 1)
    valid_to = dt.date(2028, 9, 30)
    status = "active"


class ManagerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ManagerAssignment

    licence = factory.SubFactory(LicenceFactory)
    person = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..licence.municipality")
    )
    role = "manager"
    started_on = factory.SelfAttribute("licence.granted_on")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Application

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "new"
    received_on = dt.date(2026, 10, 1)
    holder = factory.SubFactory(HolderFactory, municipality=factory.SelfAttribute("..municipality"))
    licence_kind = "serving"
    reference = factory.Sequence(lambda n: f"26/{n + 100}")


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Hearing

    application = factory.SubFactory(ApplicationFactory)
    body = "police"
    sent_on = dt.date(2026, 10, 5)
    deadline_on = dt.date(2026, 11, 2)
