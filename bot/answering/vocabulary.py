"""The question's words matched against the articles' words: a `Query` of units.

Every content word of the question is one *unit*. A word the articles use matches exactly
(and its prefix relatives a little); an unknown word is matched to close spellings
(bot/fuzzy.py) or another inflection; WordNet relations (bot/relations.py), the gendered
forms of a role (bot/lexicon.py), the dimension of a measure, the members of a class and an
acronym's spelled-out form add alternatives at lower weights. A unit scores by its best
alternative in each passage (bot/index.py, through bot/answering/candidates.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache, cached_property

from rapidfuzz.distance import OSA

from bot.answering.analysis import Analysis
from bot.answering.naming import FRAME_TERMS, TERM
from bot.answering.query import Query, Unit
from bot.config import RetrievalSettings
from bot.frequency import background_idf
from bot.fuzzy import FuzzyVocabulary, SpellingSettings
from bot.index import Bm25Index
from bot.lexicon import SYNONYMS
from bot.memo import Bounded
from bot.postings import AcronymTable
from bot.relations import related
from bot.store_files import Words
from bot.text import STOPWORDS, analyze, term, words

UNITS_KEPT = 4096  # known words' units kept: ~1.6 KB each, <= 7 MiB (a memory bound)
# An unknown word's unit is kept by the word, its acronym and its close spellings' terms.
SpelledKey = tuple[str, str | None, tuple[tuple[str, float], ...]]


class Vocabulary:
    """What the articles' words are: the index's terms, their close spellings and the
    acronyms they spell out; turns a question's analysis into a `Query` of units."""

    def __init__(
        self, index: Bm25Index, extras: Mapping[str, Sequence[str]], settings: RetrievalSettings
    ):
        self.index = index
        self._extras = extras  # word lists gathered by bot.postings.build_postings, maybe saved
        self.rules = settings.rules
        self.use_fuzzy = settings.fuzzy
        self.fuzzy_weight = settings.fuzzy_weight
        self.spelling = settings.spelling
        # A known word's unit, by the word and whether it is expanded as an acronym: a
        # function of the word, the settings and this index only (no question's), built on
        # first use; an unknown word's close spellings are not kept here (`fuzzy` keeps them).
        self._units: Bounded[tuple[str, str | None], Unit] = Bounded(UNITS_KEPT)
        # An unknown word's unit, by the word, the acronym and the terms its close spellings
        # found: what the unit is made of besides them (an acronym's spelled-out words, the
        # synonyms, WordNet's relations, the IDF) is a function of the word and this index,
        # and is not made again each time the spellings are looked up anew (a new question).
        self._spelled: Bounded[SpelledKey, Unit] = Bounded(UNITS_KEPT)

    @cached_property
    def fuzzy(self) -> FuzzyVocabulary:
        """Close spellings of the articles' words: the tables saved with the index, or made
        of its word lists (seconds for a large archive: on first use or by `prepare`)."""
        return fuzzy_vocabulary(self._extras, self.spelling)

    @cached_property
    def acronyms(self) -> AcronymTable:
        """Acronym -> the capitalised phrases spelling it out; like `fuzzy`, built on first
        use or by `prepare` (~41 ms of CPU at 100k passages: its every 64th line read)."""
        return AcronymTable(self._extras.get("acronyms", ()))

    def query(self, analysis: Analysis) -> Query:
        units: list[Unit] = []
        rules = self.rules
        naming = analysis.naming
        for word in analysis.words:
            # An acronym also matches its spelled-out form ("ICC" -> "International Criminal
            # Court"): as alternatives of the same unit, they cannot outvote the acronym.
            acronym = None
            if word in analysis.capitals:  # "NGOs" spells NGO; "TASS" spells TASS
                acronym = word[:-1] if word in analysis.plurals else word
            unit = self._unit(word, acronym=acronym, name=word in analysis.names)
            if rules.dimensions and word == analysis.measured and analysis.dimension:
                unit = self._dimension(unit, analysis.dimension)
            if rules.members and analysis.class_word and word == analysis.class_word:
                unit = self._members(unit, analysis.members)
            if naming and naming.form == TERM and word in naming.frame:
                unit = self._frame(unit)
            units.append(unit)
        if analysis.phrasal and rules.relation_weight:
            units = self._phrasal(units, analysis.phrasal)
        if rules.compounds:
            units = compounds(units, analysis.compounds)
        if rules.stopword_typos:
            # "thier", "wuold", "wat": a function word mistyped, not a word of the question's
            # topic; matching nothing, it would only count as a word the articles lack
            units = [
                u for u in units if u.terms or u.word in analysis.names or not stopword_typo(u.word)
            ]
        return Query(tuple(units), analysis)

    def word_unit(self, word: str) -> Unit:
        """A word's unit outside any question (a follow-up's borrowed word, bot/followup.py)."""
        return self._unit(word, acronym=None, name=False)

    def _unit(self, word: str, *, acronym: str | None, name: bool) -> Unit:
        """The word's unit: kept for a word the index holds (or another inflection of it),
        whose alternatives come from the index's vocabulary and general tables alone; for an
        unknown word, kept by the terms its close spellings find, looked up anew (`fuzzy`)."""
        found = self._units.get((word, acronym))
        if found is not None:
            return found
        terms, spelled = self._own_terms(word, name)
        if not spelled:
            return self._units.keep((word, acronym), self._new_unit(word, acronym, terms))
        key = (word, acronym, tuple(terms.items()))
        found = self._spelled.get(key)
        if found is None:
            found = self._spelled.keep(key, self._new_unit(word, acronym, terms))
        return found

    def _own_terms(self, word: str, name: bool) -> tuple[dict[str, float], bool]:
        """The index terms standing for the word itself, with their weights, and whether
        they came from close spellings of an unknown word: its own term and its prefix
        relatives, another inflection's term, or its close spellings' terms (`name`: the
        reader capitalised it, and only names are looked up)."""
        own = term(word)
        terms: dict[str, float] = {}
        spelled = False
        if self.index.term_id(own) is not None:
            terms[own] = 1.0
            if self.use_fuzzy and self.rules.relatives:
                for relative in self.fuzzy.relatives(word):
                    alt = term(relative)
                    if alt != own and self.index.term_id(alt) is not None:
                        terms.setdefault(alt, self.fuzzy_weight * self.spelling.prefix_similarity)
        elif self.rules.inflections and (inflected := self._inflected(word)):
            terms[inflected] = 1.0  # the same word: "sacrifice" (sacrific) / "sacrificed" (sacrif)
        elif self.use_fuzzy:
            spelled = True
            for match in self.fuzzy.lookup(word, name=name):
                alt = term(match.word)
                if self.index.term_id(alt) is not None:
                    weight = self.fuzzy_weight * match.similarity
                    terms[alt] = max(terms.get(alt, 0.0), weight)
        return terms, spelled

    def _new_unit(self, word: str, acronym: str | None, own_terms: dict[str, float]) -> Unit:
        """The word's unit from the terms standing for it (`_own_terms`). `acronym`: what the
        word spells when the reader wrote it in capitals ("ngo" of "NGOs"); an unknown word
        is looked up as it is."""
        own = term(word)
        terms = dict(own_terms)
        if self.rules.expansion_weight and (acronym is not None or not terms):
            for phrase in self.acronyms.get(acronym or word, ()):
                for alt in analyze(phrase):
                    terms.setdefault(alt, self.rules.expansion_weight)
        synonyms = set()
        for alt in synonym_terms().get(own, ()) if self.rules.synonym_weight else ():
            if alt != own and self.index.term_id(alt) is not None:
                terms.setdefault(alt, self.rules.synonym_weight)
                synonyms.add(alt)
        relatives: set[str] = set()
        if self.rules.relation_weight:
            floor = self.rules.relation_floor
            for alt, strength in related(own).items():
                if strength >= floor and alt not in terms and self.index.term_id(alt) is not None:
                    terms[alt] = self.rules.relation_weight * strength
                    relatives.add(alt)
        idf = self._weight(own)
        common = background_idf(word) if self.rules.common_words and terms else None
        if common is not None and common < idf:  # "need": rare here, common in English
            scaled = common / idf
            return Unit(word, terms, common, frozenset(synonyms), scaled, frozenset(relatives))
        return Unit(word, terms, idf, frozenset(synonyms), related=frozenset(relatives))

    def _phrasal(self, units: list[Unit], found: tuple[tuple[str, str], ...]) -> list[Unit]:
        """ "held up": the verb's unit also matches the phrasal verb's relations ("delay"),
        like a WordNet relation of the word; a particle that is a unit itself ("back" of
        "send the form back") is part of the verb, not a topic word."""
        rules = self.rules
        for verb, particle in found:
            relations = related(f"{term(verb)}_{particle}")
            at = next((k for k, u in enumerate(units) if u.word == verb), None)
            if not relations or at is None:
                continue
            unit = units[at]
            terms, relatives = dict(unit.terms), set(unit.related)
            for alt, strength in relations.items():
                weight = rules.relation_weight * strength
                known = self.index.term_id(alt) is not None
                if strength >= rules.phrasal_floor and known and alt not in terms:
                    terms[alt] = weight
                    relatives.add(alt)
            units[at] = replace(unit, terms=terms, related=frozenset(relatives))
            units = [u for u in units if u.word != particle]
        return units

    def _dimension(self, unit: Unit, dimension: str) -> Unit:
        """ "How cold" asks a temperature: the dimension's noun is a synonym of the adjective."""
        alt = term(dimension)
        if self.index.term_id(alt) is None or (alt in unit.terms and alt not in unit.related):
            return unit
        terms = {**unit.terms, alt: max(self.rules.synonym_weight, unit.terms.get(alt, 0.0))}
        # the dimension's noun is what "how cold" asks about: it counts for declines too
        return replace(
            unit, terms=terms, synonyms=unit.synonyms | {alt}, related=unit.related - {alt}
        )

    def _frame(self, unit: Unit) -> Unit:
        """ "What is the beetle called?": the frame verb matches every naming verb ("named
        it ..."), as the same word: it says the answer is a name, not which verb gives it."""
        alts = {t for t in FRAME_TERMS if self.index.term_id(t) is not None} - unit.terms.keys()
        return replace(unit, terms={**unit.terms, **dict.fromkeys(alts, 1.0)})

    def _members(self, unit: Unit, members: str) -> Unit:
        """ "Which countries": a country's name holds the answer's kind, as a weak synonym."""
        alts = {t for t in member_terms(members) if self.index.term_id(t) is not None}
        alts -= unit.terms.keys()
        terms = {**unit.terms, **dict.fromkeys(alts, self.rules.member_weight)}
        return replace(unit, terms=terms, synonyms=unit.synonyms | alts)

    def _inflected(self, word: str) -> str | None:
        """The index term of another inflection of an unknown word, when the stemmer cuts the
        forms differently ("sacrifice" -> sacrific, "sacrificed" -> sacrif)."""
        if len(word) < 4:
            return None
        stems = [word[:-1]] if word.endswith(("d", "s")) else []
        stems += [word[:-2]] if word.endswith(("ed", "es")) else []
        stems += [word[:-3], word[:-3] + "e"] if word.endswith("ing") else []
        forms = [word + "s", word + "d", word + "ed", word + "ing", *stems]
        if word.endswith("e"):
            forms.append(word[:-1] + "ing")
        for form in forms:
            candidate = term(form)
            if self.index.term_id(candidate) is not None:
                return candidate
        return None

    def _weight(self, index_term: str) -> float:
        """A question word's weight in coverage: log((N + 1) / df), whatever the BM25 variant.

        Okapi's IDF is zero for a word in half of the passages (and floored below), which on a
        small knowledge base zeroes ordinary topic words; this one stays positive, and an
        unknown word weighs like the rarest known one (df = 1).
        """
        size = self.index.size
        df = self.index.doc_count(index_term)  # len(postings), without reading them
        return math.log((size + 1) / max(df, 1))


