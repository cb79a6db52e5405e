"""Readable tables of the actors, places and relations that a set of events touches."""

from __future__ import annotations

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import date_label
from sahel_atlas.text.countries import country_name


def readable_actors(actors: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Actor ID": actors["actor_id"],
            "Name": actors["name"],
            "Kind": actors["kind"],
            "Family": actors["family"] if "family" in actors else None,
            "Aliases": actors["aliases"],
            "Summary": actors["summary"],
            "Excerpt IDs": actors["excerpt_ids"],
        }
    ).reset_index(drop=True)


def readable_locations(locations: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Location ID": locations["location_id"],
            "Name": locations["name"],
            "Country": locations["country_iso3"].map(country_name),
            "Latitude": locations["latitude"].astype("float64"),
            "Longitude": locations["longitude"].astype("float64"),
            "Precision": locations["precision"],
            "Excerpt IDs": locations["excerpt_ids"],
        }
    ).reset_index(drop=True)


def readable_relations(ds: Dataset, relations: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(ds.actors["actor_id"], ds.actors["name"]))
    precision = relations["date_precision"] if "date_precision" in relations else None
    dates = [
        date_label(s, e, p) if s is not None else "undated"
        for s, e, p in zip(
            relations["date_start"],
            relations["date_end"],
            precision if precision is not None else ["span"] * len(relations),
        )
    ]
    return pd.DataFrame(
        {
            "Relation ID": relations["relation_id"],
            "Subject": relations["subject_id"].map(names),
            "Relation": relations["predicate"].str.replace("_", " "),
            "Object": relations["object_id"].map(names),
            "When": dates,
            "Date start": relations["date_start"],
            "Date end": relations["date_end"],
            "Status": relations["status"] if "status" in relations else "confirmed",
            "Excerpt IDs": relations["excerpt_ids"],
        }
    ).reset_index(drop=True)
