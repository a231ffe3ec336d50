"""Each passage's sentence facts saved as one zstd frame (bot/frames.py): its sentences'
term ids and implied ids, and their counts, spans and cues.

A question reads a candidate's sentences whole (bot/answering/fact_table.py, term_rows.py),
so what it reads of them lies together in one frame instead of six arrays: the per-sentence
offsets, spans and cues were 37.6 MB at a million passages beside 67.7 MB of framed term
ids; folded into the frames they add ~17 MB to them (docs/performance.md, "The saved
index's facts and tables at 1M").

Passage p's record, S = its sentences (``sentences_at[p + 1] - sentences_at[p]``), is a
header of 5 S numbers, each sentence's count of term ids, then of implied ids, its span's
start, its span's end and its cues (`FIELDS`, one run each), in int16 when every header of
the index fits (else int32: `head` says which), then the passage's term ids and its implied
ids (int32). Saved as ``records`` (the frames, uint8, read on demand), ``records_frames_at``
(passage p's frame is ``records[frames_at[p]:frames_at[p + 1]]``), ``records_dictionary``
and ``records_head`` (the header's bytes a number, and the largest record's bytes).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from bot import frames
from bot.file_array import FileArray

NAME = "records"
PARTS = ("frames_at", "dictionary", "head")  # saved as records_frames_at, ...
FOLDED = (
    "terms_at",
    "implied_at",
    "spans",
    "cues",
    "terms",
    "implied",
)  # the arrays a record holds
FIELDS = 5  # header numbers a sentence: terms, implied, span start, span end, cues
DICTIONARY = 131072  # bytes of the trained dictionary
LEVEL = 3  # zstd's: 6 saved 3% of the term ids at 1M for four times the CPU
ITEM = 4  # bytes an id (int32)

Arrays = Mapping[str, npt.NDArray[Any]]
Ints = npt.NDArray[Any]  # int64


class Record(NamedTuple):
    """One passage's sentences as lists: sentence k's term ids are
    ``terms[terms_at[k]:terms_at[k + 1]]``, its implied ids likewise, its span
    ``(starts[k], ends[k])`` and its cues ``cues[k]``."""

    terms_at: list[int]
    terms: list[int]
    implied_at: list[int]
    implied: list[int]
    starts: list[int]
    ends: list[int]
    cues: list[int]


def record(arrays: Arrays, first: int, last: int) -> Record:
    """The record of the passage whose sentences are rows `first` to `last` of plain arrays
    (a build's, or a live delta's)."""
    terms_at = arrays["terms_at"][first : last + 1].tolist()
    implied_at = arrays["implied_at"][first : last + 1].tolist()
    spans = arrays["spans"][first:last]
    base, shift = terms_at[0], implied_at[0]
    return Record(
        [at - base for at in terms_at],
        arrays["terms"][base : terms_at[-1]].tolist(),
        [at - shift for at in implied_at],
        arrays["implied"][shift : implied_at[-1]].tolist(),
        spans[:, 0].tolist(),
        spans[:, 1].tolist(),
        arrays["cues"][first:last].tolist(),
    )


class FramedRecords:
    """Records saved by `saved`, read a passage at a time (`record`)."""

    def __init__(
        self,
        data: Any,  # uint8 (or a FileArray read as one: bot/file_array.py)
        frames_at: npt.NDArray[Any],
        dictionary: npt.NDArray[np.uint8],
        head: npt.NDArray[Any],  # [the header's bytes a number, the largest record's bytes]
        sentences_at: npt.NDArray[Any],  # each passage's first sentence
    ):
        self.data, self.frames_at, self.dictionary = data, frames_at, dictionary
        self.head, self.sentences_at = head, sentences_at
        width, self._largest = (
            (int(n) for n in np.asarray(head).tolist()) if len(head) == 2 else (0, 0)
        )
        self._header = np.dtype(np.int16 if width == 2 else np.int32)
        self._code, self._width = self._header.char, self._header.itemsize  # read per record
        self._frames = frames.Decompressor(np.asarray(dictionary).tobytes())
        # a frame's bytes: one pread (a saved index's, read on demand), or a slice
        self._read: Callable[[int, int], Any] = (
            data.rows if isinstance(data, FileArray) else lambda a, b: data[a:b]
        )

    def record(self, index: int, sentences: int) -> Record:
        """Passage `index`'s record; it has `sentences` sentences."""
        first, last = self.frames_at[index : index + 2].tolist()
        if last <= first:
            return Record([0], [], [0], [], [], [], [])
        made = memoryview(self._frames.decompress(self._read(first, last).data, self._largest))
        n = sentences
        ids_at = FIELDS * n * self._width
        # a memoryview's cast and list: 40% cheaper than numpy's for a few dozen numbers
        head = made[:ids_at].cast(self._code).tolist()
        ids = made[ids_at:].cast("i").tolist()  # int32: ITEM bytes
        terms_at = [0, *itertools.accumulate(head[:n])]
        implied_at = [0, *itertools.accumulate(head[n : 2 * n])]
        cut = terms_at[-1]
        return Record(
            terms_at,
            ids[:cut],
            implied_at,
            ids[cut:],
            head[2 * n : 3 * n],
            head[3 * n : 4 * n],
            head[4 * n :],
        )

    def fits(self, passages: int) -> bool:
        """Whether the frames' offsets span them, one frame a passage, and the head is one
        (cheap)."""
        at, head = self.frames_at, np.asarray(self.head)
        return (
            at.ndim == 1
            and len(at) == passages + 1
            and len(self.sentences_at) == passages + 1
            and int(at[0]) == 0
            and int(at[-1]) == len(self.data)
            and head.shape == (2,)
            and int(head[0]) in (2, 4)
            and int(head[1]) >= 0
        )

    def plain(self) -> dict[str, npt.NDArray[Any]] | None:
        """The arrays the records hold (`FOLDED`), as a build lays them out; None when a
        frame does not decompress, or not to its sentences' record (reads them all)."""
        view = memoryview(np.asarray(self.data).tobytes())
        at = np.asarray(self.frames_at, np.int64).tolist()
        decompress, largest = self._frames.decompress, self._largest
        try:
            found = [decompress(view[a:b], largest) for a, b in itertools.pairwise(at)]
        except frames.FrameError:
            return None
        sizes = np.array([len(f) for f in found], np.int64)
        raw = np.frombuffer(b"".join(found), np.uint8)
        sentences = np.diff(np.asarray(self.sentences_at, np.int64))
        heads: Ints = FIELDS * sentences * self._header.itemsize
        rest: Ints = sizes - heads
        if np.any(rest < 0) or np.any(rest % ITEM):
            return None  # records not of their sentences' headers and whole ids
        header = np.repeat(np.tile(np.array([True, False]), len(sizes)), _pairs(heads, rest))
        values = raw[header].view(self._header).astype(np.int64)
        ids = raw[~header].view(np.int32)
        return _unfolded(values, ids, sentences, rest)


