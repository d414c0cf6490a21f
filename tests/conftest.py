"""Personas shared by every test (pattern: healthchecks' Alice, Bob and Charlie).

- officer: case officer of municipality 1 (``muni1``)
- officer2: case officer of municipality 2 (``muni2``)
- admin: administrator (superuser)
- company_a_user / company_b_user: control companies A (engaged by muni1) and B (muni2)
- anonymous: the plain ``client`` fixture
"""

import pytest
from django.conf import settings

from tests.factories.inspections import ControlCompanyFactory
from tests.factories.licensing import MunicipalityFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` are skipped on SQLite before their fixtures run (a
    transactional fixture that would only be flushed again is slow and can collide)."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def muni1(db):
    return MunicipalityFactory(name="Bodø kommune", org_number="972418013")


@pytest.fixture
def muni2(db):
    return MunicipalityFactory(name="Saltdal kommune", org_number="964983194")


@pytest.fixture
def officer(muni1):
    user = UserFactory(username="officer", first_name="Siri", last_name="Saksbehandler")
    muni1.officers.add(user)
    return user


@pytest.fixture
def officer2(muni2):
    user = UserFactory(username="officer2", first_name="Ola", last_name="Andrekommune")
    muni2.officers.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def company_a(muni1):
    company = ControlCompanyFactory(name="Kontroll A AS")
    company.municipalities.add(muni1)
    return company


@pytest.fixture
def company_b(muni2):
    company = ControlCompanyFactory(name="Kontroll B AS")
    company.municipalities.add(muni2)
    return company


@pytest.fixture
def company_a_user(company_a):
    user = UserFactory(username="company_a")
    company_a.users.add(user)
    return user


@pytest.fixture
def company_b_user(company_b):
    user = UserFactory(username="company_b")
    company_b.users.add(user)
    return user


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def officer2_client(client, officer2):
    client.force_login(officer2)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def company_a_client(client, company_a_user):
    client.force_login(company_a_user)
    return client
