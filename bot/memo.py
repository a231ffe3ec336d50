"""Cached analysis for the answer path.

Answering looks at the sentences of the few best passages for every
question; popular passages come up again and again, so their sentences'
terms are kept in a bounded cache instead of being re-analysed each time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

from bot.text import analyze

SENTENCE_CACHE = 65_536  # sentences; a few MB
T = TypeVar("T")


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_terms(sentence: str) -> frozenset[str]:
    """The analysed terms of a sentence (or any short text), as a set."""
    return frozenset(analyze(sentence))


class kept(Generic[T]):  # lower case: a decorator, like cached_property
    """A property computed on first use and kept in the instance's `__dict__`: what
    `functools.cached_property` does, without the lock that Python 3.11 takes on every first
    use (a `Query` computes a dozen per question). Two threads computing one at once both
    get the same value: the functions it is used for are pure."""

    def __init__(self, compute: Callable[[Any], T]):
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> kept[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object, owner: type | None = None) -> T | kept[T]:
        if instance is None:
            return self
        value = instance.__dict__[self._name] = self._compute(instance)
        return value


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
        if 0 <= index < self._size:  # the usual case first: one comparison chain
            return self._cached(index)
        if not -self._size <= index < 0:
            raise IndexError(index)
        return self._cached(index + self._size)
