"""`Lines`: sorted strings held as one string and where each starts, for tables that are
searched by binary search and kept for the process's life (bot/fuzzy.py, bot/relations.py).

A list of short strings costs ~60 bytes of object and 8 of pointer per string on top of its
characters; `Lines` costs the characters, a separator and an 8-byte offset, and every
`STEP`-th line as a string, which a binary search searches first (in C), then the few
lines between two of them.
"""

from __future__ import annotations

import array
import bisect
from collections.abc import Iterable

STEP = 16  # one line in 16 kept as a string: a search splits at most 16 lines


class Lines:
    """Strings (without newlines) in one string, a line each; sorted when searched."""

    def __init__(self, lines: Iterable[str]):
        listed = list(lines)
        self._text = "\n".join(listed)
        starts = array.array("q", [0])
        for line in listed:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts  # line i is _text[starts[i] : starts[i + 1] - 1]
        self._every = listed[::STEP]  # lines 0, STEP, 2 STEP, ...

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index: int) -> str:
        return self._text[self._starts[index] : self._starts[index + 1] - 1]

    def between(self, first: int, last: int) -> list[str]:
        """Lines `first` to `last` - 1 (within range), as a new list."""
        last = min(last, len(self))
        if last <= first:
            return []
        return self._text[self._starts[first] : self._starts[last] - 1].split("\n")

    def listed(self) -> list[str]:
        """Every line, as a new list."""
        return self._text.split("\n") if len(self) else []

    def bisect(self, value: str) -> int:
        """Where `value` would go among the (sorted) lines, as `bisect.bisect_left`."""
        block = bisect.bisect_left(self._every, value)  # lines[(block - 1) STEP] < value
        low, high = max(0, (block - 1) * STEP), min(block * STEP, len(self))
        if high <= low:
            return low
        return low + bisect.bisect_left(self.between(low, high), value)
