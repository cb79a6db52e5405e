"""Colours shared by every chart, map and mode: Okabe-Ito, safe for colour-blind viewers."""

from __future__ import annotations

FAMILY_COLOURS: dict[str, str] = {
    "al-qaeda": "#D55E00",  # vermillion
    "islamic-state": "#000000",  # black
    "state-forces": "#0072B2",  # blue
    "other": "#009E73",  # bluish green
}
FAMILY_LABELS: dict[str, str] = {
    "al-qaeda": "al-Qaeda and affiliates",
    "islamic-state": "Islamic State and affiliates",
    "state-forces": "State and international forces",
    "other": "Other",
}
STATUS_SYMBOLS: dict[str, str] = {"confirmed": "circle", "claimed": "circle-open", "disputed": "diamond-open"}
LAND = "#EEEEEA"
BORDER = "#9A9A94"
WATER = "#D6E4EE"
TEXT = "#222222"


def rgb(hex_colour: str, alpha: int = 255) -> list[int]:
    """'#D55E00' -> [213, 94, 0, alpha], the form deck.gl layers take."""
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
