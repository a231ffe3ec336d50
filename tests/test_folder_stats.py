"""The knowledge files of a folder and their stat rows (bot/folder_stats.py), in this process
and as the child process `/reload` runs writes them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from bot import folder_stats
from bot.folder_stats import UNKNOWN, listing, packed
from bot.knowledge import SUFFIXES


def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "b-harbour.md").write_text("The harbour reopened.\n")
    (folder / "a-court.txt").write_text("The court sat in Kyiv.\n")
    (folder / "Ünïcode.html").write_text("<p>Grain ships.</p>\n")
    (folder / ".hidden.md").write_text("not an article\n")  # hidden: left out
    (folder / "notes.pdf").write_text("another suffix\n")  # left out
    (folder / "big.md").write_text("x" * 200)  # over max_bytes below: read every time
    (folder / "folder.md").mkdir()  # so named, not a file: read every time (and reported)
    (folder / "link.md").symlink_to(folder / "b-harbour.md")  # a link: its own stat
    return folder


def test_the_listing_is_the_sorted_article_names_with_their_own_stat(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    names, rows = listing(str(folder), 100, SUFFIXES)
    assert names == ["a-court.txt", "b-harbour.md", "big.md", "folder.md", "link.md", "Ünïcode.html"]
    table = np.array(rows).reshape(len(names), len(UNKNOWN))
    for name, row in zip(names, table.tolist(), strict=True):
        info = os.lstat(folder / name)
        if name in ("big.md", "folder.md", "link.md"):
            assert tuple(row) == UNKNOWN, name  # too large, a folder, a link (not regular)
        else:
            assert row == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def test_the_child_writes_what_the_listing_makes_here(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    script = str(Path(folder_stats.__file__).resolve())
    command = [sys.executable, "-I", "-S", script, str(folder), "100", *SUFFIXES]
    done = subprocess.run(command, capture_output=True, check=True)
    assert done.stdout == packed(*listing(str(folder), 100, SUFFIXES))
    count = int(np.frombuffer(done.stdout[:8], "<i8")[0])
    assert count == 6
    offsets = np.frombuffer(done.stdout[8 : 8 * (count + 2)], "<i8")
    blob = done.stdout[8 * (1 + count + 1 + 4 * count) :]
    assert blob[offsets[-2] : offsets[-1]].decode() == "Ünïcode.html"  # UTF-8, sorted last


def test_a_folder_that_cannot_be_listed_fails_the_child(tmp_path: Path) -> None:
    script = str(Path(folder_stats.__file__).resolve())
    command = [sys.executable, "-I", "-S", script, str(tmp_path / "gone"), "100", ".md"]
    done = subprocess.run(command, capture_output=True, check=False)
    assert done.returncode != 0 and b"gone" in done.stderr and not done.stdout
