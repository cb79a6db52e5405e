"""The shared filters: sidebar controls kept in step with the URL query string."""

from __future__ import annotations

import streamlit as st

from sahel_atlas.query.model import DATE_RULES, OVERLAP, Filters, Vocabulary
from sahel_atlas.query.url import parse_query_params, to_query_params
from sahel_atlas.text.countries import country_name

# Session-state keys of the controls; the URL is written from them on every run.
KEYS = {
    "date_from": "f_from",
    "date_to": "f_to",
    "dates": "f_dates",
    "actors": "f_actor",
    "types": "f_type",
    "places": "f_place",
    "sources": "f_source",
    "statuses": "f_status",
    "q": "f_q",
}
# The two date rules as the sidebar offers them.
DATE_RULE_LABELS = {
    "overlap": "Events that may fall in the window",
    "within": "Only events known to lie within it",
}
# URL parameters that are view state but not filters; kept as they are.
OTHER_PARAMS = ("present", "lanes", "group", "source_doc", "doc", "excerpt", "tab",
                "find", "kind", "family", "origin", "sort",  # these five: the Actors page
                "briefing", "slide", "notes")  # a briefing being played
SEEDED = "_filters_seeded"
# A copy of the controls' values that outlives a page switch: Streamlit drops the state of
# widgets drawn by a page file when the user moves to another page.
STORE = "_filters_store"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _seed_controls(filters: Filters) -> None:
    """Put the URL's filters into the controls, before they are drawn."""
    for name, key in KEYS.items():
        value = getattr(filters, name)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value


def seed(filters: Filters) -> None:
    """Make the controls hold exactly these filters (a briefing's slide), the URL aside."""
    _seed_controls(filters)
    st.session_state[SEEDED] = True


def reset() -> None:
    """Clear every filter (the Reset button)."""
    _seed_controls(Filters())


def read_filters(vocab: Vocabulary) -> tuple[Filters, list[str]]:
    """The filters of this run, and notices for URL values that were ignored.

    On a session's first run the URL decides (a shared link reproduces the view); after
    that the controls do, and the URL follows them, so it can be copied at any moment.
    """
    notices: list[str] = []
    if not st.session_state.get(SEEDED):
        filters, notices = parse_query_params(_url_params(), vocab)
        _seed_controls(filters)
        st.session_state[SEEDED] = True
    _restore_controls()
    return _from_controls(), notices


def _restore_controls() -> None:
    """Bring back the controls a page switch dropped; remember the current ones."""
    store = st.session_state.setdefault(STORE, {})
    for key in KEYS.values():
        if key in st.session_state:
            store[key] = st.session_state[key]
        if key in store:
            # Set on every run, not only after a switch: a control drawn by the new page's
            # script is new to the browser, which shows its default (and sends it back on the
            # next rerun, dropping the filter) unless the server sends the value with it.
            st.session_state[key] = store[key]


def _from_controls() -> Filters:
    state = st.session_state
    rule = state.get(KEYS["dates"])
    return Filters(
        date_from=state.get(KEYS["date_from"]),
        date_to=state.get(KEYS["date_to"]),
        dates=rule if rule in DATE_RULES else OVERLAP,
        actors=state.get(KEYS["actors"]) or (),
        types=state.get(KEYS["types"]) or (),
        places=state.get(KEYS["places"]) or (),
        sources=state.get(KEYS["sources"]) or (),
        statuses=state.get(KEYS["statuses"]) or (),
        q=state.get(KEYS["q"]) or "",
    )


def write_url(filters: Filters) -> None:
    """Make the URL carry exactly these filters (and keep the other view parameters)."""
    wanted = to_query_params(filters)
    for key in OTHER_PARAMS:
        if key in st.query_params:
            wanted[key] = st.query_params.get_all(key)
    if wanted != _url_params():
        st.query_params.from_dict(wanted)


def _actor_label(vocab: Vocabulary, actor_id: str) -> str:
    """Short name, full name and aliases, so that typing any alias finds the actor."""
    short, full = vocab.actors.get(actor_id, actor_id), vocab.actor_names.get(actor_id, actor_id)
    others = [a for a in vocab.aliases.get(actor_id, ()) if a not in (short, full)]
    label = short if short == full else f"{short} — {full}"
    return f"{label} ({', '.join(others)})" if others else label


