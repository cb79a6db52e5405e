"""The Actors page's index: every actor with its events counted per origin, searchable.

Pure logic (no Streamlit). `actor_index` asks DuckDB once per dataset for the counts, so it
costs one grouped scan of `events` whatever their number; `search` then filters and sorts the
index in pandas (thousands of rows, milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import pyarrow.parquet as pq

from sahel_atlas.query.options import actor_event_counts
from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import fold
from sahel_atlas.text.values import str_list, text
from sahel_atlas.views.profile.directory import directory
from sahel_atlas.views.profile.facts import ORIGIN_RANK, origin_phrase

CURATED = "curated"
ORIGIN_NAMES = {CURATED: "the sources (curated)", "acled": "ACLED", "ucdp": "UCDP"}
SORTS = ("events", "name")
COLUMNS = ["actor_id", "url_path", "title", "name", "kind", "family", "origin",
           "events", "by_origin", "imported_names", "search_text"]


def origin_of(value: object) -> str:
    """A row's origin; rows without one are the curated dataset's."""
    return text(value) or CURATED


def ordered_origins(origins: Iterable[str]) -> list[str]:
    return sorted(set(origins), key=lambda o: (ORIGIN_RANK.get(o, 9), o))


def origin_counts_text(counts: Mapping[str, int]) -> str:
    """'16 from the sources, 355 from ACLED': the per-origin counts in reading order."""
    return origin_phrase((o, counts[o]) for o in ordered_origins(counts))


def event_counts(ds: Dataset) -> dict[str, dict[str, int]]:
    """actor id -> {origin: events}, from `events.origin` of the events naming the actor."""
    return actor_event_counts(ds)


def crosswalk_names(ds: Dataset) -> dict[str, list[str]]:
    """actor id -> the names imports saw for it (`crosswalk.source_name`); {} without the table."""
    # The crosswalk is an import's file beside the contract's tables, not one of them.
    file = ds.path / "crosswalk.parquet"
    if not file.exists():
        return {}
    table = pq.read_table(file, columns=["entity", "source_name", "entity_id"])
    if not table.num_rows:
        return {}
    frame = table.select(["entity", "source_name", "entity_id"]).to_pandas()
    frame = frame[frame["entity"] == "actor"]
    names: dict[str, list[str]] = {}
    for entity_id, source_name in zip(frame["entity_id"], frame["source_name"]):
        found = names.setdefault(str(entity_id), [])
        if text(source_name) and source_name not in found:
            found.append(str(source_name))
    return names


def actor_index(ds: Dataset) -> pd.DataFrame:
    """One row per actor: profile path, names, kind, family, origin, events (total and per
    origin), the names imports gave it, and a folded text of every name for searching."""
    counts = event_counts(ds)
    imported = crosswalk_names(ds)
    actors = ds.actors
    extra = {
        str(a): (text(f) or "other", origin_of(o), str_list(al))
        for a, f, o, al in zip(
            actors["actor_id"],
            actors["family"] if "family" in actors else [None] * len(actors),
            actors["origin"] if "origin" in actors else [None] * len(actors),
            actors["aliases"],
        )
    }
    rows = []
    for entry in directory(ds):
        family, origin, aliases = extra[entry.actor_id]
        by_origin = counts.get(entry.actor_id, {})
        names = imported.get(entry.actor_id, [])
        every = [entry.title, entry.name, entry.actor_id, *aliases, *names]
        rows.append({
            "actor_id": entry.actor_id, "url_path": entry.url_path, "title": entry.title,
            "name": entry.name, "kind": entry.kind, "family": family, "origin": origin,
            "events": sum(by_origin.values()), "by_origin": by_origin,
            "imported_names": [n for n in names if n not in (entry.name, entry.title)],
            "search_text": "\n".join(fold(n) for n in every),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class ActorQuery:
    """What the Actors page asks: a search text, kinds, families, origins and a sort."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()  # an actor matches when it comes from, or has events from, one
    sort: str = "events"


def _has_origin(row_origin: str, by_origin: Mapping[str, int], wanted: set[str]) -> bool:
    return row_origin in wanted or any(by_origin.get(o) for o in wanted)


