"""The k best BM25 passages without scoring every posting (MaxScore, in numpy).

`Bm25Index.scores` adds every posting of every question word into a dense
array: a common word's tens of thousands of postings cost most of a
question. But a word's contribution to any passage is at most its largest
weight, so: score only the passages that hold one of the words with short
postings ("essential"), and stop as soon as the k-th best of them beats the
best score any other passage could reach (the constant part plus the bounds
of the other words). A word with alternatives (stems, relations, close
spellings: `best_of`) is one unit: its bound is its best alternative's, and
what it adds to a passage is the best of its alternatives there. The other
words are looked up only for the passages that may still reach the top, by
binary search in their postings, so their long lists are never read whole,
and the accumulators hold the touched passages only, never one slot per
passage. When the proof fails (every word common), the caller scores densely.

Scores are computed in the same order of float operations as `scores` and
`best_of`, so they are equal to the dense ones bit for bit, and so is the
top: the k highest, ties by passage order (as bot.answering.candidates.top).

A large index loads the same MaxScore compiled (bot/topk_kernels.py, `load_kernels`),
which walks the words' postings instead of numpy's passes over them: the same top and
floats, a third to a half of the time at 1M passages (docs/performance.md).
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.index import (
    NO_WEIGHTS,
    Bm25Index,
    Bm25Params,
    Counts,
    Ids,
    MaximaMaker,
    Segment,
    WindowMaxima,
)
from bot.index_postings import bm25_codes

SLACK = 1e-6  # float32 weights: a bound is raised by this share to stay an upper bound
DENSE_SHARE = 0.125  # essential postings beyond this share of the passages: score densely
# Times k: the passages scored in full for a first threshold. The k best on the rarest word
# alone are rarely the k best in all: 40 of them proved 149 of 300 tops at 1M, 1,000 proved
# 185 (4,000: 191), and a new question's top took a median 6.9 ms of CPU against 11.3
# (docs/performance.md).
LIKELY = 100
# Below this many passages the dense scores are cheaper: on `bench`'s new questions, CPU
# medians of the top 10, all-passage scores and their top against MaxScore forced took 0.72
# against 1.37 ms at 100k passages and 14.3 against 6.9 ms at 1M (docs/performance.md); the
# ratio crosses 1 near 300k when interpolated on a log scale, not measured in between.
PRUNE_FROM = 300_000
# The lists whose weights' maxima in each of the compiled kernel's windows bound them there
# (kept: 4 bytes a window, ~1 KiB a term at 1M passages).
WINDOW_MAXIMA_FROM = 4096
MERGE_COST = 3.5  # a merged item against a binary search's step (`_pairs`): ~7 ns against ~2
Floats = npt.NDArray[np.float64]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Unit:
    """One question word: its index terms' segments; a `group` takes the best of them."""

    segments: list[tuple[Ids, npt.NDArray[np.float32], float, float]]  # ids, w, weight, absent
    group: bool
    bound: float  # the most it adds to any passage
    floor: float  # what it adds to a passage holding none of its terms
    postings: int
    tops: list[float]  # each segment's most: weight × its largest weight (+ absent in a group)
    maxima: list[WindowMaxima | None]  # each segment's weights' maxima by window, if kept
    # each segment's counts where the compiled kernel computes its weights (then empty), if so
    counts: list[Counts | None]


