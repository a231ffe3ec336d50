"""Cached analysis for the answer path.

Answering looks at the sentences of the few best passages for every
question; popular passages come up again and again, so their sentences'
terms are kept in a bounded cache instead of being re-analysed each time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Generic, TypeVar

from bot.text import analyze

SENTENCE_CACHE = 65_536  # sentences; a few MB
T = TypeVar("T")


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_terms(sentence: str) -> frozenset[str]:
    """The analysed terms of a sentence (or any short text), as a set."""
    return frozenset(analyze(sentence))


class Lazy(Generic[T]):
    """A read-only sequence whose items are computed on first use and kept in a bounded cache.

    For per-passage facts that only the few re-ranked candidates of a question
    need: computing them for every passage up front costs time and memory in
    proportion to the archive (kilobytes per passage), this costs only for the
    passages that questions actually reach.
    """

    def __init__(self, size: int, compute: Callable[[int], T], maxsize: int = 50_000):
        self._size = size
        self._cached = lru_cache(maxsize=maxsize)(compute)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> T:
        if not -self._size <= index < self._size:
            raise IndexError(index)
        return self._cached(index % self._size)
