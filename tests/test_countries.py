"""Country names and codes from country_converter: the spellings ACLED and UCDP use, the names shown."""

import pytest

from sahel_atlas.text import countries


@pytest.mark.parametrize(("name", "iso3"), [
    ("Myanmar (Burma)", "MMR"), ("Cambodia (Kampuchea)", "KHM"), ("Bangladesh", "BGD"),
    ("Brazil", "BRA"), ("Mali", "MLI"), ("Niger", "NER"), ("Nigeria", "NGA"),
    ("Democratic Republic of Congo", "COD"), ("Republic of Congo", "COG"), ("eSwatini", "SWZ"),
    ("Ivory Coast", "CIV"), ("Namibia", "NAM"), ("Russia (Soviet Union)", "RUS"),
])
def test_names_ACLED_and_UCDP_spell(name: str, iso3: str) -> None:
    assert countries.iso3(name) == iso3


@pytest.mark.parametrize("name", ["", "  ", "Atlantis", "Civilians"])
def test_unknown_names_give_no_code(name: str) -> None:
    assert countries.iso3(name) is None


@pytest.mark.parametrize(("code", "table", "iso3"), [
    ("466", countries.by_numeric, "MLI"), ("104", countries.by_numeric, "MMR"),
    ("432", countries.by_gwno, "MLI"), ("436", countries.by_gwno, "NER"),
    ("475", countries.by_gwno, "NGA"), ("775", countries.by_gwno, "MMR"),
])
def test_codes(code: str, table, iso3: str) -> None:
    assert table()[code] == iso3


@pytest.mark.parametrize(("iso3", "name"), [
    ("MLI", "Mali"), ("CIV", "Côte d'Ivoire"), ("BFA", "Burkina Faso"), ("ESH", "Western Sahara"),
    ("USA", "United States"), ("DZA", "Algeria"), ("GBR", "United Kingdom"), ("XYZ", "XYZ"),
])
def test_a_code_is_shown_by_its_short_name_else_as_itself(iso3: str, name: str) -> None:
    assert countries.country_name(iso3) == name
