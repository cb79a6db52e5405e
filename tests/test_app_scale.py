"""Above DETAIL_LIMIT matching events, pages draw aggregates instead of single events."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import components.context
import components.profile
from app_runs import assert_no_error, open_file, open_url
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, load_dataset
from sahel_atlas.export.csv_file import readable_events, to_csv_bytes
from sahel_atlas.query.model import Filters
from sahel_atlas.query.run import apply
from sahel_atlas.views.profile.relations import relations_of


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The curated 69 events stand in for a million: anything above 10 is 'too many'."""
    monkeypatch.setenv(ENV_VAR, str(PROJECT_ROOT / "data"))
    monkeypatch.setattr(components.context, "DETAIL_LIMIT", 10)


def run(page: str, params: dict | None = None) -> AppTest:
    return assert_no_error(open_file(page, params))


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_the_map_counts_grid_cells() -> None:
    at = run("app_pages/map.py")
    assert "All 69 events" in at.markdown[0].value  # the sentence still counts them all
    assert "grid cell of 2.5°" in captions(at)
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert "Grid cell of 2.5" in deck and "69 events" not in deck
    at.select_slider(key="map_cell_deg").set_value(0.25).run()
    assert "grid cell of 0.25°" in captions(at)


def test_the_timeline_counts_per_period() -> None:
    at = run("app_pages/timeline.py")
    assert "counts them per month" in captions(at)
    figure = at.get("plotly_chart")[0].proto.spec
    assert "Events per month" in figure
    at.segmented_control(key="timeline_period").set_value("year").run()
    assert "Events per year" in at.get("plotly_chart")[0].proto.spec


def test_the_data_page_shows_a_page_and_exports_every_row() -> None:
    at = run("app_pages/data.py", {"actor": "aqim"})
    assert "16 events match" in captions(at)
    assert at.number_input(key="data_page").value == 1
    assert any("Download all 16 events" in b.label for b in at.get("download_button"))
    assert len(at.dataframe[0].value) == 16


def test_the_data_page_rows_follow_the_filter_in_one_session() -> None:
    """The page of rows is kept per filter: another filter shows its own rows."""
    at = run("app_pages/data.py", {"actor": "aqim"})
    aqim = set(at.dataframe[0].value["Event ID"])
    at.multiselect(key="f_actor").set_value(["jnim"]).run()
    jnim = set(at.dataframe[0].value["Event ID"])
    assert jnim and jnim != aqim


