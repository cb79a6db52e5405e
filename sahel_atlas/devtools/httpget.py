"""A minimal asyncio HTTP GET with a cookie jar: the requests a browser makes before the
websocket (the page, the health check), so that a proxy's sticky cookie is set as for a
browser."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

HTTP_TIMEOUT_S = 10.0
MAX_BODY = 4 * 1024 * 1024  # Streamlit's index.html is a few kB; anything huge is wrong


@dataclass(frozen=True)
class Target:
    """Where the app is served: a loopback host, a port and a path prefix ('' or '/team')."""

    host: str
    port: int
    base: str = ""

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def ws_url(self, path: str) -> str:
        return f"ws://{self.host}:{self.port}{self.base}{path}"


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def store_cookies(set_cookie_values: list[str], cookies: dict[str, str]) -> None:
    """Keep the name=value of each Set-Cookie (path and flags do not matter on one origin)."""
    for value in set_cookie_values:
        name, _, rest = value.partition("=")
        if name.strip():
            cookies[name.strip()] = rest.split(";", 1)[0].strip()


async def get(target: Target, path: str, cookies: dict[str, str]) -> tuple[int, dict[str, str]]:
    """GET `path`; returns the status and the headers (last value of each), storing cookies."""
    return await asyncio.wait_for(_get(target, path, cookies), HTTP_TIMEOUT_S)


async def _get(target: Target, path: str, cookies: dict[str, str]) -> tuple[int, dict[str, str]]:
    reader, writer = await asyncio.open_connection(target.host, target.port)
    try:
        lines = [f"GET {target.base}{path} HTTP/1.1", f"Host: {target.host}:{target.port}",
                 "User-Agent: sahel-atlas-loadtest", "Accept: */*", "Connection: close"]
        if cookies:
            lines.append(f"Cookie: {cookie_header(cookies)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        status_line = (await reader.readline()).decode("latin-1")
        parts = status_line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            raise ConnectionError(f"not an HTTP response to GET {path}: {status_line!r}")
        headers: dict[str, str] = {}
        set_cookies: list[str] = []
        while (line := (await reader.readline()).decode("latin-1").strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                set_cookies.append(value.strip())
        store_cookies(set_cookies, cookies)
        received = 0  # the body is not looked at, only read to its end as a browser does
        while received <= MAX_BODY and (chunk := await reader.read(65536)):
            received += len(chunk)
        return int(parts[1]), headers
    finally:
        writer.close()
