"""Every page under Streamlit's AppTest: default, filtered by a link, and with bad links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_runs import app_test, assert_no_error
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT

PAGES = {
    "map": ("app_pages/map.py", "deck_gl_json_chart"),
    "timeline": ("app_pages/timeline.py", "plotly_chart"),
    "data": ("app_pages/data.py", "dataframe"),
}


def run_app(params: dict[str, str | list[str]] | None = None, page: str | None = None) -> AppTest:
    at = app_test(params)
    if page:
        # Before the first run, as a link to /<page> opens it (url_path = the file's stem).
        at.switch_page(PAGES[page][0])
    return at.run()


def header(at: AppTest) -> str:
    return at.markdown[0].value


@pytest.fixture(autouse=True)
def real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(PROJECT_ROOT / "data"))


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_opens_with_all_events(page: str) -> None:
    at = run_app(page=page)
    assert_no_error(at)
    assert header(at).startswith("**All ") and "events" in header(at)
    assert at.get(PAGES[page][1]), f"{page}: no {PAGES[page][1]}"


@pytest.mark.parametrize("page", list(PAGES))
def test_a_link_filters_every_page(page: str) -> None:
    at = run_app({"actor": "aqim", "from": "2013", "to": "2020"}, page=page)
    assert_no_error(at)
    assert "AQIM" in header(at) and "2013" in header(at)
    assert not at.warning
    assert at.query_params["actor"] == "aqim"


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"actor": "nobody"}, "actor=nobody"),
        ({"from": "20x2"}, "from=20x2"),
        ({"from": "1850"}, "from=1850"),
        ({"status": "rumoured"}, "status=rumoured"),
        ({"place": "<script>alert(1)</script>"}, "place="),
    ],
)
def test_a_bad_link_is_dropped_with_a_notice(page: str, params: dict, notice: str) -> None:
    at = run_app(params, page=page)
    assert not at.exception
    assert any(notice in w.value for w in at.warning), [w.value for w in at.warning]
    assert "All " in header(at)


def test_filters_survive_moving_between_pages() -> None:
    at = run_app({"status": "disputed"})
    first = header(at)
    at.switch_page("app_pages/data.py").run()
    assert header(at) == first
    assert at.query_params["status"] == "disputed"


def test_changing_a_control_updates_the_url_and_sentence() -> None:
    at = run_app(page="data")
    at.text_input(key="f_q").set_value("hostage").run()
    assert at.query_params["q"] == "hostage"
    assert "hostage" in header(at)


def test_reset_clears_every_filter() -> None:
    at = run_app({"actor": "aqim", "q": "Droukdel"})
    next(b for b in at.button if b.label == "Reset filters").click().run()
    assert "All " in header(at)
    assert "actor" not in at.query_params and "q" not in at.query_params


def test_missing_dataset_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    at = run_app()
    assert not at.exception
    assert "could not be opened" in at.error[0].value
