"""The Actors page's index: counts per origin, search by any name, filters, the sidebar."""

from __future__ import annotations

import pandas as pd
import pytest

from merged_fixture import AQIM_ACLED_EVENTS, AQIM_ACLED_NAME, IMPORTED_GROUPS
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.store.paths import PROJECT_ROOT
from sahel_atlas.views import actors as ai
from sahel_atlas.views.profile.facts import fact_box, origin_phrase


@pytest.fixture(scope="module")
def index(merged_data):
    return ai.actor_index(load_dataset(merged_data))


def test_a_resolved_actor_counts_its_events_per_origin(index) -> None:
    aqim = index.set_index("actor_id").loc["aqim"]
    assert aqim["by_origin"]["acled"] == AQIM_ACLED_EVENTS
    assert aqim["events"] == sum(aqim["by_origin"].values()) > AQIM_ACLED_EVENTS
    assert ai.origin_counts_text(aqim["by_origin"]) == (
        f"{aqim['by_origin']['curated']} from the sources, {AQIM_ACLED_EVENTS} from ACLED"
    )


def test_the_fact_box_counts_per_origin(merged_data) -> None:
    box = fact_box(load_dataset(merged_data), "aqim")
    assert dict(box.by_origin)["acled"] == AQIM_ACLED_EVENTS
    assert origin_phrase(box.by_origin).endswith(f"{AQIM_ACLED_EVENTS} from ACLED")


@pytest.mark.parametrize(
    "q, expected",
    [
        ("aqim", "aqim"),  # the short name
        ("al-qaeda in the islamic maghreb", "aqim"),  # the full name, any case
        ("Al Qaeda in the Islamic", "aqim"),  # the name ACLED used (crosswalk)
        ("MENAKA", None),  # a place is not an actor
        ("communal militia 07", "acled-militia-07"),
    ],
)
def test_search_finds_an_actor_by_any_name(index, q, expected) -> None:
    found = list(ai.search(index, ai.ActorQuery(q=q))["actor_id"])
    assert (expected in found) if expected else not found


def test_imported_names_are_shown(index) -> None:
    assert AQIM_ACLED_NAME in index.set_index("actor_id").loc["aqim", "imported_names"]


def test_filters_and_sorts(index) -> None:
    groups = ai.search(index, ai.ActorQuery(kinds=("group",), origins=("acled",)))
    assert groups["actor_id"].iloc[0] == "aqim"  # most events first
    assert set(groups["kind"]) == {"group"}
    assert len(groups) == IMPORTED_GROUPS + 1  # the imported groups, and AQIM with ACLED events
    qaeda = ai.search(index, ai.ActorQuery(families=("al-qaeda",), sort="name"))
    titles = [t.casefold() for t in qaeda["title"]]
    assert titles == sorted(titles) and "acled-militia-00" not in set(qaeda["actor_id"])


def test_the_url_round_trip_and_bad_values(index) -> None:
    query = ai.ActorQuery(q="aq", kinds=("group",), families=("al-qaeda",), origins=("acled",),
                          sort="name")
    assert ai.parse_query(ai.to_params(query), index) == (query, [])
    parsed, notices = ai.parse_query({"kind": ["group", "dragon"], "sort": ["size"]}, index)
    assert parsed.kinds == ("group",) and parsed.sort == "events"
    assert any("dragon" in n for n in notices) and any("size" in n for n in notices)
    assert ai.describe(query, 1, 90).startswith('1 of 90 actors: any name containing "aq"')


def test_the_sidebar_lists_curated_groups_then_the_most_active(index) -> None:
    listed = ai.sidebar_groups(index, limit=12)
    curated = index[(index["kind"] == "group") & (index["origin"] == "curated")]
    busiest = curated.sort_values(["events", "title"], ascending=[False, True])["actor_id"]
    assert listed[: len(curated)] == list(busiest)
    assert len(listed) == 12 and all(a.startswith("acled-militia") for a in listed[len(curated):])


@pytest.mark.parametrize(("curated", "imported", "limit", "expected"), [
    (3000, 0, 20, 20),  # a dataset without origins: every group is curated
    (17, 40, 20, 20),
    (5, 2, 20, 7),
    (30, 40, 12, 12),
])
def test_the_sidebar_never_lists_more_than_its_limit(curated, imported, limit, expected) -> None:
    rows = [{"actor_id": f"c{i:04d}", "title": f"C {i:04d}", "kind": "group",
             "origin": "curated", "events": i} for i in range(curated)]
    rows += [{"actor_id": f"i{i:04d}", "title": f"I {i:04d}", "kind": "group",
              "origin": "acled", "events": 10_000 + i} for i in range(imported)]
    listed = ai.sidebar_groups(pd.DataFrame(rows), limit=limit)
    assert len(listed) == expected
    # The busiest curated groups first, however busy the imported ones are.
    assert listed[: min(curated, limit)] == [f"c{i:04d}" for i in range(curated - 1, -1, -1)][:limit]


def test_a_dataset_without_crosswalk_or_origin_opens(tiny_data) -> None:
    index = ai.actor_index(load_dataset(tiny_data))
    assert not index.empty and set(index["origin"]) == {"curated"}
    assert index["imported_names"].map(len).sum() == 0


def test_the_actor_filter_offers_curated_actors_first(merged_data) -> None:
    from sahel_atlas.query.options import filter_options

    ds = load_dataset(merged_data)
    offered = filter_options(ds)["actors"]
    curated = set(ds.actors.loc[ds.actors["origin"] == "curated", "actor_id"])
    assert set(offered[: len(curated)]) == curated and offered[0] == "aqim"


def test_the_busiest_curated_groups_come_first_in_the_sidebar() -> None:
    """Streamlit folds all but the first entries under "View more": AQIM and JNIM must show."""
    listed = ai.sidebar_groups(ai.actor_index(load_dataset(PROJECT_ROOT / "data")))
    # The menu shows the atlas's pages and the first eight groups before "View more".
    assert set(listed[:8]) >= {"aqim", "jnim"}, listed[:8]
