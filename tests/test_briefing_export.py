"""The exported deck and handout, from pictures made here (the browser test renders real ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from sahel_atlas.briefings.deck import write_deck
from sahel_atlas.briefings.evidence import Evidence, Quote, Source, evidence
from sahel_atlas.briefings.handout import handout_html
from sahel_atlas.briefings.model import Briefing, Slide
from sahel_atlas.briefings.render import loopback_link, slide_url
from sahel_atlas.query.model import Vocabulary
from sahel_atlas.store.dataset import load_dataset

VOA = Source("002", "France Says It Killed Al-Qaida North Africa Chief", "Voice of America", "B")
BRIEFING = Briefing("b", "Droukdel", (
    Slide("map", "Where <he> died", "Say: Talhandak", view={"from": "2020"}),
    Slide("profile", "Who", actor="aqim"),
))
FOUND = [Evidence("1 event, 2020", (VOA,), (Quote("killed <b>Droukdel</b>", VOA),), 4),
         Evidence("All 9 events", (VOA,), ())]


@pytest.fixture()
def pictures(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / f"{i}.png" for i in range(2)]
    for path in paths:
        Image.new("RGB", (1920, 1080), "white").save(path)
    return paths


def test_the_deck_has_one_slide_per_briefing_slide_each_with_its_picture(
    tmp_path: Path, pictures: list[Path]
) -> None:
    write_deck(BRIEFING, FOUND, pictures, tmp_path / "d.pptx")
    deck = Presentation(str(tmp_path / "d.pptx"))
    assert len(deck.slides) == 2
    for slide in deck.slides:
        assert [s.shape_type for s in slide.shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
    text = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Where <he> died" in text and "1 event, 2020 · 1 / 2" in text
    assert "Voice of America (Admiralty B: usually reliable)" in text
    assert "“killed <b>Droukdel</b>” — France Says" in text and "Say: Talhandak" in text
    assert "Say: Talhandak" in deck.slides[0].notes_slide.notes_text_frame.text


def test_the_handout_says_everything_and_escapes_it(pictures: list[Path]) -> None:
    html = handout_html(BRIEFING, FOUND, pictures)
    assert html.count("<section>") == 2 and html.count("data:image/png;base64,") == 2
    assert "Where &lt;he&gt; died" in html and "killed &lt;b&gt;Droukdel&lt;/b&gt;" in html
    assert "(Admiralty B: usually reliable)" in html and "and 4 more excerpts" in html
    assert "slide 2 / 2" in html and "http" not in html  # nothing to fetch


def test_a_slide_picture_is_taken_from_its_own_link() -> None:
    url = slide_url("http://127.0.0.1:9", BRIEFING, 1, {"aqim": "aqim"})
    assert url == "http://127.0.0.1:9/aqim?briefing=b&slide=2&notes=hide"
    assert slide_url("http://x", BRIEFING, 0, {}).startswith("http://x/?from=2020&briefing=b")


@pytest.mark.parametrize(
    ("base", "page", "want"),
    [("", "", "http://127.0.0.1:8501/?actor=aqim&present=1"),
     ("/atlas/", "aqim", "http://127.0.0.1:8501/atlas/aqim?actor=aqim&present=1")],
)
def test_a_map_picture_is_drawn_from_this_machine(base: str, page: str, want: str) -> None:
    assert loopback_link(8501, base, page, {"actor": ["aqim"]}) == want


def test_the_evidence_behind_a_slide_cites_its_sources_with_grades(tiny_data: Path) -> None:
    ds = load_dataset(tiny_data)
    vocab = Vocabulary.from_dataset(ds)
    found = evidence(ds, vocab, Slide("map", "T", view={"from": "2020", "to": "2020",
                                                        "type": "Targeted killing"}))
    assert found.sentence.startswith("1 event, 2020")
    assert [s.source_id for s in found.sources] == ["src-b"]
    assert found.quotes and all(q.text in ds.source_text("src-b") for q in found.quotes)
    doc = evidence(ds, vocab, Slide("sources", "D", view={"doc": "src-c"}))
    assert {q.source.source_id for q in doc.quotes} == {"src-c"}
