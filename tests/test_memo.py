"""Cached analysis and lazily computed per-passage facts."""

from __future__ import annotations

import pytest

from bot.answering import Answerer
from bot.fuzzy import Match
from bot.knowledge import Article, KnowledgeBase
from bot.memo import Bounded, Lazy, kept, sentence_terms
from bot.text import analyze, term


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


def test_bounded_keeps_up_to_its_bound_then_empties_whole() -> None:
    kept_words: Bounded[str, int] = Bounded(3)
    assert kept_words.keep("a", 1) == 1 and kept_words.keep("b", 2) == 2
    kept_words.keep("c", 3)
    assert dict(kept_words) == {"a": 1, "b": 2, "c": 3} and kept_words.held == 3  # at the bound
    assert kept_words.keep("d", 4) == 4  # one more would pass it: emptied first
    assert dict(kept_words) == {"d": 4} and kept_words.held == 1
    assert kept_words.get("a") is None and "d" in kept_words and kept_words["d"] == 4


def test_bounded_counts_the_sizes_given() -> None:
    postings: Bounded[int, list[int]] = Bounded(10)
    postings.keep(1, [0] * 6, size=6)
    postings.keep(2, [0] * 4, size=4)  # 10: still within the bound
    assert set(postings) == {1, 2}
    postings.keep(3, [0], size=1)  # 11 would pass it
    assert set(postings) == {3} and postings.held == 1
    postings.keep(4, [0] * 12, size=12)  # larger than the bound alone: kept, alone
    assert set(postings) == {4} and postings.held == 12
    postings.keep(5, [0], size=1)
    assert set(postings) == {5}


def test_bounded_clear_resets_the_count() -> None:
    kept_words: Bounded[str, int] = Bounded(2)
    kept_words.keep("a", 1)
    kept_words.keep("b", 2)
    kept_words.clear()
    assert len(kept_words) == 0 and kept_words.held == 0
    kept_words.keep("c", 3)
    kept_words.keep("d", 4)  # two after the clear: nothing emptied
    assert dict(kept_words) == {"c": 3, "d": 4}


def test_lazy_tells_which_items_it_computed_last() -> None:
    """`kept`: the last `maxsize` items computed, the oldest dropped first; a hint for a
    caller with a cheaper way than computing an item, so never an item not computed."""
    items = Lazy(100, lambda i: -i, maxsize=3)
    assert not items.kept(5)
    for i in (5, 6, 7):
        assert items[i] == -i
    assert all(items.kept(i) for i in (5, 6, 7))
    assert items[8] == -8  # a fourth: the first computed is no longer told kept
    assert not items.kept(5) and items.kept(8) and not items.kept(9)


def test_an_unknown_words_unit_is_kept_by_what_its_spellings_found() -> None:
    article = Article("a", "Harbour", "test", "", None, ("The harbour opened in 1907.",))
    answerer = Answerer(KnowledgeBase.from_articles([article]))
    fuzzy = answerer.vocabulary.fuzzy
    looked: list[str] = []
    lookup = fuzzy._lookup

    def counted(word: str, *, name: bool = False) -> tuple[Match, ...]:
        looked.append(word)
        return lookup(word, name=name)

    fuzzy._lookup = counted  # type: ignore[method-assign]
    first = answerer.query("When did the harbuor open?").units
    answerer.forget()
    again = answerer.query("When did the harbuor open?").units
    assert looked == ["harbuor", "harbuor"]  # a new question looks the spelling up anew
    misspelt = next(u for u in first if u.word == "harbuor")
    assert 0 < misspelt.terms[term("harbour")] < 1.0  # a close spelling's weight
    assert next(u for u in again if u.word == "harbuor") is misspelt  # the unit made of it: kept
    # a word whose spellings find nothing else keeps its own (empty) unit: not the other's
    answerer.forget()
    other = answerer.query("When did the zqxwv open?").units
    assert all(u.word != "zqxwv" or not u.terms for u in other)
