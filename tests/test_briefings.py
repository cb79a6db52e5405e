"""Briefing files: the model, loading with every bad slide named, atomic saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_atlas.briefings import store
from sahel_atlas.briefings.load import BriefingFileError, parse
from sahel_atlas.briefings.model import Briefing, Slide
from sahel_atlas.briefings.validate import Known
from sahel_atlas.query.model import Vocabulary

VOCAB = Vocabulary(
    actors={"aqim": "AQIM", "abdelmalek-droukdel": "Abdelmalek Droukdel"},
    event_types=("Battles", "Targeted killing"),
    locations={"tessalit": "Tessalit"},
    countries=frozenset({"MLI"}),
    sources={"001_x": "Neutralization of Droukdel"},
)
KNOWN = Known(VOCAB, excerpts=frozenset({"ex-1"}))

MAP = Slide("map", "Where", "Say this", view={"actor": "aqim", "from": 2020, "to": "2020"})
PROFILE = Slide("profile", "Who", actor="abdelmalek-droukdel")
SOURCES = Slide("sources", "Read", view={"doc": "001_x", "excerpt": "ex-1"})


def test_round_trip_keeps_every_slide(tmp_path: Path) -> None:
    briefing = Briefing("death", "Droukdel's death", (MAP, PROFILE, SOURCES))
    path = store.save(briefing, tmp_path)
    assert path == tmp_path / "death.yaml"
    loaded = store.read("death", KNOWN, tmp_path)
    assert loaded.problems == ()
    assert loaded.briefing == briefing
    assert loaded.briefing.slides[0].view == {"actor": ["aqim"], "from": ["2020"], "to": ["2020"]}


def test_a_json_file_is_read_and_stays_json(tmp_path: Path) -> None:
    (tmp_path / "j.json").write_text(json.dumps({"slides": [MAP.to_dict()]}), encoding="utf-8")
    loaded = store.read("j", KNOWN, tmp_path)
    assert loaded.briefing.slides == (MAP,) and loaded.briefing.title == "j"
    store.save(loaded.briefing.added(PROFILE), tmp_path)
    assert len(json.loads((tmp_path / "j.json").read_text())["slides"]) == 2
    assert store.names(tmp_path) == ["j"]


BAD_SLIDES = [
    ({"title": "x", "page": "mapz"}, "unknown page 'mapz'"),
    ({"page": "map"}, "no title"),
    ({"title": "x", "page": "profile"}, "a profile slide names its actor"),
    ({"title": "x", "page": "profile", "actor": "nobody"}, "unknown actor 'nobody'"),
    ({"title": "x", "page": "map", "view": {"actor": "nobody"}}, "actor=nobody: no such actor"),
    ({"title": "x", "page": "map", "view": {"from": "yesterday"}}, "from=yesterday: not a year"),
    ({"title": "x", "page": "map", "view": {"status": "rumour"}}, "status=rumour: not one of"),
    ({"title": "x", "page": "map", "view": {"place": "Atlantis"}}, "no such place"),
    ({"title": "x", "page": "map", "view": {"zoom": "3"}}, "unknown view parameter 'zoom'"),
    ({"title": "x", "page": "timeline", "view": {"lanes": "colour"}}, "lanes='colour'"),
    ({"title": "x", "page": "sources", "view": {"doc": "999"}}, "doc='999': no such source"),
    ({"title": "x", "page": "sources", "view": {"excerpt": "ex-9"}}, "no such excerpt"),
    ({"title": "x", "page": "map", "view": ["actor"]}, "view must be a mapping"),
    ({"title": "x", "page": "map", "colour": "red"}, "unknown field 'colour'"),
    ("just a line", "not a mapping"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_SLIDES)
def test_a_bad_slide_is_named_and_the_rest_still_plays(bad: object, reason: str) -> None:
    text = json.dumps({"title": "T", "slides": [MAP.to_dict(), bad, PROFILE.to_dict()]})
    loaded = parse(text, "t", KNOWN, "briefings/t.yaml")
    assert loaded.briefing.slides == (MAP, PROFILE)
    (problem,) = loaded.problems
    assert problem.startswith("briefings/t.yaml: slide 2")
    assert reason in problem


@pytest.mark.parametrize(
    ("text", "reason"),
    [("slides: [", "not YAML or JSON"), ("- a\n- b\n", "a 'slides' list"),
     ("title: x\n", "a 'slides' list")],
)
def test_a_file_that_is_no_briefing_is_refused_with_its_name(text: str, reason: str) -> None:
    with pytest.raises(BriefingFileError, match=reason) as caught:
        parse(text, "t", KNOWN, "briefings/t.yaml")
    assert "briefings/t.yaml" in str(caught.value)


def test_editing_operations() -> None:
    b = Briefing("b", "B", (MAP, PROFILE, SOURCES))
    assert b.moved(2, -1).slides == (MAP, SOURCES, PROFILE)
    assert b.moved(0, -1).slides == b.slides  # clamped at the top
    assert b.duplicated(0).slides == (MAP, MAP, PROFILE, SOURCES)
    assert b.removed(1).slides == (MAP, SOURCES)
    assert b.edited(1, title="New", note="N").slides[1] == Slide("profile", "New", "N", "abdelmalek-droukdel")


@pytest.mark.parametrize("name", ["../etc", "A", "", "x/y", "a b"])
def test_a_name_that_is_no_plain_file_stem_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(BriefingFileError, match="lower-case letters"):
        store.path_of(name, tmp_path)


def test_new_names_come_from_the_title_and_never_overwrite() -> None:
    assert store.name_for("Droukdel's death, Ménaka") == "droukdel-s-death-menaka"
    assert store.name_for("Map", ["map", "map-2"]) == "map-3"
    assert store.name_for("!!!") == "briefing"


def test_a_failed_save_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(Briefing("b", "Old", (MAP,)), tmp_path)
    monkeypatch.setattr(store, "dump", lambda b: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        store.save(Briefing("b", "New", (MAP, PROFILE)), tmp_path)
    assert "Old" in (tmp_path / "b.yaml").read_text() and store.names(tmp_path) == ["b"]


def test_the_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path))
    assert store.briefings_dir() == tmp_path
    monkeypatch.delenv(store.ENV_VAR)
    assert store.briefings_dir() == store.PROJECT_ROOT / "briefings"


def test_the_example_briefing_plays_whole_on_the_curated_data() -> None:
    from sahel_atlas.store.dataset import load_dataset

    ds = load_dataset(store.PROJECT_ROOT / "data")
    known = Known(Vocabulary.from_dataset(ds), frozenset(ds.excerpts["excerpt_id"]))
    loaded = store.read("droukdel-death", known, store.PROJECT_ROOT / "briefings")
    assert loaded.problems == ()
    assert [s.page for s in loaded.briefing.slides] == ["map", "disagreements", "sources"]


@pytest.mark.parametrize(
    ("raw", "index", "notice"),
    [("2", 1, None), (None, 0, None), ("", 0, None), ("3", 2, None), ("9", 2, "has 3 slides"),
     ("0", 0, "has 3 slides"), ("two", 0, "not a number")],
)
def test_the_slide_a_link_names(raw: str | None, index: int, notice: str | None) -> None:
    from sahel_atlas.briefings.play import slide_index

    got, said = slide_index(raw, 3)
    assert got == index
    assert (said is None) if notice is None else (notice in said)


def test_a_slide_link_holds_its_view_the_briefing_and_its_number() -> None:
    from sahel_atlas.briefings.play import position, slide_params

    b = Briefing("death", "D", (MAP, SOURCES))
    assert slide_params(b, 1) == {"doc": ["001_x"], "excerpt": ["ex-1"], "briefing": ["death"],
                                  "slide": ["2"]}
    assert slide_params(b, 0, notes_hidden=True)["notes"] == ["hide"]
    assert position(1, 3) == "2 / 3"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deleting_a_briefing_removes_its_file_and_only_it(suffix: str, tmp_path: Path) -> None:
    store.save(Briefing("keep", "Keep", (MAP,)), tmp_path)
    (tmp_path / f"gone{suffix}").write_text('{"title": "Gone", "slides": []}', encoding="utf-8")
    assert store.delete("gone", tmp_path) == tmp_path / f"gone{suffix}"
    assert store.names(tmp_path) == ["keep"] and not (tmp_path / f"gone{suffix}").exists()


def test_deleting_a_briefing_that_is_not_there_says_so(tmp_path: Path) -> None:
    store.save(Briefing("keep", "Keep", (MAP,)), tmp_path)
    with pytest.raises(BriefingFileError, match="no briefing named 'gone' in .*nothing deleted"):
        store.delete("gone", tmp_path)
    assert store.names(tmp_path) == ["keep"]


@pytest.mark.parametrize("name", ["../keep", "keep.yaml", ""])
def test_deleting_refuses_a_name_that_is_no_plain_file_stem(name: str, tmp_path: Path) -> None:
    store.save(Briefing("keep", "Keep", (MAP,)), tmp_path)
    with pytest.raises(BriefingFileError, match="lower-case letters"):
        store.delete(name, tmp_path / "sub")
    assert store.names(tmp_path) == ["keep"]
