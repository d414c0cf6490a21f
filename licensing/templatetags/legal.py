"""``{{ reference|cite }}``: a legal reference written in the page's language (the Nynorsk
names of the Acts on a Nynorsk page; see ``licensing.rules.references.cite``);
``{{ amount|kroner }}``: an amount of money grouped by thousands."""

from django import template

from licensing.formatting import kroner as _kroner
from licensing.rules.references import cite as _cite

register = template.Library()


@register.filter
def cite(value) -> str:
    return _cite(str(value))


@register.filter
def kroner(value) -> str:
    """``{{ amount|kroner }}``: 11 329 / 1 234,50 (grouped in the page's language); also
    used for litres, which the letters group the same way."""
    return _kroner(value)
