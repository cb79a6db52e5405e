"""The map's first view: the atlas's own framing, or one that fits every place drawn."""

from __future__ import annotations

import math

import shapely

from sahel_atlas.views.map.projection import project, unproject

# Frames Kabylia (36.5N 4.3E) down to Ménaka (15.9N 2.4E) and Timbuktu (16.8N 3.0W) on a map
# about 1200 x 600 px (lat ~10..40, lon ~-34..36), with room for Burkina Faso and Niger.
# deck.gl's world is 512 px wide at zoom 0.
DEFAULT_VIEW = {"latitude": 25.5, "longitude": 1.0, "zoom": 3.6, "pitch": 0, "bearing": 0}

VIEWPORT_PX = (1000.0, 600.0)  # the map's usual size on a laptop: what the first view must fit
FIT_ZOOM = (2.0, 7.0)
FIT_MARGIN = 0.1  # of the span, on each side


def view_bounds(view: dict, viewport: tuple[float, float] = VIEWPORT_PX) -> tuple[float, float, float, float]:
    """The (west, south, east, north) a view shows in a viewport of that many pixels."""
    x, y = project(view["longitude"], view["latitude"], view["zoom"])
    west, north = unproject(x - viewport[0] / 2, y - viewport[1] / 2, view["zoom"])
    east, south = unproject(x + viewport[0] / 2, y + viewport[1] / 2, view["zoom"])
    return west, south, east, north


def initial_view(points: list[list[float]], viewport: tuple[float, float] = VIEWPORT_PX) -> dict:
    """The first view: the atlas's own framing when it shows every point, else one that fits
    them all (an import reaching beyond the Sahel opens on all of its places)."""
    if not points:
        return dict(DEFAULT_VIEW)
    spread = shapely.MultiPoint(points)
    if shapely.box(*view_bounds(DEFAULT_VIEW, viewport)).covers(spread):
        return dict(DEFAULT_VIEW)
    return fit_view(spread.bounds, viewport)


def fit_view(bounds: tuple[float, float, float, float], viewport: tuple[float, float]) -> dict:
    """The view centred on (west, south, east, north), zoomed to show it with a margin."""
    west, south, east, north = bounds
    x0, y1 = project(west, south, 0)
    x1, y0 = project(east, north, 0)
    width, height = (x1 - x0) * (1 + 2 * FIT_MARGIN), (y1 - y0) * (1 + 2 * FIT_MARGIN)
    zoom = min(math.log2(viewport[0] / max(width, 1e-6)), math.log2(viewport[1] / max(height, 1e-6)))
    zoom = round(min(max(zoom, FIT_ZOOM[0]), FIT_ZOOM[1]), 2)
    lon, lat = unproject((x0 + x1) / 2, (y0 + y1) / 2, 0)
    return {**DEFAULT_VIEW, "longitude": round(lon, 4), "latitude": round(lat, 4), "zoom": zoom}
