"""Finding an actor's names in an excerpt and setting them in bold, the rest escaped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_CASE_SENSITIVE = re.compile(r"^[A-Z0-9&.\-]{1,5}s?$")  # AQ, IS, AQIM, EIGS, AQs: exact case


def alias_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A regex that finds any of the names as whole words, longest first.

    Short capitalised acronyms (IS, AQ, US) match with their case only, so the English word
    "is" is not taken for the Islamic State; every other name ignores case.
    """
    unique = sorted({n.strip() for n in names if n and n.strip()}, key=lambda n: (-len(n), n))
    if not unique:
        return None
    parts = []
    for name in unique:
        body = re.escape(name)
        parts.append(body if _CASE_SENSITIVE.match(name) else f"(?i:{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def mention_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The (start, end) of every non-empty match of `pattern` in `text`."""
    if pattern is None or not text:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def highlight_markdown(text: str, pattern: re.Pattern[str] | None, escape: Callable[[str], str]) -> str:
    """`text` as Markdown with every match of `pattern` in bold; `escape` (components.text's
    md_escape) is applied to every piece of the text before any Markdown is added, so the
    source's own characters never become formatting, links or HTML."""
    out: list[str] = []
    position = 0
    for start, end in mention_spans(text, pattern):
        out.append(escape(text[position:start]))
        out.append(f"**{escape(text[start:end])}**")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)
