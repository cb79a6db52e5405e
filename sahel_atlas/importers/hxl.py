"""HXL hashtag rows: HDX's copies of ACLED and UCDP data put one under the header.

    #date+year,#affected+killed,...

Such a row holds no event; the import skips it and says so in the report.
"""

from __future__ import annotations

import csv
from pathlib import Path


def is_tag_row(cells: list[str]) -> bool:
    """True for a row of HXL hashtags: every filled cell starts with '#', at least one filled."""
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(c.startswith("#") and len(c) > 1 for c in filled)


def tag_row(path: Path, encoding: str) -> list[str] | None:
    """The HXL hashtags of the row under the header, or None if it is not a tag row."""
    text_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=text_encoding, newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        second = next(rows, None)
    return second if second is not None and is_tag_row(second) else None
