"""Independent pieces of a build run side by side on every core, in forked processes.

`run(tasks)` runs the first task in this process and each other one in a child forked
for it, and returns their results in order. Forked children see this process's memory
(the parsed passages) without copying or pickling it; each hands its result back as a
pickle in a private scratch folder (read by this process only: nothing pickled is ever
saved with the index). A child that fails is not fatal: its task runs here instead, with
a warning. A process with other threads running (the serving bot) runs every task
itself: a fork copies locks other threads may hold; the bot's reloads build in a child
process of their own (bot/store.py), which has no other threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_WORKERS = 8  # knowledge.build_workers' default (bot/config.py)


def cores(most: int) -> int:
    """The cores this process may use, at most `most` (knowledge.build_workers)."""
    try:
        found = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        found = os.cpu_count() or 1
    return max(1, min(found, most))


def may_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run(tasks: Sequence[Callable[[], T]], kind: type[T]) -> list[T]:
    """Each task's result, in order; `kind`: the type every result has."""
    if len(tasks) <= 1 or not may_fork():
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    children = []
    with tempfile.TemporaryDirectory(prefix="newsbot-build-") as scratch:
        try:
            for k, task in enumerate(tasks[1:], start=1):
                path = Path(scratch) / f"result-{k}"
                child = context.Process(target=_into, args=(task, path), daemon=True)
                child.start()
                children.append((child, path))
            results = [tasks[0]()]
            for (child, path), task in zip(children, tasks[1:], strict=True):
                child.join()
                found = _received(child.exitcode, path, kind)
                if found is None:
                    log.warning("doing a failed build process's work in this process instead")
                    found = task()
                results.append(found)
        finally:
            for child, _ in children:
                if child.is_alive():
                    child.kill()
                    child.join()
    return results


def _into(task: Callable[[], object], path: Path) -> None:
    result = task()
    with path.open("wb") as out:
        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)


def _received(exitcode: int | None, path: Path, kind: type[T]) -> T | None:
    if exitcode != 0:
        log.warning("a build process failed (exit code %s)", exitcode)
        return None
    try:
        with path.open("rb") as data:
            result = pickle.load(data)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        log.warning("a build process's result is unreadable: %s", exc)
        return None
    path.unlink()
    return result if isinstance(result, kind) else None
