"""The Sources page: the documents and their metadata, and a reader that opens one at an excerpt.

The URL carries what is open: `doc=<source_id>` and `excerpt=<excerpt_id>`. Without `doc`, an
excerpt opens its own document, so `?source=<id>&excerpt=<id>` works too (`source` stays the
shared source filter). The text is drawn by `sahel_atlas.views.reader.document_html`, which escapes
every piece of it, in an `st.iframe` (srcdoc: nothing is fetched; `components.v1.html` is
deprecated in Streamlit 1.67).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.context import View, dataset
from components.text import md_escape
from sahel_atlas.text.strings import clean, truncate
from sahel_atlas.views.reader import (
    FACT_KINDS,
    RELIABILITY_WORDS,
    ReaderRequest,
    document_excerpts,
    document_html,
    fact_lines,
    facts_citing,
    published_label,
    resolve_request,
    sources_table,
)

DOC_KEY = "reader_doc"
EXCERPT_KEY = "reader_excerpt"
DOC_PARAM = "doc"
EXCERPT_PARAM = "excerpt"
READER_HEIGHT = 640
FACT_TITLES = {
    "events": "Events",
    "claims": "Claims",
    "actors": "Actors",
    "locations": "Places",
    "relations": "Relations",
}


def _param(name: str) -> str | None:
    values = st.query_params.get_all(name)
    return values[0] if values else None


def _set_param(name: str, value: str | None) -> None:
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get_all(name) != [value]:
        st.query_params[name] = value


def _on_doc_change() -> None:
    _set_param(DOC_PARAM, st.session_state.get(DOC_KEY))
    _set_param(EXCERPT_PARAM, None)


def _on_excerpt_change() -> None:
    _set_param(DOC_PARAM, st.session_state.get(DOC_KEY))
    _set_param(EXCERPT_PARAM, st.session_state.get(EXCERPT_KEY))


def _snippet(text: str, limit: int = 90) -> str:
    return truncate(clean(text), limit)


def _quote(text: str) -> str:
    """Untrusted text as a Markdown blockquote that keeps its line breaks."""
    lines = [md_escape(line) for line in str(text).splitlines()] or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


# What depends only on the dataset and the document open, once for the server (read-only):
# at 1M events, the list of 1,000 documents and each one's excerpts cost most of a rerun.
@st.cache_resource(show_spinner=False)
def _sources_table(path: str) -> pd.DataFrame:
    return sources_table(dataset(path))


@st.cache_resource(show_spinner=False)
def _sources(path: str) -> dict[str, dict]:
    """source id -> its row, as a dict."""
    return {r["source_id"]: r for r in dataset(path).sources.to_dict("records")}


@st.cache_resource(show_spinner=False)
def _source_labels(path: str) -> dict[str, str]:
    """source id -> the words the document picker shows."""
    return {s: _snippet(r["title"], 80) for s, r in _sources(path).items()}


@st.cache_resource(max_entries=64, show_spinner=False)
def _excerpts(path: str, source_id: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """A document's excerpts and the words the excerpt picker shows for each."""
    excerpts = document_excerpts(dataset(path), source_id)
    labels = {
        r.excerpt_id: f"{r.char_start}–{r.char_end} · {_snippet(r.text)}"
        for r in excerpts.itertuples()
    }
    return excerpts, labels


@st.cache_resource(max_entries=64, show_spinner=False)
def _html(path: str, source_id: str, excerpt_id: str | None, title: str | None) -> str:
    """The document's text as escaped HTML, its excerpts highlighted."""
    ds = dataset(path)
    return document_html(ds.source_text(source_id), _excerpts(path, source_id)[0], excerpt_id,
                         title=title)


def _document_list(view: View) -> None:
    st.subheader("Documents")
    table = _sources_table(str(view.ds.path))
    st.dataframe(
        table,
        hide_index=True,
        key="sources-table",
        column_config={
            "Title": st.column_config.TextColumn(width="large"),
            "Date note": st.column_config.TextColumn(width="medium"),
            "Reliability reason": st.column_config.TextColumn(width="medium"),
            "Excerpts": st.column_config.NumberColumn(format="%d"),
        },
    )
    st.caption(
        "Reliability is the NATO Admiralty source grade: "
        + "; ".join(f"{g} {w}" for g, w in RELIABILITY_WORDS.items())
        + ". Open a document below to read it with its annotated excerpts highlighted."
    )


def _metadata(source: dict, excerpts: int) -> None:
    st.markdown(f"### {md_escape(source.get('title'))}")
    author = source.get("author")
    published = published_label(source.get("published"), source.get("published_precision"))
    grade = str(source.get("reliability") or "F")
    reason = source.get("reliability_reason")
    lines = [
        f"**Publisher:** {md_escape(source.get('publisher') or 'unknown')}",
        f"**Author:** {md_escape(author)}" if author and not pd.isna(author) else None,
        f"**Published:** {md_escape(published)}",
        f"**Language:** {md_escape(source.get('language') or 'unknown')}"
        + (" · **machine-translated**" if source.get("machine_translated") else ""),
        f"**Kind:** {md_escape(source.get('kind') or 'unknown')}",
        f"**Reliability:** {md_escape(grade)} ({md_escape(RELIABILITY_WORDS.get(grade, '?'))})"
        + (f" — {md_escape(reason)}" if reason else ""),
        f"**Excerpts:** {excerpts} · **ID:** {md_escape(source.get('source_id'))}",
    ]
    st.markdown("  \n".join(line for line in lines if line))
    note = source.get("published_note")
    if note and not pd.isna(note):
        st.caption(f"How the date was inferred: {md_escape(note)}")


