"""The app's pages: the atlas pages, a page per group, a hidden profile page per other actor.

`app.py` calls `navigation()`; every actor's profile is the same file, `app_pages/profile.py`,
under its own URL path (`/aqim`, `/abdelmalek-droukdel`). A run registers only the pages it
can reach (the atlas, the groups the menu lists, the profile asked for and the session's
recent ones); any actor's profile opens by its link all the same. Before a page runs, app.py
stores its URL path under `PAGE_PATH_KEY`, so the profile page knows whose profile it is
(`current_actor`).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.context import data_path, dataset, sidebar_actor_ids
from components.text import md_escape
from sahel_atlas.store.dataset import DatasetError
from sahel_atlas.views.profile.directory import RESERVED_PATHS, DirectoryEntry, directory

PAGE_PATH_KEY = "_sahel_atlas_page_path"  # set by app.py before each page runs
PROFILE_FILE = "app_pages/profile.py"
ATLAS_SECTION = "Atlas"
GROUPS_SECTION = "Groups"
# Streamlit folds the menu after ten entries ("View N more"); the atlas has seven pages, so
# without this only three groups would show and JNIM would hide under "View more".
GROUPS_SHOWN = 8
RECENT_KEY = "_sahel_atlas_recent_profiles"  # actor ids, the newest last
RECENT_KEPT = 50

KIND_ICONS = {
    "group": ":material/groups:",
    "person": ":material/person:",
    "state": ":material/flag:",
    "force": ":material/shield:",
    "organisation": ":material/apartment:",
}


def menu_entries_shown() -> int:
    """How many menu entries st.navigation shows before "View more": the atlas and the
    busiest groups."""
    try:
        atlas = _templates(data_path()).atlas  # shared: building pages resolves their files
    except DatasetError:
        atlas = atlas_pages()
    return len(atlas) + GROUPS_SHOWN


def atlas_pages() -> list[st.Page]:
    pages = [
        st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
        st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page("app_pages/data.py", title="Data and export", icon=":material/table:", url_path="data"),
        st.Page("app_pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
        st.Page("app_pages/actors.py", title="Actors", icon=":material/diversity_3:", url_path="actors"),
        st.Page(
            "app_pages/disagreements.py",
            title="Where sources disagree",
            icon=":material/compare_arrows:",
            url_path="disagreements",
        ),
        st.Page("app_pages/briefings.py", title="Briefings", icon=":material/slideshow:",
                url_path="briefings"),
    ]
    assert {p.url_path or "map" for p in pages} <= RESERVED_PATHS
    return pages


@st.cache_resource(show_spinner=False)
def _directory(path: str) -> dict[str, DirectoryEntry]:
    """actor id -> its entry, once per dataset (shared read-only by every session)."""
    return {e.actor_id: e for e in directory(dataset(path))}


def actor_directory() -> Mapping[str, DirectoryEntry]:
    """actor id -> its profile's entry (URL path, title, kind); empty without a dataset."""
    try:
        return _directory(data_path())
    except DatasetError:
        return {}  # the page itself says that the dataset could not be opened


def sidebar_ids() -> tuple[str, ...]:
    """The groups the sidebar lists, in its order; empty without a dataset."""
    try:
        return sidebar_actor_ids(data_path())
    except DatasetError:
        return ()


def _page(entry: DirectoryEntry, listed: Collection[str] = ()) -> st.Page:
    # Titles are Markdown in the navigation and in the page header: escaped.
    return st.Page(
        PROFILE_FILE,
        title=md_escape(entry.title),
        icon=KIND_ICONS.get(entry.kind, ":material/badge:"),
        url_path=entry.url_path,
        visibility="visible" if entry.actor_id in listed else "hidden",
    )


@dataclass(frozen=True)
class _Pages:
    """Every page of a dataset, built once for the server and shared read-only."""

    atlas: list[st.Page]
    listed: list[st.Page]  # the groups the menu lists, in its order
    profiles: dict[str, st.Page]  # actor id -> its profile (every actor: for links)
    by_hash: dict[str, str]  # page hash (what a click asks for) -> actor id
    by_path: dict[str, str]  # URL path (what a first visit asks for) -> actor id


@st.cache_resource(show_spinner=False)
def _templates(path: str) -> _Pages:
    """Every page of the dataset, built once for the server (thousands with an import)."""
    listed = sidebar_actor_ids(path)
    entries = _directory(path)
    profiles = {actor_id: _page(e, listed) for actor_id, e in entries.items()}
    return _Pages(
        atlas=atlas_pages(),
        listed=[profiles[a] for a in listed if a in profiles],
        profiles=profiles,
        by_hash={p._script_hash: actor_id for actor_id, p in profiles.items()},
        by_path={p.url_path: actor_id for actor_id, p in profiles.items()},
    )


def _profiles(path: str) -> dict[str, st.Page]:
    """actor id -> its profile page, for links (st.page_link only reads a page)."""
    return _templates(path).profiles


