"""The filters as URL parameters: read with a notice for every value ignored, written back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from sahel_atlas.query.model import DATE_RULES, LIST_PARAMS, OVERLAP, Filters, Vocabulary
from sahel_atlas.query.sentence import date_range_label
from sahel_atlas.text.dates import date_param
from sahel_atlas.text.strings import clean, truncate

# A pasted paragraph is not a search; long values also bloat every link.
Q_MAX_CHARS = 200

_YEAR = re.compile(r"^[0-9]{4}$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")

Params = Mapping[str, object]


def _values(params: Params, key: str) -> list[str]:
    """Every non-blank value of one parameter, whatever shape the mapping gives it."""
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, (str, bytes)) else raw
    try:
        items = list(items)  # type: ignore[arg-type]
    except TypeError:
        items = [items]
    out = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8", errors="replace")
        text = str(item).strip() if item is not None else ""
        if text:
            out.append(text)
    return out


def parse_date_param(text: str, end: bool) -> dt.date | None:
    """`2012`, `2012-05` or `2012-05-01` as a date: a period's first day, or last if `end`."""
    text = text.strip()
    try:
        if _YEAR.match(text):
            year = int(text)
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        month = _MONTH.match(text)
        if month:
            start = dt.date(int(month[1]), int(month[2]), 1)
            if not end:
                return start
            return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except (ValueError, OverflowError):
        return None
    return None


def _show(value: str) -> str:
    """A value as echoed in a notice: on one line and not absurdly long."""
    return truncate(clean(value), 60)


def _lookup(known: Iterable[str]) -> dict[str, str]:
    return {k.casefold(): k for k in known}


def _read(params: Mapping[str, str | Sequence[str]]) -> dict[str, object]:
    """Every parameter with all its values (`get_all` where the mapping has it)."""
    if callable(getattr(params, "get_all", None)):
        return {key: params.get_all(key) for key in params}  # type: ignore[attr-defined]
    return dict(params.items())


def parse_query_params(
    params: Mapping[str, str | Sequence[str]], vocab: Vocabulary
) -> tuple[Filters, list[str]]:
    """Filters from URL parameters, and a notice for every value ignored; never raises.

    Pass `st.query_params` itself: a mapping with `get_all` (as Streamlit's has) is read with
    it, so that repeated parameters (`actor=aqim&actor=jnim`) are all kept.
    """
    try:
        items = _read(params)
    except Exception:  # noqa: BLE001 - a URL must never break the page
        return Filters(), ["Ignored the URL's parameters: not readable."]
    window, notices = _window(items, vocab)
    rule, rule_notices = _date_rule(_values(items, "dates"))
    chosen, list_notices = _lists(items, vocab)
    q, q_notices = _search(items)
    notices += rule_notices + list_notices + q_notices
    return Filters(window["from"], window["to"], q=q, dates=rule, **chosen), notices


def _window(items: Params, vocab: Vocabulary) -> tuple[dict[str, dt.date | None], list[str]]:
    """The `from` and `to` bounds that are valid dates within the dataset's years, in order."""
    notices: list[str] = []
    window: dict[str, dt.date | None] = {"from": None, "to": None}
    for key in ("from", "to"):
        values = _values(items, key)
        for extra in values[1:]:
            notices.append(f"Ignored {key}={_show(extra)}: only one '{key}' is used.")
        if not values:
            continue
        value = values[0]
        parsed = parse_date_param(value, end=key == "to")
        if parsed is None:
            notices.append(f"Ignored {key}={_show(value)}: not a year or an ISO date.")
        elif not vocab.bounds[0] <= parsed <= vocab.bounds[1]:
            years = date_range_label(*vocab.bounds)
            notices.append(f"Ignored {key}={_show(value)}: outside {years}.")
        else:
            window[key] = parsed
    if window["from"] and window["to"] and window["from"] > window["to"]:
        shown = _show(_values(items, "to")[0])
        notices.append(f"Ignored to={shown}: before from={_show(_values(items, 'from')[0])}.")
        window["to"] = None
    return window, notices


def _date_rule(values: list[str]) -> tuple[str, list[str]]:
    """The `dates=` rule of a URL (the default if absent or not valid), and its notices."""
    notices = [f"Ignored dates={_show(extra)}: only one 'dates' is used." for extra in values[1:]]
    if not values:
        return OVERLAP, notices
    rule = values[0].casefold()
    if rule in DATE_RULES:
        return rule, notices
    notices.append(f"Ignored dates={_show(values[0])}: not one of {', '.join(DATE_RULES)}.")
    return OVERLAP, notices


def _known(vocab: Vocabulary) -> dict[str, tuple[dict[str, str], str]]:
    """For each list field: its values by case-folded spelling, and why others are refused."""
    places = {**_lookup(vocab.countries), **_lookup(vocab.locations)}  # ids win over codes
    return {
        "actors": (_lookup(vocab.actors), "no such actor"),
        "types": (_lookup(vocab.event_types), "no such event type"),
        "places": (places, "no such place or country code"),
        "sources": (_lookup(vocab.sources), "no such source"),
        "statuses": (_lookup(vocab.statuses), f"not one of {', '.join(vocab.statuses)}"),
    }


def _lists(items: Params, vocab: Vocabulary) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """The repeatable fields' known values, canonical and once each, and the notices."""
    notices: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for name, (lookup, reason) in _known(vocab).items():
        param = LIST_PARAMS[name]
        picked: list[str] = []
        for value in _values(items, param):
            canonical = lookup.get(value.casefold())
            if canonical is None:
                notices.append(f"Ignored {param}={_show(value)}: {reason}.")
            elif canonical not in picked:
                picked.append(canonical)
        chosen[name] = tuple(picked)
    return chosen, notices


def _search(items: Params) -> tuple[str, list[str]]:
    """The first `q`, cut to `Q_MAX_CHARS`, and the notices."""
    queries = _values(items, "q")
    q = queries[0] if queries else ""
    notices = [f"Ignored q={_show(extra)}: only one 'q' is used." for extra in queries[1:]]
    if len(q) > Q_MAX_CHARS:
        notices.append(f"Shortened q to its first {Q_MAX_CHARS} characters.")
        q = q[:Q_MAX_CHARS]
    return q, notices


def to_query_params(filters: Filters) -> dict[str, list[str]]:
    """The URL parameters of `filters`: the inverse of `parse_query_params`."""
    params: dict[str, list[str]] = {}
    if filters.date_from:
        params["from"] = [date_param(filters.date_from, end=False)]
    if filters.date_to:
        params["to"] = [date_param(filters.date_to, end=True)]
    if filters.dates != OVERLAP:
        params["dates"] = [filters.dates]
    for name, param in LIST_PARAMS.items():
        if getattr(filters, name):
            params[param] = list(getattr(filters, name))
    if filters.q:
        params["q"] = [filters.q]
    return params
