"""What the map's colours and discs mean, as (label, hex colour) pairs for the page's legend."""

from __future__ import annotations

import pandas as pd

from sahel_atlas.contract.schema import ACTOR_FAMILIES
from sahel_atlas.views import palette
from sahel_atlas.views.map.places import IMPRECISE

IMPRECISE_LEGEND = "translucent disc: place known only as an area or region, radius ≈ uncertainty"
IMPRECISE_LEGEND_COLOUR = palette.BORDER


def legend_items(summary: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, hex colour) for each family on the map, in palette order, then the discs."""
    present = set(summary["family"]) if not summary.empty else set()
    items = [
        (palette.FAMILY_LABELS[f], palette.FAMILY_COLOURS[f]) for f in ACTOR_FAMILIES if f in present
    ]
    if not summary.empty and summary["precision"].isin(IMPRECISE).any():
        items.append((IMPRECISE_LEGEND, IMPRECISE_LEGEND_COLOUR))
    return items
