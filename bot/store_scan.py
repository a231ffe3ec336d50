"""Which knowledge files a folder holds and the sha256 of each, cheaply on a second look.

The saved index (bot/store.py) is current while every file's hash is the one it
recorded; reading and hashing 5,000 files took 0.45 s of a 100k-passage start, so a
file whose size, mtime, ctime and inode are the recorded ones keeps its recorded
hash unread.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from bot.knowledge import (
    DEFAULT_MAX_FILE_BYTES,
    SUFFIXES,
    ArticleError,
    knowledge_files,
    read_file,
)


def folder_state(folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> dict[str, str]:
    """File name -> sha256 of its bytes, for every knowledge file of `folder`; for a file
    that cannot be read (too large, a link leaving the folder) the reason instead."""
    return scan(folder, max_bytes)[0]


Stats = dict[str, list[int]]  # file name -> [size, mtime_ns, ctime_ns, inode]


def scan(
    folder: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, known: dict[str, Any] | None = None
) -> tuple[dict[str, str], Stats]:
    """`folder_state`, and each regular file's stat. A file whose stat equals the one `known`
    recorded with its hash keeps that hash unread: hashing 5,000 files took 0.45 s of a
    100k-passage start. A rewrite changes the mtime and ctime, a replacement the inode."""
    hashes, stats = (known or {}).get("files", {}), (known or {}).get("stats", {})
    state: dict[str, str] = {}
    found: Stats = {}
    for name, info in _listing(folder):
        if info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= max_bytes:
            found[name] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            saved = hashes.get(name)
            if isinstance(saved, str) and stats.get(name) == found[name]:
                state[name] = saved
                continue
        try:
            data = read_file(folder / name, folder=folder, max_bytes=max_bytes)
            state[name] = hashlib.sha256(data).hexdigest()
        except ArticleError as exc:
            state[name] = f"unreadable: {exc}"
    return state, found


def _listing(folder: Path) -> list[tuple[str, os.stat_result | None]]:
    """The names of knowledge.knowledge_files(folder), sorted, each with its lstat (None if
    that failed); plain strings, as 5,000 Path objects cost 0.3 s of a start."""
    try:
        with os.scandir(folder) as entries:
            listed = [
                (entry.name, _lstat(entry))
                for entry in entries
                if entry.name[entry.name.rfind(".") :].lower() in SUFFIXES
                and entry.name[0] != "."
                and (entry.is_file() or entry.is_symlink())
            ]
    except OSError:
        knowledge_files(folder)  # raises the FolderError that says what is wrong
        raise
    return sorted(listed, key=lambda item: item[0])


def _lstat(entry: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError:
        return None
