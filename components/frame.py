"""The frame around every page: title, the filters in words, notices, and safe running."""

from __future__ import annotations

import logging

import streamlit as st

from components.context import View
from components.text import md_escape
from sahel_atlas.filters import describe


def render_header(view: View, notices: list[str], page_title: str) -> None:
    st.title(f"Sahel Atlas · {page_title}")
    # The sentence is the caption of every view, so a screenshot or a shared screen says
    # exactly what is shown.
    st.markdown(f"**{md_escape(describe(view.filters, len(view.events), view.vocab))}**")
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")


def run_safely(page: st.navigation, log: logging.Logger) -> None:
    """Run a page; an unexpected error becomes a readable message, never a traceback."""
    try:
        page.run()
    except Exception:  # noqa: BLE001 - Streamlit's own control flow is a BaseException
        log.exception("page %s failed", page.title)
        st.error(
            "This view could not be drawn. Try resetting the filters; if it happens again, "
            "report the link of this page."
        )
