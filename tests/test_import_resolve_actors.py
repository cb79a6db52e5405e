"""Resolving imported actor names against the curated actors: certain matches, never look-alikes."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sahel_atlas.importers.resolve_actors import ActorIndex, CuratedActor, index_of

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return index_of(pq.read_table(DATA / "actors.parquet").to_pylist(),
                    pq.read_table(DATA / "relations.parquet").to_pylist())


@pytest.mark.parametrize(("name", "actor_id", "method"), [
    ("AQIM", "aqim", "alias"),
    ("JNIM", "jnim", "alias"),
    ("al-qaida in the islamic maghreb", "aqim", "alias"),
    ("Al-Qaeda in the Islamic Maghreb", "aqim", "exact"),
    ("  ansar   dine ", "ansar-dine", "exact"),
    ("Menaka", None, "new"),  # a place, not an actor
    ("JNIM: Group for Support of Islam and Muslims", "jnim", "rule"),
    ("AQIM: Al Qaeda in the Islamic Maghreb", "aqim", "rule"),
    ("ISGS: Islamic State in the Greater Sahara", "isgs", "rule"),
    ("Military Forces of Mali (2013-2020)", "malian-army", "rule"),
    ("Military Forces of Mali (2021-)", "malian-army", "rule"),
    ("Military Forces of Mali", "malian-army", "rule"),
    ("Military Forces of France (2017-2022)", "french-forces", "rule"),
    ("Government of Mali", "mali", "rule"),
    ("Government of France", "france", "rule"),
    ("Government of Chad (1990-2021)", "chad", "rule"),
])
def test_certain_matches(index: ActorIndex, name: str, actor_id: str | None, method: str) -> None:
    match = index.resolve(name)
    assert (match.actor_id, match.method) == (actor_id, method)
    assert match.detail


@pytest.mark.parametrize(("name", "must_not"), [
    ("Ansaroul Islam", "ansar-dine"),
    ("Katiba Serma", "katiba-macina"),
    ("Islamic State (West Africa)", "isgs"),
    ("Islamic State West Africa Province (Lake Chad Faction)", "isgs"),
    ("Civilians (Mali)", "mali"),
    ("Military Forces of Nigeria (2015-2023)", "niger"),
    ("Military Forces of Niger (2021-2023)", "malian-army"),
    ("Government of Nigeria", "niger"),
    ("Police Forces of Mali (2021-)", "malian-army"),  # the army is not the police
    ("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", "jnim"),
    ("AQIM: Islamic State in the Greater Sahara", "aqim"),  # acronym and name disagree
])
def test_look_alikes_never_merge(index: ActorIndex, name: str, must_not: str) -> None:
    match = index.resolve(name)
    assert match.actor_id is None and match.method == "new"


@pytest.mark.parametrize(("name", "candidate"), [
    ("Katiba Serma", "katiba-macina"),
    ("Police Forces of Mali (2021-)", "malian-army"),
    ("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", "jnim"),
    ("AQIM: Islamic State in the Greater Sahara", "isgs"),
])
def test_unresolved_names_list_candidates(index: ActorIndex, name: str, candidate: str) -> None:
    match = index.resolve(name)
    assert candidate in match.candidates and candidate in match.detail


def test_an_and_or_name_lists_both_actors(index: ActorIndex) -> None:
    match = index.resolve("JNIM: Group for Support of Islam and Muslims and/or ISGS")
    assert match.candidates == ("jnim", "isgs")
    assert "and/or" in match.detail


@pytest.mark.parametrize(("forces", "expected"), [(["army"], "army"), (["army", "guard"], None)])
def test_a_country_force_resolves_only_when_it_is_the_only_one(forces: list[str], expected) -> None:
    actors = [CuratedActor("mali", "Mali", "state")] + [
        CuratedActor(f, f.title(), "force") for f in forces]
    index = ActorIndex(actors, [(f, "mali") for f in forces])
    match = index.resolve("Military Forces of Mali (2013-2020)")
    assert match.actor_id == expected
    assert expected or set(match.candidates) == set(forces)


def test_a_name_two_curated_actors_share_is_a_candidate() -> None:
    index = ActorIndex([CuratedActor("a", "A", "group", ("Tuareg",)),
                        CuratedActor("b", "B", "group", ("Tuareg",))])
    match = index.resolve("tuareg")
    assert match.actor_id is None and match.candidates == ("a", "b")


def test_the_parts_of_an_and_or_name_use_the_analysts_decisions(index: ActorIndex) -> None:
    name = "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"
    by_hand = {"Islamic State (Greater Sahara)": "isgs"}.get
    match = index.resolve(name, by_hand)
    assert match.actor_id is None and match.candidates == ("jnim", "isgs")
