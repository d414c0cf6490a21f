"""``{% letters_panel record %}`` and ``{% licence_letters licence %}`` for other areas' pages.

Usage, one line in any case-officer template::

    {% load letters %}{% letters_panel decision %}
    {% load letters %}{% licence_letters licence hl=3 points=points %}
"""

from django import template

from ..selectors import letter_items, licence_letter_rows

register = template.Library()


@register.inclusion_tag("letters/includes/letters_panel.html", takes_context=True)
def letters_panel(context, record, hl: int = 3):
    """Preview buttons per language, the issue form and the issued versions of every
    letter ``record`` can have now (a decision, point decision, suspension, seminar
    registration or attendance). At most three queries."""
    request = context["request"]
    return {
        "items": letter_items(record),
        "hl": hl,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("letters/includes/licence_letters.html")
def licence_letters(licence, hl: int = 3, points=None):
    """The advance notices and decisions on a licence's points and suspensions, with the
    versions issued and a link to each letter's page. ``points``: the page's
    ``inspections.points.LicencePoints``, whose rows are reused (one query instead of
    three)."""
    if points is not None:
        rows = licence_letter_rows(
            licence,
            point_decisions=[entry.decision for entry in points.entries],
            suspensions=points.suspensions,
        )
    else:
        rows = licence_letter_rows(licence)
    return {"rows": rows, "hl": hl, "licence": licence}
