"""Advance notice and decision of a suspension (alkoholforskriften §§ 10-2, 10-6) and the
licence status while it runs."""

import datetime as dt

import pytest

from inspections import points as facts
from inspections.models import Suspension
from inspections.services import suspensions
from licensing.errors import DomainError, TransitionNotAllowed
from licensing.models import Licence
from licensing.services.validation import InvalidData
from tests.factories.inspections import PointDecisionFactory, SuspensionFactory, violation

D = dt.date


def give(licence, code, violation_on, decided_on, points=None, **kwargs):
    v = violation(code)
    return PointDecisionFactory(
        licence=licence, violation=v, violation_on=violation_on, decided_on=decided_on,
        points=points or v.standard_points,
        justification="Skjerpende omstendigheter." if points and points != v.standard_points else "",
        **kwargs,
    )  # fmt: skip


@pytest.fixture
def twelve(licence1):
    """8 + 4 = 12 decided points, and one decision more than two years before both
    violations (outside every span)."""
    old = give(licence1, "hours_violation", D(2024, 1, 15), D(2024, 2, 1))
    a = give(licence1, "sale_to_minor", D(2026, 2, 1), D(2026, 3, 1))
    b = give(licence1, "hours_violation", D(2026, 5, 1), D(2026, 6, 1))
    return old, a, b


@pytest.mark.parametrize(
    ("codes", "points", "days"),
    [
        # 12 points: one week.
        (["sale_to_minor", "sale_to_intoxicated"], 12, 7),
        # 16 points: e = 4 extra -> 3 more days = 10 (§ 10-2).
        (["sale_to_minor", "sale_to_intoxicated", "hours_violation"], 16, 10),
        # 13 points: e = 1 -> 8 days.
        (["sale_to_minor", "sale_to_intoxicated", "spirits_measure"], 13, 8),
    ],
)
def test_suspension_days_suggested_from_the_points(licence1, officer, codes, points, days):
    for month, code in enumerate(codes, start=2):
        give(licence1, code, D(2026, month, 1), D(2026, month + 3, 1))
    suspension = suspensions.suspension_notify(
        licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 1)
    )
    assert (suspension.points, suspension.days) == (points, days)
    assert suspension.comment_deadline_on == D(2026, 11, 15)
    # Intended start: two weeks after the comment deadline; the standard length.
    assert suspension.starts_on == D(2026, 11, 29)
    assert suspension.ends_on == D(2026, 11, 29) + dt.timedelta(days=days - 1)


def test_notice_rests_on_the_decisions_counted_in_the_window(twelve, licence1, officer):
    old, a, b = twelve
    suspension = suspensions.suspension_notify(
        licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 1)
    )
    assert set(suspension.point_decisions.all()) == {a, b}
    assert suspension.status == "notified"


def test_notice_below_the_threshold_is_refused(licence1, officer):
    give(licence1, "sale_to_minor", D(2026, 2, 1), D(2026, 3, 1))
    with pytest.raises(DomainError) as exc:
        suspensions.suspension_notify(
            licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 1)
        )
    assert exc.value.message == (
        "On 01.11.2026 the licence has 8 decided points in the window 02.11.2024–01.11.2026, "
        "and no violations within two years of each other add up to 12; a suspension needs 12 "
        "(alkoholforskriften § 10-2)."
    )
    assert not Suspension.objects.exists()


def test_notified_points_do_not_count_toward_suspension(licence1, officer):
    give(licence1, "sale_to_minor", D(2026, 2, 1), D(2026, 3, 1))
    PointDecisionFactory(
        licence=licence1, violation=violation("sale_to_intoxicated"), violation_on=D(2026, 5, 1),
        status="notified", decided_on=None, advance_notice_on=D(2026, 5, 10),
    )  # fmt: skip
    with pytest.raises(DomainError):
        suspensions.suspension_notify(
            licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 1)
        )


def test_second_open_notice_is_refused(twelve, licence1, officer):
    suspensions.suspension_notify(licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 1))
    with pytest.raises(DomainError) as exc:
        suspensions.suspension_notify(
            licence=licence1, actor=officer, advance_notice_on=D(2026, 11, 2)
        )
    assert "already sent on 01.11.2026; decide or cancel it first" in exc.value.message
    assert Suspension.objects.count() == 1


