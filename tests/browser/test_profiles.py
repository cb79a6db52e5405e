"""Profiles in a real browser: AQIM's page draws, an excerpt link opens the reader at that
excerpt (highlighted and scrolled into view), a click on the link chart opens another
profile, and no request leaves the host."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from conftest import Requests, Server, assert_only_local, screenshot, wait_for_app

pytestmark = pytest.mark.browser

LINK_CHART = "[data-testid='stPlotlyChart']"
READER = "[data-testid='stIFrame']"


def open_page(page: Page, server: Server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)


def settle(page: Page) -> None:
    """Wait until the run has finished and no element is greyed out as stale (screenshots)."""
    wait_for_app(page)
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")")


def assert_no_error(page: Page) -> None:
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("could not be drawn")).to_have_count(0)
    expect(page.get_by_text("could not be opened")).to_have_count(0)


def test_aqim_profile_draws(page: Page, server: Server, requests_log: Requests) -> None:
    open_page(page, server, "aqim")
    expect(page.locator("h1").first).to_contain_text("Sahel Atlas · AQIM")
    expect(page.get_by_text("Fact box", exact=True)).to_be_visible()
    expect(page.locator(f"{LINK_CHART} .main-svg").first).to_be_visible()
    expect(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first).to_be_visible()
    # The group is in the navigation, under "Groups", and is the current page.
    nav = page.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_text("Groups", exact=True)).to_be_visible()
    expect(nav.locator("a[href$='/aqim']")).to_be_visible()
    # The leader links to his profile.
    expect(page.locator("[data-testid='stPageLink'] a[href$='abdelmalek-droukdel']").first).to_be_visible()
    assert_no_error(page)
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "Page not found"
    settle(page)
    screenshot(page, "profile-aqim")
    assert_only_local(requests_log)


def test_an_excerpt_link_opens_the_reader_at_the_excerpt(
    page: Page, server: Server, requests_log: Requests
) -> None:
    open_page(page, server, "aqim")
    links = page.locator("[data-testid='stPageLink'] a", has_text="Open in source")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert hrefs and all("doc=" in h and "excerpt=" in h for h in hrefs), hrefs[:3]

    def offset(href: str) -> int:  # `<source>:<start>-<end>`: the excerpt's start
        return int(parse_qs(urlparse(href).query)["excerpt"][0].rsplit(":", 1)[1].split("-")[0])

    # The excerpt deepest into its document, so that the reader has to scroll to it.
    deepest = max(range(len(hrefs)), key=lambda i: offset(hrefs[i]))
    wanted = parse_qs(urlparse(hrefs[deepest]).query)
    excerpt_id = wanted["excerpt"][0]
    links.nth(deepest).click()
    page.wait_for_url("**/sources?**")
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["excerpt"] == [excerpt_id] and query["doc"] == wanted["doc"]
    expect(page.locator(READER)).to_be_visible()
    frame = page.frame_locator(READER)
    selected = frame.locator("mark.sel-start").first
    expect(selected).to_be_visible()
    assert excerpt_id in (selected.get_attribute("data-excerpts") or "").split()
    # Scrolled into view inside the reader's own viewport.
    top, bottom, height = selected.evaluate(
        "el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }"
    )
    assert 0 <= top and bottom <= height, (top, bottom, height)
    assert_no_error(page)
    settle(page)
    screenshot(page, "profile-aqim-excerpt-in-reader")
    assert_only_local(requests_log)


def test_clicking_a_node_opens_its_profile(page: Page, server: Server, requests_log: Requests) -> None:
    open_page(page, server, "aqim")
    chart = page.locator(LINK_CHART).first
    expect(chart.locator(".main-svg").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    settle(page)
    point = chart.evaluate(
        """(el, id) => {
            const gd = el.querySelector('.js-plotly-plot');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            for (const t of gd._fullData) {
                const i = (t.customdata || []).findIndex(c => c && c[0] === id);
                if (i >= 0) return [box.left + xa._offset + xa.l2p(t.x[i]),
                                    box.top + ya._offset + ya.l2p(t.y[i])];
            }
            return null;
        }""",
        "al-qaeda",
    )
    assert point, "al-Qaeda is not a node of AQIM's link chart"
    page.mouse.click(*point)
    page.wait_for_url("**/al-qaeda**")
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Sahel Atlas · Al-Qaeda")
    assert_no_error(page)
    assert_only_local(requests_log)
