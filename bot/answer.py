"""Question -> Answer: ranked passages, the best sentence, a citation, or a decline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.config import RetrievalSettings
from bot.index import Bm25Index, Bm25Params, Postings, collect
from bot.knowledge import Article, KnowledgeBase, Passage, split_sentences
from bot.memo import sentence_terms
from bot.text import MAX_QUESTION_CHARS, analyze

# Why a question was declined; the reply wording is render.py's business.
EMPTY = "empty"  # no words to search for
NOT_COVERED = "not_covered"  # its distinctive words are not in the knowledge base
WEAK = "weak"  # the best passage matches too little of it


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
        if postings is None:
            postings = build_postings(knowledge.passages)
        self.index = Bm25Index(postings, params)

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.knowledge.articles

    def answer(self, question: str) -> Answer:
        truncated = len(question) > MAX_QUESTION_CHARS
        terms = analyze(question[:MAX_QUESTION_CHARS])
        if not terms or not self.knowledge.passages:
            return Answer(question, (), declined=EMPTY, truncated=truncated)
        query = dict.fromkeys(terms, 1.0)
        scores = self.index.scores(query)
        ranked = _top(scores, max(1, self.settings.alternatives + 1))
        hits = tuple(self._hit(int(i), float(scores[i]), query) for i in ranked)
        best = hits[0]
        if best.coverage < self.settings.min_coverage:
            return Answer(question, (), declined=NOT_COVERED, closest=best, truncated=truncated)
        if best.score < self.settings.min_score:
            return Answer(question, (), declined=WEAK, closest=best, truncated=truncated)
        return Answer(question, hits, truncated=truncated)

    def _hit(self, doc_id: int, score: float, query: dict[str, float]) -> Hit:
        passage = self.knowledge.passages[doc_id]
        held = self.index.held(doc_id, query)
        total = sum(self.index.term_idf(t) * w for t, w in query.items())
        covered = sum(self.index.term_idf(t) * w for t, w in query.items() if t in held)
        coverage = covered / total if total > 0 else 0.0
        return Hit(passage, score, best_sentence(passage.text, query, self.index), coverage)


def build_postings(passages: Sequence[Passage]) -> Postings:
    """The postings of `passages` (and any word lists answering needs: Postings.extras).

    The saved index (bot/store.py) is built by this same function, so whatever
    the Answerer needs from a pass over every passage belongs here, not in
    Answerer.__init__, or a start from the saved index would have to redo it.
    """
    return collect(index_terms(p) for p in passages)


def index_terms(passage: Passage) -> list[str]:
    """What retrieval indexes for a passage (a saved index must be built the same way)."""
    return analyze(passage.index_text)


def best_sentence(text: str, query: dict[str, float], index: Bm25Index) -> str:
    """The sentence holding most of the query's IDF mass; the first one on a tie."""
    sentences = split_sentences(text) or [text]

    def weight(sentence: str) -> float:
        held = sentence_terms(sentence)
        return sum(index.term_idf(t) * w for t, w in query.items() if t in held)

    return max(sentences, key=weight)


def _top(scores: Sequence[float] | np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores, best first; ties keep passage order."""
    array = np.asarray(scores)
    if len(array) <= k:
        return [int(i) for i in np.argsort(-array, kind="stable")]
    part = np.argpartition(-array, k - 1)[:k]
    return [int(i) for i in part[np.lexsort((part, -array[part]))]]
