"""`sahel-atlas build` checks every field of every record: one problem per bad field, no crash."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_fixture import ANNOTATIONS, SOURCES, TEXT, write_project
from sahel_atlas.kb import fields
from sahel_atlas.kb.build import Paths, build
from sahel_atlas.cli import main
from sahel_atlas.contract.problems import ProblemsError

# The label each fixture record has in messages ("record #N 'id'").
LABELS = {
    ("actors", 0): "record #1 'aqim'",
    ("locations", 0): "record #1 'tessalit'",
    ("events", 0): "record #1 'droukdel-killed'",
    ("relations", 0): "record #1",  # the fixture's relation has no id
    ("sources", 0): "record #1 'src'",
}

EVENT = ("events", 0)
ACTOR = ("actors", 0)
PLACE = ("locations", 0)
RELATION = ("relations", 0)
SOURCE = ("sources", 0)
QUOTE = {"source": "src", "quote": "French forces killed Abdelmalek Droukdel"}

# (record, field, bad value, what the report says). `None` as value deletes the field.
BAD_FIELDS = [
    # a string where a list is expected, and the reverse
    (EVENT, "actors", "france", "actors 'france' is not a list (write a list: [{id: france, role: perpetrator}])"),
    (ACTOR, "aliases", "AQIM", "aliases 'AQIM' is not a list"),
    (EVENT, "evidence", "French forces", "evidence 'French forces' is not a list"),
    (EVENT, "claims", "near Tessalit", "claims 'near Tessalit' is not a list"),
    (EVENT, "title", ["Droukdel", "killed"], "title ['Droukdel', 'killed'] is not text (a list"),
    (EVENT, "status", ["confirmed"], "status ['confirmed'] is not text"),
    (RELATION, "subject", ["droukdel"], "subject ['droukdel'] is not text"),
    (ACTOR, "aliases", [["AQIM"]], "aliases[1] ['AQIM'] is not text"),
    (ACTOR, "aliases", ["AQIM", None], "aliases[2] is empty"),
    (EVENT, "location", 5, "location 5 is not text (put it in quotes)"),
    # numbers
    (EVENT, "fatalities", "many", "fatalities 'many' is not a whole number"),
    (EVENT, "fatalities", 2.5, "fatalities 2.5 is not a whole number"),
    (EVENT, "fatalities", True, "fatalities True is not a whole number"),
    (EVENT, "fatalities", -1, "fatalities -1 is below 0"),
    (PLACE, "radius_km", "far", "radius out of range: radius_km 'far'"),
    (PLACE, "radius_km", -5, "radius out of range: radius_km -5"),
    (PLACE, "lat", "north", "coordinates out of range: lat 'north'"),
    (PLACE, "lon", float("nan"), "coordinates out of range: lon nan"),
    (PLACE, "lat", None, "missing field 'lat'"),
    # dates of the wrong type
    (EVENT, "date", ["2020"], "bad date in date: not a date: ['2020']"),
    (EVENT, "date", True, "bad date in date: not a date: True"),
    (EVENT, "date", 2020.5, "bad date in date: not a date: 2020.5"),
    (RELATION, "date", {"from": 2004}, "bad date in date: not a date: {'from': 2004}"),
    (RELATION, "date", "2004..1990", "bad date in date: span '2004..1990' ends before it starts"),
    # unknown keys, most often typos
    (EVENT, "fatalites", 4, "unknown field 'fatalites' (did you mean 'fatalities'?)"),
    (ACTOR, "alias", ["AQIM"], "unknown field 'alias' (did you mean 'aliases'?)"),
    (PLACE, "latitude", 20.2, "unknown field 'latitude'"),
    (RELATION, "confidence", "high", "unknown field 'confidence' (known: id, subject, predicate"),
    # allowed values and shapes
    (ACTOR, "family", None, "missing field 'family'"),
    (RELATION, "id", "Droukdel leads", "id 'Droukdel leads' is not a slug"),
    (PLACE, "country", "Mali", "country 'Mali' is not an ISO 3166-1 alpha-3 code"),
    (PLACE, "precision", "exact", "precision 'exact' is not one of point, area, region"),
    (RELATION, "status", "maybe", "status 'maybe' is not one of confirmed, claimed, disputed"),
    (EVENT, "status", None, "missing field 'status'"),
    # nested records: event actors, evidence, claims
    (EVENT, "actors", [{"id": "france", "role": "boss"}], "actors[1].role 'boss' is not one of"),
    (EVENT, "actors", [{"role": "perpetrator"}], "missing field 'actors[1].id'"),
    (EVENT, "actors", [{"id": "france", "rol": "victim"}], "unknown field 'actors[1].rol' (did you mean 'role'?)"),
    (EVENT, "actors", [42], "actors[1] 42 is not an actor id or {id: ..., role: ...}"),
    (EVENT, "evidence", [{"source": "src"}], "missing field 'evidence[1].quote'"),
    (EVENT, "evidence", [QUOTE, "French forces"], "evidence[2] 'French forces' is not a mapping"),
    (EVENT, "evidence", [{**QUOTE, "occurrence": "second"}], "evidence[1].occurrence 'second' is not a whole number"),
    (EVENT, "evidence", [{**QUOTE, "occurrence": 0}], "evidence[1].occurrence 0 is below 1"),
    (EVENT, "evidence", [{**QUOTE, "page": 3}], "unknown field 'evidence[1].page'"),
    (EVENT, "claims", [{"aspect": "location", "value": "x"}], "no evidence in 'claims[1].evidence'"),
    (EVENT, "claims", [{"aspect": "location", "value": ["x"], "evidence": [QUOTE]}], "claims[1].value ['x'] is not text or a number"),
    (EVENT, "claims", [{"aspect": "location", "evidence": [QUOTE]}], "missing field 'claims[1].value'"),
    # seeds/sources.yaml
    (SOURCE, "machine_translated", "yes please", "machine_translated 'yes please' is not true or false"),
    (SOURCE, "published", "soon", "bad date in published: not a date: 'soon'"),
    (SOURCE, "reliability", "Z", "reliability 'Z' is not one of A, B, C, D, E, F"),
    (SOURCE, "publisher", 12, "publisher 12 is not text"),
    (SOURCE, "langauge", "en", "unknown field 'langauge' (did you mean 'language'?)"),
]


def _label(record: tuple[str, int], key: str, value) -> str:
    """How the report names the record: by the id it has after the change."""
    return f"record #{record[1] + 1} '{value}'" if key == "id" else LABELS[record]


def _file(kind: str) -> str:
    return "seeds/sources.yaml" if kind == "sources" else f"data/annotations/{kind}.yaml"


def _project(root: Path, record: tuple[str, int], key: str, value) -> Path:
    """The fixture project with one field of one record replaced (None: removed)."""
    annotations = copy.deepcopy(ANNOTATIONS)
    sources = copy.deepcopy(SOURCES)
    target = (sources if record[0] == "sources" else annotations[record[0]])[record[1]]
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
    write_project(root, annotations)
    (root / "seeds" / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")
    return root


def _tables(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data").glob("*.parquet"))}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project already built once, so a failing build has tables to leave untouched."""
    root = write_project(tmp_path)
    build(Paths(root=root))
    return root


