"""The frame around every page: filters, title, the filters in words, notices, safe running."""

from __future__ import annotations

import logging

import streamlit as st

from components.context import (
    PAGE_TITLE_KEY,
    View,
    control_labels,
    load_or_stop,
    make_view,
    options,
)
from components.filters import read_filters, render_controls, write_url
from components import briefing_builder, briefing_player, presentation
from components.text import md_escape
from sahel_atlas.query.sentence import describe


def page_view() -> View:
    """Draw the shared frame of a page and return the view it shows.

    Called first by every page, so that the sidebar controls and the header belong to the
    page's own run.
    """
    # Pages run only through app.py, which stores the title first: the folder is not named
    # `pages/`, so Streamlit never runs a page file alone (README, "Layout").
    title = st.session_state.get(PAGE_TITLE_KEY, "")
    path, ds, vocab = load_or_stop()
    playing = briefing_player.start(path, vocab) if briefing_player.requested() else None
    filters, notices = read_filters(vocab)
    present = presentation.is_on() or playing is not None
    if not present:
        render_controls(vocab, options(path), control_labels(path), search_note(ds))
    if playing is None:
        if not present:
            briefing_builder.render_add(briefing_player.known(path, vocab), title)
        presentation.render_switch(present)
    else:
        presentation.render_styles()
        title = playing.slide.title
    write_url(filters)
    view = make_view(path, ds, vocab, filters, present=present, title=title, notices=notices)
    render_header(view)
    if playing is not None:
        briefing_player.render(playing)
    return view


# Under the search box while a large dataset's texts are folded in the background.
SEARCH_PREPARING = (
    "Search is being prepared in the background (the texts of every event are folded "
    "once, a few minutes for millions of events). Until then a search reads every text "
    "and is slow; its results are the same."
)


def search_note(ds) -> str | None:
    """What the search box says while the texts are not folded yet, else nothing."""
    return None if ds.text_folded else SEARCH_PREPARING


def render_header(view: View) -> None:
    """The page title, the filters in one sentence, and what was ignored in the link."""
    st.title(f"Sahel Atlas · {view.title}")
    # The sentence is the caption of every view, so a screenshot or a shared screen says
    # exactly what is shown.
    sentence = describe(view.filters, view.count, view.vocab, view.uncertain)
    st.markdown(f"**{md_escape(sentence)}**")
    if not view.detailed:
        st.caption(
            f"Lists of single events on this page cover the first {len(view.events):,} of "
            f"{view.count:,} matching events (oldest first); maps, counts and exports cover "
            "them all. Narrow the filters to list every one."
        )
    for notice in view.notices:
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
