"""The Briefings page: every briefing, its slides to reorder, edit, duplicate or remove, a
link to play it, and its PDF and PowerPoint exports."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components.briefing_builder import EDIT_PARAM
from components.briefing_player import known, target_page
from components.text import md_escape
from sahel_atlas.briefings import store
from sahel_atlas.briefings.load import BriefingFileError, Loaded
from sahel_atlas.briefings.model import Briefing
from sahel_atlas.briefings.play import slide_params
from sahel_atlas.briefings.validate import Known
from sahel_atlas.store.dataset import data_dir

EXPORTED = "_briefing_exported"  # (name, (pdf, pptx) bytes or None, error text)
DELETING = "_briefing_deleting"  # the name whose deletion waits for confirmation
DELETED = "_briefing_deleted"  # ("success" or "error", what was said)
EXPORT_TIMEOUT_S = 600
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _save(briefing: Briefing, said: str) -> None:
    store.save(briefing)
    st.session_state["brief_said"] = said


def _change(loaded: Loaded, change: Callable[[Briefing], Briefing], said: str) -> None:
    _save(change(loaded.briefing), said)


def _edit(loaded: Loaded, index: int, key: str) -> None:
    state = st.session_state
    title = (state.get(f"slide_title_{key}") or "").strip()
    if not title:
        state["brief_said"] = "A slide needs a title: nothing changed."
        return
    note = (state.get(f"slide_note_{key}") or "").strip()
    _save(loaded.briefing.edited(index, title=title, note=note), f"Slide {index + 1} saved.")


def _create() -> None:
    title = (st.session_state.get("brief_new_title") or "").strip()
    if not title:
        st.session_state["brief_said"] = "Give the new briefing a title."
        return
    briefing = Briefing(store.name_for(title, store.names()), title)
    _save(briefing, f"Created {title!r}. Add views to it from any page's sidebar.")
    st.query_params[EDIT_PARAM] = briefing.name
    st.session_state["brief_choice"] = briefing.name


def _slide_row(loaded: Loaded, index: int) -> None:
    briefing, slide = loaded.briefing, loaded.briefing.slides[index]
    count = len(briefing.slides)
    with st.container(border=True, key=f"slide_{index}"):
        where = f"{slide.page}" + (f" · {slide.actor}" if slide.actor else "")
        params = "&".join(f"{k}={v}" for k, vs in slide.view.items() for v in vs)
        st.markdown(f"**{index + 1}. {md_escape(slide.title)}** · {md_escape(where)}"
                    + (f" · `{md_escape(params)}`" if params else ""))
        if slide.note:
            st.caption(md_escape(slide.note))
        row = st.container(horizontal=True)
        with row:
            page = target_page(slide)
            if page is not None:
                st.page_link(page, label="Play from here", icon=":material/play_arrow:",
                             query_params=slide_params(briefing, index))
            st.button("Up", key=f"slide_up_{index}", disabled=index == 0, icon=":material/arrow_upward:",
                      on_click=_change, args=(loaded, lambda b: b.moved(index, -1), "Moved up."))
            st.button("Down", key=f"slide_down_{index}", disabled=index == count - 1,
                      icon=":material/arrow_downward:",
                      on_click=_change, args=(loaded, lambda b: b.moved(index, 1), "Moved down."))
            st.button("Duplicate", key=f"slide_dup_{index}", icon=":material/content_copy:",
                      on_click=_change, args=(loaded, lambda b: b.duplicated(index), "Duplicated."))
            st.button("Remove", key=f"slide_remove_{index}", icon=":material/delete:",
                      on_click=_change, args=(loaded, lambda b: b.removed(index), "Removed."))
        # The fields' keys follow the slide's text, so that a moved slide never shows
        # another slide's draft.
        key = f"{index}_{abs(hash((slide.title, slide.note))):x}"
        with st.expander("Edit title and note"):
            st.text_input("Title", value=slide.title, key=f"slide_title_{key}")
            st.text_area("Note", value=slide.note, key=f"slide_note_{key}", height=80)
            st.button("Save", key=f"slide_save_{index}", on_click=_edit,
                      args=(loaded, index, key))


def _ask_delete(name: str) -> None:
    st.session_state[DELETING] = name


def _cancel_delete(name: str) -> None:
    st.session_state.pop(DELETING, None)
    st.session_state["brief_said"] = f"Kept {name!r}."


def _delete(name: str, title: str) -> None:
    st.session_state.pop(DELETING, None)
    try:
        path = store.delete(name)
    except BriefingFileError as exc:
        st.session_state[DELETED] = ("error", f"{exc}.")
        return
    st.session_state[DELETED] = ("success", f"Deleted {title!r} ({path.name}).")
    left = store.names()  # the list opens the first briefing left, if any
    if left:
        st.session_state["brief_choice"] = left[0]
    else:
        st.session_state.pop("brief_choice", None)
    if st.query_params.get(EDIT_PARAM) == name:
        del st.query_params[EDIT_PARAM]


def _slides_phrase(loaded: Loaded | None) -> str:
    if loaded is None:
        return "its unreadable file"
    count = len(loaded.briefing.slides) + len(loaded.problems)
    return f"its {count} slide{'s' if count != 1 else ''}"


def render_delete(name: str, loaded: Loaded | None) -> None:
    """Delete the briefing's file, only after a second, explicit click (no loss by one slip)."""
    title = loaded.briefing.title if loaded else name
    if st.session_state.get(DELETING) != name:
        st.button("Delete this briefing", key="brief_delete", icon=":material/delete_forever:",
                  on_click=_ask_delete, args=(name,))
        return
    with st.container(border=True, key="brief_delete_ask"):
        st.warning(f"Delete {md_escape(repr(title))} and {_slides_phrase(loaded)}? The file "
                   f"{md_escape(store.path_of(name).name)} is removed; this cannot be undone.",
                   icon=":material/warning:")
        with st.container(horizontal=True):
            st.button("Confirm: delete", key="brief_delete_confirm", type="primary",
                      icon=":material/delete_forever:", on_click=_delete, args=(name, title))
            st.button("Cancel", key="brief_delete_cancel", on_click=_cancel_delete,
                      args=(name,))


