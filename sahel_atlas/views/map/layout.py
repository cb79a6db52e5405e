"""The labels of one map, laid out for its opening zoom, most important first.

Named places first, then places by number of events (one label per town: a place of the same
name a few km from one already labelled gets none), then the countries and the basemap's
towns, dropped where there is no room. Every box that may be placed is indexed once
(`labels.Board`); every marker is reserved before any label is placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sahel_atlas.text.names import fold
from sahel_atlas.text.strings import clean
from sahel_atlas.views.map.basemap import basemap
from sahel_atlas.views.map.labels import (
    SIDES,
    Board,
    choose,
    label_sides,
    marker_box,
    one_label_per_place,
    text_box_size,
)
from sahel_atlas.views.map.projection import Box, project

# Where else a country's name may go (degrees) when a place's label sits on its usual spot.
COUNTRY_LABEL_NUDGES = ((0, 0), (0, -1.5), (0, 1.5), (-3, 0), (3, 0), (0, -3), (0, 3))


@dataclass(frozen=True)
class Sizes:
    """Label text and dot sizes in pixels; presentation mode scales them all."""

    scale: float

    @property
    def named(self) -> float:
        return 14 * self.scale

    @property
    def label(self) -> float:
        return 12.5 * self.scale

    @property
    def town(self) -> float:
        return 11 * self.scale

    @property
    def country(self) -> float:
        return 14 * self.scale

    @property
    def dot(self) -> float:
        """A named place's dot when it has no filtered event."""
        return 3.5 * self.scale


@dataclass(frozen=True)
class MapLabels:
    """The labels that found room: named places, places, countries, basemap towns."""

    named: list[dict]
    places: list[dict]
    countries: list[dict]
    towns: list[dict]


class _Slots:
    """Every box a marker or label may take, in one list for one `Board`, with its fields."""

    def __init__(self) -> None:
        self.boxes: list[Box] = []
        self.fields: list[dict] = []

    def add(self, options: list[tuple[dict, Box]]) -> int:
        """Append the options of one item; returns the index of its first."""
        start = len(self.boxes)
        for fields, box in options:
            self.fields.append(fields)
            self.boxes.append(box)
        return start

    def choose(self, board: Board, first: int) -> dict:
        """The fields of the first free side of a label (else the least covered), taken."""
        chosen, _, _ = choose(board, first, len(SIDES), self.fields[first:first + len(SIDES)])
        return chosen


def _named_order(named: pd.DataFrame, by_id: dict[str, dict]) -> list:
    """The named places, those that keep the label of their town first."""
    # Of two named places of one town (the curated one and an import's), the curated one,
    # else the one with more events, keeps the label.
    return sorted(
        named.itertuples(index=False),
        key=lambda row: (clean(getattr(row, "origin", None)) not in ("", "curated"),
                         -by_id.get(row.location_id, {}).get("events", 0), row.location_id),
    )


def _reserve_markers(slots: _Slots, records: list[dict], named_rows: list,
                     by_id: dict[str, dict], zoom: float, size: Sizes) -> list[int]:
    """The boxes of every marker, and of the dots of named places without events."""
    markers = [slots.add([({}, marker_box(*project(*r["position"], zoom), r["marker_px"]))])
               for r in records]
    markers += [slots.add([({}, marker_box(*project(row.longitude, row.latitude, zoom), size.dot))])
                for row in named_rows if row.location_id not in by_id]
    return markers


