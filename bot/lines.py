"""`Lines`: sorted strings held as one string, for tables that are searched by binary search
and kept for the process's life (bot/fuzzy.py, bot/relations.py).

A list of short strings costs ~60 bytes of object and 8 of pointer per string on top of its
characters; `Lines` costs the characters and a separator, and for every `STEP`-th line where
it starts and the line itself as a string: a search bisects those (in C), then splits the
at most `STEP` lines between two of them.

Lines saved with an index (`encoded`, read back by `saved`: bot/stored_spelling.py) hold UTF-8
bytes instead, a memoryview of the mapped file: offsets in bytes, each slice decoded when read.
"""

from __future__ import annotations

import array
import bisect
from collections.abc import Iterable

STEP = 16  # one line in 16 kept as a string and an offset


class Lines:
    """Strings (without newlines) in one string, a line each; sorted when searched."""

    __slots__ = ("_count", "_every", "_marks", "_text")

    def __init__(self, lines: Iterable[str]):
        listed = list(lines)
        self._text: str | bytes | memoryview = "\n".join(listed)
        self._count = len(listed)
        self._marks = _marks(len(line) for line in listed)
        # lines 0, STEP, 2 STEP, ... as strings, split on the first search: not kept from the
        # lines given, which were made among a build's short-lived strings (one kept in 16
        # would keep all their memory: 22 MiB of a 100k-passage start)
        self._every: list[str] | None = None

    @classmethod
    def saved(cls, text: bytes | memoryview, marks: array.array[int], count: int) -> Lines:
        """Lines as `encoded` gave them: UTF-8 `text`, its `marks`, the `count` of lines
        (read as they are, not copied); ValueError when they do not fit (a damaged file).
        The marks' order is the caller's to check (in bulk: bot/stored_spelling.py)."""
        size = len(text) + 1 if count else 0
        if count < 0 or len(marks) != -(-count // STEP) + 1 or marks[0] != 0 or marks[-1] != size:
            raise ValueError("saved lines do not fit their offsets")
        lines = cls.__new__(cls)
        lines._text, lines._marks, lines._count, lines._every = text, marks, count, None
        return lines

    def encoded(self) -> tuple[bytes, array.array[int], int]:
        """The lines as UTF-8, where every `STEP`-th line starts in it (in bytes), and their
        count: what `saved` reads back."""
        text = self._text
        if isinstance(text, str):
            data = text.encode()
            if len(data) == len(text):  # ASCII: its offsets in characters are in bytes
                return data, self._marks, self._count
            # offsets in characters: made again in bytes, from the lines of the one encoding
            return data, _marks(map(len, data.split(b"\n"))), self._count
        return bytes(text), self._marks, self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self.between(index, index + 1)[0]

    def between(self, first: int, last: int) -> list[str]:
        """Lines `first` to `last` - 1 (within range), as a new list."""
        last = min(last, self._count)
        if last <= first:
            return []
        block, end = first // STEP, -(-last // STEP)
        marks = self._marks
        text = self._text[marks[block] : marks[min(end, len(marks) - 1)] - 1]
        if not isinstance(text, str):  # saved: UTF-8 (a damaged byte cannot stop an answer)
            text = str(text, "utf-8", "replace")
        lines = text.split("\n")
        return lines[first - block * STEP : last - block * STEP]

    def listed(self) -> list[str]:
        """Every line, as a new list."""
        if not self._count:
            return []
        text = self._text
        if not isinstance(text, str):
            text = str(text, "utf-8", "replace")
        return text.split("\n")

    def bisect(self, value: str) -> int:
        """Where `value` would go among the (sorted) lines, as `bisect.bisect_left`."""
        if self._every is None:
            self._every = self._marked()
        block = bisect.bisect_left(self._every, value)  # lines[(block - 1) STEP] < value
        low, high = max(0, (block - 1) * STEP), min(block * STEP, self._count)
        if high <= low:
            return low
        return low + bisect.bisect_left(self.between(low, high), value)

    def _marked(self) -> list[str]:
        """Lines 0, STEP, 2 STEP, ... in one pass, each read from its mark to the next newline
        (a `between` each split 16 lines to keep 1: 8.5 ms for a 30,000-word saved table at
        100k passages, on a reader's question; docs/performance.md)."""
        text, starts = self._text, self._marks[:-1]
        if isinstance(text, str):
            return [text[at : _end(text.find("\n", at), len(text))] for at in starts]
        data = bytes(text)  # a copy, to search in (a memoryview has no `find`)
        return [
            str(data[at : _end(data.find(b"\n", at), len(data))], "utf-8", "replace")
            for at in starts
        ]


def _marks(lengths: Iterable[int]) -> array.array[int]:
    """Where lines 0, STEP, 2 STEP, ... of lines of these lengths start, and the end + 1."""
    marks = array.array("q")
    at = 0
    for number, length in enumerate(lengths):
        if number % STEP == 0:
            marks.append(at)
        at += length + 1
    marks.append(at)
    return marks


def _end(newline: int, size: int) -> int:
    """Where a line ends: at its newline, or at the end of the text for the last."""
    return newline if newline >= 0 else size
