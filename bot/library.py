"""The serving knowledge: one Answerer at a time, swapped whole on reload.

Readers take ``library.answerer`` once per question and keep using that
object, so a reload that builds a new Answerer (off the event loop) never
changes anything under a question that is being answered.

From `knowledge.live_from` passages on, a reload applies what changed since the last
full build as a delta (bot/live.py: milliseconds per article) and a full build (the
merge) runs in the background once the delta grows past `knowledge.merge_passages`.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from bot.answering import Answerer
from bot.answering.live import delta_postings, serve
from bot.answering.parts import bm25_params
from bot.config import Settings
from bot.fuzzy import SpellingSettings
from bot.index import Postings
from bot.knowledge import KnowledgeBase, knowledge_files
from bot.live import Base, Delta, changed_files, delta_for, merge_due
from bot.reloading import (
    fewer_young_collections,
    frozen_after,
    keep_freed_memory,
    no_collections,
    release_freed_memory,
    responsive_threads,
)
from bot.store import (
    MANIFEST,
    CacheError,
    Loaded,
    build_in_child,
    cache_dir_for,
    load_or_build,
    read_manifest,
)
from bot.store_delta import clear_delta, load_delta, save_delta

__all__ = ["Library", "ReloadReport", "no_collections", "release_freed_memory"]
from bot.reload_report import ReloadReport, compare, live_report
from bot.store_scan import Sources, digest_of, rescan

log = logging.getLogger(__name__)


class Library:
    def __init__(self, settings: Settings, answerer: Answerer | None = None):
        self.settings = settings
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self.from_cache = False  # whether the last build reused a saved index
        # Reloads analyse in a child process so that questions never wait on the GIL.
        self.build_in_child = True
        self._delta = Delta()
        self._scanned: Sources | None = None  # the folder's last scan, to reuse its hashes
        self._now: dict[str, str] = {}
        self._whole = True  # whether `_now` may differ from the base outside the delta's files
        self._merging: threading.Thread | None = None
        if answerer is not None:
            self._base = Base.of(answerer, None, None)
            self._now = dict(self._base.state)
        self._answerer = answerer or self._start()
        keep_freed_memory()  # answering's temporaries reuse freed pages (after the start's)
        fewer_young_collections()  # answering's cached objects are not walked every 700
        # Start answering now; the slower-to-build parts follow in the background.
        prepare = self._answerer.prepare
        threading.Thread(target=frozen_after, args=(prepare,), name="prepare", daemon=True).start()

    @property
    def answerer(self) -> Answerer:
        return self._answerer

    def _start(self) -> Answerer:
        """The saved index, with what changed since as a delta when that is small enough;
        else a full build."""
        answerer = self._build(stale_ok=True)
        if self._live():
            live = self._apply(started=True)
            if live is not None:
                return live
        elif self._scanned is None or dict(self._base.state) == self._scanned.state():
            return answerer  # built now, or saved from these very files
        return self._build()

    def _live(self) -> bool:
        return len(self._base.answerer.knowledge.passages) >= self.settings.knowledge.live_from

    def _build(
        self,
        previous: KnowledgeBase | None = None,
        *,
        in_child: bool = False,
        stale_ok: bool = False,
    ) -> Answerer:
        """A full build (or the saved one), which becomes the base; no delta."""
        answerer, loaded = self._full(previous, in_child, stale_ok)
        self._use(answerer, loaded)
        return answerer

    def _use(self, answerer: Answerer, loaded: Loaded) -> None:
        self._base, self._delta = Base.of(answerer, loaded, loaded.generation), Delta()
        self._scanned, self._whole = loaded.current, True
        # the folder's files now, name -> sha256: what the next delta is computed from
        self._now = loaded.current.state() if loaded.current else dict(self._base.state)

    def _full(
        self, previous: KnowledgeBase | None, in_child: bool, stale_ok: bool = False
    ) -> tuple[Answerer, Loaded]:
        with (
            no_collections(),
            tempfile.TemporaryDirectory(prefix="newsbot-index-") as scratch,
        ):
            return self._build_with(previous, in_child, Path(scratch), stale_ok)

    def _build_with(
        self, previous: KnowledgeBase | None, in_child: bool, scratch: Path, stale_ok: bool
    ) -> tuple[Answerer, Loaded]:
        knowledge_settings = self.settings.knowledge
        folder, cache = knowledge_settings.path, cache_dir_for(knowledge_settings)
        limit, words = knowledge_settings.max_file_bytes, knowledge_settings.fetch.min_article_words
        compact, most = knowledge_settings.cache_compact, knowledge_settings.build_workers
        # A folder that is gone raises FolderError (never an empty library): load_or_build
        # lists it first; a reload checks before it starts a child process for nothing.
        params, spelling = bm25_params(self.settings.retrieval), self.settings.retrieval.spelling
        if in_child:
            knowledge_files(folder)
            cache = cache or scratch  # caching off: the child hands its build over in scratch
            # The child verifies the saved index's checksums (or rebuilds it), so that this
            # process only maps it: or load_or_build builds here if the child failed.
            build_in_child(
                folder,
                cache,
                max_bytes=limit,
                params=params,
                min_words=words,
                compact=compact,
                most=most,
                spelling=spelling,
            )
        loaded = load_or_build(
            folder,
            cache,
            limit,
            params,
            stale_ok=stale_ok,
            min_words=words,
            compact=compact,
            most=most,
            spelling=spelling,
        )
        knowledge: KnowledgeBase = loaded.knowledge
        postings: Postings | None = loaded.postings
        if previous is not None:
            kept = _keep_serving(knowledge, previous)
            if kept is not knowledge:  # old articles are back in: the saved postings don't fit
                knowledge, postings = kept, None
        self.from_cache = loaded.from_cache
        if postings is not loaded.postings:
            loaded = replace(loaded, knowledge=knowledge)  # not the saved files' content
        return Answerer(knowledge, self.settings.retrieval, postings), loaded

    def _apply(
        self, started: bool = False, names: Collection[str] | None = None
    ) -> Answerer | None:
        """The base with what changed in the folder since as a delta; None when that is more
        than a delta should hold (a full build is due). Saves the delta with the index.
        With `names`, only those files are looked at (an admin's add or removal): a look at
        every file of a million-passage folder takes a second."""
        with no_collections():  # a full collection walks the fuzzy tables' millions of objects
            return self._apply_now(started, names)

    def _apply_now(self, started: bool, names: Collection[str] | None) -> Answerer | None:
        knowledge = self.settings.knowledge
        folder, limit = knowledge.path, knowledge.max_file_bytes
        looked: set[str] | None = None  # the files whose entry in `_now` may have changed
        if started:
            pass  # the start's own scan made self._now: a second look costs 0.4 s at 1M
        elif names is None:
            looked = self._look(folder, limit)
        else:
            if not folder.is_dir():
                knowledge_files(folder)  # raises the FolderError that says what is wrong
            for name in names:
                digest = digest_of(folder, name, limit)
                if digest is None:
                    self._now.pop(name, None)
                else:
                    self._now[name] = digest
            looked = set(names)
        # `_now` differs from the base in the delta's files and those looked at, unless a
        # full build came since (then anywhere, until one comparison of every file)
        delta = self._delta
        among = None if looked is None or self._whole else {*looked, *delta.changed, *delta.gone}
        base, cache = self._base, cache_dir_for(knowledge)
        changed, gone = changed_files(base, self._now, among)
        self._whole = True  # until the delta made of these is the one kept
        if len(changed) + len(gone) > knowledge.merge_passages:
            return None
        saved = None
        if started and cache is not None and base.generation is not None:
            try:
                saved = load_delta(cache, read_manifest(cache / MANIFEST))
            except (OSError, CacheError) as exc:  # built again from the files
                log.warning("saved index delta not used: %s", exc)
        words = knowledge.fetch.min_article_words
        delta = delta_for(folder, base, (changed, gone), self._delta, saved, limit, words)
        if delta.passages > 10 * knowledge.merge_passages:
            return None
        built = delta.postings is None
        if built and not delta.empty:
            delta = replace(delta, postings=delta_postings(delta.knowledge))
        answerer = serve(base, delta)
        if cache is not None and base.generation is not None and built:
            try:
                self._save(cache, base.generation, delta, self.settings.retrieval.spelling)
            except OSError as exc:
                log.warning("cannot save the index delta in %s: %s", cache, exc)
        self._delta, self._whole = delta, False
        if merge_due(base, delta, knowledge) and self._merging is None:
            self._merging = threading.Thread(target=self._merge, name="merge", daemon=True)
            self._merging.start()
        return answerer

    def _look(self, folder: Path, limit: int) -> set[str] | None:
        """A look at every file (`/reload`, watch mode), listed and stat-ed in a child process
        (50,000 stats in this one held the GIL from answering for half a second at 1M
        passages): `_now` takes the hashes that differ from the last look's (a file an admin
        named since keeps the hash the add read, unless it changed again). The names whose
        entry changed; None: any."""
        known = self._scanned
        self._scanned, changes = rescan(folder, limit, known, apart=True)  # FolderError: gone
        if known is None:
            self._now = self._scanned.state()
            return None
        for name, digest in changes.items():
            if digest is None:
                self._now.pop(name, None)
            else:
                self._now[name] = digest
        return set(changes)

    @staticmethod
    def _save(cache: Path, generation: str, delta: Delta, spelling: SpellingSettings) -> None:
        if delta.empty:
            clear_delta(cache, generation)
            return
        if delta.postings is not None:
            kb, postings, removed = delta.knowledge, delta.postings, delta.removed
            save_delta(cache, generation, kb, postings, delta.changed, removed, spelling)

    def _merge(self) -> None:
        """The delta merged into a new full build (in a child process), then swapped in with
        whatever changed meanwhile as the next delta."""
        try:
            with responsive_threads():
                previous, in_child = self._answerer.knowledge, self.build_in_child
                # the child saves a build of the files now; here, stale_ok would map the old one
                answerer, loaded = self._full(previous, in_child, stale_ok=in_child)
                frozen_after(answerer.prepare)
                with self._lock:
                    self._use(answerer, loaded)
                    self._answerer = self._apply() or answerer
        except Exception:  # the delta keeps serving; the next reload tries again
            log.exception("merging the index delta failed")
        finally:
            self._merging = None

    def reload(self, names: Collection[str] | None = None) -> ReloadReport:
        """Re-read the folder and swap in the new content (blocking: run it in a thread).
        `names`: the only files that changed, when the caller knows (an admin's add or
        removal), so that a live reload looks at them alone.

        The analysis runs in a child process (see store.build_in_child); this
        thread then only loads the saved result, so answering goes on at speed.

        A file that broke since it was loaded keeps serving its last good
        version; a new broken file is skipped. Either way it is reported.
        A missing or unreadable folder raises knowledge.FolderError and the
        old content keeps serving: a vanished folder is not an empty one.
        """
        with self._lock, responsive_threads():
            started = time.perf_counter()
            before, previous = self._answerer, self._delta
            new = self._apply(names=names) if self._live() else None
            if new is not None:
                self._answerer = new
                deltas = (previous, self._delta)
                return live_report(before, new, deltas, time.perf_counter() - started)
            old = before.knowledge
            del before
            new = self._build(previous=old, in_child=self.build_in_child)
            frozen_after(new.prepare)  # readers keep the old answerer meanwhile
            self._answerer = new
            report = compare(old, new.knowledge, time.perf_counter() - started)
            del old
            release_freed_memory()
            return report


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
