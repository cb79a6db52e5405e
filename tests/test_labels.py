"""Map labels: one per town, laid out with a spatial index; the first view fits the data."""

from __future__ import annotations

import json

import pytest

from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.views.map.deck import build_deck
from sahel_atlas.views.map.labels import Board, one_label_per_place
from sahel_atlas.views.map.layers import LABELS_LAYER_ID, NAMED_LABELS_LAYER_ID
from sahel_atlas.views.map.places import place_summary
from sahel_atlas.views.map.view import DEFAULT_VIEW, initial_view, view_bounds


@pytest.mark.parametrize(
    "names, lons, lats, expected",
    [
        (["timbuktu"] * 3, [-3.0, -3.007, -2.99], [16.77, 16.773, 16.78], [True, False, False]),
        (["kidal", "kidal"], [1.41, 2.41], [18.44, 18.44], [True, True]),  # ~105 km apart
        (["menaka", "anderamboukane"], [2.40, 2.41], [15.92, 15.92], [True, True]),
        ([], [], [], []),
    ],
)
def test_one_label_per_place(names, lons, lats, expected) -> None:
    assert one_label_per_place(names, lons, lats) == expected


def test_the_board_sees_only_taken_boxes_that_really_overlap() -> None:
    board = Board([(0, 0, 10, 10), (5, 5, 15, 15), (10, 0, 20, 10), (30, 30, 40, 40)])
    board.take(0)
    assert not board.free(1) and board.covered(1) == 25.0
    assert board.free(2)  # touching an edge is not overlapping
    assert board.free(3)


def labels(deck) -> list[str]:
    data = json.loads(deck.to_json())
    layers = {layer["id"]: layer for layer in data["layers"]}
    return [d["label"] for key in (LABELS_LAYER_ID, NAMED_LABELS_LAYER_ID)
            for d in layers[key]["data"]]


def test_a_town_from_two_origins_gets_one_label(merged_data) -> None:
    ds = load_dataset(merged_data)
    summary = place_summary(ds, ds.events)
    assert (summary["name"] == "Timbuktu").sum() == 2  # two places: curated and ACLED's
    shown = labels(build_deck(ds, summary))
    assert shown.count("Timbuktu") == 1


def test_the_first_view_fits_the_data() -> None:
    assert initial_view([[0.0, 15.0], [5.0, 36.0]]) == DEFAULT_VIEW  # the atlas's own framing
    far = [[-17.4, 14.7], [13.2, 11.8], [43.1, 11.6]]  # Dakar, Maiduguri, Djibouti
    view = initial_view(far)
    west, south, east, north = view_bounds(view)
    assert all(west <= lon <= east and south <= lat <= north for lon, lat in far)
    assert view["zoom"] < DEFAULT_VIEW["zoom"]


def test_points_on_the_edge_of_the_default_view_keep_it() -> None:
    west, south, east, north = view_bounds(DEFAULT_VIEW)
    assert initial_view([[west, south], [east, north]]) == DEFAULT_VIEW
    assert initial_view([[west - 0.5, south]]) != DEFAULT_VIEW
