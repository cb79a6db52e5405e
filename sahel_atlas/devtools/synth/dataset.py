"""`synthesize`: the whole synthetic dataset, drawn chunk by chunk and replaced atomically."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from sahel_atlas.devtools.synth.arrays import table
from sahel_atlas.devtools.synth.days import Dates, draw_dates
from sahel_atlas.devtools.synth.events import Chunk, draw, event_actors_table, events_table, phrases
from sahel_atlas.devtools.synth.evidence import cite, evidence_lists
from sahel_atlas.devtools.synth.progress import Progress, default_progress
from sahel_atlas.devtools.synth.relations import relations
from sahel_atlas.devtools.synth.texts import Texts
from sahel_atlas.devtools.synth.world import World, build_world
from sahel_atlas.devtools.synth.write import StreamedTables, write_reference_tables
from sahel_atlas.store.atomic import replace_directory, staging_folder

# Events are generated and written in chunks of about this many rows (a multiple of every
# source's run of events), each chunk in row groups of write.ROW_GROUP rows.
CHUNK = 262_144


def synthesize(
    n_events: int, out: Path | str, seed: int = 0, progress: Progress | None = None
) -> Path:
    """Write a synthetic dataset of `n_events` events to `out` (replaced atomically)."""
    if n_events < 1:
        raise ValueError("n_events must be at least 1")
    out = Path(out).expanduser().resolve()
    progress = default_progress(n_events, progress)
    with staging_folder(out.parent, f".{out.name}.synth-") as stage:
        stage.chmod(0o755)  # the staged folder becomes the dataset: readable as any folder
        _write_dataset(n_events, stage, seed, progress)
        replace_directory(stage, out)
    return out


def per_source(n_events: int) -> int:
    """How many consecutive events one digest reports: 50 to 2,048."""
    return int(np.clip(n_events // 200, 50, 2048))


def _write_dataset(n: int, directory: Path, seed: int, progress: Progress | None) -> None:
    """Draw places, actors and dates; stream the events chunk by chunk; then the other tables."""
    started = time.perf_counter()
    (directory / "texts").mkdir()
    rng = np.random.default_rng([seed, 0])
    texts = Texts(directory)
    world = build_world(rng, n, texts)
    dates = draw_dates(rng, n)
    with StreamedTables(directory) as streamed:
        source_rows = _write_events(world, dates, seed, texts, streamed, progress)
        # Relations cite a document of their own; its excerpts close the excerpts file.
        related = relations(np.random.default_rng([seed, 2]), world.actors, texts)
        rows, excerpts = texts.take_written()
        streamed.write("excerpts", excerpts)
        source_rows += rows
    write_reference_tables(directory, world, related, source_rows)
    if progress:
        progress(f"done in {time.perf_counter() - started:.1f} s, {len(world.places.name):,} places, "
                 f"{world.n_actors:,} actors, {len(source_rows):,} sources; events", n, n)


def _write_events(world: World, dates: Dates, seed: int, texts: Texts,
                  streamed: StreamedTables, progress: Progress | None) -> list[dict]:
    """Every chunk of events with its evidence; the sources rows of the documents written."""
    n = len(dates.days)
    run = per_source(n)
    size = max(run, CHUNK // run * run)
    source_rows: list[dict] = []
    for chunk_no, a in enumerate(range(0, n, size)):
        b = min(n, a + size)
        chunk = Chunk(a, b, dates.start[a:b], dates.end[a:b], dates.precision[a:b])
        d = draw(np.random.default_rng([seed, 1, chunk_no]), world, chunk)
        p = phrases(world, chunk, d)
        evidence = cite(texts, world, chunk, d, p, dates.days, run)
        sources, excerpts = evidence_lists(chunk, d, evidence, run)
        streamed.write("events", events_table(world, chunk, d, p, sources, excerpts))
        streamed.write("event_actors", event_actors_table(world, chunk, d, p))
        if evidence.claims["claim_id"]:
            streamed.write("claims", table("claims", evidence.claims))
        rows, excerpt_rows = texts.take_written()
        streamed.write("excerpts", excerpt_rows)
        source_rows += rows
        if progress:
            progress("events", b, n)
    return source_rows
