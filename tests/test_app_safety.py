"""Untrusted text on every page is shown as text: no HTML, no Markdown link, no script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hostile_data import IMG, SCRIPT, write_hostile_dataset
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT

PAGES = ["app_pages/map.py", "app_pages/timeline.py", "app_pages/data.py", "app_pages/sources.py", "app_pages/disagreements.py"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_dataset(tmp_path_factory.mktemp("hostile"))


def _markdown_texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "info", "warning", "success", "error")
    return [element.value for kind in kinds for element in at.get(kind)]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_never_reaches_markdown_as_markup(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv(ENV_VAR, str(hostile))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for text in _markdown_texts(at):
        # Escaped Markdown keeps the characters but not their meaning: `\<script\>`.
        assert not re.search(r"(?<!\\)<(script|img)", text), text
        assert not re.search(r"(?<!\\)\]\(javascript:", text), text


def test_presentation_mode_hides_the_controls_and_keeps_the_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, str(PROJECT_ROOT / "data"))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["actor"] = "aqim"
    at.run()
    assert not at.exception
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.text_input) == 0
    assert at.markdown[0].value.startswith("**") and "AQIM" in at.markdown[0].value
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params
    assert at.query_params["actor"] == "aqim"
    assert len(at.sidebar.multiselect) == 5
    at.toggle(key="present_toggle").set_value(True).run()
    assert at.query_params["present"] == "1"
    assert len(at.sidebar.multiselect) == 0


def test_hostile_strings_are_really_in_the_fixture(hostile: Path) -> None:
    """Guards the safety test itself: the payloads must reach the app's data."""
    from sahel_atlas.store.dataset import load_dataset

    ds = load_dataset(hostile)
    assert SCRIPT in ds.actors["name"].iloc[0]
    assert ds.events["title"].str.contains(IMG, regex=False).all()
    text = ds.source_text("src-a")
    mine = ds.excerpts[ds.excerpts.source_id == "src-a"]
    assert all(text[s:e] == t for s, e, t in zip(mine.char_start, mine.char_end, mine.text))
