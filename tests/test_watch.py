"""Folder changes are noticed once the folder has been quiet for the debounce time."""

from __future__ import annotations

from pathlib import Path

from bot.watch import FolderWatcher


def test_change_is_reported_once_after_quiet_period(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path, debounce=2.0)
    assert not watcher.poll(now=0.0)
    (tmp_path / "a.md").write_text("one")
    assert not watcher.poll(now=1.0)  # change seen: wait for quiet
    (tmp_path / "b.txt").write_text("two")
    assert not watcher.poll(now=2.0)  # still changing: the wait starts again
    assert not watcher.poll(now=3.5)
    assert watcher.poll(now=4.1)
    assert not watcher.poll(now=10.0)  # reported once


def test_other_files_are_ignored(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path, debounce=0.0)
    (tmp_path / "notes.pdf").write_text("x")
    (tmp_path / ".upload-1.tmp").write_text("x")
    assert not watcher.poll(now=1.0)
    assert not watcher.poll(now=2.0)
