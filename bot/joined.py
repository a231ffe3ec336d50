"""The passages of a live knowledge base: the main index's, then the delta's (bot/live_index.py).

Passage ids run on from one segment to the next, so a passage keeps its id until the merge;
the tombstoned articles' passages stay readable by id (they never score) but are left out
of the article spans that follow-ups and the decline rules look up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence

import numpy as np

from bot.passages import Article, Passage
from bot.stored import ARTICLE, StoredPassages, View

Spans = Mapping[str, tuple[int, int]]  # article key -> its first and last passage


def spans_of(passages: Sequence[Passage]) -> Spans:
    """Article key -> its first and last passage (an article's passages are adjacent)."""
    if isinstance(passages, (StoredPassages, JoinedPassages)):
        return passages.article_spans()
    spans: dict[str, tuple[int, int]] = {}
    for i, passage in enumerate(passages):
        first, _ = spans.get(passage.article.key, (i, i))
        spans[passage.article.key] = (first, i)
    return spans


class JoinedPassages(View[Passage]):
    """`base` then `delta`, with the articles `removed` from base left out of the spans."""

    def __init__(
        self,
        base: Sequence[Passage],
        delta: Sequence[Passage],
        base_spans: Spans,
        removed: Collection[str],
    ):
        self.base, self.delta, self.offset = base, delta, len(base)
        own = {
            k: (first + self.offset, last + self.offset)
            for k, (first, last) in spans_of(delta).items()
        }
        self._spans = LiveSpans(base_spans, frozenset(removed), own)

    def __len__(self) -> int:
        return self.offset + len(self.delta)

    def _at(self, index: int) -> Passage:
        if index < self.offset:
            return self.base[index]
        return self.delta[index - self.offset]

    def article_spans(self) -> Spans:
        """Article key -> its first and last passage, for the live articles."""
        return self._spans

    def span_of(self, index: int) -> tuple[int, int]:
        """The first and last passage of passage `index`'s article."""
        if index < self.offset and isinstance(self.base, (StoredPassages, JoinedPassages)):
            return self.base.span_of(index)
        key = self._at(index).article.key
        found = self._spans.get(key)
        if found is not None and found[0] <= index <= found[1]:
            return found
        return index, index  # a tombstoned passage of a plain base: alone


class LiveSpans(Spans):
    """The base's spans but the removed articles', then the delta's, without a copy of the
    base's (50,000 at 1M passages: 0.2 s of a live add)."""

    def __init__(self, base: Spans, removed: frozenset[str], delta: dict[str, tuple[int, int]]):
        self._base, self._removed, self._delta = base, removed, delta
        self._size = len(delta) + len(base) - sum(1 for k in removed if k in base)

    def __getitem__(self, key: str) -> tuple[int, int]:
        found = self._delta.get(key)
        if found is not None:
            return found
        if key in self._removed:
            raise KeyError(key)
        return self._base[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._delta
        yield from (k for k in self._base if k not in self._removed and k not in self._delta)

    def __len__(self) -> int:
        return self._size


class JoinedArticles(View[Article]):
    """The delta's articles (the newest changes), then the base's but those at `removed`
    (their positions in `base`), without reading the base's: a saved million-passage
    index's 50,000 article records took a second to read."""

    def __init__(self, base: Sequence[Article], removed: Collection[int], delta: Sequence[Article]):
        self.base, self.delta = base, delta
        gone = np.unique(np.asarray(list(removed), np.int64))
        self._before = gone - np.arange(len(gone))  # articles kept before each removed one
        self._size = len(delta) + len(base) - len(gone)

    def __len__(self) -> int:
        return self._size

    def _at(self, index: int) -> Article:
        if index < len(self.delta):
            return self.delta[index]
        kept = index - len(self.delta)
        return self.base[kept + int(np.searchsorted(self._before, kept, side="right"))]


def article_positions(
    passages: Sequence[Passage],
    spans: Spans,
    articles: Sequence[Article],
    keys: Collection[str],
) -> list[int]:
    """Where the articles keyed `keys` stand in `articles` (the base's)."""
    if isinstance(passages, StoredPassages):  # its article column: no record is read
        return [passages.row(spans[k][0])[ARTICLE] for k in keys if k in spans]
    wanted = set(keys)
    return [i for i, article in enumerate(articles) if article.key in wanted]
