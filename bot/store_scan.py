"""Which knowledge files a folder holds and the sha256 of each, cheaply on a second look.

The saved index (bot/store.py) is current while every file's hash is the one it
recorded. Reading and hashing 5,000 files took 0.45 s of a 100k-passage start, so a
file whose size, mtime, ctime and inode are the recorded ones keeps its recorded
hash unread. The record is packed (`Sources`: the names and hashes as two text blobs,
the stats as one int64 array) and saved with the index: at 50,000 files a JSON
manifest of per-file entries took most of a 1M-passage start to parse and compare,
where equal blobs and arrays compare in C.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    SUFFIXES,
    ArticleError,
    knowledge_files,
    read_file,
)
from bot.store_files import DamagedError
from bot.stored import Strings, decoded, text_blob

# a file's row: size, mtime_ns, ctime_ns, inode; all -1 when it is read again every time
# (not a regular file, too large, or its stat failed)
STAT_COLUMNS = 4
_UNKNOWN = (-1,) * STAT_COLUMNS
# The folder itself: mtime_ns, ctime_ns, inode, and when it was scanned (time_ns). Adding,
# removing or renaming a file sets the folder's mtime and ctime; a folder that had been
# quiet for QUIET_NS when it was scanned (past any timestamp granularity, as git does for
# its index) and has the same stat now holds the same names, so they are not listed again:
# listing 50,000 files took 0.8-0.9 s of a loaded machine, a stat of each by name 0.3-0.45 s.
QUIET_NS = 2 * 10**9


def _unknown_folder() -> npt.NDArray[np.int64]:
    return np.full(4, -1, np.int64)


@dataclass(frozen=True, eq=False)
class Sources:
    """The knowledge files of a folder, sorted by name: each one's sha256 (or the reason
    it cannot be read) and stat row."""

    names: Strings
    digests: Strings
    stats: npt.NDArray[np.int64]  # len(names) rows of STAT_COLUMNS
    folder: npt.NDArray[np.int64] = field(default_factory=_unknown_folder)  # see QUIET_NS

    @classmethod
    def of(cls, state: Mapping[str, str], stats: npt.NDArray[np.int64] | None = None) -> Sources:
        """From file name -> hash; without `stats` every file is re-read on the next look."""
        names = sorted(state)
        if stats is None:
            stats = np.full((len(names), STAT_COLUMNS), -1, np.int64)
        digests = [state[name] for name in names]
        return cls(Strings(*text_blob(names)), Strings(*text_blob(digests)), stats)

    def state(self) -> dict[str, str]:
        """File name -> sha256 of its bytes, or why it cannot be read."""
        return dict(zip(decoded(self.names), decoded(self.digests), strict=True))

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        """What a saved index keeps of this record (`saved_sources` reads it back)."""
        names, digests = self.names, self.digests
        arrays: list[npt.NDArray[Any]] = [names.blob, names.offsets, digests.blob]
        arrays += [digests.offsets, self.stats, self.folder]
        return dict(zip(SAVED, arrays, strict=True))

    def same_files(self, other: Sources) -> bool:
        """Whether both name the same files with the same hashes (stats aside)."""
        return _same(self.names, other.names) and _same(self.digests, other.digests)


SAVED: tuple[str, ...] = ("source_names", "source_name_offsets", "source_digests")
SAVED += ("source_digest_offsets", "source_stats", "source_folder")


def saved_sources(folder: Path) -> Sources:
    """The knowledge files a checked generation was built from, memory-mapped."""
    try:
        names, name_offsets, digests, digest_offsets, stats, where = (
            np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
            for name in SAVED
        )
    except (OSError, ValueError) as exc:
        raise DamagedError(f"unreadable list of knowledge files: {exc}") from exc
    count = len(name_offsets) - 1
    fits = (
        count >= 0
        and len(digest_offsets) == count + 1
        and stats.shape == (count, STAT_COLUMNS)
        and where.shape == (4,)
        and int(name_offsets[-1]) == len(names)
        and int(digest_offsets[-1]) == len(digests)
    )
    if not fits:
        raise DamagedError("the list of knowledge files does not fit together")
    texts = Strings(names, name_offsets), Strings(digests, digest_offsets)
    return Sources(*texts, stats, np.array(where, np.int64))


def _same(a: Strings, b: Strings) -> bool:
    return np.array_equal(a.offsets, b.offsets) and np.array_equal(a.blob, b.blob)


def folder_state(folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> dict[str, str]:
    """File name -> sha256 of its bytes, for every knowledge file of `folder`; for a file
    that cannot be read (too large, a link leaving the folder) the reason instead."""
    return scan(folder, max_bytes).state()


def scan(
    folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, known: Sources | None = None
) -> Sources:
    """Every knowledge file's hash and stat. A file whose stat row equals the one `known`
    recorded keeps its recorded hash unread (a rewrite changes the mtime and ctime, a
    replacement the inode); when nothing changed, `known` itself is returned. A folder
    whose own stat says it holds the names `known` recorded is not listed (QUIET_NS)."""
    here = _folder_row(folder)
    stats = None
    if known is not None and _same_names(known.folder, here):
        names, blob, offsets = decoded(known.names), known.names.blob, known.names.offsets
        stats = _stats_by_name(folder, names, max_bytes)
    if stats is None:  # listed: changed, not quiet, or unreadable (_listing says why)
        names, stats = _listing(folder, max_bytes)
        blob, offsets = text_blob(names)
    if (
        known is not None
        and np.array_equal(offsets, known.names.offsets)
        and np.array_equal(blob, known.names.blob)
        and np.array_equal(stats, known.stats)
        and bool((stats[:, 0] >= 0).all())
    ):
        return known
    reusable = np.zeros(len(names), bool)
    saved: list[str] = []
    if known is not None:
        at = {name: i for i, name in enumerate(decoded(known.names))}
        where = np.array([at.get(name, -1) for name in names], np.int64)
        if len(known.stats):
            reusable = (where >= 0) & (stats[:, 0] >= 0)
            reusable &= (known.stats[np.maximum(where, 0)] == stats).all(axis=1)
        recorded = decoded(known.digests)
        saved = [recorded[i] for i in where.tolist()]
    digests = [
        saved[i] if keep else _digest(folder, name, max_bytes)
        for i, (name, keep) in enumerate(zip(names, reusable.tolist(), strict=True))
    ]
    return Sources(Strings(blob, offsets), Strings(*text_blob(digests)), stats, here)


def _folder_row(folder: Path) -> npt.NDArray[np.int64]:
    now = time.time_ns()
    try:
        info = os.stat(folder)
    except OSError:
        return np.array([-1, -1, -1, now], np.int64)  # _listing says what is wrong
    return np.array([info.st_mtime_ns, info.st_ctime_ns, info.st_ino, now], np.int64)


def _same_names(saved: npt.NDArray[np.int64], here: npt.NDArray[np.int64]) -> bool:
    """Whether the folder holds the names it held when `saved` was taken (see QUIET_NS)."""
    mtime, ctime, inode, scanned = (int(v) for v in saved)
    return (
        mtime >= 0
        and scanned - mtime > QUIET_NS
        and (mtime, ctime, inode) == tuple(int(v) for v in here[:3])
    )


def _stats_by_name(
    folder: Path, names: list[str], max_bytes: int
) -> npt.NDArray[np.int64] | None:
    """Each named file's stat row, without listing the folder (None: it cannot be opened)."""
    try:
        at = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    except OSError:
        return None
    try:
        rows = [_row(_lstat(folder, name, at), max_bytes) for name in names]
    finally:
        if at is not None:
            os.close(at)
    return np.array(rows, np.int64).reshape(len(rows), STAT_COLUMNS)


