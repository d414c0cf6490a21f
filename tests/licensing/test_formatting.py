"""Amounts of money on the pages are grouped by thousands in the page's language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from licensing.formatting import kroner


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nb", Decimal("11329"), "11\xa0329"),
        ("nb", Decimal("11329.00"), "11\xa0329"),
        ("nb", Decimal("1234.5"), "1\xa0234,50"),
        ("nn", Decimal("-2500"), "-2\xa0500"),
        ("en", Decimal("11329"), "11,329"),
        ("en", Decimal("1234.5"), "1,234.50"),
        ("nb", Decimal("950"), "950"),
        ("nb", None, "–"),
        ("nb", "12000.00", "12\xa0000"),
        ("nb", "not a number", "not a number"),
    ],
)
def test_kroner_groups_thousands_in_the_page_language(language, value, expected):
    with translation.override(language):
        assert kroner(value) == expected


def test_the_template_filter_is_the_same_function():
    template = Template("{% load legal %}{{ amount|kroner }} kr")
    with translation.override("nb"):
        assert template.render(Context({"amount": Decimal("6600")})) == "6\xa0600 kr"
