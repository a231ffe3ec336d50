"""A soft match of a question to a passage's sentences by general word vectors
(bot/word_vectors.py): what the words the sentence does not hold are worth by the closest
word it does hold ("turned down" ~ "refused"), for re-ranking only, never for declines.

Two forms (`RuleSettings.soft_form`):

1. each question word the sentence matches by no form, spelling, synonym or WordNet
   relation gains its best cosine to the sentence's words when that reaches
   ``soft_floor``, times its IDF share; the feature is what the best sentence so gains
   over the best sentence by the plain share;
2. the cosine of the question's IDF-weighted mean vector to the sentence's mean vector,
   the best sentence's, less ``soft_floor`` (0 below it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.answering.facts import PassageFacts
from bot.answering.query import Query
from bot.word_vectors import WordVectors, vectors


class QuestionVectors:
    """The vectors of a question's own words, read once per question."""

    def __init__(self, query: Query, table: WordVectors | None = None):
        self.table = table or vectors()
        self.query = query
        units, rows = [], []
        for k, unit in enumerate(query.units):
            found = self.table.rows(sorted(unit.own))
            if found:
                units.append(k)
                rows.append(found[0])
        self.units = units  # positions of the units with a vector
        self.matrix = self.table.matrix[rows] if rows else np.zeros((0, 0), dtype=np.float32)
        mass = query.mass
        self.weights = np.array(
            [query.units[k].idf / mass if mass > 0 else 0.0 for k in units], dtype=np.float32
        )
        mean = self.weights @ self.matrix if units else np.zeros(0, dtype=np.float32)
        norm = float(np.linalg.norm(mean)) if units else 0.0
        self.mean = mean / norm if norm > 0 else mean


def soft_gain(
    question: QuestionVectors, facts: PassageFacts, floor: float, ramp: bool = False
) -> float:
    """Form 1: the best sentence's share with its unmatched words' cosines, over the plain
    best share (0 when no word gains)."""
    if not question.units:
        return 0.0
    query, table = question.query, question.table
    plain = best = 0.0
    for sentence in facts.sentences:
        held = query.held(sentence.terms)
        share = query.share(held)
        plain = max(plain, share)
        missing = [n for n, k in enumerate(question.units) if not held[k]]
        rows = table.rows(sentence.terms) if missing else []
        if not rows:
            best = max(best, share)
            continue
        cosines = (question.matrix[missing] @ table.matrix[rows].T).max(axis=1)
        credit = (cosines - floor) / (1 - floor) if ramp else cosines
        gained = np.where(cosines >= floor, credit, 0.0) @ question.weights[missing]
        best = max(best, share + float(gained))
    return best - plain


def mean_cosine(question: QuestionVectors, facts: PassageFacts, floor: float) -> float:
    """Form 2: the best sentence's mean-vector cosine to the question's, less `floor`."""
    if not question.units:
        return 0.0
    table = question.table
    best = 0.0
    for sentence in facts.sentences:
        rows = table.rows(sentence.terms)
        if not rows:
            continue
        mean = table.matrix[rows].sum(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            best = max(best, float(question.mean @ mean) / norm - floor)
    return best


def soft_feature(
    question: QuestionVectors, facts: PassageFacts, form: float, floor: float
) -> float:
    """The candidate's soft feature in form 1 or 2."""
    if form > 2.5:
        return soft_gain(question, facts, floor, ramp=True)
    return soft_gain(question, facts, floor) if form < 1.5 else mean_cosine(question, facts, floor)


__all__: Sequence[str] = ("QuestionVectors", "soft_feature")
