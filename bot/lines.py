"""`Lines`: sorted strings held as one string, for tables that are searched by binary search
and kept for the process's life (bot/fuzzy.py, bot/relations.py, bot/places.py,
bot/answering/ranks.py: a line found by its first word, `after`), such as the tables
shipped in bot/data (`data_lines`); `ByLength`: such lines
ordered by length first, so that the lines of a few lengths are read alone (bot/fuzzy.py), and
each line's letters as bits (`Letters`, made on first use), so that a close-spelling search
scores only the lines whose letters can be close enough.

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
import itertools
from collections.abc import Iterable
from importlib import resources
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

STEP = 16  # one line in 16 kept as a string and an offset
SHORT_RUNS = 8 * STEP  # `ByLength.starting_with` splits lengths of up to this many lines at once


def data_lines(name: str) -> list[str]:
    """The lines of the table bot/data/`name` (each made by a script in docs/, which says so
    in its `#` lines), but its comments and blank lines."""
    text = resources.files("bot").joinpath(f"data/{name}").read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _letter_bits() -> npt.NDArray[np.uint32]:
    """A UTF-8 byte -> the bit of the character it starts (`letter_set`): a-z and A-Z one bit
    each, a byte starting a character of two or more bytes one of six more; other bytes
    (ASCII that is not a letter, a character's continuing bytes) none. Each character so has
    one bit or none, which is what `letter_set`'s bound needs; several share one."""
    bits = np.zeros(256, np.uint32)
    for n in range(26):
        bits[ord("a") + n] = bits[ord("A") + n] = 1 << n
    for byte in range(0xC0, 0x100):
        bits[byte] = 1 << (26 + byte % 6)
    return bits


LETTER_BITS = _letter_bits()


def letter_set(text: str) -> int:
    """The bits (`LETTER_BITS`) of the characters of `text`. A character of one string whose
    bit the other's set lacks is in none of the other's characters, so it is no part of their
    longest common subsequence: at most ``len(a) - popcount(A & ~B)`` characters of `a` are."""
    found = 0
    for byte in text.encode():
        found |= int(LETTER_BITS[byte])
    return found


class Letters(NamedTuple):
    """The lines of a `Lines` as UTF-8, where each starts in it (and the end + 1 last: line i
    is ``data[starts[i] : starts[i + 1] - 1]``), and each one's `letter_set`."""

    data: bytes | memoryview
    starts: npt.NDArray[np.int32]  # a table of one initial's words: far below 2 GiB
    sets: npt.NDArray[np.uint32]

    def line(self, index: int) -> str:
        start, end = int(self.starts[index]), int(self.starts[index + 1]) - 1
        return str(self.data[start:end], "utf-8", "replace")  # as `Lines.text` decodes


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
        base, lines = self.around(first, last)
        return lines[first - base : last - base]

    def around(self, first: int, last: int) -> tuple[int, list[str]]:
        """Lines `first` to `last` - 1 (within range) and the fewer than `STEP` on either side
        that share their blocks, as a new list, and the number of the first: what `between`
        splits, without the copy of the lines asked for (many, for a close-spelling band)."""
        last = min(last, self._count)
        if last <= first:
            return first, []
        return first // STEP * STEP, self.text(first, last).split("\n")

    def text(self, first: int, last: int) -> str:
        """The text of lines `first` to `last` - 1 (`first` < `last` <= the count) and of the
        fewer than `STEP` on either side that share their blocks, newlines between."""
        block, end = first // STEP, -(-last // STEP)
        marks = self._marks
        text = self._text[marks[block] : marks[min(end, len(marks) - 1)] - 1]
        if not isinstance(text, str):  # saved: UTF-8 (a damaged byte cannot stop an answer)
            text = str(text, "utf-8", "replace")
        return text

    def letters(self) -> Letters:
        """Every line's `letter_set`, with the UTF-8 and where each line starts in it (a saved
        table's bytes are read in place; a built one's encoded once): a few numpy passes."""
        text = self._text
        data = text.encode() if isinstance(text, str) else text
        codes = np.frombuffer(data, np.uint8)
        starts = np.zeros(self._count + 1, np.int32)
        if self._count:
            starts[1:-1] = np.flatnonzero(codes == ord("\n")) + 1
            starts[-1] = len(codes) + 1
        sets = np.zeros(self._count, np.uint32)
        held = starts[:-1] < starts[1:] - 1  # an empty line has no letters
        if held.any():
            bits = LETTER_BITS[codes]
            sets[held] = np.bitwise_or.reduceat(bits, starts[:-1][held])
        return Letters(data, starts, sets)

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

    def after(self, prefix: str) -> str | None:
        """The rest of the first (sorted) line that starts with `prefix`, None when none does:
        a table keyed by each line's first word looked up by the key and its separator
        ("moscow " of "moscow kremlin ...")."""
        at = self.bisect(prefix)
        line = self[at] if at < self._count else ""
        return line[len(prefix) :] if line.startswith(prefix) else None

    def following(self, value: str, most: int, lo: int = 0, hi: int | None = None) -> list[str]:
        """The (at most `most`) lines from where `value` would go among the (sorted) lines
        `lo` to `hi` - 1, as `lines[bisect_left(lines, value, lo, hi) : ...][:most]`: the
        blocks of lines that hold them split once (a prefix searched in every length of a
        `ByLength`, so without `bisect`'s and `between`'s calls)."""
        hi = self._count if hi is None else min(hi, self._count)
        if hi <= lo:
            return []
        if self._every is None:
            self._every = self._marked()
        # the marked lines within lo..hi: lines[(block - 1) STEP] < value <= lines[block STEP]
        block = bisect.bisect_left(self._every, value, -(-lo // STEP), -(-hi // STEP))
        low, high = max(lo, (block - 1) * STEP), min(block * STEP, hi)
        end = min(high + most, hi)  # value goes at low..high, and `most` lines from there
        base, lines = self.around(low, end)  # their blocks split once
        at = bisect.bisect_left(lines, value, low - base, high - base)
        return lines[at : min(at + most, end - base)]

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


class ByLength:
    """Strings (without newlines) ordered by length, then sorted within each length, in one
    `Lines`, and where each length's lines start: the lines of `n` letters are
    `lines.between(starts[n], starts[n + 1])` (lengths in characters)."""

    __slots__ = ("_letters", "lines", "starts")

    def __init__(self, lines: Lines, starts: array.array[int]):
        """`lines` so ordered and their `starts` (`starts[0]` 0, then one for each length up
        to the longest line's and one more: its last the count of lines); ValueError when
        they do not fit (the order of the lines themselves is the caller's)."""
        if len(starts) < 2 or starts[0] != 0 or starts[-1] != len(lines):
            raise ValueError("lines by length do not fit their starts")
        if any(a > b for a, b in itertools.pairwise(starts)):
            raise ValueError("lines by length do not fit their starts: out of order")
        self.lines, self.starts = lines, starts
        self._letters: Letters | None = None

    def letters(self) -> Letters:
        """`Lines.letters` of the lines, made on first use and kept (8 bytes a line, and a built
        table's UTF-8 copy)."""
        if self._letters is None:
            self._letters = self.lines.letters()
        return self._letters

    @classmethod
    def of(cls, words: Iterable[str]) -> ByLength:
        """`words` (unique) so ordered."""
        ordered = sorted(sorted(words), key=len)  # a stable sort: sorted within a length
        counts = [0] * (len(ordered[-1]) + 2 if ordered else 2)
        for word in ordered:
            counts[len(word) + 1] += 1
        return cls(Lines(ordered), array.array("q", itertools.accumulate(counts)))

    def __len__(self) -> int:
        return len(self.lines)

    def span(self, shortest: int, longest: int) -> tuple[int, int]:
        """Where the lines of `shortest` to `longest` letters are: first and last + 1."""
        top = len(self.starts) - 1
        return self.starts[min(max(shortest, 0), top)], self.starts[min(max(longest + 1, 0), top)]

    def starting_with(self, prefix: str, most: int) -> list[str]:
        """The first `most` lines in sorted order that start with `prefix`: the first `most`
        of each length's that do (they follow one another there), merged. A small table's
        lines are read at once and the prefix found after their newlines; else lengths of few
        lines next to one another are split at once and searched in the list, and a length of
        many by its marked lines (`following`)."""
        starts, lines = self.starts, self.lines
        found: list[str] = []
        if len(prefix) + 1 >= len(starts):
            return []
        if 0 < starts[-1] - starts[len(prefix)] <= SHORT_RUNS:  # a small table: one read
            # lines of the prefix's length or more, and a few shorter, which cannot start
            # with it: each line that does follows a newline
            text = "\n" + lines.text(starts[len(prefix)], starts[-1])
            at = text.find("\n" + prefix)
            while at >= 0:
                end = text.find("\n", at + 1)
                found.append(text[at + 1 : end if end >= 0 else len(text)])
                at = text.find("\n" + prefix, at + 1)
            return sorted(found)[:most]
        runs = list(itertools.pairwise(starts[len(prefix) :]))
        short: list[tuple[int, int]] = []  # lengths of few lines next to one another
        for number, (first, last) in enumerate(runs):
            if last - first <= SHORT_RUNS:
                short.append((first, last))
                nearby = number + 1 < len(runs) and runs[number + 1][1] - short[0][0] <= SHORT_RUNS
                if nearby:
                    continue
                base, split = lines.around(short[0][0], last)
                for low, high in short:
                    at = bisect.bisect_left(split, prefix, low - base, high - base)
                    found += _starting(split[at : min(at + most, high - base)], prefix)
                short = []
            else:
                found += _starting(lines.following(prefix, most, first, last), prefix)
        found.sort()
        return found[:most]


def _starting(lines: list[str], prefix: str) -> list[str]:
    """The first of `lines` as long as they start with `prefix`."""
    for count, line in enumerate(lines):
        if not line.startswith(prefix):
            return lines[:count]
    return lines
