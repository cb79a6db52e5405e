"""A profile page: fact box, narrative, link chart, events on a timeline and a map, excerpts.

Modelled on Stanford's Mapping Militant Organizations profiles. The logic is in
`sahel_atlas/views/profile/`; every text from the data is escaped here (`md_escape`) or there (for
Plotly) before it is shown; no data goes into HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.context import (
    Key,
    View,
    dataset,
    detail_limit,
    filter_cache,
    filter_key,
    filtered_events,
    filters_of,
)
from components.charts import picture_name, plotly_chart
from components.map import caption_text, render_legend
from components.map_picture import render_map_png
from components.navigation import (
    actor_directory,
    atlas_page,
    ProfileLinks,
    current_actor,
    profile_link,
    profile_links,
    profile_page,
)
from components.presentation import PARAM as PRESENT_PARAM
from components.text import md_escape
from sahel_atlas.views import palette
from sahel_atlas.query.aggregate import counts_per_period, grid_cells
from sahel_atlas.views.map.cells import DEFAULT_CELL_DEG, cells_summary
from sahel_atlas.views.profile.events import actor_clause, actor_event_count, actor_events, involves
from sahel_atlas.views.figure_spec import figure_spec
from sahel_atlas.views.profile.excerpts import mention_count, mentions, page_of_mentions
from sahel_atlas.views.profile.facts import Fact, FactBox, fact_box, origin_phrase
from sahel_atlas.views.profile.highlight import alias_pattern, highlight_markdown
from sahel_atlas.views.profile.link_figure import link_spec
from sahel_atlas.views.profile.links import link_chart, selected_actor
from sahel_atlas.views.profile.relations import relations_of
from sahel_atlas.views.profile.summary import narrative
from sahel_atlas.views.profile.vocabulary import KIND_LABELS
from sahel_atlas.views.timeline.counts import counts_figure
from sahel_atlas.views.timeline.figure import timeline_figure
from sahel_atlas.query.url import to_query_params
from sahel_atlas.views.map.deck import build_deck, deck_spec
from sahel_atlas.views.map.places import place_summary

SOURCES_PAGE = "app_pages/sources.py"
STATUS_NOTE = {"claimed": " (claimed)", "disputed": " (disputed)"}
MAX_EXCERPTS_PER_SOURCE = 200
# An import's "source" is one export with a note per event: its first notes, then a count.
MAX_EXCERPTS_PER_IMPORT = 25
# Above DETAIL_LIMIT events: the excerpts listed in all, a page at a time (thousands otherwise,
# each five elements: 5 s of a rerun at 1M events). 25 a page: warm rerun at 1M 275 -> 153 ms CPU
# against 100 a page; one screen of reading either way.
EXCERPTS_PER_PAGE = 25
# A section of relations lists its first ones, and all on request (a busy group has hundreds,
# each a link in two columns: half a second of every rerun).
RELATIONS_SHOWN = 25


def _params(view: View) -> dict[str, list[str]]:
    """The URL parameters a link to another profile carries: the filters (and presentation)."""
    params = to_query_params(view.filters)
    if view.present:
        params[PRESENT_PARAM] = ["1"]
    return params


def _status(status: str) -> str:
    return STATUS_NOTE.get(status, "" if status in ("", "confirmed") else f" ({status})")


def _source_link(source_id: str, excerpt_id: str, label: str = "Open in source",
                 page: st.Page | str | None = None) -> None:
    """A link to the excerpt in its source (`page`: the Sources page, when looked up already)."""
    st.page_link(
        page or atlas_page("sources", SOURCES_PAGE),
        label=label,
        icon=":material/menu_book:",
        query_params={"doc": source_id, "excerpt": excerpt_id},
    )


@st.cache_resource(max_entries=256, show_spinner=False)
def _fact_box(path: str, actor_id: str) -> FactBox:
    """The fact box, once per dataset and actor for the server (the filters do not apply)."""
    return fact_box(dataset(path), actor_id)


# What does not depend on the filters, once per dataset and actor for the server (read-only).
@st.cache_resource(max_entries=256, show_spinner=False)
def _narrative(path: str, actor_id: str) -> tuple[str, ...]:
    return tuple(narrative(dataset(path), _fact_box(path, actor_id)))


@st.cache_resource(max_entries=256, show_spinner=False)
def _link_chart(path: str, actor_id: str, present: bool):
    """The link chart and its figure (laid out once, not per rerun)."""
    chart = link_chart(dataset(path), actor_id)
    return chart, link_spec(chart, present=present)


@st.cache_resource(max_entries=256, show_spinner=False)
def _relations(path: str, actor_id: str) -> tuple:
    return tuple(relations_of(dataset(path), actor_id))


@filter_cache(max_entries=64)
def _mentions(path: str, key: Key, actor_id: str, detailed: bool, limit: int | None) -> tuple:
    """The excerpts the profile quotes under a filter, grouped by source, once per filter."""
    filters = filters_of(path, key)
    if detailed:
        events = involves(filtered_events(path, key, None), actor_id)
    else:
        events = _actor_events(path, key, actor_id, limit)
    return tuple(mentions(dataset(path), actor_id, events,
                          everything=not to_query_params(filters), sources=filters.sources))


@filter_cache(max_entries=256)
def _actor_count(path: str, key: Key, actor_id: str) -> int:
    """How many filtered events involve the actor, cached by the filter's URL form."""
    return actor_event_count(dataset(path), filters_of(path, key), actor_id)


