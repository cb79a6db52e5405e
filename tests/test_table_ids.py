"""A table's ids asked one at a time (`store/table_ids.py`), as a briefing's slides are checked."""

from __future__ import annotations

import pytest

from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.store.table_ids import TableIds


@pytest.fixture(scope="module")
def ids() -> TableIds:
    return TableIds(load_dataset(), "excerpts", "excerpt_id")


def test_every_excerpt_of_the_dataset_is_known(ids) -> None:
    every = load_dataset().excerpts["excerpt_id"]
    assert len(every) > 10 and all(e in ids for e in every)


@pytest.mark.parametrize("value", ["no-such-excerpt", "", "%", "' OR 1=1 --", None, 3, ["x"]])
def test_anything_else_is_not(ids, value) -> None:
    assert value not in ids
