"""The PDF handout: one page per slide (picture, title, note, filter sentence, sources and
their words with Admiralty grades), an HTML page printed by Chromium itself."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from sahel_atlas.briefings.evidence import Evidence
from sahel_atlas.briefings.model import Briefing

# Static CSS only; every piece of data goes in through `escape`.
_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
.meta { color: #555; margin: 0 0 2mm 0; }
.sentence { font-weight: bold; margin: 1mm 0 2mm 0; }
section { display: grid; grid-template-columns: 62% 36%; column-gap: 2%; height: 184mm;
          overflow: hidden; }
header { grid-column: 1 / 3; }
img { width: 100%; border: 1px solid #ccc; }
.note { font-style: italic; margin: 2mm 0; font-size: 11pt; }
h2 { font-size: 10pt; margin: 0 0 1mm 0; }
ul { margin: 0 0 2mm 0; padding-left: 4mm; font-size: 8.5pt; }
blockquote { margin: 0.8mm 0; padding-left: 2mm; border-left: 2px solid #999; font-size: 8pt; }
"""


def _picture(png: Path) -> str:
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'


def _page(briefing: Briefing, index: int, evidence: Evidence, png: Path) -> str:
    slide, count = briefing.slides[index], len(briefing.slides)
    sources = "".join(f"<li>{escape(s.line())}</li>" for s in evidence.sources)
    quotes = "".join(
        f"<blockquote>“{escape(q.text)}” — {escape(q.source.title)} "
        f"(Admiralty {escape(q.source.grade)})</blockquote>" for q in evidence.quotes)
    more = (f"<p class='meta'>and {evidence.more_quotes} more excerpts behind this view.</p>"
            if evidence.more_quotes else "")
    note = f"<p class='note'>{escape(slide.note)}</p>" if slide.note else ""
    return (
        f"<section><header><p class='meta'>{escape(briefing.title)} · slide {index + 1} / "
        f"{count}</p><h1>{escape(slide.title)}</h1>"
        f"<p class='sentence'>{escape(evidence.sentence)}</p></header>"
        f"<div>{_picture(png)}{note}</div><div><h2>Sources</h2>"
        f"<ul>{sources or '<li>None</li>'}</ul>"
        f"<h2>In the sources' words</h2>{quotes}{more}</div></section>"
    )


def handout_html(briefing: Briefing, evidence: list[Evidence], pictures: list[Path]) -> str:
    pages = "".join(_page(briefing, i, e, p) for i, (e, p) in enumerate(zip(evidence, pictures)))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(briefing.title)}"
            f"</title><style>{_CSS}</style></head><body>{pages}</body></html>")


def print_pdf(html: str, path: Path) -> None:
    """Chromium's own printing of the handout page, offline (the page loads nothing)."""
    from playwright.sync_api import sync_playwright

    from sahel_atlas.briefings.render import CHROMIUM_ARGS, chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # data: URIs only, no request
            page.set_content(html, wait_until="load")
            page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
