"""`Lines`: sorted strings held as one string, for tables that are searched by binary search
and kept for the process's life (bot/fuzzy.py, bot/relations.py).

A list of short strings costs ~60 bytes of object and 8 of pointer per string on top of its
characters; `Lines` costs the characters and a separator, and for every `STEP`-th line where
it starts and the line itself as a string: a search bisects those (in C), then splits the
at most `STEP` lines between two of them.
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
        self._text = "\n".join(listed)
        self._count = len(listed)
        marks = array.array("q")  # where lines 0, STEP, 2 STEP, ... start, and the end + 1
        at = 0
        for number, line in enumerate(listed):
            if number % STEP == 0:
                marks.append(at)
            at += len(line) + 1
        marks.append(at)
        self._marks = marks
        # lines 0, STEP, 2 STEP, ... as strings, split on the first search: not kept from the
        # lines given, which were made among a build's short-lived strings (one kept in 16
        # would keep all their memory: 22 MiB of a 100k-passage start)
        self._every: list[str] | None = None

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
        lines = self._text[marks[block] : marks[min(end, len(marks) - 1)] - 1].split("\n")
        return lines[first - block * STEP : last - block * STEP]

    def listed(self) -> list[str]:
        """Every line, as a new list."""
        return self._text.split("\n") if self._count else []

    def bisect(self, value: str) -> int:
        """Where `value` would go among the (sorted) lines, as `bisect.bisect_left`."""
        if self._every is None:
            self._every = [self.between(at, at + 1)[0] for at in range(0, self._count, STEP)]
        block = bisect.bisect_left(self._every, value)  # lines[(block - 1) STEP] < value
        low, high = max(0, (block - 1) * STEP), min(block * STEP, self._count)
        if high <= low:
            return low
        return low + bisect.bisect_left(self.between(low, high), value)
