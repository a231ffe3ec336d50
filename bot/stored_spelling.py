"""The close-spelling tables (bot/fuzzy.py) saved with the index, so that a start builds none.

A build makes both tables (of the articles' surface words and of their names: the words,
their phonetic keys and each key's words, each by first letter; the words and keys ordered
by length, then sorted) from the word lists it gathered (`Postings.extras`), and saves their
`Lines` in four arrays:

* ``spelling_text``: every group's text, UTF-8, one after the other;
* ``spelling_marks``: each group's `Lines` offsets (where every `STEP`-th line starts), in
  bytes from that group's start (int32 when they fit);
* ``spelling_starts``: for each group of words or keys, where each length's lines start
  (`ByLength.starts`), one group after the other;
* ``rest_<name>`` (+ ``restoffsets_<name>``): the words of a tabled word list (`TABLES`)
  that its table does not hold, as the other word lists are saved (`TabledWords`);
* ``spelling_parts``: `STEP`, the `min_length` the tables were made for, the number of
  groups of each of the six parts, then each group's first letter (a code point), length
  in bytes, count of lines and count of starts (0 for the keys' words).

Reading them parses nothing: each group's text is a memoryview of the mapped file, searched
in place (`Lines.saved`); only the offsets are copied (~1/16 of the lines). The tables hold
the words of `retrieval.spelling.min_length` letters less one and more: another setting than
the one saved makes the answerer build its own from the word lists, as before.
"""

from __future__ import annotations

import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from bot.fuzzy import SpellingSettings, Table, tabled
from bot.lines import STEP, ByLength, Lines
from bot.stored import narrow_offsets

PREFIX = "spelling_"
TABLES = ("surface", "names")  # the word lists (`Postings.extras`) the tables are made of
PARTS = 3  # a table's words, keys and keys' words
ROW = 4  # a group's first letter, size in bytes, count of lines, count of starts
HEADER = 2 + PARTS * len(TABLES)  # STEP, min_length, each part's count of groups


@dataclass(frozen=True)
class SavedSpelling:
    min_length: int  # the setting the tables were made for (SpellingSettings.min_length)
    words: Table
    names: Table


def arrays(
    extras: Mapping[str, Sequence[str]], settings: SpellingSettings
) -> dict[str, npt.NDArray[Any]]:
    """The saved arrays of the tables of `extras`' word lists, for `settings`' `min_length`
    (retrieval.spelling: the answerer's own, so that it builds none at start)."""
    min_length = settings.min_length
    texts: list[bytes] = []
    marks: list[array.array[int]] = []
    starts: list[array.array[int]] = []
    counts: list[int] = []
    groups: list[int] = []
    for name in TABLES:
        table = Table.of(extras.get(name, ()), min_length)
        for part in (table.words, table.keys, table.owners):
            counts.append(len(part))
            for initial, group in part.items():
                lines = group.lines if isinstance(group, ByLength) else group
                text, offsets, count = lines.encoded()
                texts.append(text)
                marks.append(offsets)
                own = group.starts if isinstance(group, ByLength) else array.array("q")
                starts.append(own)
                groups += [ord(initial), len(text), count, len(own)]
    joined_marks = np.frombuffer(b"".join(m.tobytes() for m in marks), np.int64)
    joined_starts = np.frombuffer(b"".join(a.tobytes() for a in starts), np.int64)
    return {  # the offsets int32 when they fit (0.5 MB less at 1M); `read` takes either
        f"{PREFIX}text": np.frombuffer(b"".join(texts), np.uint8),
        f"{PREFIX}marks": narrow_offsets(joined_marks),
        f"{PREFIX}starts": narrow_offsets(joined_starts),
        f"{PREFIX}parts": np.array([STEP, min_length, *counts, *groups], np.int64),
    }


def untabled(words: Sequence[str], min_length: int) -> list[str]:
    """The words of a tabled word list (`TABLES`) that its table for `min_length` does not
    hold: what a saved index keeps of the list besides the table (`TabledWords`; at 1M
    50,010 short or not alphabetic words of the 449,181 surface words, 12 of the names)."""
    return [word for word in words if not tabled(word, min_length)]


