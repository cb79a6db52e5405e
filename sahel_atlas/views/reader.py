"""The source reader: a document's text cut into highlighted segments, and what cites an excerpt.

Pure logic for `components/reader.py`: no Streamlit. The document HTML built here is the only
place source text becomes markup, and every piece of source text goes through `html.escape`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import date_label
from sahel_atlas.text.values import text as _text

# `<source_id>:<char_start>-<char_end>`; the source id is a file stem (no colon in practice,
# but the offsets are taken from the last colon so that one would not break the parse).
_EXCERPT_ID = re.compile(r"^(?P<source>.+):(?P<start>\d+)-(?P<end>\d+)$")
FACT_KINDS = ("events", "claims", "actors", "locations", "relations")
RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


class ExcerptRef(NamedTuple):
    source_id: str
    char_start: int
    char_end: int


class Segment(NamedTuple):
    """A stretch `text[start:end]` covered by exactly the excerpts `excerpt_ids` (maybe none)."""

    start: int
    end: int
    excerpt_ids: tuple[str, ...]


def parse_excerpt_id(excerpt_id: object) -> ExcerptRef | None:
    """`src:12-40` -> ExcerptRef('src', 12, 40); None for anything that is not an excerpt id."""
    if not isinstance(excerpt_id, str):
        return None
    match = _EXCERPT_ID.match(excerpt_id.strip())
    if not match:
        return None
    start, end = int(match["start"]), int(match["end"])
    if end < start:
        return None
    return ExcerptRef(match["source"], start, end)


def _spans(excerpts: pd.DataFrame | Iterable[Sequence]) -> list[tuple[str, int, int]]:
    if isinstance(excerpts, pd.DataFrame):
        rows = zip(excerpts["excerpt_id"], excerpts["char_start"], excerpts["char_end"])
    else:
        rows = excerpts
    return [(str(i), int(s), int(e)) for i, s, e in rows]


def segments(text: str, excerpts: pd.DataFrame | Iterable[Sequence]) -> list[Segment]:
    """Cut `text` into consecutive, non-overlapping segments that cover it from 0 to len(text).

    `excerpts` is a frame with `excerpt_id`, `char_start`, `char_end` or an iterable of
    `(excerpt_id, start, end)`. Each segment lists the excerpts covering all of it, sorted by
    start then id; where excerpts overlap or nest, the text is cut at every start and end, so
    the segments' texts joined give back `text` exactly. Offsets outside the text are clipped,
    and empty excerpts are left out.
    """
    size = len(text)
    spans = []
    for excerpt_id, start, end in _spans(excerpts):
        start, end = max(0, min(start, size)), max(0, min(end, size))
        if start < end:
            spans.append((excerpt_id, start, end))
    order = {x: (s, e, x) for x, s, e in spans}
    cuts = sorted({0, size} | {s for _, s, _ in spans} | {e for _, _, e in spans})
    starting: dict[int, list[str]] = {}
    ending: dict[int, list[str]] = {}
    for excerpt_id, start, end in spans:
        starting.setdefault(start, []).append(excerpt_id)
        ending.setdefault(end, []).append(excerpt_id)
    active: dict[str, int] = {}  # excerpt id -> how many spans with that id are open
    result: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        for excerpt_id in ending.get(left, ()):
            active[excerpt_id] -= 1
            if not active[excerpt_id]:
                del active[excerpt_id]
        for excerpt_id in starting.get(left, ()):
            active[excerpt_id] = active.get(excerpt_id, 0) + 1
        ids = tuple(sorted(active, key=order.__getitem__))
        if result and result[-1].excerpt_ids == ids and result[-1].end == left:
            result[-1] = Segment(result[-1].start, right, ids)
        else:
            result.append(Segment(left, right, ids))
    return result


def anchor_id(char_start: int) -> str:
    """The HTML id of the mark where an excerpt starting at `char_start` begins."""
    return f"x-{int(char_start)}"


_STYLE = """
body { margin: 0; padding: 0.5rem 0.75rem; font-family: "Source Serif Pro", Georgia, serif;
       font-size: 1rem; line-height: 1.6; color: #1f2328; background: #ffffff; }
.doc { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 60rem; }
mark { background: #fff1a8; color: inherit; border-bottom: 1px solid #d4b000; padding: 0; }
mark.n2 { background: #ffe066; }
mark.n3 { background: #ffd43b; }
mark.start { box-shadow: inset 2px 0 0 #c99a00; }
mark.sel { background: #a5d8ff; border-bottom: 2px solid #1c7ed6; }
mark.sel-start { outline: 2px solid #1c7ed6; outline-offset: 1px; }
"""


def document_html(
    text: str,
    excerpts: pd.DataFrame | Iterable[Sequence],
    selected: str | None = None,
    title: str | None = None,
) -> str:
    """A standalone HTML page: the text with every excerpt in a `<mark>`, the selected one
    highlighted differently and scrolled to the centre by an inline script.

    Every piece of source text (and the title and the ids in attributes) is HTML-escaped; the
    page loads nothing: no link, image, font or script from anywhere.
    """
    spans = _spans(excerpts)
    starts = {x: s for x, s, _ in spans}
    start_points = set(starts.values())
    parts: list[str] = []
    for seg in segments(text, spans):
        piece = html.escape(text[seg.start : seg.end], quote=False)
        if not seg.excerpt_ids:
            parts.append(piece)
            continue
        classes = [f"n{min(len(seg.excerpt_ids), 3)}"]
        if seg.start in start_points:
            classes.append("start")  # an excerpt begins here: abutting excerpts stay apart
        if selected in seg.excerpt_ids:
            classes.append("sel")
            if starts.get(selected) == seg.start:
                classes.append("sel-start")
        ids = " ".join(seg.excerpt_ids)
        label = f"{len(seg.excerpt_ids)} excerpts: {ids}" if len(seg.excerpt_ids) > 1 else ids
        parts.append(
            f'<mark id="{anchor_id(seg.start)}" class="{" ".join(classes)}" '
            f'data-excerpts="{html.escape(ids)}" title="{html.escape(label)}">{piece}</mark>'
        )
    script = ""
    if selected is not None and selected in starts:
        target = json.dumps(anchor_id(starts[selected]))
        script = (
            "<script>(function(){var el=document.getElementById(" + target + ");"
            'if(el){el.scrollIntoView({block:"center"});}})();</script>'
        )
    heading = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"{heading}<style>{_STYLE}</style></head><body>"
        f'<div class="doc">{"".join(parts)}</div>{script}</body></html>'
    )


# ---------------------------------------------------------------------------------------------
# Sources and the request for a document


def published_label(published: dt.date | None, precision: str | None) -> str:
    """A publication date at its precision: 2020-06-05, June 2020, 2020, or 'unknown'."""
    if published is None or pd.isna(published):
        return "unknown"
    if precision == "span":
        return f"around {published.year} (a span from {published.isoformat()})"
    if precision in ("month", "year"):
        return date_label(published, published, precision)
    return published.isoformat()


def excerpt_counts(ds: Dataset) -> dict[str, int]:
    rows = ds.con.cursor().sql(
        "SELECT source_id, count(*) FROM excerpts GROUP BY source_id"
    ).fetchall()
    return {str(k): int(v) for k, v in rows}


def sources_table(ds: Dataset) -> pd.DataFrame:
    """One readable row per source document, with its metadata and how many excerpts it has."""
    src = ds.sources
    counts = excerpt_counts(ds)

    def column(name: str) -> pd.Series:
        return src[name] if name in src else pd.Series([None] * len(src), index=src.index)

    grades = column("reliability")
    return pd.DataFrame(
        {
            "Source ID": src["source_id"],
            "Title": src["title"],
            "Publisher": src["publisher"],
            "Author": column("author").map(lambda v: _text(v, "—")),
            "Published": [
                published_label(p, q)
                for p, q in zip(column("published"), column("published_precision"))
            ],
            "Date note": column("published_note").map(_text),
            "Language": column("language").map(_text),
            "Machine-translated": column("machine_translated").map(
                lambda v: bool(v) if v is not None and not pd.isna(v) else False
            ),
            "Kind": column("kind").map(_text),
            "Reliability": [
                f"{g} ({RELIABILITY_WORDS.get(_text(g), 'unknown grade')})" if _text(g) else "—"
                for g in grades
            ],
            "Reliability reason": column("reliability_reason").map(_text),
            "Excerpts": [counts.get(s, 0) for s in src["source_id"]],
        }
    ).reset_index(drop=True)


def document_excerpts(ds: Dataset, source_id: str) -> pd.DataFrame:
    """The excerpts of one document in reading order."""
    frame = ds.rows("excerpts", "source_id = ?", [source_id])
    return frame.sort_values(["char_start", "char_end", "excerpt_id"]).reset_index(drop=True)


@dataclass
class ReaderRequest:
    """What the reader shows: a document, maybe an excerpt in it, and notices about the link."""

    source_id: str | None
    excerpt_id: str | None
    notices: list[str] = field(default_factory=list)


def _first(value: object) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def resolve_request(
    ds: Dataset,
    doc: str | Sequence[str] | None,
    excerpt: str | Sequence[str] | None,
    fallback_sources: Sequence[str] = (),
) -> ReaderRequest:
    """The document and excerpt a link asks for, validated against the dataset.

    `doc` is the `doc=` URL parameter, `excerpt` the `excerpt=` one. Without `doc`, the
    document is the excerpt's source (so `?source=<id>&excerpt=<id>` opens it), else the first
    valid id in `fallback_sources` (the source filter), else the first document. A value that
    does not resolve is dropped with a notice saying which and why; nothing raises.
    """
    sources = list(ds.sources["source_id"])
    known = set(sources)
    doc, excerpt = _first(doc), _first(excerpt)
    notices: list[str] = []
    excerpt_source: str | None = None
    if excerpt is not None:
        rows = ds.rows_by_id("excerpts", "excerpt_id", [excerpt])
        if not rows.empty:
            excerpt_source = str(rows["source_id"].iloc[0])
        else:
            ref = parse_excerpt_id(excerpt)
            if ref is None:
                notices.append(
                    f"excerpt={excerpt} was ignored: an excerpt id reads "
                    "<source_id>:<char_start>-<char_end>."
                )
            elif ref.source_id in known:
                notices.append(
                    f"excerpt={excerpt} was ignored: the dataset has no such excerpt in "
                    f"{ref.source_id}; showing the document."
                )
                if doc is None:
                    doc = ref.source_id
            else:
                notices.append(
                    f"excerpt={excerpt} was ignored: there is no source '{ref.source_id}'."
                )
            excerpt = None
    if doc is not None and doc not in known:
        notices.append(f"doc={doc} was ignored: there is no such source document.")
        doc = None
    if doc is None:
        doc = excerpt_source or next((s for s in fallback_sources if s in known), None)
        doc = doc or (sources[0] if sources else None)
    if excerpt is not None and excerpt_source != doc:
        notices.append(f"excerpt={excerpt} was ignored: it is not an excerpt of {doc}.")
        excerpt = None
    return ReaderRequest(doc, excerpt, notices)


# ---------------------------------------------------------------------------------------------
# What cites an excerpt


def _citing(frame: pd.DataFrame, excerpt_id: str) -> pd.DataFrame:
    if frame.empty or "excerpt_ids" not in frame:
        return frame.iloc[0:0]
    mask = frame["excerpt_ids"].map(lambda ids: excerpt_id in (ids if ids is not None else ()))
    return frame[mask.astype(bool)].reset_index(drop=True)


def facts_citing(
    ds: Dataset, excerpt_id: str, events: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The rows of every fact table whose `excerpt_ids` contain `excerpt_id`.

    Keys are `events`, `claims`, `actors`, `locations`, `relations`; the frames keep their
    table's columns. When `events` is given (the filtered events), only those events and
    their claims are searched; actors, places and relations are always all searched.
    """
    # Only the rows that cite the excerpt leave DuckDB: the tables may hold millions.
    cites = "list_contains(excerpt_ids, ?)"
    pool = ds.rows("events", cites, [excerpt_id]) if events is None else events
    result = {
        "events": _citing(pool, excerpt_id),
        "claims": ds.rows("claims", cites, [excerpt_id]),
        "actors": _citing(ds.actors, excerpt_id),
        "locations": _citing(ds.locations, excerpt_id),
        "relations": _citing(ds.relations, excerpt_id),
    }
    if events is not None:
        claims = result["claims"]
        result["claims"] = claims[claims["event_id"].isin(set(pool["event_id"]))].reset_index(
            drop=True
        )
    return result


def fact_lines(ds: Dataset, facts: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """One plain-text line per fact (not escaped: the caller escapes for its medium)."""
    actor_names = dict(zip(ds.actors["actor_id"], ds.actors["name"]))
    event_titles = dict(zip(facts["events"]["event_id"], facts["events"]["title"]))
    source_titles = dict(zip(ds.sources["source_id"], ds.sources["title"]))
    lines: dict[str, list[str]] = {}
    lines["events"] = [
        f"{r.title} · {date_label(r.date_start, r.date_end, r.date_precision)} · {r.status}"
        for r in facts["events"].itertuples()
    ]
    lines["claims"] = [
        f"{event_titles.get(r.event_id, r.event_id)}: {r.aspect} = {r.value} "
        f"(according to {source_titles.get(r.source_id, r.source_id)})"
        for r in facts["claims"].itertuples()
    ]
    lines["actors"] = [f"{r.name} ({r.kind})" for r in facts["actors"].itertuples()]
    lines["locations"] = [
        f"{r.name} ({r.country_iso3}, {r.precision})" for r in facts["locations"].itertuples()
    ]
    lines["relations"] = [
        f"{actor_names.get(r.subject_id, r.subject_id)} {str(r.predicate).replace('_', ' ')} "
        f"{actor_names.get(r.object_id, r.object_id)}"
        for r in facts["relations"].itertuples()
    ]
    return lines
