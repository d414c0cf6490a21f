"""``{{ reference|cite }}``: a legal reference written in the page's language (the Nynorsk
names of the Acts on a Nynorsk page; see ``licensing.rules.references.cite``)."""

from django import template

from licensing.rules.references import cite as _cite

register = template.Library()


@register.filter
def cite(value) -> str:
    return _cite(str(value))
