"""A tiny, valid, deterministic dataset in the full data contract, for tests and AppTests.

    from fixture_data import write_dataset          # tests/ is on sys.path under pytest
    path = write_dataset(tmp_path)                      # the default dataset
    monkeypatch.setenv("SAHEL_ATLAS_DATA", str(path))   # for code that loads the default

`write_dataset(directory, events=[...])` replaces one table's rows (a list of row dicts with
missing columns left null, or a `pyarrow.Table`); `default_rows()` gives the rows to start from.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sahel_atlas.contract.schema import SUB_EVENT_TYPES, TABLES

D = dt.date

SOURCE_TEXTS: dict[str, str] = {
    "src-a": (
        "Jihadist groups in northern Mali: a chronology\n\n"
        "Al-Qaeda in the Islamic Maghreb (AQIM) kept a base in the Talhandak area from 2010 "
        "to 2014.\n"
        "In January 2011 two hostages were abducted in Niamey and AQIM later claimed the "
        "kidnapping.\n"
        "In April 2012 the rebels and AQIM took control of Timbuktu, led by Iyad Ag Ghaly.\n"
        "On 28 January 2013 French and Malian troops retook Timbuktu.\n"
        "On 2 March 2017 Iyad Ag Ghaly announced the Support Group for Islam and Muslims "
        "(JNIM), merging AQIM's Sahel branch with allied groups.\n"
        "Abdelmalek Droukdel led AQIM from 2004 until his death.\n"
    ),
    "src-b": (
        "Sahel security brief, June 2020\n\n"
        "French forces said they killed Abdelmalek Droukdel on 3 June 2020 near Talhandak, "
        "close to the Algerian border.\n"
        "Other sources placed the strike near Tessalit.\n"
        "Throughout 2019 the Islamic State in the Greater Sahara (EIGS) ambushed soldiers in "
        "the Tillabéri region, including an ambush near Inatès.\n"
        "In March 2020 the ISGS and JNIM fought each other for the first time.\n"
        "Barkhane has fought the ISGS since 2018.\n"
    ),
    "src-c": (
        "Ménaka sous pression\n\n"
        "Au premier semestre 2018, l'EIGS a multiplié les attaques contre les civils autour "
        "de Ménaka.\n"
        "Le bilan de ces attaques reste contesté.\n"
        "En 2016, Droukdel a diffusé une déclaration menaçant la France.\n"
        "La rivalité entre l'EIGS et le JNIM s'est durcie en 2019.\n"
    ),
}

# Short names for the quotes that records cite; ids are built as the real build does.
QUOTES: dict[str, tuple[str, str]] = {
    "aqim-base": ("src-a", "kept a base in the Talhandak area from 2010 to 2014"),
    "aqim-name": ("src-a", "Al-Qaeda in the Islamic Maghreb (AQIM)"),
    "niamey": ("src-a", "two hostages were abducted in Niamey and AQIM later claimed"),
    "timbuktu-2012": ("src-a", "the rebels and AQIM took control of Timbuktu, led by Iyad Ag Ghaly"),
    "timbuktu-2013": ("src-a", "On 28 January 2013 French and Malian troops retook Timbuktu"),
    "jnim-founded": ("src-a", "Iyad Ag Ghaly announced the Support Group for Islam and Muslims (JNIM)"),
    "droukdel-leads": ("src-a", "Abdelmalek Droukdel led AQIM from 2004 until his death"),
    "droukdel-killed": ("src-b", "French forces said they killed Abdelmalek Droukdel on 3 June 2020 near Talhandak"),
    "tessalit": ("src-b", "placed the strike near Tessalit"),
    "talhandak": ("src-b", "near Talhandak, close to the Algerian border"),
    "inates": ("src-b", "ambushed soldiers in the Tillabéri region, including an ambush near Inatès"),
    "isgs-name": ("src-b", "Islamic State in the Greater Sahara (EIGS)"),
    "clash-2020": ("src-b", "In March 2020 the ISGS and JNIM fought each other for the first time"),
    "barkhane": ("src-b", "Barkhane has fought the ISGS since 2018"),
    "niamey-place": ("src-a", "Niamey"),
    "menaka-2018": ("src-c", "l'EIGS a multiplié les attaques contre les civils autour de Ménaka"),
    "menaka-contested": ("src-c", "Le bilan de ces attaques reste contesté"),
    "statement-2016": ("src-c", "En 2016, Droukdel a diffusé une déclaration menaçant la France"),
    "rivalry": ("src-c", "La rivalité entre l'EIGS et le JNIM s'est durcie en 2019"),
}


def excerpt_id(key: str) -> str:
    source, quote = QUOTES[key]
    start = SOURCE_TEXTS[source].index(quote)
    return f"{source}:{start}-{start + len(quote)}"


def _x(*keys: str) -> list[str]:
    return [excerpt_id(k) for k in keys]


def _sources_of(excerpt_ids: list[str]) -> list[str]:
    return sorted({e.split(":")[0] for e in excerpt_ids})


def _event(
    event_id: str,
    title: str,
    sub_type: str,
    start: dt.date,
    end: dt.date,
    precision: str,
    location: str | None,
    actors: list[tuple[str, str]],
    status: str,
    description: str,
    quotes: list[str],
    fatalities: int | None = None,
) -> dict[str, Any]:
    excerpts = _x(*quotes)
    place = {loc["location_id"]: loc for loc in _locations()}.get(location or "")
    return {
        "event_id": event_id,
        "title": title,
        "event_type": SUB_EVENT_TYPES[sub_type],
        "sub_event_type": sub_type,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "location_id": location,
        "latitude": place["latitude"] if place else None,
        "longitude": place["longitude"] if place else None,
        "actor_ids": [a for a, _ in actors],
        "roles": actors,  # popped into event_actors
        "status": status,
        "description": description,
        "fatalities": fatalities,
        "source_ids": _sources_of(excerpts),
        "excerpt_ids": excerpts,
    }


def _sources() -> list[dict[str, Any]]:
    meta = {
        "src-a": ("Jihadist groups in northern Mali: a chronology of two decades", "Example Review",
                  D(2020, 9, 1), "en", "report", "B"),
        "src-b": ("Sahel security brief, June 2020", "Example Monitor", D(2020, 6, 30), "en",
                  "brief", "B"),
        "src-c": ("Ménaka sous pression", "Exemple Presse", D(2019, 5, 1), "fr", "article", "C"),
    }
    rows = []
    for source_id, (title, publisher, published, language, kind, grade) in meta.items():
        raw = SOURCE_TEXTS[source_id].encode("utf-8")
        rows.append(
            {
                "source_id": source_id,
                "title": title,
                "publisher": publisher,
                "author": None,
                "published": published,
                "published_precision": "day",
                "published_note": None,
                "language": language,
                "machine_translated": False,
                "kind": kind,
                "reliability": grade,
                "reliability_reason": "Test fixture.",
                "path": f"texts/{source_id}.txt",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "chars": len(SOURCE_TEXTS[source_id]),
            }
        )
    return rows


def _actors() -> list[dict[str, Any]]:
    def actor(actor_id, name, kind, family, aliases, quotes):
        return {
            "actor_id": actor_id,
            "name": name,
            "kind": kind,
            "family": family,
            "aliases": aliases,
            "summary": f"{name} (test fixture).",
            "excerpt_ids": _x(*quotes),
        }

    return [
        actor("aqim", "Al-Qaeda in the Islamic Maghreb", "group", "al-qaeda",
              ["AQIM", "Aqim", "AQMI", "Al-Qaida au Maghreb islamique"], ["aqim-name"]),
        actor("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", "group", "al-qaeda",
              ["JNIM", "GSIM", "Support Group for Islam and Muslims"], ["jnim-founded"]),
        actor("isgs", "Islamic State in the Greater Sahara", "group", "islamic-state",
              ["ISGS", "EIGS", "Daech"], ["isgs-name"]),
        actor("abdelmalek-droukdel", "Abdelmalek Droukdel", "person", "al-qaeda",
              ["Abu Musab Abdel Wadoud", "Droukdel"], ["droukdel-leads"]),
        actor("iyad-ag-ghaly", "Iyad Ag Ghaly", "person", "al-qaeda", [], ["jnim-founded"]),
        actor("barkhane", "Operation Barkhane", "force", "state-forces",
              ["Barkhane", "French forces"], ["barkhane"]),
        actor("fama", "Malian Armed Forces", "force", "state-forces", ["FAMa"], ["timbuktu-2013"]),
    ]


def _locations() -> list[dict[str, Any]]:
    def place(location_id, name, iso3, lat, lon, precision, radius, aliases, quotes):
        return {
            "location_id": location_id,
            "name": name,
            "country_iso3": iso3,
            "latitude": lat,
            "longitude": lon,
            "precision": precision,
            "radius_km": radius,
            "aliases": aliases,
            "excerpt_ids": _x(*quotes),
        }

    return [
        place("timbuktu", "Timbuktu", "MLI", 16.77, -3.0, "point", None, ["Tombouctou"],
              ["timbuktu-2013"]),
        place("menaka", "Ménaka", "MLI", 15.92, 2.4, "point", None, ["Menaka"], ["menaka-2018"]),
        place("talhandak", "Talhandak", "MLI", 20.16, 1.64, "area", 40.0, [], ["talhandak"]),
        place("tillaberi", "Tillabéri region", "NER", 14.2, 1.45, "region", 150.0, ["Tillabéri"],
              ["inates"]),
        place("niamey", "Niamey", "NER", 13.51, 2.11, "point", None, [], ["niamey-place"]),
    ]


def _events() -> list[dict[str, Any]]:
    return [
        _event("aqim-base-talhandak", "AQIM base in the Talhandak area",
               "Headquarters or base established", D(2010, 1, 1), D(2014, 12, 31), "span",
               "talhandak", [("aqim", "participant")], "confirmed",
               "AQIM kept a base near the Algerian border for several years.", ["aqim-base"]),
        _event("niamey-abduction-2011", "Two foreigners abducted in Niamey",
               "Abduction/forced disappearance", D(2011, 1, 7), D(2011, 1, 7), "day", "niamey",
               [("aqim", "perpetrator")], "claimed",
               "Two hostages were taken from a restaurant; AQIM claimed the kidnapping.",
               ["niamey"]),
        _event("timbuktu-taken-2012", "Timbuktu falls to AQIM and its allies",
               "Non-state actor overtakes territory", D(2012, 4, 1), D(2012, 4, 30), "month",
               "timbuktu", [("aqim", "perpetrator"), ("iyad-ag-ghaly", "leader")], "confirmed",
               "Armed groups took control of the city.", ["timbuktu-2012"]),
        _event("timbuktu-retaken-2013", "French and Malian troops retake Timbuktu",
               "Government regains territory", D(2013, 1, 28), D(2013, 1, 28), "day",
               "timbuktu", [("barkhane", "perpetrator"), ("fama", "perpetrator")], "confirmed",
               "Government forces returned to the city.", ["timbuktu-2013"]),
        _event("statement-2016", "Droukdel threatens France", "Statement", D(2016, 1, 1),
               D(2016, 12, 31), "year", None,
               [("abdelmalek-droukdel", "announcer"), ("aqim", "subject")], "claimed",
               "A recorded statement attributed to the AQIM leader.", ["statement-2016"]),
        _event("jnim-founded-2017", "JNIM founded", "Group founded", D(2017, 3, 2),
               D(2017, 3, 2), "day", None,
               [("jnim", "subject"), ("iyad-ag-ghaly", "announcer"), ("aqim", "participant")],
               "confirmed", "=Several groups merged under one name.", ["jnim-founded"]),
        _event("menaka-attacks-2018", "Attacks on civilians around Ménaka", "Attack",
               D(2018, 1, 1), D(2018, 6, 30), "span", "menaka", [("isgs", "perpetrator")],
               "disputed", "A wave of attacks whose toll is contested.",
               ["menaka-2018", "menaka-contested"], fatalities=None),
        _event("tillaberi-ambushes-2019", "Ambushes in western Niger", "Armed clash",
               D(2019, 1, 1), D(2019, 12, 31), "year", "tillaberi",
               [("isgs", "perpetrator"), ("barkhane", "target")], "claimed",
               "Repeated ambushes on soldiers.", ["inates"]),
        _event("isgs-jnim-clash-2020", "First clashes between ISGS and JNIM", "Armed clash",
               D(2020, 3, 1), D(2020, 3, 31), "month", "menaka",
               [("isgs", "participant"), ("jnim", "participant")], "confirmed",
               "The two groups fought each other.", ["clash-2020"]),
        _event("droukdel-killed-2020", "Abdelmalek Droukdel killed by French forces",
               "Targeted killing", D(2020, 6, 3), D(2020, 6, 3), "day", "talhandak",
               [("barkhane", "perpetrator"), ("abdelmalek-droukdel", "victim")], "disputed",
               "The AQIM leader was killed in a raid.", ["droukdel-killed", "tessalit"],
               fatalities=4),
    ]


def _relations() -> list[dict[str, Any]]:
    def rel(rid, subject, predicate, obj, start, end, precision, quotes):
        return {
            "relation_id": rid,
            "subject_id": subject,
            "predicate": predicate,
            "object_id": obj,
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "status": "confirmed",
            "note": None,
            "excerpt_ids": _x(*quotes),
        }

    return [
        rel("droukdel-leads-aqim", "abdelmalek-droukdel", "leads", "aqim", D(2004, 1, 1),
            D(2020, 6, 3), "span", ["droukdel-leads"]),
        rel("iyad-leads-jnim", "iyad-ag-ghaly", "leads", "jnim", D(2017, 3, 2), None, "day",
            ["jnim-founded"]),
        rel("isgs-rival-jnim", "isgs", "rival_of", "jnim", D(2019, 1, 1), D(2020, 12, 31),
            "span", ["rivalry"]),
        rel("barkhane-fought-isgs", "barkhane", "fought", "isgs", D(2018, 1, 1), None, "year",
            ["barkhane"]),
    ]


def default_rows() -> dict[str, list[dict[str, Any]]]:
    """Every table's rows as dicts (a fresh copy, safe to modify)."""
    events = _events()
    event_actors = [
        {"event_id": e["event_id"], "actor_id": a, "role": role}
        for e in events
        for a, role in e.pop("roles")
    ]
    claims = [
        {"claim_id": "droukdel-killed-2020-c1", "event_id": "droukdel-killed-2020",
         "aspect": "location", "value": "near Talhandak", "source_id": "src-b",
         "excerpt_ids": _x("talhandak")},
        {"claim_id": "droukdel-killed-2020-c2", "event_id": "droukdel-killed-2020",
         "aspect": "location", "value": "near Tessalit", "source_id": "src-b",
         "excerpt_ids": _x("tessalit")},
    ]
    excerpts = []
    for key, (source, quote) in QUOTES.items():
        start = SOURCE_TEXTS[source].index(quote)
        excerpts.append(
            {"excerpt_id": excerpt_id(key), "source_id": source, "char_start": start,
             "char_end": start + len(quote), "text": quote}
        )
    rows = {
        "sources": _sources(),
        "actors": _actors(),
        "locations": _locations(),
        "events": events,
        "event_actors": event_actors,
        "claims": claims,
        "relations": _relations(),
        "excerpts": excerpts,
        "crosswalk": [],  # the curated fixture: no import has named anything
    }
    assert set(rows) == set(TABLES)
    return copy.deepcopy(rows)


def write_dataset(directory: Path, **overrides: list[dict[str, Any]] | pa.Table) -> Path:
    """Write the fixture dataset (Parquet tables plus `texts/`) into `directory`; return it."""
    directory = Path(directory)
    unknown = set(overrides) - set(TABLES)
    if unknown:
        raise TypeError(f"write_dataset: no such table(s) {sorted(unknown)}")
    (directory / "texts").mkdir(parents=True, exist_ok=True)
    for source_id, text in SOURCE_TEXTS.items():
        (directory / "texts" / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
    rows = default_rows()
    for name, schema in TABLES.items():
        given = overrides.get(name, rows[name])
        table = given if isinstance(given, pa.Table) else pa.Table.from_pylist(given, schema=schema)
        pq.write_table(table, directory / f"{name}.parquet")
    return directory
