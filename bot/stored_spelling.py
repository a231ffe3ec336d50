"""The close-spelling tables (bot/fuzzy.py) saved with the index, so that a start builds none.

A build makes both tables (the articles' surface words and their names, each: the words,
their phonetic keys, each key's words) from the word lists it gathered (`Postings.extras`)
and saves their six `Lines` in three arrays:

* ``spelling_text``: the six texts, UTF-8, one after the other;
* ``spelling_marks``: each text's `Lines` offsets (where every `STEP`-th line starts), in
  bytes from that text's start;
* ``spelling_parts``: `STEP`, the `min_length` the tables were made for, then each text's
  length in bytes and count of lines.

Reading them parses nothing: each text is a memoryview of the mapped file, searched in place
(`Lines.saved`); only the offsets are copied (one array each, ~1/16 of the lines). The tables
hold the words of `retrieval.spelling.min_length` letters less one and more: a setting other
than the one saved makes the answerer build its own from the word lists, as before.
"""

from __future__ import annotations

import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.fuzzy import SpellingSettings, Table
from bot.lines import STEP, Lines

PREFIX = "spelling_"
HEADER = 2  # STEP, min_length; then a (length, count) pair per text
TABLES = ("surface", "names")  # the word lists (`Postings.extras`) tables are made of


@dataclass(frozen=True)
class SavedSpelling:
    min_length: int  # the setting the tables were made for (SpellingSettings.min_length)
    words: Table
    names: Table


def arrays(extras: Mapping[str, Sequence[str]]) -> dict[str, npt.NDArray[Any]]:
    """The saved arrays of the tables of `extras`' word lists, for the default settings."""
    min_length = SpellingSettings().min_length
    texts: list[bytes] = []
    marks: list[array.array[int]] = []
    parts = [STEP, min_length]
    for name in TABLES:
        table = Table.of(extras.get(name, ()), min_length)
        for lines in (table.words, table.keys, table.owners):
            text, offsets, count = lines.encoded()
            texts.append(text)
            marks.append(offsets)
            parts += [len(text), count]
    return {
        f"{PREFIX}text": np.frombuffer(b"".join(texts), np.uint8),
        f"{PREFIX}marks": np.concatenate([np.frombuffer(m, np.int64) for m in marks]),
        f"{PREFIX}parts": np.array(parts, np.int64),
    }


def read(saved: Mapping[str, npt.NDArray[Any]]) -> SavedSpelling:
    """The tables from their saved arrays (mapped: the texts are not copied); ValueError
    or KeyError when they are missing or do not fit one another (a damaged generation)."""
    if any(f"{PREFIX}{name}" not in saved for name in ("text", "marks", "parts")):
        raise ValueError("the saved index has no spelling tables")
    text, marks = saved[f"{PREFIX}text"], saved[f"{PREFIX}marks"]
    parts = [int(n) for n in saved[f"{PREFIX}parts"]]
    if len(parts) != HEADER + 2 * 3 * len(TABLES) or parts[0] != STEP:
        raise ValueError("the saved spelling tables are of another layout")
    if text.dtype != np.uint8 or text.ndim != 1 or marks.ndim != 1:
        raise ValueError("the saved spelling tables are of another type")
    buffer = np.ascontiguousarray(text).data  # a memoryview of the mapping
    lines: list[Lines] = []
    at = mark = 0
    for size, count in zip(parts[HEADER::2], parts[HEADER + 1 :: 2], strict=True):
        used = -(-count // STEP) + 1 if count >= 0 else 0
        own = np.asarray(marks[mark : mark + used], np.int64)
        if size < 0 or at + size > len(buffer) or bool(np.any(np.diff(own) < 0)):
            raise ValueError("the saved spelling tables do not fit their offsets")
        lines.append(Lines.saved(buffer[at : at + size], array.array("q", own.tobytes()), count))
        at, mark = at + size, mark + used
    if at != len(buffer) or mark != len(marks):
        raise ValueError("the saved spelling tables do not fit their offsets")
    words, names = Table(*lines[:3]), Table(*lines[3:])
    return SavedSpelling(parts[1], words, names)
