"""A source as a profile cites it: title, publisher, publication date and reliability grade."""

from __future__ import annotations

from dataclasses import dataclass

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import as_date
from sahel_atlas.text.values import text
from sahel_atlas.views.reader import RELIABILITY_WORDS, published_label


@dataclass(frozen=True)
class Citation:
    source_id: str
    title: str
    publisher: str
    published: str
    reliability: str
    reliability_words: str


def unknown_source(source_id: str) -> Citation:
    """The citation of a source the dataset does not describe."""
    return Citation(source_id, source_id, "unknown", "unknown", "F", RELIABILITY_WORDS["F"])


def citations(ds: Dataset) -> dict[str, Citation]:
    """source id -> Citation, for every source of the dataset.

    Kept in `ds.memo` (read-only for callers): a profile's fact box and its excerpts both ask
    (45 ms each for a thousand sources)."""
    if "citations" not in ds.memo:
        ds.memo["citations"] = _citations(ds)
    return ds.memo["citations"]


def _citations(ds: Dataset) -> dict[str, Citation]:
    out = {}
    # Arrow's records (a missing value is None, read by `text` as pandas' NaN is): a third of
    # pandas' `to_dict`.
    for row in ds.arrow["sources"].to_pylist():
        grade = text(row.get("reliability")) or "F"
        out[str(row["source_id"])] = Citation(
            str(row["source_id"]),
            text(row.get("title")) or str(row["source_id"]),
            text(row.get("publisher")) or "unknown",
            published_label(as_date(row.get("published"), strict=False),
                            text(row.get("published_precision"))),
            grade,
            RELIABILITY_WORDS.get(grade, "unknown grade"),
        )
    return out