def _chosen(names: list[str]) -> str | None:
    wanted = st.query_params.get(EDIT_PARAM)
    if st.session_state.get("brief_choice") not in names and wanted in names:
        st.session_state["brief_choice"] = wanted  # a link names the briefing to open
    name = st.selectbox("Briefing", names, key="brief_choice")
    if name and st.query_params.get(EDIT_PARAM) != name:
        st.query_params[EDIT_PARAM] = name
    return name


def render_briefings(known_: Known) -> None:
    """The page: the briefings, the chosen one's slides, a new briefing."""
    said = st.session_state.pop("brief_said", None)
    if said:
        st.toast(md_escape(said))
    deleted = st.session_state.pop(DELETED, None)
    if deleted:
        (st.success if deleted[0] == "success" else st.error)(md_escape(deleted[1]))
    names = store.names()
    st.caption(f"Briefings are files in {md_escape(str(store.briefings_dir()))}; the same "
               "YAML can be written by hand.")
    if names:
        name = _chosen(names)
        try:
            loaded = store.read(name, known_)
        except BriefingFileError as exc:
            st.error(f"{exc}.")
            loaded = None
        if loaded is not None:
            st.subheader(md_escape(loaded.briefing.title))
            for problem in loaded.problems:
                st.warning(md_escape(problem), icon=":material/report:")
            if not loaded.briefing.slides:
                st.info("No slides yet: open a page, set its filters, and use "
                        "**Add this view to a briefing** in the sidebar.")
            for index in range(len(loaded.briefing.slides)):
                _slide_row(loaded, index)
            render_exports(loaded)
        render_delete(name, loaded)
    else:
        st.info("No briefing yet.")
    with st.expander("New briefing", expanded=not names):
        st.text_input("Title", key="brief_new_title")
        st.button("Create", key="brief_create", on_click=_create, icon=":material/add:")


def _run_export(name: str) -> None:
    """The command line's export in its own process (it runs its own app and browser)."""
    with tempfile.TemporaryDirectory(prefix="sahel-export-") as tmp:
        pdf, pptx = Path(tmp) / f"{name}.pdf", Path(tmp) / f"{name}.pptx"
        command = [sys.executable, "-m", "sahel_atlas", "briefing", "export", name,
                   "--pdf", str(pdf), "--pptx", str(pptx), "--data", str(data_dir())]
        done = subprocess.run(command, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_S,
                              env={**os.environ, store.ENV_VAR: str(store.briefings_dir())})
        if done.returncode != 0:
            st.session_state[EXPORTED] = (name, None, done.stderr.strip()[-600:])
            return
        st.session_state[EXPORTED] = (name, (pdf.read_bytes(), pptx.read_bytes()), "")


def render_exports(loaded: Loaded) -> None:
    """Make the PDF handout and the PowerPoint deck, then offer both for download."""
    name = loaded.briefing.name
    st.subheader("Hand out")
    if st.button("Make PDF and PowerPoint", key="brief_export", icon=":material/picture_as_pdf:",
                 disabled=not loaded.briefing.slides,
                 help="Pictures of every slide as played, with its title, note, filters, "
                 "sources and excerpts. Takes about a minute; nothing leaves the machine."):
        with st.spinner("Drawing every slide…"):
            _run_export(name)
    made = st.session_state.get(EXPORTED)
    if not made or made[0] != name:
        return
    if made[1] is None:
        st.error(f"The export failed: {md_escape(made[2])}")
        return
    pdf, pptx = made[1]
    with st.container(horizontal=True):
        st.download_button("Download PDF", pdf, f"{name}.pdf", "application/pdf",
                           key="brief_pdf", icon=":material/download:", on_click="ignore")
        st.download_button("Download PowerPoint", pptx, f"{name}.pptx", PPTX_MIME,
                           key="brief_pptx", icon=":material/download:", on_click="ignore")
