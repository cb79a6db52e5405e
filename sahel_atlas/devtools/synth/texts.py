"""The synthetic source documents, written to `texts/`, and the excerpts quoted from them."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.devtools.synth.actors import Actors
from sahel_atlas.devtools.synth.arrays import table
from sahel_atlas.devtools.synth.places import Places

# The metadata every synthetic source shares (each document overrides some of it).
META = {"publisher": "Sahel Atlas synthetic data", "published": dt.date(2022, 12, 31),
        "published_precision": "day", "published_note": "synthetic", "language": "en",
        "machine_translated": False, "kind": "gazetteer", "reliability": "F",
        "reliability_reason": "synthetic text for load testing", "origin": None}
KIND_WORDS = {"point": "a town", "area": "an area", "region": "a region"}


class Texts:
    """Source documents being written: their text, and the excerpts found in them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sources: list[dict] = []
        self.excerpts: list[tuple[str, str, int, int, str]] = []

    def document(self, source_id: str, header: str, lines: list[str], meta: dict) -> list[str]:
        """Write one document (header, blank line, one line per quote); the quotes' ids."""
        text = header + "\n\n" + "\n".join(lines) + "\n"
        start = len(header) + 2
        ids = []
        for line in lines:
            excerpt_id = f"{source_id}:{start}-{start + len(line)}"
            self.excerpts.append((excerpt_id, source_id, start, start + len(line), line))
            ids.append(excerpt_id)
            start += len(line) + 1
        self._write(source_id, header, text, meta)
        return ids

    def take_written(self) -> tuple[list[dict], pa.Table]:
        """The sources rows and the excerpts table written since the last call."""
        sources, excerpts = self.sources, _excerpt_table(self.excerpts)
        self.sources, self.excerpts = [], []
        return sources, excerpts

    def _write(self, source_id: str, title: str, text: str, meta: dict) -> None:
        raw = text.encode("utf-8")
        (self.directory / "texts" / f"{source_id}.txt").write_bytes(raw)
        self.sources.append(
            {
                "source_id": source_id,
                "title": title,
                "path": f"texts/{source_id}.txt",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "chars": len(text),
                **meta,
            }
        )


def _excerpt_table(rows: list[tuple[str, str, int, int, str]]) -> pa.Table:
    return table("excerpts", {
        "excerpt_id": [r[0] for r in rows], "source_id": [r[1] for r in rows],
        "char_start": [r[2] for r in rows], "char_end": [r[3] for r in rows],
        "text": [r[4] for r in rows],
    }) if rows else schema.TABLES["excerpts"].empty_table()


def gazetteer_document(texts: Texts, places: Places, country_names: list[str]) -> list[str]:
    """One line per place, quoted by its location row; the excerpt ids, place by place."""
    lines = [
        f"{name} is {KIND_WORDS[prec]} in {country} ({la:.2f}, {lo:.2f})."
        for name, prec, country, la, lo in zip(places.name, places.precision, country_names,
                                               places.latitude, places.longitude)
    ]
    return texts.document("syn-gazetteer", "[Synthetic gazetteer of the Sahel and the Maghreb]", lines, META)


def profiles_document(texts: Texts, actors: Actors) -> tuple[list[str], list[str]]:
    """One profile per actor (its summary), quoted by its actor row: (summaries, excerpt ids)."""
    profiles = []
    for name, kind, family, alias, y0, y1 in zip(actors.name, actors.kind, actors.family,
                                                  actors.aliases, actors.first, actors.last):
        also = f", also called {', '.join(alias)}," if alias else ""
        profiles.append(f"{name}{also} is a {kind} of the {family} family, active from {y0} to {y1}.")
    ids = texts.document("syn-actors", "[Synthetic profiles of armed actors]", profiles,
                         {**META, "kind": "profiles"})
    return profiles, ids
