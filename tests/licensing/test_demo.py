"""The licensing demo data: realistic coverage, valid records, and a second run changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style

from licensing import demo
from licensing.clock import today
from licensing.models import (
    Application,
    Decision,
    Hearing,
    Licence,
    LicenceKind,
    LicenceStatus,
    ManagerAssignment,
    Municipality,
    Person,
    validate_manager_qualifications,
)
from licensing.validators import org_number_is_valid


def row_counts() -> dict[str, int]:
    """Rows of every licensing model, their history tables included, and the users."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("licensing").get_models()
    }
    counts["users"] = get_user_model().objects.count()
    counts["officer links"] = Municipality.officers.through.objects.count()
    return counts


@pytest.fixture
def seeded(db):
    """Seeding takes seconds: the content checks share one run (``test_demo_content``)."""
    out = StringIO()
    demo.seed(out, no_style())
    return out.getvalue()


def test_running_twice_changes_nothing(seeded):
    first = row_counts()
    assert first["licensing.HistoricalLicence"] >= 60
    out = StringIO()
    demo.seed(out, no_style())
    assert row_counts() == first
    assert "nothing new" in out.getvalue()


def check_prints_the_logins(seeded):
    for username in ("bodo", "saltdal", "saksbehandler", "admin"):
        assert username in seeded
    assert "random passwords" in seeded


def check_accounts_and_their_municipalities(seeded):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    # Tests run with DEBUG off: random passwords, never the published one (ADR 0100).
    assert users["admin"].has_usable_password()
    assert not users["admin"].check_password("demo12345")
    officer_of = {
        name: sorted(users[name].officer_municipalities.values_list("name", flat=True))
        for name in ("bodo", "saltdal", "saksbehandler")
    }
    assert officer_of == {
        "bodo": ["Bodø kommune"],
        "saltdal": ["Saltdal kommune"],
        "saksbehandler": ["Bodø kommune", "Saltdal kommune"],
    }


def check_municipalities_have_letterhead_and_appeal_body(seeded):
    municipalities = {m.org_number: m for m in Municipality.objects.all()}
    assert set(municipalities) == {"972418013", "964983194"}
    # The appeal body in each municipality's written standard (Saltdal writes Nynorsk).
    assert municipalities["972418013"].appeal_body == "Statsforvalteren i Nordland"
    assert municipalities["964983194"].appeal_body == "Statsforvaltaren i Nordland"
    for municipality in municipalities.values():
        assert municipality.address_lines and municipality.email and municipality.phone
        municipality.full_clean()
    # One municipality writes Nynorsk: its letters, e-mails and seminar pages default to it.
    assert municipalities["964983194"].written_standard == "nn"
    assert municipalities["972418013"].written_standard == "nb"


def check_register_covers_every_kind_and_status(seeded):
    licences = Licence.objects.all()
    assert 55 <= licences.count() <= 70
    assert set(licences.values_list("kind", flat=True)) == set(LicenceKind.values)
    assert set(licences.values_list("status", flat=True)) == set(LicenceStatus.values)
    on = today()
    expiring = licences.filter(
        status__in=["active", "suspended"],
        valid_to__gte=on,
        valid_to__lte=on + dt.timedelta(days=90),
    )
    assert expiring.count() >= 3
    assert licences.filter(seminar_required=True).count() >= 5
    assert ManagerAssignment.objects.filter(ended_on__isnull=False).count() >= 3
    for number in ("972418013", "964983194"):
        assert Licence.objects.filter(municipality__org_number=number).count() >= 15


def check_every_record_is_valid(seeded):
    for model in apps.get_app_config("licensing").get_models():
        if model._meta.label.startswith("licensing.Historical"):
            continue
        for obj in model._default_manager.all():
            obj.full_clean()
    holders = apps.get_model("licensing", "Holder").objects.all()
    assert 35 <= holders.count() <= 45
    assert all(org_number_is_valid(h.org_number) for h in holders)


def check_licences_needing_a_manager_have_a_qualified_one(seeded):
    for licence in Licence.objects.filter(kind__in=["sales", "serving", "serving_part_year"]):
        manager = licence.assignments.get(role="manager", ended_on__isnull=True)
        checked_on = max(licence.granted_on, manager.started_on)
        assert validate_manager_qualifications(manager.person, checked_on) == [], licence.number


def check_some_persons_cannot_be_managers_to_show_the_validation(seeded):
    on = today()
    under_20 = [p for p in Person.objects.all() if p.age_on(on) is not None and p.age_on(on) < 20]
    untested = Person.objects.filter(knowledge_test_passed_on__isnull=True)
    assert len(under_20) >= 2 and untested.count() >= 2


def check_applications_in_every_status_with_hearings_and_decisions(seeded):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {"received", "hearing", "assessment", "decided", "withdrawn"}
    on = today()
    hearings = Hearing.objects.all()
    assert hearings.filter(replied_on__isnull=False).exists()
    assert hearings.filter(replied_on__isnull=True, deadline_on__gte=on).exists()  # on time
    assert hearings.filter(replied_on__isnull=True, deadline_on__lt=on).exists()  # late
    decided = Application.objects.filter(status="decided")
    assert Decision.objects.filter(application__in=decided).count() == decided.count()
    assert set(Decision.objects.values_list("outcome", flat=True)) == {"granted", "refused"}


def test_demo_content(seeded):
    check_prints_the_logins(seeded)
    check_accounts_and_their_municipalities(seeded)
    check_municipalities_have_letterhead_and_appeal_body(seeded)
    check_register_covers_every_kind_and_status(seeded)
    check_every_record_is_valid(seeded)
    check_licences_needing_a_manager_have_a_qualified_one(seeded)
    check_some_persons_cannot_be_managers_to_show_the_validation(seeded)
    check_applications_in_every_status_with_hearings_and_decisions(seeded)
