"""Text made one line, cut to a length with "…", and made safe for Plotly's labels."""

from __future__ import annotations

import html
import math

# What a cut at a word leaves dangling before the "…".
_DANGLING = " ,;:-–—"


def clean(value: object) -> str:
    """One line of text from an untrusted value (None and NaN are empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def truncate(text: str, limit: int, whole_words: bool = False) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut; `whole_words` cuts
    at the last space (and drops the punctuation it leaves) unless one word fills the limit."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if whole_words:
        cut = cut.rsplit(" ", 1)[0].rstrip(_DANGLING)
    return cut.rstrip() + "…"


def esc(text: object, limit: int | None = None) -> str:
    """Untrusted text made safe for Plotly's pseudo-HTML: whitespace folded, cut, escaped.

    Only &, < and > are escaped: Plotly decodes &amp;/&lt;/&gt; and numeric entities in text
    nodes but shows &quot; literally, and without < no tag can be formed.
    """
    value = " ".join(("" if text is None else str(text)).split())
    if limit is not None:
        value = truncate(value, limit)
    return html.escape(value, quote=False)
