"""`sahel-atlas synth`: a synthetic dataset in the data contract, at any size.

It looks like the real thing so that the app and its queries can be measured on it:

- events over 1990-2022, growing over time, with bursts (a daily intensity: exponential trend,
  the Algerian 1990s, and a few dozen short bursts), and a geography that moves with the eras
  (Algeria in the 1990s, northern Mali from 2012, the central Sahel and Lake Chad later);
- places: real towns of the region (Natural Earth's populated places in `geo/` plus the
  hot spots the sources name), regions with a radius, areas "near X" and villages jittered
  around the hot spots; events cluster on them (weights by population and hot spot);
- actors: the groups, forces and leaders the corpus names, then a long tail of militias,
  katibas, units and persons; who acts follows a Zipf law (a few very active actors);
- all date precisions (day, month, year, span), all statuses, claims for every disputed or
  claimed event, event_actors with roles, relations between actors;
- evidence that `validate` accepts: source documents written to `texts/`, one "digest" per
  run of consecutive events and one "counter-bulletin" beside it, and every excerpt is the
  exact text at its offsets in one of them.

Vectorised with numpy and pyarrow and written in row groups, chunk by chunk, so memory stays
bounded (10M events: a few hundred MB). Deterministic: the same seed and size give the same
bytes. Written atomically: a staging folder beside `out`, renamed into place at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sahel_atlas.contract import schema
from sahel_atlas.store.paths import GEO_DIR

PLACES_GEOJSON = GEO_DIR / "ne_10m_populated_places_simple_aoi.geojson"

# Events are generated and written in chunks of this many rows (a multiple of every source's
# run of events), each chunk in row groups of ROW_GROUP rows.
CHUNK = 262_144
ROW_GROUP = 131_072
# Progress is shown on stderr from this size on (unless a callable is given).
PROGRESS_FROM = 50_000

Progress = Callable[[str, int, int], None]

EPOCH = dt.date(1970, 1, 1)
DAY0 = (dt.date(schema.YEAR_MIN, 1, 1) - EPOCH).days
DAY1 = (dt.date(schema.YEAR_MAX, 12, 31) - EPOCH).days
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

COUNTRIES = {
    "DZA": "Algeria", "MLI": "Mali", "NER": "Niger", "BFA": "Burkina Faso", "NGA": "Nigeria",
    "TCD": "Chad", "CMR": "Cameroon", "MRT": "Mauritania", "LBY": "Libya", "TUN": "Tunisia",
    "MAR": "Morocco", "SEN": "Senegal", "BEN": "Benin", "TGO": "Togo", "CIV": "Côte d'Ivoire",
    "ESH": "Western Sahara", "GIN": "Guinea", "GHA": "Ghana",
}
# Relative activity per country in each era: 1990-1999, 2000-2011, 2012-2016, 2017-2022.
ERAS = (1990, 2000, 2012, 2017)
ERA_COUNTRY = {
    "DZA": (60, 25, 5, 2), "MLI": (3, 10, 35, 30), "NER": (2, 8, 10, 20),
    "BFA": (0.5, 1, 5, 30), "NGA": (1, 10, 30, 15), "TCD": (1, 3, 5, 5),
    "CMR": (0.5, 1, 8, 6), "MRT": (1, 5, 1, 0.5), "LBY": (3, 5, 8, 2),
    "TUN": (2, 2, 5, 1), "MAR": (2, 2, 1, 0.5),
}
ERA_OTHER = (0.3, 0.5, 0.5, 2.0)

# Hot spots the sources name, with a weight (events cluster on them): name, iso3, lat, lon, w.
HOTSPOTS = (
    ("Tessalit", "MLI", 20.20, 1.01, 8), ("Talhandak", "MLI", 20.45, 1.60, 5),
    ("Aguelhok", "MLI", 19.46, 0.86, 8), ("Kidal", "MLI", 18.44, 1.41, 15),
    ("Gao", "MLI", 16.27, -0.04, 20), ("Timbuktu", "MLI", 16.77, -3.01, 18),
    ("Ménaka", "MLI", 15.92, 2.40, 20), ("Ansongo", "MLI", 15.66, 0.50, 10),
    ("Bourem", "MLI", 16.95, -0.35, 6), ("Léré", "MLI", 15.71, -4.91, 6),
    ("Niono", "MLI", 14.25, -5.99, 8), ("Mopti", "MLI", 14.49, -4.20, 12),
    ("Djenné", "MLI", 13.91, -4.55, 6), ("Boni", "MLI", 15.02, -1.86, 8),
    ("Douentza", "MLI", 14.99, -2.95, 10), ("Bandiagara", "MLI", 14.35, -3.61, 12),
    ("Sévaré", "MLI", 14.53, -4.10, 6), ("Nampala", "MLI", 15.28, -5.55, 5),
    ("Diabaly", "MLI", 14.69, -6.02, 5), ("Konna", "MLI", 14.95, -3.89, 5),
    ("Inatès", "NER", 15.01, 1.29, 6), ("Tillabéri", "NER", 14.21, 1.45, 12),
    ("Ayorou", "NER", 14.73, 0.92, 6), ("Ouallam", "NER", 14.32, 2.09, 8),
    ("Tongo Tongo", "NER", 14.62, 1.58, 4), ("Chinégodar", "NER", 14.85, 1.15, 4),
    ("Abala", "NER", 14.93, 3.43, 5), ("Diffa", "NER", 13.32, 12.61, 14),
    ("Bosso", "NER", 13.70, 13.31, 8), ("Niamey", "NER", 13.51, 2.11, 6),
    ("Djibo", "BFA", 14.10, -1.63, 15), ("Arbinda", "BFA", 14.23, -0.87, 10),
    ("Dori", "BFA", 14.03, -0.03, 10), ("Gorom-Gorom", "BFA", 14.44, -0.24, 6),
    ("Fada N'Gourma", "BFA", 12.06, 0.36, 10), ("Kaya", "BFA", 13.09, -1.08, 8),
    ("Ouahigouya", "BFA", 13.58, -2.42, 6), ("Solhan", "BFA", 13.42, 0.41, 4),
    ("Barsalogho", "BFA", 13.42, -1.06, 6), ("Diapaga", "BFA", 12.07, 1.79, 6),
    ("Maiduguri", "NGA", 11.85, 13.16, 20), ("Monguno", "NGA", 12.67, 13.61, 8),
    ("Gwoza", "NGA", 11.08, 13.69, 8), ("Baga", "NGA", 13.11, 13.83, 6),
    ("Bama", "NGA", 11.52, 13.69, 8), ("Damboa", "NGA", 11.15, 12.76, 6),
    ("Kolofata", "CMR", 11.17, 14.01, 6), ("Mora", "CMR", 11.05, 14.14, 6),
    ("Bol", "TCD", 13.46, 14.71, 6), ("In Amenas", "DZA", 28.05, 9.54, 3),
    ("Tamanrasset", "DZA", 22.79, 5.52, 3), ("Algiers", "DZA", 36.75, 3.06, 15),
    ("Tizi Ouzou", "DZA", 36.71, 4.05, 12), ("Blida", "DZA", 36.47, 2.83, 12),
    ("Médéa", "DZA", 36.26, 2.75, 10), ("Boumerdès", "DZA", 36.76, 3.48, 10),
    ("Bouira", "DZA", 36.37, 3.90, 8), ("Bentalha", "DZA", 36.66, 3.10, 4),
    ("Relizane", "DZA", 35.74, 0.56, 6), ("Jijel", "DZA", 36.82, 5.77, 6),
    ("Kasserine", "TUN", 35.17, 8.84, 5), ("Ben Guerdane", "TUN", 33.14, 11.22, 3),
    ("Néma", "MRT", 16.62, -7.26, 3), ("Bassikounou", "MRT", 15.87, -5.96, 3),
    ("Sirte", "LBY", 31.21, 16.59, 6), ("Derna", "LBY", 32.76, 22.64, 5),
    ("Sabha", "LBY", 27.04, 14.43, 4), ("Ubari", "LBY", 26.59, 12.78, 3),
)
# Regions (and large areas) with a radius in km: name, iso3, lat, lon, radius, precision, w.
REGIONS = (
    ("Kabylia", "DZA", 36.60, 4.20, 80, "region", 10),
    ("Liptako-Gourma (three-borders area)", "NER", 14.80, 0.90, 250, "region", 12),
    ("Northern Mali", "MLI", 19.00, -0.50, 500, "region", 10),
    ("Adrar des Ifoghas", "MLI", 19.50, 1.60, 150, "region", 6),
    ("Lake Chad basin", "TCD", 13.30, 14.00, 200, "region", 8),
    ("Tillabéri region", "NER", 14.50, 1.60, 180, "region", 8),
    ("Central Mali", "MLI", 14.50, -4.00, 200, "region", 10),
    ("Sahel region (Burkina Faso)", "BFA", 14.00, -0.50, 150, "region", 8),
    ("Est region (Burkina Faso)", "BFA", 12.00, 1.00, 150, "region", 6),
    ("Centre-Nord (Burkina Faso)", "BFA", 13.20, -1.00, 100, "region", 5),
    ("Boucle du Mouhoun", "BFA", 12.50, -3.50, 120, "region", 4),
    ("Fezzan", "LBY", 26.00, 14.00, 500, "region", 4),
    ("Borno State", "NGA", 11.90, 13.00, 200, "region", 10),
    ("Diffa region", "NER", 13.70, 12.50, 150, "region", 5),
    ("Tahoua region", "NER", 15.50, 5.30, 200, "region", 3),
    ("Gourma", "MLI", 15.50, -1.50, 150, "region", 4),
    ("Aïr mountains", "NER", 18.30, 8.80, 200, "region", 2),
    ("Hoggar", "DZA", 23.30, 5.60, 200, "region", 2),
    ("Tassili n'Ajjer", "DZA", 25.50, 9.00, 250, "region", 2),
    ("Ménaka region", "MLI", 15.90, 2.50, 150, "region", 6),
    ("Western Sahara", "ESH", 24.50, -13.00, 400, "region", 1),
    ("Chaambi mountains", "TUN", 35.20, 8.70, 30, "area", 4),
    ("Sambisa forest", "NGA", 11.30, 13.50, 60, "area", 6),
    ("Wagadou forest", "MLI", 15.20, -7.00, 60, "area", 4),
    ("Mitidja plain", "DZA", 36.60, 3.00, 50, "area", 6),
    ("Timétrine", "MLI", 19.40, -0.50, 80, "area", 3),
)
SYLLABLES_A = ("Tin", "In", "Ta", "Ka", "Bou", "Dia", "Sa", "Ko", "Ti", "Ag", "Man", "Gour",
               "Dou", "Ba", "Tam", "Kel", "Sé", "Ha", "Ou", "Zé")
SYLLABLES_B = ("bara", "dou", "kar", "nès", "zaouatène", "sala", "goro", "lel", "mou", "ga",
               "doum", "rhar", "boulé", "kala", "télit", "dara", "fo", "tamat", "ouré", "séna")

# The corpus's actors, most active first: id, name, kind, family, aliases, first/last year.
NAMED_ACTORS = (
    ("fama", "Malian Armed Forces", "force", "state-forces", ("FAMa", "Forces armées maliennes"), 1990, 2022),
    ("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", "group", "al-qaeda", ("JNIM", "GSIM", "Support Group for Islam and Muslims"), 2017, 2022),
    ("isgs", "Islamic State in the Greater Sahara", "group", "islamic-state", ("ISGS", "EIGS", "Islamic State Sahel Province"), 2015, 2022),
    ("boko-haram", "Boko Haram", "group", "islamic-state", ("JAS", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"), 2009, 2022),
    ("aqim", "Al-Qaeda in the Islamic Maghreb", "group", "al-qaeda", ("AQIM", "AQMI"), 2007, 2022),
    ("burkina-army", "Burkinabe Armed Forces", "force", "state-forces", ("FDS",), 1990, 2022),
    ("niger-army", "Niger Armed Forces", "force", "state-forces", ("FAN",), 1990, 2022),
    ("gia", "Armed Islamic Group", "group", "al-qaeda", ("GIA", "Groupe islamique armé"), 1992, 2004),
    ("iswap", "Islamic State West Africa Province", "group", "islamic-state", ("ISWAP",), 2016, 2022),
    ("nigerian-army", "Nigerian Army", "force", "state-forces", (), 1990, 2022),
    ("algerian-army", "Algerian People's National Army", "force", "state-forces", ("ANP",), 1990, 2022),
    ("gspc", "Salafist Group for Preaching and Combat", "group", "al-qaeda", ("GSPC",), 1998, 2007),
    ("barkhane", "Operation Barkhane", "force", "state-forces", ("Barkhane",), 2014, 2022),
    ("katiba-macina", "Katiba Macina", "group", "al-qaeda", ("FLM", "Macina Liberation Front"), 2015, 2022),
    ("ansarul-islam", "Ansarul Islam", "group", "al-qaeda", (), 2016, 2022),
    ("ansar-dine", "Ansar Dine", "group", "al-qaeda", ("Ansar Eddine",), 2012, 2017),
    ("mujao", "Movement for Oneness and Jihad in West Africa", "group", "al-qaeda", ("MUJAO", "MUJWA"), 2011, 2013),
    ("al-mourabitoun", "Al-Mourabitoun", "group", "al-qaeda", (), 2013, 2017),
    ("minusma", "MINUSMA", "force", "state-forces", ("UN Mission in Mali",), 2013, 2022),
    ("serval", "Operation Serval", "force", "state-forces", ("Serval",), 2013, 2014),
    ("chad-army", "Chadian Armed Forces", "force", "state-forces", (), 1990, 2022),
    ("mnla", "National Movement for the Liberation of Azawad", "group", "other", ("MNLA",), 2011, 2022),
    ("gatia", "GATIA", "group", "other", (), 2014, 2022),
    ("dan-na-ambassagou", "Dan Na Ambassagou", "group", "other", (), 2016, 2022),
    ("koglweogo", "Koglweogo", "group", "other", (), 2015, 2022),
    ("vdp", "Volunteers for the Defence of the Homeland", "force", "state-forces", ("VDP",), 2020, 2022),
    ("wagner", "Wagner Group", "force", "state-forces", (), 2021, 2022),
    ("abdelmalek-droukdel", "Abdelmalek Droukdel", "person", "al-qaeda", ("Abu Musab Abdel Wadoud",), 1996, 2020),
    ("iyad-ag-ghaly", "Iyad Ag Ghaly", "person", "al-qaeda", (), 2012, 2022),
    ("mokhtar-belmokhtar", "Mokhtar Belmokhtar", "person", "al-qaeda", ("Khaled Abu al-Abbas",), 1995, 2016),
    ("adnan-abu-walid-al-sahrawi", "Adnan Abu Walid al-Sahrawi", "person", "islamic-state", (), 2012, 2021),
    ("amadou-koufa", "Amadou Koufa", "person", "al-qaeda", (), 2015, 2022),
    ("abubakar-shekau", "Abubakar Shekau", "person", "islamic-state", (), 2009, 2021),
)
# Where the named actors act (the first is home); the long tail acts in one country each.
ACTOR_COUNTRIES = {
    "fama": "MLI", "jnim": "MLI BFA NER", "isgs": "NER MLI BFA", "boko-haram": "NGA NER CMR TCD",
    "aqim": "DZA MLI MRT NER TUN LBY", "burkina-army": "BFA", "niger-army": "NER", "gia": "DZA",
    "iswap": "NGA NER TCD CMR", "nigerian-army": "NGA", "algerian-army": "DZA",
    "gspc": "DZA MLI MRT", "barkhane": "MLI NER BFA TCD", "katiba-macina": "MLI BFA",
    "ansarul-islam": "BFA", "ansar-dine": "MLI", "mujao": "MLI NER DZA",
    "al-mourabitoun": "MLI NER DZA LBY", "minusma": "MLI", "serval": "MLI",
    "chad-army": "TCD NGA MLI", "mnla": "MLI", "gatia": "MLI", "dan-na-ambassagou": "MLI",
    "koglweogo": "BFA", "vdp": "BFA", "wagner": "MLI LBY", "abdelmalek-droukdel": "DZA",
    "iyad-ag-ghaly": "MLI", "mokhtar-belmokhtar": "DZA MLI LBY NER",
    "adnan-abu-walid-al-sahrawi": "NER MLI", "amadou-koufa": "MLI", "abubakar-shekau": "NGA",
}
ETHNIC = ("Fulani", "Dogon", "Bambara", "Tuareg", "Songhai", "Mossi", "Dozo", "Arab",
          "Daoussahak", "Kanuri", "Hausa", "Imghad")
FIRST_NAMES = ("Abu", "Ahmed", "Moussa", "Hamadou", "Ali", "Oumar", "Yacouba", "Ibrahim",
               "Sidi", "Malik", "Abdoul", "Hassan", "Souleymane", "Mahmoud", "Idrissa")
LAST_NAMES = ("ag Alhassane", "Diallo", "al-Mauritani", "Cissé", "Dicko", "ag Intalla",
              "Maïga", "Touré", "al-Jazairi", "Sow", "Barry", "ag Bibi", "Ould Hamaha",
              "Sangaré", "Boly")

# Sub-event types with a weight, a verb (after "X ... " and after "claimed to have ..."),
# and the object when the event has no second actor.
SUB_TYPES = (
    ("Armed clash", 30, "clashed with", "unidentified gunmen"),
    ("Attack", 24, "attacked", "civilians"),
    ("Remote explosive/landmine/IED", 9, "struck", "a convoy with an IED"),
    ("Abduction/forced disappearance", 6, "abducted", "villagers"),
    ("Air/drone strike", 4, "struck", "a militant camp from the air"),
    ("Suicide bomb", 2, "targeted", "a checkpoint with a suicide bomber"),
    ("Shelling/artillery/missile attack", 2, "shelled", "a military camp"),
    ("Government regains territory", 2, "retook", "the town"),
    ("Non-state actor overtakes territory", 2, "seized control of", "the town"),
    ("Sexual violence", 1, "assaulted", "women"),
    ("Arrests", 3, "arrested", "suspected militants"),
    ("Looting/property destruction", 0, "looted", "shops"),  # weight 0: not in the contract
    ("Headquarters or base established", 1, "set up", "a base"),
    ("Targeted killing", 2, "killed", "a village chief"),
    ("Hostage-taking", 1, "took", "foreign hostages"),
    ("Statement", 2, "issued", "a statement"),
    ("Change to group/activity", 1, "reorganised", "its units"),
    ("Deployment", 1, "deployed", "troops"),
    ("Negotiation", 1, "negotiated with", "local elders"),
    ("Pledge of allegiance", 0.3, "pledged allegiance to", "a new leader"),
    ("Leadership change", 0.3, "announced", "a new commander"),
    ("Defection", 0.3, "lost", "fighters to a rival faction"),
)
SUB_TYPES = tuple(s for s in SUB_TYPES if s[1] > 0 and s[0] in schema.SUB_EVENT_TYPES)
BATTLE_LIKE = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
CONTEXT = (
    ("Residents of ", " reported gunfire through the night and several families fled."),
    ("Local sources in ", " said the toll could not be independently verified."),
    ("The attack near ", " follows weeks of rising tension between armed groups in the area."),
    ("Humanitarian workers in ", " reported that markets and schools stayed closed for days."),
    ("Security sources in ", " said reinforcements were sent to the area the next day."),
    ("Witnesses from ", " described motorbikes arriving from the bush before dawn."),
    ("A local official in ", " said the assailants withdrew toward the border."),
    ("Herders around ", " said their cattle had been seized during the raid."),
)
CLOSING = (
    "No group immediately claimed responsibility.",
    "The army said an operation was under way to find the attackers.",
    "Telephone networks in the area were cut for several hours.",
    "The incident was reported by several local radio stations.",
    "Displaced families sought refuge in a nearby town.",
    "Aid agencies warned of worsening access to the area.",
)
PUBLISHERS = ("Sahel Security Digest", "Maghreb Monitor", "Agence Sahélienne de Presse",
              "West Africa Conflict Watch", "Radio Sahel Nouvelles", "Desert Observer")
PREDICATE_PHRASES = {
    "leads": "led", "member_of": "was a member of", "founded": "founded",
    "merged_into": "merged into", "split_from": "split from",
    "pledged_allegiance_to": "pledged allegiance to", "allied_with": "was allied with",
    "rival_of": "was a rival of", "succeeded": "succeeded", "mentored": "mentored",
    "part_of": "was part of", "supported": "supported", "fought": "fought",
}
NAMED_RELATIONS = (
    ("abdelmalek-droukdel", "leads", "aqim"), ("iyad-ag-ghaly", "leads", "jnim"),
    ("iyad-ag-ghaly", "founded", "ansar-dine"), ("ansar-dine", "merged_into", "jnim"),
    ("katiba-macina", "merged_into", "jnim"), ("al-mourabitoun", "merged_into", "jnim"),
    ("aqim", "allied_with", "jnim"), ("isgs", "rival_of", "jnim"),
    ("adnan-abu-walid-al-sahrawi", "leads", "isgs"), ("amadou-koufa", "leads", "katiba-macina"),
    ("mokhtar-belmokhtar", "leads", "al-mourabitoun"), ("gspc", "split_from", "gia"),
    ("gspc", "merged_into", "aqim"), ("abubakar-shekau", "leads", "boko-haram"),
    ("iswap", "split_from", "boko-haram"), ("barkhane", "fought", "isgs"),
    ("fama", "fought", "jnim"), ("mujao", "split_from", "aqim"), ("wagner", "supported", "fama"),
)


# --- helpers -------------------------------------------------------------------------------


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _join(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays and scalars."""
    return pc.binary_join_element_wise(*parts, "")