def test_clicking_download_all_gives_streamlit_the_whole_csv(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The button's callable runs as Streamlit runs it on a click, and its result is accepted."""
    managers: dict[str, MediaFileManager] = {}
    register = MediaFileManager.add_deferred

    def recording(self: MediaFileManager, *args, **kwargs) -> str:
        file_id = register(self, *args, **kwargs)
        managers[file_id] = self
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = run("app_pages/data.py", {"actor": "aqim"})
    button = next(b for b in at.get("download_button") if "Download all 16" in b.label)
    file_id = button.proto.deferred_file_id
    manager = managers[file_id]
    # What the server does when the button is clicked; raises on a type Streamlit refuses.
    url = manager.execute_deferred(file_id)
    stored = manager._storage.get_file(url.rsplit("/", 1)[-1])  # AppTest's in-memory storage
    assert stored.filename == "sahel-atlas_events_aqim.csv"
    ds = load_dataset(PROJECT_ROOT / "data")
    assert stored.content == to_csv_bytes(readable_events(ds, apply(ds, Filters(actors=("aqim",)))))


def test_a_narrow_filter_shows_single_events_again() -> None:
    at = run("app_pages/timeline.py", {"status": "disputed"})
    assert "counts them" not in captions(at)


def open_profile(url_path: str, params: dict | None = None) -> AppTest:
    """A profile by its URL path (one page file is registered once per actor)."""
    return assert_no_error(open_url(url_path, params))


def test_a_profile_counts_its_events_per_period_and_grid_cell() -> None:
    at = open_profile("aqim")
    text = captions(at)
    assert "16 events involving it in the dataset." in text
    assert "16 events involve it: too many to draw one by one" in text
    assert "counts them per month" in text
    assert "Showing the excerpts of the first 10 of 16 events involving it" in text
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    assert any("Events per month" in spec for spec in charts)
    assert not any("One lane per type" in c.value for c in at.caption)
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert "Grid cell of 2.5" in deck
    at.segmented_control(key="profile_period").set_value("year").run()
    assert any("Events per year" in c.proto.spec for c in at.get("plotly_chart"))


def test_a_profile_under_the_limit_draws_single_events() -> None:
    """69 events match, more than the limit, but JNIM's 9 are drawn one by one."""
    at = open_profile("jnim")
    assert "9 events involving it in the dataset." in captions(at)
    assert "too many to draw" not in captions(at)
    assert "Showing the excerpts" not in captions(at)
    assert any("One lane per type" in c.value for c in at.caption)


def _quotes(at: AppTest) -> list[str]:
    """The excerpts a profile lists, by the excerpt id of their 'Open in source' link."""
    return [link.proto.query_string for link in at.get("page_link")
            if link.proto.label == "Open in source"]


def _excerpt_total(at: AppTest) -> int:
    """The count the list's heading says ("**12 excerpts from 3 sources**")."""
    heading = next(m.value for m in at.markdown if m.value.startswith("**") and "excerpt" in m.value)
    return int(heading.strip("*").split()[0].replace(",", ""))


def test_above_the_limit_a_profile_lists_its_excerpts_a_page_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(components.profile, "EXCERPTS_PER_PAGE", 3)
    at = open_profile("aqim")
    total = _excerpt_total(at)
    assert total > 3
    assert f"Showing the first 3 of {total:,} excerpts ({total - 3:,} more after them" in captions(at)
    assert "open a source in the reader" in captions(at)
    pager = at.number_input(key=f"profile-excerpt-page-aqim-{total}")
    pages = -(-total // 3)
    seen = _quotes(at)
    assert len(seen) == 3
    for page in range(2, pages + 1):
        pager.set_value(page).run()
        assert_no_error(at)
        end = min(page * 3, total)
        assert f"Showing excerpts {page * 3 - 2:,}–{end:,} of {total:,}" in captions(at)
        seen += _quotes(at)
    assert len(seen) == total == len(set(seen))  # every excerpt on one page, none dropped


def test_under_the_limit_a_profile_lists_every_excerpt_by_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(components.profile, "EXCERPTS_PER_PAGE", 3)
    at = open_profile("jnim")  # 9 events: under the limit of 10
    total = _excerpt_total(at)
    assert total > 3
    assert len(_quotes(at)) == total
    assert "Showing the first" not in captions(at)
    assert not [n for n in at.number_input if n.key.startswith("profile-excerpt-page")]


def test_a_long_relations_section_lists_its_first_ones_and_all_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(components.profile, "RELATIONS_SHOWN", 3)
    at = open_profile("aqim")
    sections = relations_of(load_dataset(PROJECT_ROOT / "data"), "aqim")
    long = [len(items) for _, items in sections if len(items) > 3]
    assert long  # AQIM has a section of more than 3 relations
    for n in long:
        assert f"The first 3 of {n:,} (in dated order)" in captions(at)
    links = len(at.get("page_link"))  # each relation's other actor is a link
    at.toggle(key="profile-all-relations-aqim").set_value(True).run()
    assert_no_error(at)
    assert "The first 3 of" not in captions(at)
    assert len(at.get("page_link")) - links == sum(n - 3 for n in long)  # every one listed


def test_short_relations_sections_list_every_relation_without_a_toggle() -> None:
    at = open_profile("aqim")  # 21 relations, none of its sections above 25
    assert not [t for t in at.toggle if t.key == "profile-all-relations-aqim"]
    assert "List every relation" not in captions(at)


def test_above_the_limit_each_listed_excerpt_is_quoted_in_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The texts of a page of excerpts are read with that page: none is shown empty."""
    monkeypatch.setattr(components.profile, "EXCERPTS_PER_PAGE", 3)
    at = open_profile("aqim")
    excerpts = load_dataset(PROJECT_ROOT / "data").excerpts
    texts = dict(zip(excerpts["excerpt_id"], excerpts["text"]))
    quotes = [m.value for m in at.markdown if m.value.startswith(">")]
    listed = [parse_qs(q)["excerpt"][0] for q in _quotes(at)]
    assert len(quotes) == len(listed) == 3
    for excerpt_id, quote in zip(listed, quotes):
        words = [w for w in texts[excerpt_id].split() if w.isalpha() and len(w) > 3]
        assert words and all(w in quote for w in words[:5]), (excerpt_id, quote)
