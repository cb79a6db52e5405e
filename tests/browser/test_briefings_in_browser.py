"""A presenter's briefing in a real browser: built from three pages, played with the keyboard
on a 1920x1080 screen, exported as a PDF handout and a PowerPoint deck."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from conftest import ROOT, Requests, Server, assert_only_local, screenshot, start_server, wait_for_app

pytestmark = pytest.mark.browser

# Three views, and what each slide's filter sentence must say.
VIEWS = [  # the map is the root page (Streamlit answers /map with "Page not found")
    ("?from=2020-06-01&to=2020-06-30&actor=abdelmalek-droukdel", "Where he died",
     "Say Talhandak", ["2020-06-01 to 2020-06-30", "Abdelmalek Droukdel"]),
    ("timeline?actor=jnim&from=2017&lanes=type", "JNIM since 2017", "", ["JNIM", "2017"]),
    ("disagreements?status=disputed", "Three accounts", "Each cites its source", ["disputed"]),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("briefings")


@pytest.fixture(scope="module")
def briefing_server(folder: Path) -> Iterator[Server]:
    running = start_server(ROOT / "data", folder.parent / "briefings-streamlit.log",
                           env={"SAHEL_ATLAS_BRIEFINGS": str(folder)})
    yield running
    running.stop()


def add_view(screen: Page, url: str, title: str, note: str, first: bool) -> None:
    screen.goto(url)
    wait_for_app(screen)
    screen.locator("summary", has_text="Add this view to a briefing").click()
    if first:  # with no briefing yet, "New briefing…" is the choice
        screen.get_by_label("New briefing's title").fill("Room brief")
        screen.get_by_label("New briefing's title").press("Enter")
        wait_for_app(screen)
    screen.get_by_label("Slide title").fill(title)
    screen.get_by_label("Slide title").press("Enter")
    wait_for_app(screen)
    if note:
        screen.get_by_label("Note for the presenter").fill(note)
        screen.get_by_label("Note for the presenter").press("Control+Enter")
        wait_for_app(screen)
    screen.get_by_role("button", name="Add slide").click()
    expect(screen.get_by_text("to 'Room brief' (room-brief)")).to_be_visible()


def expect_slide(screen: Page, number: int, title: str, words: list[str]) -> None:
    expect(screen.get_by_text(f"{number} / 3", exact=True)).to_be_visible()
    wait_for_app(screen)
    assert f"slide={number}" in screen.url and "briefing=room-brief" in screen.url
    expect(screen.get_by_role("heading", name=f"Sahel Atlas · {title}")).to_be_visible()
    header = screen.get_by_test_id("stMain").locator("p strong").first.inner_text()  # the sentence
    for word in words:
        assert word in header, (number, header)
    assert not screen.get_by_test_id("stSidebar").is_visible()  # presentation mode


def test_build_play_with_the_keyboard_and_export(
    screen: Page, briefing_server: Server, folder: Path, requests_log: Requests
) -> None:
    for i, (path, title, note, _) in enumerate(VIEWS):
        add_view(screen, f"{briefing_server.url}/{path}", title, note, first=i == 0)
    assert (folder / "room-brief.yaml").exists()

    screen.goto(f"{briefing_server.url}/?briefing=room-brief&slide=1")
    expect_slide(screen, 1, VIEWS[0][1], VIEWS[0][3])
    expect(screen.get_by_text("Say Talhandak")).to_be_visible()
    screenshot(screen, "briefing-slide-1")
    screen.keyboard.press("ArrowRight")
    expect_slide(screen, 2, VIEWS[1][1], VIEWS[1][3])
    assert "lanes=type" in screen.url
    screenshot(screen, "briefing-slide-2")
    screen.keyboard.press("PageDown")  # what a presentation clicker sends
    expect_slide(screen, 3, VIEWS[2][1], VIEWS[2][3])
    screen.keyboard.press("PageUp")
    expect_slide(screen, 2, VIEWS[1][1], VIEWS[1][3])
    screen.keyboard.press("ArrowLeft")
    expect_slide(screen, 1, VIEWS[0][1], VIEWS[0][3])

    screen.goto(f"{briefing_server.url}/briefings?edit=room-brief")
    wait_for_app(screen)
    screen.get_by_role("button", name="Make PDF and PowerPoint").click()
    pdf_button = screen.get_by_role("button", name="Download PDF")
    expect(pdf_button).to_be_visible(timeout=300_000)
    with screen.expect_download() as info:
        pdf_button.click()
    pdf = PdfReader(info.value.path())
    with screen.expect_download() as info:
        screen.get_by_role("button", name="Download PowerPoint").click()
    deck = Presentation(io.BytesIO(Path(info.value.path()).read_bytes()))

    assert len(pdf.pages) == 3 and len(deck.slides) == 3
    for page, slide, (_, title, _, words) in zip(pdf.pages, deck.slides, VIEWS):
        text = " ".join(page.extract_text().split())
        assert title in text and "Sources" in text and "Admiralty" in text, text[:300]
        assert all(word in text for word in words)
        assert [s.shape_type for s in slide.shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
    assert "Voice of America" in " ".join(p.extract_text() for p in pdf.pages)
    assert_only_local(requests_log)


def test_the_map_page_gives_a_png_of_its_map(
    page: Page, briefing_server: Server, requests_log: Requests
) -> None:
    from PIL import Image

    page.goto(f"{briefing_server.url}/?actor=aqim")
    wait_for_app(page)
    expect(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first).to_be_visible()
    page.get_by_role("button", name="Picture of the map (PNG)").click()
    button = page.get_by_role("button", name="Download the map (PNG)")
    expect(button).to_be_visible(timeout=180_000)
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename.startswith("sahel-atlas_map_")
    picture = Image.open(info.value.path())
    assert picture.format == "PNG" and picture.width > 1000
    colours = picture.convert("RGB").getcolors(maxcolors=1 << 24)
    assert len(colours) > 50  # a drawn map, not a blank box
    assert_only_local(requests_log)



def test_every_chart_of_a_profile_has_the_modebar_camera(
    page: Page, briefing_server: Server, requests_log: Requests
) -> None:
    page.goto(f"{briefing_server.url}/aqim")
    wait_for_app(page)
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts).to_have_count(2)  # the link chart and the timeline
    expect(charts.locator("[data-title='Download plot as a PNG']")).to_have_count(2)
    expect(page.get_by_role("button", name="Picture of the map (PNG)")).to_be_visible()
    assert_only_local(requests_log)
