"""The profile's short narrative: one to three sentences generated from its facts."""

from __future__ import annotations

from collections import Counter

from sahel_atlas.store.dataset import Dataset
from sahel_atlas.views import palette
from sahel_atlas.views.profile.actors import Actor, actors_by_id, label
from sahel_atlas.views.profile.facts import Fact, FactBox
from sahel_atlas.views.profile.relations import relations_of
from sahel_atlas.views.profile.vocabulary import KIND_LABELS, predicate_label

MAX_RIVALS = 6


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _pronoun(actor: Actor) -> str:
    return actor.short if actor.kind == "person" else "it"


def _what_it_is(box: FactBox) -> str:
    """'AQIM (…) is recorded as an armed group of the al-Qaeda family; 3 events involve it, …'."""
    actor = box.actor
    family = palette.FAMILY_LABELS.get(actor.family, actor.family).replace(" and affiliates", "")
    kind = KIND_LABELS.get(actor.kind, actor.kind or "actor")
    who = actor.short if actor.short == actor.name else f"{actor.short} ({actor.name})"
    first = f"{who} is recorded as {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    first += f" of the {family} family" if actor.family != "other" else ""
    if not box.events:
        return first + f"; no event involves {_pronoun(actor)}."
    years = box.first_year if box.first_year == box.last_year else f"{box.first_year} to {box.last_year}"
    verb = "involves" if box.events == 1 else "involve"
    return first + f"; {_plural(box.events, 'event')} {verb} {_pronoun(actor)}, dated {years}."


def _dated_names(facts: tuple[Fact, ...]) -> str:
    return ", ".join(f"{f.text} ({f.date})" if f.date != "undated" else f.text for f in facts)


def _leadership(box: FactBox) -> str | None:
    if box.leaders:
        return f"Its leaders in the sources: {_dated_names(box.leaders)}."
    if box.led:
        return f"{box.actor.short} leads or led: {_dated_names(box.led)}."
    return None


def _links(ds: Dataset, actor: Actor) -> str | None:
    """How many actors and relations the sources link it to, the commonest kinds, its rivals."""
    rel = [(r.predicate, r.other_id) for _, items in relations_of(ds, actor.actor_id) for r in items]
    if not rel:
        return None
    actors = actors_by_id(ds)
    others = {o for _, o in rel}
    top = ", ".join(f"{n} {predicate_label(p)}" for p, n in Counter(p for p, _ in rel).most_common(3))
    rivals = sorted({label(actors, o) for p, o in rel if p in ("rival_of", "fought")})
    sentence = (f"The sources link {_pronoun(actor)} to {_plural(len(others), 'actor')} "
                f"by {_plural(len(rel), 'relation')} (most: {top})")
    if rivals:
        more = " and others" if len(rivals) > MAX_RIVALS else ""
        sentence += f"; rivals and enemies: {', '.join(rivals[:MAX_RIVALS])}{more}"
    return sentence + "."


def narrative(ds: Dataset, box: FactBox) -> list[str]:
    """One to three sentences generated from the facts (raw text; the page labels them)."""
    sentences = [_what_it_is(box), _leadership(box), _links(ds, box.actor)]
    return [s for s in sentences if s]