def fuzzy_vocabulary(
    extras: Mapping[str, Sequence[str]], settings: SpellingSettings
) -> FuzzyVocabulary:
    """The close spellings of `extras`' word lists: their tables as saved with the index
    when it has them for these settings' `min_length`, else made from the lists."""
    saved = extras.spelling if isinstance(extras, Words) else None
    if saved is not None and saved.min_length == settings.min_length:
        return FuzzyVocabulary(settings=settings, tables=(saved.words, saved.names))
    return FuzzyVocabulary(extras.get("surface", ()), extras.get("names", ()), settings)


@cache
def synonym_terms() -> dict[str, frozenset[str]]:
    """Synonym groups by index term, so that "attacking" finds the group of "attack"."""
    groups: dict[str, frozenset[str]] = {}
    for word, others in SYNONYMS.items():
        own = term(word)
        groups[own] = groups.get(own, frozenset()) | frozenset(term(o) for o in others)
    return groups


@cache
def member_terms(members: str) -> frozenset[str]:
    return frozenset(t for member in members.split() for t in analyze(member))


def compounds(units: list[Unit], found: tuple[str, ...]) -> list[Unit]:
    """A hyphenated compound ("bike-share") names one thing: its words count once, by the
    best of their terms, with the IDF of the rarest."""
    for compound in found:
        parts = set(words(compound))
        group = [u for u in units if u.word in parts]
        if len(group) < 2:
            continue
        terms: dict[str, float] = {}
        for unit in group:
            for index_term, weight in unit.terms.items():
                terms[index_term] = max(terms.get(index_term, 0.0), weight)
        rarest = max(group, key=lambda u: u.idf)
        synonyms = frozenset().union(*(u.synonyms for u in group))
        related = frozenset().union(*(u.related for u in group))
        one = Unit(compound, terms, rarest.idf, synonyms, rarest.scale, related)
        at = units.index(group[0])
        units = [*units[:at], one, *(u for u in units[at:] if u not in group)]
    return units


