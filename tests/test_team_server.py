"""Serving a team: two app processes behind nginx (deploy/nginx/sahel-atlas.conf) share one
dataset and one DuckDB cache; sticky sessions spread over both, and survive losing one."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sahel_atlas.devtools.async_run import run_async
from app_servers import NGINX, ROOT, Server, start_nginx, start_server
from sahel_atlas.devtools.loadtest import parse_target, run

SESSIONS = 4
SECONDS = 20.0


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[Server, Server, Server]]:
    assert Path(NGINX).exists(), "nginx is missing: apt-get install nginx (scripts/test.sh does)"
    env = {"SAHEL_ATLAS_CACHE": str(tmp_path / "cache")}
    first = start_server(ROOT / "data", tmp_path / "a.log", env)
    second = start_server(ROOT / "data", tmp_path / "b.log", env)
    proxy = start_nginx([first.address, second.address], tmp_path / "nginx")
    yield first, second, proxy
    for server in (proxy, first, second):
        server.stop()


class Connections:
    """Which backend each session's connections went to, in order; both-seen as an event."""

    def __init__(self) -> None:
        self.log: list[tuple[float, int, str]] = []
        self.both = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, kind: str, session: int, backend: str) -> None:
        if kind != "connected":
            return
        with self.lock:
            self.log.append((time.monotonic(), session, backend))
            if len({b for _, _, b in self.log}) >= 2:
                self.both.set()


def test_sessions_spread_over_both_processes_and_move_when_one_stops(team):
    first, second, proxy = team
    seen = Connections()
    outcome: dict = {}

    def load() -> None:
        outcome.update(run_async(run(parse_target(proxy.url), SESSIONS, SECONDS,
                                       think_min=0.3, think_max=0.8, seed=3, on_event=seen)))

    worker = threading.Thread(target=load)
    worker.start()
    assert seen.both.wait(timeout=60), f"only one process served: {seen.log}"
    stopped_at = time.monotonic()  # connections after this may be the stop's reconnections
    first.stop()
    worker.join(timeout=SECONDS + 120)
    assert not worker.is_alive()

    assert outcome["errors"] == 0, outcome["error_samples"]
    assert set(outcome["backends"]) == {first.address, second.address}
    before = [(s, b) for t, s, b in seen.log if t < stopped_at]
    after = [(s, b) for t, s, b in seen.log if t > stopped_at]
    # Sticky: until the stop, each session kept the process it was first given.
    for session in {s for s, _ in before}:
        assert len({b for s, b in before if s == session}) == 1, before
    # After the stop every new connection went to the live process, including those of the
    # sessions the stopped one had served.
    assert after and {b for _, b in after} == {second.address}, after
    moved = {s for s, b in before if b == first.address}
    assert moved and moved <= {s for s, _ in after}, (moved, after)
