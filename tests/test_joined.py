"""The live knowledge base's sequences (bot/joined.py): ids run on across segments, the
removed articles are skipped in listings and spans, never in ids."""

from __future__ import annotations

import datetime as dt

from bot.joined import JoinedArticles, JoinedPassages, article_positions, spans_of
from bot.knowledge import KnowledgeBase
from bot.passages import Article


def articles(*keys: str) -> list[Article]:
    day = dt.date(2022, 3, 1)
    return [
        Article(k, f"Title {k}", "Test Times", "", day, (f"First {k} paragraph here.",))
        for k in keys
    ]


def test_articles_skip_the_removed_and_put_the_delta_first() -> None:
    base = articles("a", "b", "c", "d", "e")
    joined = JoinedArticles(base, [1, 3], articles("x", "y"))
    assert [a.key for a in joined] == ["x", "y", "a", "c", "e"]
    assert len(joined) == 5 and joined[-1].key == "e" and [a.key for a in joined[1:3]] == ["y", "a"]
    assert [a.key for a in JoinedArticles(base, [], [])] == ["a", "b", "c", "d", "e"]
    assert [a.key for a in JoinedArticles(base, [0, 4], [])] == ["b", "c", "d"]


def test_passages_run_on_and_spans_leave_the_removed_out() -> None:
    base = KnowledgeBase.from_articles(articles("a", "b", "c"))
    delta = KnowledgeBase.from_articles(articles("n"))
    spans = spans_of(base.passages)
    joined = JoinedPassages(base.passages, delta.passages, spans, {"b"})
    assert len(joined) == len(base.passages) + len(delta.passages)
    offset = len(base.passages)
    assert joined[offset].article.key == "n" and joined[0].article.key == "a"
    found = joined.article_spans()
    assert "b" not in found and found["n"] == (offset, len(joined) - 1)
    assert sorted(found) == ["a", "c", "n"] and len(found) == 3 and found.get("b") is None
    assert joined.span_of(offset) == found["n"] and joined.span_of(0) == spans["a"]
    first_b = spans["b"][0]
    assert joined[first_b].article.key == "b"  # still readable by id, never answered
    assert article_positions(base.passages, spans, base.articles, ["b", "zz"]) == [1]
