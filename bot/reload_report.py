"""What a reload did: the articles added, removed and changed, and what does not load."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering import Answerer
from bot.knowledge import Article, FileError, KnowledgeBase
from bot.live import Delta
from bot.live_index import LiveIndex


@dataclass(frozen=True)
class ReloadReport:
    added: tuple[str, ...]  # article titles
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    articles: int
    passages: int
    errors: tuple[FileError, ...]
    seconds: float
    warnings: tuple[FileError, ...] = ()  # articles that loaded with something ignored


def compare(old: KnowledgeBase, new: KnowledgeBase, seconds: float) -> ReloadReport:
    before = {a.key: a for a in old.articles}
    after = {a.key: a for a in new.articles}
    return ReloadReport(
        added=tuple(after[k].title for k in sorted(after.keys() - before.keys())),
        removed=tuple(before[k].title for k in sorted(before.keys() - after.keys())),
        changed=tuple(
            after[k].title
            for k in sorted(after.keys() & before.keys())
            if after[k].digest != before[k].digest
        ),
        articles=len(after),
        passages=len(new.passages),
        errors=new.errors,
        seconds=seconds,
        warnings=new.warnings,
    )


def live_report(
    old: Answerer, new: Answerer, deltas: tuple[Delta, Delta], seconds: float
) -> ReloadReport:
    """`compare` for a reload that went from one delta to the next: only the files either
    names are looked at (reading every article of a saved 1M-passage index takes a second)."""
    before, after = old.article_spans, new.article_spans
    touched = {name for d in deltas for name in (*d.changed, *d.gone, *d.removed)}
    delta = deltas[1]
    was = {k: _article(old, k) for k in touched if k in before}
    now = {k: _article(new, k) for k in touched if k in after}
    dead = len(new.index.dead) if isinstance(new.index, LiveIndex) else 0
    return ReloadReport(
        added=tuple(now[k].title for k in sorted(now.keys() - was.keys())),
        removed=tuple(was[k].title for k in sorted(was.keys() - now.keys())),
        changed=tuple(
            now[k].title for k in sorted(now.keys() & was.keys()) if now[k].digest != was[k].digest
        ),
        articles=len(after),
        passages=len(new.knowledge.passages) - dead,
        errors=new.knowledge.errors,
        seconds=seconds,
        warnings=KnowledgeBase(articles=delta.articles).warnings,
    )


def _article(answerer: Answerer, key: str) -> Article:
    return answerer.knowledge.passages[answerer.article_spans[key][0]].article
