"""Notice changes in the knowledge folder, for `knowledge.watch: true`.

Polling file names, sizes and modification times is portable and cheap for
a folder of articles, and needs no extra dependency. A change is reported
only once the folder has been quiet for `debounce` seconds, so an editor's
save-rename-save or a copy of many files triggers one reload, not many.
"""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import knowledge_files

Snapshot = frozenset[tuple[str, int, int]]


def snapshot(folder: Path) -> Snapshot:
    if not folder.is_dir():
        return frozenset()
    entries = set()
    for path in knowledge_files(folder):
        try:
            stat = path.stat()
        except OSError:  # removed between listing and stat
            continue
        entries.add((path.name, stat.st_size, stat.st_mtime_ns))
    return frozenset(entries)


class FolderWatcher:
    """Call `poll(now)` periodically; it returns True when a debounced change is due."""

    def __init__(self, folder: Path, debounce: float = 2.0):
        self.folder = folder
        self.debounce = debounce
        self._seen = snapshot(folder)
        self._changed_at: float | None = None

    def poll(self, now: float) -> bool:
        current = snapshot(self.folder)
        if current != self._seen:
            self._seen = current
            self._changed_at = now
            return False
        if self._changed_at is not None and now - self._changed_at >= self.debounce:
            self._changed_at = None
            return True
        return False
