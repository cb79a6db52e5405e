"""Facts of the committed dataset that a careful reading of the sources corrected (issue 9, item 4).

Each test pins one fix, so the error it corrected cannot quietly come back.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

import pandas as pd
import pytest

from fixture_data import default_rows
from sahel_atlas.store.dataset import PROJECT_ROOT, Dataset, load_dataset

DATA = PROJECT_ROOT / "data"
ACLED_TALHANDAK = (20.16, 1.64)  # where ACLED places the 3 June 2020 operation
# The two ends of Mali's border with Algeria (Natural Earth 1:50m, geo/): the Mauritanian and
# the Nigerien tripoints.
MALI_ALGERIA_BORDER_ENDS = ((24.996, -4.823), (19.143, 4.228))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(DATA)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _event(ds: Dataset, event_id: str) -> pd.Series:
    rows = ds.events[ds.events["event_id"] == event_id]
    assert len(rows) == 1, event_id
    return rows.iloc[0]


def _actors_in_role(ds: Dataset, event_id: str, role: str) -> set[str]:
    roles = ds.event_actors
    return set(roles[(roles["event_id"] == event_id) & (roles["role"] == role)]["actor_id"])


def _relation_ids(ds: Dataset) -> set[str]:
    return set(ds.relations["relation_id"])


def _summary(ds: Dataset, actor_id: str) -> str:
    return ds.actors.set_index("actor_id").loc[actor_id, "summary"]


def test_in_amenas_is_belmokhtars_network_not_al_mourabitoune(ds: Dataset) -> None:
    assert _actors_in_role(ds, "in-amenas-hostage-crisis-2013", "perpetrator") == {"belmokhtar-network"}
    assert "al-mourabitoune" not in _event(ds, "in-amenas-hostage-crisis-2013")["actor_ids"]


def test_an_alias_names_one_actor_only(ds: Dataset) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in ds.actors.itertuples():
        for alias in row.aliases:
            owners[alias.casefold()].add(row.actor_id)
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}
    malian = ds.actors.set_index("actor_id").loc["malian-army", "aliases"]
    assert "local armies" not in [a.casefold() for a in malian]


def test_isgs_fights_local_armies_not_the_malian_army(ds: Dataset) -> None:
    fought = ds.relations[(ds.relations["subject_id"] == "isgs") & (ds.relations["predicate"] == "fought")]
    assert "malian-army" not in set(fought["object_id"])
    assert "local-armies" in set(fought["object_id"])


def test_isgs_is_tied_to_the_islamic_state_from_2020(ds: Dataset) -> None:
    row = ds.relations.set_index("relation_id").loc["isgs-part-of-is"]
    assert row["date_start"].year == 2020 and row["date_end"].year == 2022


def test_the_caliphs_death_is_not_a_disagreement(ds: Dataset) -> None:
    death = _event(ds, "is-caliph-death-2022")
    assert death["status"] == "confirmed"
    assert (death["date_start"], death["date_end"]) == (dt.date(2022, 10, 1), dt.date(2022, 10, 31))
    assert ds.claims[ds.claims["event_id"] == "is-caliph-death-2022"].empty
    assert _event(ds, "is-africa-pledges-2022")["date_start"] == dt.date(2022, 11, 30)
    reason = ds.sources.set_index("source_id").loc["004_167fb66774c1e724", "reliability_reason"]
    assert "contradicts itself" not in reason


def test_benghazi_has_no_date_of_its_own_only_before_derna(ds: Dataset) -> None:
    benghazi, derna = _event(ds, "aq-benghazi-extinction-2018"), _event(ds, "aq-derna-extinction-2018")
    assert benghazi["date_precision"] == "span" and benghazi["date_start"].year < 2018
    assert benghazi["date_end"] <= derna["date_end"]
    lna = ds.relations.set_index("relation_id").loc["lna-fought-al-qaeda"]
    assert (lna["date_start"], lna["date_end"]) == (derna["date_start"], derna["date_end"])
    for actor_id in ("khalifa-haftar", "lna"):
        assert "undated" in _summary(ds, actor_id), actor_id


def test_talhandak_lies_where_acled_places_the_operation(ds: Dataset) -> None:
    places = ds.locations.set_index("location_id")
    talhandak, tessalit = places.loc["talhandak"], places.loc["tessalit"]
    assert _km(talhandak["latitude"], talhandak["longitude"], *ACLED_TALHANDAK) < 10
    assert talhandak["longitude"] > tessalit["longitude"], "Talhandak lies east of Tessalit"


def test_the_test_fixture_puts_talhandak_where_the_dataset_does() -> None:
    talhandak = next(p for p in default_rows()["locations"] if p["location_id"] == "talhandak")
    assert _km(talhandak["latitude"], talhandak["longitude"], *ACLED_TALHANDAK) < 10


def test_the_annotation_guide_example_puts_talhandak_east_of_tessalit() -> None:
    guide = (PROJECT_ROOT / "docs" / "annotations.md").read_text(encoding="utf-8")
    block = guide[guide.index("- id: talhandak") :]
    lat = float(re.search(r"lat: ([-\d.]+)", block).group(1))
    lon = float(re.search(r"lon: ([-\d.]+)", block).group(1))
    assert _km(lat, lon, *ACLED_TALHANDAK) < 10


@pytest.mark.parametrize(
    "event_id",
    [
        "abou-zeid-killed-2013",
        "belmokhtar-killing-claimed-2013",
        "hollande-confirms-abou-zeid-death-2013",  # 003 does not say where Hollande spoke
        "hollande-withdrawal-announcement-2013",
    ],
)
def test_no_place_where_the_text_gives_none(ds: Dataset, event_id: str) -> None:
    assert pd.isna(_event(ds, event_id)["location_id"])


def test_every_quote_citing_a_place_names_it(ds: Dataset) -> None:
    texts = ds.excerpts.set_index("excerpt_id")["text"].str.casefold()
    unnamed = [
        (place.location_id, texts[x])
        for place in ds.locations.itertuples()
        for x in place.excerpt_ids
        if not any(n.casefold() in texts[x] for n in [place.name, *place.aliases])
    ]
    assert unnamed == []  # e.g. France cited by "bring another 1,000 home by year's end"


def test_an_alias_with_a_comma_is_one_alias(ds: Dataset) -> None:
    # An unquoted YAML flow list splits "border regions of Niger, Mali and Burkina Faso" in two.
    aliases = ds.locations.set_index("location_id").loc["three-borders", "aliases"]
    assert "border regions of Niger, Mali and Burkina Faso" in aliases
    assert "Mali and Burkina Faso" not in aliases


def test_the_retreat_goes_only_as_far_as_the_text_says(ds: Dataset) -> None:
    retreat = _event(ds, "jihadists-retreat-algerian-border-2013")
    place = ds.locations.set_index("location_id").loc[retreat["location_id"]]
    quotes = ds.excerpts[ds.excerpts["excerpt_id"].isin(place["excerpt_ids"])]["text"]
    assert place["precision"] == "region"
    assert [q for q in quotes if "mountainous border with Algeria" not in q] == []
    # The text names no stretch of the border, so the region reaches both of its ends.
    for end in MALI_ALGERIA_BORDER_ENDS:
        assert _km(place["latitude"], place["longitude"], *end) <= place["radius_km"]


def test_the_ifoghas_are_cited_only_where_a_source_names_them(ds: Dataset) -> None:
    ifoghas = ds.locations.set_index("location_id").loc["ifoghas"]
    quotes = ds.excerpts[ds.excerpts["excerpt_id"].isin(ifoghas["excerpt_ids"])]["text"]
    assert [q for q in quotes if "Ifoghas" not in q] == []
    assert "mountainous border with Algeria" not in ifoghas["aliases"]
    assert ds.events[ds.events["location_id"] == "ifoghas"].empty


def test_chad_is_not_a_participant_the_text_does_not_name(ds: Dataset) -> None:
    actors = set(_event(ds, "french-intervention-2013")["actor_ids"])
    assert {"chad", "chadian-army"} & actors == set()
    assert "regional-partner-forces" in actors  # 003's "Franco-African"


def test_okachas_death_rests_on_an_implied_sentence(ds: Dataset) -> None:
    okacha = _event(ds, "okacha-killed")
    assert okacha["status"] == "claimed" and pd.isna(okacha["fatalities"])
    abou_zeid = ds.claims[ds.claims["event_id"] == "abou-zeid-killed-2013"]
    assert "French forces (implied)" in set(abou_zeid["value"])


def test_a_relation_resting_on_a_disputed_killing_is_disputed(ds: Dataset) -> None:
    assert _event(ds, "abou-zeid-killed-2013")["status"] == "disputed"
    assert ds.relations.set_index("relation_id").loc["chadian-army-fought-aqim", "status"] == "disputed"


@pytest.mark.parametrize(
    ("event_id", "precision"),
    [("barkhane-target-list-2020", "span"), ("french-intervention-2013", "year")],
)
def test_an_inferred_month_or_year_is_not_given_as_a_month(
    ds: Dataset, event_id: str, precision: str
) -> None:
    assert _event(ds, event_id)["date_precision"] == precision


def test_the_timbuktu_emirs_have_no_inferred_perpetrator(ds: Dataset) -> None:
    assert _actors_in_role(ds, "timbuktu-emirs-neutralized", "perpetrator") == set()


def test_the_31_march_timbuktu_assault_is_one_event(ds: Dataset) -> None:
    in_timbuktu = ds.events[ds.events["location_id"] == "timbuktu"]
    march = in_timbuktu[in_timbuktu["date_start"].map(lambda d: (d.year, d.month) == (2013, 3))]
    assert list(march["event_id"]) == ["timbuktu-attack-2013"]


@pytest.mark.parametrize("event_id", ["aqim-cadres-killed-2017", "abou-zeid-killed-2013"])
def test_named_victims_are_not_a_count(ds: Dataset, event_id: str) -> None:
    assert pd.isna(_event(ds, event_id)["fatalities"])


@pytest.mark.parametrize("relation_id", ["mali-fought-jnim", "isgs-fought-malian-army"])
def test_relations_the_text_does_not_state_are_gone(ds: Dataset, relation_id: str) -> None:
    assert relation_id not in _relation_ids(ds)


def test_droukdel_founded_jnim_is_dated_by_the_source_that_gives_the_month(ds: Dataset) -> None:
    founded = ds.relations.set_index("relation_id").loc["droukdel-founded-jnim"]
    quoted = set(ds.excerpts[ds.excerpts["excerpt_id"].isin(founded["excerpt_ids"])]["source_id"])
    assert founded["date_start"] == dt.date(2017, 3, 1)
    assert "001_993296d95b73e933" in quoted, "March 2017 comes from 001"


def test_summaries_keep_what_the_data_marks_disputed_or_apart(ds: Dataset) -> None:
    assert "disputed" in _summary(ds, "abdelhamid-abou-zeid")
    assert "killed by Chadian soldiers" not in _summary(ds, "abdelhamid-abou-zeid")
    assert "(al-Mourabitoune)" not in _summary(ds, "mokhtar-belmokhtar")
    assert "calls Belmokhtar's group al-Mourabitoune." not in _summary(ds, "belmokhtar-network")


@pytest.mark.parametrize("phrase", ["civil war", "Pau summit", "recapture"])
def test_no_background_knowledge_in_summaries_or_descriptions(ds: Dataset, phrase: str) -> None:
    texts = list(ds.actors["summary"]) + list(ds.events["description"])
    assert [t for t in texts if phrase in t] == []


def test_the_readme_says_build_problems_name_the_field() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `sahel-atlas build"))
    assert "file, record, field and reason" in row
