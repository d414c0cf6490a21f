"""The current manager and deputy of a licence come from one selector
(``licensing.selectors``): the register pages and the API name the same persons, also
when two assignments in a role started the same day."""

import datetime as dt

import pytest
from django.urls import reverse

from licensing.models import ManagerAssignment
from licensing.selectors import current_persons
from tests.factories.licensing import LicenceFactory, ManagerAssignmentFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

SAME_DAY = dt.date(2026, 3, 2)


@pytest.fixture
def licence(muni1):
    """Anne stood in as manager for one day; Bjørn took over the same day and stays."""
    licence = LicenceFactory(municipality=muni1, number="2026-042", granted_on=SAME_DAY)
    ManagerAssignmentFactory(
        licence=licence, person__name="Anne Vikar", started_on=SAME_DAY, ended_on=SAME_DAY
    )
    ManagerAssignmentFactory(licence=licence, person__name="Bjørn Fast", started_on=SAME_DAY)
    ManagerAssignmentFactory(
        licence=licence, role="deputy", person__name="Dina Vikar", started_on=SAME_DAY,
        ended_on=SAME_DAY,
    )  # fmt: skip
    ManagerAssignmentFactory(
        licence=licence, role="deputy", person__name="Dag Fast", started_on=SAME_DAY
    )
    return licence


def test_register_pages_and_api_name_the_same_manager_and_deputy(licence, officer, officer_client):
    api = client_for(officer).get(f"/api/v1/licences/{licence.pk}/").json()
    assert (api["manager"]["name"], api["deputy"]["name"]) == ("Bjørn Fast", "Dag Fast")
    assert api["manager"]["started_on"] == SAME_DAY.isoformat()

    detail = officer_client.get(reverse("licensing:licence_detail", args=[licence.pk]))
    assert (detail.context["current_manager"].person.name,
            detail.context["current_deputy"].person.name) == ("Bjørn Fast", "Dag Fast")  # fmt: skip
    assign = officer_client.get(reverse("licensing:licence_assign", args=[licence.pk]))
    assert (assign.context["current_manager"].person.name,
            assign.context["current_deputy"].person.name) == ("Bjørn Fast", "Dag Fast")  # fmt: skip
    rows = officer_client.get(reverse("licensing:licence_list")).context["page_obj"]
    listed = next(row for row in rows if row.pk == licence.pk)
    assert (listed.manager_name, listed.deputy_name) == ("Bjørn Fast", "Dag Fast")


def test_of_two_open_assignments_the_latest_started_then_created_is_current():
    # The database allows one open assignment per role; the rule still decides alike.
    older, newer = (
        ManagerAssignment(pk=7, role="manager", started_on=SAME_DAY),
        ManagerAssignment(pk=9, role="manager", started_on=SAME_DAY),
    )
    earlier = ManagerAssignment(pk=11, role="manager", started_on=SAME_DAY - dt.timedelta(days=1))
    assert current_persons([newer, older, earlier])["manager"] is newer
    assert current_persons([earlier, older, newer])["manager"] is newer
