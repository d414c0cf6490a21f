"""The licence list reads the page's keys, then the page's rows (docs/adr/0227): the same
licences, in the same order, with the same holder, premises and current persons as the
one query it replaces, for every ordering, filter and page."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory
from django.urls import reverse

from licensing import selectors
from licensing.clock import today
from licensing.filters import LicenceFilter
from licensing.listing import PER_PAGE
from licensing.views.register import _ordered
from tests.factories.licensing import LicenceFactory
from tests.seminars.test_compliance_hooks import make_licences

pytestmark = pytest.mark.django_db


def _row(licence):
    return (
        licence.pk,
        licence.number,
        licence.holder.name,
        licence.premises.name if licence.premises_id else None,
        licence.manager_name,
        licence.manager_started_on,
        licence.deputy_name,
        licence.deputy_started_on,
        licence.status,
    )


def _old_page(officer, muni1, query: dict) -> list[tuple]:
    """The page as one query computed it: the filtered, ordered rows, paginated."""
    request = RequestFactory().get("/", query)
    filterset = LicenceFilter(
        request.GET,
        queryset=selectors.licences_for_officer(officer),
        municipalities=[muni1],
        today=today(),
    )
    ordered = _ordered(filterset, (selectors.IN_FORCE_FIRST, "number"))
    page = Paginator(ordered, PER_PAGE).get_page(query.get("page"))
    return [_row(licence) for licence in page]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"page": "2"},
        {"ordering": "-number"},
        {"ordering": "holder", "page": "2"},
        {"ordering": "-valid_to"},
        {"ordering": "status"},
        {"seminar": "overdue"},
        {"seminar": "due"},
        {"status": "active", "ordering": "-holder"},
    ],
)
def test_the_page_is_that_of_the_one_query(officer_client, officer, muni1, query):
    make_licences(muni1, 40, prefix="A")
    for i in range(35):
        LicenceFactory(
            municipality=muni1,
            number=f"B-{i:03d}",
            status=["active", "suspended", "ceased", "expired"][i % 4],
            holder__name=f"Holder {i % 7}",
        )
    response = officer_client.get(reverse("licensing:licence_list"), query)
    assert response.status_code == 200
    got = [_row(licence) for licence in response.context["page_obj"]]
    assert got == _old_page(officer, muni1, query)
    assert got or query.get("seminar")