def _lstat(folder: Path, name: str, at: int | None) -> os.stat_result | None:
    try:
        if at is not None:
            return os.stat(name, dir_fd=at, follow_symlinks=False)
        return os.lstat(os.path.join(folder, name))
    except OSError:
        return None


def digest_of(folder: Path, name: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> str | None:
    """One knowledge file's hash (or why it cannot be read), as `scan` records it; None when
    `name` is no knowledge file of `folder` (not there, hidden, another suffix)."""
    if name[:1] in ("", ".") or name[name.rfind(".") :].lower() not in SUFFIXES:
        return None
    if "/" in name or os.sep in name:  # a path, not a file of this folder
        return None
    if not os.path.lexists(os.path.join(folder, name)):
        return None
    return _digest(folder, name, max_bytes)


def _digest(folder: Path, name: str, max_bytes: int) -> str:
    try:
        data = read_file(folder / name, folder=folder, max_bytes=max_bytes)
        return hashlib.sha256(data).hexdigest()
    except ArticleError as exc:
        return f"unreadable: {exc}"


def _listing(folder: Path, max_bytes: int) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The names of knowledge.knowledge_files(folder), sorted, and each one's stat row;
    plain strings, as 5,000 Path objects cost 0.3 s of a start (and sorting the names
    alone, not (name, entry) pairs, 0.1 s of a 50,000-file one)."""
    try:
        with os.scandir(folder) as listing:
            found = {entry.name: entry for entry in listing}
    except OSError:
        knowledge_files(folder)  # raises the FolderError that says what is wrong
        raise
    names = sorted(n for n in found if n[0] != "." and n[n.rfind(".") :].lower() in SUFFIXES)
    entries = [found[name] for name in names]  # a folder so named too: read_file names it
    rows = [_row(_entry_stat(entry), max_bytes) for entry in entries]
    return names, np.array(rows, np.int64).reshape(len(rows), STAT_COLUMNS)


def _entry_stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError:
        return None


def _row(info: os.stat_result | None, max_bytes: int) -> tuple[int, ...]:
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return _UNKNOWN
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
