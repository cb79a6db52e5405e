"""`sahel-atlas build`: tables of the contract, deterministic, atomic, every problem reported."""

from __future__ import annotations

import copy
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from build_fixture import ANNOTATIONS, write_project
from sahel_atlas.kb.build import Paths, build
from sahel_atlas.cli import main
from sahel_atlas.contract.problems import ProblemsError
from sahel_atlas.contract.schema import TABLES
from sahel_atlas.contract.validate import validate


def _mutated(path: tuple, value) -> dict:
    """The fixture annotations with one field replaced (path: file, index, key...)."""
    data = copy.deepcopy(ANNOTATIONS)
    target = data[path[0]]
    for key in path[1:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_build_writes_every_table_of_the_contract(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    build(Paths(root=root))
    for name, schema in TABLES.items():
        table = pq.read_table(root / "data" / f"{name}.parquet")
        assert table.schema.names == schema.names, name
    assert validate(root / "data") == []


def test_build_records_the_offsets_of_each_quote(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    tables = build(Paths(root=root))
    text = (root / "seeds" / "src.txt").read_text(encoding="utf-8")
    for row in tables["excerpts"].to_pylist():
        assert text[row["char_start"] : row["char_end"]] == row["text"]
    relation = tables["relations"].to_pylist()[0]
    assert relation["excerpt_ids"] == ["src:92-96"]  # the second "AQIM", as asked
    event = tables["events"].to_pylist()[0]
    assert (event["latitude"], event["longitude"], event["source_ids"]) == (20.2, 1.01, ["src"])


def test_build_is_deterministic(tmp_path: Path) -> None:
    first = write_project(tmp_path / "a")
    second = write_project(tmp_path / "b")
    build(Paths(root=first))
    build(Paths(root=second))
    for name in TABLES:
        a = (first / "data" / f"{name}.parquet").read_bytes()
        b = (second / "data" / f"{name}.parquet").read_bytes()
        assert a == b, name


BAD = [
    (("events", 0, "evidence"), [{"source": "src", "quote": "French forces shot"}], "quote not found verbatim"),
    (("actors", 0, "evidence"), [{"source": "src", "quote": "AQIM"}], "quote found 2 times"),
    (("actors", 0, "evidence"), [{"source": "src", "quote": "AQIM", "occurrence": 3}], "occurrence 3"),
    (("actors", 0, "evidence"), [{"source": "nope", "quote": "AQIM"}], "unknown source 'nope'"),
    (("actors", 0, "evidence"), [], "no evidence"),
    (("events", 0, "actors"), [{"id": "ghost", "role": "perpetrator"}], "unknown actor id 'ghost'"),
    (("events", 0, "location"), "atlantis", "unknown location id 'atlantis'"),
    (("events", 0, "date"), "2020-13-01", "bad date"),
    (("events", 0, "date"), "June 2020", "bad date"),
    (("events", 0, "date"), "1985", "outside 1990-2022"),
    (("events", 0, "type"), "Picnic", "type 'Picnic' is not one of"),
    (("events", 0, "status"), "disputed", "status disputed needs two claims"),
    (("locations", 0, "lat"), 95.0, "coordinates out of range: lat 95.0"),
    (("locations", 0, "lon"), "east", "coordinates out of range: lon 'east'"),
    (("actors", 1, "id"), "aqim", "duplicate id 'aqim'"),
    (("relations", 0, "predicate"), "likes", "predicate 'likes' is not one of"),
    (("actors", 0, "kind"), "club", "kind 'club' is not one of"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD, ids=[m for _, _, m in BAD])
def test_bad_annotation_fails_with_a_clear_message_and_leaves_data_untouched(
    tmp_path: Path, path: tuple, value, message: str
) -> None:
    root = write_project(tmp_path)
    build(Paths(root=root))
    before = {p.name: p.read_bytes() for p in (root / "data").glob("*.parquet")}
    write_project(root, _mutated(path, value))
    with pytest.raises(ProblemsError) as caught:
        build(Paths(root=root))
    text = str(caught.value)
    assert message in text
    assert f"data/annotations/{path[0]}.yaml" in text  # names the file
    after = {p.name: p.read_bytes() for p in (root / "data").glob("*.parquet")}
    assert after == before
    assert not list((root / "data").glob(".build-*")), "staging folder left behind"


def test_every_problem_is_reported_at_once(tmp_path: Path, capsys) -> None:
    data = _mutated(("events", 0, "location"), "atlantis")
    data["locations"][0]["lat"] = 123
    root = write_project(tmp_path, data)
    assert main(["build", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "2 problems" in err
    assert "unknown location id 'atlantis'" in err and "lat 123" in err
    assert "record #1 'droukdel-killed'" in err
    assert not (root / "data" / "events.parquet").exists()


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    (root / "data" / "annotations" / "events.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProblemsError, match=r"events\.yaml: not valid YAML"):
        build(Paths(root=root))
