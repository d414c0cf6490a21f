"""Legal references used by the rules, kept as data so they can be corrected in one place.

Sources: alkoholloven (LOV-1989-06-02-27) and alkoholforskriften (FOR-2005-06-08-538).
References the project has not confirmed paragraph by paragraph are marked below.
"""

from __future__ import annotations

# Licence period: at most four years, ending 30 September the year after municipal
# elections.
LICENCE_PERIOD = "alkoholloven § 1-6"
# Transfer of the business: ends the licence; the points window starts again.
TRANSFER = "alkoholloven § 1-10"

# Penalty points (alkoholforskriften ch. 10).
POINT_SCOPE = "alkoholforskriften § 10-1"
POINTS = "alkoholforskriften § 10-2"
POINT_CATALOGUE = "alkoholforskriften § 10-3"
POINT_DEVIATION = "alkoholforskriften § 10-4"
SUSPENSION = "alkoholforskriften § 10-6"

# Inspections: every licensed venue at least once a year.
INSPECTION_FREQUENCY = "alkoholforskriften § 9-7"

# The seminar is a condition attached to the licence (§ 3-2 for sales; applied to
# serving licences through § 4-3: not confirmed paragraph by paragraph).
SEMINAR_CONDITION = "alkoholloven §§ 3-2, 4-3"

# Hours.
SERVING_HOURS = "alkoholloven § 4-4"
SALES_HOURS = "alkoholloven § 3-7"
