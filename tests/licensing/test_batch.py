"""``collection_paused``: the cyclic collector is off inside and back on afterwards
(docs/adr/0195)."""

from __future__ import annotations

import gc

import pytest

from licensing.batch import collection_paused


def test_the_collector_is_paused_inside_and_enabled_again_after():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():  # nested: the outer pause decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_enables_the_collector():
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_batch_keeps_goes_to_the_oldest_generation_without_a_scan():
    """docs/adr/0210: no collection of everything the batch made when it ends."""
    with collection_paused():
        kept = [[] for _ in range(10_000)]
        assert gc.get_count()[0] >= 10_000
    assert gc.get_count()[0] < 100
    assert gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept) in oldest and id(kept[-1]) in oldest


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused():
            pass
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_driver_rows_of_a_query_that_can_match_nothing_is_empty(db):
    """``__in=[]`` compiles to no SQL at all (Django raises EmptyResultSet); an officer or
    administrator without municipalities must still see the dashboard."""
    from licensing.batch import driver_rows
    from licensing.models import Licence

    assert driver_rows(Licence.objects.filter(municipality_id__in=[]).values_list("pk")) == []
