"""Where the sources disagree: the pure logic behind the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_data import default_rows, excerpt_id, write_dataset
from sahel_atlas.store.dataset import load_dataset
from sahel_atlas.views.disagreements import EVENT_ASPECT, disagreements


@pytest.fixture(scope="module")
def ds(tiny_data: Path):
    return load_dataset(tiny_data)


def by_id(items):
    return {i.event_id: i for i in items}


def test_only_disputed_and_claimed_events_earliest_first(ds) -> None:
    items = disagreements(ds)
    expected = ds.events[ds.events["status"].isin(["disputed", "claimed"])]
    assert {i.event_id for i in items} == set(expected["event_id"])
    assert all(i.status in ("disputed", "claimed") for i in items)
    starts = [ds.events.set_index("event_id").loc[i.event_id, "date_start"] for i in items]
    assert starts == sorted(starts)


def test_the_droukdel_killing_has_its_competing_claims(ds) -> None:
    item = by_id(disagreements(ds))["droukdel-killed-2020"]
    assert item.status == "disputed" and item.date == "2020-06-03"
    assert [c.value for c in item.claims] == ["near Talhandak", "near Tessalit"]
    assert [a for a, _ in item.aspects] == ["location"]
    first = item.claims[0]
    assert first.source_title == "Sahel security brief, June 2020"
    assert first.publisher == "Example Monitor" and first.reliability == "B"
    assert [q.excerpt_id for q in first.quotes] == [excerpt_id("talhandak")]
    assert first.quotes[0].text == "near Talhandak, close to the Algerian border"
    assert first.quotes[0].source_id == "src-b"
    assert not item.unconfirmed
    assert item.summary().startswith("Disputed: the sources disagree on the location")


def test_claimed_event_without_claims_shows_its_evidence_as_unconfirmed(ds) -> None:
    item = by_id(disagreements(ds))["niamey-abduction-2011"]
    assert item.status == "claimed" and item.unconfirmed
    assert len(item.claims) == 1 and item.claims[0].derived
    assert item.claims[0].aspect == EVENT_ASPECT
    assert item.claims[0].quotes[0].excerpt_id == excerpt_id("niamey")
    assert "Unconfirmed" in item.summary()


def test_claimed_event_with_one_claim_is_unconfirmed(tmp_path: Path) -> None:
    rows = default_rows()
    rows["claims"].append(
        {"claim_id": "statement-2016-c1-src-c", "event_id": "statement-2016",
         "aspect": "identity", "value": "Droukdel is the speaker", "source_id": "src-c",
         "excerpt_ids": [excerpt_id("statement-2016")]}
    )
    ds = load_dataset(write_dataset(tmp_path, claims=rows["claims"]))
    item = by_id(disagreements(ds))["statement-2016"]
    assert item.unconfirmed and not item.claims[0].derived
    assert item.claims[0].value == "Droukdel is the speaker"
    assert item.claims[0].source_title == "Ménaka sous pression"
    assert item.claims[0].reliability == "C"


def test_claimed_event_with_two_claims_is_not_unconfirmed(tmp_path: Path) -> None:
    rows = default_rows()
    for n, source in ((1, "src-a"), (2, "src-b")):
        rows["claims"].append(
            {"claim_id": f"niamey-abduction-2011-c{n}", "event_id": "niamey-abduction-2011",
             "aspect": "perpetrator", "value": f"AQIM ({source})", "source_id": source,
             "excerpt_ids": [excerpt_id("niamey")]}
        )
    ds = load_dataset(write_dataset(tmp_path, claims=rows["claims"]))
    item = by_id(disagreements(ds))["niamey-abduction-2011"]
    assert not item.unconfirmed and len(item.claims) == 2
    assert item.summary().startswith("Claimed")


def test_filtered_events_limit_the_list(ds) -> None:
    events = ds.events[ds.events["event_id"].isin(["droukdel-killed-2020", "jnim-founded-2017"])]
    assert [i.event_id for i in disagreements(ds, events)] == ["droukdel-killed-2020"]
    assert disagreements(ds, ds.events.iloc[0:0]) == []


def test_without_a_claims_table(tmp_path: Path) -> None:
    ds = load_dataset(write_dataset(tmp_path, claims=[]))
    item = by_id(disagreements(ds))["droukdel-killed-2020"]
    # Disputed, no claim rows: the evidence by source (both excerpts are from src-b).
    assert [c.source_id for c in item.claims] == ["src-b"]
    assert len(item.claims[0].quotes) == 2 and item.claims[0].derived
