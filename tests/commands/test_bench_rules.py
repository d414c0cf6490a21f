"""bench_rules: the three sections and the equality check (never the times)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluation.management.commands import bench_rules


@pytest.fixture
def synthetic(db):
    call_command(
        "generate_synthetic",
        "--licences",
        "40",
        "--seed",
        "5",
        "--date",
        "2026-11-22",
        "--no-progress",
        stdout=StringIO(),
    )


def bench(*args) -> str:
    out = StringIO()
    call_command("bench_rules", "--date", "2026-11-22", "--repeat", "2", *args, stdout=out)
    return out.getvalue()


def test_bench_prints_the_three_sections(synthetic):
    output = bench()

    assert "Rule benchmark on 2026-11-22" in output
    assert "40 licences" in output
    assert "1. Point sums in the window (points_in_window_by_licence)" in output
    assert "ORM query   best" in output
    assert "raw SQL     best" in output
    assert "ORM and raw SQL results equal: yes" in output
    assert "ORM and rules engine results equal: yes" in output
    assert "ratio ORM/raw (best):" in output
    assert "2. Full evaluation of every rule for every licence (evaluate_all)" in output
    assert "3. Queries" in output
    assert "points_in_window_by_licence: 1\n" in output
    assert "raw SQL: 1\n" in output
    assert "evaluate_all: 5\n" in output


def test_bench_on_an_empty_database(db):
    output = bench()

    assert "0 licences" in output
    assert "ORM and raw SQL results equal: yes" in output


def test_bench_fails_when_the_sums_differ(synthetic, monkeypatch):
    real = bench_rules.raw_point_sums

    def off_by_one(on):
        sums = real(on)
        licence_id = next(iter(sums))
        sums[licence_id] += 1
        return sums

    monkeypatch.setattr(bench_rules, "raw_point_sums", off_by_one)
    out = StringIO()
    with pytest.raises(CommandError, match="The point sums disagree"):
        call_command("bench_rules", "--date", "2026-11-22", "--repeat", "1", stdout=out)
    assert "ORM and raw SQL results equal: NO" in out.getvalue()
