"""Sahel Atlas: the entry point. Navigation, the shared filters and the page frame."""

from __future__ import annotations

import logging

import streamlit as st

from components.context import PAGE_TITLE_KEY
from components.frame import run_safely

st.set_page_config(page_title="Sahel Atlas", page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/data.py", title="Data and export", icon=":material/table:", url_path="data"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page(
        "pages/disagreements.py",
        title="Where sources disagree",
        icon=":material/compare_arrows:",
        url_path="disagreements",
    ),
]

page = st.navigation(PAGES)
st.session_state[PAGE_TITLE_KEY] = page.title
run_safely(page, logging.getLogger("sahel_atlas"))
