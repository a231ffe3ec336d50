"""An index built from parsed passages on every core: postings, BM25 weights and facts.

Each passage's postings and facts depend on that passage alone (and its article), so the
passages are cut into consecutive ranges, one per core; each range is indexed and read
(`build_part`: one pass for the postings, then the facts, reusing the pieces of text the
postings already analysed) in a forked child process, the first range in this one, and
the parts are merged in order (bot/build_merge.py) into exactly what one process builds.

Children are forked (they see the passages without copying or pickling them) and hand
their part back as a file in a private scratch folder. A child that fails is not fatal:
its range is built here instead, with a warning. A process with other threads running
(the serving bot) builds in one process: forking it could copy a lock another thread
holds; the bot's reloads build in a child process of their own (bot/store.py), which
has no other threads.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.answering.fact_table import build_facts
from bot.build_merge import Part, merge, ranges
from bot.index import Bm25Index, Bm25Params, Postings
from bot.knowledge import Passage
from bot.postings import postings_and_pieces

log = logging.getLogger(__name__)

MAX_WORKERS = 8
PASSAGES_PER_WORKER = 20_000  # fewer and a process costs more than it saves (auto only)


def build_index(
    passages: Sequence[Passage], params: Bm25Params | None = None, workers: int | None = None
) -> Postings:
    """The postings of `passages` with their BM25 weights for `params` and their facts;
    `workers` processes (None: one per core, fewer for a small archive)."""
    if workers is None:
        workers = min(default_workers(), len(passages) // PASSAGES_PER_WORKER)
    postings, facts = merge(build_parts(passages, max(1, workers)))
    index = Bm25Index(postings, params)
    return dataclasses.replace(postings, weights=index.weights, facts=facts)


def default_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def build_part(passages: Sequence[Passage]) -> Part:
    """One range's postings, and its facts over the range's own terms."""
    postings, pieces = postings_and_pieces(passages)
    vocabulary = dict(zip(postings.terms, range(len(postings.terms)), strict=True))
    facts = build_facts(passages, vocabulary.get, len(postings.terms), pieces)
    return Part(postings, facts)


def build_parts(passages: Sequence[Passage], workers: int) -> list[Part]:
    """The parts of `passages` cut into `workers` ranges, built in that many processes when
    this process may fork."""
    cut = ranges(len(passages), workers)
    if len(cut) == 1 or not _may_fork():
        return [build_part(passages[first:end]) for first, end in cut]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="newsbot-build-") as scratch:
        children = []
        try:
            for k, (first, end) in enumerate(cut[1:], start=1):
                path = Path(scratch) / f"part-{k}"
                child = context.Process(
                    target=_build_into, args=(passages, first, end, path), daemon=True
                )
                child.start()
                children.append((child, path))
            first, end = cut[0]
            parts = [build_part(passages[first:end])]
            for (child, path), (first, end) in zip(children, cut[1:], strict=True):
                child.join()
                parts.append(_received(child.exitcode, path) or _again(passages, first, end))
        finally:
            for child, _ in children:
                if child.is_alive():
                    child.kill()
                    child.join()
    return parts


def _may_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _build_into(passages: Sequence[Passage], first: int, end: int, path: Path) -> None:
    """A child's work: the part of passages `first` to `end`, pickled into `path` (read
    back by its parent only; nothing pickled is ever saved with the index)."""
    part = build_part(passages[first:end])
    with path.open("wb") as out:
        pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)


def _received(exitcode: int | None, path: Path) -> Part | None:
    if exitcode != 0:
        log.warning("an index build process failed (exit code %s)", exitcode)
        return None
    try:
        with path.open("rb") as data:
            part = pickle.load(data)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        log.warning("an index build process's part is unreadable: %s", exc)
        return None
    path.unlink()
    return part if isinstance(part, Part) else None


def _again(passages: Sequence[Passage], first: int, end: int) -> Part:
    log.warning("building passages %d to %d in this process instead", first, end)
    return build_part(passages[first:end])
