"""Building briefings: "Add this view to a briefing" (every page's sidebar), and the Briefings
page's list of slides to reorder, edit, duplicate and remove."""

from __future__ import annotations

import streamlit as st

from components.navigation import PAGE_PATH_KEY, current_actor
from components.text import md_escape
from sahel_atlas.briefings import store
from sahel_atlas.briefings.load import BriefingFileError, Loaded
from sahel_atlas.briefings.model import ATLAS_PAGES, PROFILE_PAGE, Briefing, Slide
from sahel_atlas.briefings.play import PLAY_PARAMS
from sahel_atlas.briefings.validate import Known

NEW = "New briefing…"
EDIT_PARAM = "edit"  # the Briefings page's chosen briefing, in its URL
NOT_VIEW = (*PLAY_PARAMS, "present", EDIT_PARAM)


def current_slide(title: str, note: str) -> Slide:
    """This page's view as a slide: its page (or actor), and the URL's parameters."""
    path = st.session_state.get(PAGE_PATH_KEY) or "map"
    view = {k: st.query_params.get_all(k) for k in st.query_params if k not in NOT_VIEW}
    if path in ATLAS_PAGES:
        return Slide(path, title, note, view=view)
    return Slide(PROFILE_PAGE, title, note, actor=current_actor(), view=view)


def _read(name: str, known: Known) -> Loaded | None:
    try:
        return store.read(name, known)
    except BriefingFileError as exc:
        st.error(f"{exc}.")
        return None


def _add(known: Known) -> None:
    state = st.session_state
    title, note = (state.get("add_title") or "").strip(), (state.get("add_note") or "").strip()
    choice = state.get("add_to")
    if not title:
        state["add_said"] = ("error", "Give the slide a title.")
        return
    if choice == NEW:
        new_title = (state.get("add_new") or "").strip() or title
        briefing = Briefing(store.name_for(new_title, store.names()), new_title)
    else:
        loaded = _read(choice, known)
        if loaded is None:
            return
        # Slides that no longer play are kept out rather than silently written back.
        if loaded.problems:
            state["add_said"] = ("error", " ".join(loaded.problems) + " Fix the file first.")
            return
        briefing = loaded.briefing
    briefing = briefing.added(current_slide(title, note))
    store.save(briefing)
    state["add_said"] = ("success", f"Added slide {len(briefing.slides)} to {briefing.title!r} "
                         f"({briefing.name}).")
    state.pop("add_title", None)  # the next slide starts from its page's title
    state["add_note"] = ""


def render_add(known: Known, page_title: str) -> None:
    """The sidebar's "Add this view to a briefing": choose or create, title and note."""
    with st.sidebar.expander("Add this view to a briefing", icon=":material/slideshow:"):
        st.selectbox("Briefing", [*store.names(), NEW], key="add_to")
        if st.session_state.get("add_to") == NEW:
            st.text_input("New briefing's title", key="add_new")
        st.session_state.setdefault("add_title", page_title)
        st.text_input("Slide title", key="add_title")
        st.text_area("Note for the presenter", key="add_note", height=80)
        st.button("Add slide", on_click=_add, args=(known,), key="add_slide",
                  icon=":material/add:")
        said = st.session_state.pop("add_said", None)
        if said:
            getattr(st, said[0])(md_escape(said[1]))
