"""What a simulated analyst opens: pages, filter links, and the sentence each must show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from sahel_atlas.contract import schema
from sahel_atlas.query.model import Vocabulary
from sahel_atlas.query.sentence import describe
from sahel_atlas.query.url import parse_query_params
from sahel_atlas.text.countries import iso3_codes

# url path -> what the page is ("" is the map, the default page).
PAGES: tuple[str, ...] = ("", "timeline", "data", "sources", "disagreements", "aqim")


@dataclass(frozen=True)
class Link:
    """A filter link: its query string and the display names its actors must show as."""

    query: str
    names: dict[str, str] = field(default_factory=dict)  # actor id -> name in the sentence

    def expected(self) -> re.Pattern[str]:
        return expected_sentence(self.query, self.names)


# Links an analyst might be sent, on the curated dataset's actors and countries.
LINKS: tuple[Link, ...] = (
    Link(""),
    Link("actor=aqim&from=2012&to=2020", {"aqim": "AQIM"}),
    Link("actor=jnim", {"jnim": "JNIM"}),
    Link("from=2013&to=2013"),
    Link("place=MLI&status=disputed"),
    Link("actor=aqim&actor=jnim&from=2017", {"aqim": "AQIM", "jnim": "JNIM"}),
    Link("q=hostage"),
)


def _vocabulary(names: dict[str, str]) -> Vocabulary:
    """Just enough vocabulary to parse a link and name its filters, without the dataset."""
    return Vocabulary(
        actors=dict(names),
        actor_names=dict(names),
        event_types=(*schema.EVENT_TYPES, *schema.SUB_EVENT_TYPES),
        countries=iso3_codes(),
    )


def expected_sentence(query: str, names: dict[str, str]) -> re.Pattern[str]:
    """The page's own filter sentence for `query` (sahel_atlas.query.sentence.describe), any count."""
    params = parse_qs(query, keep_blank_values=False)
    filters, notices = parse_query_params(params, _vocabulary(names))
    if notices:
        raise ValueError(f"link {query!r} is not one the app accepts: {'; '.join(notices)}")
    if filters.is_empty():
        return re.compile(r"(All [\d,]+ events|1 event)")
    # describe() puts the count first and may end on how many events only may fall in the
    # date window; the rest names the filters exactly.
    rest = describe(filters, 2, _vocabulary(names)).removeprefix("2 events")
    qualifier = r"(, (of which [\d,]+|leaving out [\d,]+ that) only may fall .+)?"
    return re.compile(r"[\d,]+ events?" + re.escape(rest) + qualifier)


def sentence_shown(texts: list[str], expected: re.Pattern[str]) -> bool:
    return any(expected.fullmatch(text) for text in texts)
