"""Text cut to a length with "…", and untrusted text made safe for Plotly's labels."""

from __future__ import annotations

import html


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def esc(text: object, limit: int | None = None) -> str:
    """Untrusted text made safe for Plotly's pseudo-HTML: whitespace folded, cut, escaped.

    Only &, < and > are escaped: Plotly decodes &amp;/&lt;/&gt; and numeric entities in text
    nodes but shows &quot; literally, and without < no tag can be formed.
    """
    value = " ".join(("" if text is None else str(text)).split())
    if limit is not None:
        value = truncate(value, limit)
    return html.escape(value, quote=False)
