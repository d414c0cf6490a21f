"""Reminders by e-mail, sent daily by ``manage.py send_reminders`` (docs/operations.md,
docs/adr/0190-reminders.md).

- ``hearings``: to hearing bodies whose reply is overdue (licensing);
- the seminars app's ``seminars.reminders``: to holders whose seminar deadline is near or
  passed;
- ``digest``: once a week, to each case officer, the overdue items of every app.

The jobs and digest sources are registered in ``licensing.extensions``; ``base.send``
records each reminder (``licensing.models.Reminder``) and queues it in the outbox.
"""
