"""Term ids saved in two bytes each: the ids of a region of the array numbered apart.

The facts' term ids (every sentence's terms, bot/stored_facts.py) were the largest array of a
saved index (4 bytes an id: 154 MB at a million passages). An archive's sentences repeat a
few tens of thousands of words, so the array is cut into regions of 2**shift ids (the
largest that holds at most 65,536 distinct ids in every region: 2**19 at a million passages)
and each id is saved as its place among its region's distinct ids, the commonest first
(``codes``, uint16), with every region's distinct ids in that order, one region after the
other (``table``; region r's are
``table[table_at[r]:table_at[r + 1]]``). A slice of a region decodes with one gather
(`take`), one that crosses into the next region (one in tens of thousands of a passage's
sentences) with one per region, so readers slice a `CodedIds` as they sliced the plain array.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.file_array import FileArray

Ids = npt.NDArray[np.int32]
CODES = 2**16  # distinct ids a region holds at most (a uint16 each)
LARGEST = 2**20  # a region's ids at most (2**16 at least: every region fits then)
PARTS = ("table", "table_at")  # a coded array `name` is saved as name, name_table, ...


class CodedIds:
    """An array of ids as `coded` saves it, sliced as the plain array."""

    def __init__(self, codes: Any, table: Ids, table_at: npt.NDArray[Any]):
        self.codes = codes  # uint16 (or a FileArray read as one: bot/file_array.py)
        self.table = table  # every region's distinct ids, the commonest first, region after region
        self.table_at = table_at  # where each region's ids start in `table`, then its length
        at = table_at.tolist()  # a few dozen regions: each one's table a view, made once
        self._tables = [table[a:b] for a, b in itertools.pairwise(at)]
        self._count = len(codes)
        self._shift = shift_of(self._count, len(at) - 1)
        # the codes of a slice within range: read with one pread (a saved index's), or sliced
        self._read: Callable[[int, int], Any] = (
            codes.rows if isinstance(codes, FileArray) else lambda a, b: codes[a:b]
        )

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, span: slice) -> Ids:
        """The ids of `span` (a slice with step 1), as an int32 array."""
        start, stop, count = span.start, span.stop, self._count
        if start is None or stop is None or not 0 <= start <= stop <= count:  # (not a reader's)
            start, stop, _ = span.indices(count)
        codes = self._read(start, stop)
        shift, tables = self._shift, self._tables
        region = start >> shift
        if stop <= start or (stop - 1) >> shift == region:  # within one region: most slices
            ids: Ids = tables[min(region, len(tables) - 1)].take(codes)
            return ids
        pieces = []
        for r in range(region, ((stop - 1) >> shift) + 1):
            first, last = max(start, r << shift) - start, min(stop, (r + 1) << shift) - start
            pieces.append(tables[r].take(codes[first:last]))
        return np.concatenate(pieces)

    @property
    def nbytes(self) -> int:
        return int(self.codes.nbytes) + self.table.nbytes + self.table_at.nbytes

    def whole(self) -> Ids:
        return self[:]

    def fits(self) -> bool:
        """Whether the parts have the shapes of a coded array (cheap: no id is read)."""
        at = self.table_at
        regions = -(-self._count // (1 << self._shift))
        return (
            self.codes.ndim == self.table.ndim == at.ndim == 1
            and len(at) == max(regions, 1) + 1
            and int(at[0]) == 0
            and int(at[-1]) == len(self.table)
        )

    def decodes(self) -> bool:
        """Whether every code is within its region's ids (reads them all)."""
        at = np.asarray(self.table_at, np.int64)
        sizes = np.diff(at)
        if np.any(sizes < 0) or np.any(sizes > CODES):
            return False
        codes = np.asarray(self.codes)
        size = 1 << self._shift
        return all(
            int(codes[r * size : (r + 1) * size].max(initial=0)) < max(int(sizes[r]), 1)
            for r in range(len(sizes))
        )


