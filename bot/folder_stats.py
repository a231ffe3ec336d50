"""The knowledge files of a folder and each one's stat row, here or in a child process.

`/reload` and watch mode look at every file: at 1M passages that is 50,000 stats, each
releasing and taking back the GIL, and the Python around them: 0.5-0.8 s of the reload's
thread, which the answering threads then waited behind (answers during a reload waited
up to 0.3 s for the GIL, docs/performance.md). Run as a script
(``python -I -S folder_stats.py FOLDER MAX_BYTES SUFFIX...``) the same listing is made in
a child process and written to stdout packed (`packed`), so the reload's thread only
waits on a pipe. Standard library only: the child starts in about 10 ms, where importing
the bot's modules (numpy) would take half a second.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
from array import array

# a file's row: size, mtime_ns, ctime_ns, inode; all -1 when it is read again every time
# (not a regular file, too large, or its stat failed)
STAT_COLUMNS = 4
UNKNOWN = (-1,) * STAT_COLUMNS


def listing(folder: str, max_bytes: int, suffixes: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """The names of the folder's knowledge files (not hidden, one of `suffixes`), sorted,
    and their stat rows one after the other (`rows`); plain strings (5,000 Path objects
    cost 0.3 s of a start). OSError when the folder cannot be listed."""
    found = os.listdir(folder)  # half a scandir's time: its entries' stat is not used
    names = sorted(n for n in found if n[0] != "." and n[n.rfind(".") :].lower() in suffixes)
    return names, rows(folder, names, max_bytes)


def rows(folder: str, names: list[str], max_bytes: int) -> list[int]:
    """Each named file's stat row (a link's own, not its target's), one after the other:
    through the folder's descriptor (0.18 s of CPU for 50,000, a scandir entry's 0.21-0.24 s)."""
    at = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    try:
        found: list[int] = []
        for name in names:  # a folder so named too: read_file names its error
            found.extend(row(_lstat(folder, name, at), max_bytes))
        return found
    finally:
        if at is not None:
            os.close(at)


def _lstat(folder: str, name: str, at: int | None) -> os.stat_result | None:
    try:
        if at is not None:
            return os.stat(name, dir_fd=at, follow_symlinks=False)
        return os.lstat(os.path.join(folder, name))
    except OSError:
        return None


def row(info: os.stat_result | None, max_bytes: int) -> tuple[int, ...]:
    """A file's stat row (UNKNOWN: read it again at every look)."""
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return UNKNOWN
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def packed(names: list[str], rows: list[int]) -> bytes:
    """The names and rows as the parent reads them: the count, the names' offsets in their
    UTF-8 blob (count + 1), the rows (count x STAT_COLUMNS), all int64; then the blob."""
    encoded = [name.encode() for name in names]
    offsets = array("q", [0, *itertools.accumulate(map(len, encoded))])
    numbers = array("q", [len(encoded)]) + offsets + array("q", rows)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers.tobytes() + b"".join(encoded)


def main(argv: list[str]) -> int:
    folder, max_bytes, *suffixes = argv
    sys.stdout.buffer.write(packed(*listing(folder, int(max_bytes), tuple(suffixes))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