def _actor_by_path(path: str) -> dict[str, str]:
    """URL path -> actor id: whose profile a path opens."""
    return _templates(path).by_path


def _requested_actor(pages: _Pages) -> str | None:
    """The actor whose profile this run was asked for, else None.

    What st.navigation itself resolves (streamlit/runtime/pages_manager.py,
    `_resolve_page_script`): the page hash a click or st.switch_page sends, else the URL
    path of a first visit (`/aqim`), as ScriptRunner set them before the run.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    manager = ctx.pages_manager
    if manager.intended_page_script_hash:
        return pages.by_hash.get(manager.intended_page_script_hash)
    return pages.by_path.get(manager.intended_page_name or "")


def _recent_profiles(requested: str | None) -> list[str]:
    """The profiles this session opened, the newest last, `requested` included.

    The browser's Back button looks a URL up only among the pages of the last run
    (Streamlit's frontend, `findPageByUrlPath`), else it opens the default page.
    """
    recent = [a for a in st.session_state.get(RECENT_KEY, ()) if a != requested]
    if requested:
        recent.append(requested)
    recent = recent[-RECENT_KEPT:]
    st.session_state[RECENT_KEY] = tuple(recent)
    return recent


def navigation() -> dict[str, list[st.Page]]:
    """The pages for st.navigation: the atlas, the groups the menu lists (the curated ones,
    then the most active imported ones), and, hidden from the menu, the profile this run was
    asked for and those the session opened before. The Actors page lists every actor.

    Registering every actor (6,666 at 1M events) cost most of a rerun: st.navigation lists
    every page in its message to the browser on every run. An unregistered profile still
    opens: its links carry its page hash and URL path, and the run they start registers it.
    The pages are built once for the server and shared; st.navigation only reads them, and
    app.py runs its own copy of the page it picks (`own_copy`).
    """
    try:
        pages = _templates(data_path())
    except DatasetError:
        return {ATLAS_SECTION: atlas_pages()}  # the page itself says that it could not open it
    recent = [pages.profiles[a] for a in _recent_profiles(_requested_actor(pages))
              if a in pages.profiles]
    groups = pages.listed + [p for p in recent if p not in pages.listed]
    return {ATLAS_SECTION: pages.atlas, GROUPS_SECTION: groups} if groups else {
        ATLAS_SECTION: pages.atlas}


def own_copy(page: st.Page) -> st.Page:
    """This run's own copy of the page st.navigation picked, to run.

    st.navigation marks the page it returns as runnable and `Page.run` unmarks it: on a
    shared page, a session could unmark it between another's navigation and run. The shared
    pages are never run, so they stay marked, and so is each copy.
    """
    return copy.copy(page)


def current_actor() -> str | None:
    """The actor whose profile is running, from the URL path app.py stored."""
    try:
        by_path = _actor_by_path(data_path())
    except DatasetError:
        return None
    return by_path.get(st.session_state.get(PAGE_PATH_KEY))


def atlas_page(url_path: str, script: str) -> st.Page | str:
    """The shared atlas page at `url_path` (else its `script`), for st.page_link: a page
    object costs nothing to link to, a path is resolved on disk at every link (measured: 2 ms
    each, hundreds of excerpt links per profile at 1M events)."""
    try:
        pages = _templates(data_path()).atlas
    except DatasetError:
        return script
    return next((p for p in pages if p.url_path == url_path), script)


def profile_page(actor_id: str) -> st.Page | None:
    """The actor's profile page (shared: for st.page_link and st.switch_page, which only read it)."""
    try:
        return _profiles(data_path()).get(actor_id)
    except DatasetError:
        return None


@dataclass(frozen=True)
class ProfileLinks:
    """What a link to a profile reads (the directory and the pages), looked up once for a
    list of links: two cached lookups a link were a third of a busy profile's rerun."""

    directory: Mapping[str, DirectoryEntry]
    profiles: Mapping[str, st.Page]


def profile_links() -> ProfileLinks:
    """The directory and the profile pages, for `profile_link(..., links=...)`."""
    try:
        profiles = _profiles(data_path())
    except DatasetError:
        profiles = {}
    return ProfileLinks(actor_directory(), profiles)


def profile_link(
    actor_id: str,
    label: str | None = None,
    *,
    query_params: Mapping[str, str | list[str]] | None = None,
    help: str | None = None,
    links: ProfileLinks | None = None,
) -> None:
    """A link to an actor's profile (st.page_link), or the plain name for an unknown actor.

    `label` is raw text (escaped here); by default the actor's short name. `links`: the
    lookups of `profile_links()`, for a list of links.
    """
    links = links or profile_links()
    entry = links.directory.get(actor_id)
    text = label if label is not None else (entry.title if entry else actor_id)
    page = links.profiles.get(actor_id) if entry else None
    if page is None:
        st.markdown(md_escape(text))
        return
    st.page_link(
        page,
        label=md_escape(text),
        icon=KIND_ICONS.get(entry.kind, ":material/badge:"),
        query_params=query_params,
        help=md_escape(help) if help else None,
    )
