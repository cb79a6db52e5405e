"""The places the map always labels when the dataset knows them, whatever the filters."""

from __future__ import annotations

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.names import fold

NAMED_PLACES = ("Tessalit", "Talhandak", "Timbuktu", "Ménaka", "Kabylia")


def named_places(ds: Dataset) -> pd.DataFrame:
    """The dataset's locations whose name (or an alias) is one of `NAMED_PLACES`.

    Kept in `ds.memo`: an import has thousands of places and every map asks for these."""
    memo = ds.memo
    if "named_places" in memo:
        return memo["named_places"]
    wanted = {fold(n) for n in NAMED_PLACES}
    locations = ds.locations
    if locations.empty:
        return locations.iloc[0:0]
    aliases = locations["aliases"] if "aliases" in locations else [[]] * len(locations)
    mask = [
        any(fold(n) in wanted for n in [name, *(extra if isinstance(extra, list) else [])])
        for name, extra in zip(locations["name"], aliases)
    ]
    found = locations[mask].sort_values("location_id").reset_index(drop=True)
    memo["named_places"] = found
    return found
