"""A real `streamlit run` on a free port, driven by Playwright through Debian's Chromium.

Every request the browser makes is recorded; a request to any host but the app's own is
aborted and reported by the `no_foreign_requests` check in each test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from app_servers import Server, free_port, start_server  # noqa: F401 - tests import them here

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Chromium calls Google hosts on its own unless every name resolves nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# A rerun on a loaded 2-core machine can take longer than expect()'s 5 s default; the
# condition is still awaited, only the patience is longer.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on the project's own dataset (data/)."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    running = start_server(ROOT / "data", log)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Requests:
    """Every URL the page asked for, and those that left the machine (aborted)."""

    seen: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture
def requests_log() -> Requests:
    return Requests()


def new_guarded_page(browser: Browser, requests_log: Requests, width: int, height: int) -> Page:
    """A page in a fresh context whose every request is recorded; non-local ones aborted."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True, device_scale_factor=1
    )

    def guard(route: Route) -> None:
        url = route.request.url
        requests_log.seen.append(url)
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            requests_log.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    # WebSockets are not routed by `route`; record them from the page's events instead.
    page.on("websocket", lambda ws: requests_log.seen.append(ws.url))
    page.set_default_timeout(30_000)
    return page


@pytest.fixture
def page(browser: Browser, requests_log: Requests) -> Iterator[Page]:
    """A tall page: Streamlit scrolls its own container, so screenshots need the height."""
    tall = new_guarded_page(browser, requests_log, 1600, 2400)
    yield tall
    tall.context.close()


@pytest.fixture
def screen(browser: Browser, requests_log: Requests) -> Iterator[Page]:
    """A page the size of a presenter's shared screen, 1920x1080."""
    shared = new_guarded_page(browser, requests_log, 1920, 1080)
    yield shared
    shared.context.close()


def wait_for_app(page: Page) -> None:
    """Wait until the script has finished its run (Streamlit's e2e way, no sleep)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000
    )
    page.wait_for_selector("[data-testid='stMainBlockContainer']")


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot for people to look at (an artifact, not an assertion)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    try:
        page.screenshot(path=str(path))
    except PlaywrightError:
        # Headless Chromium sometimes refuses a capture while it repaints; the next frame
        # is fine.
        page.evaluate("() => new Promise(requestAnimationFrame)")
        page.screenshot(path=str(path))
    return path


def assert_only_local(requests_log: Requests) -> None:
    websockets = [u for u in requests_log.seen if u.startswith("ws")]
    assert all(urlparse(u).hostname in LOCAL_HOSTS for u in websockets), websockets
    assert requests_log.foreign == [], f"requests left the machine: {requests_log.foreign}"
