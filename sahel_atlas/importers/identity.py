"""One id per real-world actor and place: imported names resolved to the --with dataset's ids.

Runs after assemble.build_tables (imp_* tables) and merge.load_with (cur_* tables): a resolved
imported actor or place gives its events the curated id and loses its own row; every name is
recorded in `imp_crosswalk` (the contract's `crosswalk` table) and listed in the report.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from sahel_atlas.contract import schema
from sahel_atlas.importers import crosswalk_file
from sahel_atlas.importers.assemble import lit
from sahel_atlas.importers.crosswalk_file import Decisions
from sahel_atlas.importers.report import Report
from sahel_atlas.importers.resolve_actors import MANUAL, NEW, ActorIndex, index_of
from sahel_atlas.importers.resolve_places import resolve_places

CROSSWALK_COLUMNS = schema.TABLES["crosswalk"].names


def resolve(con: duckdb.DuckDBPyConnection, origin: str, curated: bool,
            crosswalk_dir: Path | None, report: Report) -> None:
    """Resolve imp_actors and imp_locations against cur_*; write imp_crosswalk. See module doc."""
    try:
        actor_decisions = crosswalk_file.load(crosswalk_dir, "actor")
        place_decisions = crosswalk_file.load(crosswalk_dir, "location")
    except crosswalk_file.CrosswalkError as exc:
        report.add(str(crosswalk_dir), 0, "", f"crosswalk: {exc}")
        return
    actors = _resolve_actors(con, origin, curated, actor_decisions, report)
    places = _resolve_places(con, origin, curated, place_decisions, report)
    rows = pd.concat([actors, places], ignore_index=True)[CROSSWALK_COLUMNS]
    con.register("imp_crosswalk", pa.Table.from_pandas(rows, schema=schema.TABLES["crosswalk"],
                                                       preserve_index=False))


def _curated(con: duckdb.DuckDBPyConnection, table: str, curated: bool) -> list[dict]:
    return con.table(f"cur_{table}").to_arrow_table().to_pylist() if curated else []


def _resolve_actors(con, origin: str, curated: bool, decisions: Decisions, report: Report) -> pd.DataFrame:
    index = index_of(_curated(con, "actors", curated), _curated(con, "relations", curated))
    imported = con.execute("SELECT actor_id, name, names, n FROM act ORDER BY name").fetchall()
    mapping, rows, matched, unmatched = {}, [], [], []
    for actor_id, name, names, n in imported:
        target, method, detail = _decide(index, decisions, name, list(names), origin, report)
        if target:
            mapping[actor_id] = target
            matched.append(f"{name!r} ({n} events) -> {target} [{method}]: {detail}")
        else:
            unmatched.append(f"{name!r} ({n} events) -> {actor_id}: {detail}")
        rows += [("actor", origin, spelling, target or actor_id, method, detail) for spelling in names]
    report.section("actors matched to the --with dataset", matched)
    report.section("actors left unmatched (own rows)", unmatched)
    _remap_actors(con, mapping)
    return pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)


def _decide(index: ActorIndex, decisions: Decisions, name: str, names: list[str], origin: str,
            report: Report) -> tuple[str | None, str, str]:
    """(target or None, method, detail) for one imported actor: the analyst first, then rules."""
    decision = next((d for d in (decisions.find(s, origin) for s in names) if d), None)
    if decision and decision.target:
        if decision.target not in index.actors:
            report.add(decision.where, 0, "actor", f"crosswalk: unknown actor {decision.target!r}")
            return None, NEW, f"{decision.where} names an unknown actor"
        return decision.target, MANUAL, f"by hand in {decision.where}"
    match = index.resolve(name, lambda part: getattr(decisions.find(part, origin), "target", None))
    refused = set(decision.refuse) if decision else set()
    if match.actor_id in refused:
        return None, NEW, f"{match.actor_id} refused in {decision.where}"
    detail = match.detail
    if refused & set(match.candidates):
        kept = [c for c in match.candidates if c not in refused]
        detail = f"{detail.split(';')[0]}; {index.describe(kept)}; refused in {decision.where}"
    return match.actor_id, match.method, detail


def _remap_actors(con: duckdb.DuckDBPyConnection, mapping: dict[str, str]) -> None:
    """Events of a resolved actor cite the curated id; its own row goes."""
    if not mapping:
        return
    con.register("actor_map", pa.table({"actor_id": list(mapping), "target": list(mapping.values())}))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE imp_event_actors AS SELECT DISTINCT ea.event_id, "
        "coalesce(m.target, ea.actor_id) AS actor_id, ea.role FROM imp_event_actors ea "
        "LEFT JOIN actor_map m USING (actor_id)"
    )
    cases = " ".join(f"WHEN '{lit(a)}' THEN '{lit(t)}'" for a, t in mapping.items())
    # Two imported names of one curated actor in an event: one id, in order of first mention.
    con.execute(
        f"UPDATE imp_events SET actor_ids = list_filter(l, lambda x, i: list_position(l, x) = i) "
        f"FROM (SELECT event_id, list_transform(actor_ids, lambda x: CASE x {cases} ELSE x END) AS l "
        f"FROM imp_events WHERE list_has_any(actor_ids, {_sql_list(mapping)})) r "
        "WHERE imp_events.event_id = r.event_id"
    )
    con.execute("DELETE FROM imp_actors WHERE actor_id IN (SELECT actor_id FROM actor_map)")


def _sql_list(values) -> str:
    return "[" + ", ".join(f"'{lit(v)}'" for v in values) + "]::VARCHAR[]"


def _resolve_places(con, origin: str, curated: bool, decisions: Decisions, report: Report) -> pd.DataFrame:
    imported = con.execute(
        "SELECT location_id, name, country_iso3, latitude, longitude FROM imp_locations").df()
    known = pd.DataFrame(_curated(con, "locations", curated),
                         columns=[f.name for f in schema.TABLES["locations"]])
    found = resolve_places(imported, known).merge(imported[["location_id", "name"]], on="location_id")
    ids = set(known["location_id"])
    for i, name in (found["name"].items() if decisions.entries else ()):
        decision = decisions.find(name, origin)
        if decision is None:
            continue
        if decision.target and decision.target in ids:
            found.loc[i, ["target", "method", "detail"]] = [decision.target, MANUAL,
                                                            f"by hand in {decision.where}"]
        elif decision.target:
            report.add(decision.where, 0, "place", f"crosswalk: unknown place {decision.target!r}")
        elif found.loc[i, "target"] in decision.refuse:
            found.loc[i, ["target", "method", "detail"]] = [
                None, NEW, f"{found.loc[i, 'target']} refused in {decision.where}"]
    hit = found["target"].notna()
    report.section("places matched to the --with dataset", [
        f"{r.name!r} -> {r.target} [{r.method}]: {r.detail}" for r in found[hit].itertuples()])
    report.section("places left unmatched with a candidate", [
        f"{r.name!r} ({r.location_id}): {r.detail}" for r in found[~hit].itertuples()
        if r.detail.startswith("candidate")])
    mapping = found[hit]
    if not mapping.empty:
        con.register("loc_map", pa.table({"location_id": mapping["location_id"].tolist(),
                                          "target": mapping["target"].tolist()}))
        con.execute("UPDATE imp_events SET location_id = m.target FROM loc_map m "
                    "WHERE imp_events.location_id = m.location_id")
        con.execute("DELETE FROM imp_locations WHERE location_id IN (SELECT location_id FROM loc_map)")
    return pd.DataFrame({
        "entity": "location", "origin": origin, "source_name": found["name"],
        "entity_id": found["target"].where(hit, found["location_id"]),
        "method": found["method"], "detail": found["detail"]})