def _pairs(a: Ints, b: Ints) -> Ints:
    """a[0], b[0], a[1], b[1], ..."""
    return np.stack([a, b], axis=1).ravel()


def _places(sentences: Ints) -> Ints:
    """Where each sentence's field j lies in the headers joined, as [FIELDS, S]: passage p's
    header starts at FIELDS times its first sentence, and holds each field's run of its S."""
    firsts = np.concatenate([[0], np.cumsum(sentences)])[:-1]
    owner = np.repeat(np.arange(len(sentences)), sentences)  # each sentence's passage
    rows = np.arange(int(sentences.sum()))
    fields = np.arange(FIELDS)[:, None]
    places: Ints = FIELDS * firsts[owner] + fields * sentences[owner] + (rows - firsts[owner])
    return places


def _unfolded(
    values: Ints, ids: npt.NDArray[np.int32], sentences: Ints, id_bytes: Ints
) -> dict[str, npt.NDArray[Any]] | None:
    columns = values[_places(sentences)] if len(values) else np.zeros((FIELDS, 0), np.int64)
    counts, implied_counts, starts, ends, cues = columns
    if len(counts) and (int(counts.min()) < 0 or int(implied_counts.min()) < 0):
        return None
    owner = np.repeat(np.arange(len(sentences)), sentences)
    terms = np.bincount(owner, counts, len(sentences)).astype(np.int64)
    implied = np.bincount(owner, implied_counts, len(sentences)).astype(np.int64)
    if not np.array_equal((terms + implied) * ITEM, id_bytes):
        return None
    which = np.repeat(np.tile(np.array([True, False]), len(sentences)), _pairs(terms, implied))
    return {
        "terms_at": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        "implied_at": np.concatenate([[0], np.cumsum(implied_counts)]).astype(np.int64),
        "spans": np.stack([starts, ends], axis=1).astype(np.int32),
        "cues": cues.astype(np.uint8),
        "terms": np.ascontiguousarray(ids[which]),
        "implied": np.ascontiguousarray(ids[~which]),
    }