def top(
    index: Bm25Index,
    single: Mapping[str, float],
    groups: Sequence[Mapping[str, float]] = (),
    k: int = 10,
    dense_share: float = DENSE_SHARE,
) -> tuple[list[int], dict[int, float]] | None:
    """The k best passages for ``index.scores(single) + sum(index.best_of(g) for g in
    groups)``, best first (ties by passage order), with their scores; None when pruning
    cannot prove them. By the compiled kernel once `load_kernels` has loaded it (a large
    index's; it reads words in windows, so `dense_share` is numpy's alone), else numpy's."""
    # read once, together: the background preparation sets them while questions are answered
    kernel, maker = _Compiled.maxscore, _Compiled.maxima
    if kernel is None or maker is None:
        kernel = maker = None
    units, offset = _units(index, single, groups, maker)
    if kernel is not None:
        if all(type(weight) is float for u in units for _, _, weight, _ in u.segments):
            return _compiled_top(kernel, units, offset, index.dead, k)
        # a NumPy scalar weight would make numpy's products float64 (`summed_postings`):
        # numpy's MaxScore, which reads every segment's weights
        units, offset = _units(index, single, groups)
    order = sorted((u for u in units if u.segments), key=lambda u: u.postings)
    affordable = int(
        np.searchsorted(np.cumsum([u.postings for u in order]), dense_share * index.size, "right")
    )
    # A first threshold: the k-th best full score of the passages that score best on the
    # rarest words (enough of them to hold k passages). The rarest words are essential, as
    # many as the passages holding none of them need to be proved below it; when that is
    # more than is affordable, the threshold is raised by the passages scoring best on all
    # the affordable ones.
    touched: dict[int, tuple[Ids, Floats]] = {}  # the rarest words' passages, by their count

    def rarest(count: int) -> tuple[Ids, Floats]:
        if count not in touched:
            touched[count] = _touched(order[:count], index.dead)
        return touched[count]

    threshold = _threshold(units, offset, rarest, len(order), k, 1)
    count = _essential(order, offset, threshold, affordable)
    if count is None and threshold is not None and affordable > 1:
        threshold = _threshold(units, offset, rarest, len(order), k, affordable)
        count = _essential(order, offset, threshold, affordable)
    if count is None or threshold is None:
        return None
    rest = order[count:]
    docs, low = rarest(count)
    low = low + (offset + sum(u.floor for u in rest))  # a lower bound of each one's score
    rest.sort(key=lambda u: -(u.bound - u.floor))
    left = sum(u.bound - u.floor for u in rest)  # the most the other words add beyond `low`
    # The other words, the largest bound first, for the passages that may still reach the
    # threshold: each narrows them before the next is looked up.
    keep = _reach(low, left) >= threshold
    docs, low = docs[keep], low[keep]
    for unit in rest:
        left -= unit.bound - unit.floor
        low += _gain(unit, docs)
        keep = _reach(low, left) >= threshold
        docs, low = docs[keep], low[keep]
    exact = _exact(units, offset, docs)
    ranked = np.lexsort((docs, -exact))[:k]
    return [int(d) for d in docs[ranked]], {
        int(d): float(s) for d, s in zip(docs[ranked], exact[ranked], strict=True)
    }


def _threshold(
    units: list[_Unit],
    offset: float,
    rarest: Callable[[int], tuple[Ids, Floats]],
    words: int,
    k: int,
    count: int,
) -> float | None:
    """A score that k passages reach: the k-th best full score of the passages that score
    best on the `count` rarest words (or more, until k passages hold one); None when no k
    passages hold any."""
    for first in range(count, words + 1):
        docs, low = rarest(first)
        if len(docs) >= k:
            likely = docs if len(docs) <= LIKELY * k else np.sort(docs[_best(low, LIKELY * k)])
            known = _exact(units, offset, likely)
            return float(known[_best(known, k)].min())
    return None


def _essential(
    order: list[_Unit], offset: float, threshold: float | None, affordable: int
) -> int | None:
    """How many of the rarest words must be essential for every passage holding none of them
    to score below `threshold`; None if more than `affordable`."""
    if threshold is None:
        return None
    floors, bounds = 0.0, sum(u.bound for u in order)
    for count, unit in enumerate(order[:affordable], start=1):
        floors, bounds = floors + unit.floor, bounds - unit.bound
        if _above(offset + floors + bounds) < threshold:
            return count
    return None


def _best(values: Floats, k: int) -> npt.NDArray[np.intp]:
    """Where the k largest of `values` are, in no order."""
    return np.argpartition(-values, k - 1)[:k] if len(values) > k else np.arange(len(values))


def _above(bound: float) -> float:
    """A bound raised past the rounding of float32 weights and float64 sums."""
    return bound * (1 + SLACK) + SLACK


