"""The serving knowledge: one Answerer at a time, swapped whole on reload.

Readers take ``library.answerer`` once per question and keep using that
object, so a reload that builds a new Answerer (off the event loop) never
changes anything under a question that is being answered.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from bot.answering import Answerer
from bot.answering.answerer import bm25_params
from bot.config import Settings
from bot.index import Postings
from bot.knowledge import FileError, KnowledgeBase, knowledge_files
from bot.store import build_in_child, cache_dir_for, load_or_build


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


class Library:
    def __init__(self, settings: Settings, answerer: Answerer | None = None):
        self.settings = settings
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self.from_cache = False  # whether the last build reused a saved index
        # Reloads analyse in a child process so that questions never wait on the GIL.
        self.build_in_child = True
        self._answerer = answerer or self._build()
        # Start answering now; the slower-to-build parts follow in the background.
        threading.Thread(target=self._answerer.prepare, name="prepare", daemon=True).start()

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    def _build(self, previous: KnowledgeBase | None = None, *, in_child: bool = False) -> Answerer:
        with (
            no_collections(),
            tempfile.TemporaryDirectory(prefix="newsbot-index-") as scratch,
        ):
            return self._build_with(previous, in_child, Path(scratch))

    def _build_with(
        self, previous: KnowledgeBase | None, in_child: bool, scratch: Path
    ) -> Answerer:
        knowledge_settings = self.settings.knowledge
        folder, cache = knowledge_settings.path, cache_dir_for(knowledge_settings)
        limit = knowledge_settings.max_file_bytes
        # A folder that is gone raises FolderError (never an empty library): load_or_build
        # lists it first; a reload checks before it starts a child process for nothing.
        params = bm25_params(self.settings.retrieval)
        if in_child:
            knowledge_files(folder)
            cache = cache or scratch  # caching off: the child hands its build over in scratch
            # The child verifies the saved index's checksums (or rebuilds it), so that this
            # process only maps it: or load_or_build builds here if the child failed.
            build_in_child(folder, cache, max_bytes=limit, params=params)
        loaded = load_or_build(folder, cache, limit, params)
        knowledge: KnowledgeBase = loaded.knowledge
        postings: Postings | None = loaded.postings
        if previous is not None:
            kept = _keep_serving(knowledge, previous)
            if kept is not knowledge:  # old articles are back in: the saved postings don't fit
                knowledge, postings = kept, None
        self.from_cache = loaded.from_cache
        return Answerer(knowledge, self.settings.retrieval, postings)

    def reload(self) -> ReloadReport:
        """Re-read the folder and swap in the new content (blocking: run it in a thread).

        The analysis runs in a child process (see store.build_in_child); this
        thread then only loads the saved result, so answering goes on at speed.

        A file that broke since it was loaded keeps serving its last good
        version; a new broken file is skipped. Either way it is reported.
        A missing or unreadable folder raises knowledge.FolderError and the
        old content keeps serving: a vanished folder is not an empty one.
        """
        with self._lock, responsive_threads():
            started = time.perf_counter()
            old = self._answerer.knowledge
            new = self._build(previous=old, in_child=self.build_in_child)
            new.prepare()  # readers keep the old answerer meanwhile
            self._answerer = new
            report = _compare(old, new.knowledge, time.perf_counter() - started)
            del old
            release_freed_memory()
            return report


def release_freed_memory() -> None:
    """Hand the memory freed by a dropped index back to the system (glibc; a no-op elsewhere).

    Reloads run on the event loop's worker threads, and glibc keeps what each
    thread freed in that thread's own arena: without this, 20 reloads of 6k
    passages left the process 64 MiB larger than after the first two, with
    it 12 MiB (tests/e2e/test_memory.py).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        function: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return function


@contextmanager
def responsive_threads(interval: float = 0.001) -> Iterator[None]:
    """Hand the GIL back to answering five times sooner while a reload works in a thread.

    Answering releases the GIL in each numpy call; with Python's 5 ms switch
    interval the reload thread then keeps it 5 ms every time, and 2 ms answers
    took up to 0.7 s while a 100k-passage reload loaded and prepared its index.
    With 1 ms: at most 0.18-0.23 s, p99 unchanged (0.5 ms: 0.14 s, but p99
    10 -> 15 ms). Process-wide, so only for the reload.
    """
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, interval))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


@contextmanager
def no_collections() -> Iterator[None]:
    """No garbage collection while a knowledge base is built; then freeze what exists.

    A build makes hundreds of thousands of long-lived objects, which trigger
    full collections that walk all of them while holding the GIL (150-200 ms
    pauses for questions at 100k passages, measured). Frozen objects are
    skipped by later collections; they are still freed by reference counting
    when a reload drops them (passages and articles hold no cycles).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def _keep_serving(knowledge: KnowledgeBase, previous: KnowledgeBase) -> KnowledgeBase:
    broken = {error.path.name for error in knowledge.errors}
    kept = [a for a in previous.articles if a.key in broken]
    if not kept:
        return knowledge
    # Paragraphs read from a saved index hold it weakly (bot/stored.py): what outlives
    # this reload must carry its own text, the old index and the new one are both closed
    # with their answerers.
    articles = [replace(a, paragraphs=tuple(a.paragraphs)) for a in (*knowledge.articles, *kept)]
    articles.sort(key=lambda a: a.key)
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
        warnings=new.warnings,
    )
