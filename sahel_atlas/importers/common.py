"""The import pipeline shared by every export: read, map, stage, check, assemble, write.

    outcome = run_import(ACLED, [Path("acled.csv")], Path("imported"), with_dir=Path("data"))

Nothing is written when a problem is found, unless `skip_bad`; then the good rows are
imported and the report is written into the dataset as `import-report.txt`. The dataset is
assembled in a folder beside `out` and renamed into place, so `out` is never half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.importers import assemble, hxl, identity, merge, output, versions
from sahel_atlas.importers.reading import Progress, detect_encoding, read_chunks, read_header
from sahel_atlas.importers.report import Report
from sahel_atlas.importers.staging import Stage
from sahel_atlas.store.atomic import replace_directory, staging_folder
from sahel_atlas.text.names import slug

MapChunk = Callable[[pd.DataFrame, pd.Series, str, Report], pd.DataFrame]


@dataclass(frozen=True)
class Export:
    """What differs between ACLED and UCDP: names, layout detection and the row mapping."""

    origin: str
    label: str
    publisher: str
    detect_layout: Callable[[list[str]], tuple[str | None, list[str]]]
    layout_hint: Callable[[], str]
    map_chunk: MapChunk
    source_column: dict[str, str]
    fields_line: str  # what the header line of each block holds, for the text's preamble
    notes_name: str  # which export column the notes under it are


@dataclass
class Outcome:
    report: Report
    written: bool = False
    counts: dict[str, int] = field(default_factory=dict)


class ImportRefused(Exception):
    """The import cannot start (e.g. --out would overwrite something that is not a dataset)."""


def run_import(export: Export, files: list[Path], out: Path, with_dir: Path | None = None,
               skip_bad: bool = False, progress: Progress | None = None,
               crosswalk_dir: Path | None = None) -> Outcome:
    """Import `files` into the dataset folder `out`; see the module docstring.

    Names are resolved against the `with_dir` dataset, applying the analyst's decisions in
    `crosswalk_dir` (default `with_dir/crosswalk`).
    """
    out = Path(out).resolve()
    if crosswalk_dir is None and with_dir is not None:
        crosswalk_dir = Path(with_dir) / "crosswalk"
    _check_out(out, with_dir)
    report = Report()
    with staging_folder(out.parent, f".{out.name}.import-") as staging:
        (staging / "work").mkdir()
        dataset = staging / "dataset"
        dataset.mkdir()
        stage = Stage(staging / "work")
        try:
            sources = _read_files(export, files, stage, report, progress)
            assemble.find_conflicts(stage.con, report, sources, export.source_column)
            versions.keep_newest(stage.con, report, {s.file_no: s.label for s in sources},
                                 export.source_column)
            _note_merged_rows(stage, sources, report)
            if report.total and not skip_bad:
                return Outcome(report)
            sources = [s for s in sources if _has_events(stage, s)]
            if not sources:
                report.add(", ".join(str(f) for f in files), 0, "", "no event to import")
                return Outcome(report)
            counts = _assemble(export, stage, sources, dataset, with_dir, report, crosswalk_dir,
                               skip_bad)
            if counts is None:  # the --with dataset cannot be merged: never written
                return Outcome(report)
        finally:
            stage.close()
        report.write(dataset / output.REPORT_NAME)
        replace_directory(dataset, out)
        return Outcome(report, True, counts)


def _check_out(out: Path, with_dir: Path | None) -> None:
    if with_dir is not None and Path(with_dir).resolve() == out:
        raise ImportRefused(f"--out {out} is the --with dataset; write the import elsewhere")
    if not output.replaceable(out):
        raise ImportRefused(
            f"--out {out} exists and was not written by an import (no {output.REPORT_NAME}); "
            "choose an empty or new folder"
        )


def _read_files(export: Export, files: list[Path], stage: Stage, report: Report,
                progress: Progress | None) -> list[assemble.SourceFile]:
    sources: list[assemble.SourceFile] = []
    used: set[str] = set()
    for file_no, path in enumerate(files):
        label = str(path)
        opened = _open(export, Path(path), label, report)
        if opened is None:
            continue
        encoding, columns = opened
        tags = hxl.tag_row(Path(path), encoding)
        if tags:
            shown = ", ".join(t for t in tags if t.strip())
            report.note(f"{label}: row 2 is an HXL hashtag row (HDX's copy), skipped: {shown[:120]}"
                        + ("..." if len(shown) > 120 else ""))
            report.section("HXL hashtag rows skipped", [f"{label}: row 2: {shown}"])
        read = 0
        for chunk in read_chunks(Path(path), label, _pyarrow_encoding(encoding), columns,
                                 report, progress, 1 if tags else 0):
            stage.add(export.map_chunk(chunk.frame, chunk.rows, label, report), file_no, chunk.rows)
            read = chunk.first_row + len(chunk.frame) - 1
        if read == 0:
            report.add(label, 0, "", "empty file: a header but no rows")
            continue
        source_id = _unique(f"{export.origin}-{slug(Path(path).stem, 'export')}", used)
        preamble = (
            f"{export.label} export {Path(path).name}, as imported by sahel-atlas.\n"
            f"One block per event: a line with its fields ({export.fields_line}), then its "
            f"{export.notes_name}, then a blank line.\n\n"
        )
        title = f"{export.label} export {Path(path).name}"
        sources.append(assemble.SourceFile(file_no, label, source_id, title, preamble))
    return sources


def _open(export: Export, path: Path, label: str, report: Report) -> tuple[str, list[str]] | None:
    """(encoding, columns) of a readable file of a known layout; else None, reported."""
    if not path.is_file():
        report.add(label, 0, "", "file not found")
        return None
    if path.stat().st_size == 0:
        report.add(label, 0, "", "empty file")
        return None
    encoding = detect_encoding(path)
    if encoding != "utf-8":
        name = {"cp1252": "Windows-1252", "latin-1": "Latin-1 (ISO-8859-1)"}[encoding]
        report.note(f"{label}: not UTF-8; read as {name}")
    columns = read_header(path, encoding)
    if not columns or not any(columns):
        report.add(label, 0, "", "empty file")
        return None
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    for column in doubled:
        report.add(label, 1, column, "column appears more than once")
    layout, missing = export.detect_layout(columns)
    if layout is None:
        report.add(label, 1, "", f"unknown layout: {export.layout_hint()}")
        return None
    for column in missing:
        report.add(label, 1, column, f"missing required column ({export.label} layout '{layout}')")
    if missing or doubled:
        return None
    report.note(f"{label}: {export.label} layout '{layout}'")
    return encoding, columns


def _pyarrow_encoding(encoding: str) -> str:
    return {"utf-8": "utf8"}.get(encoding, encoding)


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _has_events(stage: Stage, source: assemble.SourceFile) -> bool:
    return bool(stage.con.execute(
        "SELECT count(*) FROM staged WHERE file_no = ? AND seq IN "
        "(SELECT min(seq) FROM staged GROUP BY event_id)", [source.file_no]
    ).fetchall()[0][0])


def _note_merged_rows(stage: Stage, sources: list[assemble.SourceFile], report: Report) -> None:
    merged, rows = stage.con.execute(
        "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM staged "
        "GROUP BY event_id HAVING count(*) > 1)"
    ).fetchall()[0]
    if merged:
        report.note(f"{merged} event(s) given on several rows (one row per actor, or in "
                    f"several files) merged from {rows} rows")


def _assemble(export: Export, stage: Stage, sources: list[assemble.SourceFile], dataset: Path,
              with_dir: Path | None, report: Report, crosswalk_dir: Path | None = None,
              skip_bad: bool = False) -> dict[str, int] | None:
    """Build and write every table into `dataset`; None if the --with dataset cannot merge."""
    con = stage.con
    assemble.build_tables(con, export.origin, export.label, sources)
    written = assemble.write_texts(con, sources, dataset / "texts")
    spans = {n: (lo, hi) for n, lo, hi in con.execute(
        "SELECT file_no, min(date_start), max(date_end) FROM ev GROUP BY file_no").fetchall()}
    rows = [
        {
            "source_id": s.source_id,
            "title": s.title,
            "publisher": export.publisher,
            "published_note": "Export date unknown; its events run from {} to {}.".format(
                *spans[s.file_no]),
            "language": "en",
            "machine_translated": False,
            "kind": "dataset export",
            "reliability": "F",
            "reliability_reason": "Imported as is: each event's own sources are in its citation.",
            "path": f"texts/{s.source_id}.txt",
            "sha256": written[s.file_no][0],
            "chars": written[s.file_no][1],
            "origin": export.origin,
        }
        for s in sources
    ]
    con.register("imp_sources", pa.Table.from_pylist(rows, schema=schema.TABLES["sources"]))
    parts: dict[str, list[tuple[str, str | None]]] = {
        name: [(f"imp_{name}", None)]
        for name in ("sources", "actors", "locations", "events", "event_actors", "excerpts",
                     "crosswalk")
    }
    if with_dir is not None:
        before = report.total
        if not merge.load_with(con, Path(with_dir).resolve(), dataset, report):
            return None
        merge.check_collisions(con, str(with_dir), report)
        if report.total > before:
            return None
        for name in schema.TABLES:
            default = schema.ORIGIN_CURATED if "origin" in schema.TABLES[name].names else None
            parts.setdefault(name, []).append((f"cur_{name}", default))
    before = report.total
    identity.resolve(con, export.origin, with_dir is not None, crosswalk_dir, report)
    if report.total > before and not skip_bad:  # a broken crosswalk file: fix it first
        return None
    output.copy_tables(con, dataset, parts)
    return {
        name: con.execute("SELECT count(*) FROM read_parquet(?)",
                          [str(dataset / f"{name}.parquet")]).fetchall()[0][0]
        for name in schema.TABLES
    }
