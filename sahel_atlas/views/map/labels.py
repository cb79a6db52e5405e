"""Label choice and collision: where a label may go beside its marker, and which box is free.

`Board` replaces a pairwise scan of every box already placed (quadratic in the number of
labels) by a shapely STRtree over every box that may be placed; `one_label_per_place` finds,
through the same kind of index, places of one folded name within a few km of each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely import STRtree

from sahel_atlas.views.map.projection import Box

SAME_PLACE_KM = 5.0  # two places of one name closer than this are one town on the map
KM_PER_DEGREE = 111.32

# (anchor, baseline, dx, dy in units of the gap): right of the marker first, then left,
# above, below, then the four corners.
SIDES = (
    ("start", "center", 1, 0), ("end", "center", -1, 0),
    ("middle", "bottom", 0, -1), ("middle", "top", 0, 1),
    ("start", "bottom", 0.8, -0.4), ("start", "top", 0.8, 0.4),
    ("end", "bottom", -0.8, -0.4), ("end", "top", -0.8, 0.4),
)


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


def choose(board: Board, first: int, count: int, fields: list[dict]) -> tuple[dict, int, bool]:
    """Take the first free one of boxes first..first+count-1, else the least covered one."""
    for n in range(count):
        if board.free(first + n):
            board.take(first + n)
            return fields[n], n, True
    n = min(range(count), key=lambda i: board.covered(first + i))
    board.take(first + n)
    return fields[n], n, False


def marker_box(x: float, y: float, radius: float) -> Box:
    """The square a round marker of `radius` pixels covers."""
    return (x - radius, y - radius, x + radius, y + radius)


def text_box_size(text: str, size: float) -> tuple[float, float]:
    """A generous estimate of a label's width and height in pixels."""
    return 0.6 * size * max(len(text), 1) + 4, 1.25 * size


def label_sides(text: str, x: float, y: float, gap: float, size: float) -> list[tuple[dict, Box]]:
    """The TextLayer fields ("anchor", "baseline", "label_offset") and box of every side of a
    marker where its label may go, in order of preference."""
    w, h = text_box_size(text, size)
    sides = []
    for anchor, baseline, sx, sy in SIDES:
        dx, dy = sx * gap, sy * gap
        cx, cy = x + dx, y + dy
        x0 = cx if anchor == "start" else cx - w if anchor == "end" else cx - w / 2
        y0 = cy - h / 2 if baseline == "center" else cy - h if baseline == "bottom" else cy
        fields = {"anchor": anchor, "baseline": baseline, "label_offset": [round(dx, 1), round(dy, 1)]}
        sides.append((fields, (x0, y0, x0 + w, y0 + h)))
    return sides


def place_label(
    text: str, x: float, y: float, gap: float, size: float, taken: list[Box]
) -> tuple[dict, Box, bool]:
    """The first side of a marker where the label overlaps nothing in `taken`.

    Returns the TextLayer fields ("anchor", "baseline", "label_offset"), the box, and whether
    it fits; when no side fits, the side that covers least is returned with False.
    """
    sides = label_sides(text, x, y, gap, size)
    board = Board([*taken, *(box for _, box in sides)])
    for k in range(len(taken)):
        board.take(k)
    fields, n, fits = choose(board, len(taken), len(sides), [f for f, _ in sides])
    return fields, sides[n][1], fits


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
