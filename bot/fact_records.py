"""Each passage's facts saved as one record, GROUP consecutive passages' records one zstd
frame (bot/frames.py): its count of sentences, their counts of term ids and implied ids,
spans and cues, and the ids, with its document's term ids.

A question reads a candidate's sentences whole (bot/answering/fact_table.py, term_rows.py),
so what it reads of them lies together in one frame instead of nine arrays: the offsets,
spans and cues were 45.8 MB at a million passages (and the implied and document ids 6.9)
beside 67.7 MB of framed term ids; folded into the frames they add ~17 MB to them
(docs/performance.md, "The saved index's facts and tables at 1M").

Passage p's record is a header, its count of sentences S and of document ids D, then 5 S
numbers, each sentence's count of term ids, then of implied ids, its span's start, its
span's end and its cues (`FIELDS`, one run each), in int16 when every header of the index
fits (else int32: `head` says which), then its term ids, implied ids and document ids
(int32). A frame holds the records of GROUP passages in turn (the last frame those left),
each record's size read from its header: at a million passages frames of 4 passages at
zstd's level 9 are 69.2 MB (and 1.0 MB of offsets) against 84.8 (and 4.1) for a frame a
passage at level 3, for ~2 us more a read, +1% to +2% of a new question's answer() at 1M
(docs/performance.md, "The saved index on disk at 1M, twentieth round"). Saved as
``records`` (the frames, uint8, read on demand), ``records_frames_at`` (passage p's frame is
``records[frames_at[g]:frames_at[g + 1]]``, g = p // GROUP), ``records_dictionary`` and
``records_head`` (the header's bytes a number, the largest frame's bytes, GROUP and the count of
passages).
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from bot import frames
from bot.file_array import FileArray

NAME = "records"
PARTS = ("frames_at", "dictionary", "head")  # saved as records_frames_at, ...
# the arrays a record holds (bot/stored_facts.py)
FOLDED = (
    *("sentences_at", "terms_at", "implied_at", "document_at", "spans", "cues"),
    *("terms", "implied", "document"),
)
LEAD = 2  # header numbers a passage: sentences, document ids
FIELDS = 5  # header numbers a sentence: terms, implied, span start, span end, cues
DICTIONARY = 262144  # bytes of the trained dictionary
GROUP = 4  # passages a frame: 2 is 73.0 MB at 1M, 1 80.1 (level 9); 8 ~2 MB less, +1.4 us
LEVEL = 9  # zstd's: 3 makes GROUP's frames 8% larger at 1M (sampled) for ~4 s less of CPU
ITEM = 4  # bytes an id (int32)

Arrays = Mapping[str, npt.NDArray[Any]]
Ints = npt.NDArray[Any]  # int64


class Record(NamedTuple):
    """One passage's facts as lists: sentence k's term ids are
    ``terms[terms_at[k]:terms_at[k + 1]]``, its implied ids likewise, its span
    ``(starts[k], ends[k])`` and its cues ``cues[k]``; `document` its document's ids."""

    terms_at: list[int]
    terms: list[int]
    implied_at: list[int]
    implied: list[int]
    starts: list[int]
    ends: list[int]
    cues: list[int]
    document: list[int]


def record(arrays: Arrays, index: int) -> Record:
    """Passage `index`'s record, from plain arrays (a build's, or a live delta's)."""
    first, last = arrays["sentences_at"][index : index + 2].tolist()
    start, end = arrays["document_at"][index : index + 2].tolist()
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
        arrays["document"][start:end].tolist(),
    )


class PlainRecords:
    """Records read from plain arrays in memory (a build's, a live delta's), equal to
    `record`'s, through memoryviews made once: a memoryview's slice and list cost less than
    an array's (a new question reads a dozen records: docs/performance.md, twenty-sixth
    round)."""

    def __init__(self, arrays: Arrays):
        # one dimension each: the spans' starts and ends interleaved
        views = {n: np.ascontiguousarray(arrays[n]).reshape(-1).data for n in FOLDED}
        self._sentences_at, self._document_at = views["sentences_at"], views["document_at"]
        self._terms_at, self._implied_at = views["terms_at"], views["implied_at"]
        self._spans, self._cues = views["spans"], views["cues"]
        self._terms, self._implied = views["terms"], views["implied"]
        self._document = views["document"]

    def record(self, index: int) -> Record:
        """Passage `index`'s record."""
        first, last = self._sentences_at[index : index + 2].tolist()
        start, end = self._document_at[index : index + 2].tolist()
        terms_at = self._terms_at[first : last + 1].tolist()
        implied_at = self._implied_at[first : last + 1].tolist()
        spans = self._spans[2 * first : 2 * last].tolist()
        base, shift = terms_at[0], implied_at[0]
        return Record(
            [at - base for at in terms_at],
            self._terms[base : terms_at[-1]].tolist(),
            [at - shift for at in implied_at],
            self._implied[shift : implied_at[-1]].tolist(),
            spans[0::2],
            spans[1::2],
            self._cues[first:last].tolist(),
            self._document[start:end].tolist(),
        )


