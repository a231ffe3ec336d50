"""General English word relations (WordNet 3.0), by index term: what a reader's word may
be called in an article ("rescued" / "rescuers", "honour" / "award").

The list ships in bot/data/word_relations.txt, made by docs/word_relations.py from
Debian's wordnet-base (synonyms, derivations, one-step hypernyms and hyponyms, each
weighted by how often the word means that sense), and phrasal verbs keyed ``verb_particle``
("leav_out": exclude, omit), looked up for a question's verb and particle only. It is
general English, not any question set's words; answering weighs a relation below an exact
match.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TypeVar, overload

from bot.lines import Lines
from bot.memo import Bounded


@cache
def relations() -> Relations:
    """Index term -> related index terms, each with a weight in (0, 1], both ways: a
    reader may write the general word ("left") where the article has the specific one
    ("fled"), or the other way round."""
    text = resources.files("bot").joinpath("data/word_relations.txt").read_text("utf-8")
    return Relations(both_ways(parse(text)))


T = TypeVar("T")
KEPT = 4096  # terms whose relations are kept read: a bound on memory, not a tuning value
_NONE: dict[str, float] = {}  # kept for a term without relations (compared by identity)


class Relations(Mapping[str, dict[str, float]]):
    """The table as sorted lines ``term<TAB>other weight other weight ...``, each read into
    a dict when a term is looked up: as dicts of dicts it held ~10 MiB for the process's
    life, as lines ~2 (a look-up is a binary search and a split, ~10 µs, for a question's
    new word). The weights are kept as their `repr`, so they read back bit for bit."""

    def __init__(self, table: Mapping[str, Mapping[str, float]]):
        self._kept: Bounded[str, dict[str, float]] = Bounded(KEPT)  # terms read (~1 MiB)
        self._lines = Lines(
            "\t".join((own, *(f"{other} {weight!r}" for other, weight in others.items())))
            for own, others in sorted(table.items())
        )

    def __getitem__(self, index_term: str) -> dict[str, float]:
        """The term's relations (KeyError when it has none); the recently read are kept, as
        a question's words and phrasal verbs are looked up again by the next (do not change
        the dict returned)."""
        found = self._found(index_term)
        if found is _NONE:
            raise KeyError(index_term)
        return found

    @overload
    def get(self, index_term: str, /) -> dict[str, float] | None: ...
    @overload
    def get(self, index_term: str, /, default: dict[str, float] | T) -> dict[str, float] | T: ...
    def get(self, index_term: str, /, default: object = None) -> object:
        """The term's relations, or `default` when it has none: without `Mapping.get`'s
        KeyError raised and caught (~15 µs a question's new word without relations)."""
        found = self._found(index_term)
        return default if found is _NONE else found

    def _found(self, index_term: str) -> dict[str, float]:
        found = self._kept.get(index_term)
        if found is None:
            found = self._kept.keep(index_term, self._read(index_term))
        return found

    def _read(self, index_term: str) -> dict[str, float]:
        line = self._lines.after(f"{index_term}\t")
        if line is None:
            return _NONE
        pairs = line.split("\t") if line else []
        return {other: float(weight) for other, weight in (pair.split(" ") for pair in pairs)}

    def __iter__(self) -> Iterator[str]:
        return (line.partition("\t")[0] for line in self._lines.listed())

    def __len__(self) -> int:
        return len(self._lines)


def both_ways(table: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """`table` with each relation also read backwards, at the stronger of the two weights."""
    result = {own: dict(others) for own, others in table.items()}
    for own, others in table.items():
        if "_" in own:  # a phrasal verb ("hold_up"): looked up from a question only
            continue
        for other, weight in others.items():
            back = result.setdefault(other, {})
            if weight > back.get(own, 0.0):
                back[own] = weight
    return result


def parse(text: str) -> dict[str, dict[str, float]]:
    """Lines of `term other:weight ...` (weights in hundredths); `#` lines are comments."""
    table: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        own, *pairs = line.split()
        related: dict[str, float] = {}
        for pair in pairs:
            other, _, weight = pair.rpartition(":")
            related[other] = int(weight) / 100
        table[own] = related
    return table


def related(index_term: str) -> dict[str, float]:
    """The terms related to `index_term` with their weights; empty for an unknown term."""
    return relations().get(index_term) or {}
