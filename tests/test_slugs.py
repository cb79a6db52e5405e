"""One slug rule: Python's `text.names.slug` and the importers' SQL give the same ids."""

from __future__ import annotations

import duckdb
import pytest

from sahel_atlas.importers.assemble import lit
from sahel_atlas.importers.assemble import slug as sql_slug
from sahel_atlas.text.names import slug

TRICKY = [
    "Ménaka", "Côte d'Ivoire", "N’Djamena", "  --Katiba Macina--  ", "JNIM/AQIM",
    "Jama'at Nusrat al-Islam wal-Muslimin", "ÉTAT ISLAMIQUE AU GRAND SAHARA", "İslam",
    "Straße", "Øresund", "ﬁrst ½", "Ağ Ghaly", "北京", "", "!!!",
    "Ansar al-Din — Ansar Eddine, Ansar Dine (Mali) and the rest of them",  # cut at 50
]


def _sql(text: str, fallback: str) -> str:
    """The importers' SQL slug of `text`, run in DuckDB."""
    literal = "'" + lit(text) + "'"
    return duckdb.connect().execute(f"SELECT {sql_slug(literal, fallback)}").fetchone()[0]


@pytest.mark.parametrize("text", TRICKY)
def test_sql_and_python_slugs_agree(text: str) -> None:
    assert _sql(text, "actor") == (slug(text)[:50].rstrip("-") or "actor")


@pytest.mark.parametrize(("text", "expected"), [
    ("N’Djamena", "n-djamena"),  # a typographic apostrophe separates like a straight one
    ("Straße", "stra-e"),  # what DuckDB does: no letter is made up
    ("北京", "place"),
    ("Ansar Dine (Mali)", "ansar-dine-mali"),
])
def test_non_letters_separate_words_and_no_word_gives_the_fallback(text: str, expected: str) -> None:
    assert slug(text, "place") == expected
