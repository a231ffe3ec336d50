"""Adding, changing and removing articles live: what changed since the main index was built,
as a delta (bot/live_index.py), in milliseconds per article.

The main index (`Base`) is the last full build and the files it was built from. At every
reload the folder is compared with those files (a stat each, bot/store_scan.py): the
files added or changed since are parsed (a file already in the previous delta with the
same hash is not parsed again) and indexed alone, and the main index's articles of the
files removed or changed are tombstoned. A changed file that no longer parses keeps
serving its last good version, as in a full reload; a new broken file is skipped and
reported. Library (bot/library.py) swaps the result in, saves it beside the main index
(bot/store_delta.py), and merges it by a full rebuild in the background once it grows
past `knowledge.merge_passages` or `knowledge.merge_share` of the main index. This module
sits below answering: it reads the base's content, and bot/answering/live.py (`serve`)
builds the answerer that searches the base and the delta.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from bot.config import KnowledgeSettings
from bot.errors import MAX_MESSAGE, excerpt
from bot.index import Postings
from bot.joined import Spans
from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_MIN_ARTICLE_WORDS,
    Article,
    FileError,
    KnowledgeBase,
    load_file,
)
from bot.store import Loaded
from bot.store_delta import SavedDelta

BROKEN = "broken"  # the state of a file a base without saved sources could not load


class Served(Protocol):
    """What a full build serves (an `Answerer`): this module reads its content to compute
    a delta; bot/answering/live.py applies the delta to it."""

    @property
    def knowledge(self) -> KnowledgeBase: ...

    @property
    def article_spans(self) -> Spans: ...


S = TypeVar("S", bound=Served, covariant=True)  # a Base[Answerer] is read as a Base[Served]
T = TypeVar("T", bound=Served)  # Base.of: the base of what was passed in


@dataclass(frozen=True)
class Base(Generic[S]):
    """A full build: its answerer, the files it was built from, and its saved generation."""

    answerer: S
    state: Mapping[str, str]  # file name -> sha256 of the version indexed (or why not)
    generation: str | None = None  # its folder in the index cache; None: not saved

    @staticmethod
    def of(answerer: T, loaded: Loaded | None, generation: str | None) -> Base[T]:
        kb = answerer.knowledge
        if loaded is not None and loaded.sources is not None and kb is loaded.knowledge:
            return Base(answerer, loaded.sources.state(), generation)
        state = {a.key: a.digest for a in kb.articles}  # e.g. old versions kept serving
        state.update({e.path.name: BROKEN for e in kb.errors if e.path.name not in state})
        return Base(answerer, state, generation if kb is getattr(loaded, "knowledge", 0) else None)


@dataclass(frozen=True)
class Delta:
    """The articles added or changed since the base, and the base articles they replace."""

    articles: tuple[Article, ...] = ()
    removed: frozenset[str] = frozenset()  # keys of base articles tombstoned
    errors: tuple[FileError, ...] = ()  # every file that does not load now
    changed: Mapping[str, str] = field(default_factory=dict)  # name -> sha256 now
    gone: frozenset[str] = frozenset()  # files of the base no longer in the folder
    knowledge: KnowledgeBase = field(default_factory=KnowledgeBase)
    postings: Postings | None = None  # when read from a saved delta

    @property
    def passages(self) -> int:
        return len(self.knowledge.passages)

    @property
    def empty(self) -> bool:
        return not self.changed and not self.removed


def changed_files(
    base: Base[Served], now: Mapping[str, str], among: Collection[str] | None = None
) -> tuple[dict[str, str], set[str]]:
    """The files added or changed since the base (name -> sha256 now), and those removed;
    only `among` these names when given (the others are known to be as in the base)."""
    if among is None:
        changed = {name: digest for name, digest in now.items() if base.state.get(name) != digest}
        return changed, set(base.state.keys() - now.keys())
    changed = {n: now[n] for n in among if n in now and base.state.get(n) != now[n]}
    return changed, {n for n in among if n not in now and n in base.state}


def delta_for(
    folder: Path,
    base: Base[Served],
    changes: tuple[Mapping[str, str], set[str]],  # changed_files: added or changed, removed
    previous: Delta | None = None,
    saved: SavedDelta | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    min_words: int = DEFAULT_MIN_ARTICLE_WORDS,  # of a saved web page's text
) -> Delta:
    """The delta that brings `base` to the folder's files as `changes` says they are now."""
    changed, gone = changes
    if not changed and not gone:
        return Delta(errors=_still_broken(base, changed, gone))
    if saved is not None and saved.changed == changed and _removes(base, saved, changed, gone):
        kb = saved.knowledge
        broken = _still_broken(base, changed, gone) + tuple(kb.errors)
        kept = tuple(kb.articles)
        return Delta(kept, saved.removed, broken, changed, frozenset(gone), kb, saved.postings)
    in_base = base.answerer.article_spans
    known = {a.key: a for a in previous.articles} if previous is not None else {}
    articles: list[Article] = []
    errors: list[FileError] = []
    removed = {name for name in gone if name in in_base}
    for name in sorted(changed):
        last = known.get(name)
        if last is not None and last.digest == changed[name]:
            # its own text: a saved delta's paragraphs hold its files weakly (bot/stored.py)
            article: Article | None = replace(last, paragraphs=tuple(last.paragraphs))
        else:
            article, error = _parse(folder, name, max_bytes, min_words)
            if error is not None:
                errors.append(error)
                article = last  # the last good version keeps serving, or the base's
        if article is not None:
            articles.append(article)
            if name in in_base:
                removed.add(name)
    own = tuple(errors)
    kb = KnowledgeBase.from_articles(articles, own)
    broken = _still_broken(base, changed, gone) + own
    return Delta(tuple(kb.articles), frozenset(removed), broken, changed, frozenset(gone), kb)


def _removes(
    base: Base[Served], saved: SavedDelta, changed: Mapping[str, str], gone: set[str]
) -> bool:
    spans = base.answerer.article_spans
    return saved.removed <= (set(changed) | gone) and all(k in spans for k in saved.removed)


def _still_broken(
    base: Base[Served], changed: Mapping[str, str], gone: set[str]
) -> tuple[FileError, ...]:
    errors = base.answerer.knowledge.errors
    return tuple(e for e in errors if e.path.name not in changed and e.path.name not in gone)


def _parse(
    folder: Path, name: str, max_bytes: int, min_words: int
) -> tuple[Article | None, FileError | None]:
    path = folder / name
    try:
        return load_file(path, folder=folder, max_bytes=max_bytes, min_words=min_words), None
    except Exception as exc:  # one file's problem, whatever raised it (as load_folder)
        return None, FileError(path, excerpt(str(exc) or type(exc).__name__, MAX_MESSAGE))


def merge_due(base: Base[Served], delta: Delta, settings: KnowledgeSettings) -> bool:
    """Whether the delta has grown past what the settings let it grow to before a merge."""
    size = len(base.answerer.knowledge.passages)
    return delta.passages > min(float(settings.merge_passages), settings.merge_share * size)
