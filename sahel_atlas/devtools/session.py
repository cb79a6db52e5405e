"""One simulated analyst: opens links, switches pages, thinks, and checks every page drawn.

A link with new filters is a page load (a new Streamlit session: the app reads filters from
the URL on a session's first run); a page switch is a rerun on the same connection with the
page's script hash, as the browser's navigation sends it. The session holds every widget's
value as the frontend does (protocol.widget_state) and sends what the frontend sends.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from sahel_atlas.devtools import httpget, protocol
from sahel_atlas.devtools.scenarios import Link, sentence_shown
from sahel_atlas.devtools.stats import Stats

RUN_TIMEOUT_S = 60.0  # a script run that has not finished by then is an error
RECONNECT_S = 30.0  # how long a dropped session keeps trying, as the frontend does
BACKEND_HEADER = "x-sahel-atlas-backend"  # set by deploy/nginx/sahel-atlas.conf

# (event, session index, backend): "connected", "dropped"; lets a test await a condition.
EventHook = Callable[[str, int, str], None]


class Dropped(Exception):
    """The server closed the connection or could not be reached."""


@dataclass(frozen=True)
class Behaviour:
    think_min: float
    think_max: float
    links: tuple[Link, ...]
    pages: tuple[str, ...]


class Analyst:
    """One browser tab's worth of traffic, at the protocol level."""

    def __init__(self, index: int, target: httpget.Target, behaviour: Behaviour, stats: Stats,
                 rng: random.Random, on_event: EventHook | None = None) -> None:
        self.index, self.target, self.behaviour = index, target, behaviour
        self.stats, self.rng, self.on_event = stats, rng, on_event
        self.cookies: dict[str, str] = {}
        self.ws: ClientConnection | None = None
        self.session_id = ""
        self.pages: dict[str, str] = {}  # url path -> page_script_hash, from the navigation
        self.query = ""  # the query string of the URL the tab shows
        self.main_hash = ""  # app.py's script hash, from new_session
        self.widgets: dict[str, tuple[protocol.WidgetState, str]] = {}  # as the frontend holds them
        self.visited: list[str] = []  # pages since the link was opened, for error messages

    async def run(self, deadline: float) -> None:
        """Open links and switch pages until `deadline` (time.monotonic())."""
        try:
            await asyncio.sleep(self.rng.uniform(0, self.behaviour.think_min))  # no herd
            while time.monotonic() < deadline:
                link = self.rng.choice(self.behaviour.links)
                await self.open_link(self.rng.choice(self.behaviour.pages), link)
                for _ in range(self.rng.randint(1, 3)):
                    await self.think()
                    if time.monotonic() >= deadline:
                        break
                    await self.rerun(self.rng.choice(self.behaviour.pages), link)
                await self.think()
        except Dropped as exc:
            self.stats.error(self.index, f"gave up: {exc}")
        finally:
            await self.close()

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(self.behaviour.think_min, self.behaviour.think_max))

    async def open_link(self, page: str, link: Link) -> None:
        """Load `/<page>?<query>` in a fresh tab: the HTML, then a new session."""
        await self.close()
        self.session_id, self.query, self.widgets, self.visited = "", link.query, {}, []
        path = f"/{quote(page)}" + (f"?{link.query}" if link.query else "")
        status, _ = await self._get(path)
        if status != 200:
            self.stats.error(self.index, f"GET {path}: HTTP {status}")
        await self._connect()
        await self.rerun(page, link, fresh=True)

    async def rerun(self, page: str, link: Link, fresh: bool = False) -> None:
        """Run `page` and check it; a dropped connection is reconnected and the run resent."""
        message = self.load_message(page) if fresh else self.switch_message(page)
        for attempt in (1, 2):
            try:
                result, ms = await self._run_once(page, message)
                break
            except Dropped:
                self.stats.dropped_connections += 1
                self._event("dropped")
                if attempt == 2:
                    raise
                await self._reconnect()
                # A new server process: its hashes may differ, so the page goes by name; the
                # frontend resends the current URL and every widget value it holds.
                message = self.load_message(page, protocol.widget_states(self.widgets))
        self.visited.append(page or "map")
        self.stats.rerun(page, ms)
        self._check(page, link, result, "opened" if fresh else "switched to")

    def load_message(self, page: str, widgets: protocol.WidgetStates | None = None) -> bytes:
        """A tab loading the URL `/<page>?<query>`: the page by name, the URL's query string."""
        return protocol.rerun_script(self.query, page, "", widgets)

    def switch_message(self, page: str) -> bytes:
        """A click on a page in the navigation, as Streamlit 1.67's frontend sends it.

        Recorded from Chromium (App.onPageChange): the page by its hash and no name; only
        the values of widgets the main script (app.py) drew, since the page's own are
        cleared first; and, to another page, an empty query string, because the frontend
        keeps only the parameters bound to widgets (`bind="query-params"`, none in this app)
        across a page change; to the page shown, the URL's query string.
        """
        page_hash = self.pages.get(page, "")
        widgets = protocol.widget_states(self.widgets, self.main_hash) if self.main_hash else None
        query = self.query if self.visited and self.visited[-1] == (page or "map") else ""
        return protocol.rerun_script(query, "" if page_hash else page, page_hash, widgets)

    async def _run_once(self, page: str, message: bytes) -> tuple[protocol.RunResult, float]:
        if self.ws is None:
            raise Dropped("not connected")
        result = protocol.RunResult()
        start = time.perf_counter()
        try:
            await self.ws.send(message)
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while not result.finished:
                    frame = await self.ws.recv()
                    if isinstance(frame, bytes):
                        protocol.read(frame, result)
        except TimeoutError:
            self.stats.error(self.index, f"page {page or 'map'}: no script_finished in {RUN_TIMEOUT_S:.0f} s")
            return result, (time.perf_counter() - start) * 1000
        except ConnectionClosed as exc:
            self.ws = None
            raise Dropped(f"connection closed ({exc})") from exc
        ms = (time.perf_counter() - start) * 1000
        self.session_id = result.session_id or self.session_id
        self.pages = result.pages or self.pages
        self.main_hash = result.main_script_hash or self.main_hash
        if result.status == protocol.FINISHED_OK:
            self.widgets = result.widgets  # the frontend drops widgets a run did not draw
        if result.query_string is not None:
            self.query = result.query_string
        return result, ms

    def _check(self, page: str, link: Link, result: protocol.RunResult, how: str) -> None:
        pages = " -> ".join(self.visited)
        where = f"{how} page {page or 'map'} after opening {link.query!r} ({pages}; URL now {self.query!r})"
        if not result.finished:
            return  # already reported as a timeout
        if result.status == protocol.FINISHED_COMPILE_ERROR:
            self.stats.error(self.index, f"{where}: the script did not compile")
        for exc in result.exceptions:
            self.stats.error(self.index, f"{where}: exception element: {exc[:200]}")
        for alert in result.error_alerts:
            self.stats.error(self.index, f"{where}: error shown: {alert[:200]}")
        expected = link.expected()
        if not sentence_shown(result.texts, expected):
            shown = [t[:80] for t in result.texts[:3]]
            self.stats.error(self.index, f"{where}: no sentence matching {expected.pattern!r}; shown {shown}")

    async def _get(self, path: str) -> tuple[int, dict[str, str]]:
        try:
            return await httpget.get(self.target, path, self.cookies)
        except (OSError, TimeoutError, ConnectionError) as exc:
            raise Dropped(f"GET {path}: {exc!r}") from exc

    async def _connect(self) -> None:
        """The websocket handshake as the frontend makes it (cookies, origin, subprotocols)."""
        headers = [("Cookie", httpget.cookie_header(self.cookies))] if self.cookies else []
        try:
            self.ws = await connect(
                self.target.ws_url(protocol.STREAM_PATH),
                subprotocols=protocol.subprotocols(self.cookies.get(protocol.XSRF_COOKIE), self.session_id),
                additional_headers=headers, origin=self.target.origin, max_size=None,
                open_timeout=httpget.HTTP_TIMEOUT_S, proxy=None,
                user_agent_header="sahel-atlas-loadtest",
            )
        except (OSError, TimeoutError, InvalidHandshake, InvalidStatus) as exc:
            raise Dropped(f"websocket handshake: {exc!r}") from exc
        response_headers = self.ws.response.headers
        httpget.store_cookies(response_headers.get_all("Set-Cookie"), self.cookies)
        backend = response_headers.get(BACKEND_HEADER) or f"{self.target.host}:{self.target.port}"
        self.stats.connections += 1
        self.stats.backends[backend] += 1
        self._event("connected", backend)

    async def _reconnect(self) -> None:
        """Retry like the frontend: health check, then the websocket, backing off."""
        give_up, pause = time.monotonic() + RECONNECT_S, 0.2
        last = "no attempt"
        while time.monotonic() < give_up:
            try:
                status, _ = await self._get(protocol.HEALTH_PATH)
                if status == 200:
                    await self._connect()
                    return
                last = f"health HTTP {status}"
            except Dropped as exc:
                last = str(exc)
            await asyncio.sleep(pause)  # a backoff between attempts, not a wait for a state
            pause = min(pause * 2, 2.0)
        raise Dropped(f"could not reconnect within {RECONNECT_S:.0f} s: {last}")

    def _event(self, kind: str, backend: str = "") -> None:
        if self.on_event:
            self.on_event(kind, self.index, backend)

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            await ws.close()