@filter_cache(max_entries=64)
def _actor_events(path: str, key: Key, actor_id: str, limit: int | None = None):
    """The actor's filtered events (every one, or the first `limit`), cached per filter."""
    return actor_events(dataset(path), filters_of(path, key), actor_id, limit)


def _events_of_view(view: View, actor_id: str):
    """The actor's events under the filters (the first DETAIL_LIMIT above it), and how many
    there are: from the page's frame when it holds every one."""
    if view.detailed:
        events = involves(view.events, actor_id)
        return events, len(events)
    path, key = str(view.ds.path), filter_key(view.filters)
    total = _actor_count(path, key, actor_id)
    limit = detail_limit()
    return _actor_events(path, key, actor_id, None if total <= limit else limit), total


@filter_cache(max_entries=64)
def _event_charts(path: str, key: Key, actor_id: str, present: bool, detailed: bool):
    """The profile's timeline, place summary and map, built once per actor and filter."""
    ds = dataset(path)
    if detailed:
        events = involves(filtered_events(path, key, None), actor_id)
    else:
        events = _actor_events(path, key, actor_id, None)
    summary = place_summary(ds, events)
    figure = figure_spec(timeline_figure(ds, events, by="type", present=present))
    return figure, summary, deck_spec(build_deck(ds, summary, present=present))


@filter_cache(max_entries=64)
def _count_charts(path: str, key: Key, actor_id: str, period: str, present: bool):
    """Above DETAIL_LIMIT: the actor's events per period, and its map of grid cells."""
    ds, filters = dataset(path), filters_of(path, key)
    actor = actor_clause(ds, actor_id)
    counts = counts_per_period(ds, filters, period=period, by="family", within=actor)
    cells = cells_summary(grid_cells(ds, filters, cell_deg=DEFAULT_CELL_DEG, within=actor))
    deck = deck_spec(build_deck(ds, cells, present=present))
    return figure_spec(counts_figure(counts, period, present=present)), cells, deck


# --- the fact box -----------------------------------------------------------------------------


def _fact_lines(title: str, facts: tuple[Fact, ...], empty: str | None,
                params: dict[str, list[str]], links: ProfileLinks) -> None:
    if not facts:
        if empty:
            st.markdown(f"**{title}:** {md_escape(empty)}")
        return
    st.markdown(f"**{title}**")
    for fact in facts:
        when = "" if fact.date == "undated" else f" · {fact.date}"
        text = f"{fact.text}{when}{_status(fact.status)}"
        if fact.other_id:
            profile_link(fact.other_id, label=text, query_params=params, links=links)
        else:
            st.markdown(f"- {md_escape(text)}")


def _strengths(box: FactBox) -> None:
    if not box.strengths:
        if box.actor.kind in ("group", "force"):
            st.markdown("**Strength:** no estimate in the sources")
        return
    st.markdown("**Strength estimates**")
    for item in box.strengths:
        st.markdown(
            f"- {md_escape(item.title)} · {md_escape(item.date)}{md_escape(_status(item.status))}"
        )
        for citation in item.citations:
            st.caption(
                f"Source: {md_escape(citation.title)} — {md_escape(citation.publisher)}, "
                f"{md_escape(citation.published)}; reliability {md_escape(citation.reliability)} "
                f"({md_escape(citation.reliability_words)})"
            )
        excerpts = [e for e in item.excerpt_ids if ":" in e]
        if excerpts:
            _source_link(excerpts[0].rsplit(":", 1)[0], excerpts[0], "Read the estimate in its source")


