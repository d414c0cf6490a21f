"""Deadlines of the procedure, kept as data with their legal reference.

Every deadline is a number of days or weeks after a date the caller gives; no function
here reads the clock or the database.

- Control report (kontrollrapport, alkoholforskriften § 9-6): the report reaches the
  holder within one week of the inspection (``REPORT_TO_HOLDER_DAYS``), and the holder
  may comment within two weeks of receiving it (``HOLDER_COMMENT_DAYS``).
- Advance notice (forhåndsvarsel, forvaltningsloven § 16): the party gets a deadline for
  comments that lies after the day of issue with reasonable time; less than a week is not
  reasonable time (domain reference section 2), so the comment deadline is at least
  ``MINIMUM_COMMENT_DAYS`` after the notice. Without a choice by the officer the deadline
  is ``DEFAULT_COMMENT_DAYS`` after the day of issue: two weeks, the common practice (as for
  control reports, alkoholforskriften § 9-6; not a legal limit);
  settings.ADVANCE_NOTICE_COMMENT_DAYS changes it for an installation.
- The check applies when a notice is recorded and again when its letter is issued: a
  notice drafted earlier is not issued with a deadline that leaves less than a week.
- Appeal (klage, forvaltningsloven § 29): three weeks (``APPEAL_WEEKS``) from the day the
  decision letter reached the party. Counted from the decision date it gives the earliest
  end of the appeal period (what the register stores as ``Decision.appeal_deadline_on``),
  not the party's deadline.
- Suspension (inndragning, alkoholforskriften § 10-6): carried out within four weeks of
  the decision (``SUSPENSION_CARRY_OUT_DAYS``).
"""

from __future__ import annotations

import datetime as dt

from . import references

# alkoholforskriften § 9-6: the report within one week; the holder's comments within two.
CONTROL_REPORT_REFERENCE = references.CONTROL_REPORT
REPORT_TO_HOLDER_DAYS = 7
HOLDER_COMMENT_DAYS = 14

# forvaltningsloven § 16: the comment deadline of an advance notice.
ADVANCE_NOTICE_REFERENCE = references.ADVANCE_NOTICE
MINIMUM_COMMENT_DAYS = 7
DEFAULT_COMMENT_DAYS = 14

# forvaltningsloven § 29: three weeks from the day the party received the decision.
APPEAL_REFERENCE = references.APPEAL
APPEAL_WEEKS = 3

# alkoholforskriften § 10-6: the suspension is carried out within four weeks of the decision.
SUSPENSION_REFERENCE = references.SUSPENSION
SUSPENSION_CARRY_OUT_DAYS = 28


def report_to_holder_due(inspected_on: dt.date) -> dt.date:
    """The last day the control report may reach the holder (§ 9-6): one week after the
    inspection day (inspected 2026-06-13 -> 2026-06-20)."""
    return inspected_on + dt.timedelta(days=REPORT_TO_HOLDER_DAYS)


def holder_comment_due(report_sent_on: dt.date) -> dt.date:
    """The last day of the holder's comments on the control report (§ 9-6): two weeks after
    the report was sent (sent 2026-06-18 -> 2026-07-02)."""
    return report_sent_on + dt.timedelta(days=HOLDER_COMMENT_DAYS)


def default_comment_deadline(notice_on: dt.date, days: int = DEFAULT_COMMENT_DAYS) -> dt.date:
    """The comment deadline an advance notice proposes when the officer gives none: ``days``
    (default ``DEFAULT_COMMENT_DAYS``, never under ``MINIMUM_COMMENT_DAYS``) after the day
    of issue (2026-12-03 -> 2026-12-17)."""
    return notice_on + dt.timedelta(days=max(days, MINIMUM_COMMENT_DAYS))


def comment_deadline_too_short(notice_on: dt.date, deadline: dt.date) -> bool:
    """Whether ``deadline`` is before, or less than seven days after, ``notice_on``."""
    return deadline < notice_on + dt.timedelta(days=MINIMUM_COMMENT_DAYS)


def appeal_period_end(received_on: dt.date) -> dt.date:
    """The last day of the appeal period for a decision received on ``received_on``
    (fvl. § 29): three weeks later, the same weekday (2026-12-18 -> 2027-01-08). Given the
    decision date, it is the earliest the period can end."""
    return received_on + dt.timedelta(weeks=APPEAL_WEEKS)


def suspension_latest_start(decided_on: dt.date) -> dt.date:
    """The last day a suspension decided on ``decided_on`` may start (§ 10-6): four weeks
    after the decision (2026-12-03 -> 2026-12-31)."""
    return decided_on + dt.timedelta(days=SUSPENSION_CARRY_OUT_DAYS)
