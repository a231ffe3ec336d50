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
import logging
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import folder_stats
from bot.folder_stats import STAT_COLUMNS, listing, rows
from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    SUFFIXES,
    ArticleError,
    knowledge_files,
    read_file,
)
from bot.store_files import DamagedError
from bot.stored import Strings, decoded, text_blob

log = logging.getLogger(__name__)

# at most this long for a child process's listing (50,000 files: 0.3-0.5 s)
CHILD_SECONDS = 60.0
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
    return rescan(folder, max_bytes, known)[0]


# name -> its sha256 now (or why it cannot be read); None: the file is gone
Changes = dict[str, str | None]


def rescan(
    folder: Path, max_bytes: int, known: Sources | None, *, apart: bool = False
) -> tuple[Sources, Changes]:
    """`scan`, and the files whose hash differs from the one `known` recorded (every file
    when nothing is known). `apart`: the files are listed and stat-ed in a child process
    (bot/folder_stats.py), as a reload in a thread beside answering ones wants (here when
    the child fails)."""
    here = _folder_row(folder)
    listed = None
    if apart and here[0] >= 0:
        listed = _listing_apart(folder, max_bytes)
    elif known is not None and _same_names(known.folder, here):
        stats = _stats_by_name(folder, decoded(known.names), max_bytes)
        listed = None if stats is None else (known.names, stats)
    if listed is None:  # listed: changed, not quiet, or unreadable (_listing says why)
        found, stats = _listing(folder, max_bytes)
        listed = Strings(*text_blob(found)), stats
    names, stats = listed
    if (
        known is not None
        and _same(names, known.names)
        and np.array_equal(stats, known.stats)
        and bool((stats[:, 0] >= 0).all())
    ):
        return known, {}
    before = known or Sources.of({})
    where = _positions(before.names, names)
    reusable = (where >= 0) & (stats[:, 0] >= 0)
    if len(before.stats):
        reusable &= (before.stats[np.maximum(where, 0)] == stats).all(axis=1)
    read = np.flatnonzero(~reusable)
    fresh = [_digest(folder, names[i], max_bytes) for i in read.tolist()]
    order = where.copy()
    order[read] = len(before.digests) + np.arange(len(read))
    digests = _taken(_joined(before.digests, Strings(*text_blob(fresh))), order)
    changes: Changes = {
        names[i]: digest
        for i, at, digest in zip(read.tolist(), where[read].tolist(), fresh, strict=True)
        if at < 0 or before.digests[at] != digest
    }
    gone = np.ones(len(before.names), bool)
    gone[where[where >= 0]] = False
    changes.update((before.names[i], None) for i in np.flatnonzero(gone).tolist())
    return Sources(names, digests, stats, here), changes


def _positions(known: Strings, names: Strings) -> npt.NDArray[np.int64]:
    """Where each of `names` is among `known` (-1: not there); both sorted, as a listing is
    (UTF-8 bytes sort as the code points do), and compared as fixed-width byte strings in
    C: the lists and dict of 50,000 names it replaces took ~25 ms of the GIL."""
    if _same(known, names):
        return np.arange(len(names), dtype=np.int64)
    width = max(_longest(known), _longest(names), 1)
    table, wanted = _fixed(known, width), _fixed(names, width)
    at = np.searchsorted(table, wanted).astype(np.int64)
    inside = at < len(table)
    inside[inside] = table[at[inside]] == wanted[inside]
    return np.where(inside, at, -1)


def _longest(strings: Strings) -> int:
    return int(np.diff(strings.offsets).max(initial=0))


def _fixed(strings: Strings, width: int) -> npt.NDArray[np.bytes_]:
    """`strings` as one fixed-width byte string each (padded with NULs, which names lack)."""
    offsets = np.asarray(strings.offsets)
    lengths = np.diff(offsets)
    flat = np.zeros(len(lengths) * width, np.uint8)
    # byte j of text k (at offsets[k] + j in the blob) goes to k * width + j
    shift = np.repeat(np.arange(len(lengths)) * width - offsets[:-1], lengths)
    flat[shift + np.arange(len(shift))] = np.asarray(strings.blob)[: len(shift)]
    return flat.view(f"S{width}")


def _taken(strings: Strings, order: npt.NDArray[np.int64]) -> Strings:
    """The texts of `strings` at `order`, in one new blob: copied a run of consecutive
    indexes at a time (a look that found a few changes has a few runs: 1 ms at 50,000 files,
    where a gather byte by byte took 12 ms)."""
    offsets, blob = np.asarray(strings.offsets), np.asarray(strings.blob)
    taken = np.zeros(len(order) + 1, np.int64)
    np.cumsum(np.diff(offsets)[order], out=taken[1:])
    breaks = (np.flatnonzero(np.diff(order) != 1) + 1).tolist()
    runs = zip([0, *breaks], [*breaks, len(order)], strict=True)
    ends = offsets[order + 1]
    pieces = [blob[offsets[order[a]] : ends[b - 1]] for a, b in runs if b > a]
    return Strings(np.concatenate([np.empty(0, np.uint8), *pieces]), taken)


def _joined(first: Strings, second: Strings) -> Strings:
    blob = np.concatenate([np.asarray(first.blob), second.blob])
    offsets = np.concatenate([np.asarray(first.offsets), second.offsets[1:] + first.offsets[-1]])
    return Strings(blob, offsets)


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
        found = rows(str(folder), names, max_bytes)
    except OSError:
        return None
    return np.array(found, np.int64).reshape(len(names), STAT_COLUMNS)


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
    """The names of knowledge.knowledge_files(folder), sorted, and each one's stat row."""
    try:
        names, rows = listing(str(folder), max_bytes, SUFFIXES)
    except OSError:
        knowledge_files(folder)  # raises the FolderError that says what is wrong
        raise
    return names, np.array(rows, np.int64).reshape(len(names), STAT_COLUMNS)


def _listing_apart(folder: Path, max_bytes: int) -> tuple[Strings, npt.NDArray[np.int64]] | None:
    """`_listing`'s names and rows, made by a child process (bot/folder_stats.py); None
    (and a warning) when that failed."""
    script = str(Path(folder_stats.__file__).resolve())
    command = [sys.executable, "-I", "-S", script, str(folder), str(max_bytes), *SUFFIXES]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CHILD_SECONDS, check=False)
        if done.returncode != 0:
            raise OSError(done.stderr.decode(errors="replace").strip()[-2000:])
        return _unpacked(done.stdout)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.warning("listing %s in a child process failed, listing it here: %s", folder, exc)
        return None


def _unpacked(data: bytes) -> tuple[Strings, npt.NDArray[np.int64]]:
    """What folder_stats.packed wrote (ValueError when it does not fit together)."""
    count = int(np.frombuffer(data[:8], "<i8")[0]) if len(data) >= 8 else -1
    numbers = 1 + (count + 1) + count * STAT_COLUMNS
    if count < 0 or len(data) < 8 * numbers:
        raise ValueError("a short listing")
    values = np.frombuffer(data[: 8 * numbers], "<i8").astype(np.int64)
    offsets, stats = values[1 : count + 2], values[count + 2 :].reshape(count, STAT_COLUMNS)
    blob = np.frombuffer(data[8 * numbers :], np.uint8)
    if offsets[0] != 0 or int(offsets[-1]) != len(blob) or (np.diff(offsets) <= 0).any():
        raise ValueError("a listing whose names do not fit together")
    return Strings(blob, offsets), stats