def render_fact_box(view: View, box: FactBox) -> None:
    actor = box.actor
    with st.container(border=True, key="profile-fact-box"):
        st.markdown("#### Fact box")
        st.caption("All dates: the sidebar filters do not narrow the fact box.")
        names = [a for a in actor.aliases if a not in (actor.name,)]
        st.markdown(
            f"**Name:** {md_escape(actor.name)}  \n"
            + (f"**Also called:** {md_escape('; '.join(names))}  \n" if names else "")
            + f"**Kind:** {md_escape(KIND_LABELS.get(actor.kind, actor.kind))} · "
            f"**Family:** {md_escape(palette.FAMILY_LABELS.get(actor.family, actor.family))}"
        )
        lines = {"params": _params(view), "links": profile_links()}  # once for every link
        if actor.kind != "person":
            _fact_lines("Formed", box.formed, "not recorded in the sources", **lines)
            _fact_lines("Ended", box.ended, "no end recorded (active as of the sources)", **lines)
        _fact_lines("Affiliation", box.affiliations, "none recorded", **lines)
        if actor.kind != "person":
            _fact_lines("Leaders and tenures", box.leaders, "none recorded", **lines)
        _fact_lines("Leads or led", box.led, None, **lines)
        _fact_lines("Members and components", box.components, None, **lines)
        _strengths(box)
        if box.events:
            years = (
                str(box.first_year)
                if box.first_year == box.last_year
                else f"{box.first_year}–{box.last_year}"
            )
            origins = origin_phrase(box.by_origin)
            st.markdown(
                f"**Events:** {box.events:,} in the dataset ({md_escape(origins)}), "
                f"dated {md_escape(years)}"
            )


def render_narrative(view: View, box: FactBox) -> None:
    st.markdown("#### Summary")
    if box.actor.summary:
        st.markdown(md_escape(box.actor.summary))
    else:
        st.caption("The dataset has no summary for this actor.")
    sentences = _narrative(str(view.ds.path), box.actor.actor_id)
    st.caption("Generated from the dataset's facts (not a source's words):")
    st.markdown(md_escape(" ".join(sentences)))


# --- relationships ------------------------------------------------------------------------------


def render_relationships(view: View, actor_id: str) -> None:
    st.subheader("Relationships")
    chart, figure = _link_chart(str(view.ds.path), actor_id, view.present)
    if len(chart.nodes) <= 1:
        st.info("No relation with another actor is recorded for it.")
        return
    st.caption(
        "The actor in the centre, the actors it has a relation with round it, and the groups "
        "linked to those on the outer ring. Lines: solid confirmed, dashed claimed, dotted "
        "disputed; the arrow points from the subject to the object of the relation (A → leads → "
        "B). Colour: family; shape: circle group, diamond person, square state, triangle force, "
        "hexagon organisation. Click an actor to open its profile."
    )
    state = plotly_chart(
        figure,
        on_select="rerun",
        selection_mode="points",
        key=f"profile-links-{actor_id}",
        alt=f"Link chart of {len(chart.nodes) - 1} actors related to this one",
        filename=picture_name(f"{actor_id}-links", view),
    )
    selection = state.get("selection") if state else None
    target = selected_actor(selection, actor_directory())
    if target and target != actor_id:
        page = profile_page(target)
        if page is not None:
            st.switch_page(page, query_params=_params(view))

    render_relation_list(view, actor_id)


def render_relation_list(view: View, actor_id: str) -> None:
    """The relations by section: each section's first RELATIONS_SHOWN with a line saying how
    many more, and a toggle listing them all (hundreds for a busy group of a large import)."""
    sections = _relations(str(view.ds.path), actor_id)
    limit: int | None = RELATIONS_SHOWN
    if any(len(relations) > RELATIONS_SHOWN for _, relations in sections):
        if st.toggle("List every relation", key=f"profile-all-relations-{actor_id}"):
            limit = None
    params, links = _params(view), profile_links()
    for title, relations in sections:
        st.markdown(f"**{md_escape(title)}**")
        if limit is not None and len(relations) > limit:
            st.caption(f"The first {limit} of {len(relations):,} (in dated order); the link chart "
                       "draws every actor it is related to, and “List every relation” above "
                       "lists them all.")
        for relation in relations[:limit]:
            left, right = st.columns([2, 3], vertical_alignment="center")
            with left:
                profile_link(relation.other_id, query_params=params, links=links)
            with right:
                when = "" if relation.date == "undated" else f" · {relation.date}"
                note = f" — {relation.note}" if relation.note else ""
                st.markdown(
                    md_escape(f"{relation.sentence}{when}{_status(relation.status)}{note}")
                )


