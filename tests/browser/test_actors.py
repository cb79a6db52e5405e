"""The merged atlas in Chromium: the Actors page, a resolved profile, one map label per town.

On the small merged import of tests/merged_fixture.py (ACLED-origin events carrying the
curated `aqim` id; ACLED's own "Timbuktu" beside the curated one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import Requests, Server, assert_only_local, screenshot, start_server, wait_for_app
from merged_fixture import AQIM_ACLED_EVENTS, write_merged_dataset

pytestmark = pytest.mark.browser

LABEL = re.compile(rb'"label":\s*"([^"]*)"')


@pytest.fixture(scope="module")
def merged_server(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[Server]:
    data = write_merged_dataset(tmp_path_factory.mktemp("merged_browser"))
    running = start_server(data, tmp_path_factory.mktemp("merged_server") / "streamlit.log")
    context = browser.new_context()  # the first visit at "/" ends Streamlit's legacy pages mode
    first = context.new_page()
    first.goto(running.url)
    wait_for_app(first)
    context.close()
    yield running
    running.stop()


def test_the_actors_page_finds_an_imported_name_and_opens_the_profile(
    page: Page, merged_server: Server, requests_log: Requests
) -> None:
    page.goto(f"{merged_server.url}/actors?find=Al%20Qaeda%20in%20the%20Islamic&kind=group")
    wait_for_app(page)
    main = page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_text('any name containing "Al Qaeda in the Islamic"')).to_be_visible()
    expect(main.get_by_text(f"{AQIM_ACLED_EVENTS} from ACLED").first).to_be_visible()
    link = main.get_by_test_id("stPageLink-NavLink").filter(has_text="AQIM")
    expect(link).to_have_count(1)
    screenshot(page, "actors-search")
    link.click()
    page.wait_for_url(re.compile(r"/aqim"))
    wait_for_app(page)
    expect(page.get_by_text(re.compile(rf"from the sources, {AQIM_ACLED_EVENTS} from ACLED"))).to_be_visible()
    expect(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first).to_be_visible()
    screenshot(page, "aqim-resolved-profile")
    assert_only_local(requests_log)


def test_the_sidebar_lists_a_short_set_of_groups(
    page: Page, merged_server: Server, requests_log: Requests
) -> None:
    page.goto(f"{merged_server.url}/actors")
    wait_for_app(page)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Actors", exact=True)).to_be_visible()
    view_more = nav.get_by_text(re.compile(r"View \d+ more"))
    if view_more.count():
        view_more.click()
    links = nav.get_by_test_id("stSidebarNavLink")
    assert links.count() <= 30, links.count()  # 6 atlas pages and at most 20 groups
    assert_only_local(requests_log)


def test_the_map_labels_a_town_once(page: Page, merged_server: Server, requests_log: Requests) -> None:
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes)
                                                      else payload.encode())))
    page.goto(merged_server.url)
    wait_for_app(page)
    expect(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first).to_be_visible(timeout=30_000)
    decks = [f for f in frames if b"place-labels" in f]
    assert decks, "the map's deck never reached the browser"
    labels = [m.decode() for m in LABEL.findall(decks[-1])]
    assert labels.count("Timbuktu") == 1, labels
    screenshot(page, "merged-map")
    assert_only_local(requests_log)


def test_a_profile_the_menu_does_not_list_opens_from_its_link_and_comes_back(
    page: Page, merged_server: Server, requests_log: Requests
) -> None:
    """The run that draws the Actors page registers only the listed groups: the link still
    opens the profile, and the browser's Back button returns to it from another page."""
    page.goto(f"{merged_server.url}/actors?find=militia%2039")
    wait_for_app(page)
    nav = page.get_by_test_id("stSidebarNav")
    view_more = nav.get_by_text(re.compile(r"View \d+ more"))
    if view_more.count():
        view_more.click()
    expect(nav.get_by_text("Communal Militia 39", exact=False)).to_have_count(0)
    title = page.locator("h1").first
    main = page.get_by_test_id("stMainBlockContainer")
    main.get_by_test_id("stPageLink-NavLink").filter(has_text="Communal Militia 39").click()
    page.wait_for_url(re.compile(r"/acled-militia-39"))
    expect(title).to_have_text("Sahel Atlas · Communal Militia 39 (Mali)")
    wait_for_app(page)
    nav.get_by_text("Timeline", exact=True).click()
    page.wait_for_url(re.compile(r"/timeline"))
    expect(title).to_have_text("Sahel Atlas · Timeline")
    wait_for_app(page)
    page.go_back()
    page.wait_for_url(re.compile(r"/acled-militia-39"))
    expect(title).to_have_text("Sahel Atlas · Communal Militia 39 (Mali)")
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert_only_local(requests_log)


def test_an_unknown_path_says_page_not_found_and_shows_the_map(
    page: Page, merged_server: Server, requests_log: Requests
) -> None:
    page.goto(f"{merged_server.url}/no-such-actor")
    expect(page.get_by_role("dialog").get_by_text("Page not found")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("Sahel Atlas · Map")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert_only_local(requests_log)