def _reach(low: Floats, left: float) -> Floats:
    """The most each passage can score: what is known of it, plus `left`, raised (`_above`)."""
    return (low + left) * (1 + SLACK) + SLACK


def _touched(essential: list[_Unit], dead: npt.NDArray[np.int64]) -> tuple[Ids, Floats]:
    """The passages holding an essential word (tombstoned ones left out), ascending, and
    what the essential words add to each (each word's floor included)."""
    segments = [ids for u in essential for ids, *_ in u.segments]
    docs, places = _union(segments)
    low = np.zeros(len(docs))
    for unit in essential:
        if not unit.group:
            for _, weights, weight, _ in unit.segments:
                low[next(places)] += weight * weights.astype(np.float64)
            continue
        best = np.full(len(docs), unit.floor)
        for _, weights, weight, absent in unit.segments:
            at = next(places)
            best[at] = np.maximum(best[at], weight * weights.astype(np.float64) + absent)
        low += best
    if len(dead):
        live = ~np.isin(docs, dead)
        docs, low = docs[live], low[live]
    return docs, low


def _union(segments: list[Ids]) -> tuple[Ids, Iterator[npt.NDArray[np.intp] | slice]]:
    """The passages of ascending `segments`, ascending and once each, and where each
    segment's passages are among them, segment by segment: from one stable sort of them all
    (timsort merges the sorted runs), not a binary search of every posting."""
    if len(segments) == 1:
        return segments[0], iter([slice(None)])
    every = np.concatenate(segments)
    order = every.argsort(kind="stable")
    ranked = every[order]
    first = np.empty(len(ranked), np.bool_)
    first[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=first[1:])
    places = np.empty(len(every), np.intp)
    places[order] = np.cumsum(first) - 1
    edges = np.cumsum([0, *map(len, segments)])
    return ranked[first], (places[a:b] for a, b in itertools.pairwise(edges))


def _gain(unit: _Unit, docs: Ids) -> Floats:
    """What `unit` adds to each of `docs` beyond its floor."""
    gain = np.zeros(len(docs))
    for ids, weights, weight, absent in unit.segments:
        held, at = _pairs(ids, docs)
        values = weight * weights[at].astype(np.float64) + (absent - unit.floor)
        gain[held] = np.maximum(gain[held], values) if unit.group else gain[held] + values
    return gain


def _units(
    index: Bm25Index,
    single: Mapping[str, float],
    groups: Sequence[Mapping[str, float]],
    maker: MaximaMaker | None = None,  # the compiled kernel's: its words' maxima by window
) -> tuple[list[_Unit], float]:
    """The question's words as units; for the compiled kernel (a `maker`), with the long
    lists' maxima by window and, where it computes the weights, their counts, not weights."""
    units: list[_Unit] = []
    offset = 0.0
    weighed = maker is None
    for term, weight in single.items():  # the order of Bm25Index.scores
        found = index.segments(term, weighed)
        if found is None:
            continue
        segments, absent = found
        offset += weight * absent
        bound = _above(weight * max(s[3] for s in segments))
        spans = [(ids, weights, weight * factor, 0.0) for ids, weights, factor, _ in segments]
        tops = [weight * s[3] for s in segments]
        maxima, counts = _maxima(index, term, segments, maker)
        postings = sum(len(s[0]) for s in segments)
        units.append(_Unit(spans, False, bound, 0.0, postings, tops, maxima, counts))
    for alternatives in groups:  # of Bm25Index.best_of
        spans, tops, maxima, counts = [], [], [], []
        floor, bound = 0.0, 0.0
        for term, weight in alternatives.items():
            found = index.segments(term, weighed)
            if found is None:
                continue
            segments, absent = found
            floor = max(floor, weight * absent)
            top_weight = max(s[3] for s in segments)
            bound = max(bound, _above(weight * top_weight + weight * absent))
            spans += [(ids, w, weight * factor, weight * absent) for ids, w, factor, _ in segments]
            tops += [weight * s[3] + weight * absent for s in segments]
            term_maxima, term_counts = _maxima(index, term, segments, maker)
            maxima += term_maxima
            counts += term_counts
        postings = sum(len(ids) for ids, *_ in spans)
        units.append(_Unit(spans, True, max(bound, floor), floor, postings, tops, maxima, counts))
    return units, offset


