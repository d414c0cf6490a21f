"""Deadlines of the procedure, kept as data with their legal reference.

- Advance notice (forhåndsvarsel, forvaltningsloven § 16): the party gets a deadline for
  comments that lies after the day of issue with reasonable time; less than a week is not
  reasonable time (domain reference section 2), so the comment deadline is at least
  ``MINIMUM_COMMENT_DAYS`` after the notice.
"""

from __future__ import annotations

import datetime as dt

ADVANCE_NOTICE_REFERENCE = "forvaltningsloven § 16"
MINIMUM_COMMENT_DAYS = 7


def comment_deadline_too_short(notice_on: dt.date, deadline: dt.date) -> bool:
    """Whether ``deadline`` is before, or less than seven days after, ``notice_on``."""
    return deadline < notice_on + dt.timedelta(days=MINIMUM_COMMENT_DAYS)