def _facts(view: View, excerpt_id: str) -> None:
    facts = facts_citing(view.ds, excerpt_id, events=view.events)
    lines = fact_lines(view.ds, facts)
    shown = False
    for kind in FACT_KINDS:
        if not lines[kind]:
            continue
        shown = True
        items = "\n".join(f"- {md_escape(line)}" for line in lines[kind])
        st.markdown(f"**{FACT_TITLES[kind]}** ({len(lines[kind])})\n\n{items}")
    if not shown:
        st.info("No fact cites this excerpt (among the events the filters select).")


def render_sources(view: View) -> None:
    """The documents' list, then the reader open at the linked document and excerpt."""
    ds = view.ds
    _document_list(view)
    if ds.sources.empty:
        st.info("The dataset has no source documents.")
        return

    request = _follow_link(view)
    path = str(ds.path)
    sources = _sources(path)
    excerpts, labels = _excerpts(path, request.source_id)
    st.session_state[DOC_KEY] = request.source_id
    st.session_state[EXCERPT_KEY] = request.excerpt_id

    st.divider()
    st.subheader("Read a document")
    _pickers(_source_labels(path), labels)
    source = sources[request.source_id]
    _metadata(source, len(excerpts))
    text = _source_text(view, request.source_id, source)

    left, right = st.columns([3, 2], gap="large")
    with left:
        if text is not None:
            _document(path, request.source_id, request.excerpt_id, source)
    with right:
        _selected_excerpt(view, excerpts, request.excerpt_id)


def _follow_link(view: View) -> ReaderRequest:
    """The document and excerpt the URL asks for, with a notice for each value dropped."""
    request = resolve_request(
        view.ds, _param(DOC_PARAM), _param(EXCERPT_PARAM), fallback_sources=view.filters.sources
    )
    for notice in request.notices:
        st.warning(notice, icon=":material/link_off:")
    # A link's invalid values leave the URL; a valid excerpt link gains its document.
    if _param(DOC_PARAM) is not None or _param(EXCERPT_PARAM) is not None:
        _set_param(DOC_PARAM, request.source_id)
        _set_param(EXCERPT_PARAM, request.excerpt_id)
    return request


def _pickers(titles: dict[str, str], labels: dict[str, str]) -> None:
    """The document and excerpt choices, side by side; each writes the URL."""
    pick_doc, pick_excerpt = st.columns([2, 3])
    with pick_doc:
        st.selectbox(
            "Document",
            list(titles),
            key=DOC_KEY,
            format_func=titles.__getitem__,
            on_change=_on_doc_change,
        )
    with pick_excerpt:
        st.selectbox(
            f"Excerpt ({len(labels)} in this document)",
            list(labels),
            key=EXCERPT_KEY,
            index=None,
            format_func=lambda x: labels.get(x, x),
            placeholder="Choose an excerpt to see the facts that cite it",
            on_change=_on_excerpt_change,
        )


def _source_text(view: View, source_id: str, source: dict) -> str | None:
    """The document's text, or None (with a warning) when its file cannot be read."""
    try:
        return view.ds.source_text(source_id)
    except (OSError, KeyError, UnicodeDecodeError):
        st.warning(
            f"The text of {source_id} could not be read from "
            f"{source.get('path')}; its metadata and excerpts are still listed.",
            icon=":material/description:",
        )
        return None


def _document(path: str, source_id: str, excerpt_id: str | None, source: dict) -> None:
    """The full text with every excerpt highlighted, the selected one in blue."""
    # An HTML string goes into the iframe's srcdoc: nothing is fetched. The HTML is
    # built by document_html, which escapes every piece of the source text.
    st.iframe(
        _html(path, source_id, excerpt_id, source.get("title")),
        height=READER_HEIGHT,
        alt=f"Full text of {source.get('title')}",
    )
    st.caption(
        "Highlighted: every annotated excerpt (darker where excerpts overlap); in "
        "blue, the selected one."
    )


def _selected_excerpt(view: View, excerpts: pd.DataFrame, excerpt_id: str | None) -> None:
    """The selected excerpt quoted, and the facts that cite it."""
    if excerpt_id is None:
        st.info("Choose an excerpt above to see the quote and the facts that cite it.")
        return
    row = excerpts[excerpts["excerpt_id"] == excerpt_id].iloc[0]
    st.markdown(f"**Selected excerpt** (characters {row.char_start}–{row.char_end})")
    st.markdown(_quote(row.text))
    st.markdown("#### Facts citing this excerpt")
    st.caption(
        "The sidebar filters do not change the documents or their highlights; here they "
        "narrow only the events (and their claims) listed. Actors, places and relations "
        "are always all listed."
    )
    _facts(view, excerpt_id)