@pytest.fixture
def notified(twelve, licence1, officer):
    return suspensions.suspension_notify(
        licence=licence1, actor=officer, advance_notice_on=D(2026, 10, 1)
    )  # comment deadline 2026-10-22


def test_decide_and_points_are_used_up(notified, licence1, officer):
    decided = suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 25),
        starts_on=D(2026, 11, 8), ends_on=D(2026, 11, 14), reference="26/77-5",
    )  # fmt: skip
    assert (decided.status, decided.days, decided.decided_by) == ("decided", 7, officer)
    data = facts.licence_points(licence1, D(2026, 11, 22))
    assert data.result.in_window == 0
    assert not data.result.revocation_candidate
    assert [e.state for e in data.entries] == [facts.USED_UP, facts.USED_UP, facts.USED_UP]
    # One more point after the suspension does not lead to a second suspension.
    give(licence1, "spirits_measure", D(2026, 11, 1), D(2026, 11, 20))
    assert facts.licence_points(licence1, D(2026, 11, 22)).result.in_window == 1


@pytest.mark.parametrize(
    ("decided_on", "starts_on", "ends_on", "reasons", "field", "message"),
    [
        (D(2026, 10, 25), D(2026, 10, 24), D(2026, 10, 30), "", "starts_on",
         "cannot start before it is decided (25.10.2026)"),
        (D(2026, 10, 25), D(2026, 11, 23), D(2026, 11, 29), "", "starts_on",
         "within four weeks of the decision (alkoholforskriften § 10-6): start on 22.11.2026 at the latest"),
        (D(2026, 10, 25), D(2026, 11, 8), D(2026, 11, 17), "", "reasons",
         "The standard length for 12 points is 7 days (alkoholforskriften § 10-2); give the "
         "reasons for a suspension of 10 days."),
        (D(2026, 10, 25), D(2026, 11, 8), D(2026, 11, 7), "", "ends_on",
         "cannot end before it starts"),
        (D(2026, 9, 30), D(2026, 10, 14), D(2026, 10, 20), "", "decided_on",
         "cannot come before the advance notice (01.10.2026)"),
        (D(2026, 10, 14), D(2026, 10, 29), D(2026, 11, 4), "", "decided_on",
         "may comment on the advance notice until 15.10.2026"),
        (D(2026, 11, 23), D(2026, 11, 30), D(2026, 12, 6), "", "decided_on",
         "cannot be in the future"),
    ],
)  # fmt: skip
def test_decide_bad_input(
    notified, officer, decided_on, starts_on, ends_on, reasons, field, message
):
    with pytest.raises(InvalidData) as exc:
        suspensions.suspension_decide(
            suspension=notified, actor=officer, decided_on=decided_on, starts_on=starts_on,
            ends_on=ends_on, reference="26/1", reasons=reasons,
        )  # fmt: skip
    assert any(message in m for m in exc.value.errors[field]), exc.value.errors
    notified.refresh_from_db()
    assert notified.status == "notified"
    assert notified.decided_on is None


def test_holder_comments_are_kept_and_count_as_received(notified, officer):
    # Deciding before the comment deadline (2026-10-22) needs the comments; giving their
    # gist is enough.
    decided = suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 15),
        starts_on=D(2026, 11, 1), ends_on=D(2026, 11, 7), reference="26/77-5",
        holder_comments="  Vi har byttet styrer.  ",
    )  # fmt: skip
    assert decided.holder_comments == "Vi har byttet styrer."
    assert decided.history.first().holder_comments == "Vi har byttet styrer."


def test_other_length_with_reasons_is_accepted(notified, officer):
    decided = suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 25), starts_on=D(2026, 11, 8),
        ends_on=D(2026, 11, 10), reference="26/1",
        reasons="Særlig formildende omstendigheter: ny ledelse og dokumentert opplæring.",
    )  # fmt: skip
    assert decided.days == 3


