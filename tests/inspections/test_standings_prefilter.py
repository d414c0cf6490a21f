"""``point_standings(at_least=…)`` evaluates fewer licences; every licence with that many
points in the window is still among them, with the same standing (docs/adr/0124)."""

import pytest

from inspections import selectors
from licensing.rules import points as rules

from .test_dashboard import TODAY, standings  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _key(standing):
    return (standing.licence.pk, standing.result, standing.open_suspension)


@pytest.mark.parametrize("at_least", [1, 4, rules.APPROACHING_FROM, rules.THRESHOLD, 13])
def test_the_prefilter_keeps_every_licence_that_reaches_the_points(standings, muni1, at_least):
    everything = selectors.point_standings([muni1.pk], TODAY)
    expected = [s for s in everything if s.result.in_window >= at_least]
    got = selectors.point_standings([muni1.pk], TODAY, at_least=at_least)
    assert [_key(s) for s in got if s.result.in_window >= at_least] == [
        _key(s) for s in expected
    ]
    # Those it leaves out are only licences whose decided points sum to less.
    left_out = {s.licence.pk for s in everything} - {s.licence.pk for s in got}
    assert all(
        sum(d.points for d in s.licence.point_decisions.filter(status="decided")) < at_least
        for s in everything
        if s.licence.pk in left_out
    )


def test_a_suspension_lowers_the_points_below_the_raw_sum(standings, muni1):
    """The 'used up' licence has 12 points decided but a suspension decided after them: the
    prefilter lets it through (raw sum 12), the rules give it fewer than 12."""
    got = selectors.point_standings([muni1.pk], TODAY, at_least=rules.THRESHOLD)
    assert [s.licence.number for s in got if s.result.revocation_candidate] == ["C-1"]
