"""Invented ACLED and UCDP exports of any size, for the streaming tests and the benchmark.

    python -m sahel_atlas.devtools.fake_exports acled 1000000 /tmp/acled-1m.csv

Plausible Sahel-looking rows (names, places and notes are drawn from small invented pools);
1% of events come on two rows, as in a one-row-per-actor export.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

_ACTORS = [
    ("JNIM: Group for Support of Islam and Muslims", "Rebel group"),
    ("Islamic State (Sahel)", "Rebel group"),
    ("Military Forces of Mali (2021-)", "State forces"),
    ("Military Forces of Burkina Faso (2022-)", "State forces"),
    ("Military Forces of Niger (2023-)", "State forces"),
    ("Military Forces of France", "External/Other forces"),
    ("Civilians (Mali)", "Civilians"),
    ("Civilians (Burkina Faso)", "Civilians"),
    ("Protesters (Niger)", "Protesters"),
    ("Dan Na Ambassagou", "Identity militia"),
] + [(f"Communal Militia {n} (Mali)", "Identity militia") for n in range(190)]
_TYPES = [
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Strategic developments", "Strategic developments", "Looting/property destruction"),
]
_COUNTRIES = [("Mali", "466"), ("Burkina Faso", "854"), ("Niger", "562"), ("Mauritania", "478")]
_WORDS = ("armed men attacked a village near the market killing several residents and burning "
          "granaries before fleeing on motorbikes toward the border according to local sources").split()


def acled_table(rows: int, seed: int = 0) -> pa.Table:
    """`rows` rows in ACLED's current layout."""
    rng = np.random.default_rng(seed)
    events = rows - rows // 100  # 1% of events on a second row
    ids = np.arange(events)
    ids = np.concatenate([ids, rng.choice(events, rows - events, replace=False)])
    ids.sort()
    event = np.char.add("SAH", ids.astype(str))
    day = np.datetime64("1997-01-01") + (ids * 9_000 // max(events, 1)).astype("timedelta64[D]")
    dates = np.datetime_as_string(day, unit="D")
    kind = ids % len(_TYPES)
    a1 = (ids * 7) % len(_ACTORS)
    a2 = (ids * 13 + 3) % len(_ACTORS)
    place = (ids * 31) % 5000
    country = place % len(_COUNTRIES)
    words = np.array(_WORDS)
    notes_pool = np.array([" ".join(rng.choice(words, 22)) + "." for _ in range(1000)])

    def pick(values: list, index: np.ndarray) -> pa.Array:
        return pa.array(np.array(values, dtype=object)[index].astype(str))

    columns = {
        "event_id_cnty": event,
        "event_date": dates,
        "year": day.astype("datetime64[Y]").astype(int) + 1970,
        "time_precision": (ids % 3) + 1,
        "disorder_type": pick([t[0] for t in _TYPES], kind),
        "event_type": pick([t[1] for t in _TYPES], kind),
        "sub_event_type": pick([t[2] for t in _TYPES], kind),
        "actor1": pick([a[0] for a in _ACTORS], a1),
        "assoc_actor_1": np.where(ids % 5 == 0, "Wagner Group; Dozo Militia", ""),
        "inter1": pick([a[1] for a in _ACTORS], a1),
        "actor2": pick([a[0] for a in _ACTORS], a2),
        "assoc_actor_2": "",
        "inter2": pick([a[1] for a in _ACTORS], a2),
        "interaction": "",
        "civilian_targeting": "",
        "iso": pick([c[1] for c in _COUNTRIES], country),
        "region": "Western Africa",
        "country": pick([c[0] for c in _COUNTRIES], country),
        "admin1": np.char.add("Region ", (place % 40).astype(str)),
        "admin2": np.char.add("Cercle ", (place % 400).astype(str)),
        "admin3": "",
        "location": np.char.add("Village ", place.astype(str)),
        "latitude": np.round(10 + (place % 97) / 10, 4),
        "longitude": np.round(-10 + (place % 151) / 10, 4),
        "geo_precision": (ids % 3) + 1,
        "source": "Local Source",
        "source_scale": "Local partner-National",
        "notes": notes_pool[ids % 1000],
        "fatalities": ids % 7,
        "tags": "",
        "timestamp": "1700000000",
    }
    return pa.table({k: pa.array(np.broadcast_to(v, rows)) if np.ndim(v) == 0 else
                     (v if isinstance(v, pa.Array) else pa.array(v)) for k, v in columns.items()})


def write_acled(path: Path, rows: int, seed: int = 0) -> Path:
    pacsv.write_csv(acled_table(rows, seed), path)
    return path


if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if kind != "acled":
        raise SystemExit("only 'acled' is generated at scale")
    write_acled(target, count)
    print(f"wrote {target}: {count:,} rows")