def plain_records(arrays: Arrays) -> Callable[[int], Record]:
    """`record` of plain `arrays`: by `PlainRecords` when they are all numpy arrays in
    memory and contiguous (views of them, no copy), else (arrays read on demand from a
    file) by `record` itself."""
    if all(isinstance(a, np.ndarray) and a.flags.c_contiguous for a in map(arrays.get, FOLDED)):
        return PlainRecords(arrays).record
    return partial(record, arrays)


class FramedRecords:
    """Records saved by `saved`, read a passage at a time (`record`)."""

    def __init__(
        self,
        data: Any,  # uint8 (or a FileArray read as one: bot/file_array.py)
        frames_at: npt.NDArray[Any],
        dictionary: npt.NDArray[np.uint8],
        # [the header's bytes a number, the largest frame's bytes, GROUP, the passages]
        head: npt.NDArray[Any],
    ):
        self.data, self.frames_at, self.dictionary, self.head = data, frames_at, dictionary, head
        found = np.asarray(head).tolist() if np.asarray(head).shape == (4,) else [0, 0, 1, 0]
        width, self._largest = int(found[0]), int(found[1])
        self._group, self._count = max(1, int(found[2])), int(found[3])
        self._header = np.dtype(np.int16 if width == 2 else np.int32)
        self._code: Literal["h", "i"] = "h" if width == 2 else "i"  # the header's, per record
        self._width = self._header.itemsize
        self._lead = struct.Struct(f"={LEAD}{self._code}")
        self._frames = frames.Decompressor(np.asarray(dictionary).tobytes())
        # a frame's bytes: one pread (a saved index's, read on demand), or a slice
        self._read: Callable[[int, int], Any] = (
            data.rows if isinstance(data, FileArray) else lambda a, b: data[a:b]
        )

    def __len__(self) -> int:
        return self._count

    def record(self, index: int) -> Record:
        """Passage `index`'s record."""
        frame, within = divmod(index, self._group)
        first, last = self.frames_at[frame : frame + 2].tolist()
        made = memoryview(self._frames.decompress(self._read(first, last).data, self._largest))
        at = 0
        for _ in range(within):  # the frame's records before it stepped over
            at += self._size(made, at)
        n, documents = self._lead.unpack_from(made, at)
        lead, ids_at = at + LEAD * self._width, at + (LEAD + FIELDS * n) * self._width
        # a memoryview's cast and list: 40% cheaper than numpy's for a few dozen numbers
        head = made[lead:ids_at].cast(self._code).tolist()
        terms_at = [0, *itertools.accumulate(head[:n])]
        implied_at = [0, *itertools.accumulate(head[n : 2 * n])]
        cut = terms_at[-1]
        end = cut + implied_at[-1]  # its ids end where its document's do
        ids = made[ids_at : ids_at + (end + documents) * ITEM].cast("i").tolist()  # int32
        return Record(
            terms_at,
            ids[:cut],
            implied_at,
            ids[cut:end],
            head[2 * n : 3 * n],
            head[3 * n : 4 * n],
            head[4 * n :],
            ids[end:],
        )

    def _size(self, made: memoryview, at: int) -> int:
        """The bytes of the record at byte `at` of a decompressed frame, by its header."""
        n, documents = self._lead.unpack_from(made, at)
        lead = at + LEAD * self._width
        counts: int = sum(made[lead : lead + 2 * n * self._width].cast(self._code))  # ids, implied
        return (LEAD + FIELDS * int(n)) * self._width + (counts + int(documents)) * ITEM

    def fits(self, passages: int) -> bool:
        """Whether the frames' offsets span them, a frame every GROUP passages, and the head
        is one (cheap)."""
        at, head = self.frames_at, np.asarray(self.head)
        return (
            at.ndim == 1
            and head.shape == (4,)
            and int(head[2]) >= 1
            and int(head[3]) == passages
            and len(at) == -(-passages // int(head[2])) + 1
            and int(at[0]) == 0
            and int(at[-1]) == len(self.data)
            and int(head[0]) in (2, 4)
            and int(head[1]) >= 0
        )

    def plain(self) -> dict[str, npt.NDArray[Any]] | None:
        """The arrays the records hold (`FOLDED`), as a build lays them out; None when a
        frame does not decompress, or not to a record (reads them all)."""
        view = memoryview(np.asarray(self.data).tobytes())
        at = np.asarray(self.frames_at, np.int64).tolist()
        decompress, largest = self._frames.decompress, self._largest
        try:
            joined = [decompress(view[a:b], largest) for a, b in itertools.pairwise(at)]
        except frames.FrameError:
            return None
        found = self._split(joined)  # each at least a lead long, of a count of sentences >= 0
        if found is None:
            return None
        sizes = np.array([len(f) for f in found], np.int64)
        raw = np.frombuffer(b"".join(found), np.uint8)
        starts = np.cumsum(sizes) - sizes
        lead_bytes = raw[starts[:, None] + np.arange(LEAD * self._width)]
        lead = np.ascontiguousarray(lead_bytes).view(self._header).astype(np.int64)
        sentences, documents = lead.reshape(-1, LEAD).T
        heads: Ints = (LEAD + FIELDS * sentences) * self._width
        rest: Ints = sizes - heads
        if np.any(rest < 0):  # whole ids by `_split`'s sizes, unless counts sum below zero
            return None
        header = np.repeat(np.tile(np.array([True, False]), len(sizes)), _pairs(heads, rest))
        values = raw[header].view(self._header).astype(np.int64)
        return _unfolded(values, raw[~header].view(np.int32), sentences, documents, rest)

    def _split(self, joined: list[bytes]) -> list[memoryview] | None:
        """Each passage's record, cut from the decompressed frames by their headers; None
        when a frame does not hold its passages' records to its end."""
        found: list[memoryview] = []
        least = LEAD * self._width
        for number, frame in enumerate(joined):
            made, at = memoryview(frame), 0
            for _ in range(min(self._group, self._count - number * self._group)):
                if len(made) - at < least:
                    return None
                n = self._lead.unpack_from(made, at)[0]
                if n < 0 or at + (LEAD + 2 * n) * self._width > len(made):
                    return None
                size = self._size(made, at)
                if size < least or at + size > len(made):
                    return None
                found.append(made[at : at + size])
                at += size
            if at != len(made):
                return None
        return found


def _pairs(*runs: Ints) -> Ints:
    """runs[0][0], runs[1][0], ..., runs[0][1], runs[1][1], ...: each passage's in turn."""
    return np.stack(runs, axis=1).ravel()


def _places(sentences: Ints) -> tuple[Ints, Ints]:
    """Where each passage's LEAD numbers lie in the headers joined, as [LEAD, P], and each
    sentence's FIELDS, as [FIELDS, S]: passage p's header starts at LEAD p + FIELDS times its
    first sentence, and holds its lead, then each field's run of its S sentences."""
    firsts = np.concatenate([[0], np.cumsum(sentences)])[:-1].astype(np.int64)
    begins = LEAD * np.arange(len(sentences)) + FIELDS * firsts
    owner = np.repeat(np.arange(len(sentences)), sentences)  # each sentence's passage
    rows = np.arange(int(sentences.sum()))
    fields = np.arange(FIELDS)[:, None]
    within = fields * sentences[owner] + (rows - firsts[owner])
    lead: Ints = begins + np.arange(LEAD)[:, None]
    places: Ints = begins[owner] + LEAD + within
    return lead, places


def _unfolded(
    values: Ints, ids: npt.NDArray[np.int32], sentences: Ints, documents: Ints, id_bytes: Ints
) -> dict[str, npt.NDArray[Any]] | None:
    columns = values[_places(sentences)[1]]
    counts, implied_counts, starts, ends, cues = columns
    if np.any(counts < 0) or np.any(implied_counts < 0) or np.any(documents < 0):
        return None
    owner = np.repeat(np.arange(len(sentences)), sentences)
    terms = np.bincount(owner, counts, len(sentences)).astype(np.int64)
    implied = np.bincount(owner, implied_counts, len(sentences)).astype(np.int64)
    if not np.array_equal((terms + implied + documents) * ITEM, id_bytes):
        return None
    kinds = np.repeat(
        np.tile(np.arange(3, dtype=np.uint8), len(sentences)), _pairs(terms, implied, documents)
    )
    return {
        "sentences_at": _offsets(sentences),
        "terms_at": _offsets(counts),
        "implied_at": _offsets(implied_counts),
        "document_at": _offsets(documents),
        "spans": np.stack([starts, ends], axis=1).astype(np.int32),
        "cues": cues.astype(np.uint8),
        "terms": np.ascontiguousarray(ids[kinds == 0]),
        "implied": np.ascontiguousarray(ids[kinds == 1]),
        "document": np.ascontiguousarray(ids[kinds == 2]),
    }


def _offsets(counts: Ints) -> Ints:
    offsets: Ints = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return offsets


def saved(facts: Arrays) -> dict[str, npt.NDArray[Any]]:
    """The arrays that save the plain `facts`' `FOLDED` arrays as records (their other
    arrays are saved as they are)."""
    sentences_at = np.asarray(facts["sentences_at"], np.int64)
    document_at = np.asarray(facts["document_at"], np.int64)
    terms_at = np.asarray(facts["terms_at"], np.int64)
    implied_at = np.asarray(facts["implied_at"], np.int64)
    spans = np.asarray(facts["spans"], np.int64).reshape(-1, 2)
    sentences, documents = np.diff(sentences_at), np.diff(document_at)
    columns = np.stack(
        [np.diff(terms_at), np.diff(implied_at), spans[:, 0], spans[:, 1], facts["cues"]]
    )
    lead = np.stack([sentences, documents])
    low = min(int(columns.min(initial=0)), int(lead.min(initial=0)))
    high = max(int(columns.max(initial=0)), int(lead.max(initial=0)))
    header = np.dtype(np.int16 if low >= -(2**15) and high < 2**15 else np.int32)
    values = np.zeros(lead.size + columns.size, header)
    lead_places, places = _places(sentences)
    values[lead_places], values[places] = lead, columns
    # each passage's ids: its term ids, implied ids and document ids in turn
    terms = terms_at[sentences_at[1:]] - terms_at[sentences_at[:-1]]
    implied = implied_at[sentences_at[1:]] - implied_at[sentences_at[:-1]]
    kinds = np.repeat(
        np.tile(np.arange(3, dtype=np.uint8), len(sentences)), _pairs(terms, implied, documents)
    )
    ids = np.zeros(len(kinds), np.int32)
    for kind, name in enumerate(("terms", "implied", "document")):
        ids[kinds == kind] = facts[name]
    heads = _offsets(LEAD + FIELDS * sentences) * header.itemsize
    head_bytes, id_bytes = values.tobytes(), ids.tobytes()
    ids_at = _offsets(terms + implied + documents) * ITEM
    pieces = [
        head_bytes[h0:h1] + id_bytes[i0:i1]
        for (h0, h1), (i0, i1) in zip(
            itertools.pairwise(heads.tolist()), itertools.pairwise(ids_at.tolist()), strict=True
        )
    ]
    grouped = [b"".join(pieces[at : at + GROUP]) for at in range(0, len(pieces), GROUP)]
    del pieces
    dictionary = frames.trained(grouped, DICTIONARY)
    data, frames_at = frames.compressed(grouped, dictionary, LEVEL)
    largest = max(map(len, grouped), default=0)
    return {
        NAME: data,
        f"{NAME}_frames_at": frames_at,
        f"{NAME}_dictionary": np.frombuffer(dictionary, np.uint8),
        f"{NAME}_head": np.array([header.itemsize, largest, GROUP, len(sentences)], np.int64),
    }


def names() -> tuple[str, ...]:
    """The saved arrays' names."""
    return (NAME, *(f"{NAME}_{part}" for part in PARTS))


def column(facts: Arrays) -> FramedRecords | None:
    """The records of saved `facts`, None for plain ones (a build's)."""
    if NAME not in facts or any(f"{NAME}_{part}" not in facts for part in PARTS):
        return None
    data, frames_at, dictionary, head = (facts[name] for name in names())
    return FramedRecords(data, frames_at, dictionary, head)
