"""Presentation mode: no controls or app chrome, large type, for a shared 1920x1080 screen."""

from __future__ import annotations

import streamlit as st

PARAM = "present"
TOGGLE_KEY = "present_toggle"

# Static CSS only (no data goes in): hide the sidebar, Streamlit's header and toolbar, and
# scale the type so that the back of a room can read it.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 2rem 2.5rem; max-width: 100%; }
[data-testid="stMain"] { font-size: 1.35rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem; padding-top: 0; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] div { font-size: 1.35rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.1rem; }
</style>
"""


def is_on() -> bool:
    return st.query_params.get(PARAM, "") in ("1", "true", "yes")


def _turn_on() -> None:
    st.query_params[PARAM] = "1"


def _turn_off() -> None:
    if PARAM in st.query_params:
        del st.query_params[PARAM]
    st.session_state[TOGGLE_KEY] = False


def render_styles() -> None:
    """The shared screen's look: no chrome, large type."""
    st.html(_CSS)


def render_switch(present: bool) -> None:
    """In presentation mode: the styles and a way out. Otherwise: a switch in the sidebar."""
    if present:
        render_styles()
        st.button("Exit presentation mode", on_click=_turn_off, icon=":material/close:",
                  type="tertiary", key="present_exit")
        return
    with st.sidebar:
        st.toggle(
            "Presentation mode",
            key=TOGGLE_KEY,
            on_change=_turn_on,
            help="Hides the controls, enlarges type and markers; the filters stay in the "
            "caption. The link (?present=1) opens this view directly.",
        )
