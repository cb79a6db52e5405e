"""The view every page renders: the dataset, the shared filters and the filtered events."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from components.filters import option_labels
from sahel_atlas.views.actors import actor_index, sidebar_groups
from sahel_atlas.store.dataset import (
    DEFAULT_DATA_DIR,
    ENV_VAR,
    Dataset,
    DatasetError,
    data_dir,
    load_dataset,
)
from sahel_atlas.query.aggregate import DETAIL_LIMIT, page_of_events
from sahel_atlas.query.model import OVERLAP, WITHIN, Filters, Vocabulary
from sahel_atlas.query.url import parse_query_params, to_query_params
from sahel_atlas.query.options import filter_options
from sahel_atlas.query.run import apply, count

PAGE_TITLE_KEY = "_sahel_atlas_page_title"  # set by app.py before each page runs
F = TypeVar("F", bound=Callable)


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
    uncertain: int = 0  # events that only may fall in the date window (see `uncertain_count`)

    @property
    def detailed(self) -> bool:
        """`events` holds every matching event; otherwise only the first DETAIL_LIMIT."""
        return self.count <= len(self.events)


def detail_limit() -> int:
    """DETAIL_LIMIT, read when asked (a test lowers it to force the aggregated paths)."""
    return DETAIL_LIMIT


def data_path() -> str:
    """The dataset's folder, as every cache keys it (`data_dir`, resolved once per setting:
    a page asks for it dozens of times a run)."""
    return _resolved(os.environ.get(ENV_VAR) or None)


@functools.lru_cache(maxsize=16)
def _resolved(setting: str | None) -> str:
    return str(data_dir(setting or DEFAULT_DATA_DIR))


@st.cache_resource(show_spinner="Loading the dataset…")
def _loaded(path: str) -> Dataset:
    """One dataset per data directory for the life of the server, shared by every session."""
    return load_dataset(path)


def dataset(path: str) -> Dataset:
    """The dataset with its DuckDB database (see `open_dataset`)."""
    ds = _loaded(path)
    ds.con  # noqa: B018 - built by open_dataset on the first run; instant afterwards
    return ds


def open_dataset() -> None:
    """Open the dataset's database before anything reads it, with a progress bar that says
    what it is doing while it is built (minutes for millions of events, once per dataset).

    Called by app.py before the navigation, outside every cached function: Streamlit replays
    the elements a cached function drew, and a progress bar must not come back on each run.
    """
    try:
        ds = _loaded(str(data_dir()))
    except DatasetError:
        return  # the page says so (load_or_stop)
    if ds.connected:
        return
    bar = st.progress(0.0, text="Opening the dataset…")

    def report(fraction: float, message: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

    try:
        ds.connect(report)
    except Exception:  # noqa: BLE001 - the page's own run names the error (frame.run_safely)
        pass
    finally:
        bar.empty()


def dataset_open() -> bool:
    """The dataset of this server's setting is loaded and its database connected."""
    try:
        return _loaded(data_path()).connected
    except DatasetError:
        return False


@st.cache_resource
def vocabulary(path: str) -> Vocabulary:
    return Vocabulary.from_dataset(dataset(path))


@st.cache_resource
def options(path: str) -> dict[str, list[str]]:
    """The values each filter control offers, once per dataset."""
    return filter_options(dataset(path))


@st.cache_resource(show_spinner=False)
def control_labels(path: str) -> dict[str, dict[str, str]]:
    """The words of every filter option, once per dataset (thousands of actors and places)."""
    return option_labels(vocabulary(path), options(path))


@st.cache_resource(show_spinner=False)
def actor_table(path: str) -> pd.DataFrame:
    """Every actor with its events per origin (the Actors page and the sidebar), once per dataset."""
    return actor_index(dataset(path))


@st.cache_resource(show_spinner=False)
def sidebar_actor_ids(path: str) -> tuple[str, ...]:
    """The groups the sidebar lists, in order (see `views.actors.sidebar_groups`)."""
    return tuple(sidebar_groups(actor_table(path)))


Key = tuple[tuple[str, tuple[str, ...]], ...]
_FILTER_CACHES: list = []


def filter_cache(max_entries: int) -> Callable[[F], F]:
    """Cache a result per dataset and filter, once for the server (`st.cache_resource`).

    Every session asking for the same filter gets the same read-only object: `st.cache_data`
    would unpickle a private copy of each frame, figure or deck on every rerun of every
    session, under the GIL. Callers never modify what they get.
    """

    def wrap(func: F) -> F:
        cached = st.cache_resource(max_entries=max_entries, show_spinner=False)(func)
        _FILTER_CACHES.append(cached)
        return cached

    return wrap


def clear_filter_caches() -> None:
    """Forget every filter's results (a benchmark's cold run); the dataset stays open."""
    for cached in _FILTER_CACHES:
        cached.clear()


def filters_of(path: str, key: Key) -> Filters:
    """The filters a cache key stands for."""
    return parse_query_params({k: list(v) for k, v in key}, vocabulary(path))[0]


@filter_cache(max_entries=256)
def matching_count(path: str, key: Key) -> int:
    """How many events match, cached by the filter's URL form (hashable and canonical)."""
    return count(dataset(path), filters_of(path, key))


@filter_cache(max_entries=128)
def filtered_events(path: str, key: Key, limit: int | None = None) -> pd.DataFrame:
    """The matching events (the first `limit` of them), cached by the filter's URL form."""
    ds = dataset(path)
    filters = filters_of(path, key)
    if limit is None:
        return apply(ds, filters)
    return page_of_events(ds, filters, offset=0, limit=limit)


def filter_key(filters: Filters) -> Key:
    return tuple((k, tuple(v)) for k, v in sorted(to_query_params(filters).items()))


def uncertain_count(path: str, filters: Filters, total: int) -> int:
    """How many events only may fall in the date window: their dates reach beyond it.

    Under the overlap rule they are part of `total`; under `within` they are left out. The
    other rule's count is one more cached count query, on every page and at any size.
    """
    if not filters.has_window():
        return 0
    other = dataclasses.replace(filters, dates=WITHIN if filters.dates == OVERLAP else OVERLAP)
    other_total = matching_count(path, filter_key(other))
    return total - other_total if filters.dates == OVERLAP else other_total - total


def load_or_stop() -> tuple[str, Dataset, Vocabulary]:
    """The dataset, or a clear message and a stopped page when it cannot be read."""
    path = data_path()
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
    uncertain = uncertain_count(path, filters, total)
    return View(ds, vocab, filters, events, present, title, tuple(notices), total, uncertain)

