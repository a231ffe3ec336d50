"""The serving knowledge: one Answerer at a time, swapped whole on reload.

Readers take ``library.answerer`` once per question and keep using that
object, so a reload that builds a new Answerer (off the event loop) never
changes anything under a question that is being answered.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from bot.answer import Answerer
from bot.config import Settings
from bot.knowledge import FileError, KnowledgeBase, load_folder


@dataclass(frozen=True)
class ReloadReport:
    added: tuple[str, ...]  # article titles
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    articles: int
    passages: int
    errors: tuple[FileError, ...]
    seconds: float


class Library:
    def __init__(self, settings: Settings, answerer: Answerer | None = None):
        self.settings = settings
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self._answerer = answerer or self._build()

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    def _build(self, previous: KnowledgeBase | None = None) -> Answerer:
        knowledge = load_folder(self.settings.knowledge.path)
        if previous is not None:
            knowledge = _keep_serving(knowledge, previous)
        return Answerer(knowledge, self.settings.retrieval)

    def reload(self) -> ReloadReport:
        """Re-read the folder and swap in the new content (blocking: run it in a thread).

        A file that broke since it was loaded keeps serving its last good
        version; a new broken file is skipped. Either way it is reported.
        """
        with self._lock:
            started = time.perf_counter()
            old = self._answerer.knowledge
            new = self._build(previous=old)
            self._answerer = new
            return _compare(old, new.knowledge, time.perf_counter() - started)


def _keep_serving(knowledge: KnowledgeBase, previous: KnowledgeBase) -> KnowledgeBase:
    broken = {error.path.name for error in knowledge.errors}
    kept = [a for a in previous.articles if a.key in broken]
    if not kept:
        return knowledge
    articles = sorted((*knowledge.articles, *kept), key=lambda a: a.key)
    return KnowledgeBase.from_articles(articles, knowledge.errors)


def _compare(old: KnowledgeBase, new: KnowledgeBase, seconds: float) -> ReloadReport:
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
    )