@pytest.mark.parametrize(("record", "key", "value", "message"), BAD_FIELDS, ids=[m for *_, m in BAD_FIELDS])
def test_a_bad_field_is_one_problem_naming_file_record_and_field(
    built: Path, capsys, record: tuple[str, int], key: str, value, message: str
) -> None:
    before = _tables(built)
    _project(built, record, key, value)
    assert main(["build", "--root", str(built)]) == 1
    err = capsys.readouterr().err
    # One bad field is exactly one problem: the record is not built, but ids it declares
    # still resolve, so nothing cascades (no "unknown actor id" for a bad actor's kind).
    head, *lines = err.strip().splitlines()
    assert head.startswith("build failed") and head.endswith("untouched. 1 problem:"), err
    assert len(lines) == 1, err
    where = f"  - {_file(record[0])}: {_label(record, key, value)}: "
    assert lines[0].startswith(where) and message in lines[0], err
    assert _tables(built) == before
    assert not list((built / "data").glob(".build-*")), "staging folder left behind"


def test_every_bad_field_is_reported_at_once(built: Path) -> None:
    annotations = copy.deepcopy(ANNOTATIONS)
    annotations["events"][0].update(fatalities="many", actors="france", fatalites=3)
    annotations["locations"][0]["radius_km"] = "far"
    annotations["actors"][2]["kind"] = "country"  # france: events still resolve it
    write_project(built, annotations)
    with pytest.raises(ProblemsError) as caught:
        build(Paths(root=built))
    reasons = sorted(p.reason.split(" ")[0] + " " + p.record for p in caught.value.problems)
    assert reasons == sorted(
        [
            "fatalities record #1 'droukdel-killed'",
            "actors record #1 'droukdel-killed'",
            "unknown record #1 'droukdel-killed'",
            "radius record #1 'tessalit'",
            "kind record #3 'france'",
        ]
    )


