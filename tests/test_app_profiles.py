"""Every profile page under Streamlit's AppTest: each group in data/, a person, with filters."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from hostile_data import write_hostile_dataset
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, load_dataset
from sahel_atlas.views.actors import actor_index, sidebar_groups
from sahel_atlas.views.profile.directory import directory, profile_paths

APP = str(PROJECT_ROOT / "app.py")
DATA = PROJECT_ROOT / "data"
PROFILE = str(PROJECT_ROOT / "app_pages" / "profile.py")
_ACTORS = pq.read_table(DATA / "actors.parquet", columns=["actor_id", "kind"]).to_pylist()
GROUPS = sorted(a["actor_id"] for a in _ACTORS if a["kind"] == "group")
PATHS = profile_paths(a["actor_id"] for a in _ACTORS)


@pytest.fixture(autouse=True)
def real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(DATA))


def open_profile(
    actor_id: str,
    params: dict[str, str | list[str]] | None = None,
    paths: dict[str, str] = PATHS,
) -> AppTest:
    """Open an actor's profile as a link to /<url path> would, filters and all.

    `app_pages/profile.py` is registered once per actor, so `AppTest.switch_page(file)` cannot
    say which; a page's hash is the hash of its URL path (`st.Page._script_hash`), which is
    what the browser asks for when it opens `/aqim`.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    url_path = paths[actor_id]
    at._page_hash = calc_hash(url_path)
    at.run()
    registered = {
        info.get("url_pathname"): info for info in at._registered_pages.values()
    }
    assert registered[url_path]["script_path"] == PROFILE, "not registered as a profile"
    return at


def assert_no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def registered_paths(at: AppTest) -> set[str]:
    return {info["url_pathname"] for info in at._registered_pages.values()}


def test_a_run_registers_the_atlas_and_the_listed_groups_not_every_actor() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_no_error(at)
    listed = {PATHS[a] for a in sidebar_groups(actor_index(load_dataset(DATA)))}
    atlas = {"", "timeline", "data", "sources", "actors", "disagreements", "briefings"}
    # The map, the default page, is registered under "" (served at "/").
    assert registered_paths(at) - {"map"} == atlas | listed
    assert {"aqim", "jnim", "isgs"} <= listed and "abdelmalek-droukdel" not in listed
    assert len(GROUPS) >= 10


def test_every_actors_profile_opens_by_its_url_path() -> None:
    """Each actor's link (its page hash, as a click sends it) opens its own profile, which
    that run registers (hidden from the menu when the menu does not list it)."""
    entries = {e.actor_id: e for e in directory(load_dataset(DATA))}
    at = AppTest.from_file(APP, default_timeout=60)
    for actor_id, url_path in PATHS.items():
        at._page_hash = calc_hash(url_path)
        at.run()
        assert_no_error(at)
        title = at.title[0].value.replace("\\", "")  # Markdown-escaped
        assert title == f"Sahel Atlas · {entries[actor_id].title}", actor_id
        assert url_path in registered_paths(at), actor_id


@pytest.mark.parametrize("actor_id", GROUPS)
def test_every_group_profile_draws(actor_id: str) -> None:
    at = open_profile(actor_id)
    assert_no_error(at)
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value.startswith("Sahel Atlas · ")
    text = markdown(at)
    assert "#### Fact box" in text and "#### Summary" in text
    keys = [c.proto.id for c in at.get("plotly_chart")]
    ds = load_dataset(DATA)
    related = ds.relations[
        (ds.relations["subject_id"] == actor_id) | (ds.relations["object_id"] == actor_id)
    ]
    if len(related):
        assert any(f"profile-links-{actor_id}" in k for k in keys), "no link chart"
    else:
        assert any("No relation" in i.value for i in at.info)
    if any(actor_id in ids for ids in ds.events["actor_ids"]):
        assert any(f"profile-timeline-{actor_id}" in k for k in keys), "no timeline"
        assert at.get("deck_gl_json_chart"), "no map"
    else:
        assert any("No event involving it" in i.value for i in at.info)


def test_aqim_profile_content() -> None:
    at = open_profile("aqim")
    assert_no_error(at)
    assert at.title[0].value == "Sahel Atlas · AQIM"
    text = markdown(at)
    assert "**Leaders and tenures**" in text
    # Leaders (with their tenure), relations and members link to their profiles.
    labels = [l.proto.label for l in at.get("page_link") if l.proto.page == "abdelmalek-droukdel"]
    assert any("Droukdel" in label and "2004" in label for label in labels), labels
    # Excerpts: grouped by source with their citation, the names in bold, a reader link each.
    assert "reliability **" in "\n".join(c.value for c in at.caption)
    assert "**AQIM**" in text or "**Aqim**" in text
    readers = [l.proto for l in at.get("page_link") if l.proto.page == "sources"]
    assert readers and all("doc=" in l.query_string and "excerpt=" in l.query_string for l in readers)


def test_a_person_has_a_profile() -> None:
    at = open_profile("abdelmalek-droukdel")
    assert_no_error(at)
    assert at.title[0].value == "Sahel Atlas · Abdelmalek Droukdel"
    text = markdown(at)
    assert "#### Fact box" in text and "**Leads or led**" in text
    pages = {link.proto.page for link in at.get("page_link")}
    assert {"aqim", "gspc", "jnim"} <= pages


def test_a_filtered_profile_is_one_link() -> None:
    at = open_profile("aqim", {"from": "2013", "to": "2013"})
    assert_no_error(at)
    assert not at.warning, [w.value for w in at.warning]
    assert "2013" in at.markdown[0].value
    assert at.query_params["from"] == "2013" and at.query_params["to"] == "2013"
    ds = load_dataset(DATA)
    expected = [
        e for e, ids, start, end in zip(ds.events["event_id"], ds.events["actor_ids"],
                                        ds.events["date_start"], ds.events["date_end"])
        if "aqim" in ids and start.year <= 2013 <= end.year
    ]
    captions = "\n".join(c.value for c in at.caption)
    assert f"{len(expected)} events involving it under the current filters" in captions
    assert "All dates: the sidebar filters do not narrow the fact box." in captions


def test_a_bad_filter_on_a_profile_gives_a_notice() -> None:
    at = open_profile("jnim", {"from": "20x2", "status": "rumoured"})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any("from=20x2" in n for n in notices), notices
    assert any("status=rumoured" in n for n in notices), notices
    assert "#### Fact box" in markdown(at)


RAW_TAG = re.compile(r"(?<!\\)<\s*(script|img)", re.IGNORECASE)


def test_hostile_names_and_excerpts_stay_plain_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = write_hostile_dataset(tmp_path / "hostile")
    monkeypatch.setenv(ENV_VAR, str(data))
    ds = load_dataset(data)
    paths = profile_paths(ds.actors["actor_id"])
    for actor_id in ds.actors["actor_id"]:
        at = open_profile(actor_id, paths=paths)
        assert_no_error(at)
        shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
        shown += [t.value for t in at.title] + [l.proto.label for l in at.get("page_link")]
        for text in shown:
            assert not RAW_TAG.search(text), (actor_id, text)
        for chart in at.get("plotly_chart"):
            assert not RAW_TAG.search(chart.proto.spec), actor_id
    hostile = ds.actors.iloc[0]["actor_id"]
    at = open_profile(hostile, paths=paths)
    assert "### \\<script\\>window" in markdown(at)  # the name, escaped: shown as text
