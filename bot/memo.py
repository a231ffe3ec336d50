"""Cached analysis for the answer path, and the caches it is kept in.

Answering looks at the sentences of the few best passages for every
question; popular passages come up again and again, so their sentences'
terms are kept in a bounded cache instead of being re-analysed each time.
`Bounded` is the one bounded dict the answer path's other caches use (a word's
close spellings, units, cues and relations, decoded blocks and terms, postings).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache, partial
from typing import Any, Generic, TypeVar, overload

from bot.text import analyze

SENTENCE_CACHE = 65_536  # sentences; a few MB
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class Bounded(dict[K, V]):
    """A dict that holds at most `bound` units (one per entry, or the `size` given to
    `keep`); when keeping one more would pass the bound, it is emptied first, whole.

    Emptying costs nothing on a hit, where a least-recently-used order costs on every
    one; the look-ups of the next questions refill what they need. Reads are the dict's
    own (`get`, `in`, `[]`, at C speed); add entries only with `keep`, once per key (a
    missed look-up), and remove them only with `clear`, so the count stays right. It holds
    no reference to its owner: no cycle for a frozen build to outlive (bot/library.py)."""

    __slots__ = ("bound", "held")

    def __init__(self, bound: int) -> None:
        super().__init__()
        self.bound = bound
        self.held = 0  # units held

    def keep(self, key: K, value: V, size: int = 1) -> V:
        """Keeps `value` under `key` (not held yet) and returns it; empties the dict first
        when `size` more units would pass the bound."""
        held = self.held + size
        if held > self.bound:
            super().clear()
            held = size
        self.held = held
        self[key] = value
        return value

    def clear(self) -> None:
        """Drops every entry."""
        super().clear()
        self.held = 0



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
        self._size, self.maxsize = size, maxsize
        self._made: dict[int, None] = {}  # the items computed last, oldest first (`kept`)
        # a partial, not a bound method: the cache must not point back at self
        self._cached = lru_cache(maxsize=maxsize)(partial(_noted, self._made, maxsize, compute))

    def kept(self, index: int) -> bool:
        """Whether item `index` is one of the last `maxsize` computed, and so most likely
        still kept (the cache drops the least recently *used*): a hint for a caller that has
        a cheaper way than computing it (bot/answering/term_rows.py), never a promise."""
        return index in self._made

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> T:
        if 0 <= index < self._size:  # the usual case first: one comparison chain
            return self._cached(index)
        if not -self._size <= index < 0:
            raise IndexError(index)
        return self._cached(index + self._size)


def _noted(made: dict[int, None], most: int, compute: Callable[[int], T], index: int) -> T:
    """`compute(index)`, noting `index` among the last `most` computed (`Lazy.kept`)."""
    made[index] = None
    if len(made) > most:
        with suppress(RuntimeError, StopIteration, KeyError):  # another thread changed it
            del made[next(iter(made))]
    return compute(index)
