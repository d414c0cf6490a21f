"""Legal references used by the rules, kept as data so they can be corrected in one place.

Sources: alkoholloven (LOV-1989-06-02-27) and alkoholforskriften (FOR-2005-06-08-538).
References the project has not confirmed paragraph by paragraph are marked below.
"""

from __future__ import annotations

from django.utils.translation import get_language

# Licence period: at most four years, ending 30 September the year after municipal
# elections.
LICENCE_PERIOD = "alkoholloven § 1-6"
# Transfer of the business: ends the licence; the points window starts again.
TRANSFER = "alkoholloven § 1-10"
# A sales licence covers group 1 only (sale of drinks with at most 4.7 % alcohol by volume).
SALES_LICENCE_GROUPS = "alkoholloven § 3-1"

# Procedure (forvaltningsloven): advance notice with a deadline for comments, and the
# three-week appeal period counted from the day the party received the decision.
ADVANCE_NOTICE = "forvaltningsloven § 16"
APPEAL = "forvaltningsloven § 29"

# Penalty points (alkoholforskriften ch. 10).
POINT_SCOPE = "alkoholforskriften § 10-1"
POINTS = "alkoholforskriften § 10-2"
POINT_CATALOGUE = "alkoholforskriften § 10-3"
POINT_DEVIATION = "alkoholforskriften § 10-4"
SUSPENSION = "alkoholforskriften § 10-6"

# Inspections: every licensed venue at least once a year; the control report reaches the
# holder within one week, and the holder may comment within two weeks.
INSPECTION_FREQUENCY = "alkoholforskriften § 9-7"
CONTROL_REPORT = "alkoholforskriften § 9-6"

# The seminar is a condition attached to the licence (§ 3-2 for sales; applied to
# serving licences through § 4-3: not confirmed paragraph by paragraph).
SEMINAR_CONDITION = "alkoholloven §§ 3-2, 4-3"

# Hours.
SERVING_HOURS = "alkoholloven § 4-4"
SALES_HOURS = "alkoholloven § 3-7"


# The references above are written as Bokmål texts cite them. Nynorsk texts use the
# Nynorsk forms of the names (alkohollova, alkoholforskrifta, forvaltningslova) and of
# the paragraph words ("andre ledd"); ``cite`` rewrites a reference for the active
# language, so one stored reference serves both written standards.
_NYNORSK_TERMS = (
    ("alkoholloven", "alkohollova"),
    ("Alkoholloven", "Alkohollova"),
    ("alkoholforskriften", "alkoholforskrifta"),
    ("Alkoholforskriften", "Alkoholforskrifta"),
    ("forvaltningsloven", "forvaltningslova"),
    ("Forvaltningsloven", "Forvaltningslova"),
    ("annet ledd", "andre ledd"),
)


def cite(reference: str, language: str | None = None) -> str:
    """``reference`` as written in ``language`` (default: the active language)."""
    if not (language or get_language() or "").startswith("nn"):
        return reference
    for bokmal, nynorsk in _NYNORSK_TERMS:
        reference = reference.replace(bokmal, nynorsk)
    return reference