def _latin1_seed(root: Path) -> None:
    (root / "seeds" / "src.txt").write_bytes(TEXT.encode() + "Ménaka\n".encode("latin-1"))


def test_a_seed_file_that_is_not_utf8_is_one_problem(built: Path) -> None:
    before = _tables(built)
    _latin1_seed(built)
    with pytest.raises(ProblemsError) as caught:
        build(Paths(root=built))
    offset = len(TEXT.encode()) + 1  # the "é" of Ménaka
    # Named once, on the file; the quotes that cite it do not each fail as well.
    assert [str(p) for p in caught.value.problems] == [
        f"seeds/src.txt: record #1 'src': not UTF-8 text (byte 0xe9 at offset {offset}); "
        "save the file as UTF-8"
    ]
    assert _tables(built) == before


def test_an_annotation_file_that_is_not_utf8_names_the_file(built: Path) -> None:
    path = built / "data" / "annotations" / "actors.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Maghreb", "Maghr\u00e9b").encode("cp1252"))
    with pytest.raises(ProblemsError) as caught:
        build(Paths(root=built))
    assert str(caught.value.problems[0]).startswith("data/annotations/actors.yaml: not UTF-8 text")


@pytest.mark.parametrize("case", ["latin-1 seed", "fatalities: many"])
def test_the_installed_command_fails_without_a_traceback(built: Path, case: str) -> None:
    if case == "latin-1 seed":
        _latin1_seed(built)
    else:
        _project(built, EVENT, "fatalities", "many")
    before = _tables(built)
    run = subprocess.run(
        [sys.executable, "-m", "sahel_atlas", "build", "--root", str(built)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "1 problem:" in run.stderr
    assert ("seeds/src.txt" if case == "latin-1 seed" else "fatalities 'many'") in run.stderr
    assert _tables(built) == before


# --- the declarations themselves --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["actors", "locations", "events", "relations"])
def test_every_fixture_record_passes_its_declaration(kind: str) -> None:
    assert [fields.problems(kind, rec) for rec in ANNOTATIONS[kind]] == [[] for _ in ANNOTATIONS[kind]]


@pytest.mark.parametrize(
    ("kind", "record", "expected"),
    [
        ("actors", {}, ["missing field 'id'", "missing field 'name'", "missing field 'kind'",
                        "missing field 'family'",
                        "no evidence in 'evidence': every fact needs at least one quote"]),
        ("events", {**ANNOTATIONS["events"][0], "actors": ["france", {"id": "droukdel"}]}, []),
        ("events", {**ANNOTATIONS["events"][0], "date": 2020}, []),  # YAML's unquoted year
        ("events", {**ANNOTATIONS["events"][0], "note": "year from the dateline"}, []),
        ("events", {**ANNOTATIONS["events"][0], "date": "1985"},
         ["date 1985-01-01..1985-12-31 outside 1990-2022"]),
        ("relations", {**ANNOTATIONS["relations"][0], "id": "Droukdel_leads"},
         ["id 'Droukdel_leads' is not a slug (lowercase letters, digits and single hyphens, "
          "e.g. 'aqim-leader')"]),
    ],
    ids=["empty-actor", "bare-actor-ids", "year-as-number", "event-note", "year-range", "relation-id"],
)
def test_declarations_accept_what_the_guide_allows_and_name_the_rest(kind, record, expected) -> None:
    assert fields.problems(kind, record) == expected
