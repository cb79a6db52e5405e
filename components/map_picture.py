"""A PNG of a page's map as it is now, for a presenter's own deck (plotly charts have their
own camera button): Chromium on this machine draws this page's link from this server. The map
page and the profiles use it, each with its own key."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import streamlit as st

from components.navigation import PAGE_PATH_KEY
from sahel_atlas.briefings.render import loopback_link

PICTURE_KEY = "_map_picture_{key}"  # per button: (link, PNG bytes or None)
TIMEOUT_S = 180


def own_link() -> str:
    """This page's link on this server's loopback port, in presentation mode (large type)."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    return loopback_link(int(st.get_option("server.port")),
                         st.get_option("server.baseUrlPath") or "",
                         st.session_state.get(PAGE_PATH_KEY) or "", params)


def _draw(link: str) -> bytes | None:
    """The PNG of the first map at `link`, drawn in its own process (it runs a browser)."""
    with tempfile.TemporaryDirectory(prefix="sahel-map-") as tmp:
        out = Path(tmp) / "map.png"
        done = subprocess.run(
            [sys.executable, "-m", "sahel_atlas", "briefing", "picture", link, "--out", str(out)],
            capture_output=True, text=True, timeout=TIMEOUT_S)
        return out.read_bytes() if done.returncode == 0 else None


def render_map_png(name: str, key: str = "map_png") -> None:
    """A button that draws this page's map as `name`.png, then its download; `key` is the
    button's (one per page)."""
    link, state = own_link(), PICTURE_KEY.format(key=key)
    if st.button("Picture of the map (PNG)", key=key, icon=":material/photo_camera:",
                 type="tertiary", help="Draws this map at 1920x1080 on this machine."):
        with st.spinner("Drawing the map…"):
            st.session_state[state] = (link, _draw(link))
    made = st.session_state.get(state)
    if made and made[0] == link:
        if made[1] is None:
            st.error("The map could not be drawn as a picture.")
        else:
            st.download_button("Download the map (PNG)", made[1], f"{name}.png", "image/png",
                               key=f"{key}_download", icon=":material/download:",
                               on_click="ignore")
