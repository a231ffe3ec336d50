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
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from bot.index import Bm25Index, Ids
from bot.index_postings import BLOCK_BITS, Blocks, block_count

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
BEST_BLOCKS = 16  # blocks of the highest bounds whose passages are scored for a threshold
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Unit:
    """One question word: its index terms' segments; a `group` takes the best of them."""

    segments: list[tuple[Ids, npt.NDArray[np.float32], float, float]]  # ids, w, weight, absent
    blocks: list[Callable[[], Blocks]]  # each segment's, made on demand
    group: bool
    bound: float  # the most it adds to any passage
    floor: float  # what it adds to a passage holding none of its terms
    postings: int


@dataclass(frozen=True)
class _Bounds:
    """The most the question's words add to a passage of each block of `1 << bits` passages
    (one block: every passage): `order` the words, rarest first; `excess[i, b]` the most the
    i-th adds to a passage of block b past its floor; `spare[c, b]` the words from the c-th
    on, summed (`excess`); `base` the score of a passage holding none of them; `held[i, b]`
    the i-th word's postings in block b; `blocks` each word's segments' (None: one block)."""

    order: list[_Unit]
    excess: Floats  # words x blocks
    spare: Floats  # (words + 1) x blocks
    base: float
    held: npt.NDArray[np.intp]  # words x blocks
    bits: int
    blocks: list[list[Blocks]] | None


def top(
    index: Bm25Index,
    single: Mapping[str, float],
    groups: Sequence[Mapping[str, float]] = (),
    k: int = 10,
    dense_share: float = DENSE_SHARE,
) -> tuple[list[int], dict[int, float]] | None:
    """The k best passages for ``index.scores(single) + sum(index.best_of(g) for g in
    groups)``, best first (ties by passage order), with their scores; None when pruning
    cannot prove them."""
    units, offset = _units(index, single, groups)
    order = sorted((u for u in units if u.segments), key=lambda u: u.postings)
    if not order:
        return None
    affordable = int(
        np.searchsorted(np.cumsum([u.postings for u in order]), dense_share * index.size, "right")
    )
    # A first threshold: the k-th best full score of the passages that score best on the
    # rarest words (enough of them to hold k passages). The rarest words are essential, as
    # many as the passages holding none of them need to be proved below it; when their
    # postings are more than is affordable, the threshold is raised by the passages scoring
    # best on all the affordable words, and then, if still needed, the words are bounded
    # block by block: in each block as many of the rarest are essential as its passages
    # need, the threshold raised by the passages of the blocks of the highest bounds.
    touched: dict[int, tuple[Ids, Floats]] = {}  # the rarest words' passages, by their count

    def rarest(count: int) -> tuple[Ids, Floats]:
        if count not in touched:
            touched[count] = _touched(order[:count], index.dead)
        return touched[count]

    budget = dense_share * index.size
    bounds = _whole(order, offset)
    threshold = _threshold(units, offset, rarest, len(order), k, 1)
    essential = _essential(bounds, threshold, budget)
    if essential is None and threshold is not None and affordable > 1:
        threshold = _threshold(units, offset, rarest, len(order), k, affordable)
        essential = _essential(bounds, threshold, budget)
    if essential is None and threshold is not None:
        bounds = _bounds(order, offset, block_count(index.size))
        threshold = _highest(threshold, _best_blocks(units, offset, bounds, k, index.dead))
        essential = _essential(bounds, threshold, budget)
    if essential is None or threshold is None:
        return None
    if bounds.blocks is None:  # one block: the rarest words' passages, as for the threshold
        count = int(essential[:, 0].sum())
        docs, low = rarest(count)
        low = low + (offset + sum(u.floor for u in order[count:]))
    else:
        docs, low = _touched(_essentials(bounds, essential), index.dead)
        low += offset
    blocks = (docs >> bounds.bits).astype(np.intp)
    counted = essential.sum(axis=0)[blocks]  # how many of the rarest words `low` holds
    left = bounds.spare[counted, blocks]  # the most the other words add beyond `low`
    # The other words, the largest bound first, for the passages that may still reach the
    # threshold: each narrows them before the next is looked up, and the k-th best of what
    # is known of them raises the threshold.
    threshold = _raised(threshold, low, k)
    alive = np.flatnonzero(_reach(low, left) >= threshold)
    for at in sorted(range(len(order)), key=lambda i: -(order[i].bound - order[i].floor)):
        pending = alive[counted[alive] <= at]  # the passages this word is not counted in yet
        if not len(pending):
            continue
        low[pending] += _gain(order[at], docs[pending])
        left[pending] -= bounds.excess[at, blocks[pending]]
        threshold = _raised(threshold, low[alive], k)
        alive = alive[_reach(low[alive], left[alive]) >= threshold]
    docs = docs[alive]
    exact = _exact(units, offset, docs)
    ranked = np.lexsort((docs, -exact))[:k]
    return [int(d) for d in docs[ranked]], {
        int(d): float(s) for d, s in zip(docs[ranked], exact[ranked], strict=True)
    }


