"""Reading a CSV export in chunks: encoding detection, the header, exact row numbers."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from sahel_atlas.importers.report import Report

BLOCK_BYTES = 1 << 24  # ~16 MB of CSV per chunk: tens of thousands of rows, bounded memory
_PROBE_BYTES = 1 << 20
# Bytes 0x80-0x9F are printable in Windows-1252 (curly quotes, dashes, the euro sign) but
# control codes in Latin-1; five of them are undefined in Windows-1252.
_C1 = re.compile(rb"[\x80-\x9f]")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Chunk:
    """Some rows of a file, every value a string, with the row number of the first."""

    frame: pd.DataFrame
    first_row: int  # the header is row 1, so the first data row is row 2

    @property
    def rows(self) -> pd.Series:
        return pd.Series(range(self.first_row, self.first_row + len(self.frame)), index=self.frame.index)


def detect_encoding(path: Path) -> str:
    """`utf-8`, else `cp1252` or `latin-1` (read in blocks: the whole file, never all at once)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    c1 = undefined = False
    utf8 = True
    with path.open("rb") as handle:
        while block := handle.read(_PROBE_BYTES):
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            c1 = c1 or bool(_C1.search(block))
            undefined = undefined or bool(_CP1252_UNDEFINED.search(block))
    if utf8:
        try:
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return "cp1252" if c1 and not undefined else "latin-1"


def read_header(path: Path, encoding: str) -> list[str] | None:
    """The column names, stripped and lower-cased (the 2016 layout is in capitals); None if empty."""
    text_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=text_encoding, newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        return None
    return [name.strip().lower() for name in header]


def read_chunks(
    path: Path,
    label: str,
    encoding: str,
    columns: list[str],
    report: Report,
    progress: Progress | None = None,
    tag_rows: int = 0,
) -> Iterator[Chunk]:
    """The data rows in chunks; malformed rows (wrong number of fields) are reported, not read.

    `tag_rows` rows under the header (an HXL hashtag row) are skipped but keep their numbers.

    Arrow's streaming reader is fast but cannot say where a malformed row was; on the first
    one, the rest of the file is read again with Python's csv module, which can.
    """
    done = 0
    malformed: list[str] = []

    def skip(row: pacsv.InvalidRow) -> str:
        malformed.append(row.text)
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=columns, skip_rows=1 + tag_rows, block_size=BLOCK_BYTES, encoding=encoding
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        if malformed:  # this chunk holds a malformed row: its position is unknown
            break
        if batch.num_rows:
            yield Chunk(batch.to_pandas(), done + 2 + tag_rows)
            done += batch.num_rows
            if progress:
                progress(label, done)
    yield from _python_chunks(path, label, encoding, columns, report, done, progress, tag_rows)


def _python_chunks(
    path: Path,
    label: str,
    encoding: str,
    columns: list[str],
    report: Report,
    skip: int,
    progress: Progress | None,
    tag_rows: int = 0,
    rows_per_chunk: int = 50_000,
) -> Iterator[Chunk]:
    """The rows after the first `skip` data rows, with Python's csv module."""
    text_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    width = len(columns)
    with path.open(encoding=text_encoding, newline="") as handle:
        records = csv.reader(handle)
        for _ in range(1 + tag_rows):  # the header, and an HXL tag row under it
            next(records, None)
        row = 1 + tag_rows
        rows: list[list[str]] = []
        first = None
        for record in records:
            if not record:  # a blank line: Arrow skips these too, so they are not counted
                continue
            row += 1
            if row - 1 - tag_rows <= skip:
                continue
            if len(record) != width:
                report.add(label, row, "", f"malformed row: {len(record)} fields, expected {width}")
                report.bad_rows += 1
                continue
            if first is None:
                first = row
            if rows and first + len(rows) != row:  # keep rows consecutive within a chunk
                yield Chunk(pd.DataFrame(rows, columns=columns, dtype="str"), first)
                rows, first = [], row
            rows.append(record)
            if len(rows) >= rows_per_chunk:
                yield Chunk(pd.DataFrame(rows, columns=columns, dtype="str"), first)
                if progress:
                    progress(label, row - 1)
                rows, first = [], None
        if rows:
            yield Chunk(pd.DataFrame(rows, columns=columns, dtype="str"), first)
        if progress:
            progress(label, row - 1)
