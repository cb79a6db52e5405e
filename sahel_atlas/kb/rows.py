"""What every table's rows share: labels for messages, unique ids, optional dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sahel_atlas.kb.reading import Labelled
from sahel_atlas.kb.report import Report
from sahel_atlas.text.dates import DateRange, parse_date


def check_unique(report: Report, file: Path, rows: Labelled, key: str) -> None:
    """A problem for every row whose `key` an earlier row already has."""
    seen: set[str] = set()
    for label, row in rows:
        if row[key] in seen:
            report.problem(file, label, f"duplicate id {row[key]!r}")
        seen.add(row[key])


def optional_date(value: Any) -> DateRange | None:
    """A date field already checked by `fields`; None when the field is absent."""
    return parse_date(value) if value not in (None, "") else None


def unlabelled(rows: Labelled) -> list[dict[str, Any]]:
    return [row for _, row in rows]
