"""Cached analysis and lazily computed per-passage facts."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.knowledge import Article, KnowledgeBase
from bot.memo import Lazy, kept, sentence_terms
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


def test_kept_computes_a_property_once_per_instance() -> None:
    calls: list[int] = []

    class Box:
        def __init__(self, value: int):
            self.value = value

        @kept
        def double(self) -> int:
            """Twice the value."""
            calls.append(self.value)
            return 2 * self.value

    one, two = Box(1), Box(2)
    assert (one.double, one.double, two.double) == (2, 2, 4)
    assert calls == [1, 2]  # each instance computed it once, then read its own copy
    assert isinstance(Box.__dict__["double"], kept) and Box.double.__doc__ == "Twice the value."


def test_forget_makes_a_kept_question_new_again() -> None:
    article = Article("a", "Harbour", "test", "", None, ("The harbour opened in 1907.",))
    answerer = Answerer(KnowledgeBase.from_articles([article]))
    question = "When did the harbour open?"
    first = answerer.query(question).analysis
    assert answerer.query(question).analysis is first  # kept: not analysed again
    answerer.forget()
    again = answerer.query(question).analysis
    assert again is not first and again == first  # analysed anew, to the same analysis
    assert answerer.answer(question).short == "1907"
