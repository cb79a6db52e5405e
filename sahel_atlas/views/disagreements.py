"""Where the sources disagree: the disputed and claimed events with their competing claims.

Pure logic for `components/disagreements.py`: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.text.dates import date_label
from sahel_atlas.text.values import text as _str

CONTESTED = ("disputed", "claimed")
# How an event's own evidence is labelled when the dataset records no separate claims for it.
EVENT_ASPECT = "event"


@dataclass(frozen=True)
class Quote:
    excerpt_id: str
    source_id: str
    text: str


@dataclass
class Claim:
    """What one source says about one aspect of an event, with the source's standing."""

    claim_id: str
    aspect: str
    value: str
    source_id: str
    source_title: str
    publisher: str
    reliability: str
    reliability_reason: str
    quotes: list[Quote]
    # True when built from the event's own excerpts because no claim rows exist.
    derived: bool = False


@dataclass
class Disagreement:
    event_id: str
    title: str
    date: str
    status: str
    description: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def unconfirmed(self) -> bool:
        """A claimed event that rests on a single claim: nothing else confirms it."""
        return self.status == "claimed" and len(self.claims) <= 1

    @property
    def aspects(self) -> list[tuple[str, list[Claim]]]:
        """The claims grouped by aspect, in the order the aspects first appear."""
        groups: dict[str, list[Claim]] = {}
        for claim in self.claims:
            groups.setdefault(claim.aspect, []).append(claim)
        return list(groups.items())

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(c.source_id for c in self.claims))

    def summary(self) -> str:
        """One plain sentence on what is contested (not escaped)."""
        if self.status == "disputed":
            aspects = [a for a, claims in self.aspects if len(claims) > 1] or [
                a for a, _ in self.aspects
            ]
            what = ", ".join(aspects) if aspects else "this event"
            sources = len(self.source_ids)
            among = f" ({sources} sources)" if sources > 1 else ""
            return f"Disputed: the sources disagree on the {what}{among}."
        if self.unconfirmed:
            return (
                "Unconfirmed: a single claim, which no other source in the dataset confirms."
            )
        return "Claimed: reported as unverified; the claims are shown side by side."


class _Lookup:
    def __init__(self, ds: Dataset, excerpt_ids: list[str]) -> None:
        self.sources = {r["source_id"]: r for r in ds.sources.to_dict("records")}
        # Only the excerpts these events cite: the table may hold millions.
        rows = ds.rows_by_id("excerpts", "excerpt_id", excerpt_ids)
        self.excerpts = {
            r["excerpt_id"]: Quote(r["excerpt_id"], r["source_id"], r["text"])
            for r in rows[["excerpt_id", "source_id", "text"]].to_dict("records")
        }

    def quote(self, excerpt_id: str) -> Quote:
        if excerpt_id in self.excerpts:
            return self.excerpts[excerpt_id]
        return Quote(excerpt_id, excerpt_id.rpartition(":")[0], "")

    def claim(
        self, claim_id: str, aspect: str, value: str, source_id: str, excerpt_ids: list[str],
        derived: bool = False,
    ) -> Claim:
        source = self.sources.get(source_id, {})
        return Claim(
            claim_id=claim_id,
            aspect=aspect,
            value=value,
            source_id=source_id,
            source_title=_str(source.get("title"), source_id),
            publisher=_str(source.get("publisher"), "unknown"),
            reliability=_str(source.get("reliability"), "F"),
            reliability_reason=_str(source.get("reliability_reason")),
            quotes=[self.quote(x) for x in excerpt_ids],
            derived=derived,
        )


def _derived_claims(lookup: _Lookup, event: dict) -> list[Claim]:
    """Without claim rows, the event's own evidence, one 'claim' per source."""
    by_source: dict[str, list[str]] = {}
    for excerpt_id in event.get("excerpt_ids") or []:
        by_source.setdefault(lookup.quote(excerpt_id).source_id, []).append(excerpt_id)
    return [
        lookup.claim(
            f"{event['event_id']}-evidence-{source_id}", EVENT_ASPECT,
            _str(event.get("description"), _str(event.get("title"))), source_id, ids,
            derived=True,
        )
        for source_id, ids in by_source.items()
    ]


def disagreements(ds: Dataset, events: pd.DataFrame | None = None) -> list[Disagreement]:
    """Every disputed or claimed event among `events` (default: all), earliest first, each
    with its claims (from the `claims` table, or else its own evidence grouped by source)."""
    if events is None:
        events = ds.rows("events", "status IN (SELECT unnest(?::VARCHAR[]))", [list(CONTESTED)])
    if events.empty:
        return []
    contested = events[events["status"].isin(CONTESTED)]
    contested = contested.sort_values(["date_start", "date_end", "event_id"], na_position="last")
    claims = ds.rows_by_id("claims", "event_id", list(contested["event_id"]))
    cited = {x for ids in contested["excerpt_ids"] for x in ids}
    cited |= {x for ids in claims["excerpt_ids"] for x in ids}
    lookup = _Lookup(ds, sorted(cited))
    by_event: dict[str, list[dict]] = {}
    for row in claims.to_dict("records"):  # the table's order: c1, c2, ... as built
        by_event.setdefault(row["event_id"], []).append(row)
    result = []
    for event in contested.to_dict("records"):
        rows = by_event.get(event["event_id"], [])
        found = [
            lookup.claim(
                r["claim_id"], _str(r["aspect"]), _str(r["value"]), r["source_id"],
                list(r["excerpt_ids"] or []),
            )
            for r in rows
        ]
        result.append(
            Disagreement(
                event_id=event["event_id"],
                title=_str(event["title"]),
                date=date_label(event["date_start"], event["date_end"], event["date_precision"]),
                status=event["status"],
                description=_str(event.get("description")),
                claims=found or _derived_claims(lookup, event),
            )
        )
    return result
