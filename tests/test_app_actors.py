"""The Actors page and a resolved profile under AppTest, on a small merged import."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_runs import assert_no_error, open_url
from merged_fixture import AQIM_ACLED_EVENTS, IMPORTED_GROUPS
from sahel_atlas.store.dataset import ENV_VAR


@pytest.fixture(autouse=True)
def merged(monkeypatch: pytest.MonkeyPatch, merged_data) -> None:
    monkeypatch.setenv(ENV_VAR, str(merged_data))


def open_page(url_path: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    return assert_no_error(open_url(url_path, params))


def links(at: AppTest) -> dict[str, str]:
    """page (URL path) -> label of every profile link on the page."""
    return {link.proto.page: link.proto.label for link in at.get("page_link")}


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_actors_page_lists_every_actor_with_per_origin_counts() -> None:
    at = open_page("actors")
    shown = links(at)
    assert "aqim" in shown and "Showing" not in shown["aqim"]
    assert f"{AQIM_ACLED_EVENTS} from ACLED" in text(at)
    assert "All " in text(at) and "most events first" in text(at)
    # The run registers only the groups the menu lists (the busiest), not every actor.
    registered = [p for p in at._registered_pages.values()
                  if p["url_pathname"].startswith("acled-militia")]
    assert 0 < len(registered) < IMPORTED_GROUPS


def test_every_profile_link_of_the_actors_page_opens_its_profile() -> None:
    """A click on a link sends the page's hash: it opens the profile even though the run
    that drew the link did not register it."""
    at = open_page("actors")
    drawn = {link.proto.page: link.proto for link in at.get("page_link")}
    militias = sorted(p for p in drawn if p.startswith("acled-militia"))
    assert len(militias) == IMPORTED_GROUPS
    unregistered = set(militias) - {p["url_pathname"] for p in at._registered_pages.values()}
    assert unregistered
    for url_path in militias:
        at._page_hash = drawn[url_path].page_script_hash
        at.run()
        assert_no_error(at)
        number = url_path.removeprefix("acled-militia-")
        title = at.title[0].value.replace("\\", "")  # Markdown-escaped
        assert title == f"Sahel Atlas · Communal Militia {number} (Mali)", url_path


def test_search_and_filters_come_from_the_url() -> None:
    at = open_page("actors", {"find": "Al Qaeda in the Islamic", "kind": "group",
                              "origin": "acled"})
    assert set(links(at)) & {"aqim"} and not any(p.startswith("acled-militia") for p in links(at))
    assert 'any name containing "Al Qaeda in the Islamic"' in text(at)
    assert at.text_input(key="actors_find").value == "Al Qaeda in the Islamic"
    assert at.query_params["origin"] == "acled"


def test_a_bad_url_value_is_named_and_dropped() -> None:
    at = open_page("actors", {"kind": "dragon"})
    assert any("dragon" in w.value for w in at.warning)
    assert "aqim" in links(at)


def test_typing_a_name_narrows_the_list_and_the_url_follows() -> None:
    at = open_page("actors")
    at.text_input(key="actors_find").input("militia 03").run()
    assert [p for p in links(at) if p.startswith("acled-militia")] == ["acled-militia-03"]
    assert at.query_params["find"] == "militia 03"


def test_a_resolved_profile_shows_its_imported_events() -> None:
    at = open_page("aqim")
    facts = text(at)
    assert f"from the sources, {AQIM_ACLED_EVENTS} from ACLED" in facts
    captions = "\n".join(c.value for c in at.caption)
    assert "events involving it in the dataset" in captions
    count = int(next(c.value for c in at.caption if "events involving it" in c.value).split()[0])
    assert count > AQIM_ACLED_EVENTS
