"""Which curated place an imported place is: the same name, country and spot, else a candidate.

    resolve_places(imported, curated)  # one row per imported location_id

A place resolves only when its folded name is a curated place's name or alias, in the same
country, within MAX_KM. A name match farther away, or a curated place nearby under another
name, is a candidate for the report, never a merge. Vectorised: imports have many places.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel_atlas.importers.resolve_actors import ALIAS, EXACT, NEW
from sahel_atlas.text.names import fold

MAX_KM = 25.0
_EARTH_KM = 6371.0


def km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (haversine), elementwise."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype="float64")) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(h))


def _curated_names(curated: pd.DataFrame) -> pd.DataFrame:
    names = curated[["location_id", "name"]].assign(method=EXACT)
    aliases = curated[["location_id", "aliases"]].explode("aliases").dropna()
    aliases = aliases.rename(columns={"aliases": "name"}).assign(method=ALIAS)
    keys = pd.concat([names, aliases], ignore_index=True)
    keys["key"] = keys["name"].map(fold)
    # A name that is also an alias of the same place counts as the name.
    keys = keys.sort_values("method", key=lambda m: m.ne(EXACT)).drop_duplicates(["key", "location_id"])
    return keys.merge(curated[["location_id", "country_iso3", "latitude", "longitude", "precision"]],
                      on="location_id")


def resolve_places(imported: pd.DataFrame, curated: pd.DataFrame, max_km: float = MAX_KM) -> pd.DataFrame:
    """location_id, target (curated id or None), method, detail for every imported place.

    `imported` and `curated` have location_id, name, country_iso3, latitude, longitude
    (`curated` also aliases and precision).
    """
    imported = imported.reset_index(drop=True)
    out = imported[["location_id", "name"]].copy()
    out["target"], out["method"] = None, NEW
    out["detail"] = f"no curated place of this name within {max_km:g} km in its country"
    if imported.empty or curated.empty:
        return out.drop(columns="name")
    places = imported[["location_id", "name", "country_iso3", "latitude", "longitude"]].copy()
    places["key"] = places["name"].map(fold)
    pairs = places.merge(_curated_names(curated), on="key", suffixes=("", "_c"))
    pairs["km"] = km(pairs["latitude"], pairs["longitude"], pairs["latitude_c"], pairs["longitude_c"])
    certain = pairs[pairs["country_iso3"].eq(pairs["country_iso3_c"]) & pairs["km"].le(max_km)]
    unique = certain.groupby("location_id")["location_id_c"].transform("nunique").eq(1)
    won = certain[unique].drop_duplicates("location_id").set_index("location_id")
    hit = out["location_id"].isin(won.index)
    rows = won.loc[out.loc[hit, "location_id"]]
    out.loc[hit, "target"] = rows["location_id_c"].to_numpy()
    out.loc[hit, "method"] = rows["method"].to_numpy()
    out.loc[hit, "detail"] = [
        f"the curated {'name' if m == EXACT else 'alias'} {n!r}, {c}, {d:.1f} km away"
        for m, n, c, d in zip(rows["method"], rows["name_c"], rows["country_iso3"], rows["km"])]
    far = pairs[~pairs["location_id"].isin(won.index)]
    far = far.sort_values("km").drop_duplicates("location_id").set_index("location_id")
    farther = ~hit & out["location_id"].isin(far.index)
    f = far.loc[out.loc[farther, "location_id"]]
    out.loc[farther, "detail"] = [
        f"candidate: {i} ({n}, {c or 'no country'}), same name but {d:.0f} km away"
        + ("" if c == ic else " in another country")
        for i, n, c, ic, d in zip(f["location_id_c"], f["name_c"], f["country_iso3_c"],
                                  f["country_iso3"], f["km"])]
    _near_other_names(out, places, curated, ~hit & ~farther, max_km)
    return out.drop(columns="name")


def _near_other_names(out: pd.DataFrame, places: pd.DataFrame, curated: pd.DataFrame,
                      todo: pd.Series, max_km: float) -> None:
    """A curated point place within `max_km` under another name: a candidate, noted in detail."""
    points = curated[curated["precision"].eq("point")]
    rows = places[todo.to_numpy()]
    if rows.empty or points.empty:
        return
    for start in range(0, len(rows), 20_000):  # bounded memory: 20,000 x the curated points
        part = rows.iloc[start:start + 20_000]
        d = km(part["latitude"].to_numpy()[:, None], part["longitude"].to_numpy()[:, None],
               points["latitude"].to_numpy()[None, :], points["longitude"].to_numpy()[None, :])
        nearest = d.argmin(axis=1)
        close = d[np.arange(len(part)), nearest] <= max_km
        for index, j, dist in zip(part.index[close], nearest[close], d[np.arange(len(part)), nearest][close]):
            p = points.iloc[j]
            out.loc[index, "detail"] = (f"candidate: {p['location_id']} ({p['name']}), "
                                        f"{dist:.1f} km away under another name")
