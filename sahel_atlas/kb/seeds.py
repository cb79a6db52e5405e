"""The sources table: `seeds/sources.yaml` and the text of each source, read and fingerprinted."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sahel_atlas.contract import schema
from sahel_atlas.kb.quotes import Quotes
from sahel_atlas.kb.reading import Labelled, load_records, read_text
from sahel_atlas.kb.rows import check_unique, optional_date, unlabelled


def read_seed(quotes: Quotes, seeds: Path, file: Path, label: str, source_id: str) -> bytes | None:
    """The bytes of a source's text, kept in `quotes.texts`; a problem when missing or not UTF-8."""
    report = quotes.report
    text_file = seeds / f"{source_id}.txt"
    if not text_file.exists():
        report.problem(file, label, f"no source file {report.display(text_file)}")
        return None
    text = read_text(report, text_file, label)
    if text is None:
        quotes.unreadable.add(source_id)
        return None
    quotes.texts[source_id] = text
    return text_file.read_bytes()


def build_sources(quotes: Quotes, seeds: Path) -> list[dict[str, Any]]:
    """The rows of the sources table; every named source's text is read into `quotes`."""
    file = seeds / "sources.yaml"
    records = load_records(quotes.report, file, "sources")
    valid = {id(rec) for _, rec in records.valid}
    rows: Labelled = []
    # Every named source's text is read, even a record with a bad field, so its quotes resolve.
    for label, rec in records.every:
        if not isinstance(rec.get("id"), str):
            continue
        raw = read_seed(quotes, seeds, file, label, rec["id"])
        if raw is not None and id(rec) in valid:
            rows.append((label, _source_row(rec, raw, quotes.texts[rec["id"]])))
    check_unique(quotes.report, file, rows, "source_id")
    return unlabelled(rows)


def _source_row(rec: dict[str, Any], raw: bytes, text: str) -> dict[str, Any]:
    published = optional_date(rec.get("published"))
    return {
        "source_id": rec["id"],
        "title": rec["title"],
        "publisher": rec["publisher"],
        "author": rec.get("author"),
        "published": published.start if published else None,
        "published_precision": published.precision if published else None,
        "published_note": rec.get("published_note"),
        "language": rec.get("language"),
        "machine_translated": rec.get("machine_translated"),
        "kind": rec.get("kind"),
        "reliability": rec["reliability"],
        "reliability_reason": rec.get("reliability_reason"),
        "path": f"seeds/{rec['id']}.txt",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "chars": len(text),
        "origin": schema.ORIGIN_CURATED,
    }