def _maxima(
    index: Bm25Index, term: str, segments: list[Segment], maker: MaximaMaker | None
) -> tuple[list[WindowMaxima | None], list[Counts | None]]:
    """Each segment's weights' maxima by the kernel's window, where kept (`Bm25Index.
    window_maxima`: a list in `WINDOW_MAXIMA_FROM` passages or more) and `maker` makes them
    (the compiled kernel is loaded), else None; and its counts where the kernel computes its
    weights (`Bm25Index.counts`), else None."""
    if maker is None:
        return [None] * len(segments), [None] * len(segments)
    return index.window_maxima(term, WINDOW_MAXIMA_FROM, maker), index.counts(term)


def _exact(units: list[_Unit], offset: float, docs: Ids) -> Floats:
    """The dense scores of `docs`, by the same float operations in the same order."""
    scores = np.zeros(len(docs))
    groups = []
    for unit in units:
        if unit.group:
            groups.append(unit)
            continue
        for ids, weights, weight, _ in unit.segments:
            held, at = _pairs(ids, docs)
            scores[held] += weight * weights[at]  # float32, as `scores` computes it
    if offset:
        scores += offset
    for unit in groups:
        best = np.full(len(docs), unit.floor)
        for ids, weights, weight, absent in unit.segments:
            held, at = _pairs(ids, docs)
            values = weight * weights[at].astype(np.float64) + absent
            best[held] = np.maximum(best[held], values)
        scores += best
    return scores


