"""Briefings under AppTest: playing a slide from its link, moving on, leaving; building and
editing a briefing from the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from sahel_atlas.briefings import store
from sahel_atlas.briefings.model import Briefing, Slide
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
THREE = Briefing("three", "Three views", (
    Slide("map", "Droukdel's last year", "Say where", view={"from": "2020", "to": "2020",
                                                            "actor": "abdelmalek-droukdel"}),
    Slide("timeline", "The rivalry", "Say when", view={"actor": ["isgs", "jnim"], "lanes": "type"}),
    Slide("sources", "The brief", "", view={"doc": "src-b"}),
))


@pytest.fixture()
def folder(monkeypatch: pytest.MonkeyPatch, tiny_data: Path, tmp_path: Path) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tiny_data))
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path))
    store.save(THREE, tmp_path)
    return tmp_path


def open_page(url_path: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at._page_hash = calc_hash(url_path)
    checked(at.run())
    at._page_hash = ""  # later runs stay on the page the last one finished on (switch_page)
    return at


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def shown(at: AppTest) -> str:
    return "\n".join([t.value for t in at.title] + [m.value for m in at.markdown]
                     + [i.value for i in at.info])


def test_a_slide_link_plays_that_slide_with_its_filters(folder: Path) -> None:
    at = open_page("timeline", {"briefing": "three", "slide": "2", "actor": "aqim"})
    text = shown(at)
    assert "The rivalry" in text and "**2 / 3**" in text and "Say when" in text
    assert "ISGS or JNIM" in text and "AQIM" not in text.split("2 / 3")[0]  # the slide's own filters
    assert at.query_params["actor"] == ["isgs", "jnim"] and at.query_params["lanes"] == "type"
    assert at.query_params["slide"] == "2"
    assert not at.sidebar.multiselect  # presentation mode: no controls


def test_next_opens_the_next_slide_and_the_url_follows(folder: Path) -> None:
    at = open_page("map", {"briefing": "three", "slide": "1"})
    assert at.button(key="brief_prev").disabled
    assert "1 / 3" in shown(at) and "2020" in shown(at)
    checked(at.button(key="brief_next").click().run())
    assert "2 / 3" in shown(at) and at.query_params["slide"] == "2"
    assert at.query_params["actor"] == ["isgs", "jnim"] and "from" not in at.query_params
    checked(at.button(key="brief_pagedown").click().run())
    assert "3 / 3" in shown(at) and at.query_params["doc"] == "src-b"
    assert at.button(key="brief_next").disabled
    checked(at.button(key="brief_pageup").click().run())
    assert "2 / 3" in shown(at)


def test_the_note_hides_on_request_and_the_url_says_so(folder: Path) -> None:
    at = open_page("map", {"briefing": "three", "slide": "1"})
    checked(at.button(key="brief_notes").click().run())
    assert "Say where" not in shown(at) and at.query_params["notes"] == "hide"


def test_leaving_returns_to_exploring_with_the_slide_filters(folder: Path) -> None:
    at = open_page("timeline", {"briefing": "three", "slide": "2"})
    checked(at.button(key="brief_leave").click().run())
    assert "briefing" not in at.query_params and "slide" not in at.query_params
    assert at.query_params["actor"] == ["isgs", "jnim"]
    assert at.sidebar.multiselect[0].value == ["isgs", "jnim"]  # the controls are back


def test_a_slide_number_past_the_end_shows_the_last(folder: Path) -> None:
    at = open_page("sources", {"briefing": "three", "slide": "9"})
    assert "3 / 3" in shown(at) and at.query_params["slide"] == "3"


def test_a_missing_briefing_is_said_and_the_page_still_works() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["briefing"] = "nothing-here"
    at.run()
    assert not at.exception
    assert "no briefing named 'nothing-here'" in at.error[0].value
    assert "briefing" not in at.query_params and at.sidebar.multiselect  # exploring


def test_a_bad_slide_is_named_and_the_others_play(folder: Path) -> None:
    text = store.dump(THREE).replace("page: timeline", "page: chart")
    (folder / "three.yaml").write_text(text, encoding="utf-8")
    at = open_page("sources", {"briefing": "three", "slide": "2"})
    assert "2 / 2" in shown(at)
    assert "slide 2 ('The rivalry') skipped: unknown page 'chart'" in at.warning[0].value.replace("\\", "")
