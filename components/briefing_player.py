"""Playing a briefing: `?briefing=NAME&slide=K` shows slide K in presentation mode, with its
title, its note, "K / N", previous / next (arrow keys, Page Up / Page Down) and a way out."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import filters as filter_controls
from components.context import dataset
from components.navigation import PAGE_PATH_KEY, atlas_pages, current_actor, profile_page
from components.text import md_escape
from sahel_atlas.briefings import store
from sahel_atlas.briefings.load import BriefingFileError
from sahel_atlas.briefings.model import PROFILE_PAGE, Briefing, Slide
from sahel_atlas.briefings.play import (
    BRIEFING_PARAM,
    NOTES_PARAM,
    PLAY_PARAMS,
    SLIDE_PARAM,
    position,
    slide_index,
    slide_params,
)
from sahel_atlas.briefings.validate import VIEW_PARAMS, Known
from sahel_atlas.query.model import Vocabulary
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.store.table_ids import TableIds

AT_KEY = "_briefing_at"  # (name, index) whose filters the controls hold
# Streamlit's button shortcuts take one key each: Page Up / Page Down (what clickers send)
# get buttons of their own, hidden, beside the visible arrows.
_HIDDEN = """
<style>
.st-key-brief_pageup, .st-key-brief_pagedown { display: none !important; }
</style>
"""


@dataclass(frozen=True)
class Playing:
    briefing: Briefing
    index: int
    notices: tuple[str, ...] = ()

    @property
    def slide(self) -> Slide:
        return self.briefing.slides[self.index]


@st.cache_resource(show_spinner=False)
def known(path: str, _vocab: Vocabulary) -> Known:
    """What slides may name in this dataset (its vocabulary and excerpt ids), once per dataset."""
    return Known(_vocab, TableIds(dataset(path), "excerpts", "excerpt_id"))


def requested() -> bool:
    return BRIEFING_PARAM in st.query_params


def _leave_params() -> None:
    for key in (*PLAY_PARAMS, "present"):
        if key in st.query_params:
            del st.query_params[key]
    st.session_state.pop(AT_KEY, None)


def target_page(slide: Slide) -> st.Page | None:
    if slide.page == PROFILE_PAGE:
        return profile_page(slide.actor or "")
    return next((p for p in atlas_pages() if (p.url_path or "map") == slide.page), None)


def _on_slide_page(slide: Slide) -> bool:
    path = st.session_state.get(PAGE_PATH_KEY)
    if slide.page == PROFILE_PAGE:
        return current_actor() == slide.actor
    return path == slide.page or (path == "" and slide.page == "map")


def go_to(briefing: Briefing, index: int, notes_hidden: bool) -> None:
    """Open slide `index` of the briefing: its page, with its URL."""
    page = target_page(briefing.slides[index])
    params = slide_params(briefing, index, notes_hidden)
    if page is None:  # the slide's actor has no profile in this dataset
        st.query_params.from_dict(params)
        st.rerun()
    st.switch_page(page, query_params=params)


def start(path: str, vocab: Vocabulary) -> Playing | None:
    """The slide the URL names, its filters put into the controls; None when not playing."""
    name = st.query_params.get(BRIEFING_PARAM, "")
    try:
        loaded = store.read(name, known(path, vocab))
    except BriefingFileError as exc:
        st.error(f"This briefing cannot be played: {exc}.", icon=":material/slideshow:")
        _leave_params()
        return None
    briefing = loaded.briefing
    if not briefing.slides:
        st.error(f"The briefing {name!r} has no slide that can be shown.")
        for problem in loaded.problems:
            st.warning(problem)
        _leave_params()
        return None
    index, notice = slide_index(st.query_params.get(SLIDE_PARAM), len(briefing.slides))
    slide = briefing.slides[index]
    if notice or not _on_slide_page(slide):
        go_to(briefing, index, notes_hidden())
    if st.session_state.get(AT_KEY) != (name, index):
        # A slide's filters are applied exactly, whatever the controls held before.
        filters, _ = parse_query_params(slide.view, vocab)
        filter_controls.seed(filters)
        _set_view_params(slide)
        st.session_state[AT_KEY] = (name, index)
    return Playing(briefing, index, loaded.problems)


def _set_view_params(slide: Slide) -> None:
    """The URL's view state (lanes, document, ...) is the slide's; the filters follow later."""
    for key in VIEW_PARAMS:
        if key in slide.view and st.query_params.get_all(key) != slide.view[key]:
            st.query_params[key] = slide.view[key]
        elif key not in slide.view and key in st.query_params:
            del st.query_params[key]


def notes_hidden() -> bool:
    return st.query_params.get(NOTES_PARAM) == "hide"


def _toggle_notes() -> None:
    if notes_hidden():
        del st.query_params[NOTES_PARAM]
    else:
        st.query_params[NOTES_PARAM] = "hide"


def render(playing: Playing) -> None:
    """The presenter's bar: note, 'K / N', previous / next, hide the note, leave."""
    briefing, index, count = playing.briefing, playing.index, len(playing.briefing.slides)
    st.html(_HIDDEN)
    if playing.slide.note and not notes_hidden():
        st.info(md_escape(playing.slide.note), icon=":material/record_voice_over:")
    bar = st.container(horizontal=True, vertical_alignment="center", key="brief_bar")
    with bar:
        back = st.button("Previous", icon=":material/arrow_back:", shortcut="Left",
                         disabled=index == 0, key="brief_prev")
        st.markdown(f"**{position(index, count)}**", width="content")
        forward = st.button("Next", icon=":material/arrow_forward:", shortcut="Right",
                            disabled=index == count - 1, key="brief_next")
        st.button("Show note" if notes_hidden() else "Hide note", on_click=_toggle_notes,
                  shortcut="N", type="tertiary", key="brief_notes")
        st.button("Leave briefing", on_click=_leave_params, icon=":material/close:",
                  type="tertiary", key="brief_leave",
                  help="Back to exploring, with this slide's filters.")
    back |= st.button("Page Up", shortcut="PageUp", disabled=index == 0, key="brief_pageup")
    forward |= st.button("Page Down", shortcut="PageDown", disabled=index == count - 1,
                         key="brief_pagedown")
    st.caption(f"{md_escape(briefing.title)} · {md_escape(playing.slide.title)}")
    for problem in playing.notices:
        st.warning(md_escape(problem), icon=":material/report:")
    if back and index > 0:
        go_to(briefing, index - 1, notes_hidden())
    if forward and index < count - 1:
        go_to(briefing, index + 1, notes_hidden())
