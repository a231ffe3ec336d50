"""A question matched against one index: its units (a content word and the index terms that
stand for it) and the shares of the question that a set of terms holds.

`Query` is built once per question by bot/answering/vocabulary.py. It is not frozen: it
memoises, for this one question, what ranking, declining and highlighting ask about the
same term sets and sentences (`held`, `cued`).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.answering import leaders
from bot.answering.analysis import Analysis
from bot.memo import kept
from bot.text import term


@dataclass(frozen=True)
class Unit:
    """One content word of the question and the index terms that stand for it."""

    word: str
    terms: dict[str, float]  # index term -> weight (1.0 exact, less for fuzzy/expansion)
    idf: float
    synonyms: frozenset[str] = frozenset()  # the terms that came from a synonym group
    scale: float = 1.0  # share of its BM25 weight kept: < 1 for a common word (bot/frequency.py)
    related: frozenset[str] = frozenset()  # the terms that came from WordNet (bot/relations.py)

    # What follows is kept per unit, and a known word's unit per word (bot/answering/
    # candidates.py): computed once for a word, not once for each question holding it.

    @kept
    def own(self) -> frozenset[str]:
        """The terms of the reader's own word: weight 1, no relative, spelling or synonym."""
        return frozenset(t for t, w in self.terms.items() if w == 1.0)

    @kept
    def spelling(self) -> str | None:
        """The closest spelling of a misspelt word ("foto" -> photo), None for a word written
        as the articles write it (or found only through relatives or synonyms)."""
        spellings = {t: w for t, w in self.terms.items() if t not in self.synonyms}
        if spellings and max(spellings.values()) < 1.0:
            return max(spellings, key=lambda t: (spellings[t], t))
        return None

    @kept
    def found(self) -> bool:
        """Whether an article holds the word, or a close spelling or synonym of it (not
        only a WordNet relation)."""
        return bool(self.terms.keys() - self.related)

    @kept
    def unsynonymous(self) -> frozenset[str]:
        """Its terms but those of its synonym group: what the short answer never repeats."""
        return frozenset(t for t in self.terms if t not in self.synonyms)

    @kept
    def numeric(self) -> bool:
        """Whether the word holds a digit ("1107", "10th"): a number an answer must state."""
        return any(c.isdigit() for c in self.word)

    @kept
    def scaled(self) -> Mapping[str, float]:
        """Its terms' weights times its `scale`: what BM25 weighs it by (bot/answering/
        candidates.py; read only)."""
        scale = self.scale
        return {t: w * scale for t, w in self.terms.items()}

    @kept
    def strict(self) -> tuple[tuple[str, float], ...]:
        """Its terms and weights but the WordNet relations'."""
        return tuple((t, w) for t, w in self.terms.items() if t not in self.related)

    def held_strict(self, terms: frozenset[str]) -> float:
        """`held` without the WordNet relations: declines weigh the reader's own words (and
        their spellings). Counting relations there, at any share, let near misses through
        ("the population of X" ~ "people") for no answerable question gained (docs/fit.py)."""
        best = 0.0
        for index_term, weight in self.strict:  # as `held`: a loop, no generator to make
            if weight > best and index_term in terms:
                best = weight
        return best

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
    shares: dict[tuple[float, ...], float] = field(default_factory=dict)  # held -> its share
    # sentences naming "it" in an article that holds the thing a naming question names
    # (bot/answering/ranking.py, `naming_articles`)
    named_here: set[str] = field(default_factory=set)
    leads: dict[str, bool] = field(default_factory=dict)  # sentence -> names a leader of the
    # thing a leader question asks about (`names_leader`)

    @property
    def unknown_names(self) -> tuple[str, ...]:
        """Names that no article holds, not even as a close spelling: "Biden", "Wimbledon"."""
        names = self.analysis.names
        if not names:  # most questions name nothing
            return ()
        return tuple(u.word for u in self.units if u.word in names and not u.terms)

    @kept
    def terms(self) -> frozenset[str]:
        """Every unit's index terms (the keys of `term_units`, which `held` reads too)."""
        return frozenset(self.term_units)

    def positions(self, words: tuple[str, ...]) -> tuple[int, ...]:
        """Positions of the units of `words` (most questions' focus, asked and frame words
        are none: then no unit is looked at)."""
        if not words:
            return ()
        wanted = set(words)
        return tuple(k for k, unit in enumerate(self.units) if unit.word in wanted)

    @kept
    def focus(self) -> tuple[int, ...]:
        """Positions of the units naming the answer's kind ("arches" in "What kind of arches")."""
        return self.positions(self.analysis.focus)

    @kept
    def asked(self) -> tuple[int, ...]:
        """Positions of the units of what is counted or asked ("beds" in "How many beds")."""
        return self.positions(self.analysis.asked)

    @kept
    def own_terms(self) -> frozenset[str]:
        """The index terms of the reader's own words (no relatives, spellings or synonyms)."""
        return frozenset().union(*(unit.own for unit in self.units))

    @kept
    def written_terms(self) -> frozenset[str]:
        """The reader's own words, a misspelt one read as its closest spelling ("foto" ->
        photo), but no relatives or synonyms ("heads" is no "headline")."""
        spellings = [unit.spelling for unit in self.units if unit.spelling is not None]
        return self.own_terms.union(spellings) if spellings else self.own_terms

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
        return self.positions(naming.frame) if naming else ()

    @kept
    def leader_roles(self) -> tuple[int, ...]:
        """Positions of a leader question's role words ("head" of "Who is the head of X?",
        "runs" of "Who runs X?": bot/answering/leaders.py)."""
        leader = self.analysis.leader
        return self.positions(leader.role) if leader else ()

    @kept
    def led_terms(self) -> frozenset[str]:
        """The index terms of what a leader question asks about: its words' own terms and
        spellings (no WordNet relation), and each word's own index term."""
        leader = self.analysis.leader
        if leader is None:
            return frozenset()
        led = set(leader.led)
        found = {t for u in self.units if u.word in led for t, _ in u.strict}
        return frozenset(found.union(map(term, led)))

    def names_leader(self, text: str) -> bool:
        """Whether the sentence `text` names a person in charge of what a leader question
        asks about (bot/answering/leaders.py `names_leader`)."""
        known = self.leads.get(text)
        if known is None:
            led, person = self.led_terms, self.analysis.person_words
            known = self.leads[text] = leaders.names_leader(text, led, person)
        return known

    @kept
    def mass(self) -> float:
        return sum(self.idfs)

    @kept
    def term_units(self) -> dict[str, tuple[tuple[int, float], ...]]:
        """Index term -> the units (by position) it stands for, with its weight in each."""
        found: dict[str, list[tuple[int, float]]] = {}
        for k, unit in enumerate(self.units):
            for index_term, weight in unit.terms.items():
                found.setdefault(index_term, []).append((k, weight))
        return {index_term: tuple(pairs) for index_term, pairs in found.items()}

    def held(self, terms: frozenset[str]) -> tuple[float, ...]:
        """Each unit's best match weight in `terms` (0 when absent): `Unit.held` of each unit,
        from the few question terms that `terms` holds rather than unit by unit."""
        found = self.held_in.get(terms)  # ranking, ties and highlighting ask the same sets
        if found is None:
            weights = [0.0] * len(self.units)
            common = self.terms.intersection(terms)
            if common:
                by_term = self.term_units
                for index_term in common:
                    for k, weight in by_term[index_term]:
                        if weight > weights[k]:
                            weights[k] = weight
            found = self.held_in[terms] = tuple(weights)
        return found

    @kept
    def idfs(self) -> tuple[float, ...]:
        return tuple(unit.idf for unit in self.units)

    def share(self, held: Sequence[float]) -> float:
        """The IDF share of the question that per-unit weights `held` amount to: kept per
        tuple of weights, as `held` gives them (the sentences and passages a question weighs
        mostly hold the same few of its units: four in five shares are asked again)."""
        if type(held) is not tuple:
            return self._share(held)
        found = self.shares.get(held)
        if found is None:
            found = self.shares[held] = self._share(held)
        return found

    def _share(self, held: Sequence[float]) -> float:
        total = self.mass
        if total <= 0:
            return 0.0
        return float(sum(map(operator.mul, self.idfs, held))) / total

    @property
    def unseen(self) -> float:
        """Share of the question's IDF mass in words no article holds, even as a close spelling
        (a word found only through its WordNet relations counts as unseen)."""
        total = self.mass
        unseen = sum(u.idf for u in self.units if not u.found)
        return unseen / total if total > 0 else 0.0

    def coverage(self, terms: frozenset[str]) -> float:
        return self.share(self.held(terms))

    @kept
    def named(self) -> tuple[Unit, ...]:
        """The units of the names the reader wrote that some article holds."""
        names = self.analysis.names
        if not names:  # most questions name nothing
            return ()
        return tuple(u for u in self.units if u.word in names and u.terms)

    @kept
    def named_mass(self) -> float:
        return sum(u.idf for u in self.named) if self.named else 0.0  # most questions: none

    def named_share(self, terms: frozenset[str]) -> float:
        """Share of the names' IDF mass that `terms` hold (0 when the reader named nothing)."""
        total = self.named_mass
        return sum(u.idf * u.held(terms) for u in self.named) / total if total > 0 else 0.0

    @kept
    def named_at(self) -> tuple[int, ...]:
        """Positions of the `named` units."""
        named = set(map(id, self.named))
        return tuple(k for k, unit in enumerate(self.units) if id(unit) in named)

    def named_held_share(self, held: Sequence[float]) -> float:
        """`named_share` of the terms whose `held` weights these are (the same sum)."""
        total, idfs = self.named_mass, self.idfs
        return sum(idfs[k] * held[k] for k in self.named_at) / total if total > 0 else 0.0
