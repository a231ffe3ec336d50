"""Cached analysis and lazily computed per-passage facts."""

from __future__ import annotations

import pytest

from bot.memo import Lazy, sentence_terms
from bot.text import analyze


def test_sentence_terms_are_the_analysed_set() -> None:
    sentence = "The Kremlin's spokesman denied the accusations of war crimes."
    assert sentence_terms(sentence) == frozenset(analyze(sentence))
    assert sentence_terms(sentence) is sentence_terms(sentence)  # cached


def test_lazy_computes_each_item_once_and_only_when_asked() -> None:
    calls: list[int] = []

    def square(i: int) -> int:
        calls.append(i)
        return i * i

    items = Lazy(1000, square, maxsize=10)
    assert len(items) == 1000 and calls == []
    assert items[7] == 49 and items[7] == 49 and items[-1] == 999 * 999
    assert calls == [7, 999]
    with pytest.raises(IndexError):
        items[1000]
    with pytest.raises(IndexError):
        items[-1001]


def test_lazy_cache_is_bounded() -> None:
    calls: list[int] = []
    items = Lazy(100, lambda i: calls.append(i) or i, maxsize=2)
    for i in (1, 2, 3, 1):
        items[i]
    assert calls == [1, 2, 3, 1]  # 1 was evicted by 3
