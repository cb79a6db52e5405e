"""Map label layout helpers: one label per place, and a spatial index of screen boxes.

`Board` replaces a pairwise scan of every box already placed (quadratic in the number of
labels) by a shapely STRtree over every box that may be placed; `one_label_per_place` finds,
through the same kind of index, places of one folded name within a few km of each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely import STRtree

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels at one zoom
SAME_PLACE_KM = 5.0  # two places of one name closer than this are one town on the map
KM_PER_DEGREE = 111.32


class Board:
    """The screen boxes of a layout: every candidate is indexed once, then some are taken."""

    def __init__(self, boxes: Sequence[Box]) -> None:
        self.boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        self._geoms = shapely.box(*self.boxes.T) if len(self.boxes) else np.array([])
        self._tree = STRtree(self._geoms)
        self._taken = np.zeros(len(self.boxes), dtype=bool)

    def _hits(self, k: int) -> np.ndarray:
        """The taken boxes that overlap box k by more than an edge."""
        near = self._tree.query(self._geoms[k])
        near = near[self._taken[near]]
        a, b = self.boxes[k], self.boxes[near]
        inside = (a[0] < b[:, 2]) & (b[:, 0] < a[2]) & (a[1] < b[:, 3]) & (b[:, 1] < a[3])
        return near[inside]

    def free(self, k: int) -> bool:
        return not len(self._hits(k))

    def covered(self, k: int) -> float:
        """The area of box k that taken boxes cover (summed, as the layout's tie-breaker)."""
        a, b = self.boxes[k], self.boxes[self._hits(k)]
        w = np.clip(np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0]), 0, None)
        h = np.clip(np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1]), 0, None)
        return float((w * h).sum())

    def take(self, k: int) -> None:
        self._taken[k] = True


def local_km(lons: Sequence[float], lats: Sequence[float]) -> np.ndarray:
    """Points as kilometres east and north (equirectangular: fine within a few km)."""
    lon, lat = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    return np.column_stack([lon * KM_PER_DEGREE * np.cos(np.radians(lat)), lat * KM_PER_DEGREE])


def one_label_per_place(
    names: Sequence[str], lons: Sequence[float], lats: Sequence[float], km: float = SAME_PLACE_KM
) -> list[bool]:
    """Whether each place keeps its label: of places with the same (folded) name within `km`
    of one another, only the first in the given order (the most important) does."""
    if not len(names):
        return []
    points = shapely.points(local_km(lons, lats))
    left, right = STRtree(points).query(points, predicate="dwithin", distance=km)
    keep = [True] * len(names)
    pairs = sorted((int(i), int(j)) for i, j in zip(left, right) if i < j and names[i] == names[j])
    for i, j in pairs:  # i < j: the earlier place wins, if it kept its own label
        if keep[i]:
            keep[j] = False
    return keep
