"""Vectorised building blocks: weighted draws, string arrays, and tables in the contract's schema."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahel_atlas.contract import schema


def join(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays and scalars."""
    return pc.binary_join_element_wise(*parts, "")


def as_strings(values: np.ndarray) -> pa.Array:
    """Numbers as a string array."""
    return pc.cast(pa.array(values), pa.string())


def take(strings: list[str] | pa.Array, index: np.ndarray) -> pa.Array:
    """`strings[index]` as a string array."""
    array = strings if isinstance(strings, pa.Array) else pa.array(strings, pa.string())
    return array.take(pa.array(index))


def list_array(offsets: np.ndarray, values: pa.Array) -> pa.Array:
    """A list array from its offsets and flat values."""
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def pick(rng: np.random.Generator, cdf: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn with the probabilities whose cumulative sum is `cdf` (ending in 1)."""
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def cdf(weights: np.ndarray) -> np.ndarray:
    """The normalised cumulative sum of `weights`, for `pick`."""
    total = np.cumsum(weights, dtype=np.float64)
    return total / total[-1]


def table(name: str, columns: dict[str, pa.Array | list]) -> pa.Table:
    """A table with the contract's schema; columns not given are null."""
    target = schema.TABLES[name]
    n = len(next(iter(columns.values())))
    arrays = []
    for column in target:
        value = columns.get(column.name)
        if value is None:
            arrays.append(pa.nulls(n, column.type))
        elif isinstance(value, (pa.Array, pa.ChunkedArray)):
            arrays.append(value.cast(column.type))
        else:
            arrays.append(pa.array(value, column.type))
    return pa.Table.from_arrays(arrays, schema=target)
