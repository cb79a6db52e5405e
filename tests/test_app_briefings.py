"""Briefings under AppTest: playing a slide from its link, moving on, leaving; building and
editing a briefing from the pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_runs import app_test, open_url
from app_runs import assert_no_error as checked
from sahel_atlas.briefings import store
from sahel_atlas.briefings.model import Briefing, Slide
from sahel_atlas.store.dataset import ENV_VAR

THREE = Briefing("three", "Three views", (
    Slide("map", "Droukdel's last year", "Say where", view={"from": "2020", "to": "2020",
                                                            "actor": "abdelmalek-droukdel"}),
    Slide("timeline", "The rivalry", "Say when", view={"actor": ["isgs", "jnim"], "lanes": "type"}),
    Slide("sources", "The brief", "", view={"doc": "src-b"}),
))


@pytest.fixture()
def folder(monkeypatch: pytest.MonkeyPatch, tiny_data: Path, tmp_path: Path) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tiny_data))
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path))
    store.save(THREE, tmp_path)
    return tmp_path


def open_page(url_path: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = checked(open_url(url_path, params))
    at._page_hash = ""  # later runs stay on the page the last one finished on (switch_page)
    return at


def shown(at: AppTest) -> str:
    return "\n".join([t.value for t in at.title] + [m.value for m in at.markdown]
                     + [i.value for i in at.info])


def test_a_slide_link_plays_that_slide_with_its_filters(folder: Path) -> None:
    at = open_page("timeline", {"briefing": "three", "slide": "2", "actor": "aqim"})
    text = shown(at)
    assert "The rivalry" in text and "**2 / 3**" in text and "Say when" in text
    assert "ISGS or JNIM" in text and "AQIM" not in text.split("2 / 3")[0]  # the slide's own filters
    assert at.query_params["actor"] == ["isgs", "jnim"] and at.query_params["lanes"] == "type"
    assert at.query_params["slide"] == "2"
    assert not at.sidebar.multiselect  # presentation mode: no controls


def test_next_opens_the_next_slide_and_the_url_follows(folder: Path) -> None:
    at = open_page("map", {"briefing": "three", "slide": "1"})
    assert at.button(key="brief_prev").disabled
    assert "1 / 3" in shown(at) and "2020" in shown(at)
    checked(at.button(key="brief_next").click().run())
    assert "2 / 3" in shown(at) and at.query_params["slide"] == "2"
    assert at.query_params["actor"] == ["isgs", "jnim"] and "from" not in at.query_params
    checked(at.button(key="brief_pagedown").click().run())
    assert "3 / 3" in shown(at) and at.query_params["doc"] == "src-b"
    assert at.button(key="brief_next").disabled
    checked(at.button(key="brief_pageup").click().run())
    assert "2 / 3" in shown(at)


def test_the_note_hides_on_request_and_the_url_says_so(folder: Path) -> None:
    at = open_page("map", {"briefing": "three", "slide": "1"})
    checked(at.button(key="brief_notes").click().run())
    assert "Say where" not in shown(at) and at.query_params["notes"] == "hide"


def test_leaving_returns_to_exploring_with_the_slide_filters(folder: Path) -> None:
    at = open_page("timeline", {"briefing": "three", "slide": "2"})
    checked(at.button(key="brief_leave").click().run())
    assert "briefing" not in at.query_params and "slide" not in at.query_params
    assert at.query_params["actor"] == ["isgs", "jnim"]
    assert at.sidebar.multiselect[0].value == ["isgs", "jnim"]  # the controls are back


def test_a_slide_number_past_the_end_shows_the_last(folder: Path) -> None:
    at = open_page("sources", {"briefing": "three", "slide": "9"})
    assert "3 / 3" in shown(at) and at.query_params["slide"] == "3"


def test_a_missing_briefing_is_said_and_the_page_still_works() -> None:
    at = app_test({"briefing": "nothing-here"}).run()
    assert not at.exception
    assert "no briefing named 'nothing-here'" in at.error[0].value
    assert "briefing" not in at.query_params and at.sidebar.multiselect  # exploring


def test_a_bad_slide_is_named_and_the_others_play(folder: Path) -> None:
    text = store.dump(THREE).replace("page: timeline", "page: chart")
    (folder / "three.yaml").write_text(text, encoding="utf-8")
    at = open_page("sources", {"briefing": "three", "slide": "2"})
    assert "2 / 2" in shown(at)
    assert "slide 2 ('The rivalry') skipped: unknown page 'chart'" in at.warning[0].value.replace("\\", "")


def test_adding_views_from_pages_builds_a_new_briefing(folder: Path) -> None:
    at = open_page("timeline", {"actor": "jnim", "from": "2017", "lanes": "type"})
    at.selectbox(key="add_to").select("New briefing…").run()
    at.text_input(key="add_new").input("Sahel rivalry").run()
    assert at.text_input(key="add_title").value == "Timeline"  # the page's title to start from
    at.text_input(key="add_title").input("JNIM since 2017")
    at.text_area(key="add_note").input("Point at 2017")
    checked(at.button(key="add_slide").click().run())
    assert "Added slide 1 to 'Sahel rivalry'" in at.success[0].value.replace("\\", "")
    at2 = open_page("aqim", {"status": "disputed"})  # a profile page
    at2.selectbox(key="add_to").select("sahel-rivalry").run()
    at2.text_input(key="add_title").input("Who AQIM is")
    checked(at2.button(key="add_slide").click().run())
    slides = store.read("sahel-rivalry", known()).briefing.slides
    assert slides == (
        Slide("timeline", "JNIM since 2017", "Point at 2017",
              view={"actor": "jnim", "from": "2017", "lanes": "type"}),
        Slide("profile", "Who AQIM is", actor="aqim", view={"status": "disputed"}),
    )


def test_a_slide_needs_a_title(folder: Path) -> None:
    at = open_page("map")
    at.text_input(key="add_title").input("")
    at.button(key="add_slide").click().run()
    assert "Give the slide a title" in at.error[0].value
    assert store.names() == ["three"]


def known():
    from sahel_atlas.briefings.validate import Known
    from sahel_atlas.query.model import Vocabulary
    from sahel_atlas.store.dataset import load_dataset

    return Known(Vocabulary.from_dataset(load_dataset()))


def titles(folder: Path) -> list[str]:
    return [s.title for s in store.read("three", known(), folder).briefing.slides]


def test_the_briefings_page_reorders_duplicates_removes_and_edits(folder: Path) -> None:
    at = open_page("briefings", {"edit": "three"})
    assert at.selectbox(key="brief_choice").value == "three"
    assert "The rivalry" in shown(at)
    checked(at.button(key="slide_up_2").click().run())
    assert titles(folder) == ["Droukdel's last year", "The brief", "The rivalry"]
    checked(at.button(key="slide_dup_0").click().run())
    assert titles(folder) == ["Droukdel's last year"] * 2 + ["The brief", "The rivalry"]
    checked(at.button(key="slide_remove_1").click().run())
    checked(at.button(key="slide_down_0").click().run())
    assert titles(folder) == ["The brief", "Droukdel's last year", "The rivalry"]
    box = [t for t in at.text_input if t.key.startswith("slide_title_1_")][0]
    box.input("Where he died")
    [t for t in at.text_area if t.key.startswith("slide_note_1_")][0].input("Talhandak")
    checked(at.button(key="slide_save_1").click().run())
    slide = store.read("three", known(), folder).briefing.slides[1]
    assert (slide.title, slide.note, slide.view["actor"]) == ("Where he died", "Talhandak",
                                                               ["abdelmalek-droukdel"])
    links = [link.proto.page for link in at.get("page_link")]
    assert links[:3] == ["sources", "", "timeline"]  # the map is the root page  # "Play from here", in the new order


def test_a_new_briefing_is_created_on_the_page(folder: Path) -> None:
    at = open_page("briefings")
    at.text_input(key="brief_new_title").input("Ménaka 2018")
    checked(at.button(key="brief_create").click().run())
    assert "menaka-2018" in store.names(folder) and at.query_params["edit"] == "menaka-2018"
    assert "No slides yet" in at.info[0].value


def test_the_map_offers_a_picture_of_itself_from_its_own_link(folder: Path) -> None:
    at = open_page("", {"actor": "aqim", "from": "2013"})
    assert at.button(key="map_png").label == "Picture of the map (PNG)"

    at2 = open_page("", {"actor": "aqim", "present": "1"})
    assert not [b for b in at2.button if b.key == "map_png"]  # not on a shared screen


def test_deleting_a_briefing_asks_first_and_cancel_keeps_it(folder: Path) -> None:
    store.save(Briefing("other", "Other", ()), folder)
    at = open_page("briefings", {"edit": "three"})
    checked(at.button(key="brief_delete").click().run())
    asked = at.warning[0].value.replace("\\", "")
    assert "Delete 'Three views' and its 3 slides?" in asked and "three.yaml" in asked
    assert store.names(folder) == ["other", "three"]  # one click deletes nothing
    checked(at.button(key="brief_delete_cancel").click().run())
    assert store.names(folder) == ["other", "three"] and at.query_params["edit"] == "three"
    assert not [b for b in at.button if b.key == "brief_delete_confirm"]


def test_confirming_deletes_the_briefing_and_the_url_stops_naming_it(folder: Path) -> None:
    store.save(Briefing("other", "Other", ()), folder)
    at = open_page("briefings", {"edit": "three"})
    checked(at.button(key="brief_delete").click().run())
    checked(at.button(key="brief_delete_confirm").click().run())
    assert store.names(folder) == ["other"] and not (folder / "three.yaml").exists()
    assert "Deleted 'Three views' (three.yaml)." in at.success[0].value.replace("\\", "")
    assert at.selectbox(key="brief_choice").options == ["other"]
    assert at.query_params.get("edit") != "three" and "Three views" not in shown(at)


def test_deleting_the_last_briefing_leaves_an_empty_list(folder: Path) -> None:
    at = open_page("briefings", {"edit": "three"})
    checked(at.button(key="brief_delete").click().run())
    checked(at.button(key="brief_delete_confirm").click().run())
    assert store.names(folder) == [] and "edit" not in at.query_params
    assert "No briefing yet." in at.info[0].value


def test_a_briefing_deleted_meanwhile_is_said_not_a_traceback(folder: Path) -> None:
    at = open_page("briefings", {"edit": "three"})
    checked(at.button(key="brief_delete").click().run())
    (folder / "three.yaml").unlink()  # removed by hand, or from another browser
    at.button(key="brief_delete_confirm").click().run()
    assert not at.exception and "No briefing yet." in at.info[0].value
    said = at.error[0].value.replace("\\", "")
    assert "no briefing named 'three'" in said and "nothing deleted" in said


def test_a_profile_offers_a_picture_of_its_map(folder: Path) -> None:
    at = open_page("aqim", {"from": "2013"})
    assert at.button(key="profile_map_png").label == "Picture of the map (PNG)"
    assert not [b for b in at.button if b.key == "map_png"]  # one key per page

    at2 = open_page("aqim", {"present": "1"})
    assert not [b for b in at2.button if b.key == "profile_map_png"]  # not on a shared screen


@pytest.mark.parametrize(
    ("url_path", "params"),
    [("", {}), ("timeline", {}), ("timeline", {"lanes": "type"}), ("aqim", {}),
     ("actors", {}), ("disagreements", {}), ("data", {}), ("sources", {})],
)
def test_every_chart_and_map_of_every_page_gives_a_png(
    folder: Path, url_path: str, params: dict[str, str]
) -> None:
    at = open_page(url_path, params)
    for chart in at.get("plotly_chart"):
        config = json.loads(chart.proto.config)
        assert config.get("displayModeBar", "hover") in ("hover", True), chart.proto.id
        assert "toImage" not in config.get("modeBarButtonsToRemove", [])  # the camera
        image = config["toImageButtonOptions"]
        assert image["format"] == "png" and image["filename"].startswith("sahel-atlas_")
    names = [json.loads(c.proto.config)["toImageButtonOptions"]["filename"]
             for c in at.get("plotly_chart")]
    assert len(set(names)) == len(names)  # each chart's picture says which it is
    pngs = [b for b in at.button if b.key in ("map_png", "profile_map_png")]
    assert len(pngs) == len(at.get("deck_gl_json_chart"))  # one button per map


def test_the_profile_picture_is_drawn_from_the_profile_own_link(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components import map_picture

    drawn: list[str] = []
    monkeypatch.setattr(map_picture, "_draw", lambda link: drawn.append(link) or b"\x89PNG")
    at = open_page("aqim", {"from": "2013"})
    checked(at.button(key="profile_map_png").click().run())
    assert drawn == ["http://127.0.0.1:8501/aqim?from=2013&present=1"]  # large type, its filters
    download = at.get("download_button")
    assert [d.proto.label for d in download] == ["Download the map (PNG)"]
    monkeypatch.setattr(map_picture, "_draw", lambda link: None)
    at.button(key="profile_map_png").click().run()
    assert "could not be drawn" in at.error[0].value and not at.get("download_button")


def test_next_opens_a_profile_the_menu_does_not_list(folder: Path) -> None:
    """A person's profile is not registered by the map's run: the slide still opens it."""
    store.save(Briefing("who", "Who he was", (
        Slide("map", "Where", view={"actor": "abdelmalek-droukdel"}),
        Slide("profile", "Who", actor="abdelmalek-droukdel"),
    )), folder)
    at = open_page("map", {"briefing": "who", "slide": "1"})
    assert "abdelmalek-droukdel" not in {p["url_pathname"] for p in at._registered_pages.values()}
    checked(at.button(key="brief_next").click().run())
    text = shown(at)
    assert at.title[0].value == "Sahel Atlas · Who"  # a slide shows its own title
    assert "#### Fact box" in text and "Droukdel" in text.split("#### Fact box")[1]
    assert "2 / 2" in text and at.query_params["slide"] == "2"
