"""The view every page renders: the dataset, the shared filters and the filtered events."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sahel_atlas.actor_index import actor_index, sidebar_groups
from sahel_atlas.dataset import Dataset, DatasetError, data_dir, load_dataset
from sahel_atlas.aggregate import DETAIL_LIMIT, page_of_events
from sahel_atlas.filters import Filters, Vocabulary, parse_query_params, to_query_params
from sahel_atlas.options import filter_options
from sahel_atlas.query import apply, count

PAGE_TITLE_KEY = "_sahel_atlas_page_title"  # set by app.py before each page runs


@dataclass
class View:
    ds: Dataset
    vocab: Vocabulary
    filters: Filters
    events: pd.DataFrame
    present: bool
    title: str = ""
    notices: tuple[str, ...] = ()  # URL values that were ignored, said on the page
    count: int = 0  # how many events match, whatever `events` holds

    @property
    def detailed(self) -> bool:
        """`events` holds every matching event; otherwise only the first DETAIL_LIMIT."""
        return self.count <= len(self.events)


@st.cache_resource(show_spinner="Loading the dataset…")
def dataset(path: str) -> Dataset:
    """One dataset per data directory for the life of the server, shared by every session."""
    ds = load_dataset(path)
    ds.con  # noqa: B018 - build the DuckDB tables once, not on a viewer's first filter
    return ds


@st.cache_resource
def vocabulary(path: str) -> Vocabulary:
    return Vocabulary.from_dataset(dataset(path))


@st.cache_resource
def options(path: str) -> dict[str, list[str]]:
    """The values each filter control offers, once per dataset."""
    return filter_options(dataset(path))


@st.cache_resource(show_spinner=False)
def actor_table(path: str) -> pd.DataFrame:
    """Every actor with its events per origin (the Actors page and the sidebar), once per dataset."""
    return actor_index(dataset(path))


@st.cache_resource(show_spinner=False)
def sidebar_actor_ids(path: str) -> tuple[str, ...]:
    """The groups the sidebar lists, in order (see `actor_index.sidebar_groups`)."""
    return tuple(sidebar_groups(actor_table(path)))


Key = tuple[tuple[str, tuple[str, ...]], ...]


def filters_of(path: str, key: Key) -> Filters:
    """The filters a cache key stands for."""
    return parse_query_params({k: list(v) for k, v in key}, vocabulary(path))[0]


@st.cache_data(max_entries=256, show_spinner=False)
def matching_count(path: str, key: Key) -> int:
    """How many events match, cached by the filter's URL form (hashable and canonical)."""
    return count(dataset(path), filters_of(path, key))


@st.cache_data(max_entries=128, show_spinner=False)
def filtered_events(path: str, key: Key, limit: int | None = None) -> pd.DataFrame:
    """The matching events (the first `limit` of them), cached by the filter's URL form."""
    ds = dataset(path)
    filters = filters_of(path, key)
    if limit is None:
        return apply(ds, filters)
    return page_of_events(ds, filters, offset=0, limit=limit)


def filter_key(filters: Filters) -> Key:
    return tuple((k, tuple(v)) for k, v in sorted(to_query_params(filters).items()))


def load_or_stop() -> tuple[str, Dataset, Vocabulary]:
    """The dataset, or a clear message and a stopped page when it cannot be read."""
    path = str(data_dir())
    try:
        return path, dataset(path), vocabulary(path)
    except DatasetError as exc:
        st.error(
            f"The dataset could not be opened: {exc}. Build it with `sahel-atlas build`, or "
            "point SAHEL_ATLAS_DATA at a data directory."
        )
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def make_view(
    path: str,
    ds: Dataset,
    vocab: Vocabulary,
    filters: Filters,
    *,
    present: bool,
    title: str,
    notices: list[str],
) -> View:
    """Run the filter (cached by its URL form) and bundle what a page renders."""
    key = filter_key(filters)
    total = matching_count(path, key)
    events = filtered_events(path, key, None if total <= DETAIL_LIMIT else DETAIL_LIMIT)
    return View(ds, vocab, filters, events, present, title, tuple(notices), total)


def leave_legacy_pages_mode() -> None:
    """Make the next run go through `app.py` and its `st.navigation`.

    Streamlit treats a `pages/` folder beside the entry point as a legacy multipage app until
    some session has called `st.navigation`. If the first visitor of a fresh server opens a
    page by its URL (`/data`), Streamlit runs that page file alone, without `app.py`. The flag
    that decides it is process-wide, so setting it once heals every later session too.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except ImportError:  # a Streamlit without the flag has no legacy mode to leave
        pass
