"""What re-ranking, declining and highlighting need to know of a passage: its terms, its
sentences with their terms and cues. Computed once per passage, on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Protocol

from bot.cues import cues_in
from bot.knowledge import CREDIT_HINTS, PHOTO_HINTS, Passage, split_sentences
from bot.name_parts import full_names, implied
from bot.postings import index_terms
from bot.text import STOPWORDS, analyze, term, words

PHOTO_TERMS = frozenset(analyze(PHOTO_HINTS))
CREDIT_TERMS = frozenset(analyze(CREDIT_HINTS))


class Sentence:
    """One sentence of a passage: its text, its terms and the cues it holds
    (bot.cues.cues_in: what it can answer).

    `text` may be given as a function that reads it: ranking weighs most candidates'
    sentences by their terms alone, and a saved index's passage text is read (decompressed)
    only when one of its sentences' text is asked for (bot/answering/fact_table.py).
    """

    __slots__ = ("_read", "cues", "terms", "text")
    text: str  # set when given, or on first use (`__getattr__`): then a plain slot read

    def __init__(
        self,
        text: str | Callable[[], str],
        terms: frozenset[str],
        cues: frozenset[str] = frozenset(),
    ):
        if isinstance(text, str):
            self.text = text
        else:
            self._read = text
        self.terms = terms
        self.cues = cues

    def __getattr__(self, name: str) -> str:  # only for a slot not yet set
        if name != "text":
            raise AttributeError(name)
        text = self.text = self._read()
        return text

    def _key(self) -> tuple[str, frozenset[str], frozenset[str]]:
        return (self.text, self.terms, self.cues)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sentence) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Sentence(text={self.text!r}, terms={self.terms!r}, cues={self.cues!r})"


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


def passage_facts(passage: Passage, *, name_parts: bool = True) -> PassageFacts:
    """What re-ranking needs of a passage: its terms, and each sentence's.

    A body passage's index text is its text, so its terms are its sentences' terms in order.
    """
    sentences: list[Sentence] = []
    hints: frozenset[str] = frozenset()
    document: list[str] = []
    # a surname standing for the full name (bot/name_parts.py)
    names = full_names(passage.article) if name_parts and passage.kind == "body" else {}
    extra: set[str] = set()
    for text in split_sentences(passage.text):
        terms = [term(w) for w in words(text) if w not in STOPWORDS]
        held = implied(text, frozenset(terms), names)  # "Paris" of "Valeska Paris": both
        sentences.append(Sentence(text, held, cues_in(text)))
        document.extend(terms)
        extra |= held
    if passage.kind == "caption":  # photo words describe the caption, credit words the credit
        credit = passage.article.caption_credit
        for n, s in enumerate(sentences):
            described_by = CREDIT_TERMS if credit and s.text in credit else PHOTO_TERMS
            sentences[n] = Sentence(s.text, s.terms | described_by, s.cues)
    if passage.index_text != passage.text:
        document = index_terms(passage)
        if passage.kind != "caption":  # details: the hint words describe it all
            hints = frozenset(document)
    return PassageFacts(frozenset(document) | extra, tuple(document), tuple(sentences), hints)


class FactsTable(Protocol):
    """Passage position -> its facts: a `bot.memo.Lazy` table, or a list in tests."""

    def __getitem__(self, doc_id: int, /) -> PassageFacts: ...
