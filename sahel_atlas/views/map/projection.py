"""Web Mercator as deck.gl draws it: degrees <-> screen pixels at a zoom (512 px tiles)."""

from __future__ import annotations

import math

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels at one zoom


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates (y grows southwards) at `zoom`, deck.gl's 512 px tiles."""
    size = 512 * 2**zoom
    lat = max(min(lat, 85.0), -85.0)
    x = (lon + 180.0) / 360.0 * size
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return x, y


def unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The (lon, lat) of a pixel at `zoom`: the inverse of `project`."""
    size = 512 * 2**zoom
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return lon, lat
