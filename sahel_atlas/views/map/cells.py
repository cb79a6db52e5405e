"""The map above DETAIL_LIMIT events: grid cells of counts drawn like places, no labels."""

from __future__ import annotations

import pandas as pd

from sahel_atlas.views.map.places import SUMMARY_COLUMNS
from sahel_atlas.views.palette import FAMILY_LABELS

# Cell sizes a user may pick, in degrees; the default follows the map's opening zoom.
CELL_SIZES = (0.25, 0.5, 1.0, 2.5, 5.0)
DEFAULT_CELL_DEG = 2.5


def cells_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """`aggregate.grid_cells` in the shape of `places.place_summary`, so `deck.build_deck` draws it.

    Every cell is a solid marker sized by its count and coloured by its main family; it has no
    label (the count is in the hover box), and its id says it is a cell, not a place.
    """
    if cells.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    size = float(cells["cell_deg"].iloc[0]) if "cell_deg" in cells else float("nan")
    family_labels = cells["family"].map(lambda f: FAMILY_LABELS.get(f, FAMILY_LABELS["other"]))
    frame = pd.DataFrame(
        {
            "location_id": [f"cell:{lon:.4f}:{lat:.4f}" for lon, lat in zip(cells["cell_lon"], cells["cell_lat"])],
            "name": "",
            "country_iso3": "",
            "latitude": cells["lat"].astype("float64"),
            "longitude": cells["lon"].astype("float64"),
            "precision": "point",
            "radius_km": 0.0,
            "events": cells["events"].astype("int64"),
            "main_actors": [[] for _ in range(len(cells))],
            "main_actors_label": "",
            "family": cells["family"],
            "first_date": None,
            "last_date": None,
            "date_span": "",
            "tip_name": f"Grid cell of {size:g}° × {size:g}°",
            "tip_country": "",
            "tip_events": [f"{n:,} events" for n in cells["events"]],
            "tip_actors": "Mostly: " + family_labels,
            "tip_dates": "",
        }
    )
    frame.attrs.update(cells.attrs)
    return frame[SUMMARY_COLUMNS]
