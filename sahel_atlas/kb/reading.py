"""Reading annotation files: UTF-8 text, YAML lists of records, each checked against `fields`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sahel_atlas.kb import fields
from sahel_atlas.kb.report import Report

# Records with a label naming each in messages ("record #3 'aqim'").
Labelled = list[tuple[str, dict[str, Any]]]


@dataclass
class Records:
    """One file's records: all of them, and those whose every field passed `fields`."""

    every: Labelled
    valid: Labelled

    @property
    def ids(self) -> set[str]:
        """Every id the file declares, valid record or not, so references to it resolve."""
        return {rec["id"] for _, rec in self.every if isinstance(rec.get("id"), str)}


def load_records(report: Report, file: Path, kind: str) -> Records:
    """The records of one file, each checked against its declared fields (`fields.RECORDS`)."""
    every = load_yaml(report, file)
    valid = []
    for label, rec in every:
        reasons = fields.problems(kind, rec)
        for reason in reasons:
            report.problem(file, label, reason)
        if not reasons:
            valid.append((label, rec))
    return Records(every, valid)


def read_text(report: Report, file: Path, record: str = "") -> str | None:
    """A file's text, or None with a problem when it is missing or not UTF-8."""
    try:
        return file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        report.problem(file, record, "file not found")
    except UnicodeDecodeError as exc:
        report.problem(file, record, _not_utf8(exc))
    except OSError as exc:
        report.problem(file, record, f"cannot read the file: {exc.strerror}")
    return None


def _not_utf8(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return f"not UTF-8 text (byte 0x{byte} at offset {exc.start}); save the file as UTF-8"


def load_yaml(report: Report, file: Path) -> Labelled:
    """The records of one annotation file, each with a label naming it in messages."""
    data = _parse_yaml(report, file)
    if data is None:
        return []
    if not isinstance(data, list):
        report.problem(file, "", "expected a list of records")
        return []
    records = []
    for index, item in enumerate(data, start=1):
        label = f"record #{index}"
        if not isinstance(item, dict):
            report.problem(file, label, "expected a mapping of fields")
            continue
        if isinstance(item.get("id"), str):
            label = f"record #{index} '{item['id']}'"
        records.append((label, item))
    return records


def _parse_yaml(report: Report, file: Path) -> Any:
    """The file's YAML document; None when it is empty or unreadable (with a problem)."""
    text = read_text(report, file)
    if text is None:
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        report.problem(file, "", f"not valid YAML: {exc}")
        return None
