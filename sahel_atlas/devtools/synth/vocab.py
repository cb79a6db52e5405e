"""What the synthetic data is drawn from: countries and eras, places, actors, event types, phrases."""

from __future__ import annotations

from sahel_atlas.contract import schema

# The countries places are drawn in (their names are `text.countries.country_name`'s).
COUNTRIES = frozenset({
    "DZA", "MLI", "NER", "BFA", "NGA", "TCD", "CMR", "MRT", "LBY", "TUN", "MAR", "SEN", "BEN",
    "TGO", "CIV", "ESH", "GIN", "GHA",
})
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