class TabledWords(Sequence[str]):
    """A saved word list: the words its close-spelling `table` does not hold (`untabled`,
    sorted) besides the table's; the whole list, sorted as it was, made on first use and kept.
    Answering reads the tables; only tables for another `min_length`, a merge or a saved
    index saved again read the list (~0.3 s at 1M)."""

    def __init__(self, rest: Sequence[str], table: Table):
        self.rest, self._table = rest, table
        self._words: list[str] | None = None

    def _listed(self) -> list[str]:
        if self._words is None:
            self._words = sorted([*self.rest, *self._table.listed()])
        return self._words

    def __len__(self) -> int:
        return len(self._listed())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._listed()[index]


def read(saved: Mapping[str, npt.NDArray[Any]]) -> SavedSpelling:
    """The tables from their saved arrays (mapped: the texts are not copied); ValueError
    when they are missing or do not fit one another (a damaged generation)."""
    if any(f"{PREFIX}{name}" not in saved for name in ("text", "marks", "starts", "parts")):
        raise ValueError("the saved index has no spelling tables")
    text, marks, starts = (saved[f"{PREFIX}{name}"] for name in ("text", "marks", "starts"))
    parts = [int(n) for n in saved[f"{PREFIX}parts"]]
    if len(parts) < HEADER or parts[0] != STEP or min(parts[2:HEADER]) < 0:
        raise ValueError("the saved spelling tables are of another layout")
    if len(parts) != HEADER + ROW * sum(parts[2:HEADER]):
        raise ValueError("the saved spelling tables do not fit their groups")
    if text.dtype != np.uint8 or text.ndim != 1 or marks.ndim != 1 or starts.ndim != 1:
        raise ValueError("the saved spelling tables are of another type")
    buffer = np.ascontiguousarray(text).data  # a memoryview of the mapping
    found: list[dict[str, Lines | ByLength]] = []
    at = mark = start = 0
    rows = parts[HEADER:]
    for number, groups in enumerate(parts[2:HEADER]):
        by_length = number % PARTS != PARTS - 1  # the words and keys; not the keys' words
        part: dict[str, Lines | ByLength] = {}
        for _ in range(groups):
            (code, size, count, lengths), rows = rows[:ROW], rows[ROW:]
            used = -(-count // STEP) + 1 if count >= 0 else 0
            own = np.asarray(marks[mark : mark + used], np.int64)
            if not 0 <= code <= 0x10FFFF or size < 0 or at + size > len(buffer):
                raise ValueError("the saved spelling tables do not fit their offsets")
            if bool(np.any(np.diff(own) < 0)):
                raise ValueError("the saved spelling tables' offsets do not fit: out of order")
            if lengths < 0 or (lengths > 0) != by_length or start + lengths > len(starts):
                raise ValueError("the saved spelling tables do not fit their lengths")
            lines = Lines.saved(buffer[at : at + size], array.array("q", own.tobytes()), count)
            if by_length:
                first = np.asarray(starts[start : start + lengths], np.int64).tobytes()
                part[chr(code)] = ByLength(lines, array.array("q", first))
            else:
                part[chr(code)] = lines
            at, mark, start = at + size, mark + used, start + lengths
        found.append(part)
    if at != len(buffer) or mark != len(marks) or start != len(starts):
        raise ValueError("the saved spelling tables do not fit their offsets")
    return SavedSpelling(parts[1], _table(found[:PARTS]), _table(found[PARTS:]))


def _table(parts: list[dict[str, Lines | ByLength]]) -> Table:
    """The table of its three parts as read (their kinds as `read` made them)."""
    words, keys, owners = parts
    return Table(
        {i: g for i, g in words.items() if isinstance(g, ByLength)},
        {i: g for i, g in keys.items() if isinstance(g, ByLength)},
        {i: g for i, g in owners.items() if isinstance(g, Lines)},
    )
