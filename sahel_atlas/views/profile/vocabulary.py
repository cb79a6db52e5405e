"""The words a profile uses for predicates, relation sections, statuses and kinds of actor."""

from __future__ import annotations

from sahel_atlas.text.values import text

PREDICATE_PHRASES = {
    "leads": "leads",
    "member_of": "is a member of",
    "founded": "founded",
    "merged_into": "merged into",
    "split_from": "split from",
    "pledged_allegiance_to": "pledged allegiance to",
    "allied_with": "is allied with",
    "rival_of": "is a rival of",
    "succeeded": "succeeded",
    "mentored": "mentored",
    "part_of": "is part of",
    "supported": "supported",
    "fought": "fought",
}
# The relationship sections of a profile, in reading order, and the predicates in each.
RELATION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lineage, mergers and splits", ("founded", "merged_into", "split_from", "succeeded", "mentored")),
    ("Leadership, membership and allegiance", ("leads", "member_of", "part_of", "pledged_allegiance_to")),
    ("Alliances and support", ("allied_with", "supported")),
    ("Rivalries and fighting", ("rival_of", "fought")),
)
AFFILIATION_PREDICATES = ("pledged_allegiance_to", "part_of", "member_of", "merged_into")
STATUS_DASH = {"confirmed": "solid", "claimed": "dash", "disputed": "dot"}
KIND_SYMBOLS = {
    "group": "circle",
    "person": "diamond",
    "state": "square",
    "force": "triangle-up",
    "organisation": "hexagon",
}
KIND_LABELS = {
    "group": "armed group",
    "person": "person",
    "state": "state",
    "force": "military force or operation",
    "organisation": "organisation",
}


def predicate_label(predicate: object) -> str:
    """A predicate as words: `member_of` -> `member of`."""
    return text(predicate).replace("_", " ")
