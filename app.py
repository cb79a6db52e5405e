"""Sahel Atlas: the entry point. Navigation, the shared filters and the page frame."""

from __future__ import annotations

import logging

import streamlit as st

from components.context import load_or_stop, make_view
from components.filters import options_from, read_filters, render_controls, write_url
from components.frame import render_header, run_safely

st.set_page_config(page_title="Sahel Atlas", page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/data.py", title="Data and export", icon=":material/table:", url_path="data"),
]

path, ds, vocab = load_or_stop()
filters, notices = read_filters(vocab)
present = st.query_params.get("present", "") in ("1", "true", "yes")
page = st.navigation(PAGES)
render_controls(vocab, options_from(ds))
write_url(filters)
view = make_view(path, ds, vocab, filters, present)
render_header(view, notices, page.title)
run_safely(page, logging.getLogger("sahel_atlas"))