def _date_input(label: str, key: str, vocab: Vocabulary, help_text: str) -> None:
    lo, hi = vocab.bounds
    value = st.session_state.get(key)
    if value is not None and not lo <= value <= hi:
        st.session_state[key] = None
    st.date_input(
        label, key=key, min_value=lo, max_value=hi, format="YYYY-MM-DD", help=help_text
    )


def _with_selected(options: list[str], key: str) -> list[str]:
    """The options plus whatever is selected (a link may name a valid value the data lacks)."""
    selected = [v for v in st.session_state.get(key) or [] if v not in options]
    return options + selected


def _place_label(vocab: Vocabulary, place: str) -> str:
    if place in vocab.countries and place not in vocab.locations:
        return f"{country_name(place)} (country)"
    return vocab.place_name(place)


LABELLERS = {
    "actors": _actor_label,
    "places": _place_label,
    "sources": lambda vocab, s: vocab.sources.get(s, s),
}


# The multiselects over values of the data, in sidebar order: (name, label, placeholder).
MULTISELECTS = (
    ("actors", "Actors", "Any actor (type a name or alias)"),
    ("types", "Event types", "Any type"),
    ("places", "Places and countries", "Anywhere"),
    ("sources", "Sources", "Any source"),
)


def option_labels(vocab: Vocabulary, options: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """The words each option of a labelled control shows (made once per dataset: thousands)."""
    return {
        name: {value: label(vocab, value) for value in options.get(name, ())}
        for name, label in LABELLERS.items()
    }


def _formatter(vocab: Vocabulary, labels: dict[str, dict[str, str]], name: str):
    """A format_func reading the prepared labels (a value only a link names is labelled here)."""
    known, label = labels.get(name, {}), LABELLERS[name]
    return lambda value: known[value] if value in known else label(vocab, value)


def render_controls(
    vocab: Vocabulary,
    options: dict[str, list[str]],
    labels: dict[str, dict[str, str]] | None = None,
    search_note: str | None = None,
) -> None:
    """The filter controls in the sidebar; `options` lists the values present in the data,
    `labels` their words (`option_labels`, made here when not given); `search_note` says
    under the search box why a search is slower now."""
    labels = option_labels(vocab, options) if labels is None else labels
    options = {name: _with_selected(values, KEYS[name]) for name, values in options.items()}
    with st.sidebar:
        st.header("Filters")
        lo, hi = vocab.bounds
        left, right = st.columns(2)
        with left:
            _date_input("From", KEYS["date_from"], vocab, f"Earliest date, {lo.year} or later.")
        with right:
            _date_input("To", KEYS["date_to"], vocab, f"Latest date, {hi.year} or earlier.")
        st.radio(
            "Events of the date window",
            list(DATE_RULES),
            format_func=DATE_RULE_LABELS.get,
            key=KEYS["dates"],
            help="Many events are known only to a year or a span (1990-2020). The first "
            "choice keeps every event whose possible dates overlap the window; the second "
            "only those whose whole span lies inside it. Applies once a date is set.",
        )
        for name, label, placeholder in MULTISELECTS:
            fmt = {"format_func": _formatter(vocab, labels, name)} if name in LABELLERS else {}
            st.multiselect(label, options[name], key=KEYS[name], placeholder=placeholder, **fmt)
        st.multiselect(
            "Status",
            list(vocab.statuses),
            key=KEYS["statuses"],
            placeholder="Any status",
            help="confirmed: stated as fact; claimed: reported but unverified; "
            "disputed: the sources disagree.",
        )
        st.text_input(
            "Search",
            key=KEYS["q"],
            placeholder="Words in titles, descriptions, excerpts",
            help="Case and accents are ignored: 'menaka' finds 'Ménaka'.",
        )
        if search_note:
            st.caption(search_note)
        st.button("Reset filters", on_click=reset, width="stretch")