# --- events ------------------------------------------------------------------------------------


def _chart(view: View, figure, key: str, alt: str, what: str) -> None:
    plotly_chart(figure, key=key, alt=alt, filename=picture_name(what, view))


def _map(view: View, actor_id: str, deck, places: pd.DataFrame, alt: str) -> None:
    """The profile's map (single places or grid cells), its legend and its picture."""
    st.pydeck_chart(deck, key=f"profile-map-{actor_id}", width="stretch",
                    height=620 if view.present else 480, alt=alt)
    render_legend(places)
    if not view.present:  # the shared screen shows no buttons
        render_map_png(picture_name(f"{actor_id}-map", view), key="profile_map_png")


def _render_counts(view: View, actor_id: str, total: int) -> None:
    """Above DETAIL_LIMIT events: counts per period and grid cells instead of single events."""
    period = st.segmented_control(
        "Counts per", ["month", "year"], default="month", key="profile_period", required=True
    ) or "month"
    st.caption(
        f"{total:,} events involve it: too many to draw one by one, so the timeline counts "
        f"them per {period} and the map per grid cell of {DEFAULT_CELL_DEG:g}°. Narrow the "
        f"filters below {detail_limit():,} events to see single events."
    )
    figure, cells, deck = _count_charts(
        str(view.ds.path), filter_key(view.filters), actor_id, period, view.present
    )
    _chart(view, figure, f"profile-counts-{actor_id}",
           f"Events per {period} involving this actor, stacked by family",
           f"{actor_id}-per-{period}")
    _map(view, actor_id, deck, cells,
         f"Map of the events involving this actor: {len(cells):,} grid cells.")
    unplaced = int(cells.attrs.get("unplaced_events", 0))
    st.caption(f"{len(cells):,} grid cells; {unplaced:,} events have no known place.")


def render_events(view: View, actor_id: str, events, total: int) -> None:
    st.subheader("Events")
    filtered = bool(to_query_params(view.filters))
    scope = "under the current filters" if filtered else "in the dataset"
    st.caption(f"{total:,} event{'s' if total != 1 else ''} involving it {scope}.")
    if events.empty:
        st.info("No event involving it matches these filters. Widen the dates or remove a filter.")
        return
    if total > len(events):
        _render_counts(view, actor_id, total)
        return
    figure, summary, deck = _event_charts(
        str(view.ds.path), filter_key(view.filters), actor_id, view.present, view.detailed
    )
    _chart(view, figure, f"profile-timeline-{actor_id}",
           f"Timeline of the {len(events)} events involving this actor, by event type",
           f"{actor_id}-timeline")
    st.caption(
        "One lane per type of event. A marker is an event known to the day (filled: "
        "confirmed, open: claimed, diamond: disputed); a pale bar an event known only to a "
        "month, a year or a span."
    )
    _map(view, actor_id, deck, summary,
         f"Map of the places of the events involving this actor: {len(summary)} places.")
    st.caption(md_escape(caption_text(summary, len(events))))


# --- excerpts ----------------------------------------------------------------------------------


def _quote(text: str, pattern) -> str:
    lines = [highlight_markdown(line, pattern, md_escape) for line in str(text).splitlines()]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines or [""])


