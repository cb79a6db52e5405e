"""Every page in a real browser: drawn, no error, a CSV download, and no request off the host."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import Requests, Server, assert_only_local, screenshot, wait_for_app
from sahel_atlas.briefings.render import CANVAS_COLOURS_JS
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.query.model import Vocabulary
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.query.run import apply

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# page url path -> (selector that proves the page drew its main content, screenshot name).
# The default page, the map, is served at "/" (Streamlit answers /map with "Page not found").
PAGES = {
    "": ("[data-testid='stDeckGlJsonChart'] canvas", "map"),
    "timeline": ("[data-testid='stPlotlyChart'] .main-svg", "timeline"),
    "data": ("[data-testid='stDataFrame'] canvas", "data"),
    "sources": ("[data-testid='stIFrame']", "sources"),
    "disagreements": ("[data-testid='stPageLink']", "disagreements"),
}


def open_page(page: Page, server: Server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)


def wait_for_query(page: Page, text: str) -> None:
    """The app rewrites the query string in place (no page load), so watch the location."""
    page.wait_for_function("text => window.location.search.includes(text)", arg=text)


def assert_no_error(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("could not be drawn")).to_have_count(0)
    expect(page.get_by_text("could not be opened")).to_have_count(0)


@pytest.mark.parametrize("path", list(PAGES), ids=[v[1] for v in PAGES.values()])
def test_every_page_draws_without_error_or_foreign_request(
    page: Page, server: Server, requests_log: Requests, path: str
) -> None:
    selector, name = PAGES[path]
    open_page(page, server, path)
    expect(page.locator(selector).first).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Sahel Atlas")
    expect(page.get_by_text("events", exact=False).first).to_be_visible()
    assert_no_error(page)
    screenshot(page, name)
    assert_only_local(requests_log)


def test_map_labels_and_markers_are_drawn(page: Page, server: Server, requests_log: Requests) -> None:
    open_page(page, server, "")
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 400
    # The canvas is not blank: deck.gl drew land, borders and markers on it.
    colours = canvas.evaluate(CANVAS_COLOURS_JS)
    assert colours > 5, "the map canvas looks blank"
    assert_only_local(requests_log)


def test_timeline_draws_markers_and_bars(page: Page, server: Server, requests_log: Requests) -> None:
    open_page(page, server, "timeline")
    plot = page.locator("[data-testid='stPlotlyChart']").first
    expect(plot.locator(".xtitle").first).to_be_visible()
    assert plot.locator(".point").count() > 0, "no marker or bar drawn"
    assert_only_local(requests_log)


def expected_event_ids(query: str) -> list[str]:
    ds = load_dataset(ROOT / "data")
    params: dict[str, list[str]] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        params.setdefault(key, []).append(value)
    filters, notices = parse_query_params(params, Vocabulary.from_dataset(ds))
    assert notices == []
    return list(apply(ds, filters)["event_id"])


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("actor=aqim&from=2012&to=2020", "sahel-atlas_events_2012-2020-overlap_aqim.csv"),
        (
            "actor=aqim&from=2012&to=2020&dates=within",
            "sahel-atlas_events_2012-2020-within_aqim.csv",
        ),
    ],
    ids=["overlap", "within"],
)
def test_a_filtered_link_downloads_exactly_the_filtered_rows(
    page: Page, server: Server, requests_log: Requests, query: str, filename: str
) -> None:
    open_page(page, server, f"data?{query}")
    expected = expected_event_ids(query)
    assert expected, "the filter should select some events"
    button = page.get_by_role("button", name=f"Download {len(expected)} events as CSV")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == filename
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would garble accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["Event ID"] for r in rows] == expected
    assert all("Al-Qaeda in the Islamic Maghreb" in r["Actors"] for r in rows)
    wait_for_app(page)
    expect(page.locator("[data-testid='stDataFrame'] canvas").first).to_be_visible()
    screenshot(page, "data-filtered-within" if "dates=within" in query else "data-filtered")
    assert_no_error(page)
    assert_only_local(requests_log)


def test_a_bad_link_shows_a_notice_not_a_traceback(
    page: Page, server: Server, requests_log: Requests
) -> None:
    open_page(page, server, "timeline?actor=nobody&from=20x2")
    expect(page.get_by_text("Ignored actor=nobody: no such actor.")).to_be_visible()
    expect(page.get_by_text("Ignored from=20x2")).to_be_visible()
    assert_no_error(page)
    assert_only_local(requests_log)


def test_typing_a_filter_updates_the_link_and_the_sentence(
    page: Page, server: Server, requests_log: Requests
) -> None:
    open_page(page, server, "")
    box = page.get_by_placeholder("Words in titles, descriptions, excerpts")
    box.fill("hostage")
    box.press("Enter")
    wait_for_query(page, "q=hostage")
    wait_for_app(page)
    expect(page.get_by_text("containing 'hostage'")).to_be_visible()
    page.get_by_role("link", name="Data and export").click()
    page.wait_for_url("**/data**")
    wait_for_query(page, "q=hostage")
    wait_for_app(page)
    expect(page.get_by_text("containing 'hostage'")).to_be_visible()
    assert_only_local(requests_log)


@pytest.mark.parametrize("path", ["", "timeline"], ids=["map", "timeline"])
def test_presentation_mode_hides_the_controls_on_a_shared_screen(
    screen: Page, server: Server, requests_log: Requests, path: str
) -> None:
    page = screen
    open_page(page, server, f"{path}?present=1&actor=aqim&actor=jnim")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
    expect(page.get_by_text("AQIM or JNIM").first).to_be_visible()
    size = page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 40, f"title too small for a room: {size}px"
    screenshot(page, f"present-{path or 'map'}")
    page.get_by_role("button", name="Exit presentation mode").click()
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
    assert "present" not in page.url
    assert_only_local(requests_log)


def click_and_wait_for_rerun(page: Page, target, attempts: int = 3) -> None:
    """Click, then wait until the script has run again and finished.

    A run is counted from the old value of each change of the script state: a fast run can go
    to 'running' and back before the observer reads the attribute. A click that lands while
    the sidebar is re-rendered after a page switch is sometimes dropped by the frontend (no
    message reaches the server, seen about once in ten runs); a user would click again, and so
    does this, a bounded number of times."""
    page.evaluate(
        """() => {
            window.__reruns = 0;
            const app = document.querySelector("[data-testid='stApp']");
            new MutationObserver((changes) => {
                for (const change of changes) {
                    if (change.oldValue === 'running') window.__reruns++;
                }
            }).observe(app, {attributes: true, attributeOldValue: true,
                             attributeFilter: ['data-test-script-state']});
        }"""
    )
    finished = """() => window.__reruns > 0 && document.querySelector("[data-testid='stApp']")
                      .dataset.testScriptState === 'notRunning'"""
    for attempt in range(attempts):
        target.click()
        try:
            page.wait_for_function(finished, timeout=10_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise


def test_clicking_the_page_shown_after_a_switch_keeps_every_filter(
    page: Page, server: Server, requests_log: Requests
) -> None:
    """Once a bug: the page drawn by a switch showed the Actors box empty, and the next click
    on that same page sent the empty box back, dropping the actors from the view and link."""
    open_page(page, server, "data?actor=aqim&actor=jnim&from=2017")
    nav_map = page.locator("[data-testid='stSidebarNav'] a", has_text="Map")
    nav_map.click()
    page.wait_for_url(lambda url: "/data" not in url)
    wait_for_app(page)
    expect(page.get_by_text("AQIM or JNIM").first).to_be_visible()
    click_and_wait_for_rerun(page, nav_map)
    expect(page.get_by_text("AQIM or JNIM").first).to_be_visible()
    assert "actor=aqim" in page.url and "actor=jnim" in page.url, page.url
    actors_box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    expect(actors_box).to_contain_text("AQIM — ")
    expect(actors_box).to_contain_text("JNIM — ")
    assert_only_local(requests_log)


def test_the_busiest_groups_show_without_unfolding_the_menu(
    page: Page, server: Server, requests_log: Requests
) -> None:
    """Streamlit folds a long menu under "View N more": AQIM and JNIM must not hide there."""
    open_page(page, server, "")
    nav = page.get_by_test_id("stSidebarNav")
    for group in ("AQIM", "JNIM", "ISGS"):
        expect(nav.get_by_role("link", name=group, exact=True)).to_be_visible()
    assert_only_local(requests_log)
