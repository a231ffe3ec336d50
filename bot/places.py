"""Named places and the countries they stand in (WordNet 3.0): which words a reader may name
a place's body by ("the Kremlin spokesman" asked as "the Russian spokesman", "a Downing
Street source" as "a British source", "White House officials" as "American officials").

The table ships in bot/data/place_countries.txt, made by docs/place_countries.py from
Debian's wordnet-base: each named place by its index term (a name of several words joined
by "_": "white_hous"), with the places it is part of up to its country and the words naming
those (synonyms, adjectives, people, the unions a country is a member of). It is general
English, not any question set's words.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache
from typing import NamedTuple

from bot.lines import Lines, data_lines


@cache
def _table() -> Lines:
    """The table's lines, read once and searched by binary search (~230 KB of text)."""
    return Lines(sorted(data_lines("place_countries.txt")))


@lru_cache(maxsize=1024)  # a word's places, kept whoever asked (a passage's qualifiers)
def within(place: str) -> frozenset[str]:
    """The index terms naming the places and country `place` (an index term, or the terms
    of a name joined by "_") stands in: "kremlin" -> moscow, russia, russian, ...; empty for
    a place WordNet does not know or a word that names no place."""
    line = _table().after(f"{place} ")
    return frozenset(line.split()) if line is not None else frozenset()


@cache
def _inside() -> Lines:
    """The table read backwards, made on first use: a word naming a place or country, and the
    places standing in it ("moscow kremlin ..."), as sorted lines."""
    inside: dict[str, list[str]] = defaultdict(list)
    for line in _table().listed():
        place, *names = line.split(" ")
        for name in names:
            inside[name].append(place)
    return Lines(f"{name} {' '.join(places)}" for name, places in sorted(inside.items()))


class Inside(NamedTuple):
    """The places standing in a place or country: those of one word, and those of several as
    their words ("down", "street" of Downing Street)."""

    single: frozenset[str]
    several: tuple[tuple[str, ...], ...]
    first: frozenset[str]  # the first words of those of several: most passages hold none


_NOWHERE = Inside(frozenset(), (), frozenset())


@lru_cache(maxsize=1024)  # a word's places, kept whoever asked (the recent names)
def standing_in(name: str) -> Inside:
    """The places (index terms) standing in the place or country `name` names: "moscow" ->
    kremlin, ...; none for a word naming none. One look-up, where asking `within` of every
    word of a passage is one each (~5 µs)."""
    line = _inside().after(f"{name} ")
    if line is None:
        return _NOWHERE
    places = line.split()
    single = frozenset(p for p in places if "_" not in p)
    several = tuple(tuple(p.split("_")) for p in places if "_" in p)
    return Inside(single, several, frozenset(parts[0] for parts in several))
