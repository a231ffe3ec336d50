"""An `Answerer` for the main index plus a delta segment and tombstones (bot/live_index.py).

The main index's answerer (`base`) lends everything it has built: its memory-mapped
postings and facts, its close-spelling and acronym tables, its caches. The delta's
articles bring their own postings, facts and word lists, built by the same builders
as a full build (bot/postings.py, bot/fact_build.py), and searched beside
the main ones; the articles removed or changed since the main build never answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import cached_property

import numpy as np

from bot.answering.answerer import Answerer
from bot.answering.facts import PassageFacts
from bot.answering.parts import FACTS_KEPT, Parts, fact_table
from bot.answering.vocabulary import Vocabulary, fuzzy_vocabulary
from bot.config import RetrievalSettings
from bot.fact_build import build_facts
from bot.fuzzy import FuzzyVocabulary, Match
from bot.index import Postings
from bot.joined import JoinedArticles, JoinedPassages, article_positions, spans_of
from bot.knowledge import FileError, KnowledgeBase
from bot.live import Base, Delta
from bot.live_index import LiveIndex
from bot.memo import Lazy
from bot.postings import AcronymTable, build_postings
from bot.text import term


def delta_postings(delta: KnowledgeBase) -> Postings:
    """The delta's postings and facts, as a full build makes them (a saved delta keeps them)."""
    postings = build_postings(delta.passages)
    vocabulary = dict(zip(postings.terms, range(len(postings.terms)), strict=True))
    facts = build_facts(delta.passages, vocabulary.get, len(postings.terms))
    return dataclasses.replace(postings, facts=facts)


def live_answerer(
    base: Answerer,
    delta: KnowledgeBase,
    removed: Collection[str],
    postings: Postings | None = None,  # the delta's, e.g. from a saved delta
    errors: Iterable[FileError] = (),
) -> Answerer:
    """`base`'s knowledge with the articles keyed `removed` tombstoned and `delta`'s added."""
    if postings is None or postings.facts is None:
        postings = delta_postings(delta)
    spans = base.article_spans
    dead = [np.arange(spans[k][0], spans[k][1] + 1) for k in removed if k in spans]
    index = LiveIndex(base.index, postings, np.concatenate(dead) if dead else np.empty(0, int))
    passages = JoinedPassages(base.knowledge.passages, delta.passages, spans, removed)
    old = base.knowledge
    where = article_positions(old.passages, spans, old.articles, removed)
    articles = JoinedArticles(old.articles, where, delta.articles)
    knowledge = KnowledgeBase(articles, passages, tuple(errors))
    settings = base.settings
    table = fact_table(delta.passages, postings, index.delta.vocabulary.get, settings)
    offset, before = index.offset, base.facts

    def facts_of(i: int) -> PassageFacts:
        return before[i] if i < offset else table[i - offset]

    facts: Lazy[PassageFacts] = Lazy(len(passages), facts_of, FACTS_KEPT)
    vocabulary = LiveVocabulary(index, base.vocabulary, postings.extras, settings)
    parts = Parts(index, vocabulary, facts, tables=(*base.tables, table))
    answerer = Answerer(knowledge, settings, parts=parts)
    _ = answerer.article_spans  # here, not on a reader's first follow-up (50,000 at 1M)
    return answerer


def serve(base: Base[Answerer], delta: Delta) -> Answerer:
    """The answerer for `base` with `delta` applied (the base's own when nothing changed)."""
    unchanged = not delta.articles and not delta.removed
    if unchanged and delta.errors == base.answerer.knowledge.errors:
        return base.answerer
    return live_answerer(
        base.answerer, delta.knowledge, delta.removed, delta.postings, errors=delta.errors
    )


class LiveVocabulary(Vocabulary):
    """The main vocabulary's close spellings and acronyms, and the delta's."""

    def __init__(
        self,
        index: LiveIndex,
        base: Vocabulary,
        extras: Mapping[str, Sequence[str]],
        settings: RetrievalSettings,
    ):
        super().__init__(index, extras, settings)
        self._base, self._live = base, index

    @cached_property
    def fuzzy(self) -> FuzzyVocabulary:
        own = fuzzy_vocabulary(self._extras, self.spelling)
        return JoinedFuzzy(self._base.fuzzy, own, self._live.is_live)

    @cached_property
    def acronyms(self) -> AcronymTable:
        return JoinedAcronyms(self._base.acronyms, AcronymTable(self._extras.get("acronyms", ())))


class JoinedFuzzy(FuzzyVocabulary):
    """Close spellings found in either vocabulary (the best similarity of a word in both),
    of the words a live passage holds: the main vocabulary's tables are its build's, and
    keep the words of the articles removed since (tombstoned, bot/live_index.py)."""

    def __init__(
        self, first: FuzzyVocabulary, second: FuzzyVocabulary, live: Callable[[str], bool]
    ):  # no own tables
        self.settings = first.settings
        self._parts = (first, second)
        self._live = live  # whether an index term is held by a passage not tombstoned

    def lookup(self, word: str, *, name: bool = False) -> tuple[Match, ...]:
        best: dict[str, float] = {}
        for part in self._parts:
            for match in part.lookup(word, name=name):
                best[match.word] = max(best.get(match.word, 0.0), match.similarity)
        live = self._live
        return tuple(Match(w, similarity) for w, similarity in best.items() if live(term(w)))

    def relatives(self, word: str) -> list[str]:
        found = dict.fromkeys(w for part in self._parts for w in part.relatives(word))
        return [w for w in found if self._live(term(w))]

    def forget(self) -> None:
        """Drops both vocabularies' remembered lookups (it keeps none of its own)."""
        for part in self._parts:
            part.forget()


class JoinedAcronyms(AcronymTable):
    def __init__(self, first: AcronymTable, second: AcronymTable):  # no own lines
        self._parts = (first, second)

    def get(self, short: str, default: Iterable[str] = ()) -> set[str] | Iterable[str]:
        found: set[str] = set()
        for part in self._parts:
            found.update(part.get(short, ()))
        return found or default


__all__ = ["JoinedFuzzy", "LiveVocabulary", "delta_postings", "live_answerer", "serve", "spans_of"]
