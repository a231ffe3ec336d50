"""A question matched against one index: its units (a content word and the index terms that
stand for it) and the shares of the question that a set of terms holds.

`Query` is built once per question by bot/answering/vocabulary.py. It is not frozen: it
memoises, for this one question, what ranking, declining and highlighting ask about the
same term sets and sentences (`held`, `cued`).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.answering.analysis import Analysis
from bot.memo import kept


@dataclass(frozen=True)
class Unit:
    """One content word of the question and the index terms that stand for it."""

    word: str
    terms: dict[str, float]  # index term -> weight (1.0 exact, less for fuzzy/expansion)
    idf: float
    synonyms: frozenset[str] = frozenset()  # the terms that came from a synonym group
    scale: float = 1.0  # share of its BM25 weight kept: < 1 for a common word (bot/frequency.py)
    related: frozenset[str] = frozenset()  # the terms that came from WordNet (bot/relations.py)

    def held_strict(self, terms: frozenset[str]) -> float:
        """`held` without the WordNet relations: declines weigh the reader's own words (and
        their spellings). Counting relations there, at any share, let near misses through
        ("the population of X" ~ "people") for no answerable question gained (docs/fit.py)."""
        return max(
            (w for t, w in self.terms.items() if t in terms and t not in self.related),
            default=0.0,
        )

    def held(self, terms: frozenset[str]) -> float:
        if terms.isdisjoint(self.terms):  # most sentences hold none of a word's forms
            return 0.0
        best = 0.0
        for index_term, weight in self.terms.items():
            if weight > best and index_term in terms:
                best = weight
        return best


@dataclass(eq=False)
class Query:
    units: tuple[Unit, ...]
    analysis: Analysis
    cued: dict[str, bool] = field(default_factory=dict)  # sentence -> holds the asked-for type
    held_in: dict[frozenset[str], tuple[float, ...]] = field(default_factory=dict)
    # sentences naming "it" in an article that holds the thing a naming question names
    # (bot/answering/ranking.py, `naming_articles`)
    named_here: set[str] = field(default_factory=set)

    @property
    def unknown_names(self) -> tuple[str, ...]:
        """Names that no article holds, not even as a close spelling: "Biden", "Wimbledon"."""
        names = self.analysis.names
        return tuple(u.word for u in self.units if u.word in names and not u.terms)

    @kept
    def terms(self) -> frozenset[str]:
        return frozenset(t for unit in self.units for t in unit.terms)

    @kept
    def focus(self) -> tuple[int, ...]:
        """Positions of the units naming the answer's kind ("arches" in "What kind of arches")."""
        focus = set(self.analysis.focus)
        return tuple(k for k, unit in enumerate(self.units) if unit.word in focus)

    @kept
    def asked(self) -> tuple[int, ...]:
        """Positions of the units of what is counted or asked ("beds" in "How many beds")."""
        asked = set(self.analysis.asked)
        return tuple(k for k, unit in enumerate(self.units) if unit.word in asked)

    @kept
    def own_terms(self) -> frozenset[str]:
        """The index terms of the reader's own words (no relatives, spellings or synonyms)."""
        return frozenset(t for unit in self.units for t, w in unit.terms.items() if w == 1.0)

    @kept
    def written_terms(self) -> frozenset[str]:
        """The reader's own words, a misspelt one read as its closest spelling ("foto" ->
        photo), but no relatives or synonyms ("heads" is no "headline")."""
        terms = set(self.own_terms)
        for unit in self.units:
            spellings = {t: w for t, w in unit.terms.items() if t not in unit.synonyms}
            if spellings and max(spellings.values()) < 1.0:
                terms.add(max(spellings, key=lambda t: (spellings[t], t)))
        return frozenset(terms)

    @kept
    def naming_terms(self) -> tuple[frozenset[str], frozenset[str]]:
        """For a naming question (bot/answering/naming.py): the index terms standing for who
        names the thing ("moscow", also "russia") and for the thing named ("war")."""
        naming = self.analysis.naming
        if naming is None:
            return frozenset(), frozenset()
        namer, named = set(naming.namer), set(naming.head)
        return (
            frozenset(t for u in self.units if u.word in namer for t in u.terms),
            frozenset(t for u in self.units if u.word in named for t in u.terms),
        )

    @kept
    def frame(self) -> tuple[int, ...]:
        """Positions of a naming question's frame words ("call" of "What does X call Y?")."""
        naming = self.analysis.naming
        frame = set(naming.frame) if naming else set()
        return tuple(k for k, unit in enumerate(self.units) if unit.word in frame)

    @kept
    def mass(self) -> float:
        return sum(unit.idf for unit in self.units)

    def held(self, terms: frozenset[str]) -> tuple[float, ...]:
        """Each unit's best match weight in `terms` (0 when absent)."""
        found = self.held_in.get(terms)  # ranking, ties and highlighting ask the same sets
        if found is None:
            found = self.held_in[terms] = tuple([unit.held(terms) for unit in self.units])
        return found

    @kept
    def idfs(self) -> tuple[float, ...]:
        return tuple(unit.idf for unit in self.units)

    def share(self, held: Sequence[float]) -> float:
        """The IDF share of the question that per-unit weights `held` amount to."""
        total = self.mass
        if total <= 0:
            return 0.0
        return float(sum(map(operator.mul, self.idfs, held))) / total

    @property
    def unseen(self) -> float:
        """Share of the question's IDF mass in words no article holds, even as a close spelling
        (a word found only through its WordNet relations counts as unseen)."""
        total = self.mass
        unseen = sum(u.idf for u in self.units if not u.terms.keys() - u.related)
        return unseen / total if total > 0 else 0.0

    def coverage(self, terms: frozenset[str]) -> float:
        return self.share(self.held(terms))

    @kept
    def named(self) -> tuple[Unit, ...]:
        """The units of the names the reader wrote that some article holds."""
        return tuple(u for u in self.units if u.word in self.analysis.names and u.terms)

    @kept
    def named_mass(self) -> float:
        return sum(u.idf for u in self.named)

    def named_share(self, terms: frozenset[str]) -> float:
        """Share of the names' IDF mass that `terms` hold (0 when the reader named nothing)."""
        total = self.named_mass
        return sum(u.idf * u.held(terms) for u in self.named) / total if total > 0 else 0.0