def _str(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _take(strings: list[str] | pa.Array, index: np.ndarray) -> pa.Array:
    array = strings if isinstance(strings, pa.Array) else pa.array(strings, pa.string())
    return array.take(pa.array(index))


def _list(offsets: np.ndarray, values: pa.Array) -> pa.Array:
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def _pick(rng: np.random.Generator, cdf: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn with the probabilities whose cumulative sum is `cdf` (ending in 1)."""
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights, dtype=np.float64)
    return cdf / cdf[-1]


def _stderr_progress(label: str, done: int, total: int) -> None:
    print(f"synth: {label}: {done:,}/{total:,}", file=sys.stderr, flush=True)


class _Texts:
    """Source documents being written: their text, and the excerpts found in them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sources: list[dict] = []
        self.excerpts: list[tuple[str, str, int, int, str]] = []

    def document(self, source_id: str, header: str, lines: list[str], meta: dict) -> list[str]:
        """Write one document (header, blank line, one line per quote); the quotes' ids."""
        text = header + "\n\n" + "\n".join(lines) + "\n"
        start = len(header) + 2
        ids = []
        for line in lines:
            excerpt_id = f"{source_id}:{start}-{start + len(line)}"
            self.excerpts.append((excerpt_id, source_id, start, start + len(line), line))
            ids.append(excerpt_id)
            start += len(line) + 1
        self._write(source_id, header, text, meta)
        return ids

    def _write(self, source_id: str, title: str, text: str, meta: dict) -> None:
        raw = text.encode("utf-8")
        (self.directory / "texts" / f"{source_id}.txt").write_bytes(raw)
        self.sources.append(
            {
                "source_id": source_id,
                "title": title,
                "path": f"texts/{source_id}.txt",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "chars": len(text),
                **meta,
            }
        )


def _table(name: str, columns: dict[str, pa.Array | list]) -> pa.Table:
    """A table with the contract's schema; columns not given are null."""
    target = schema.TABLES[name]
    n = len(next(iter(columns.values())))
    arrays = []
    for column in target:
        value = columns.get(column.name)
        if value is None:
            arrays.append(pa.nulls(n, column.type))
        elif isinstance(value, (pa.Array, pa.ChunkedArray)):
            arrays.append(value.cast(column.type))
        else:
            arrays.append(pa.array(value, column.type))
    return pa.Table.from_arrays(arrays, schema=target)


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP)


# --- places --------------------------------------------------------------------------------


def _places(rng: np.random.Generator, n_events: int) -> dict[str, np.ndarray | list]:
    """The gazetteer: real towns, hot spots, regions, areas near hot spots, jittered villages."""
    names: list[str] = []
    iso3: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    precision: list[str] = []
    radius: list[float | None] = []
    weight: list[float] = []
    aliases: list[list[str]] = []

    def add(name, country, la, lo, prec, rad, w, alias=()):
        names.append(name)
        iso3.append(country)
        lat.append(round(float(la), 4))
        lon.append(round(float(lo), 4))
        precision.append(prec)
        radius.append(rad)
        weight.append(float(w))
        aliases.append(list(alias))

    seen = set()
    for name, country, la, lo, w in HOTSPOTS:
        add(name, country, la, lo, "point", None, w * 40)
        seen.add(slug(name))
    for name, country, la, lo, rad, prec, w in REGIONS:
        add(name, country, la, lo, prec, float(rad), w * 40)
        seen.add(slug(name))
    if PLACES_GEOJSON.exists():
        features = json.loads(PLACES_GEOJSON.read_text(encoding="utf-8"))["features"]
        rows = []
        for feature in features:
            props = feature["properties"]
            country = props.get("adm0_a3")
            name = props.get("name")
            if country not in COUNTRIES or not name or slug(name) in seen:
                continue
            seen.add(slug(name))
            lo, la = feature["geometry"]["coordinates"][:2]
            ascii_name = props.get("nameascii")
            alias = (ascii_name,) if ascii_name and ascii_name != name else ()
            rows.append((name, country, la, lo, max(float(props.get("pop_max") or 1000), 1000.0), alias))
        for name, country, la, lo, pop, alias in sorted(rows):
            add(name, country, la, lo, "point", None, math.sqrt(pop) / 20, alias)
    hot = len(HOTSPOTS)
    # Areas "near X" around the busiest hot spots, and villages jittered around every hot spot.
    n_near = int(np.clip(n_events // 3000, 20, 300))
    n_villages = int(np.clip(n_events // 800, 40, 1200))
    hot_w = np.array([h[4] for h in HOTSPOTS], dtype=float)
    for i in range(n_near):
        h = int(_pick(rng, _cdf(hot_w), 1)[0])
        name, country, la, lo, w = HOTSPOTS[h]
        label = ("Near ", "Outskirts of ", "Road to ", "Bush around ")[i % 4] + name
        label = label if i < 4 * hot else f"{label} ({i // (4 * hot) + 1})"
        if slug(label) in seen:
            label = f"{label} ({i})"
        seen.add(slug(label))
        add(label, country, la + rng.normal(0, 0.12), lo + rng.normal(0, 0.12), "area",
            float(rng.choice([10, 20, 25, 40, 50])), w * 4)
    for i in range(n_villages):
        h = int(_pick(rng, _cdf(hot_w), 1)[0])
        name, country, la, lo, w = HOTSPOTS[h]
        village = SYLLABLES_A[rng.integers(len(SYLLABLES_A))] + SYLLABLES_B[rng.integers(len(SYLLABLES_B))]
        if slug(village) in seen:
            village = f"{village} {('Haoussa', 'Peulh', 'Ber', 'Nord', 'Sud', 'Centre')[i % 6]}"
        if slug(village) in seen:
            village = f"{village} {i}"
        seen.add(slug(village))
        add(village, country, la + rng.normal(0, 0.35), lo + rng.normal(0, 0.35), "point", None,
            w * rng.pareto(1.5) + 0.5)
    ids = [slug(n) for n in names]
    return {
        "location_id": ids, "name": names, "country_iso3": iso3, "latitude": np.array(lat),
        "longitude": np.array(lon), "precision": precision, "radius_km": radius,
        "aliases": aliases, "weight": np.array(weight),
    }


# --- actors --------------------------------------------------------------------------------


def _actors(rng: np.random.Generator, n_actors: int, place_names: list[str],
            place_countries: list[str]) -> dict:
    ids, names, kinds, families, aliases, first, last = [], [], [], [], [], [], []
    where = []
    for actor_id, name, kind, family, alias, y0, y1 in NAMED_ACTORS:
        ids.append(actor_id)
        names.append(name)
        kinds.append(kind)
        families.append(family)
        aliases.append(list(alias))
        first.append(y0)
        last.append(y1)
        where.append(ACTOR_COUNTRIES.get(actor_id, "MLI").split())
    used = set(ids)
    i = 0
    while len(ids) < n_actors:
        i += 1
        pattern = rng.integers(7)
        p = rng.integers(len(place_names))
        place, country_code = place_names[p], place_countries[p]
        country = COUNTRIES.get(country_code, country_code)
        if pattern == 0:
            name, kind, family = f"Communal militia ({ETHNIC[rng.integers(len(ETHNIC))]}, {place})", "group", "other"
        elif pattern == 1:
            name, kind = f"Katiba {place}", "group"
            family = ("al-qaeda", "islamic-state")[rng.integers(2)]
        elif pattern == 2:
            name, kind, family = f"Gendarmerie of {country} ({place} brigade)", "force", "state-forces"
        elif pattern == 3:
            name, kind, family = f"Self-defence group of {place}", "group", "other"
        elif pattern == 4:
            name = f"{FIRST_NAMES[rng.integers(len(FIRST_NAMES))]} {LAST_NAMES[rng.integers(len(LAST_NAMES))]}"
            kind = "person"
            family = ("al-qaeda", "islamic-state", "other")[rng.integers(3)]
        elif pattern == 5:
            name, kind, family = f"Unidentified armed group ({country}, {place})", "group", "other"
        else:
            name, kind, family = f"Smuggling network of {place}", "organisation", "other"
        actor_id = slug(name)
        if actor_id in used:
            actor_id = f"{actor_id}-{i}"
            name = f"{name} #{i}"
        used.add(actor_id)
        y0 = int(rng.integers(schema.YEAR_MIN, schema.YEAR_MAX + 1))
        ids.append(actor_id)
        names.append(name)
        kinds.append(kind)
        families.append(family)
        aliases.append([])
        first.append(y0)
        last.append(int(min(schema.YEAR_MAX, y0 + rng.integers(2, 20))))
        where.append([country_code])
    return {"actor_id": ids, "name": names, "kind": kinds, "family": families,
            "aliases": aliases, "first": np.array(first), "last": np.array(last),
            "countries": where}


# --- dates ---------------------------------------------------------------------------------


def _event_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Event days (days since 1970) over 1990-2022: growth, the 1990s in Algeria, bursts."""
    days = np.arange(DAY0, DAY1 + 1)
    years = (days - DAY0) / 365.25
    intensity = np.exp(0.095 * years) + 5.0 * np.exp(-0.5 * ((years - 6.5) / 2.2) ** 2)
    intensity *= 1.0 + 0.15 * np.sin(2 * np.pi * years)  # a season
    trend = intensity.copy()
    for _ in range(60):
        centre = int(_pick(rng, _cdf(trend), 1)[0])
        width = rng.uniform(2, 25)
        amplitude = rng.uniform(1.5, 6.0) * trend[centre]
        intensity += amplitude * np.exp(-0.5 * ((np.arange(len(days)) - centre) / width) ** 2)
    return (DAY0 + _pick(rng, _cdf(intensity), n)).astype(np.int32)


def _date_bounds(days: np.ndarray, precision: np.ndarray, span_years: np.ndarray):
    """date_start, date_end (days since 1970) of each event at its precision."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]")
    month_start = month.astype("datetime64[D]").astype(np.int32)
    month_end = ((month + 1).astype("datetime64[D]") - 1).astype(np.int32)
    year_start = year.astype("datetime64[D]").astype(np.int32)
    year_end = ((year + 1).astype("datetime64[D]") - 1).astype(np.int32)
    span_end = (np.minimum(year + span_years.astype("timedelta64[Y]") + 1,
                           np.datetime64(f"{schema.YEAR_MAX + 1}", "Y")).astype("datetime64[D]") - 1)
    start = np.select([precision == 0, precision == 1], [days, month_start], year_start)
    end = np.select([precision == 0, precision == 1, precision == 2],
                    [days, month_end, year_end], span_end.astype(np.int32))
    return start.astype(np.int32), end.astype(np.int32)


def _date_phrases(start: np.ndarray, end: np.ndarray, precision: np.ndarray) -> pa.Array:
    """'On 3 June 2020', 'In June 2020', 'During 2020', 'Between 2010 and 2014'."""
    d = start.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(int) + 1970
    months = d.astype("datetime64[M]").astype(int) % 12
    day = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    end_years = end.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    year_s, month_s, day_s = _str(years), _take(list(MONTHS), months), _str(day)
    phrase = pc.case_when(
        pc.make_struct(pa.array(precision == 0), pa.array(precision == 1), pa.array(precision == 2)),
        _join("On ", day_s, " ", month_s, " ", year_s),
        _join("In ", month_s, " ", year_s),
        _join("During ", year_s),
        _join("Between ", year_s, " and ", _str(end_years)),
    )
    return phrase


# --- the dataset ---------------------------------------------------------------------------


def synthesize(
    n_events: int, out: Path | str, seed: int = 0, progress: Progress | None = None
) -> Path:
    """Write a synthetic dataset of `n_events` events to `out` (replaced atomically)."""
    if n_events < 1:
        raise ValueError("n_events must be at least 1")
    out = Path(out).expanduser().resolve()
    if progress is None and n_events >= PROGRESS_FROM:
        progress = _stderr_progress
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.synth-", dir=out.parent))
    stage.chmod(0o755)
    try:
        _synthesize(n_events, stage, seed, progress)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "data")
            os.replace(stage, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out


def _synthesize(n: int, directory: Path, seed: int, progress: Progress | None) -> None:
    started = time.perf_counter()
    (directory / "texts").mkdir()
    rng = np.random.default_rng([seed, 0])
    texts = _Texts(directory)

    # Places, actors and their reference documents.
    places = _places(rng, n)
    n_places = len(places["location_id"])
    n_actors = int(np.clip(n // 150, 80, 20_000))
    points = [i for i, pr in enumerate(places["precision"]) if pr == "point"]
    actors = _actors(rng, n_actors, [places["name"][i] for i in points],
                     [places["country_iso3"][i] for i in points])
    country_names = [COUNTRIES.get(c, c) for c in places["country_iso3"]]
    kind_words = {"point": "a town", "area": "an area", "region": "a region"}
    gazetteer = [
        f"{name} is {kind_words[prec]} in {country} ({la:.2f}, {lo:.2f})."
        for name, prec, country, la, lo in zip(places["name"], places["precision"], country_names,
                                               places["latitude"], places["longitude"])
    ]
    meta = {"publisher": "Sahel Atlas synthetic data", "published": dt.date(2022, 12, 31),
            "published_precision": "day", "published_note": "synthetic", "language": "en",
            "machine_translated": False, "kind": "gazetteer", "reliability": "F",
            "reliability_reason": "synthetic text for load testing", "origin": None}
    place_excerpts = texts.document("syn-gazetteer", "[Synthetic gazetteer of the Sahel and the Maghreb]", gazetteer, meta)
    profiles = []
    for name, kind, family, alias, y0, y1 in zip(actors["name"], actors["kind"], actors["family"],
                                                  actors["aliases"], actors["first"], actors["last"]):
        also = f", also called {', '.join(alias)}," if alias else ""
        profiles.append(f"{name}{also} is a {kind} of the {family} family, active from {y0} to {y1}.")
    actor_excerpts = texts.document("syn-actors", "[Synthetic profiles of armed actors]", profiles,
                                    {**meta, "kind": "profiles"})

    # Who acts where: era-dependent weights, actors Zipf by rank and active in the era.
    place_country = np.array(places["country_iso3"])
    place_cdfs = []
    for era in range(len(ERAS)):
        factor = np.array([ERA_COUNTRY.get(c, ERA_OTHER)[era] for c in place_country])
        place_cdfs.append(_cdf(places["weight"] * factor))
    zipf = 1.0 / np.arange(1, n_actors + 1) ** 1.07
    era_end = (*ERAS[1:], schema.YEAR_MAX + 1)
    country_codes = sorted(set(places["country_iso3"]))
    country_index = {c: i for i, c in enumerate(country_codes)}
    place_country_idx = np.array([country_index[c] for c in place_country])
    acts_in = np.zeros((len(country_codes), n_actors), dtype=bool)
    for j, codes in enumerate(actors["countries"]):
        for code in codes:
            if code in country_index:
                acts_in[country_index[code], j] = True
    actor_cdfs = {}  # (era, country) -> cdf over actors: active there and then, Zipf by rank
    for era, (y0, y1) in enumerate(zip(ERAS, era_end)):
        active = (actors["first"] < y1) & (actors["last"] >= y0)
        for c in range(len(country_codes)):
            actor_cdfs[era, c] = _cdf(zipf * np.where(active, 1.0, 0.002) * np.where(acts_in[c], 1.0, 0.003))

    # Dates for every event, sorted, so that events (and their digests) run in time order.
    days = _event_days(rng, n)
    precision = _pick(rng, _cdf(np.array([0.72, 0.17, 0.08, 0.03])), n).astype(np.int8)
    span_years = rng.integers(1, 5, n).astype(np.int16)
    date_start, date_end = _date_bounds(days, precision, span_years)
    order = np.lexsort((days, date_start))
    days, precision, date_start, date_end = days[order], precision[order], date_start[order], date_end[order]
    del order, span_years

    per_source = int(np.clip(n // 200, 50, 2048))
    chunk = max(per_source, CHUNK // per_source * per_source)
    sub_names = [s[0] for s in SUB_TYPES]
    sub_cdf = _cdf(np.array([s[1] for s in SUB_TYPES], dtype=float))
    sub_top = [schema.SUB_EVENT_TYPES[s] for s in sub_names]
    verbs = [s[2] for s in SUB_TYPES]
    objects = [s[3] for s in SUB_TYPES]
    is_battle = np.array([s in BATTLE_LIKE for s in sub_names])
    actor_id_arr = pa.array(actors["actor_id"], pa.string())
    actor_name_arr = pa.array(actors["name"], pa.string())
    place_id_arr = pa.array(places["location_id"], pa.string())
    place_name_arr = pa.array(places["name"], pa.string())
    country_arr = pa.array(country_names, pa.string())
    lat_arr, lon_arr = places["latitude"], places["longitude"]

    writers = {
        name: pq.ParquetWriter(directory / f"{name}.parquet", schema.TABLES[name], compression="zstd")
        for name in ("events", "event_actors", "claims")
    }
    excerpt_writer = pq.ParquetWriter(directory / "excerpts.parquet", schema.TABLES["excerpts"], compression="zstd")
    source_rows: list[dict] = []
    try:
        for chunk_no, a in enumerate(range(0, n, chunk)):
            b = min(n, a + chunk)
            m = b - a
            crng = np.random.default_rng([seed, 1, chunk_no])
            c_start, c_end, c_prec = date_start[a:b], date_end[a:b], precision[a:b]
            year = c_start.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
            era = np.searchsorted(np.array(ERAS), year, side="right") - 1

            # Place and actors, by era.
            loc = np.empty(m, np.int64)
            a1 = np.empty(m, np.int64)
            a2 = np.empty(m, np.int64)
            a3 = np.empty(m, np.int64)
            for e in range(len(ERAS)):
                mask = era == e
                k = int(mask.sum())
                if k:
                    loc[mask] = _pick(crng, place_cdfs[e], k)
            group = era * len(country_codes) + place_country_idx[loc]
            for g in np.unique(group):
                mask = group == g
                k = int(mask.sum())
                cdf = actor_cdfs[divmod(int(g), len(country_codes))]
                a1[mask] = _pick(crng, cdf, k)
                a2[mask] = _pick(crng, cdf, k)
                a3[mask] = _pick(crng, cdf, k)
            n_act = _pick(crng, _cdf(np.array([0.45, 0.42, 0.13])), m) + 1
            a2 = np.where(a2 == a1, (a1 + 1) % n_actors, a2)
            for _ in range(3):
                clash = (a3 == a1) | (a3 == a2)
                a3 = np.where(clash, (a3 + 1) % n_actors, a3)
            sub = _pick(crng, sub_cdf, m)
            status = _pick(crng, _cdf(np.array([0.84, 0.10, 0.06])), m)  # confirmed, claimed, disputed
            unplaced = crng.random(m) < 0.006
            fatal = np.where(crng.random(m) < 0.6, np.floor(crng.lognormal(0.8, 1.1, m)), -1).astype(np.int64)
            corroborated = (status == 2) | (crng.random(m) < 0.15)

            # Ids, names, phrases.
            idx = np.arange(a, b)
            event_id = _join("ev-", pc.utf8_lpad(_str(idx), 8, "0"))
            name1, name2 = actor_name_arr.take(pa.array(a1)), actor_name_arr.take(pa.array(a2))
            place_name = place_name_arr.take(pa.array(loc))
            country = country_arr.take(pa.array(loc))
            two = pa.array(n_act >= 2)
            obj = pc.if_else(pc.and_(pa.array(is_battle[sub]), two), name2, _take(objects, sub))
            date_phrase = _date_phrases(c_start, c_end, c_prec)
            claimed = pa.array(status == 1)
            verb = pc.if_else(claimed, _join("claimed to have ", _take(verbs, sub)), _take(verbs, sub))
            has_fatal = pa.array(fatal >= 0)
            killed = pc.if_else(has_fatal, _join(", leaving ", _str(np.maximum(fatal, 0)), " dead"), "")
            where = pc.if_else(pa.array(unplaced), " in an unnamed locality", _join(" near ", place_name, ", ", country))
            sentence = _join(date_phrase, ", ", name1, " ", verb, " ", obj, where, killed, ".")
            ctx = crng.integers(len(CONTEXT), size=m)
            ctx_place = pc.if_else(pa.array(unplaced), "the area", place_name)
            context = _join(_take([c[0] for c in CONTEXT], ctx), ctx_place, _take([c[1] for c in CONTEXT], ctx))
            closing = _take(list(CLOSING), crng.integers(len(CLOSING), size=m))
            description = _join(sentence, " ", context, " ", closing)
            title = _join(_take(sub_names, sub), " by ", name1,
                          pc.if_else(pa.array(unplaced), "", _join(" near ", place_name)))

            # Sources: a digest per run of events, a counter-bulletin beside it.
            sources_here = range(a // per_source, (b + per_source - 1) // per_source)
            primary_excerpt = [None] * m
            secondary_excerpt: dict[int, str] = {}
            sentences = sentence.to_pylist()
            alt_actor = actor_name_arr.take(pa.array((a1 + 7) % n_actors)).to_pylist()
            place_py = place_name.to_pylist()
            claim_rows = {k: [] for k in ("claim_id", "event_id", "aspect", "value", "source_id", "excerpt_ids")}
            event_ids_py = event_id.to_pylist()
            name1_py = name1.to_pylist()
            for s in sources_here:
                lo_, hi_ = s * per_source - a, min((s + 1) * per_source, b) - a
                first_day = EPOCH + dt.timedelta(days=int(days[a + lo_]))
                last_day = EPOCH + dt.timedelta(days=int(days[a + hi_ - 1]))
                publisher = PUBLISHERS[s % len(PUBLISHERS)]
                pid, sid = f"syn-d{s:05d}", f"syn-c{s:05d}"
                ids = texts.document(
                    pid, f"{publisher}: security events, {first_day:%d %B %Y} to {last_day:%d %B %Y}",
                    sentences[lo_:hi_],
                    {**meta, "publisher": publisher, "published": last_day, "kind": "news digest",
                     "reliability": "BCD"[s % 3], "reliability_reason": "synthetic digest"},
                )
                primary_excerpt[lo_:hi_] = ids
                rows = [i for i in range(lo_, hi_) if corroborated[i]]
                lines = []
                for i in rows:
                    if status[i] == 2:
                        lines.append(f"Other sources attributed the attack near {place_py[i]} to {alt_actor[i]}, not to {name1_py[i]}.")
                    else:
                        lines.append(f"Local sources confirmed the incident near {place_py[i]} involving {name1_py[i]}.")
                other = PUBLISHERS[(s + 3) % len(PUBLISHERS)]
                ids2 = texts.document(
                    sid, f"{other}: corroborations and competing claims, {last_day:%B %Y}", lines,
                    {**meta, "publisher": other, "published": last_day, "kind": "news report",
                     "reliability": "CDE"[s % 3], "reliability_reason": "synthetic bulletin"},
                )
                for i, x in zip(rows, ids2):
                    secondary_excerpt[i] = x
                for i in range(lo_, hi_):
                    if status[i] == 0:
                        continue
                    ev = event_ids_py[i]
                    claim_rows["claim_id"].append(f"{ev}-c1-{pid[4:]}")
                    claim_rows["event_id"].append(ev)
                    claim_rows["aspect"].append("perpetrator")
                    claim_rows["value"].append(name1_py[i])
                    claim_rows["source_id"].append(pid)
                    claim_rows["excerpt_ids"].append([primary_excerpt[i]])
                    if status[i] == 2:
                        claim_rows["claim_id"].append(f"{ev}-c2-{sid[4:]}")
                        claim_rows["event_id"].append(ev)
                        claim_rows["aspect"].append("perpetrator")
                        claim_rows["value"].append(alt_actor[i])
                        claim_rows["source_id"].append(sid)
                        claim_rows["excerpt_ids"].append([secondary_excerpt[i]])

            # Evidence lists: the digest's excerpt, and the bulletin's when there is one.
            src_no = idx // per_source
            n_ev = 1 + corroborated.astype(np.int32)
            offsets = np.zeros(m + 1, np.int32)
            offsets[1:] = np.cumsum(n_ev)
            ex_values = np.empty(offsets[-1], dtype=object)
            src_values = np.empty(offsets[-1], dtype=object)
            ex_values[offsets[:-1]] = primary_excerpt
            src_values[offsets[:-1]] = [f"syn-d{s:05d}" for s in src_no]
            second = np.flatnonzero(corroborated)
            ex_values[offsets[second] + 1] = [secondary_excerpt[i] for i in second]
            src_values[offsets[second] + 1] = [f"syn-c{s:05d}" for s in src_no[second]]

            act_offsets = np.zeros(m + 1, np.int32)
            act_offsets[1:] = np.cumsum(n_act)
            act_idx = np.stack([a1, a2, a3], axis=1)[np.arange(3)[None, :] < n_act[:, None]]
            actor_lists = _list(act_offsets, actor_id_arr.take(pa.array(act_idx)))
            null_loc = pa.array(unplaced)
            events = _table("events", {
                "event_id": event_id,
                "title": title,
                "event_type": _take(sub_top, sub),
                "sub_event_type": _take(sub_names, sub),
                "date_start": pa.array(c_start, pa.date32()),
                "date_end": pa.array(c_end, pa.date32()),
                "date_precision": _take(list(schema.DATE_PRECISIONS), c_prec),
                "location_id": pc.if_else(null_loc, pa.scalar(None, pa.string()), place_id_arr.take(pa.array(loc))),
                "latitude": pc.if_else(null_loc, pa.scalar(None, pa.float64()), pa.array(lat_arr[loc])),
                "longitude": pc.if_else(null_loc, pa.scalar(None, pa.float64()), pa.array(lon_arr[loc])),
                "actor_ids": actor_lists,
                "status": _take(list(schema.STATUSES), status),
                "description": description,
                "fatalities": pa.array(fatal, mask=fatal < 0),
                "source_ids": _list(offsets, pa.array(src_values, pa.string())),
                "excerpt_ids": _list(offsets, pa.array(ex_values, pa.string())),
            })
            writers["events"].write_table(events, row_group_size=ROW_GROUP)

            battle = is_battle[sub]
            role2 = np.where(battle, 0, 1)  # participant, or target
            roles = np.array(["participant", "target", "perpetrator", "supporter"])
            role_idx = np.stack([np.where(battle, 0, 2), role2, np.full(m, 3)], axis=1)
            keep = np.arange(3)[None, :] < n_act[:, None]
            writers["event_actors"].write_table(_table("event_actors", {
                "event_id": event_id.take(pa.array(np.repeat(np.arange(m), n_act))),
                "actor_id": actor_id_arr.take(pa.array(act_idx)),
                "role": pa.array(roles[role_idx[keep]]),
            }), row_group_size=ROW_GROUP)
            if claim_rows["claim_id"]:
                writers["claims"].write_table(_table("claims", claim_rows), row_group_size=ROW_GROUP)
            excerpt_writer.write_table(_excerpt_table(texts), row_group_size=ROW_GROUP)
            source_rows += texts.sources
            texts.sources, texts.excerpts = [], []
            if progress:
                progress("events", b, n)
        # Locations and actors cite their reference documents; relations get their own.
        relations = _relations(np.random.default_rng([seed, 2]), actors, texts, meta)
        excerpt_writer.write_table(_excerpt_table(texts), row_group_size=ROW_GROUP)
        source_rows += texts.sources
    finally:
        for writer in (*writers.values(), excerpt_writer):
            writer.close()

    _write_parquet(_table("locations", {
        "location_id": places["location_id"], "name": places["name"],
        "country_iso3": places["country_iso3"], "latitude": places["latitude"],
        "longitude": places["longitude"], "precision": places["precision"],
        "radius_km": places["radius_km"], "aliases": places["aliases"],
        "excerpt_ids": [[x] for x in place_excerpts],
    }), directory / "locations.parquet")
    _write_parquet(_table("actors", {
        "actor_id": actors["actor_id"], "name": actors["name"], "kind": actors["kind"],
        "family": actors["family"], "aliases": actors["aliases"], "summary": profiles,
        "excerpt_ids": [[x] for x in actor_excerpts],
    }), directory / "actors.parquet")
    _write_parquet(relations, directory / "relations.parquet")
    _write_parquet(schema.TABLES["crosswalk"].empty_table(), directory / "crosswalk.parquet")  # no import
    _write_parquet(_table("sources", {k: [row.get(k) for row in source_rows] for k in schema.TABLES["sources"].names}),
                   directory / "sources.parquet")
    if progress:
        progress(f"done in {time.perf_counter() - started:.1f} s, {n_places:,} places, "
                 f"{n_actors:,} actors, {len(source_rows):,} sources; events", n, n)


def _excerpt_table(texts: _Texts) -> pa.Table:
    rows = texts.excerpts
    return _table("excerpts", {
        "excerpt_id": [r[0] for r in rows], "source_id": [r[1] for r in rows],
        "char_start": [r[2] for r in rows], "char_end": [r[3] for r in rows],
        "text": [r[4] for r in rows],
    }) if rows else schema.TABLES["excerpts"].empty_table()


def _relations(rng: np.random.Generator, actors: dict, texts: _Texts, meta: dict) -> pa.Table:
    """The corpus's relations, then random ones (subjects and objects Zipf by rank)."""
    n_actors = len(actors["actor_id"])
    index = {a: i for i, a in enumerate(actors["actor_id"])}
    triples = [(index[s], p, index[o]) for s, p, o in NAMED_RELATIONS]
    predicates = list(schema.PREDICATES)
    cdf = _cdf(1.0 / np.arange(1, n_actors + 1) ** 0.9)
    subjects = _pick(rng, cdf, n_actors)
    objects_ = _pick(rng, cdf, n_actors)
    for s, o, p in zip(subjects, objects_, rng.integers(len(predicates), size=n_actors)):
        if s != o:
            triples.append((int(s), predicates[p], int(o)))
    triples = list(dict.fromkeys(triples))
    names = actors["name"]
    starts, ends, lines = [], [], []
    for s, p, o in triples:
        y0 = int(max(actors["first"][s], actors["first"][o]))
        y1 = int(min(actors["last"][s], actors["last"][o]))
        if y1 < y0:
            y1 = y0
        starts.append(dt.date(y0, 1, 1))
        ends.append(dt.date(y1, 12, 31))
        lines.append(f"{names[s]} {PREDICATE_PHRASES[p]} {names[o]} from {y0} to {y1}.")
    ids = texts.document("syn-relations", "[Synthetic chronology of alliances and rivalries]", lines,
                         {**meta, "kind": "chronology"})
    status = rng.choice(list(schema.STATUSES), size=len(triples), p=[0.85, 0.1, 0.05])
    return _table("relations", {
        "relation_id": [f"rel-{i:06d}" for i in range(len(triples))],
        "subject_id": [actors["actor_id"][s] for s, _, _ in triples],
        "predicate": [p for _, p, _ in triples],
        "object_id": [actors["actor_id"][o] for _, _, o in triples],
        "date_start": starts, "date_end": ends,
        "date_precision": ["year"] * len(triples),
        "status": status.tolist(),
        "excerpt_ids": [[x] for x in ids],
    })
