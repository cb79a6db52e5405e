"""The PowerPoint deck (python-pptx): one 16:9 slide per briefing slide, its picture, title,
filter sentence and sources with Admiralty grades; the note in the speaker's notes too."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from sahel_atlas.briefings.evidence import Evidence
from sahel_atlas.briefings.model import Briefing

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
QUOTES_ON_SLIDE = 3  # the rest go to the speaker's notes


def _text_box(slide, left: Emu, top: Emu, width: Emu, height: Emu, lines: list[tuple[str, int, bool]]) -> None:  # noqa: ANN001
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size, paragraph.font.bold = Pt(size), bold


def _slide(deck: Presentation, briefing: Briefing, index: int, evidence: Evidence, png: Path) -> None:
    slide_data = briefing.slides[index]
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    _text_box(slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.9), [
        (slide_data.title, 26, True),
        (f"{evidence.sentence} · {index + 1} / {len(briefing.slides)}", 12, False)])
    # The 1920x1080 picture keeps its ratio at 8.4 inches wide.
    slide.shapes.add_picture(str(png), Inches(0.4), Inches(1.25), width=Inches(8.4))
    lines = [("Sources", 12, True)] + [(s.line(), 9, False) for s in evidence.sources]
    lines += [("In the sources' words", 12, True)]
    lines += [(f"“{q.text}” — {q.source.title} (Admiralty {q.source.grade})", 8, False)
              for q in evidence.quotes[:QUOTES_ON_SLIDE]]
    _text_box(slide, Inches(9.0), Inches(1.25), Inches(4.0), Inches(5.0), lines)
    if slide_data.note:
        _text_box(slide, Inches(0.4), Inches(6.1), Inches(8.4), Inches(1.0),
                  [(slide_data.note, 12, False)])
    notes = [slide_data.note, evidence.sentence, *(s.line() for s in evidence.sources),
             *(f"“{q.text}” — {q.source.title} (Admiralty {q.source.grade})"
               for q in evidence.quotes)]
    slide.notes_slide.notes_text_frame.text = "\n".join(n for n in notes if n)


def write_deck(briefing: Briefing, evidence: list[Evidence], pictures: list[Path], path: Path) -> None:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = briefing.title
    for index, (ev, png) in enumerate(zip(evidence, pictures)):
        _slide(deck, briefing, index, ev, png)
    deck.save(str(path))
