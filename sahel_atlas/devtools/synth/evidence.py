"""The evidence of a chunk of events: a digest per run of events, a counter-bulletin beside it,
claims for every claimed or disputed event, and each event's lists of sources and excerpts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from sahel_atlas.devtools.synth.arrays import list_array
from sahel_atlas.devtools.synth.days import day_of
from sahel_atlas.devtools.synth.events import Chunk, Draws, Phrases
from sahel_atlas.devtools.synth.texts import META, Texts
from sahel_atlas.devtools.synth.vocab import PUBLISHERS
from sahel_atlas.devtools.synth.world import World

CLAIM_COLUMNS = ("claim_id", "event_id", "aspect", "value", "source_id", "excerpt_ids")
# An event's alternative perpetrator, in a disputed event's competing claim, is this many ranks on.
ALT_ACTOR_SHIFT = 7


def digest_id(s: int) -> str:
    return f"syn-d{s:05d}"


def bulletin_id(s: int) -> str:
    return f"syn-c{s:05d}"


@dataclass
class Evidence:
    """The excerpts quoting each event of a chunk (by row in the chunk), and its claims."""

    primary: list[str | None]
    secondary: dict[int, str] = field(default_factory=dict)
    claims: dict[str, list] = field(default_factory=lambda: {k: [] for k in CLAIM_COLUMNS})

    def claim(self, claim_id: str, event_id: str, value: str, source_id: str, excerpt_id: str) -> None:
        for key, v in zip(CLAIM_COLUMNS, (claim_id, event_id, "perpetrator", value, source_id, [excerpt_id])):
            self.claims[key].append(v)


@dataclass(frozen=True)
class _Rows:
    """The chunk's columns as Python lists, for writing documents line by line."""

    sentences: list[str]
    event_ids: list[str]
    names: list[str]
    alt_names: list[str]
    places: list[str]


def cite(texts: Texts, world: World, chunk: Chunk, d: Draws, p: Phrases,
         days: np.ndarray, per_source: int) -> Evidence:
    """Write the documents of every source run in the chunk; the excerpts and claims they give."""
    rows = _Rows(p.sentence.to_pylist(), p.event_id.to_pylist(), p.actor_name.to_pylist(),
                 world.actor_names.take(pa.array((d.a1 + ALT_ACTOR_SHIFT) % world.n_actors)).to_pylist(),
                 p.place_name.to_pylist())
    evidence = Evidence([None] * chunk.size)
    for s in range(chunk.a // per_source, (chunk.b + per_source - 1) // per_source):
        lo, hi = s * per_source - chunk.a, min((s + 1) * per_source, chunk.b) - chunk.a
        first_day, last_day = day_of(days[chunk.a + lo]), day_of(days[chunk.a + hi - 1])
        evidence.primary[lo:hi] = _digest(texts, s, rows.sentences[lo:hi], first_day, last_day)
        corroborated = [i for i in range(lo, hi) if d.corroborated[i]]
        lines = [_bulletin_line(rows, d.status[i], i) for i in corroborated]
        for i, x in zip(corroborated, _bulletin(texts, s, lines, last_day)):
            evidence.secondary[i] = x
        _claims(evidence, rows, d.status, s, range(lo, hi))
    return evidence


def _digest(texts: Texts, s: int, sentences: list[str], first_day, last_day) -> list[str]:
    """The digest of one run of events: one sentence per event."""
    publisher = PUBLISHERS[s % len(PUBLISHERS)]
    return texts.document(
        digest_id(s), f"{publisher}: security events, {first_day:%d %B %Y} to {last_day:%d %B %Y}",
        sentences,
        {**META, "publisher": publisher, "published": last_day, "kind": "news digest",
         "reliability": "BCD"[s % 3], "reliability_reason": "synthetic digest"},
    )


def _bulletin_line(rows: _Rows, status: int, i: int) -> str:
    if status == 2:
        return f"Other sources attributed the attack near {rows.places[i]} to {rows.alt_names[i]}, not to {rows.names[i]}."
    return f"Local sources confirmed the incident near {rows.places[i]} involving {rows.names[i]}."


def _bulletin(texts: Texts, s: int, lines: list[str], last_day) -> list[str]:
    """The counter-bulletin beside digest `s`: corroborations and competing claims."""
    other = PUBLISHERS[(s + 3) % len(PUBLISHERS)]
    return texts.document(
        bulletin_id(s), f"{other}: corroborations and competing claims, {last_day:%B %Y}", lines,
        {**META, "publisher": other, "published": last_day, "kind": "news report",
         "reliability": "CDE"[s % 3], "reliability_reason": "synthetic bulletin"},
    )


def _claims(evidence: Evidence, rows: _Rows, status: np.ndarray, s: int, events: range) -> None:
    """A claimed event's perpetrator claim; a disputed one's, and the bulletin's competing claim."""
    pid, sid = digest_id(s), bulletin_id(s)
    for i in events:
        if status[i] == 0:
            continue
        ev = rows.event_ids[i]
        evidence.claim(f"{ev}-c1-{pid[4:]}", ev, rows.names[i], pid, evidence.primary[i])
        if status[i] == 2:
            evidence.claim(f"{ev}-c2-{sid[4:]}", ev, rows.alt_names[i], sid, evidence.secondary[i])


def evidence_lists(chunk: Chunk, d: Draws, evidence: Evidence, per_source: int) -> tuple[pa.Array, pa.Array]:
    """Each event's source_ids and excerpt_ids: the digest's, and the bulletin's when there is one."""
    src_no = chunk.index // per_source
    offsets = np.zeros(chunk.size + 1, np.int32)
    offsets[1:] = np.cumsum(1 + d.corroborated.astype(np.int32))
    ex_values = np.empty(offsets[-1], dtype=object)
    src_values = np.empty(offsets[-1], dtype=object)
    ex_values[offsets[:-1]] = evidence.primary
    src_values[offsets[:-1]] = [digest_id(s) for s in src_no]
    second = np.flatnonzero(d.corroborated)
    ex_values[offsets[second] + 1] = [evidence.secondary[i] for i in second]
    src_values[offsets[second] + 1] = [bulletin_id(s) for s in src_no[second]]
    return (list_array(offsets, pa.array(src_values, pa.string())),
            list_array(offsets, pa.array(ex_values, pa.string())))