def _pairs(ids: Ids, docs: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The passages of `docs` that a term's postings `ids` hold (both ascending, each passage
    once), as their places among `docs` and among `ids`, ascending: by whichever of three
    searches costs least for their lengths (the same pairs either way). A binary search of
    each of `docs` in `ids` costs ~2 ns a step of log2(len(ids)), of each posting in `docs`
    the same the other way, one stable sort of the two ascending runs (a merge) ~7 ns an
    item: so a short list (a rare alternative) is searched for in many passages, not they
    in it, and lists of like lengths are merged (timed at 100 to 655,000 items,
    docs/performance.md, fourteenth round)."""
    searched = len(docs) * math.log2(len(ids) + 2)  # each of docs in ids
    flipped = len(ids) * math.log2(len(docs) + 2)  # each posting in docs
    if MERGE_COST * (len(ids) + len(docs)) < min(searched, flipped):
        every = np.concatenate([docs, ids])  # two ascending runs: a stable sort merges them
        order = every.argsort(kind="stable")
        ranked = every[order]
        same = ranked[1:] == ranked[:-1]  # a passage twice: in docs, then (stable) in ids
        return order[:-1][same], order[1:][same] - len(docs)
    if flipped < searched:
        at = docs.searchsorted(ids)
        np.minimum(at, len(docs) - 1, out=at)
        found = docs[at] == ids
        return at[found], found.nonzero()[0]
    at = ids.searchsorted(docs)
    np.minimum(at, len(ids) - 1, out=at)
    found = ids[at] == docs
    return found.nonzero()[0], at[found]


class _Compiled:
    """bot/topk_kernels.py's MaxScore once `load_kernels` has it; None: numpy's."""

    maxscore: Callable[..., tuple[Ids, Floats, bool]] | None = None
    maxima: MaximaMaker | None = None  # its words' weights' maxima by window, made


_LOADING = threading.Lock()


def load_kernels() -> bool:
    """Loads the compiled MaxScore (bot/topk_kernels.py) for `top`, compiling it the first
    time (~11 s of CPU; numba keeps it in `__pycache__` beside the module, else in the
    user's cache directory, or where NUMBA_CACHE_DIR says). Called by a large index's
    background preparation: questions meanwhile take numpy's MaxScore, which stays when
    numba is not installed or has nowhere to keep compiled code (False, logged).

    One thread at a time, and once: two preparations at once (a start's background one and
    a reload's, or a caller's own `prepare()` beside the start's, as bench and the timing
    scripts do) each made the kernels' first calls. (The twentieth round's crashes in those
    first calls and at exit were not the two threads but the probe's runs: `_PROBE_RUNS`.)"""
    with _LOADING:
        if _Compiled.maxscore is not None and _Compiled.maxima is not None:
            return True
        return _loaded()


def _loaded() -> bool:
    try:
        from bot import topk_kernels
    except ImportError:
        return False
    except RuntimeError as error:  # numba: "cannot cache function ...: no locator available"
        log.warning("numpy's MaxScore kept: %s", error)
        return False

    def maxima(ids: Ids, weights: npt.NDArray[np.float32] | Counts, size: int) -> WindowMaxima:
        if isinstance(weights, Counts):
            codes, first, idf, weighing, runs = weights
            if runs is not None:  # `ids` are the low bits: decoded in the compiled code
                starts, high = _runs_holding(runs, first, len(ids))
                at = np.array([_address(starts), _address(high)], np.int64)
                split: WindowMaxima = topk_kernels.split_maxima(
                    ids, first, at, len(high), codes, idf, weighing, size
                )
                return split
            made: WindowMaxima = topk_kernels.counted_maxima(ids, codes, first, idf, weighing, size)
            return made
        plain: WindowMaxima = topk_kernels.window_maxima(ids, weights, size)
        return plain

    # A first call of each compiles or loads it: a segment with weights and one with counts
    one = np.zeros(1, np.int32), np.ones(1, np.float32)
    counted = Counts(np.zeros(1, np.uint8), 0, 1.0, _UNWEIGHED)
    segments = [(*one, 1.0, 0.0), (one[0], NO_WEIGHTS, 1.0, 0.0)]
    probe = _Unit(segments, False, _above(2.0), 0.0, 2, [1.0] * 2, [None] * 2, [None, counted])
    _compiled_top(topk_kernels.maxscore, [probe], 0.0, np.empty(0, np.int64), 1)
    maxima(*one, 1), maxima(one[0], counted, 1)
    low = np.zeros(1, np.uint16)
    low.setflags(write=False)  # as a saved index's mapped low bits
    maxima(cast(Ids, low), counted._replace(runs=_PROBE_RUNS), 1)  # low bits, as `_read` gives
    _Compiled.maxscore, _Compiled.maxima = topk_kernels.maxscore, maxima
    return True


def _runs_holding(
    runs: tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]], first: int, count: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint16]]:
    """`runs` (a split index's starts and high bits) as `split_maxima` reads them by address,
    when they are what it views there (contiguous int32 starts, one more than the uint16
    high bits) and hold the postings `first` to `first + count`; else ValueError. The kernel
    reads them without bounds checks: a run looked for past them is whatever memory lies
    beyond, and the window of the id decoded from it is written out of the maxima's array."""
    starts, high = runs
    if (
        starts.dtype != np.int32
        or high.dtype != np.uint16
        or starts.ndim != 1
        or len(starts) != len(high) + 1
        or (count > 0 and not 0 <= int(starts[0]) <= first < first + count <= int(starts[-1]))
    ):
        ends = f"{starts[:1].tolist()}..{starts[-1:].tolist()}"
        raise ValueError(
            f"split runs ({starts.dtype} starts {ends}, {len(high)} {high.dtype} high bits) "
            f"do not hold postings {first} to {first + count}"
        )
    return np.ascontiguousarray(starts), np.ascontiguousarray(high)


