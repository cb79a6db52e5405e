"""Showing untrusted text (source excerpts, imported names) as plain text in Markdown."""

from __future__ import annotations

import html
import re

# Every character that Markdown or Streamlit's Markdown extensions give a meaning to.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:$<&@])")


def md_escape(text: object) -> str:
    """Text that Markdown renders literally: no formatting, links, HTML or LaTeX."""
    if text is None:
        return ""
    return _SPECIAL.sub(r"\\\1", str(text))


def html_escape(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)
