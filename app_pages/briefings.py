"""Briefings: build, reorder and edit a presenter's sequence of views; play and export it."""

import streamlit as st

from components.briefing_player import known
from components.briefings_page import render_briefings
from components.context import load_or_stop

st.title("Sahel Atlas · Briefings")
path, _, vocab = load_or_stop()
render_briefings(known(path, vocab))
