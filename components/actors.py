"""The Actors page: every actor, searchable by any name, filtered and sorted, with its profile.

The index and its search are `sahel_atlas/views/actors.py`; the page keeps its state in the
URL (`find`, `kind`, `family`, `origin`, `sort`) and writes the active filters out in words.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.context import View, actor_table, filter_cache
from components.navigation import profile_link
from components.text import md_escape
from sahel_atlas.views import actors as ai
from sahel_atlas.views import palette
from sahel_atlas.views.profile.vocabulary import KIND_LABELS

PAGE_SIZE = 50
STATE = {"q": "actors_find", "kinds": "actors_kind", "families": "actors_family",
         "origins": "actors_origin", "sort": "actors_sort"}
SEEDED = "_actors_seeded"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _seed(index: pd.DataFrame) -> list[str]:
    """On the page's first run in a session, the URL decides the controls."""
    if st.session_state.get(SEEDED):
        return []
    query, notices = ai.parse_query(_url_params(), index)
    for field, key in STATE.items():
        value = getattr(query, field)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    st.session_state[SEEDED] = True
    return notices


def _query() -> ai.ActorQuery:
    state = st.session_state
    return ai.ActorQuery(
        q=(state.get(STATE["q"]) or "").strip(),
        kinds=tuple(state.get(STATE["kinds"]) or ()),
        families=tuple(state.get(STATE["families"]) or ()),
        origins=tuple(state.get(STATE["origins"]) or ()),
        sort=state.get(STATE["sort"]) or "events",
    )


def _write_url(query: ai.ActorQuery) -> None:
    """The URL carries the page's state beside the shared filters."""
    params = {k: v for k, v in _url_params().items() if k not in ai.QUERY_PARAMS.values()}
    params.update(ai.to_params(query))
    if params != _url_params():
        st.query_params.from_dict(params)


@st.cache_resource(show_spinner=False)
def _choices(path: str) -> tuple[list[str], list[str], list[str]]:
    """The kinds, families and origins the controls offer, once per dataset."""
    index = actor_table(path)
    kinds = sorted(set(index["kind"]))
    families = [f for f in palette.FAMILY_LABELS if f in set(index["family"])]
    origins = ai.ordered_origins(set(index["origin"]) | {o for c in index["by_origin"] for o in c})
    return kinds, families, origins


@filter_cache(max_entries=64)
def _found(path: str, query: ai.ActorQuery) -> pd.DataFrame:
    """The actors a query finds, once per dataset and query (it folds every name)."""
    return ai.search(actor_table(path), query)


def _controls(path: str) -> None:
    kinds, families, origins = _choices(path)
    st.text_input("Find an actor", key=STATE["q"],
                  placeholder="Any name, alias or spelling in imported data",
                  help="Case and accents are ignored: 'menaka' finds 'Ménaka'.")
    kind, family, origin, sort = st.columns(4)
    with kind:
        st.multiselect("Kind", kinds, key=STATE["kinds"],
                       format_func=lambda k: KIND_LABELS.get(k, k), placeholder="Any kind")
    with family:
        st.multiselect("Family", families,
                       key=STATE["families"], format_func=lambda f: palette.FAMILY_LABELS[f],
                       placeholder="Any family")
    with origin:
        st.multiselect("Origin", origins, key=STATE["origins"],
                       format_func=lambda o: ai.ORIGIN_NAMES.get(o, o), placeholder="Any origin",
                       help="Actors from this origin, or with events from it.")
    with sort:
        st.radio("Sort", ai.SORTS, key=STATE["sort"], horizontal=True,
                 format_func=lambda s: "most events" if s == "events" else "name")


def _row(view: View, row) -> None:
    left, middle, right = st.columns([3, 2, 3], vertical_alignment="center")
    with left:
        label = row.title if row.title == row.name else f"{row.title} — {row.name}"
        profile_link(row.actor_id, label=label)
    with middle:
        st.caption(md_escape(f"{KIND_LABELS.get(row.kind, row.kind)} · "
                             f"{palette.FAMILY_LABELS.get(row.family, row.family)} · "
                             f"{ai.ORIGIN_NAMES.get(row.origin, row.origin)}"))
    with right:
        counts = ai.origin_counts_text(row.by_origin) or "no event"
        st.markdown(md_escape(f"{row.events:,} events: {counts}" if row.events else counts))
        if row.imported_names:
            st.caption(md_escape("In imported data: " + "; ".join(row.imported_names[:5])))


def render_actors(view: View) -> None:
    path = str(view.ds.path)
    index = actor_table(path)
    notices = _seed(index)
    st.session_state.setdefault("actors_page", 1)
    _controls(path)
    query = _query()
    _write_url(query)
    for notice in notices:
        st.warning(md_escape(notice))
    found = _found(path, query)
    st.markdown(f"**{md_escape(ai.describe(query, len(found), len(index)))}**")
    if found.empty:
        st.info("No actor matches. Try another spelling or remove a filter.")
        return
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = 1
    if pages > 1:
        if not 1 <= int(st.session_state.get("actors_page") or 1) <= pages:
            st.session_state["actors_page"] = 1  # a narrower search has fewer pages
        page = int(st.number_input(f"Page (of {pages}, {PAGE_SIZE} actors each)",
                                   min_value=1, max_value=pages, step=1, key="actors_page"))
    for row in found.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE].itertuples(index=False):
        _row(view, row)
