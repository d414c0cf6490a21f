"""Values shared by the sections of one dashboard (docs/adr/0124): computed once per
``sections()`` call, recomputed on the next, and simply computed outside it."""

import datetime as dt

from licensing import dashboard
from licensing.dashboard import Section

ON = dt.date(2026, 11, 22)


def test_a_shared_value_is_computed_once_per_dashboard(monkeypatch):
    computed = []

    def provider(municipality_ids, today):
        value = dashboard.shared(
            ("count", tuple(municipality_ids), today), lambda: computed.append(1) or len(computed)
        )
        return Section(key=f"computed-{value}", title="Test")

    monkeypatch.setattr(dashboard, "_providers", [(1, provider), (2, provider)])

    assert [s.key for s in dashboard.sections([1], ON)] == ["computed-1", "computed-1"]
    assert [s.key for s in dashboard.sections([1], ON)] == ["computed-2", "computed-2"]
    assert dashboard.shared("count", lambda: "outside") == "outside"
    assert len(computed) == 2
