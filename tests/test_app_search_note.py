"""While a large dataset's texts are folded in the background, the search box says so."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_runs import assert_no_error, open_file
from components.frame import SEARCH_PREPARING
from sahel_atlas.store.dataset import ENV_VAR, PROJECT_ROOT, Dataset


@pytest.fixture(autouse=True)
def curated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(PROJECT_ROOT / "data"))


def _sidebar_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


@pytest.mark.parametrize("folded", [True, False])
@pytest.mark.parametrize("page", ["app_pages/map.py", "app_pages/data.py"])
def test_the_search_box_says_when_search_is_being_prepared(monkeypatch, page, folded) -> None:
    monkeypatch.setattr(Dataset, "text_folded", property(lambda self: folded))
    at = assert_no_error(open_file(page, {"q": "menaka"} if not folded else None))
    assert (SEARCH_PREPARING in _sidebar_captions(at)) is (not folded)
    if not folded:  # the search still answers, by scanning
        assert "menaka" in at.markdown[0].value.lower()
