"""A candidate passage's row read without its text: re-ranking weighs a dozen candidates
per question, and a saved index's passage text is a compressed block read on demand
(bot/stored_text.py), so its kind and article come from its row (bot/stored.py), and its
text is read once, when one of its sentences' text is asked for (`PassageText`)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeGuard

from bot.joined import JoinedPassages
from bot.knowledge import Article, Passage
from bot.stored import ARTICLE, KIND, KINDS, PARAGRAPH, SHIFT, StoredPassages


def saved(passages: Sequence[Passage]) -> TypeGuard[StoredPassages]:
    """Whether `passages` are a saved index's, by their type: `isinstance` of an abstract
    sequence's subclass is a Python call (~1 us, most of this module's cost a question)."""
    return type(passages) is StoredPassages


def passage_shape(passages: Sequence[Passage], index: int) -> tuple[str, bool]:
    """A passage's kind, and whether its index text is not its text, without reading its
    text: a saved index's passages tell both from their row."""
    if saved(passages):
        row = passages.row(index)
        return KINDS[row[KIND]], row[SHIFT] != 0
    passage = passages[index]
    return passage.kind, passage.index_text != passage.text


def passage_kinds(passages: Sequence[Passage], indices: Sequence[int]) -> list[str]:
    """The kinds of the passages at `indices` (`passage_shape`'s first), without reading
    their texts: a saved index's from one read of its kind column."""
    if saved(passages):
        return [KINDS[kind] for kind in passages.column(KIND)[indices].tolist()]
    return [passages[i].kind for i in indices]


def passage_paragraphs(passages: Sequence[Passage], indices: Sequence[int]) -> list[int]:
    """The body paragraph numbers of the passages at `indices` (0 for a caption or the
    details), without reading their texts: a saved index's from one read of its column."""
    if saved(passages):
        paragraphs: list[int] = passages.column(PARAGRAPH)[indices].tolist()
        return paragraphs
    return [passages[i].paragraph for i in indices]


def passage_article(passages: Sequence[Passage], index: int) -> Hashable:
    """What tells a passage's article from the others' (its key, or a saved index's article
    number: one per key), without reading the passage's text."""
    if saved(passages):
        return passages.row(index)[ARTICLE]
    return passages[index].article.key


def passage_articles(passages: Sequence[Passage], indices: Sequence[int]) -> list[Hashable]:
    """`passage_article` of the passages at `indices`: a saved index's from one read of its
    article column."""
    if saved(passages):
        articles: list[Hashable] = passages.column(ARTICLE)[indices].tolist()
        return articles
    return [passages[i].article.key for i in indices]


def passage_article_of(passages: Sequence[Passage], index: int) -> Article:
    """A passage's article without reading the passage's text: a saved index's by the
    article number in its row (the article's record is read once, then kept)."""
    if saved(passages):
        return passages.articles[passages.row(index)[ARTICLE]]
    return passages[index].article


def article_span(passages: Sequence[Passage], index: int) -> tuple[int, int]:
    """The first and last passage of the passage's article: its passages are adjacent (a
    saved or joined index looks its span up)."""
    if isinstance(passages, (StoredPassages, JoinedPassages)):
        return passages.span_of(index)
    article = passages[index].article
    first = last = index
    while first > 0 and passages[first - 1].article is article:
        first -= 1
    while last + 1 < len(passages) and passages[last + 1].article is article:
        last += 1
    return first, last


class PassageText:
    """A passage's text, read on first use and kept: its sentences' texts are parts of it."""

    __slots__ = ("_index", "_passages", "_text")

    def __init__(self, passages: Sequence[Passage], index: int):
        self._passages, self._index = passages, index
        self._text: str | None = None

    def part(self, start: int, end: int) -> str:
        text = self._text
        if text is None:
            text = self._text = self._passages[self._index].text
        return text[start:end]
