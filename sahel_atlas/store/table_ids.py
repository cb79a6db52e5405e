"""The ids of one table's key column, asked one at a time: what a briefing's slides name is
checked against the dataset without holding every id (a set of 12M excerpt ids took 13 s
and about 1 GB to make at 10M events)."""

from __future__ import annotations

import functools
from collections.abc import Container

from sahel_atlas.store.dataset import Dataset


class TableIds(Container[str]):
    """`value in TableIds(ds, "excerpts", "excerpt_id")`: one indexed lookup per new value."""

    def __init__(self, ds: Dataset, table: str, key: str) -> None:
        self._ds, self._sql = ds, f'SELECT 1 FROM "{table}" WHERE "{key}" = ? LIMIT 1'
        self._has = functools.lru_cache(maxsize=4096)(self._lookup)

    def _lookup(self, value: str) -> bool:
        return self._ds.con.cursor().execute(self._sql, [value]).fetchone() is not None

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self._has(value)
