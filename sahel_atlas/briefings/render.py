"""Pictures of a briefing's slides, offline: the app itself on a loopback port, each slide's
own URL opened in Debian's Chromium through Playwright, screenshotted at 1920x1080.

Measured against plotly's static export: that needs kaleido and a Chrome of its own for the
charts only, and draws neither the pydeck map nor the tables; the app's own slide URL shows
exactly what the room saw.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlparse

from sahel_atlas.briefings.model import PROFILE_PAGE, Briefing
from sahel_atlas.briefings.play import position, slide_params
from sahel_atlas.store.paths import PROJECT_ROOT

SCREEN = {"width": 1920, "height": 1080}
START_TIMEOUT_S = 90
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    # Chromium calls Google hosts on its own unless every name resolves nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


# How many colours a canvas shows, sampled every 97th pixel (a blank or half-drawn deck.gl
# canvas shows a few): the renderer's wait below and the browser tests read it alike.
CANVAS_COLOURS_JS = """(c) => {
  const copy = document.createElement('canvas');
  copy.width = c.width; copy.height = c.height;
  copy.getContext('2d').drawImage(c, 0, 0);
  const d = copy.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
  return seen.size;
}"""

# True once every chart, map and table on the page has drawn: no loading placeholder is left,
# deck.gl's canvas holds more than a few colours, plotly's SVG and the data grid's canvas exist.
_DRAWN = """() => {
  if (document.querySelector("[data-testid='stSkeleton']")) return false;  // still loading
  const ready = (box, inner) => !document.querySelector(box) || !!document.querySelector(box + ' ' + inner);
  if (!ready("[data-testid='stPlotlyChart']", ".main-svg")) return false;
  if (!ready("[data-testid='stDataFrame']", "canvas")) return false;
  const deck = document.querySelector("[data-testid='stDeckGlJsonChart']");
  if (!deck) return true;
  const c = deck.querySelector("canvas");
  if (!c || !c.width) return false;
  return (""" + CANVAS_COLOURS_JS + """)(c) > 5;
}"""


# The pictures show the view, not the presenter's buttons (the page says "K / N" itself).
_NO_CONTROLS = ".st-key-brief_bar { display: none !important; }"


class RenderError(RuntimeError):
    """The app or the browser could not be started or did not show a slide."""


def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RenderError("Chromium is not installed: apt-get install chromium")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port, usage statistics off; its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env={**os.environ, **(env or {})},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watchdog = threading.Timer(START_TIMEOUT_S, process.kill)
    watchdog.start()
    lines = []
    for line in process.stdout:  # type: ignore[union-attr] - blocks until the start line
        lines.append(line)
        if "URL:" in line:
            break
    watchdog.cancel()
    try:
        if process.poll() is not None:
            raise RenderError("the app did not start:\n" + "".join(lines[-20:]))
        threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
        url = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30):
            pass
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def slide_url(base: str, briefing: Briefing, index: int, profile_paths: dict[str, str]) -> str:
    """The slide's own link, note hidden (the handout prints it as text)."""
    slide = briefing.slides[index]
    if slide.page == PROFILE_PAGE:
        path = profile_paths.get(slide.actor or "", "")
    else:
        path = "" if slide.page == "map" else slide.page
    query = urlencode(slide_params(briefing, index, notes_hidden=True), doseq=True)
    return f"{base}/{path}?{query}"


def loopback_link(port: int, base_path: str, page_path: str, params: dict[str, list[str]]) -> str:
    """A page's link on this machine's own port, in presentation mode (large type)."""
    path = "/".join(p for p in (base_path.strip("/"), page_path) if p)
    query = urlencode({**params, "present": ["1"]}, doseq=True)
    return f"http://127.0.0.1:{port}/{path}?{query}"


def _local_only(route) -> None:  # noqa: ANN001 - a Playwright Route
    host = urlparse(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()  # nothing leaves the machine


@contextmanager
def _browser_page() -> Iterator:
    """A 1920x1080 Chromium page whose requests never leave the machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=SCREEN, device_scale_factor=1)
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def _open_drawn(page, url: str, text: str | None) -> None:  # noqa: ANN001 - a Playwright Page
    """Open `url` and wait until the app shows `text`, has finished its run and has drawn."""
    page.goto(url)
    if text:
        page.get_by_text(text, exact=True).first.wait_for()
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function(_DRAWN, polling=250)
    page.add_style_tag(content=_NO_CONTROLS)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screenshots(urls: list[str], out: Path, expected: list[str]) -> list[Path]:
    """One PNG per URL, each taken once the app has finished drawing and shows `expected`."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with _browser_page() as page:
        for number, (url, text) in enumerate(zip(urls, expected), start=1):
            _open_drawn(page, url, text)
            path = out / f"slide-{number:02d}.png"
            page.screenshot(path=str(path))
            paths.append(path)
    return paths


MAP_SELECTOR = "[data-testid='stDeckGlJsonChart']"


def map_picture(url: str, out: Path) -> Path:
    """A PNG of the first map on the page at `url` (a presenter's own deck)."""
    with _browser_page() as page:
        _open_drawn(page, url, None)
        page.locator(MAP_SELECTOR).first.screenshot(path=str(out))
    return out


def render(base: str, briefing: Briefing, profile_paths: dict[str, str], out: Path) -> list[Path]:
    """A 1920x1080 picture of every slide, as played, from the app at `base`."""
    count = len(briefing.slides)
    urls = [slide_url(base, briefing, i, profile_paths) for i in range(count)]
    return screenshots(urls, out, [position(i, count) for i in range(count)])
