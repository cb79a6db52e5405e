"""The server's long-lived objects frozen once, after the dataset is open, never before."""

from __future__ import annotations

import gc

import pytest

from components import heap


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(heap, "_frozen", False)
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


def test_freezes_once_the_dataset_is_open(fresh) -> None:
    gc.unfreeze()
    assert not heap.freeze_long_lived(dataset_open=False)
    assert gc.get_freeze_count() == 0  # a failed open freezes nothing
    assert heap.freeze_long_lived(dataset_open=True)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [[]]  # made after the freeze: still seen by the collector
    assert not heap.freeze_long_lived(dataset_open=True)  # once per server
    assert gc.get_freeze_count() == frozen and gc.is_tracked(kept)