def shift_of(count: int, regions: int) -> int:
    """The regions' size (its log2) for `count` ids in `regions` regions: the smallest from
    16 up that makes that many (every size does for a single region: the array's own)."""
    shift = 16
    while regions > 1 and -(-count // (1 << shift)) > regions:
        shift += 1
    return shift if regions > 1 else max(16, count.bit_length())


def coded(ids: npt.NDArray[Any], largest: int = LARGEST) -> CodedIds:
    """`ids` (non-negative int32) coded in regions of `largest` ids or fewer (a power of two
    from 2**16: fewer in the tests, to make many regions)."""
    values = np.asarray(ids, np.int32)
    if len(values) and int(values.min()) < 0:
        raise ValueError("ids must be non-negative")
    size = max(1 << 16, 1 << (max(1, largest) - 1).bit_length())
    while size > 1 << 16 and any(len(_distinct(r)) > CODES for r in _regions(values, size)):
        size //= 2  # (at a million passages once: 2**20 ids hold more)
    found = [_numbered(region) for region in _regions(values, size)]
    table_at = np.zeros(len(found) + 1, np.int64)
    np.cumsum([len(distinct) for distinct, _ in found], out=table_at[1:])
    table = np.concatenate([distinct for distinct, _ in found]).astype(np.int32)
    codes = np.concatenate([numbers for _, numbers in found]).astype(np.uint16)
    return CodedIds(codes, table, table_at.astype(np.int32 if len(table) < 2**31 else np.int64))


def _regions(values: Ids, size: int) -> list[Ids]:
    return [values[at : at + size] for at in range(0, len(values), size)] or [values]


def _distinct(ids: Ids) -> Ids:
    """The distinct `ids` (in no set order)."""
    top = int(ids.max(initial=0))
    if top >= 4 * len(ids) + 2**20:  # sparse ids: sorted
        return np.unique(ids)
    present = np.zeros(top + 1, bool)  # an index's ids: below its terms and words (no sort)
    present[ids] = True
    return np.flatnonzero(present).astype(np.int32)


def _numbered(ids: Ids) -> tuple[Ids, npt.NDArray[Any]]:
    """The distinct `ids`, the commonest first (ties: the smaller id first), and each id's
    place among them: a region's common ids decode from the first lines of its table, which
    stay in the CPU's caches (in id order, a slice of 31 ids cost ~30 cache misses)."""
    distinct: npt.NDArray[Any]
    inverse: npt.NDArray[Any]
    counts: npt.NDArray[Any]
    if int(ids.max(initial=0)) >= 4 * len(ids) + 2**20:  # sparse ids: sorted
        distinct, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    else:  # an index's ids: below its terms and words (counted without a sort)
        counts = np.bincount(ids)
        inverse = (np.cumsum(counts > 0, dtype=np.int32) - 1)[ids]  # place among the distinct
        distinct = np.flatnonzero(counts)
        counts = counts[distinct]
    order = np.argsort(-counts, kind="stable")
    rank = np.empty(len(order), np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return distinct[order].astype(np.int32), rank[inverse]


def saved(name: str, ids: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """The arrays that save `ids` as `name`: ``name`` (the codes), ``name_table``,
    ``name_table_at``."""
    parts = coded(ids)
    return {name: parts.codes, f"{name}_table": parts.table, f"{name}_table_at": parts.table_at}


def is_part(name: str) -> bool:
    return name.endswith(tuple(f"_{part}" for part in PARTS))


def column(arrays: Mapping[str, Any], name: str) -> Ids | CodedIds:
    """Array `name` of `arrays`: the plain one (a build's), or the coded one joined."""
    table, table_at = (arrays.get(f"{name}_{part}") for part in PARTS)
    if table is None or table_at is None:
        return arrays[name]  # type: ignore[no-any-return]
    return CodedIds(arrays[name], table, table_at)
