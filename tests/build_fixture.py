"""A tiny project (seeds and annotations) that `sahel-atlas build` accepts, for build tests."""

from __future__ import annotations

from pathlib import Path

import yaml

TEXT = (
    "On June 3, French forces killed Abdelmalek Droukdel near Tessalit.\n"
    "AQIM confirmed it later. AQIM is al-Qaeda's branch in the Maghreb.\n"
)

ANNOTATIONS: dict[str, list[dict]] = {
    "actors": [
        {
            "id": "aqim",
            "name": "Al-Qaeda in the Islamic Maghreb",
            "kind": "group",
            "family": "al-qaeda",
            "aliases": ["AQIM"],
            "summary": "Al-Qaeda's branch in the Maghreb.",
            "evidence": [{"source": "src", "quote": "AQIM is al-Qaeda's branch in the Maghreb"}],
        },
        {
            "id": "droukdel",
            "name": "Abdelmalek Droukdel",
            "kind": "person",
            "family": "al-qaeda",
            "evidence": [{"source": "src", "quote": "Abdelmalek Droukdel"}],
        },
        {
            "id": "france",
            "name": "France",
            "kind": "state",
            "family": "state-forces",
            "evidence": [{"source": "src", "quote": "French forces"}],
        },
    ],
    "locations": [
        {
            "id": "tessalit",
            "name": "Tessalit",
            "country": "MLI",
            "lat": 20.2,
            "lon": 1.01,
            "precision": "area",
            "radius_km": 25,
            "evidence": [{"source": "src", "quote": "near Tessalit"}],
        }
    ],
    "events": [
        {
            "id": "droukdel-killed",
            "title": "Droukdel killed",
            "type": "Targeted killing",
            "date": "2020-06-03",
            "location": "tessalit",
            "status": "confirmed",
            "actors": [{"id": "france", "role": "perpetrator"}, {"id": "droukdel", "role": "victim"}],
            "evidence": [{"source": "src", "quote": "French forces killed Abdelmalek Droukdel"}],
        }
    ],
    "relations": [
        {
            "subject": "droukdel",
            "predicate": "leads",
            "object": "aqim",
            "date": "2004..2020-06-03",
            "evidence": [{"source": "src", "quote": "AQIM", "occurrence": 2}],
        }
    ],
}

SOURCES = [
    {
        "id": "src",
        "title": "A test report",
        "publisher": "Test wire",
        "published": "2020-06",
        "reliability": "B",
    }
]


def write_project(root: Path, annotations: dict[str, list[dict]] | None = None) -> Path:
    """Write seeds/ and data/annotations/ under `root`; returns `root`."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "data" / "annotations").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / "src.txt").write_text(TEXT, encoding="utf-8")
    (root / "seeds" / "sources.yaml").write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    for name, records in (annotations or ANNOTATIONS).items():
        path = root / "data" / "annotations" / f"{name}.yaml"
        path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return root
