"""Deadlines of the procedure, kept as data with their legal reference.

- Advance notice (forhåndsvarsel, forvaltningsloven § 16): the party gets a deadline for
  comments that lies after the day of issue with reasonable time; less than a week is not
  reasonable time (domain reference section 2), so the comment deadline is at least
  ``MINIMUM_COMMENT_DAYS`` after the notice. The default deadline is two weeks from the
  day of issue, the common practice (as for control reports, alkoholforskriften § 9-6);
  settings.ADVANCE_NOTICE_COMMENT_DAYS changes it for an installation.
- The check applies when a notice is recorded and again when its letter is issued: a
  notice drafted earlier is not issued with a deadline that leaves less than a week.
"""

from __future__ import annotations

import datetime as dt

ADVANCE_NOTICE_REFERENCE = "forvaltningsloven § 16"
MINIMUM_COMMENT_DAYS = 7
DEFAULT_COMMENT_DAYS = 14


def default_comment_deadline(issued_on: dt.date, days: int = DEFAULT_COMMENT_DAYS) -> dt.date:
    """The comment deadline of a notice issued on ``issued_on``: ``days`` days later."""
    return issued_on + dt.timedelta(days=max(days, MINIMUM_COMMENT_DAYS))


def comment_deadline_too_short(notice_on: dt.date, deadline: dt.date) -> bool:
    """Whether ``deadline`` is before, or less than seven days after, ``notice_on``."""
    return deadline < notice_on + dt.timedelta(days=MINIMUM_COMMENT_DAYS)