def render_excerpts(view: View, actor_id: str, events, box: FactBox, total: int) -> None:
    st.subheader("What the sources say")
    filtered = bool(to_query_params(view.filters))
    if total > len(events):
        st.caption(
            f"Showing the excerpts of the first {len(events):,} of {total:,} events involving "
            "it (oldest first); the Data page lists every event with its excerpts."
        )
    limit = len(events) if total > len(events) else None
    groups = _mentions(str(view.ds.path), filter_key(view.filters), actor_id, view.detailed, limit)
    quoted = mention_count(groups)
    if filtered:
        st.caption(
            "Under the current filters: the excerpts cited by the filtered events that involve "
            "it. Without filters, its own evidence and its relations' are listed too."
        )
    else:
        st.caption(
            "Every excerpt cited as evidence for it, for its relations and for the events that "
            "involve it; its names are in bold."
        )
    if not groups:
        st.info("No excerpt under these filters.")
        return
    st.markdown(f"**{quoted} excerpt{'s' if quoted != 1 else ''} from {len(groups)} source"
                f"{'s' if len(groups) != 1 else ''}**")
    paged = total > len(events) and quoted > EXCERPTS_PER_PAGE
    shown = _excerpt_page(actor_id, groups, quoted) if paged else groups
    sources = view.ds.sources
    imported = set(sources.loc[sources["origin"].fillna("curated") != "curated", "source_id"]) \
        if "origin" in sources else set()
    actor = box.actor
    pattern = alias_pattern([actor.name, actor.short, *actor.aliases])
    in_all = {g.citation.source_id: len(g.mentions) for g in groups}
    page = atlas_page("sources", SOURCES_PAGE)  # once for every excerpt's link
    for group in shown:
        source_id = group.citation.source_id
        limit = None if paged else (
            MAX_EXCERPTS_PER_IMPORT if source_id in imported else MAX_EXCERPTS_PER_SOURCE)
        _render_source(group, in_all[source_id], limit, pattern, page)


def _excerpt_page(actor_id: str, groups, quoted: int) -> list:
    """Above DETAIL_LIMIT: one page of the excerpts, a line saying which of how many, and the
    page control; the excerpts of every page together are all of them (none dropped)."""
    pages = -(-quoted // EXCERPTS_PER_PAGE)
    page = int(st.number_input(
        f"Page of excerpts (1 to {pages})", min_value=1, max_value=pages, value=1, step=1,
        key=f"profile-excerpt-page-{actor_id}-{quoted}",  # a new list starts on its first page
    ))
    start = (page - 1) * EXCERPTS_PER_PAGE
    end = min(start + EXCERPTS_PER_PAGE, quoted)
    shown = (f"the first {end:,}" if page == 1 else f"excerpts {start + 1:,}–{end:,}")
    st.caption(
        f"Showing {shown} of {quoted:,} excerpts ({quoted - end:,} more after them; turn the "
        f"page above); narrow the dates or the filters below {detail_limit():,} events to "
        "list them all by source, or open a source in the reader."
    )
    return page_of_mentions(groups, start, EXCERPTS_PER_PAGE)


def _render_source(group, in_all: int, limit: int | None, pattern, page) -> None:
    """One source's excerpts (its first `limit`, when given, with a line saying so)."""
    cite = group.citation
    here = len(group.mentions)
    with st.container(border=True):
        st.markdown(f"##### {md_escape(cite.title)}")
        on_page = f" ({here:,} on this page)" if here < in_all else ""
        st.caption(
            f"{md_escape(cite.publisher)} · published {md_escape(cite.published)} · "
            f"reliability **{md_escape(cite.reliability)}** "
            f"({md_escape(cite.reliability_words)}) · "
            f"{in_all} excerpt{'s' if in_all != 1 else ''}{on_page}"
        )
        if limit is not None and here > limit:
            st.caption(
                f"The first {limit} of {here:,}; the Data page lists every "
                "event with its excerpts."
            )
        for mention in group.mentions[:limit]:
            st.markdown(_quote(mention.text, pattern))
            left, right = st.columns([1, 3], vertical_alignment="center")
            with left:
                _source_link(mention.source_id, mention.excerpt_id, page=page)
            with right:
                st.caption(
                    md_escape(
                        f"Characters {mention.char_start}–{mention.char_end}; cited as "
                        + "; ".join(mention.cited_by)
                    )
                )


# --- the page ----------------------------------------------------------------------------------


def render_profile(view: View) -> None:
    actor_id = current_actor()
    # The directory holds every actor of the dataset (no column of thousands read per run).
    if actor_id is None or actor_id not in actor_directory():
        st.warning("No actor has a profile at this address.", icon=":material/person_off:")
        return
    box = _fact_box(str(view.ds.path), actor_id)
    actor = box.actor
    if actor.short != actor.name:
        st.markdown(f"### {md_escape(actor.name)}")
    events, total = _events_of_view(view, actor_id)
    facts, summary = st.columns([2, 3], gap="large")
    with facts:
        render_fact_box(view, box)
    with summary:
        render_narrative(view, box)
    render_relationships(view, actor_id)
    render_events(view, actor_id, events, total)
    render_excerpts(view, actor_id, events, box, total)
