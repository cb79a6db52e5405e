"""Sahel Atlas: the entry point. Navigation, the shared filters and the page frame."""

from __future__ import annotations

import logging

import streamlit as st

from components.context import PAGE_TITLE_KEY, dataset_open, open_dataset
from components.frame import run_safely
from components.heap import freeze_long_lived
from components.navigation import PAGE_PATH_KEY, menu_entries_shown, navigation, own_copy

st.set_page_config(page_title="Sahel Atlas", page_icon="🗺️", layout="wide")
open_dataset()  # the first open builds the database: a progress bar says what it does

page = own_copy(st.navigation(navigation(), expanded=menu_entries_shown()))
st.session_state[PAGE_TITLE_KEY] = page.title
st.session_state[PAGE_PATH_KEY] = page.url_path
try:
    run_safely(page, logging.getLogger("sahel_atlas"))
finally:  # also when the page switched or stopped (Streamlit's control flow)
    freeze_long_lived(dataset_open())
