"""Country names, ISO 3166 numeric codes and Gleditsch-Ward numbers to ISO3 codes.

ACLED's current exports carry the ISO numeric code (`iso`), older ones `iso3`, the 2016 one the
Gleditsch-Ward number (`gwno`); UCDP GED carries Gleditsch-Ward (`country_id`). Africa (the
region of both exports this project reads) plus the foreign states whose forces act there.
"""

from __future__ import annotations

import re
import unicodedata

# iso3, ISO numeric, Gleditsch-Ward, names as the exports spell them.
_COUNTRIES: tuple[tuple[str, int, int | None, tuple[str, ...]], ...] = (
    ("DZA", 12, 615, ("Algeria",)),
    ("AGO", 24, 540, ("Angola",)),
    ("BEN", 204, 434, ("Benin",)),
    ("BWA", 72, 571, ("Botswana",)),
    ("BFA", 854, 439, ("Burkina Faso",)),
    ("BDI", 108, 516, ("Burundi",)),
    ("CPV", 132, 402, ("Cape Verde", "Cabo Verde")),
    ("CMR", 120, 471, ("Cameroon",)),
    ("CAF", 140, 482, ("Central African Republic",)),
    ("TCD", 148, 483, ("Chad",)),
    ("COM", 174, 581, ("Comoros",)),
    ("COG", 178, 484, ("Republic of Congo", "Congo", "Congo-Brazzaville")),
    ("COD", 180, 490, ("Democratic Republic of Congo", "DR Congo", "Congo, DRC", "Zaire")),
    ("CIV", 384, 437, ("Ivory Coast", "Cote d'Ivoire")),
    ("DJI", 262, 522, ("Djibouti",)),
    ("EGY", 818, 651, ("Egypt",)),
    ("GNQ", 226, 411, ("Equatorial Guinea",)),
    ("ERI", 232, 531, ("Eritrea",)),
    ("SWZ", 748, 572, ("eSwatini", "Eswatini", "Swaziland")),
    ("ETH", 231, 530, ("Ethiopia",)),
    ("GAB", 266, 481, ("Gabon",)),
    ("GMB", 270, 420, ("Gambia", "The Gambia")),
    ("GHA", 288, 452, ("Ghana",)),
    ("GIN", 324, 438, ("Guinea",)),
    ("GNB", 624, 404, ("Guinea-Bissau",)),
    ("KEN", 404, 501, ("Kenya",)),
    ("LSO", 426, 570, ("Lesotho",)),
    ("LBR", 430, 450, ("Liberia",)),
    ("LBY", 434, 620, ("Libya",)),
    ("MDG", 450, 580, ("Madagascar",)),
    ("MWI", 454, 553, ("Malawi",)),
    ("MLI", 466, 432, ("Mali",)),
    ("MRT", 478, 435, ("Mauritania",)),
    ("MUS", 480, 590, ("Mauritius",)),
    ("MAR", 504, 600, ("Morocco",)),
    ("MOZ", 508, 541, ("Mozambique",)),
    ("NAM", 516, 565, ("Namibia",)),
    ("NER", 562, 436, ("Niger",)),
    ("NGA", 566, 475, ("Nigeria",)),
    ("RWA", 646, 517, ("Rwanda",)),
    ("STP", 678, 403, ("Sao Tome and Principe",)),
    ("SEN", 686, 433, ("Senegal",)),
    ("SYC", 690, 591, ("Seychelles",)),
    ("SLE", 694, 451, ("Sierra Leone",)),
    ("SOM", 706, 520, ("Somalia",)),
    ("ZAF", 710, 560, ("South Africa",)),
    ("SSD", 728, 626, ("South Sudan",)),
    ("SDN", 729, 625, ("Sudan",)),
    ("TZA", 834, 510, ("Tanzania",)),
    ("TGO", 768, 461, ("Togo",)),
    ("TUN", 788, 616, ("Tunisia",)),
    ("UGA", 800, 500, ("Uganda",)),
    ("ESH", 732, None, ("Western Sahara",)),
    ("ZMB", 894, 551, ("Zambia",)),
    ("ZWE", 716, 552, ("Zimbabwe",)),
    ("FRA", 250, 220, ("France",)),
    ("USA", 840, 2, ("United States", "United States of America")),
    ("RUS", 643, 365, ("Russia", "Russian Federation")),
)


def name_key(name: str) -> str:
    """A country name compared without case, accents, punctuation or a '(...)' aside."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"\(.*?\)", " ", plain.lower())
    return " ".join(re.sub(r"[^a-z]+", " ", plain).split())


BY_NAME: dict[str, str] = {name_key(n): iso3 for iso3, _, _, names in _COUNTRIES for n in names}
BY_NUMERIC: dict[str, str] = {str(num): iso3 for iso3, num, _, _ in _COUNTRIES}
BY_GWNO: dict[str, str] = {str(gw): iso3 for iso3, _, gw, _ in _COUNTRIES if gw is not None}
ISO3: frozenset[str] = frozenset(iso3 for iso3, _, _, _ in _COUNTRIES)
