"""`sahel-atlas loadtest`: N concurrent analysts against a running app, at the protocol level.

Each session loads pages and filter links as a browser does (HTTP, then Streamlit's
websocket stream and its protobuf messages), thinks between actions, and checks that every
page drew its own filter sentence and no exception. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import socket
import sys
import time
from urllib.parse import urlparse

from sahel_atlas.devtools.async_run import run_async
from sahel_atlas.devtools.httpget import Target
from sahel_atlas.devtools.scenarios import LINKS, PAGES, Link
from sahel_atlas.devtools.session import Analyst, Behaviour, EventHook
from sahel_atlas.devtools.stats import Stats

MAX_SESSIONS = 200
MAX_SECONDS = 3600
# Runs in flight at the deadline may finish (each within session.RUN_TIMEOUT_S), no more.
GRACE_S = 90


class LoadTestError(ValueError):
    """Arguments the load generator refuses, with what and why."""


def parse_target(url: str) -> Target:
    """The app's URL as a Target; refuses anything that is not http on a loopback address."""
    parsed = urlparse(url)
    if parsed.scheme != "http" or not parsed.hostname:
        raise LoadTestError(f"--url {url!r}: expected http://HOST:PORT[/path]")
    try:
        port = parsed.port or 80
        infos = socket.getaddrinfo(parsed.hostname, port, type=socket.SOCK_STREAM)
    except (ValueError, OSError) as exc:
        raise LoadTestError(f"--url {url!r}: {exc}") from exc
    addresses = {info[4][0] for info in infos}
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise LoadTestError(
            f"--url {url!r}: {parsed.hostname} is not a loopback address "
            f"({', '.join(sorted(addresses))}); the load generator only targets this machine"
        )
    return Target(parsed.hostname, port, parsed.path.rstrip("/"))


def check_bounds(sessions: int, seconds: float, think_min: float, think_max: float) -> None:
    if not 1 <= sessions <= MAX_SESSIONS:
        raise LoadTestError(f"--sessions {sessions}: must be 1 to {MAX_SESSIONS}")
    if not 0 < seconds <= MAX_SECONDS:
        raise LoadTestError(f"--seconds {seconds}: must be more than 0 and at most {MAX_SECONDS}")
    if not 0 <= think_min <= think_max:
        raise LoadTestError(f"--think-min {think_min} / --think-max {think_max}: need 0 <= min <= max")


async def run(target: Target, sessions: int, seconds: float, *, think_min: float = 1.0,
              think_max: float = 3.0, seed: int = 0, links: tuple[Link, ...] = LINKS,
              pages: tuple[str, ...] = PAGES, on_event: EventHook | None = None) -> dict:
    """Run `sessions` analysts for `seconds`; the summary (see stats.Stats.summary)."""
    check_bounds(sessions, seconds, think_min, think_max)
    stats = Stats()
    behaviour = Behaviour(think_min, think_max, links, pages)
    master = random.Random(seed)
    analysts = [Analyst(i, target, behaviour, stats, random.Random(master.getrandbits(64)), on_event)
                for i in range(sessions)]
    start = time.monotonic()
    deadline = start + seconds
    tasks = [asyncio.create_task(a.run(deadline)) for a in analysts]
    done, pending = await asyncio.wait(tasks, timeout=seconds + GRACE_S)
    for task in pending:
        task.cancel()
        stats.error(tasks.index(task), f"still running {GRACE_S} s after the end: cancelled")
    await asyncio.gather(*pending, return_exceptions=True)
    for i, task in enumerate(tasks):
        if task in done and task.exception() is not None:
            stats.error(i, f"crashed: {task.exception()!r}")
    return stats.summary(sessions, time.monotonic() - start)


def main(args: argparse.Namespace) -> int:
    """The subcommand: prints the JSON summary; 1 if any session saw an error, 2 on bad args."""
    try:
        target = parse_target(args.url)
        check_bounds(args.sessions, args.seconds, args.think_min, args.think_max)
    except LoadTestError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    summary = run_async(run(target, args.sessions, args.seconds, think_min=args.think_min,
                            think_max=args.think_max, seed=args.seed))
    print(json.dumps(summary, indent=2))
    return 1 if summary["errors"] else 0

