"""Saved arrays memory-mapped read-only, and the pages a question mapped given back.

A question reads a few posting lists of a saved index through its mapping, and this kernel
maps a whole folio of the page cache on a fault (2 MiB for the files a build wrote): one new
question at a million passages maps ~20 MiB of each of the postings' passages and weights,
and 300 of them map both files whole, 280 MiB of the process's RSS (docs/performance.md,
"Serving memory", sixteenth round). `release` drops a mapping's pages from this process
(``MADV_DONTNEED`` on a read-only shared file mapping: nothing is lost, the file's pages stay
in the OS's page cache, shared and evictable, as the pages ``pread`` reads do); the next read
maps them again, a minor fault per folio. `release_library` does the same for the code of a
shared library that only a start uses (numba's LLVM, once the compiled kernels are loaded).

Only what this module mapped read-only (`ReadOnlyMap`) or a library's pages that no write
copied are released: a page of the process's own memory is never touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import mmap
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt


class ReadOnlyMap(mmap.mmap):
    """A whole file mapped read-only and shared: its pages can always be given back."""

    def release(self) -> None:
        """Drop this mapping's pages from the process (they come back on the next read)."""
        with contextlib.suppress(ValueError, OSError):  # closed: nothing mapped
            self.madvise(mmap.MADV_DONTNEED)


def load(path: Path) -> npt.NDArray[Any]:
    """The ``.npy`` array at `path` (C-ordered, no pickles) as a read-only view of the file,
    mapped whole (its `ReadOnlyMap` is the array's base)."""
    with open(path, "rb") as file:
        fmt = np.lib.format
        version = fmt.read_magic(file)
        read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read(file)
        if fortran or dtype.hasobject:
            raise ValueError(f"{path.name}: not a plain C-ordered array")
        offset = file.tell()
        whole = ReadOnlyMap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if offset + dtype.itemsize * int(np.prod(shape, dtype=np.int64)) > len(whole):
        raise ValueError(f"{path.name}: shorter than its header says")
    return np.ndarray(shape, dtype, buffer=whole, offset=offset)


def maps_of(*found: Any) -> tuple[ReadOnlyMap, ...]:
    """The `ReadOnlyMap`s under `found`: arrays (through their bases) and dataclasses of them
    (a split column, weights), each once; arrays held in memory have none."""
    maps: dict[int, ReadOnlyMap] = {}
    todo = list(found)
    while todo:
        item = todo.pop()
        if isinstance(item, np.ndarray):
            base = item.base
            while isinstance(base, np.ndarray):
                base = base.base
            if isinstance(base, ReadOnlyMap):
                maps[id(base)] = base
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            todo.extend(getattr(item, field.name) for field in dataclasses.fields(item))
    return tuple(maps.values())


# Mappings smaller than this in all are never given back: mapped whole in a few hundred
# questions, they would cost every answer the faults that map them again (at 1M ~40 minor
# faults and 5-8% of a new question's time: docs/performance.md, nineteenth round). At 1M
# passages the postings' passages are 80 MiB since format 18 (the weights' codes were never
# given back), which serving memory's 500 MiB holds; from ~1.6M passages they are given back
GIVEN_BACK_FROM = 128 * 2**20


def given_back(*found: Any) -> tuple[ReadOnlyMap, ...]:
    """`maps_of(found)` when they are `GIVEN_BACK_FROM` bytes or more in all (else none),
    each advised to be read from its file in huge folios (``MADV_HUGEPAGE``, where the kernel
    has them): pages released after every use are mapped again by the next, one fault for a
    2 MiB folio against one per 64 KiB of a page cache that reads filled in small folios (a
    start after the files left the cache: at 1M +0.6-1 ms of CPU a new question without it,
    measured). A build's written files are in huge folios already."""
    maps = maps_of(*found)
    if sum(len(whole) for whole in maps) < GIVEN_BACK_FROM:
        return ()
    for whole in maps:
        with contextlib.suppress(OSError, AttributeError):  # no huge pages: faults cost more
            whole.madvise(mmap.MADV_HUGEPAGE)
    return maps


def release(maps: tuple[ReadOnlyMap, ...]) -> None:
    for whole in maps:
        whole.release()


def release_library(name: str) -> int:
    """Drop from this process the pages of the shared libraries whose file name contains
    `name` (their code and read-only data) where no page was copied by a write (relocated
    data keeps its mapping); returns the bytes of the mappings released. Their pages come
    back from the file when the code runs again (e.g. numba compiling a new signature)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    released = 0
    for start, end in _clean_mappings(name):
        if libc.madvise(start, end - start, mmap.MADV_DONTNEED) == 0:
            released += end - start
    return released


def _clean_mappings(name: str) -> list[tuple[int, int]]:
    """The address ranges of this process's read-only file mappings whose file name contains
    `name` and that hold no private (copied-on-write) page, from /proc/self/smaps."""
    found: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    try:
        with open("/proc/self/smaps") as lines:
            for line in lines:
                fields = line.split()
                if len(fields) >= 5 and "-" in fields[0] and not fields[0].endswith(":"):
                    current = None
                    path = fields[5] if len(fields) > 5 else ""
                    if "w" not in fields[1] and name in Path(path).name:
                        low, high = fields[0].split("-")
                        current = (int(low, 16), int(high, 16))
                elif current is not None and fields[0] == "Anonymous:":
                    if int(fields[1]) == 0:
                        found.append(current)
                    current = None
    except OSError:  # no /proc: nothing released
        return []
    return found
