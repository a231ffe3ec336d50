"""Re-ranking's candidates read from their stored term ids, without their `PassageFacts`.

Re-ranking weighs a dozen candidates per question, and a new question's candidates are
mostly passages no question has read: building each one's `PassageFacts` (its term ids
decoded to strings, a set and a `Sentence` per sentence; bot/answering/fact_table.py) was
half of re-ranking's cost. What re-ranking asks of a candidate is only which of the
question's terms each sentence and the passage hold, with their units' weights (`Query.held`)
and, for the sentences that hold some, their cues. So the question's terms are looked up
by id in each candidate's term ids (its record's, walked once: `candidate_rows`), and `Rows` keeps,
per candidate, each unit's best weight in the passage and in every sentence holding a
question term; a `Sentence` (its text read on demand, its cues) is made only for the tests
that read it (`cued`). The held weights are the maxima `Query.held` takes over the same
terms, so every share and score is the same float (tests/test_term_rows.py).

Only passages whose index text is their text (body passages) are read this way: a
caption's or the details' sentences gain hint words and photo or credit words that live
in their `PassageFacts`, which re-ranking builds for them as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.answering.fact_table import FactArrays
from bot.answering.facts import PassageFacts, Sentence
from bot.answering.passage_rows import PassageText
from bot.answering.query import Query
from bot.config import RetrievalSettings
from bot.knowledge import Passage
from bot.memo import Lazy

Held = tuple[float, ...]


class Rows(NamedTuple):
    """What re-ranking reads of one candidate: each unit's best weight in the passage's terms
    (`Query.held` of `PassageFacts.terms`), and in each sentence holding a question term."""

    held: Held
    sentences: list[tuple[int, Held]]  # (sentence's position in the passage, held), in order
    passage: int  # the passage's position
    size: int  # its sentences
    source: PassageText  # its text, read when a sentence's text is

    def sentence(self, table: FactArrays, k: int) -> Sentence:
        """The passage's k-th sentence: its text and cues (its terms are not read)."""
        return table.sentence(self.passage, k, self.source)


def rows_of(
    query: Query,
    candidates: Sequence[int],
    passages: Sequence[Passage],
    table: FactArrays | None,
    settings: RetrievalSettings,
    facts: Lazy[PassageFacts] | None = None,  # the facts kept: those are read, not the rows
) -> dict[int, Rows]:
    """The `Rows` of the candidates, read from `table`, when re-ranking reads them there:
    not for a naming question (`naming_articles` reads every candidate's sentences) nor
    with pairs weighed (their facts hold the pairs); and only when `facts` cannot keep every
    passage's facts (a small index's are each built once, then cheaper to weigh than a
    read of the arrays: 2.29 against 2.19 M instructions a new question on docs/cost.py),
    for the candidates whose facts it does not keep."""
    if table is None or query.analysis.naming is not None or settings.bigram_weight:
        return {}
    if facts is not None:
        if len(facts) <= facts.maxsize:
            return {}
        candidates = [i for i in candidates if not facts.kept(i)]
    return candidate_rows(table, query, candidates, passages) if candidates else {}


def candidate_rows(
    table: FactArrays, query: Query, candidates: Sequence[int], passages: Sequence[Passage]
) -> dict[int, Rows]:
    """`Rows` of each of `candidates` (passage positions) whose index text is its text
    (`plain`), from the stored arrays: each candidate's record read once (`FactArrays.record`,
    kept for its facts if the question reads them next), its term ids walked once, its
    sentences' bounds alongside (they ascend), the question's ids found
    in a dict; no numpy search, whose few calls a candidate cost more than the walk over its
    ~40 ids (docs/performance.md, eighteenth round)."""
    plain = [i for i in candidates if table.plain(i)]
    if not plain:
        return {}
    units = len(query.units)
    by_id: dict[int, tuple[tuple[int, float], ...]] = {}
    for index_term, pairs in query.term_units.items():
        term_id = table.id_of(index_term)
        if term_id is not None:
            by_id[term_id] = pairs
    records = [table.record(i) for i in plain]  # kept for the facts read after (`record`)
    passage_held = {i: [0.0] * units for i in plain}
    sentence_held: dict[int, dict[int, list[float]]] = {i: {} for i in plain}
    for i, record in zip(plain, records, strict=True) if by_id else ():
        parts = [(record.terms_at, record.terms)]
        if table.name_parts and record.implied:  # (most imply no surname's terms)
            parts.append((record.implied_at, record.implied))
        for bounds, held in parts:  # bounds: where each sentence's ids start
            if by_id.keys().isdisjoint(held):
                continue
            weights, rows = passage_held[i], sentence_held[i]
            k, end = 0, bounds[1]  # sentence k's ids end at `end`
            for position, term_id in enumerate(held):
                weighed = by_id.get(term_id)
                if weighed is None:
                    continue
                while position >= end:  # past sentence k (and any empty ones after it)
                    k += 1
                    end = bounds[k + 1]
                row = rows.get(k)
                if row is None:
                    row = rows[k] = [0.0] * units
                for unit, weight in weighed:
                    if weight > weights[unit]:
                        weights[unit] = weight
                    if weight > row[unit]:
                        row[unit] = weight
    return {
        i: Rows(
            tuple(passage_held[i]),
            [(k, tuple(held)) for k, held in sorted(sentence_held[i].items())],
            i,
            len(record.starts),
            PassageText(passages, i),
        )
        for i, record in zip(plain, records, strict=True)
    }
