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
