"""The Data page: tables of what the filters select, each with a CSV download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.context import Key, View, dataset, filter_cache, filter_key, filters_of
from sahel_atlas.query.aggregate import csv_bytes, page_of_events
from sahel_atlas.export.csv_file import export_filename, readable_events, to_csv_bytes
from sahel_atlas.query.run import touched
from sahel_atlas.export.tables import readable_actors, readable_locations, readable_relations

LIST_COLUMN = st.column_config.ListColumn


def _download(frame: pd.DataFrame, table: str, view: View) -> None:
    st.download_button(
        f"Download {len(frame)} {table} as CSV",
        # Made when clicked, not on every rerun: an export can be large.
        data=lambda: to_csv_bytes(frame),
        file_name=export_filename(table, view.filters, view.vocab),
        mime="text/csv",
        icon=":material/download:",
        key=f"download-{table}",
        on_click="ignore",  # downloading must not rerun the app
    )


def _table(frame: pd.DataFrame, table: str, view: View, empty: str) -> None:
    if frame.empty:
        st.info(empty)
        return
    _download(frame, table, view)
    lists = {c: LIST_COLUMN(c) for c in frame.columns if frame[c].map(type).eq(list).any()}
    st.dataframe(frame, hide_index=True, column_config=lists, key=f"table-{table}")


PAGE_ROWS = 200


def _streamed_csv(view: View) -> bytes:
    """The CSV of every matching row, built when clicked (bytes: Streamlit refuses temp files)."""
    return csv_bytes(view.ds, view.filters)


@filter_cache(max_entries=64)
def _page_rows(path: str, key: Key, page: int) -> tuple[pd.DataFrame, dict]:
    """One page of readable rows and its list columns, once per dataset, filter and page
    (read-only: the query and its Python formatting cost most of a rerun at 1M events)."""
    ds = dataset(path)
    rows = page_of_events(ds, filters_of(path, key), offset=(page - 1) * PAGE_ROWS, limit=PAGE_ROWS)
    frame = readable_events(ds, rows)
    return frame, {c: LIST_COLUMN(c) for c in frame.columns if frame[c].map(type).eq(list).any()}


def render_pages(view: View) -> None:
    """Above DETAIL_LIMIT events: one page of rows at a time; the export streams them all."""
    pages = max(1, -(-view.count // PAGE_ROWS))
    st.caption(
        f"{view.count:,} events match: the table shows {PAGE_ROWS} rows at a time; the CSV "
        "holds every matching row. Dates are ISO; lists are joined with '; '."
    )
    st.download_button(
        f"Download all {view.count:,} events as CSV",
        data=lambda: _streamed_csv(view),
        file_name=export_filename("events", view.filters, view.vocab),
        mime="text/csv",
        icon=":material/download:",
        key="download-events-all",
        on_click="ignore",
    )
    page = st.number_input("Page", min_value=1, max_value=pages, value=1, step=1, key="data_page")
    st.caption(f"Page {int(page):,} of {pages:,}")
    frame, lists = _page_rows(str(view.ds.path), filter_key(view.filters), int(page))
    st.dataframe(frame, hide_index=True, column_config=lists, key="table-events-page")


def render_data(view: View) -> None:
    if not view.detailed:
        render_pages(view)
        return
    events = readable_events(view.ds, view.events)
    parts = touched(view.ds, view.events)
    tabs = st.tabs(
        [
            f"Events ({len(events)})",
            f"Actors ({len(parts['actors'])})",
            f"Places ({len(parts['locations'])})",
            f"Relations ({len(parts['relations'])})",
        ]
    )
    none = "No events match these filters. Widen the dates or remove a filter."
    with tabs[0]:
        st.caption(
            "Dates are shown at the precision the sources give; in the CSV, 'Date start' and "
            "'Date end' bound it (ISO dates). Lists are joined with '; '."
        )
        _table(events, "events", view, none)
    with tabs[1]:
        st.caption("The actors involved in the selected events.")
        _table(readable_actors(parts["actors"]), "actors", view, none)
    with tabs[2]:
        st.caption("The places of the selected events, with the precision the sources allow.")
        _table(readable_locations(parts["locations"]), "places", view, none)
    with tabs[3]:
        st.caption("Relations in which at least one actor of the selected events takes part.")
        _table(readable_relations(view.ds, parts["relations"]), "relations", view, none)