def search(index: pd.DataFrame, query: ActorQuery) -> pd.DataFrame:
    """The index rows that match `query`, most events first (or by name)."""
    rows = index
    needle = fold(query.q)
    if needle:
        rows = rows[rows["search_text"].str.contains(needle, regex=False)]
    if query.kinds:
        rows = rows[rows["kind"].isin(query.kinds)]
    if query.families:
        rows = rows[rows["family"].isin(query.families)]
    if query.origins:
        wanted = set(query.origins)
        mask = [_has_origin(o, c, wanted) for o, c in zip(rows["origin"], rows["by_origin"])]
        rows = rows[mask]
    folded = rows["title"].map(fold)
    if query.sort == "name":
        order = rows.assign(_t=folded).sort_values(["_t", "actor_id"], kind="stable")
    else:
        order = rows.assign(_t=folded).sort_values(
            ["events", "_t", "actor_id"], ascending=[False, True, True], kind="stable"
        )
    return order.drop(columns="_t").reset_index(drop=True)


def parse_query(params: Mapping[str, list[str]], index: pd.DataFrame) -> tuple[ActorQuery, list[str]]:
    """The page's state from its URL parameters, and notices for the values it dropped."""
    notices: list[str] = []

    def known(key: str, allowed: Iterable[str], what: str) -> tuple[str, ...]:
        allowed = set(allowed)
        values = [v for v in params.get(key, []) if v]
        bad = [v for v in values if v not in allowed]
        if bad:
            notices.append(f"Ignored {what} {', '.join(repr(b) for b in bad)}: no actor has it.")
        return tuple(dict.fromkeys(v for v in values if v in allowed))

    q = (params.get(QUERY_PARAMS["q"]) or [""])[0]
    sort = (params.get(QUERY_PARAMS["sort"]) or ["events"])[0]
    if sort not in SORTS:
        notices.append(f"Ignored sort {sort!r}: sort by {' or '.join(SORTS)}.")
        sort = "events"
    origins = set(index["origin"]) | {o for c in index["by_origin"] for o in c}
    return ActorQuery(
        q=q.strip(),
        kinds=known(QUERY_PARAMS["kinds"], index["kind"], "kind"),
        families=known(QUERY_PARAMS["families"], index["family"], "family"),
        origins=known(QUERY_PARAMS["origins"], origins, "origin"),
        sort=sort,
    ), notices


# The page's URL parameters (`q` is the event search of the shared filters).
QUERY_PARAMS = {"q": "find", "kinds": "kind", "families": "family", "origins": "origin",
                "sort": "sort"}


def to_params(query: ActorQuery) -> dict[str, list[str]]:
    """The URL parameters of a query (the defaults are left out)."""
    params: dict[str, list[str]] = {}
    if query.q:
        params[QUERY_PARAMS["q"]] = [query.q]
    for field in ("kinds", "families", "origins"):
        if getattr(query, field):
            params[QUERY_PARAMS[field]] = list(getattr(query, field))
    if query.sort != "events":
        params[QUERY_PARAMS["sort"]] = [query.sort]
    return params


def describe(query: ActorQuery, shown: int, total: int) -> str:
    """The active Actors filters in words: '12 of 1,204 actors: named like "aqim", kind group'."""
    parts = []
    if query.q:
        parts.append(f'any name containing "{query.q}"')
    if query.kinds:
        parts.append("kind " + " or ".join(query.kinds))
    if query.families:
        parts.append("family " + " or ".join(query.families))
    if query.origins:
        parts.append("from " + " or ".join(ORIGIN_NAMES.get(o, o) for o in query.origins))
    head = f"{shown:,} of {total:,} actors" if parts else f"All {total:,} actors"
    order = "by name" if query.sort == "name" else "most events first"
    return head + (": " + "; ".join(parts) if parts else "") + f", {order}."


SIDEBAR_GROUPS = 20  # the curated groups (17 in the atlas), then the most active imported ones


def sidebar_groups(index: pd.DataFrame, limit: int = SIDEBAR_GROUPS) -> list[str]:
    """The groups the sidebar lists, at most `limit`: the curated groups, then the most
    active imported ones, each part busiest first (Streamlit shows the first ten entries
    and folds the rest under "View more", so AQIM and JNIM must come before "AQAP").

    Every other actor's profile opens from its link. The limit holds for curated groups too:
    a dataset without origins (all curated) can have thousands, and every page the menu
    lists is sent to the browser on every rerun."""
    groups = index[index["kind"] == "group"]
    curated = groups[groups["origin"] == CURATED]
    curated = curated.assign(_t=curated["title"].map(fold)).sort_values(
        ["events", "_t", "actor_id"], ascending=[False, True, True]
    )
    others = groups[(groups["origin"] != CURATED) & (groups["events"] > 0)]
    others = others.assign(_t=others["title"].map(fold)).sort_values(
        ["events", "_t", "actor_id"], ascending=[False, True, True]
    )
    first = list(curated["actor_id"].head(limit))
    return first + list(others["actor_id"].head(limit - len(first)))
