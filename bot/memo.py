"""Cached analysis for the answer path.

Answering looks at the sentences of the few best passages for every
question; popular passages come up again and again, so their sentences'
terms are kept in a bounded cache instead of being re-analysed each time.
"""

from __future__ import annotations

from functools import lru_cache

from bot.text import analyze

SENTENCE_CACHE = 65_536  # sentences; a few MB


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_terms(sentence: str) -> frozenset[str]:
    """The analysed terms of a sentence (or any short text), as a set."""
    return frozenset(analyze(sentence))