def _deletions(word: str) -> list[str]:
    return [word[:k] + word[k + 1 :] for k in range(len(word))]


@cache
def _stopword_keys() -> dict[str, tuple[str, ...]]:
    """Each stop word of three letters or more, and each of it with one letter left out ->
    those stop words: a word one slip from a stop word shares a key with it."""
    keys: dict[str, set[str]] = {}
    for word in STOPWORDS:
        if len(word) >= 3 and word.isalpha():
            for key in (word, *_deletions(word)):
                keys.setdefault(key, set()).add(word)
    return {key: tuple(sorted(found)) for key, found in keys.items()}


def stopword_typo(word: str) -> bool:
    """Whether `word` (three letters or more) is one typing slip from a stop word of three
    letters or more, a letter left out, added, changed or two swapped ("thier", "wuold",
    "wat", "wich", "agains"), and no English word itself: neither a common one ("live" is
    one from "like": bot/frequency.py) nor one WordNet relates ("whey", "hare", "ether":
    bot/relations.py). Read only for a word that matches nothing."""
    if len(word) < 3 or background_idf(word) is not None or related(term(word)):
        return False
    keys = _stopword_keys()
    near = {stop for key in (word, *_deletions(word)) for stop in keys.get(key, ())}
    # one slip: Damerau's optimal string alignment distance of 1 (a letter left out, added,
    # changed, or two adjacent letters swapped)
    return any(OSA.distance(word, stop, score_cutoff=1) == 1 for stop in near)