def _highest(first: float | None, second: float | None) -> float | None:
    """The higher of two thresholds (None: none found)."""
    return second if first is None else first if second is None else max(first, second)


def _raised(threshold: float, low: Floats, k: int) -> float:
    """`threshold`, or the k-th best of the lower bounds `low` if higher, lowered past their
    rounding (a lower bound sums in another order than the score it bounds)."""
    if len(low) < k:
        return threshold
    return max(threshold, (float(low[_best(low, k)].min()) - SLACK) * (1 - SLACK))


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
            return _kth(units, offset, docs, low, k)
    return None


def _best_blocks(
    units: list[_Unit], offset: float, bounds: _Bounds, k: int, dead: npt.NDArray[np.int64]
) -> float | None:
    """A score that k passages reach: the k-th best full score of the passages in the
    BEST_BLOCKS blocks of the highest bounds; None when they hold fewer than k."""
    chosen = np.zeros((len(bounds.order), bounds.spare.shape[1]), np.bool_)
    chosen[:, _best(bounds.spare[0], BEST_BLOCKS)] = True
    docs, low = _touched(_essentials(bounds, chosen), dead)
    return _kth(units, offset, docs, low, k) if len(docs) >= k else None


def _kth(units: list[_Unit], offset: float, docs: Ids, low: Floats, k: int) -> float:
    """The k-th best full score of the LIKELY * k of `docs` best on what `low` holds."""
    likely = docs if len(docs) <= LIKELY * k else np.sort(docs[_best(low, LIKELY * k)])
    known = _exact(units, offset, likely)
    return float(known[_best(known, k)].min())


def _whole(order: list[_Unit], offset: float) -> _Bounds:
    """The words' bounds over every passage (one block)."""
    floors = np.array([[u.floor] for u in order])
    excess = np.array([[u.bound] for u in order]) - floors
    spare = np.zeros((len(order) + 1, 1))
    spare[:-1, 0] = np.cumsum(excess[::-1, 0])[::-1]
    held = np.array([[u.postings] for u in order], np.intp)
    return _Bounds(order, excess, spare, offset + float(floors.sum()), held, 31, None)


def _bounds(order: list[_Unit], offset: float, blocks: int) -> _Bounds:
    """The words' bounds in each block of passages, from their terms' block maxima."""
    floors = np.array([u.floor for u in order])
    excess = np.empty((len(order), blocks))
    held = np.zeros((len(order), blocks), np.intp)
    made = []
    for at, unit in enumerate(order):
        row = excess[at]
        row.fill(unit.floor)
        made.append([blocks_of() for blocks_of in unit.blocks])
        for (_, _, weight, absent), found in zip(unit.segments, made[-1], strict=True):
            values = weight * found.maxima.astype(np.float64) + absent
            row[found.held] = np.maximum(row[found.held], values)
            held[at, found.held] += np.diff(found.starts)
    excess -= floors[:, None]  # past each word's floor: never below 0
    spare = np.zeros((len(order) + 1, blocks))
    for at in range(len(order) - 1, -1, -1):  # row by row: numpy's cumsum down columns is slower
        np.add(spare[at + 1], excess[at], out=spare[at])
    return _Bounds(order, excess, spare, offset + float(floors.sum()), held, BLOCK_BITS, made)


def _essential(
    bounds: _Bounds, threshold: float | None, budget: float
) -> npt.NDArray[np.bool_] | None:
    """Words x blocks: whether each word is essential in each block, the rarest words first,
    as many as it takes for every passage of the block holding none of them to score below
    `threshold`; None if their postings are more than `budget` (or a passage holding none of
    the words reaches it)."""
    if threshold is None or _above(bounds.base) >= threshold:
        return None
    # A passage holding none of the first c words scores at most `base + spare[c]`, which
    # falls as c grows: the words it must hold one of are those for which it does not fall
    # below the threshold.
    essential: npt.NDArray[np.bool_] = _reach(bounds.spare[:-1], bounds.base) >= threshold
    return essential if bounds.held[essential].sum() <= budget else None


