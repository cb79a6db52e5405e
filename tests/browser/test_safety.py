"""Hostile names, titles and excerpts in a real browser: shown as text, no script runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import Requests, Server, assert_only_local, start_server, wait_for_app
from hostile_data import write_hostile_dataset

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = write_hostile_dataset(tmp_path_factory.mktemp("hostile"))
    running = start_server(data, data / "streamlit.log")
    yield running
    running.stop()


@pytest.mark.parametrize("path", ["", "timeline", "data", "sources", "disagreements"])
def test_payloads_show_as_text_and_never_run(
    page: Page, hostile_server: Server, requests_log: Requests, path: str
) -> None:
    page.goto(f"{hostile_server.url}/{path}")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Sahel Atlas")
    assert page.evaluate("() => window.__xss") is None
    # No element was created from the payloads: they are text, not tags.
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    for frame in page.frames:
        assert frame.evaluate("() => window.__xss === undefined")
        assert frame.locator("img[src='x']").count() == 0
    assert_only_local(requests_log)


def test_the_reader_shows_the_hostile_excerpt_literally(
    page: Page, hostile_server: Server, requests_log: Requests
) -> None:
    page.goto(f"{hostile_server.url}/sources?doc=src-a")
    wait_for_app(page)
    reader = page.frame_locator("[data-testid='stIFrame']").first
    expect(reader.get_by_text("<script>window.__xss = 'script'</script>", exact=False)).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert_only_local(requests_log)