def test_decide_twice_is_refused(notified, officer):
    suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 25), starts_on=D(2026, 11, 8),
        ends_on=D(2026, 11, 14), reference="26/1",
    )  # fmt: skip
    with pytest.raises(TransitionNotAllowed) as exc:
        suspensions.suspension_decide(
            suspension=notified, actor=officer, decided_on=D(2026, 10, 26),
            starts_on=D(2026, 11, 8), ends_on=D(2026, 11, 14), reference="26/2",
        )  # fmt: skip
    assert exc.value.current == "decided"
    assert "This suspension is decided" in exc.value.message


def test_cancel_notified_but_not_decided(notified, officer):
    with pytest.raises(DomainError) as exc:
        suspensions.suspension_cancel(suspension=notified, actor=officer, reason="")
    assert exc.value.message == "Give the reason for cancelling the suspension."
    cancelled = suspensions.suspension_cancel(
        suspension=notified, actor=officer, reason="Vedtakene er påklaget."
    )
    assert cancelled.status == "cancelled"
    with pytest.raises(TransitionNotAllowed) as exc:
        suspensions.suspension_cancel(suspension=notified, actor=officer, reason="x")
    assert (
        "is cancelled; only a proposed or notified suspension can be cancelled" in exc.value.message
    )


def test_licence_is_suspended_while_the_period_covers_today(notified, licence1, officer):
    # Decided 2026-10-25, suspended 2026-11-16..2026-11-22: today (2026-11-22) is covered.
    suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 25), starts_on=D(2026, 11, 16),
        ends_on=D(2026, 11, 22), reference="26/1",
    )  # fmt: skip
    licence1.refresh_from_db()
    assert licence1.status == "suspended"
    change = licence1.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_on) == (
        "active",
        "suspended",
        D(2026, 11, 16),
    )
    assert "Suspension 16.11.2026–22.11.2026" in change.reason
    # The next day a daily run lifts it: active again from 2026-11-23.
    summary = suspensions.suspensions_sync_statuses(on=D(2026, 11, 23))
    assert (summary.licences, summary.changes, summary.errors) == (1, 1, [])
    licence1.refresh_from_db()
    assert licence1.status == "active"
    assert licence1.status_changes.order_by("-changed_on").first().changed_on == D(2026, 11, 23)
    # Running again changes nothing.
    assert suspensions.suspensions_sync_statuses(on=D(2026, 11, 24)).changes == 0


def test_future_suspension_leaves_the_status_until_it_starts(notified, licence1, officer):
    suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 11, 20), starts_on=D(2026, 12, 4),
        ends_on=D(2026, 12, 10), reference="26/1",
    )  # fmt: skip
    assert Licence.objects.get(pk=licence1.pk).status == "active"
    suspensions.suspensions_sync_statuses(on=D(2026, 12, 4))
    assert Licence.objects.get(pk=licence1.pk).status == "suspended"


def test_sync_never_lifts_a_suspension_it_did_not_make(licence1, officer):
    from licensing.services.licences import licence_set_status

    licence_set_status(
        licence=licence1, status="suspended", actor=officer, on=D(2026, 11, 1),
        reason="Inndratt etter alkoholloven § 1-8 annet ledd.",
    )  # fmt: skip
    SuspensionFactory(licence=licence1, decided_on=D(2026, 9, 1), starts_on=D(2026, 9, 14))
    suspensions.suspensions_sync_statuses(on=D(2026, 11, 22))
    assert Licence.objects.get(pk=licence1.pk).status == "suspended"


def test_sync_suspensions_command_applies_and_lifts(notified, licence1, officer):
    from io import StringIO

    from django.core.management import CommandError, call_command

    suspensions.suspension_decide(
        suspension=notified, actor=officer, decided_on=D(2026, 10, 25), starts_on=D(2026, 11, 16),
        ends_on=D(2026, 11, 22), reference="26/1",
    )  # fmt: skip
    out = StringIO()
    call_command("sync_suspensions", "--date", "2026-11-23", stdout=out)
    assert out.getvalue() == "2026-11-23: 1 licence(s) checked, 1 status change(s).\n"
    assert Licence.objects.get(pk=licence1.pk).status == "active"
    out = StringIO()
    call_command("sync_suspensions", "--date", "2026-11-24", stdout=out)
    assert "0 status change(s)" in out.getvalue()
    with pytest.raises(CommandError, match="'24.11.2026' is not a date in the form YYYY-MM-DD"):
        call_command("sync_suspensions", "--date", "24.11.2026")