def _compiled_top(
    maxscore: Callable[..., tuple[Ids, Floats, bool]],
    units: list[_Unit],
    offset: float,
    dead: npt.NDArray[np.int64],
    k: int,
) -> tuple[list[int], dict[int, float]] | None:
    """`top` by the compiled MaxScore: the units' postings passed by address (they stay
    held here meanwhile), as C-ordered int32 ids, or a split index's low bits (uint16) with
    its runs, and float32 weights, or pair codes (bytes) with their first place where the
    kernel computes the weights (an address of 0 for the others), and their weights' maxima
    by window where kept."""
    segments = [s for u in units for s in u.segments]
    counts = [c for u in units for c in u.counts]
    held: list[npt.NDArray[Any]] = []  # by segment: ids, weights, codes
    empty = np.empty(0, np.uint8)
    runs = _NO_RUNS
    for (ids, weights, _, _), counted in zip(segments, counts, strict=True):
        if counted is not None and counted.runs is not None:  # split: the low bits (uint16)
            held.append(np.ascontiguousarray(ids))
            runs = counted.runs
        else:
            held.append(np.ascontiguousarray(ids, np.int32))
        if counted is None:
            held += (np.ascontiguousarray(weights, np.float32), empty)
        else:
            held += (NO_WEIGHTS, np.ascontiguousarray(counted.codes))
    # an address of 0 where a segment has none (its weights, or its codes)
    at = np.array([_address(a) if len(a) else 0 for a in held], np.int64)
    maxima = [m for u in units for m in u.maxima]
    tables = [np.ascontiguousarray(m, np.float32) for m in maxima if m is not None]
    table_at = iter([t.__array_interface__["data"][0] for t in tables])
    weighing = next((c.weighing for c in counts if c is not None), _UNWEIGHED)
    starts, high = (np.ascontiguousarray(a) for a in runs)
    tops, scores, proved = maxscore(  # contiguous arrays: the one signature load_kernels made
        at[0::3].copy(),
        np.array([-1 if c is None or c.runs is None else c.at for c in counts], np.int64),
        np.array([_address(starts), _address(high)], np.int64),
        len(high),
        at[1::3].copy(),
        at[2::3].copy(),
        np.array([-1 if c is None else c.at for c in counts], np.int64),
        np.array([0.0 if c is None else c.idf for c in counts], np.float64),
        weighing,
        np.array([len(ids) for ids, *_ in segments], np.int64),
        np.array([s[2] for s in segments], np.float64),
        np.array([s[3] for s in segments], np.float64),
        np.array([top for u in units for top in u.tops], np.float64),
        np.array([0 if m is None else next(table_at) for m in maxima], np.int64),
        np.array([0 if m is None else len(m) for m in maxima], np.int64),
        np.cumsum([0, *(len(u.segments) for u in units)], dtype=np.int64),
        np.array([u.group for u in units], np.bool_),
        np.array([u.floor for u in units], np.float64),
        np.array([u.bound - u.floor for u in units], np.float64),
        offset,
        dead,
        k,
    )
    if not proved:
        return None
    return [int(d) for d in tops], {int(d): float(s) for d, s in zip(tops, scores, strict=True)}


def _address(array: npt.NDArray[Any]) -> int:
    """Where a C-ordered array's first item is (the kernel views it there)."""
    found: int = array.__array_interface__["data"][0]
    return found


# The split ids' runs the kernel reads when no segment's ids are split (never read)
_NO_RUNS = (np.zeros(2, np.int32), np.zeros(1, np.uint16))
# The runs of `load_kernels`' probe of `split_maxima`: one run, high bits 0, holding its one
# posting (place 0). It was given `_NO_RUNS`, whose one run holds none: in every process that
# loaded the kernels, the kernel looked for the posting's run past them, and where the bytes
# there were not zero it decoded an id from them and wrote 1.0f (0x3f800000) that many
# windows past a one-window array, up to 2 MiB out: the twentieth round's segmentation
# faults and LLVM's assertions at exit (docs/performance.md, "Crashes while measuring").
_PROBE_RUNS = (np.array([0, 1], np.int32), np.zeros(1, np.uint16))
# The kernel's weighing argument when no segment is weighed from its counts (never read):
# the types of `Bm25Index._weighing`'s
_UNWEIGHED = (
    np.ones(1, np.int16),
    np.ones(2),
    np.ones((1, 3)),
    bm25_codes(Bm25Params()),
    np.full(1, np.iinfo(np.int64).max),
)