def saved(facts: Arrays) -> dict[str, npt.NDArray[Any]]:
    """The arrays that save the plain `facts`' `FOLDED` arrays as records (their other
    arrays are saved as they are)."""
    sentences_at = np.asarray(facts["sentences_at"], np.int64)
    terms_at = np.asarray(facts["terms_at"], np.int64)
    implied_at = np.asarray(facts["implied_at"], np.int64)
    spans = np.asarray(facts["spans"], np.int64).reshape(-1, 2)
    columns = np.stack(
        [np.diff(terms_at), np.diff(implied_at), spans[:, 0], spans[:, 1], facts["cues"]]
    )
    low, high = int(columns.min(initial=0)), int(columns.max(initial=0))
    header = np.dtype(np.int16 if low >= -(2**15) and high < 2**15 else np.int32)
    sentences = np.diff(sentences_at)
    values = np.zeros(columns.size, header)
    values[_places(sentences)] = columns
    heads = (FIELDS * sentences_at * header.itemsize).tolist()
    terms = (terms_at[sentences_at] * ITEM).tolist()
    implied = (implied_at[sentences_at] * ITEM).tolist()
    head_bytes = values.tobytes()
    term_bytes = np.ascontiguousarray(facts["terms"], np.int32).tobytes()
    implied_bytes = np.ascontiguousarray(facts["implied"], np.int32).tobytes()
    pieces = [
        head_bytes[h0:h1] + term_bytes[t0:t1] + implied_bytes[i0:i1]
        for (h0, h1), (t0, t1), (i0, i1) in zip(
            itertools.pairwise(heads),
            itertools.pairwise(terms),
            itertools.pairwise(implied),
            strict=True,
        )
    ]
    dictionary = frames.trained(pieces, DICTIONARY)
    data, frames_at = frames.compressed(pieces, dictionary, LEVEL)
    largest = max(map(len, pieces), default=0)
    return {
        NAME: data,
        f"{NAME}_frames_at": frames_at,
        f"{NAME}_dictionary": np.frombuffer(dictionary, np.uint8),
        f"{NAME}_head": np.array([header.itemsize, largest], np.int64),
    }


def names() -> tuple[str, ...]:
    """The saved arrays' names."""
    return (NAME, *(f"{NAME}_{part}" for part in PARTS))


def column(facts: Arrays) -> FramedRecords | None:
    """The records of saved `facts`, None for plain ones (a build's)."""
    if NAME not in facts or any(f"{NAME}_{part}" not in facts for part in PARTS):
        return None
    data, frames_at, dictionary, head = (facts[name] for name in names())
    return FramedRecords(data, frames_at, dictionary, head, facts["sentences_at"])
