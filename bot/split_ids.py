"""Non-negative int32 ids saved in two bytes each: the low 16 bits, and the high bits as runs.

A saved index's largest arrays are ids: every posting's passage, every sentence's terms.
Most of them repeat their high bits for long stretches (a term's passages are ascending;
most of a sentence's terms are among the first 65,536 the index met), so an array of ids is
saved as

* ``low`` uint16: each id's low 16 bits;
* ``starts`` (int32 or int64): where each run of equal high bits starts, then the length;
* ``high`` uint16: each run's high bits.

Any slice decodes with two binary searches and a few numpy operations (no Python loop over
the ids), so readers slice a `SplitIds` as they sliced the plain array. An id array of n
values with r runs takes 2n + 6r bytes instead of 4n: at a million passages the postings'
passages have ~1.9M runs for 36.6M ids (81 MiB instead of 140).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int32]
SHIFT = 16


@dataclass(frozen=True)
class SplitIds:
    low: npt.NDArray[np.uint16]
    starts: npt.NDArray[Any]  # len(high) + 1, from 0 to len(low), ascending
    high: npt.NDArray[np.uint16]

    def __len__(self) -> int:
        return len(self.low)

    def __getitem__(self, span: slice) -> Ids:
        """The ids of `span` (a slice with step 1), as an int32 array."""
        start, stop, _ = span.indices(len(self.low))
        ids = self.low[start:stop].astype(np.int32)
        if stop <= start:
            return ids
        # searched with a value of the array's own type: a Python int would make numpy copy
        # the whole array to int64 first (0.4 ms for 250k runs)
        kind = self.starts.dtype.type
        first = int(self.starts.searchsorted(kind(start), "right")) - 1
        if stop <= self.starts[first + 1]:  # within one run: most slices
            high = int(self.high[first])
            if high:
                ids += np.int32(high << SHIFT)
            return ids
        end = int(self.starts.searchsorted(kind(stop), "left"))  # runs first..end-1 overlap
        highs = self.high[first:end].tolist()
        if len(highs) > 16:  # many runs (a whole array): at once
            edges = np.clip(self.starts[first : end + 1], start, stop)
            ids += np.repeat(self.high[first:end].astype(np.int32) << SHIFT, np.diff(edges))
            return ids
        # a few runs (a term's passages: at most one per 65,536 passages): a slice each
        ends = [int(at) - start for at in self.starts[first + 1 : end].tolist()] + [stop - start]
        begin = 0
        for high, until in zip(highs, ends, strict=True):
            if high:
                ids[begin:until] += np.int32(high << SHIFT)
            begin = until
        return ids

    def first_from(self, start: int, stop: int, value: int) -> tuple[int, int]:
        """The first place from `start` to `stop` (ascending ids there, as a term's passages)
        whose id is `value` or more, and that id; (`stop`, -1) when none is: two binary
        searches of the runs and one of the low bits in one run, nothing decoded."""
        if start >= stop:
            return stop, -1
        kind = self.starts.dtype.type
        first = int(self.starts.searchsorted(kind(start), "right")) - 1
        last = int(self.starts.searchsorted(kind(stop), "left"))  # runs first..last-1 overlap
        top = min(max(value, 0) >> SHIFT, 0xFFFF)
        run = first + int(self.high[first:last].searchsorted(np.uint16(top), "left"))
        if run == last:
            return stop, -1
        begin, end = max(start, int(self.starts[run])), min(stop, int(self.starts[run + 1]))
        if int(self.high[run]) > top or value < 0:
            return begin, (int(self.high[run]) << SHIFT) | int(self.low[begin])
        at = begin + int(self.low[begin:end].searchsorted(np.uint16(value & 0xFFFF), "left"))
        if at < end:
            return at, (top << SHIFT) | int(self.low[at])
        if end == stop:
            return stop, -1
        return end, (int(self.high[run + 1]) << SHIFT) | int(self.low[end])

    @property
    def nbytes(self) -> int:
        return self.low.nbytes + self.starts.nbytes + self.high.nbytes

    def whole(self) -> Ids:
        return self[:]

    def fits(self) -> bool:
        """Whether the runs cover the ids exactly (cheap: the ends only)."""
        return (
            self.low.ndim == self.starts.ndim == self.high.ndim == 1
            and len(self.starts) == len(self.high) + 1
            and int(self.starts[0]) == 0
            and int(self.starts[-1]) == len(self.low)
        )

    def ordered(self) -> bool:
        """Whether the runs' starts ascend (reads them all)."""
        return bool(np.all(np.diff(self.starts) >= 0))


def split(ids: npt.NDArray[Any]) -> SplitIds:
    """`ids` (non-negative, below 2**31) as a SplitIds."""
    values = np.asarray(ids, np.int64)
    if len(values) and (int(values.min()) < 0 or int(values.max()) >= 2**31):
        raise ValueError("ids must be non-negative int32 values")
    high = values >> SHIFT
    changes = np.flatnonzero(np.diff(high)) + 1
    starts = np.concatenate(([0], changes, [len(values)])) if len(values) else np.zeros(1)
    kind = np.int32 if len(values) < 2**31 else np.int64
    return SplitIds(
        (values & 0xFFFF).astype(np.uint16),
        starts.astype(kind),
        high[starts[:-1].astype(np.int64)].astype(np.uint16),
    )


def saved(name: str, ids: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """The arrays that save `ids` as `name`: ``name`` (the low bits), ``name_runs``,
    ``name_high``."""
    parts = split(ids)
    return {name: parts.low, f"{name}_runs": parts.starts, f"{name}_high": parts.high}


def plain(ids: Ids | SplitIds) -> Ids:
    """Every id of a plain or split array (a split one decoded whole)."""
    return ids.whole() if isinstance(ids, SplitIds) else ids


def column(arrays: Mapping[str, npt.NDArray[Any]], name: str) -> Ids | SplitIds:
    """Array `name` of `arrays`: the plain one, or the split one joined when it was saved so."""
    runs, high = arrays.get(f"{name}_runs"), arrays.get(f"{name}_high")
    if runs is None or high is None:
        return arrays[name]
    return SplitIds(arrays[name], runs, high)