def _essentials(bounds: _Bounds, chosen: npt.NDArray[np.bool_]) -> list[_Unit]:
    """The words with the postings of their `chosen` blocks only (words x blocks)."""
    units = []
    for at, unit in enumerate(bounds.order):
        if chosen[at].all():
            units.append(unit)
        elif not chosen[at].any():
            none = [(ids[:0], w[:0], weight, absent) for ids, w, weight, absent in unit.segments]
            units.append(replace(unit, segments=none))
        else:
            assert bounds.blocks is not None  # one block is either chosen or not
            units.append(_within(unit, bounds.blocks[at], chosen[at]))
    return units


def _within(unit: _Unit, blocks: list[Blocks], chosen: npt.NDArray[np.bool_]) -> _Unit:
    """`unit` with the postings of the `chosen` blocks only."""
    segments = []
    for (ids, weights, weight, absent), found in zip(unit.segments, blocks, strict=True):
        picked = np.flatnonzero(chosen[found.held])
        first, last = found.starts[picked], found.starts[picked + 1]
        sizes = last - first
        at = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        segments.append((ids[at], weights[at], weight, absent))
    return replace(unit, segments=segments)


def _best(values: Floats, k: int) -> npt.NDArray[np.intp]:
    """Where the k largest of `values` are, in no order."""
    return np.argpartition(-values, k - 1)[:k] if len(values) > k else np.arange(len(values))


def _above(bound: float) -> float:
    """A bound raised past the rounding of float32 weights and float64 sums."""
    return bound * (1 + SLACK) + SLACK


def _reach(low: Floats, left: Floats | float) -> Floats:
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
        at, held = _held(ids, docs)
        values = weight * weights[at[held]].astype(np.float64) + (absent - unit.floor)
        gain[held] = np.maximum(gain[held], values) if unit.group else gain[held] + values
    return gain


def _units(
    index: Bm25Index, single: Mapping[str, float], groups: Sequence[Mapping[str, float]]
) -> tuple[list[_Unit], float]:
    units: list[_Unit] = []
    offset = 0.0
    for term, weight in single.items():  # the order of Bm25Index.scores
        found = index.segments(term)
        if found is None:
            continue
        segments, absent = found
        offset += weight * absent
        bound = _above(weight * max(s[3] for s in segments))
        spans = [(ids, weights, weight * factor, 0.0) for ids, weights, factor, *_ in segments]
        postings = sum(len(s[0]) for s in segments)
        units.append(_Unit(spans, [s[4] for s in segments], False, bound, 0.0, postings))
    for alternatives in groups:  # of Bm25Index.best_of
        spans, blocks = [], []
        floor, bound = 0.0, 0.0
        for term, weight in alternatives.items():
            found = index.segments(term)
            if found is None:
                continue
            segments, absent = found
            floor = max(floor, weight * absent)
            top_weight = max(s[3] for s in segments)
            bound = max(bound, _above(weight * top_weight + weight * absent))
            for ids, w, factor, _, held in segments:
                spans.append((ids, w, weight * factor, weight * absent))
                blocks.append(held)
        postings = sum(len(ids) for ids, *_ in spans)
        units.append(_Unit(spans, blocks, True, max(bound, floor), floor, postings))
    return units, offset


def _exact(units: list[_Unit], offset: float, docs: Ids) -> Floats:
    """The dense scores of `docs`, by the same float operations in the same order."""
    scores = np.zeros(len(docs))
    groups = []
    for unit in units:
        if unit.group:
            groups.append(unit)
            continue
        for ids, weights, weight, _ in unit.segments:
            at, held = _held(ids, docs)
            scores[held] += weight * weights[at[held]]  # float32, as `scores` computes it
    if offset:
        scores += offset
    for unit in groups:
        best = np.full(len(docs), unit.floor)
        for ids, weights, weight, absent in unit.segments:
            at, held = _held(ids, docs)
            values = weight * weights[at[held]].astype(np.float64) + absent
            best[held] = np.maximum(best[held], values)
        scores += best
    return scores


def _held(ids: Ids, docs: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Where each of `docs` is in a term's ascending postings, and whether it is there."""
    at = np.searchsorted(ids, docs)
    np.minimum(at, len(ids) - 1, out=at)
    return at, ids[at] == docs
