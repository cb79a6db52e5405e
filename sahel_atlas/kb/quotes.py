"""Finding each quote verbatim in its source text: its offsets, and the excerpt it becomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_atlas.kb.report import Report


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of `quote` in `text`, overlapping ones included."""
    starts, at = [], text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


@dataclass
class Quotes:
    """The source texts read so far and the excerpts found in them, keyed by excerpt id."""

    report: Report
    texts: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    excerpts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def cite(self, file: Path, label: str, evidence: list[dict[str, Any]]) -> list[str]:
        """Find each quote verbatim in its source; return the excerpt ids, in order given."""
        ids: list[str] = []
        for item in evidence:
            excerpt_id = self.locate(file, label, item)
            if excerpt_id and excerpt_id not in ids:
                ids.append(excerpt_id)
        return ids

    def locate(self, file: Path, label: str, item: dict[str, Any]) -> str | None:
        """The excerpt id of one quote, recorded in `excerpts`; None with a problem if not found."""
        source, quote = item["source"], item["quote"]
        if source in self.unreadable:
            return None  # already reported once, on the source's file
        if source not in self.texts:
            self.report.problem(file, label, f"unknown source {source!r} for quote {quote!r}")
            return None
        start = self._start(file, label, source, quote, item.get("occurrence"))
        return None if start is None else self._excerpt(source, start, quote)

    def _start(
        self, file: Path, label: str, source: str, quote: str, occurrence: int | None
    ) -> int | None:
        """Where the quote starts: its only occurrence, or the one `occurrence` names."""
        starts = occurrences(self.texts[source], quote)
        if not starts:
            reason = f"quote not found verbatim in {source}: {quote!r}"
        elif occurrence is None and len(starts) > 1:
            reason = (
                f"quote found {len(starts)} times in {source}, lengthen it or give "
                f"'occurrence': {quote!r}"
            )
        elif occurrence is not None and occurrence > len(starts):
            reason = f"occurrence {occurrence!r} of {quote!r}: found {len(starts)} times"
        else:
            return starts[(occurrence or 1) - 1]
        self.report.problem(file, label, reason)
        return None

    def _excerpt(self, source: str, start: int, quote: str) -> str:
        end = start + len(quote)
        excerpt_id = f"{source}:{start}-{end}"
        self.excerpts[excerpt_id] = {
            "excerpt_id": excerpt_id,
            "source_id": source,
            "char_start": start,
            "char_end": end,
            "text": quote,
        }
        return excerpt_id

    def source_of(self, excerpt_id: str) -> str:
        return self.excerpts[excerpt_id]["source_id"]

    def sources_of(self, excerpt_ids: Iterable[str]) -> list[str]:
        """The sorted ids of the sources the excerpts come from."""
        return sorted({self.source_of(e) for e in excerpt_ids if e in self.excerpts})
