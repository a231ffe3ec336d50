"""Question -> Answer: ranked passages, the best sentence, a citation, or a decline.

Retrieval is BM25 at the core, then a small re-ranking of the best
candidates with evidence BM25 cannot see (docs/quality.md says what each
step is worth on the question sets):

1. **Query words.** Every content word of the question is one *unit*. A word
   the articles use matches exactly (and its prefix relatives a little); an
   unknown word is matched to close spellings (bot/fuzzy.py); synonym groups
   (bot/lexicon.py) and an acronym's spelled-out form add alternatives at
   lower weights. A unit scores by its best alternative in each passage.
2. **Passage score** = BM25 + ``sentence_weight`` × (best BM25) × the share of
   the question's IDF mass that one sentence (or two adjacent ones) holds,
   plus a bonus when that sentence holds the asked-for type (a number for
   "how many", a date for "when", a name for "who", a place for "where"),
   plus ``NAMED_WEIGHT`` × (best BM25) × the IDF share of the reader's
   capitalised words (names: the question's topic anchors) the passage holds.
   A passage with no number (date) for a how-much (when) question keeps
   ``TYPE_MISSING`` of its score, a caption ``CAPTION_OFF_TOPIC`` unless the
   question names the photo.
3. **Definition questions** ("Who is X?", "What is the ICC?") prefer the
   article's first passage that holds X: news style introduces a person or
   body (role, full name) at first mention. Questions about the photo go to
   captions; the article-details passage answers only details questions.
4. **Several articles**: passages of different articles that hold the same
   question words with about the same score are a tie, and the newest
   article wins it, unless a close candidate holds more of the question.
5. **Decline** when the question names something (a capitalised word) that
   no article holds, or when the best passage holds less than
   ``min_coverage + unseen_weight × unseen`` of the question's IDF mass, where
   *unseen* is the share of that mass in words no article holds at all; the
   bar rises by ``asked_weight`` when the best passage lacks what the question
   counts or asks the holder of ("how many SOLDIERS", "the PRESIDENT of"),
   and again when it lacks a number the question names ("in 1107").
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import pairwise

import numpy as np

from bot.config import RetrievalSettings
from bot.frequency import background_idf, zipf_values
from bot.fuzzy import PREFIX_SIMILARITY, FuzzyVocabulary
from bot.index import Bm25Index, Bm25Params, Postings, PostingsBuilder
from bot.knowledge import (
    CREDIT_HINTS,
    DETAILS_HINTS,
    PHOTO_HINTS,
    Article,
    KnowledgeBase,
    Passage,
    split_sentences,
)
from bot.lexicon import SYNONYMS
from bot.memo import Lazy
from bot.question import (
    DATE,
    MEASURES,
    NAME,
    NUMBER,
    PERSON,
    QuestionCues,
    acronyms,
    article_topic,
    capitalised,
    class_asked,
    cues,
    cues_in,
    has_cue,
    inner_capitalised,
    measure_units,
    measured,
    quoted,
    uppercase_words,
)
from bot.text import (
    MAX_QUESTION_CHARS,
    STOPWORDS,
    analyze,
    normalize,
    pieces,
    term,
    words,
)

# Why a question was declined; the reply wording is render.py's business.
EMPTY = "empty"  # no words to search for
NOT_COVERED = "not_covered"  # its distinctive words are not in the knowledge base
WEAK = "weak"  # the best passage matches too little of it

DECLINE_UNKNOWN_NAMES = True  # a capitalised word no article holds means another topic
TOPIC_MUST_BE_KNOWN = True  # "the story about X": X unknown to every article declines
INFLECTIONS = True  # an unknown word matches another inflection of itself the index holds
COUNTED_WITH_NUMBER = True  # a number cue counts in a sentence holding what is counted
CREDIT_NAMES = True  # a who-question on a caption/details passage highlights the credited name
NUMBERS_MUST_MATCH = True  # a number of the question missing from the passage raises the bar
RELATIVES = True  # known words also match their prefix relatives (rescue/rescuers)
RERANK = 12  # candidates re-ranked with sentence, pair and definition evidence
EXPANSION_WEIGHT = 0.8  # an acronym's spelled-out words, each
SYNONYM_WEIGHT = 0.5  # a word of the same bot/lexicon.py group
CUE_BONUS = 0.25  # sentence share added when a sentence holds the asked-for type
FOCUS_BONUS = 0.25  # ... when it holds the noun naming the answer's kind ("what kind of arches")
NAME_BONUS = 2.0  # ... when it quotes another name for the thing asked about
DEFINITION_BONUS = 0.5  # × best BM25, for the first passage introducing X
PHOTO_WORDS = "photo photograph photographer picture image caption"
CAPTION_BOOST = 3.0  # a caption's score for a question that names the photo
DETAILS_OFF_TOPIC = 0.3  # score share left to the details passage for a topic question
WINDOW_SHARE = 0.9  # two adjacent sentences' evidence counts this much of one sentence's
TIE_SHARE = 0.6  # passages scoring this share of the best, on the same words, are tied
NAMED_WEIGHT = 0.25  # x best BM25 x the IDF share of the names (capitalised words) a passage holds
CAPTION_OFF_TOPIC = 0.9  # a caption describes the photo: for a topic question the body states it
TYPE_MISSING = 0.9  # score kept by a passage with no number (date) for a how-much (when) question
MEASURE_MISSING = 0.75  # ... with no measure of the dimension asked ("how cold": degrees)
MEASURE_BONUS = 0.5  # sentence share added for a measure of that dimension (CUE_BONUS otherwise)
MEASURES_MUST_MATCH = True  # decline a measure question whose best passage states none
NAMES_MUST_MATCH = True  # decline when the best article holds none of the names the reader wrote
HOLDER_MUST_MATCH = True  # decline "the president of Y" when the best article lacks Y
COUNTED_IS_HEAD = True  # "how many Russian soldiers" counts soldiers: the passage must hold them
ARTICLE_WEIGHT = 0.5  # coverage of a number/date answer: question words elsewhere in its article
COMPOUNDS = True  # a hyphenated compound ("bike-share") is one question word
COMMON_WORDS = True  # a common English word's IDF is capped (bot/frequency.py)
DIMENSIONS = True  # "how cold" also matches "temperature", "how tall" "height" (MEASURES)
MEMBERS = True  # "which countries" also matches country names, "what religion" "Catholic"
MEMBER_WEIGHT = 0.3  # ... each: below a synonym, as a class holds many (0.5 lost SQuAD answers)
TIES_HOLD_ALL = True  # no tie when a close candidate holds more of the question than the best


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    sentence: str  # the sentence of passage.text that best matches the question
    coverage: float  # share of the question's IDF mass that this passage holds


@dataclass(frozen=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]  # best first; empty when declined
    declined: str = ""  # EMPTY, NOT_COVERED or WEAK when the knowledge base does not answer
    closest: Hit | None = None  # for a decline: the nearest passage, to name what *is* covered
    truncated: bool = False  # the question was longer than MAX_QUESTION_CHARS

    @property
    def answered(self) -> bool:
        return not self.declined

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


@dataclass(frozen=True)
class Unit:
    """One content word of the question and the index terms that stand for it."""

    word: str
    terms: dict[str, float]  # index term -> weight (1.0 exact, less for fuzzy/expansion)
    idf: float
    synonyms: frozenset[str] = frozenset()  # the terms that came from a synonym group
    scale: float = 1.0  # share of its BM25 weight kept: < 1 for a common word (bot/frequency.py)

    def held(self, terms: frozenset[str]) -> float:
        if terms.isdisjoint(self.terms):  # most sentences hold none of a word's forms
            return 0.0
        best = 0.0
        for index_term, weight in self.terms.items():
            if weight > best and index_term in terms:
                best = weight
        return best


@dataclass(frozen=True)
class Query:
    units: tuple[Unit, ...]
    cues: QuestionCues
    pairs: frozenset[tuple[str, str]]  # adjacent content-word stems of the question
    text: str
    names: frozenset[str] = frozenset()  # words the reader capitalised inside the question
    cued: dict[str, bool] = field(default_factory=dict, compare=False)  # sentence -> has the cue
    held_in: dict[frozenset[str], tuple[float, ...]] = field(default_factory=dict, compare=False)

    @property
    def unknown_names(self) -> tuple[str, ...]:
        """Names that no article holds, not even as a close spelling: "Biden", "Wimbledon"."""
        return tuple(u.word for u in self.units if u.word in self.names and not u.terms)

    @cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(t for unit in self.units for t in unit.terms)

    @cached_property
    def focus(self) -> tuple[int, ...]:
        """Positions of the units naming the answer's kind ("arches" in "What kind of arches")."""
        focus = set(words(self.cues.focus))
        return tuple(k for k, unit in enumerate(self.units) if unit.word in focus)

    @cached_property
    def asked(self) -> tuple[int, ...]:
        """Positions of the units of what is counted or asked ("beds" in "How many beds")."""
        asked = set(words(self.cues.asked))
        return tuple(k for k, unit in enumerate(self.units) if unit.word in asked)

    @cached_property
    def own_terms(self) -> frozenset[str]:
        """The index terms of the reader's own words (no relatives, spellings or synonyms)."""
        return frozenset(t for unit in self.units for t, w in unit.terms.items() if w == 1.0)

    @cached_property
    def written_terms(self) -> frozenset[str]:
        """The reader's own words, a misspelt one read as its closest spelling ("foto" ->
        photo), but no relatives or synonyms ("heads" is no "headline")."""
        terms = set(self.own_terms)
        for unit in self.units:
            spellings = {t: w for t, w in unit.terms.items() if t not in unit.synonyms}
            if spellings and max(spellings.values()) < 1.0:
                terms.add(max(spellings, key=lambda t: (spellings[t], t)))
        return frozenset(terms)

    @cached_property
    def counts(self) -> bool:
        """ "How many ...?": a count of the asked noun."""
        return "how many" in " ".join(self.text.lower().split())

    @cached_property
    def mass(self) -> float:
        return sum(unit.idf for unit in self.units)

    def held(self, terms: frozenset[str]) -> tuple[float, ...]:
        """Each unit's best match weight in `terms` (0 when absent)."""
        found = self.held_in.get(terms)  # ranking, ties and highlighting ask the same sets
        if found is None:
            found = self.held_in[terms] = tuple(unit.held(terms) for unit in self.units)
        return found

    @cached_property
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
        """Share of the question's IDF mass in words no article holds, even as a close spelling."""
        total = self.mass
        return sum(u.idf for u in self.units if not u.terms) / total if total > 0 else 0.0

    def coverage(self, terms: frozenset[str]) -> float:
        return self.share(self.held(terms))

    @cached_property
    def named(self) -> tuple[Unit, ...]:
        """The units of the names the reader wrote that some article holds."""
        return tuple(u for u in self.units if u.word in self.names and u.terms)

    def named_share(self, terms: frozenset[str]) -> float:
        """Share of the names' IDF mass that `terms` hold (0 when the reader named nothing)."""
        total = sum(u.idf for u in self.named)
        return sum(u.idf * u.held(terms) for u in self.named) / total if total > 0 else 0.0


