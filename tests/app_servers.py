"""Real servers for tests: `streamlit run app.py` on a free port, and nginx in front of several.

Both are awaited on their own start lines (a blocking read of their output, no polling); a
watchdog kills a server that has not started within START_TIMEOUT_S.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx" / "sahel-atlas.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @property
    def address(self) -> str:
        return self.url.removeprefix("http://")


def _await_line(process: subprocess.Popen, log: Path, marker: str, what: str) -> None:
    """Read the process's output into `log` until a line contains `marker`; keep draining."""
    watchdog = threading.Timer(START_TIMEOUT_S, process.kill)
    watchdog.start()
    handle = log.open("w")
    started = False
    for line in process.stdout:  # type: ignore[union-attr]
        handle.write(line)
        if marker in line:
            started = True
            break
    watchdog.cancel()
    handle.flush()
    if not started:
        process.kill()
        raise RuntimeError(f"{what} did not start (exit {process.poll()}):\n{log.read_text()}")
    # Keep draining the output into the log so that the pipe never fills and blocks the server.
    threading.Thread(target=lambda: handle.writelines(process.stdout), daemon=True).start()


def start_server(data_dir: Path, log: Path, env: Mapping[str, str] | None = None) -> Server:
    """`streamlit run app.py` on a free port; returns once it says it serves and is healthy."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {}), "SAHEL_ATLAS_DATA": str(data_dir)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    _await_line(process, log, "URL:", "streamlit")
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.status == 200, f"unhealthy server: {response.status}"
    return Server(url, process, log)


def team_config(backends: list[str], listen: int, directory: Path) -> Path:
    """deploy/nginx/sahel-atlas.conf for these two app processes and port, written to
    `directory` (with the file it includes)."""
    text = NGINX_CONF.read_text()
    defaults = ("127.0.0.1:8501", "127.0.0.1:8502")
    assert len(backends) == len(defaults) and all(d in text for d in defaults)
    for default, backend in zip(defaults, backends):
        text = text.replace(default, backend)
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(NGINX_CONF.with_name("sahel-atlas-proxy.conf"), directory)
    conf = directory / "sahel-atlas.conf"
    conf.write_text(text)
    return conf


def start_nginx(backends: list[str], prefix: Path) -> Server:
    """nginx in the foreground with its own prefix, in front of `backends`; returns once its
    worker has started (nginx has bound its port by then)."""
    port = free_port()
    conf = team_config(backends, port, prefix / "conf")
    command = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"),
               # The notice "start worker process" on stderr is the start line awaited.
               "-g", "daemon off; error_log stderr notice;"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _await_line(process, prefix / "nginx.out", "start worker process", "nginx")
    return Server(f"http://127.0.0.1:{port}", process, prefix / "nginx.out")
