"""The facts' term ids saved one zstd frame a passage (bot/frames.py).

Every sentence's term ids (bot/stored_facts.py ``terms``, int32) were the largest array of
a saved index: 154 MB at a million passages. A question reads them a whole passage at a
time (a candidate's facts: bot/answering/fact_table.py, term_rows.py), so each passage's
ids are saved as one frame, its int32 bytes compressed against a dictionary trained on
the passages' own ids (what an archive's sentences repeat: its common words, its names):
68 MB at a million passages (72 with the frames' offsets and the dictionary), and a
passage's read costs its frame's pread (under half the bytes it was) and ~1 us of
decompression (docs/performance.md, "The saved index on disk, the texts and facts").

Saved as ``name`` (the frames, uint8, read on demand), ``name_frames_at`` (passage p's frame
is ``name[frames_at[p]:frames_at[p + 1]]``) and ``name_dictionary``. Which ids a passage
holds is the facts' own offsets' to say: a passage's ids are positions
``terms_at[sentences_at[p]]`` to ``terms_at[sentences_at[p + 1]]``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bot import frames
from bot.file_array import FileArray

Ids = npt.NDArray[np.int32]
DICTIONARY = 131072  # bytes of the trained dictionary
LEVEL = 3  # zstd's: 6 saves 3% at 1M for four times the CPU (8.5 s against 2.2)
PARTS = ("frames_at", "dictionary")  # a framed array `name` is saved as name, name_frames_at, ...
ITEM = 4  # bytes an id (int32)


class FramedIds:
    """Ids saved by `saved`, read a passage at a time (`passage`): passage p's are positions
    ``terms_at[sentences_at[p]]`` to ``terms_at[sentences_at[p + 1]]``."""

    def __init__(
        self,
        data: Any,  # uint8 (or a FileArray read as one: bot/file_array.py)
        frames_at: npt.NDArray[Any],
        dictionary: npt.NDArray[np.uint8],
        terms_at: npt.NDArray[Any],  # the facts' offsets: each sentence's first id
        sentences_at: npt.NDArray[Any],  # each passage's first sentence
    ):
        self.data, self.frames_at, self.dictionary = data, frames_at, dictionary
        self.terms_at, self.sentences_at = terms_at, sentences_at
        self._frames = frames.Decompressor(np.asarray(dictionary).tobytes())
        # a frame's bytes: one pread (a saved index's, read on demand), or a slice
        self._read: Callable[[int, int], Any] = (
            data.rows if isinstance(data, FileArray) else lambda a, b: data[a:b]
        )

    def passage(self, index: int, start: int, stop: int) -> Ids:
        """Passage `index`'s ids, whose positions are `start` to `stop` (all of them)."""
        first, last = self.frames_at[index : index + 2].tolist()
        if last <= first:
            return np.zeros(0, np.int32)
        made = self._frames.decompress(self._read(first, last).data, (stop - start) * ITEM)
        ids: Ids = np.frombuffer(made, np.int32)
        return ids

    def __len__(self) -> int:
        return int(self.terms_at[-1])

    def fits(self) -> bool:
        """Whether the frames' offsets span them, one frame a passage (cheap)."""
        at = self.frames_at
        return (
            at.ndim == 1
            and len(at) == len(self.sentences_at)
            and int(at[0]) == 0
            and int(at[-1]) == len(self.data)
        )

    def whole(self) -> Ids | None:
        """Every id, passage after passage; None when a frame does not decompress to its
        passage's count of ids (reads them all)."""
        view = memoryview(np.asarray(self.data).tobytes())
        at = np.asarray(self.frames_at, np.int64).tolist()
        sentences = np.asarray(self.sentences_at, np.int64)
        sizes = (np.diff(np.asarray(self.terms_at, np.int64)[sentences]) * ITEM).tolist()
        decompress = self._frames.decompress
        try:  # none makes more than its size: all of them make their sizes when the sum does
            pairs = zip(itertools.pairwise(at), sizes, strict=True)
            found = [decompress(view[a:b], n) for (a, b), n in pairs]
        except (frames.FrameError, ValueError):  # ValueError: offsets and passages differ
            return None
        if sum(map(len, found)) != sum(sizes):
            return None
        return np.frombuffer(b"".join(found), np.int32)


def saved(name: str, ids: Ids, starts: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """The arrays that save `ids` as `name`, a frame for each passage: passage p's ids are
    ``ids[starts[p]:starts[p + 1]]``."""
    values = np.ascontiguousarray(ids, np.int32)
    at = np.asarray(starts, np.int64).tolist()
    pieces = [values[a:b].tobytes() for a, b in itertools.pairwise(at)]
    dictionary = frames.trained(pieces, DICTIONARY)
    data, frames_at = frames.compressed(pieces, dictionary, LEVEL)
    return {
        name: data,
        f"{name}_frames_at": frames_at,
        f"{name}_dictionary": np.frombuffer(dictionary, np.uint8),
    }


def is_part(name: str) -> bool:
    return name.endswith(tuple(f"_{part}" for part in PARTS))


def column(arrays: Mapping[str, Any], name: str) -> FramedIds | None:
    """Array `name` of the facts `arrays` as FramedIds when it was saved framed, else None."""
    frames_at, dictionary = (arrays.get(f"{name}_{part}") for part in PARTS)
    if frames_at is None or dictionary is None:
        return None
    at = arrays[f"{name}_at"]
    return FramedIds(arrays[name], frames_at, dictionary, at, arrays["sentences_at"])