@dataclass(frozen=True)
class Sentence:
    text: str
    terms: frozenset[str]
    cues: frozenset[str] = frozenset()  # bot.question.cues_in: what it can answer


@dataclass(frozen=True)
class PassageFacts:
    """What re-ranking needs about a passage, computed once at build time."""

    terms: frozenset[str]
    document: tuple[str, ...]  # the index terms in order
    sentences: tuple[Sentence, ...] = field(default=())
    hints: frozenset[str] = frozenset()  # caption/details: hint words that describe every sentence

    @cached_property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Adjacent index terms, built on first use (only when pairs are weighed)."""
        return frozenset(pairwise(self.document))


class Answerer:
    """Answers questions from one immutable knowledge base; build a new one to reload."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        settings: RetrievalSettings | None = None,
        postings: Postings | None = None,  # the passages' analysed terms, e.g. from a cache
    ):
        self.knowledge = knowledge
        self.settings = settings or RetrievalSettings()
        params = Bm25Params(
            variant=self.settings.variant,
            k1=self.settings.k1,
            b=self.settings.b,
            delta=self.settings.delta,
        )
        passages = knowledge.passages
        if postings is None:
            postings = build_postings(passages)
        self.index = Bm25Index(postings, params)
        # Re-ranking facts are needed only for the few candidates of each question:
        # computed on first use, so a large archive starts from its saved index at once.
        self.facts: Lazy[PassageFacts] = Lazy(len(passages), lambda i: _facts(passages[i]))
        self._extras = postings.extras  # word lists gathered by build_postings, maybe saved
        self._details_hints = frozenset(analyze(DETAILS_HINTS))
        self._photo_words = frozenset(analyze(PHOTO_WORDS))

    @cached_property
    def fuzzy(self) -> FuzzyVocabulary:
        """Close spellings of the articles' words; its similarity keys take seconds for a
        large archive, so they are built on first use or by `prepare`, not at start."""
        return FuzzyVocabulary(self._extras.get("surface", ()), self._extras.get("names", ()))

    @cached_property
    def acronyms(self) -> dict[str, set[str]]:
        """Acronym -> the capitalised phrases spelling it out; like `fuzzy`, built on first
        use or by `prepare` (a quarter of a second of a 100k-passage start)."""
        return _acronym_table(self._extras.get("acronyms", ()))

    def prepare(self) -> None:
        """Build the lazy parts now (in a background thread) rather than on a reader's question."""
        _ = self.fuzzy, self.acronyms, zipf_values()  # the word list: 12 ms to read

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.knowledge.articles

    def answer(self, question: str) -> Answer:
        truncated = len(question) > MAX_QUESTION_CHARS
        query = self.query(question[:MAX_QUESTION_CHARS])
        if not query.units or not self.knowledge.passages:
            return Answer(question, (), declined=EMPTY, truncated=truncated)
        scores = self.scores(query)
        ranked = self.rerank(query, scores)
        keep = max(1, self.settings.alternatives + 1)
        hits = tuple(self._hit(i, score, query) for i, score in ranked[:keep])
        best = hits[0]
        closest = best if best.coverage > 0 else None  # nothing matched: no topic is closest
        unknown = DECLINE_UNKNOWN_NAMES and bool(query.unknown_names)
        doc_id = ranked[0][0]
        needed = self.settings.min_coverage + self.settings.unseen_weight * query.unseen
        if self.settings.asked_weight and not self._holds_asked(query, doc_id):
            needed += self.settings.asked_weight
        if NUMBERS_MUST_MATCH and not self._holds_numbers(query, doc_id):
            needed += self.settings.asked_weight
        if (
            unknown
            or self._coverage(query, doc_id) < needed
            or self._off_target(query, doc_id)
            or self._unknown_topic(query, best)
        ):
            return Answer(question, (), declined=NOT_COVERED, closest=closest, truncated=truncated)
        if best.score < self.settings.min_score:
            return Answer(question, (), declined=WEAK, closest=closest, truncated=truncated)
        return Answer(question, hits, truncated=truncated)

    def _off_target(self, query: Query, doc_id: int) -> bool:
        """Whether the best passage answers something else, however much of the question it
        holds: the reader named things the knowledge base holds but not this passage's
        article ("How hot was it in Kyiv?" against the apple harvest's temperatures), asked
        about a role's holder the article does not name ("Who is the president of Russia's
        central bank?" against Ukraine's president), or asked for a measure the passage does
        not state ("How high is Rysy?")."""
        named = query.named if NAMES_MUST_MATCH else ()
        holder = set(words(query.cues.holder)) if HOLDER_MUST_MATCH else set()
        in_holder = [unit for unit in query.units if unit.word in holder]
        if named or in_holder:  # most questions: no article to look through
            span = self._span(doc_id)
            if named and not any(self._in_article(unit, span) for unit in named):
                return True
            # in the article: "the Kremlin's spokesman" is "Putin's spokesman" in the story
            if not all(self._in_article(unit, span) for unit in in_holder):
                return True
        measure = MEASURES_MUST_MATCH and measure_units(query.text) is not None
        return measure and not self._states(query, doc_id)

    def _coverage(self, query: Query, doc_id: int) -> float:
        """The question's IDF share the passage holds. When it states the number or date
        asked for, words elsewhere in its article count at ARTICLE_WEIGHT: the question names
        the story ("How cold did it get in the apple orchards?"), the answering paragraph
        only the number ("Temperatures fell to minus five degrees")."""
        held = query.held(self.facts[doc_id].terms)
        typed = query.cues.answer_type in (NUMBER, DATE)
        if not ARTICLE_WEIGHT or not typed or not self._states(query, doc_id):
            return query.share(held)
        span = self._span(doc_id)
        around = [self._in_article(unit, span) for unit in query.units]
        return query.share([max(h, ARTICLE_WEIGHT * a) for h, a in zip(held, around, strict=True)])

    def _states(self, query: Query, doc_id: int) -> bool:
        """Whether a sentence of the passage holds the kind of answer asked for."""
        return any(self._cued(query, sentence) for sentence in self.facts[doc_id].sentences)

    def _span(self, doc_id: int) -> tuple[int, int]:
        """The first and last passage of the passage's article: its passages are adjacent."""
        passages = self.knowledge.passages
        article = passages[doc_id].article
        first = last = doc_id
        while first > 0 and passages[first - 1].article is article:
            first -= 1
        while last + 1 < len(passages) and passages[last + 1].article is article:
            last += 1
        return first, last

    def _in_article(self, unit: Unit, span: tuple[int, int]) -> float:
        """A unit's best weight in the passages of `span` (one binary search per term)."""
        best = 0.0
        for index_term, weight in unit.terms.items():
            if weight > best and self.index.holds_within(index_term, *span):
                best = weight
        return best

    def _holds_asked(self, query: Query, doc_id: int) -> bool:
        """Whether the passage holds what is counted or whose holder is asked ("how many
        SOLDIERS", "the PRESIDENT of"), in any form: an answer names it."""
        asked = words(query.cues.asked)
        if COUNTED_IS_HEAD and query.counts:  # "how many Russian soldiers": not any Russian
            asked = asked[-1:]
        units = [u for u in query.units if u.word in asked]
        terms = self.facts[doc_id].terms
        if units and measured(query.text) in asked and measure_units(query.text):
            return self._states(query, doc_id)  # "2.4 megawatts" is an amount of electricity
        return not units or any(u.held(terms) for u in units)

    def _holds_numbers(self, query: Query, doc_id: int) -> bool:
        """Whether the passage holds the numbers the question names ("in 1107", "the 10th
        century"): as specific as a name, and an answer states them."""
        terms = self.facts[doc_id].terms
        return all(
            any(t in terms for t, w in u.terms.items() if w == 1.0)  # no close spellings: 1170≠1107
            for u in query.units
            if any(c.isdigit() for c in u.word)
        )

    @staticmethod
    def _unknown_topic(query: Query, hit: Hit) -> bool:
        """A details or photo question naming its article by words no article holds:
        "Who wrote the story about the tidal turbines?" with no such story loaded. The hint
        words ("wrote", "story") match every details passage, so coverage alone passes it."""
        if not TOPIC_MUST_BE_KNOWN or hit.passage.kind not in ("details", "caption"):
            return False
        topic = set(words(article_topic(query.text))) - STOPWORDS
        units = [u for u in query.units if u.word in topic]
        return bool(units) and all(not u.terms for u in units)

    # ------------------------------------------------------------ query

    def query(self, question: str) -> Query:
        capitals = set(uppercase_words(question))
        names = capitalised(question)
        question_cues = cues(question)
        units: list[Unit] = []
        seen: set[str] = set()
        for word in words(question):
            if word in STOPWORDS or word in seen or (question_cues.spelled_out and word == "stand"):
                continue
            seen.add(word)
            # An acronym also matches its spelled-out form ("ICC" -> "International Criminal
            # Court"): as alternatives of the same unit, they cannot outvote the acronym.
            expand = word in capitals
            unit = self._unit(word, expand=expand, name=word in names)
            if DIMENSIONS and word == measured(question) and word in MEASURES:
                unit = self._dimension(unit)
            if MEMBERS and (asked := class_asked(question)) and word == asked[0]:
                unit = self._members(unit, asked[1])
            units.append(unit)
        if COMPOUNDS:
            units = _compounds(units, question)
        stems = [term(w) for w in words(question) if w not in STOPWORDS]
        pairs = frozenset(pairwise(stems))
        return Query(tuple(units), question_cues, pairs, question, names)

    def _unit(self, word: str, *, expand: bool, name: bool) -> Unit:
        own = term(word)
        terms: dict[str, float] = {}
        if self.index.term_id(own) is not None:
            terms[own] = 1.0
            if self.settings.fuzzy and RELATIVES:
                for relative in self.fuzzy.relatives(word):
                    alt = term(relative)
                    if alt != own and self.index.term_id(alt) is not None:
                        terms.setdefault(alt, self.settings.fuzzy_weight * PREFIX_SIMILARITY)
        elif INFLECTIONS and (inflected := self._inflected(word)):
            terms[inflected] = 1.0  # the same word: "sacrifice" (sacrific) / "sacrificed" (sacrif)
        elif self.settings.fuzzy:
            for match in self.fuzzy.lookup(word, name=name):
                alt = term(match.word)
                if self.index.term_id(alt) is not None:
                    weight = self.settings.fuzzy_weight * match.similarity
                    terms[alt] = max(terms.get(alt, 0.0), weight)
        if EXPANSION_WEIGHT and (expand or not terms):
            for phrase in self.acronyms.get(word.rstrip("s"), ()):
                for alt in analyze(phrase):
                    terms.setdefault(alt, EXPANSION_WEIGHT)
        synonyms = set()
        for alt in _synonym_terms().get(own, ()) if SYNONYM_WEIGHT else ():
            if alt != own and self.index.term_id(alt) is not None:
                terms.setdefault(alt, SYNONYM_WEIGHT)
                synonyms.add(alt)
        idf = self._weight(own)
        common = background_idf(word) if COMMON_WORDS and terms else None
        if common is not None and common < idf:  # "need": rare here, common in English
            return Unit(word, terms, common, frozenset(synonyms), scale=common / idf)
        return Unit(word, terms, idf, frozenset(synonyms))

    def _dimension(self, unit: Unit) -> Unit:
        """ "How cold" asks a temperature: the dimension's noun is a synonym of the adjective."""
        alt = term(MEASURES[unit.word])
        if self.index.term_id(alt) is None or alt in unit.terms:
            return unit
        terms = {**unit.terms, alt: SYNONYM_WEIGHT}
        return replace(unit, terms=terms, synonyms=unit.synonyms | {alt})

    def _members(self, unit: Unit, members: str) -> Unit:
        """ "Which countries": a country's name holds the answer's kind, as a weak synonym."""
        alts = {t for t in _member_terms(members) if self.index.term_id(t) is not None}
        alts -= unit.terms.keys()
        terms = {**unit.terms, **dict.fromkeys(alts, MEMBER_WEIGHT)}
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
        df = len(self.index.postings(index_term))
        return math.log((size + 1) / max(df, 1))

    # ------------------------------------------------------------ ranking

    def scores(self, query: Query) -> np.ndarray:
        """BM25 where each question word counts once: by its best match in each passage.

        Words with one index term are scored together in one pass; a word with
        alternatives (fuzzy, synonym, acronym) takes the maximum over them, so
        an exact match plus its synonyms in one passage do not add up.
        """
        units = query.units
        single = {t: w * u.scale for u in units if len(u.terms) == 1 for t, w in u.terms.items()}
        total = self.index.scores(single)
        for unit in units:
            if len(unit.terms) > 1:
                total += self.index.best_of({t: w * unit.scale for t, w in unit.terms.items()})
        return total

    def rerank(self, query: Query, scores: np.ndarray) -> list[tuple[int, float]]:
        """The best candidates by BM25, re-scored with sentence, pair and definition evidence."""
        candidates = _top(scores, RERANK)
        top = float(scores[candidates[0]]) if candidates else 0.0
        if top <= 0:
            return [(i, float(scores[i])) for i in candidates]
        s = self.settings
        final: dict[int, float] = {}
        asks_details = bool(self._details_hints & query.written_terms)
        asks_photo = bool(self._photo_words & query.written_terms)
        typed = TYPE_MISSING < 1 and query.cues.answer_type in (NUMBER, DATE)  # precise cues
        missing = MEASURE_MISSING if measure_units(query.text) else TYPE_MISSING
        for i in candidates:
            facts = self.facts[i]
            evidence = s.sentence_weight * self._sentence_share(query, facts)
            if s.bigram_weight:
                evidence += s.bigram_weight * _pair_share(query, facts)
            if NAMED_WEIGHT:
                evidence += NAMED_WEIGHT * query.named_share(facts.terms)
            final[i] = float(scores[i]) + top * evidence
            if typed and not self._states(query, i):
                final[i] *= missing  # no sentence holds the number, measure or date asked for
            kind = self.knowledge.passages[i].kind
            if kind == "details" and not asks_details:
                final[i] *= DETAILS_OFF_TOPIC  # its title words are not an answer
            elif kind == "caption" and asks_photo:
                final[i] *= CAPTION_BOOST  # a question about the photo: the caption answers
            elif kind == "caption":
                final[i] *= CAPTION_OFF_TOPIC
        first = self._introduction(query, candidates)
        if first is not None:
            final[first] += top * DEFINITION_BONUS
        ranked = sorted(final.items(), key=lambda item: (-item[1], item[0]))
        return self._newest_first_on_ties(query, ranked)

    def _newest_first_on_ties(
        self, query: Query, ranked: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """When passages of several articles hold the very same question words
        with about the same score ("Who took the photo?"), nothing in the
        question picks an article: answer about the newest one, the story a
        news reader most likely means."""
        if len(ranked) < 2:
            return ranked
        bar = TIE_SHARE * ranked[0][1]
        close = {i: self._matched(query, i) for i, score in ranked if score >= bar}
        matched = close.get(ranked[0][0])
        if matched is None:  # TIE_SHARE above 1: ties switched off (docs/ablation.py)
            return ranked
        if TIES_HOLD_ALL:
            held = query.share(matched)
            if any(query.share(other) > held for other in close.values()):
                return ranked  # a close candidate holds more of the question: the question picks
        tied = [(i, score) for i, score in ranked if close.get(i) == matched]
        if len({self.knowledge.passages[i].article.key for i, _ in tied}) < 2:
            return ranked
        newest = max(tied, key=lambda item: (_date(self.knowledge.passages[item[0]]), item[1]))
        return [newest, *(item for item in ranked if item[0] != newest[0])]

    def _matched(self, query: Query, doc_id: int) -> tuple[float, ...]:
        return query.held(self.facts[doc_id].terms)

    def _sentence_share(self, query: Query, facts: PassageFacts) -> float:
        """The query's IDF share held by the best sentence or pair of adjacent sentences."""
        best = 0.0
        previous: Sequence[float] = ()
        nothing = (0.0,) * len(query.units)
        for sentence in facts.sentences:
            terms = sentence.terms | facts.hints if facts.hints else sentence.terms
            if terms.isdisjoint(query.terms):  # most sentences: nothing to weigh
                previous = nothing
                continue
            held = query.held(terms)
            best = max(best, self._sentence_weight(query, sentence, held))
            if previous is not nothing and previous:  # two adjacent sentences, a little discounted
                both = [max(a, b) for a, b in zip(previous, held, strict=True)]
                best = max(best, WINDOW_SHARE * query.share(both))
            previous = held
        return best

    @staticmethod
    def _cued(query: Query, sentence: Sentence) -> bool:
        """The sentence holds the asked-for type; a quoted name must name a thing asked about."""
        kind = query.cues.answer_type
        if not kind:
            return False
        text = sentence.text
        known = query.cued.get(text)  # ranking and highlighting ask about the same sentences
        if known is None:
            known = query.cued[text] = has_cue(text, kind, query.text, sentence.cues) and (
                kind != NAME  # a name must be another word for the thing asked about
                or any(_renames(set(analyze(phrase)), query) for phrase in quoted(text))
            )
        return known

    def _introduction(self, query: Query, candidates: Sequence[int]) -> int | None:
        """For "Who/What is X?": the first passage of the best article that holds all of X."""
        target = query.cues.target
        if not target:
            return None
        target_units = [u for u in query.units if u.word in set(words(target))]
        if not target_units or len(target_units) != len(query.units):
            return None
        holding = [
            i
            for i in candidates
            if all(u.held(self.facts[i].terms) > 0 for u in target_units)
            and self.knowledge.passages[i].kind == "body"
        ]
        if not holding:
            return None
        article = self.knowledge.passages[holding[0]].article
        same = [i for i in holding if self.knowledge.passages[i].article is article]
        return min(same, key=lambda i: (self.knowledge.passages[i].paragraph, i))

    # ------------------------------------------------------------ hits

    def _hit(self, doc_id: int, score: float, query: Query) -> Hit:
        passage = self.knowledge.passages[doc_id]
        facts = self.facts[doc_id]
        coverage = query.coverage(facts.terms)
        return Hit(passage, score, self._best_sentence(query, facts, passage), coverage)

    def _sentence_weight(
        self, query: Query, sentence: Sentence, held: Sequence[float] | None = None
    ) -> float:
        """The question's IDF share in the sentence, plus a bonus for the asked-for type."""
        held = held if held is not None else query.held(sentence.terms)
        share = query.share(held)
        if share and self._cued(query, sentence) and self._counts_asked(query, held):
            share += self._bonus(query)
        return share

    @staticmethod
    def _bonus(query: Query) -> float:
        if query.cues.answer_type == NAME:
            return NAME_BONUS  # a quoted name renaming the thing asked about: near-decisive
        return MEASURE_BONUS if measure_units(query.text) else CUE_BONUS

    @staticmethod
    def _counts_asked(query: Query, held: Sequence[float]) -> bool:
        """For "how many beds": the number must stand with the beds, not with the patients.
        (Not for "how much electricity": an amount comes with its unit, "2.4 megawatts".)"""
        if not COUNTED_WITH_NUMBER or query.cues.answer_type != NUMBER or not query.asked:
            return True
        if not query.counts:
            return True
        return any(held[k] for k in query.asked)

    def _best_sentence(self, query: Query, facts: PassageFacts, passage: Passage) -> str:
        if not facts.sentences:
            return passage.text
        target = set(words(query.cues.target)) if query.cues.target else set()

        def weight(sentence: Sentence) -> float:
            held = query.held(sentence.terms)
            focus = FOCUS_BONUS if any(held[k] >= 1.0 for k in query.focus) else 0.0
            return self._sentence_weight(query, sentence, held) + focus

        if target:  # the sentence that introduces X is its first mention
            stems = {term(w) for w in target}
            for sentence in facts.sentences:
                if stems <= sentence.terms:
                    return sentence.text
        sentences = facts.sentences
        if CREDIT_NAMES and _asks_who_did(query) and passage.kind != "body":
            # Who took the photo / wrote the story: the topic words found the caption or the
            # details passage; the answer is its credit line or byline, not the caption or title.
            sentences = _credit_lines(passage, sentences) or sentences
        return max(sentences, key=weight).text


@cache
def _synonym_terms() -> dict[str, frozenset[str]]:
    """Synonym groups by index term, so that "attacking" finds the group of "attack"."""
    groups: dict[str, frozenset[str]] = {}
    for word, others in SYNONYMS.items():
        own = term(word)
        groups[own] = groups.get(own, frozenset()) | frozenset(term(o) for o in others)
    return groups


@cache
def _member_terms(members: str) -> frozenset[str]:
    return frozenset(t for member in members.split() for t in analyze(member))


def _date(passage: Passage) -> dt.date:
    return passage.article.published or dt.date.min


_PHOTO = frozenset(analyze(PHOTO_HINTS))
_CREDIT = frozenset(analyze(CREDIT_HINTS))


def build_postings(passages: Sequence[Passage]) -> Postings:
    """The postings of `passages`, with the word lists the Answerer needs from all of them.

    The saved index (bot/store.py) is built by this same function, so whatever
    the Answerer needs from a pass over every passage belongs here, not in
    Answerer.__init__, or a start from the saved index would have to redo it.
    """
    builder = PostingsBuilder()
    term_ids = _TermIds(builder)
    names: set[str] = set()
    for passage in passages:
        ids = array("i", map(term_ids.__getitem__, pieces(passage.index_text)))
        builder.add(term_ids.expand(ids) if ids and min(ids) < _TermIds.NONE else ids)
        names.update(inner_capitalised(passage.text))
    names = {normalize(w) for w in names}  # once per distinct name, not per mention
    found = acronyms(p.text for p in passages)
    table = [f"{short}\t{phrase}" for short in sorted(found) for phrase in sorted(found[short])]
    extras = {"surface": sorted(term_ids.surface), "names": sorted(names), "acronyms": table}
    del term_ids, found, names  # a million passages' pieces: free them before the arrays
    return builder.build(extras)


class _TermIds(dict[bytes, int]):
    """A piece of text (`bot.text.pieces`) -> the id of its index term, analysed once.

    This is `analyze` for a whole archive: indexing looks each piece up in C
    (`map(term_ids.__getitem__, ...)`) and runs the Python analysis only on a
    piece's first sight. Stopwords map to NONE (the builder skips negative ids);
    the rare piece with several words ("5km", "ends.Next") maps to an id below
    NONE that `expand` unfolds.
    """

    NONE = -1

    def __init__(self, builder: PostingsBuilder):
        super().__init__()
        self._vocabulary = builder.vocabulary
        self._several: list[list[int]] = []
        self._word_ids: dict[str, int] = {}  # "putin" of "putin's", "putin." and "putin"
        self.surface: set[str] = set()  # every non-stopword surface word seen

    def __missing__(self, piece: bytes) -> int:
        ids = [self._word_id(w) for w in words(piece.decode()) if w not in STOPWORDS]
        if len(ids) == 1:
            self[piece] = ids[0]
        elif not ids:
            self[piece] = self.NONE
        else:
            self._several.append(ids)
            self[piece] = self.NONE - len(self._several)
        return self[piece]

    def _word_id(self, word: str) -> int:
        found = self._word_ids.get(word)
        if found is None:
            self.surface.add(word)
            found = self._word_ids[word] = self._vocabulary[term(word)]
        return found

    def expand(self, ids: array[int]) -> array[int]:
        """`ids` with several-word pieces unfolded."""
        unfolded = array("i")
        for token_id in ids:
            several = token_id < self.NONE
            unfolded.extend(self._several[self.NONE - token_id - 1] if several else [token_id])
        return unfolded


def _acronym_table(lines: Sequence[str]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for line in lines:
        short, phrase = line.split("\t", 1)
        table.setdefault(short, set()).add(phrase)
    return table


def index_terms(passage: Passage) -> list[str]:
    """What retrieval indexes for a passage (a saved index must be built the same way)."""
    return analyze(passage.index_text)


def _facts(passage: Passage) -> PassageFacts:
    """What re-ranking needs of a passage: its terms, and each sentence's.

    A body passage's index text is its text, so its terms are its sentences' terms in order.
    """
    sentences: list[Sentence] = []
    hints: frozenset[str] = frozenset()
    document: list[str] = []
    for text in split_sentences(passage.text):
        terms = [term(w) for w in words(text) if w not in STOPWORDS]
        sentences.append(Sentence(text, frozenset(terms), cues_in(text)))
        document.extend(terms)
    if passage.kind == "caption":  # photo words describe the caption, credit words the credit
        credit = passage.article.caption_credit
        sentences = [
            replace(s, terms=s.terms | (_CREDIT if credit and s.text in credit else _PHOTO))
            for s in sentences
        ]
    if passage.index_text != passage.text:
        document = index_terms(passage)
        if passage.kind != "caption":  # details: the hint words describe it all
            hints = frozenset(document)
    return PassageFacts(frozenset(document), tuple(document), tuple(sentences), hints)


_WHO_IS_IN = re.compile(
    r"^\W*who(?:'s| is| are| was| were)\s+(?:in|on|at|shown|pictured|seen|standing)\b",
    re.IGNORECASE,
)


def _asks_who_did(query: Query) -> bool:
    """A who-question about a credit ("Who took ...", "Who is the author ..."), not about the
    people a photo shows ("Who is in the photo?")."""
    return query.cues.answer_type == PERSON and not _WHO_IS_IN.match(query.text)


def _credit_lines(passage: Passage, sentences: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The sentences of a caption or details passage that credit someone: the photo credit;
    the byline and reporting credits after the details passage's title sentence."""
    if passage.kind == "caption":
        credit = passage.article.caption_credit
        return tuple(s for s in sentences if credit and s.text in credit)
    return tuple(sentences[1:])


def _renames(phrase: set[str], query: Query) -> bool:
    """A quoted phrase holding a synonym of the thing asked about, not the word itself.

    "What does Moscow call the war?" -> “special military operation” (operation ~ war).
    """
    renamed = set(words(query.cues.renamed))
    return any(
        unit.synonyms & phrase and not {t for t, w in unit.terms.items() if w == 1.0} & phrase
        for unit in query.units
        if unit.word in renamed
    )


def _pair_share(query: Query, facts: PassageFacts) -> float:
    if not query.pairs:
        return 0.0
    return len(query.pairs & facts.pairs) / len(query.pairs)


def _top(scores: Sequence[float] | np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores, best first; ties keep passage order."""
    array = np.asarray(scores)
    if len(array) <= k:
        return [int(i) for i in np.argsort(-array, kind="stable")]
    # Most passages hold no question word and share the lowest score: the top is
    # searched among the others (a large archive's partition costs 0.3 ms whole).
    floor = array.min()
    above = np.flatnonzero(array > floor)
    if len(above) > k:
        above = above[np.argpartition(-array[above], k - 1)[:k]]
    elif len(above) < k:
        above = np.concatenate([above, np.flatnonzero(array == floor)[: k - len(above)]])
    return [int(i) for i in above[np.lexsort((above, -array[above]))]]


# Not "14-year-old": its number must match as a number.
_COMPOUND = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")


def _compounds(units: list[Unit], question: str) -> list[Unit]:
    """A hyphenated compound ("bike-share") names one thing: its words count once, by the
    best of their terms, with the IDF of the rarest."""
    for compound in _COMPOUND.findall(normalize(question)):
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
        one = Unit(compound, terms, rarest.idf, synonyms, rarest.scale)
        at = units.index(group[0])
        units = [*units[:at], one, *(u for u in units[at:] if u not in group)]
    return units
