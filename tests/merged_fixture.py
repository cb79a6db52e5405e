"""A small merged import for app tests: curated rows plus ACLED-origin events and places.

Per the identity contract, ACLED's "AQIM: Al Qaeda in the Islamic Maghreb" resolved to the
curated `aqim`: its events carry that id and no separate actor row exists. ACLED's own
Timbuktu (a few hundred metres from the curated one) stayed a place of its own, so the map
must still label the town once. Many small imported groups test the sidebar's length.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fixture_data import default_rows, write_dataset
from sahel_atlas.contract.schema import TABLES

ACLED_SOURCE = "acled-export"
AQIM_ACLED_EVENTS = 30
IMPORTED_GROUPS = 40  # more than the sidebar lists
CROSSWALK_SCHEMA = pa.schema([(c, pa.string()) for c in
                              ("entity", "origin", "source_name", "entity_id", "method", "detail")])
AQIM_ACLED_NAME = "AQIM: Al Qaeda in the Islamic Maghreb"


def _note(i: int) -> str:
    return f"Event {i}: AQIM militants attacked a checkpoint near Timbuktu."


def merged_rows() -> tuple[dict[str, list[dict]], str]:
    """The tables' rows and the ACLED source's text."""
    rows = default_rows()
    for table in ("sources", "actors", "locations", "events", "relations"):
        for row in rows[table]:
            row["origin"] = "curated"
    notes = [_note(i) for i in range(AQIM_ACLED_EVENTS + IMPORTED_GROUPS)]
    text = "\n".join(notes) + "\n"
    rows["sources"].append({
        **rows["sources"][0], "source_id": ACLED_SOURCE, "title": "ACLED export (test)",
        "publisher": "ACLED", "path": f"texts/{ACLED_SOURCE}.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text),
        "origin": "acled",
    })
    rows["locations"].append({
        "location_id": "acled-timbuktu", "name": "Timbuktu", "country_iso3": "MLI",
        "latitude": 16.773, "longitude": -3.007, "precision": "point", "radius_km": None,
        "aliases": [], "excerpt_ids": [], "origin": "acled",
    })
    for g in range(IMPORTED_GROUPS):
        rows["actors"].append({
            "actor_id": f"acled-militia-{g:02d}", "name": f"Communal Militia {g:02d} (Mali)",
            "kind": "group", "family": "other", "aliases": [], "summary": "",
            "excerpt_ids": [], "origin": "acled",
        })
    offset = 0
    for i, note in enumerate(notes):
        excerpt = f"{ACLED_SOURCE}:{offset}-{offset + len(note)}"
        rows["excerpts"].append({"excerpt_id": excerpt, "source_id": ACLED_SOURCE,
                                 "char_start": offset, "char_end": offset + len(note),
                                 "text": note})
        offset += len(note) + 1
        actor = "aqim" if i < AQIM_ACLED_EVENTS else f"acled-militia-{i - AQIM_ACLED_EVENTS:02d}"
        event_id = f"acled-MLI{i:04d}"
        rows["events"].append({
            "event_id": event_id, "title": f"Armed clash near Timbuktu ({i})",
            "event_type": "Battles", "sub_event_type": "Armed clash",
            "date_start": dt.date(2019, 1, 1) + dt.timedelta(days=i),
            "date_end": dt.date(2019, 1, 1) + dt.timedelta(days=i), "date_precision": "day",
            "location_id": "acled-timbuktu", "latitude": 16.773, "longitude": -3.007,
            "actor_ids": [actor], "status": "confirmed", "description": note,
            "fatalities": 1, "source_ids": [ACLED_SOURCE], "excerpt_ids": [excerpt],
            "origin": "acled",
        })
        rows["event_actors"].append({"event_id": event_id, "actor_id": actor,
                                     "role": "perpetrator"})
    return rows, text


def write_merged_dataset(directory: Path) -> Path:
    """Write the merged dataset, its ACLED text and its crosswalk into `directory`."""
    rows, text = merged_rows()
    tables = {name: pa.Table.from_pylist(rows[name], schema=schema)
              for name, schema in TABLES.items()}
    write_dataset(directory, **tables)
    (Path(directory) / "texts" / f"{ACLED_SOURCE}.txt").write_bytes(text.encode())
    crosswalk = [
        {"entity": "actor", "origin": "acled", "source_name": AQIM_ACLED_NAME,
         "entity_id": "aqim", "method": "rule", "detail": "ACRONYM: Full name; AQIM is an alias"},
        {"entity": "location", "origin": "acled", "source_name": "Timbuktu",
         "entity_id": "acled-timbuktu", "method": "new", "detail": "no curated place near"},
    ]
    pq.write_table(pa.Table.from_pylist(crosswalk, schema=CROSSWALK_SCHEMA),
                   Path(directory) / "crosswalk.parquet")
    return Path(directory)
