"""Process-wide settings a reload runs under, so that answering in other threads goes on:
no garbage collection while it builds, a short GIL switch interval, and the freed memory
handed back to the system after it; and the allocator's and the collector's thresholds
answering runs under, so that a question's large temporaries reuse freed memory and its
caches' new objects are not walked every 700 allocations (bot/library.py)."""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def release_freed_memory() -> None:
    """Hand the memory freed by a dropped index back to the system (glibc; a no-op elsewhere).

    Reloads run on the event loop's worker threads, and glibc keeps what each
    thread freed in that thread's own arena: without this, 20 reloads of 6k
    passages left the process 64 MiB larger than after the first two, with
    it 12 MiB (tests/e2e/test_memory.py).
    """
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


# glibc's mallopt parameters (malloc.h), and the values answering runs under: its own
# dynamic thresholds' ceiling on 64 bits (an mmap threshold of 32 MiB; the top of the heap
# trimmed past twice that), set from the start instead of reached by freeing a chunk that large
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20


def keep_freed_memory() -> None:
    """Let a question's large temporaries reuse the memory the last one freed (glibc; a
    no-op elsewhere).

    A new question at 100k passages makes arrays of one slot per passage (800 KB each:
    BM25's sums and maxima, their top). glibc maps afresh each one above its mmap threshold
    (128 KiB until a chunk that large is freed) and trims the top of its heap past its trim
    threshold (then twice the mmap threshold), so their pages went back to the system after
    every question and came back as ~375 page faults (p99 ~1,200), each zeroed by the kernel:
    a fifth of a new question's CPU time (docs/performance.md). With these thresholds the
    pages stay in the process for the next question; what one holds at most is about one
    question's temporaries per answering thread, and `release_freed_memory` still hands
    everything free back after a reload."""
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


# The collector's first threshold while serving (Python's is 700): the net new tracked objects
# (allocations less deallocations) that start a young collection. The generations' other
# thresholds are left as they are: an older collection still follows every 10 younger ones.
YOUNG_THRESHOLD = 50_000


def fewer_young_collections() -> None:
    """Collect the young generation every 50,000 new tracked objects instead of 700.

    Answers make no cyclic garbage (docs/performance.md): what starts a young collection is
    the objects the answerer's caches keep (~128 a new question at 100k passages: the short
    answers' tokens and spans), and each collection only walks them and moves them older.
    At 700, 2,000 new questions from a fresh start ran 366 young, 33 middle (3-5 ms) and 3
    full (100-120 ms) collections, ~5% of the CPU; at 50,000, 5 young ones (~30 ms each)
    and nothing older. Cyclic garbage (the Telegram layer's) is still collected, later."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@functools.cache
def _libc_function(name: str) -> Callable[..., int] | None:
    """glibc's function `name`, or None (another C library). Looked up among the symbols the
    process has loaded (libc's among them), not by `ctypes.util.find_library`, which runs
    `ldconfig` (7 ms, at every start now that the start sets `keep_freed_memory`)."""
    try:
        function: Callable[..., int] = getattr(ctypes.CDLL(None), name)
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


def frozen_after(prepare: Callable[[], None]) -> None:
    """`prepare()` (an answerer's lazy parts, built in the background after a build), then
    what it made frozen as `no_collections` freezes the build's: WordNet's and the spelling
    and acronym tables, the article spans (~10,000 objects at 100k passages) are kept for the
    answerer's life, and every full collection walked them again."""
    prepare()
    gc.freeze()


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
