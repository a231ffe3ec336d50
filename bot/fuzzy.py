"""Spelling tolerance: a question word the articles never use meets the words they do.

Readers write "Zelenskyy", "Kiev", "invasoin" or "neighbour" where the article
says "Zelenskiy", "Kyiv", "invasion" or "neighboring". Only words that are
*not* in the vocabulary are looked up (so the cost is paid for unknown words
only), against the articles' surface words with rapidfuzz's normalised
Indel similarity, which scores transliteration variants (kiev/kyiv 75,
kharkov/kharkiv 86) and typos (invasoin/invasion 88) alike. A match must
share the first letter — transliterations and typos rarely change it, while
unrelated look-alikes often do (rate/late) — and clear a cutoff that rises
for short words, where one letter is a bigger change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

MIN_LENGTH = 4  # shorter words are too ambiguous to guess at
LIMIT = 3  # candidates kept per unknown word


@dataclass(frozen=True)
class Match:
    word: str  # the vocabulary's surface word
    similarity: float  # 0..1


def cutoff(word: str) -> float:
    """The similarity (0..100) a candidate needs: stricter for short words."""
    if len(word) <= 4:
        return 75.0
    if len(word) <= 6:
        return 80.0
    return 78.0


class FuzzyVocabulary:
    """Surface words of the knowledge base, searchable by similarity; lookups are cached."""

    def __init__(self, words: Iterable[str]):
        unique = sorted({w for w in words if len(w) >= MIN_LENGTH - 1 and w.isalpha()})
        self._by_initial: dict[str, list[str]] = {}
        for word in unique:
            self._by_initial.setdefault(word[0], []).append(word)
        self.lookup = lru_cache(maxsize=20_000)(self._lookup)

    def _lookup(self, word: str) -> tuple[Match, ...]:
        if len(word) < MIN_LENGTH or not word.isalpha():
            return ()
        choices = self._by_initial.get(word[0], [])
        found = process.extract(
            word, choices, scorer=fuzz.ratio, score_cutoff=cutoff(word), limit=LIMIT
        )
        return tuple(Match(choice, score / 100.0) for choice, score, _ in found)
