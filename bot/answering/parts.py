"""What an `Answerer` searches (`Parts`): the BM25 index over the passages' postings, the
vocabulary that matches a question's words against it, and every passage's facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.answering.fact_table import FactArrays
from bot.answering.facts import PassageFacts
from bot.answering.vocabulary import Vocabulary
from bot.config import RetrievalSettings
from bot.fact_build import build_facts
from bot.index import Bm25Index, Bm25Params, Postings
from bot.knowledge import Passage
from bot.memo import Lazy
from bot.postings import build_postings
from bot.stored_facts import fits

# Passages whose facts are kept as objects: ~4.8 KB each, measured at 100k passages (~10 MiB;
# 50,000 let 1,000 new questions grow a process by ~60 MiB). A question reads its 12
# candidates' facts: a passage read again after falling out costs a read of its arrays.
FACTS_KEPT = 2048


def bm25_params(settings: RetrievalSettings) -> Bm25Params:
    return Bm25Params(variant=settings.variant, k1=settings.k1, b=settings.b, delta=settings.delta)


@dataclass(frozen=True)
class Parts:
    """What an answerer searches: the BM25 index, its vocabulary, and every passage's facts."""

    index: Bm25Index
    vocabulary: Vocabulary
    facts: Lazy[PassageFacts]
    # the arrays the facts are read from, when they are one table (not a live index's two):
    # re-ranking reads its candidates' question terms there (bot/answering/term_rows.py)
    table: FactArrays | None = None
    # every table the facts are read from, whose records read for a question are kept until
    # `Answerer.forget`: `table`, or a live index's main table and its delta's (left empty:
    # `table`'s own, so that no table given is one forget() misses)
    tables: tuple[FactArrays, ...] = ()

    def __post_init__(self) -> None:
        if not self.tables and self.table is not None:
            object.__setattr__(self, "tables", (self.table,))  # frozen: set once, here

    @classmethod
    def build(
        cls, passages: Sequence[Passage], settings: RetrievalSettings, postings: Postings | None
    ) -> Parts:
        """The parts over `passages`, from their `postings` when given (e.g. a cache's)."""
        if postings is None:
            postings = build_postings(passages)
        index = Bm25Index(postings, bm25_params(settings))
        vocabulary = Vocabulary(index, postings.extras, settings)
        table = fact_table(passages, postings, index.vocabulary.get, settings)
        facts = Lazy(len(passages), table.__getitem__, FACTS_KEPT)
        return cls(index, vocabulary, facts, table)


def fact_table(
    passages: Sequence[Passage],
    postings: Postings,
    term_id: Callable[[str], int | None],  # the index's number of a term
    settings: RetrievalSettings,
) -> FactArrays:
    """Every passage's facts (sentences, their terms and cues): computed with the index, once
    (bot/fact_build.py), and saved with it (`postings.facts`): a question reads its
    candidates' facts; the few it reads are kept as objects in a bounded cache (`Lazy`)."""
    arrays = postings.facts
    if arrays is None or not fits(arrays, len(passages), len(postings.terms)):
        arrays = build_facts(passages, term_id, len(postings.terms))
    rules = settings.rules
    return FactArrays(arrays, passages, postings.terms, rules.name_parts, term_id)