def _country_slot(slots: _Slots, country: dict, zoom: float, size: Sizes) -> int:
    """The boxes of a country's name at its point and nudged around it."""
    lon, lat = country["position"]
    w, h = text_box_size(country["text"], size.country)
    nudges = []
    for dlon, dlat in COUNTRY_LABEL_NUDGES:
        x, y = project(lon + dlon, lat + dlat, zoom)
        nudges.append(({"position": [lon + dlon, lat + dlat]}, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
    return slots.add(nudges)


def _town_slot(slots: _Slots, town: dict, zoom: float, size: Sizes) -> tuple[int, int]:
    """The boxes of a basemap town's dot and of its label's sides."""
    x, y = project(*town["position"], zoom)
    dot = slots.add([({}, marker_box(x, y, 3 * size.scale))])
    return dot, slots.add(label_sides(town["text"], x, y, 5 * size.scale, size.town))


def _countries(board: Board, slots: _Slots, countries: tuple[dict, ...], starts: list[int]) -> list[dict]:
    """The country names that fit: at the country's own point, else nudged a little."""
    placed = []
    for country, k in zip(countries, starts):
        free = next((n for n in range(len(COUNTRY_LABEL_NUDGES)) if board.free(k + n)), None)
        if free is not None:
            board.take(k + free)
            placed.append({**country, **slots.fields[k + free]})
    return placed


def _towns(board: Board, slots: _Slots, towns: tuple[dict, ...], starts: list[tuple[int, int]]) -> list[dict]:
    """The basemap towns whose dot and label (beside the dot only) both fit."""
    placed = []
    for town, (dot, k) in zip(towns, starts):
        if not board.free(dot):
            continue
        free = next((n for n in range(len(SIDES)) if board.free(k + n)), None)
        if free is not None and slots.fields[k + free]["anchor"] != "middle":
            board.take(dot)
            board.take(k + free)
            placed.append({**town, "anchor": slots.fields[k + free]["anchor"],
                           "offset": slots.fields[k + free]["label_offset"]})
    return placed


def _named_slot(slots: _Slots, row, text: str, record: dict | None, zoom: float, size: Sizes) -> int:
    """The boxes of a named place's label, beside its marker or its dot."""
    x, y = project(float(row.longitude), float(row.latitude), zoom)
    gap = (record["marker_px"] if record else size.dot) + 4 * size.scale
    return slots.add(label_sides(text, x, y, gap, size.named))


def _place_slot(slots: _Slots, record: dict, zoom: float, size: Sizes) -> int:
    """The boxes of a place's label, beside its marker."""
    x, y = project(*record["position"], zoom)
    return slots.add(label_sides(record["name"], x, y, record["marker_px"] + 4 * size.scale, size.label))


def _named_labels(board: Board, slots: _Slots, rows: list, texts: list[str],
                  starts: list[int | None], by_id: dict[str, dict]) -> list[dict]:
    """The named places' labels, each on its best side (None: the town has a label already)."""
    return [
        {"location_id": row.location_id, "label": text,
         "position": [float(row.longitude), float(row.latitude)],
         "has_events": row.location_id in by_id, **slots.choose(board, k)}
        for row, text, k in zip(rows, texts, starts) if k is not None
    ]


def _place_labels(board: Board, slots: _Slots, places: list[dict], starts: list[int | None]) -> list[dict]:
    """The places' labels, each on its best side (None: the town has a label already)."""
    return [
        {"location_id": r["location_id"], "label": r["name"], "position": r["position"],
         **slots.choose(board, k)}
        for r, k in zip(places, starts) if k is not None
    ]


def _keep(named_rows: list, named_texts: list[str], places: list[dict]) -> list[bool]:
    """Whether each named place, then each place, is the one that labels its town."""
    return one_label_per_place(
        [fold(t) for t in named_texts + [r["name"] for r in places]],
        [float(row.longitude) for row in named_rows] + [r["position"][0] for r in places],
        [float(row.latitude) for row in named_rows] + [r["position"][1] for r in places],
    )


def layout(records: list[dict], named: pd.DataFrame, zoom: float, scale: float) -> MapLabels:
    """The labels of the named places, the places, the countries and the basemap's towns."""
    size, bm = Sizes(scale), basemap()
    by_id = {r["location_id"]: r for r in records}
    named_rows = _named_order(named, by_id)
    named_ids = {row.location_id for row in named_rows}
    places = [r for r in records if r["location_id"] not in named_ids]
    named_texts = [clean(row.name) or row.location_id for row in named_rows]
    keep = _keep(named_rows, named_texts, places)
    # Every box first (markers, then labels in order of importance), so one Board indexes all.
    slots = _Slots()
    markers = _reserve_markers(slots, records, named_rows, by_id, zoom, size)
    named_starts = [
        _named_slot(slots, row, text, by_id.get(row.location_id), zoom, size) if kept else None
        for row, text, kept in zip(named_rows, named_texts, keep)
    ]
    place_starts = [_place_slot(slots, r, zoom, size) if kept else None
                    for r, kept in zip(places, keep[len(named_rows):])]
    country_starts = [_country_slot(slots, c, zoom, size) for c in bm.country_labels]
    town_starts = [_town_slot(slots, t, zoom, size) for t in bm.town_labels]

    board = Board(slots.boxes)
    for k in markers:
        board.take(k)
    # Each kind takes its boxes before the next, less important one looks.
    named_labels = _named_labels(board, slots, named_rows, named_texts, named_starts, by_id)
    place_labels = _place_labels(board, slots, places, place_starts)
    countries = _countries(board, slots, bm.country_labels, country_starts)
    towns = _towns(board, slots, bm.town_labels, town_starts)
    return MapLabels(named_labels, place_labels, countries, towns)
