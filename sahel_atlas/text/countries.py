"""Countries: an ISO3 code's name, and names and numeric codes as exports write them to ISO3.

ACLED's current exports carry the ISO numeric code (`iso`), older ones `iso3`, the 2016 one the
Gleditsch-Ward number (`gwno`); UCDP GED carries Gleditsch-Ward (`country_id`). All of it comes
from country_converter's table, which knows every country and the spellings of both exports
("Myanmar (Burma)", "Cambodia (Kampuchea)", "Democratic Republic of Congo"), and the short
English names the app shows ("Mali", "Côte d'Ivoire").
"""

from __future__ import annotations

import logging
from functools import cache

import country_converter as coco
import pandas as pd
from country_converter.country_converter import COUNTRY_DATA_FILE


@cache
def _table() -> pd.DataFrame:
    """country_converter's table of today's countries (as its converter keeps by default)."""
    # Read the table ourselves: coco's own reader turns Namibia's ISO2 "NA" into a missing
    # value under pandas 3 and then fails.
    data = pd.read_csv(COUNTRY_DATA_FILE, sep="\t", dtype=str, keep_default_na=False).replace("", None)
    return data[data["obsolete"].isna()]


@cache
def _converter() -> coco.CountryConverter:
    # Built only to read names: compiling its regular expressions takes most of a second.
    logging.getLogger("country_converter").setLevel(logging.ERROR)  # "not found" is ours to report
    return coco.CountryConverter(country_data=_table())


@cache
def _names() -> dict[str, str]:
    data = _table()[["ISO3", "name_short"]].dropna()
    return dict(zip(data["ISO3"], data["name_short"]))


def country_name(iso3: str) -> str:
    """The country's short English name ('MLI' -> 'Mali'), else its code."""
    return _names().get(iso3, iso3)


def _codes(column: str) -> dict[str, str]:
    data = _table()[[column, "ISO3"]].dropna()
    return {str(code).removesuffix(".0"): iso3 for code, iso3 in zip(data[column], data["ISO3"])}


@cache
def by_numeric() -> dict[str, str]:
    """ISO 3166 numeric code ('466') -> ISO3."""
    return _codes("ISOnumeric")


@cache
def by_gwno() -> dict[str, str]:
    """Gleditsch-Ward number ('432') -> ISO3."""
    return _codes("GWcode")


@cache
def iso3_codes() -> frozenset[str]:
    """Every ISO3 code country_converter knows."""
    return frozenset(_table()["ISO3"].dropna())


@cache
def iso3(name: str) -> str | None:
    """The ISO3 code of a country name as an export spells it; None if unknown."""
    if not name or not name.strip():
        return None
    found = _converter().convert(name.strip(), to="ISO3", not_found=None)
    # An unknown name comes back as itself; a name matching several countries as a list.
    return found if isinstance(found, str) and found in iso3_codes() else None


def iso3_of(names: pd.Series) -> pd.Series:
    """ISO3 per name (None where unknown), converting each distinct name once."""
    return names.map({n: iso3(n) for n in names.dropna().unique()})
