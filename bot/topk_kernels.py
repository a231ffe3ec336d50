"""bot/topk.py's MaxScore compiled (numba): a large index's top k a few ns a posting.

Imported only by `topk.load_kernels`, in a large index's background preparation:
numba's import costs ~0.5 s and tens of MiB, which a small index never pays.

`maxscore` takes the passages in windows of `WINDOW`, ascending, as Lucene's
MaxScore takes them one by one: the words (units: a one-term word, or a word
with alternatives whose best counts) whose bounds sum below the k-th best score
so far are not walked, so a passage is a candidate only if it holds a walked
word. A word's bound in a window is its largest weight there where its list's
maxima by window are kept (`Bm25Index.window_maxima`: long lists), else its largest
weight in the whole list (a word with alternatives: the best of theirs, at least its
floor), so the walked words are chosen window by window, a window whose bounds
sum below the k-th best is not read at all, and a word with no posting in the
window is not read there. The walked words' postings in the window are read in turn into each
word's values there, and what they add beyond their floors into one sum per place, which
the candidates' first test reads (without a branch on its outcome); the others are
merged in for the candidates that may still
reach the k-th best, the largest bound first, each segment read in turn or its
candidates searched for (galloping), whichever reads less (`LOOK`). A surviving
candidate's score is then computed by the float operations of `Bm25Index.scores`
and `best_of` in their order (float32 products for a one-term word, summed in
float64 from 0.0 word by word; the constant part; then each word with
alternatives adding the best of ``weight * w + absent``, its floor where none
holds the passage), so the scores, and so the top (ties by passage order), equal
the dense ones bit for bit (tests/test_topk_kernels.py). After the window the walked
words' values are emptied where their postings are (read again, from the cache), the
merged words' where the candidates were.

The postings arrive as addresses (`_pointer`): one call takes any number of a
question's arrays, without copying them and without a compiled variant per count. A
segment's weights are saved ones, or, where a large saved index keeps none, computed from
each posting's (frequency, length) pair code as it is read (`_weight`: the build's float
operations, bit for bit); the loops are written out for each (`_walk_counted`,
`_merge_counted`), as one loop testing which cost 10-25% on saved weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numba
import numpy as np
from numba import types
from numba.core import cgutils
from numba.cpython.unsafe.numbers import trailing_zeros
from numba.extending import intrinsic

from bot.split_ids import SHIFT

SLACK = 1e-6  # as bot/topk.py's: a bound raised by this share stays an upper bound
WINDOW = 4096  # passages walked at once: their values (32 KiB a word) stay in the cache
_END = np.iinfo(np.int64).max  # no window left
_TINY = np.float32(np.finfo(np.float32).tiny)  # a window's maximum where its weights are <= 0
LOOK = 16  # a candidate searched for in a segment costs as many postings read in turn
ESCAPE = 255  # a pair code that none of the coded pairs has (index_postings.ESCAPE)
ESCAPED_BITS = 16  # an escaped posting's place and frequency as one number (`Counts.weighing`)
_ESCAPED = (1 << ESCAPED_BITS) - 1
# SHIFT (bot/split_ids.py's): a split id's low bits; a window lies in one run's 65,536
_LOW = (1 << SHIFT) - 1


F = TypeVar("F", bound=Callable[..., Any])
# numba's decorators, typed: the kernels' arrays are Any to mypy (numba has no array types)
_compiled: Callable[[F], F] = numba.njit(cache=True, nogil=True)
# The helpers are inlined into `maxscore` by numba itself, before LLVM: compiled as functions
# of their own, each call passed its arrays by numba's calling convention (a dropped
# candidate's `_clear` in the merges was a call of 14 arguments, `_merge` took references
# to its arrays), which cost 10-13% of the kernel at 1M (docs/performance.md, seventeenth round).
_inlined: Callable[[F], F] = numba.njit(cache=True, nogil=True, inline="always")


def _address(typingctx: Any, address: Any) -> Any:
    """An int64 address as a pointer that `numba.carray` views (arrays the caller holds)."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.inttoptr(args[0], cgutils.voidptr_t)

    return types.voidptr(types.int64), codegen


_pointer: Callable[[int], Any] = intrinsic(_address)


@_compiled
def maxscore(
    ids_at: Any,  # int64[S]: each segment's passage ids (int32, ascending) by address, or
    # where split (`offsets`) their low 16 bits (uint16)
    offsets: Any,  # int64[S]: -1 (int32 ids), else its first posting's place in the split ids
    runs_at: Any,  # int64[2]: the split ids' runs by address: starts (int32), high bits (uint16)
    run_count: int,  # how many runs
    weights_at: Any,  # int64[S]: its weights (float32) by address; 0: weighed from its counts
    codes_at: Any,  # int64[S]: else its pair codes (uint8) by address; 0: it has weights
    firsts: Any,  # int64[S]: and its first posting's place in the index (its escapes' by it)
    idfs: Any,  # float64[S]: a segment weighed from its counts: its term's IDF
    weighing: Any,  # what weighs the codes (`Counts.weighing`: lengths, norms, pairs, bm25,
    # the escaped postings' places and frequencies as one number each)
    lengths: Any,  # int64[S]
    factors: Any,  # float64[S]: the weight a segment's weights are multiplied by
    adds: Any,  # float64[S]: added to a word with alternatives' products (its absent-score)
    tops: Any,  # float64[S]: the most a segment's posting is worth (factor × largest + add)
    maxima_at: Any,  # int64[S]: its weights' maxima by window (float32) by address, if kept
    runs: Any,  # int64[S]: how many windows they cover (0: not kept)
    first: Any,  # int64[U + 1]: unit u's segments are first[u] to first[u + 1]
    group: Any,  # bool[U]: a word with alternatives (the best of them), else summed
    floor: Any,  # float64[U]: what a unit adds to a passage holding none of its terms
    gain: Any,  # float64[U]: the most it adds beyond its floor (raised past rounding)
    offset: float,  # the one-term words' absent-scores
    dead: Any,  # int64, ascending: tombstoned passages, never in the top
    k: int,
) -> tuple[Any, Any, bool]:
    """The k best passages (ties by passage order) and their scores, best first; False when
    fewer than k passages hold a word above the score of one holding none (the caller
    then scores every passage)."""
    count_s, count_u = len(lengths), len(group)
    plain = [  # empty where split
        numba.carray(_pointer(ids_at[s]), lengths[s] if offsets[s] < 0 else 0, np.int32)
        for s in range(count_s)
    ]
    halves = [
        numba.carray(_pointer(ids_at[s]), lengths[s] if offsets[s] >= 0 else 0, np.uint16)
        for s in range(count_s)
    ]
    starts = numba.carray(_pointer(runs_at[0]), run_count + 1, np.int32)
    high = numba.carray(_pointer(runs_at[1]), run_count, np.uint16)
    run = np.zeros(count_s, np.int64)  # a split segment's run at its last place read
    for s in range(count_s):
        if offsets[s] >= 0:
            run[s] = np.searchsorted(starts, offsets[s], side="right") - 1
    split = (offsets, starts, high, run)
    weights = [  # empty where weighed from the counts (an address of 0): `weighed` below
        numba.carray(_pointer(weights_at[s]), lengths[s] if weights_at[s] else 0, np.float32)
        for s in range(count_s)
    ]
    codes = [
        numba.carray(_pointer(codes_at[s]), lengths[s] if codes_at[s] else 0, np.uint8)
        for s in range(count_s)
    ]
    maxima = [numba.carray(_pointer(maxima_at[s]), runs[s], np.float32) for s in range(count_s)]
    bounds = (factors, adds, tops, maxima)
    order = np.argsort(gain, kind="mergesort")  # the least bound first
    below = np.zeros(count_u + 1)  # below[j]: the bounds of order[:j] summed
    for j in range(count_u):
        below[j + 1] = below[j] + gain[order[j]]
    base = offset + floor.sum()  # a lower bound's start: every floor (for bounds only)
    empty = np.where(group, -np.inf, 0.0)  # a unit's value where none of its terms is
    values = np.empty((count_u, WINDOW))  # each unit's value at each place of the window
    for u in range(count_u):
        values[u] = empty[u]
    held = np.zeros(WINDOW // 64, np.uint64)  # the window's places holding a walked word
    places = np.empty(WINDOW, np.int64)  # the candidates' places in the window
    low = np.empty(WINDOW)  # and what is known of their scores (for bounds: any float order)
    sums = np.zeros(WINDOW)  # at each place, what the walked units add beyond their floors
    at = np.zeros(count_s, np.int64)  # each segment's next posting
    near = np.empty(count_u)  # each unit's bound in the window (beyond its floor)
    there = np.empty(count_u, np.bool_)  # whether it may hold a passage of the window
    rank = np.empty(count_u, np.int64)  # the units by `near`, the least first
    under = np.zeros(count_u + 1)  # under[j]: `near` of rank[:j] summed
    lo = np.zeros(count_s, np.int64)  # each walked segment's first posting in the window
    tops_k = np.full(k, -1, np.int64)
    scores = np.full(k, -np.inf)
    found, threshold, lazy, done = 0, -np.inf, 0, 0  # order[:lazy] are in no window's walk
    while True:
        start = _END  # the next window: the first holding a walkable unit's posting left
        for j in range(lazy, count_u):
            for s in range(first[order[j]], first[order[j] + 1]):
                if offsets[s] < 0:
                    at[s] = _seek(plain[s], at[s], lengths[s], done)
                    if at[s] < lengths[s]:
                        start = min(start, plain[s][at[s]] // WINDOW * WINDOW)
                else:
                    at[s] = _seek_split(s, halves[s], at[s], lengths[s], done, split)
                    if at[s] < lengths[s]:
                        start = min(start, _id_at(s, halves[s], at[s], split) // WINDOW * WINDOW)
        if start == _END:
            break
        done = start + WINDOW
        _window_bounds(start // WINDOW, first, group, floor, gain, bounds, near, there)
        _rank(near, rank)
        for j in range(count_u):
            under[j + 1] = under[j] + near[rank[j]]
        walked = 0  # rank[walked:] are walked in this window, the others merged in
        while walked < count_u and _reach(base, under[walked + 1]) < threshold:
            walked += 1
        if walked == count_u:  # no passage of the window reaches the k-th best
            continue
        for j in range(walked, count_u):
            u = rank[j]
            if there[u]:
                for s in range(first[u], first[u + 1]):
                    sources = weights[s], codes[s], firsts[s], idfs[s], weighing
                    bound = factors[s], adds[s]
                    if offsets[s] < 0:
                        i = _seek(plain[s], at[s], lengths[s], start)
                        at[s] = _seek(plain[s], i, lengths[s], done)
                        in_window = plain[s][i : at[s]], start, bound
                        _walk_any(u, start, in_window, i, sources, group, floor, values, held, sums)
                    else:
                        i = _seek_split(s, halves[s], at[s], lengths[s], start, split)
                        at[s] = _seek_split(s, halves[s], i, lengths[s], done, split)
                        in_window = halves[s][i : at[s]], start & _LOW, bound
                        _walk_any(u, start, in_window, i, sources, group, floor, values, held, sums)
                    lo[s] = i
        count = 0  # the places holding one, ascending, that may reach the threshold
        for word in range(WINDOW // 64):
            bits, chosen = held[word], np.uint64(0)
            while bits:  # without a branch on the test: its outcome is unpredictable
                bit = trailing_zeros(bits)
                bits &= bits - np.uint64(1)
                p = word * 64 + bit
                known = base + sums[p]
                sums[p] = 0.0
                reach = _reach(known, under[walked]) >= threshold
                places[count], low[count] = p, known
                count += reach
                chosen |= np.uint64(reach) << np.uint64(bit)
            held[word] = chosen  # the dropped places' values are emptied after the window
        for j in range(walked - 1, -1, -1):  # the others, the largest bound first
            if count == 0:
                break
            u = rank[j]
            if there[u]:  # else none of its postings is in the window: nothing to read
                for s in range(first[u], first[u + 1]):
                    sources = weights[s], codes[s], firsts[s], idfs[s], weighing
                    bound = factors[s], adds[s]
                    present = places[:count]
                    if offsets[s] < 0:
                        i = _seek(plain[s], at[s], lengths[s], start)
                        at[s] = _seek(plain[s], i, lengths[s], done)
                        in_window = plain[s][i : at[s]], start, bound
                        _merge_any(u, start, present, held, in_window, i, sources, group, values)
                    else:
                        i = _seek_split(s, halves[s], at[s], lengths[s], start, split)
                        at[s] = _seek_split(s, halves[s], i, lengths[s], done, split)
                        in_window = halves[s][i : at[s]], start & _LOW, bound
                        _merge_any(u, start, present, held, in_window, i, sources, group, values)
            kept = 0
            for c in range(count):
                p = places[c]
                known = low[c] + _gain(u, values[u, p], group, floor)
                if _reach(known, under[j]) >= threshold:
                    places[kept], low[kept] = p, known
                    kept += 1
                else:
                    _clear(p, rank, j, walked, values, empty)
                    held[p >> 6] ^= np.uint64(1) << np.uint64(p & 63)
            count = kept
        for c in range(count):
            p = places[c]
            doc = start + p
            if not (len(dead) and dead[min(np.searchsorted(dead, doc), len(dead) - 1)] == doc):
                score = _score(p, values, group, floor, offset)
                if found < k or score > scores[k - 1]:  # ties: the earlier passage first
                    place = min(found, k - 1)
                    while place > 0 and scores[place - 1] < score:
                        scores[place], tops_k[place] = scores[place - 1], tops_k[place - 1]
                        place -= 1
                    scores[place], tops_k[place] = score, doc
                    found = min(found + 1, k)
                    if found == k:
                        threshold = scores[k - 1]
            _clear(p, rank, 0, walked, values, empty)
            held[p >> 6] = 0
        # The walked units' values emptied where their postings are, read again (in the
        # cache): cheaper than emptying them at each place the first test drops.
        for j in range(walked, count_u):
            u = rank[j]
            if there[u]:
                for s in range(first[u], first[u + 1]):
                    if offsets[s] < 0:
                        for i in range(lo[s], at[s]):
                            values[u, plain[s][i] - start] = empty[u]
                    else:
                        origin = start & _LOW
                        for i in range(lo[s], at[s]):
                            values[u, halves[s][i] - origin] = empty[u]
        while lazy < count_u and _reach(base, below[lazy + 1]) < threshold:
            lazy += 1
    return tops_k, scores, found == k and _reach(base, 0.0) < threshold


@_inlined
def _window_bounds(
    window: int, first: Any, group: Any, floor: Any, gain: Any, bounds: Any, near: Any, there: Any
) -> None:
    """Each unit's most beyond its floor in `window` into `near` (its segments' weights'
    maxima there where kept, else their largest, raised past rounding; at most its `gain`),
    and into `there` whether a segment of it may hold a passage of the window."""
    factors, adds, tops, maxima = bounds
    for u in range(len(group)):
        most, there[u] = -np.inf, False
        for s in range(first[u], first[u + 1]):
            if len(maxima[s]) == 0 or factors[s] < 0:  # no maxima, or they bound nothing
                most, there[u] = max(most, tops[s]), True
            elif window < len(maxima[s]) and maxima[s][window] != 0:  # 0: none in the window
                value = factors[s] * np.float64(maxima[s][window]) + adds[s]
                most, there[u] = max(most, value), True
        if there[u]:
            raised = most * (1 + SLACK) + SLACK
            near[u] = min(gain[u], max(raised - floor[u], 0.0) if group[u] else raised)
        else:
            near[u] = 0.0


@_inlined
def _rank(near: Any, rank: Any) -> None:
    """The units by `near`, the least first (ties by unit), into `rank`: insertion, as a
    question has a few."""
    for u in range(len(near)):
        j = u
        while j > 0 and near[rank[j - 1]] > near[u]:
            rank[j] = rank[j - 1]
            j -= 1
        rank[j] = u


@_inlined
def _reach(low: float, left: float) -> float:
    """The most a passage can score: what is known of it plus `left`, raised past rounding."""
    return (low + left) * (1 + SLACK) + SLACK


@_inlined
def _gain(u: int, value: float, group: Any, floor: Any) -> float:
    """What unit `u` adds beyond its floor where its value is `value` (for bounds)."""
    return max(value, floor[u]) - floor[u] if group[u] else value


@_inlined
def _score(p: int, values: Any, group: Any, floor: Any, offset: float) -> float:
    """The score at window place `p` by the dense scores' float operations in their order:
    the one-term words' float32 products summed from 0.0, the constant part, then each
    word with alternatives' best (its floor where none holds the passage)."""
    score = 0.0
    for u in range(len(group)):
        if not group[u]:
            score += values[u, p]
    if offset != 0.0:
        score += offset
    for u in range(len(group)):
        if group[u]:
            score += max(floor[u], values[u, p])
    return score


@_inlined
def _weight(i: int, doc: int, counts: Any) -> Any:
    """The weight of posting `i` (of passage `doc`) of a segment weighed from its `counts`
    (its pair codes, its first posting's place in the index, IDF and the index's weighing),
    rounded to float32 as a build rounds it (`_weight64`)."""
    return np.float32(_weight64(i, doc, counts))


@_inlined
def _weight64(i: int, doc: int, counts: Any) -> Any:
    """`_weight` before its rounding: `Bm25Index._weights_of`'s float64 operations in their
    order on the posting's frequency and its passage's normalisation, so equal bit for bit.
    A coded pair's frequency, normalisation and BM25+'s part after the IDF are read from the
    weighing's table by code (no division: `Counts`); an escaped one's frequency found by
    its place among the escaped postings' (0.07% of them at 1M) and its passage's length."""
    codes, escapes, idf, (lengths, norms, pairs, bm25), first = counts
    k1, code = bm25[1], codes[i]
    if code != ESCAPE:
        f, norm, plus = pairs[code, 0], pairs[code, 1], pairs[code, 2]
    else:  # its place and frequency as one number, the place's first
        f = np.float64(escapes[_place(escapes, (first + i) << ESCAPED_BITS)] & _ESCAPED)
        norm = norms[lengths[doc]]
        plus = f * (k1 + 1.0) / (k1 * norm + f)
    if bm25[0] == 1.0:  # plus: idf * (delta + x) - idf * delta, kept as idf * x
        return idf * plus
    if bm25[0] == 0.0:
        return idf * f * (k1 + 1.0) / (f + k1 * norm)
    ctd = f / norm
    return idf * f * (k1 + 1.0) * (ctd + bm25[2]) / (k1 + ctd + bm25[2])


@_inlined
def _place(ascending: Any, value: int) -> int:
    """The first place in `ascending` (its length a power of two, at most 2**24, its last
    item larger than any `value`) holding `value` or more: a binary search with its steps
    written out (a step past the end reads the last), no loop and no branch on the values:
    a loop or a call in the weight's escaped branch, even numba's `np.searchsorted`, made the
    loops that compute weights 15-20 times slower, a posting read or not."""
    at, n = 0, len(ascending)
    at += 8388608 if ascending[min(at + 8388608, n) - 1] < value else 0
    at += 4194304 if ascending[min(at + 4194304, n) - 1] < value else 0
    at += 2097152 if ascending[min(at + 2097152, n) - 1] < value else 0
    at += 1048576 if ascending[min(at + 1048576, n) - 1] < value else 0
    at += 524288 if ascending[min(at + 524288, n) - 1] < value else 0
    at += 262144 if ascending[min(at + 262144, n) - 1] < value else 0
    at += 131072 if ascending[min(at + 131072, n) - 1] < value else 0
    at += 65536 if ascending[min(at + 65536, n) - 1] < value else 0
    at += 32768 if ascending[min(at + 32768, n) - 1] < value else 0
    at += 16384 if ascending[min(at + 16384, n) - 1] < value else 0
    at += 8192 if ascending[min(at + 8192, n) - 1] < value else 0
    at += 4096 if ascending[min(at + 4096, n) - 1] < value else 0
    at += 2048 if ascending[min(at + 2048, n) - 1] < value else 0
    at += 1024 if ascending[min(at + 1024, n) - 1] < value else 0
    at += 512 if ascending[min(at + 512, n) - 1] < value else 0
    at += 256 if ascending[min(at + 256, n) - 1] < value else 0
    at += 128 if ascending[min(at + 128, n) - 1] < value else 0
    at += 64 if ascending[min(at + 64, n) - 1] < value else 0
    at += 32 if ascending[min(at + 32, n) - 1] < value else 0
    at += 16 if ascending[min(at + 16, n) - 1] < value else 0
    at += 8 if ascending[min(at + 8, n) - 1] < value else 0
    at += 4 if ascending[min(at + 4, n) - 1] < value else 0
    at += 2 if ascending[min(at + 2, n) - 1] < value else 0
    at += 1 if ascending[min(at + 1, n) - 1] < value else 0
    return at


@_inlined
def _walk_any(
    u: int,
    start: int,
    ids: Any,
    i: int,
    sources: Any,
    group: Any,
    floor: Any,
    values: Any,
    held: Any,
    sums: Any,
) -> None:
    """A segment's postings in the window from its place `i` (`ids`: their passages' ids, int32
    or a split segment's low bits, what is taken from them for a place in the window, and
    the segment's factor and add) into unit `u`'s values, by `_walk` where the segment
    has weights, else by `_walk_counted` (`sources`: its weights, codes, first posting's place, IDF
    and the index's weighing)."""
    passages, origin, (factor, add) = ids
    saved, coded, place, idf, (lengths, norms, pairs, bm25, escapes) = sources
    end = i + len(passages)
    segment = passages, factor, add
    if len(saved):
        _walk(u, origin, segment, saved[i:end], group, floor, values, held, sums)
    else:
        counts = coded[i:end], escapes, idf, (lengths, norms, pairs, bm25), place + i
        _walk_counted(u, start, origin, segment, counts, group, floor, values, held, sums)


@_inlined
def _walk(
    u: int,
    origin: int,
    segment: Any,
    weights: Any,
    group: Any,
    floor: Any,
    values: Any,
    held: Any,
    sums: Any,
) -> None:
    """One segment's postings in the window (`segment`: ids, factor, add; an id's place in
    the window is it minus `origin`) and their saved `weights` into unit `u`'s values, read in
    turn, what they add beyond its floor into `sums` (for bounds), and the places holding
    them marked in `held`."""
    ids, factor, add = segment
    if group[u]:
        least = floor[u]
        for i in range(len(ids)):
            p = ids[i] - origin
            old = values[u, p]
            new = max(old, factor * np.float64(weights[i]) + add)
            values[u, p] = new
            sums[p] += max(new, least) - max(old, least)
            held[p >> 6] |= np.uint64(1) << np.uint64(p & 63)
        return
    for i in range(len(ids)):
        p = ids[i] - origin
        value = np.float64(np.float32(factor) * weights[i])
        values[u, p] += value
        sums[p] += value
        held[p >> 6] |= np.uint64(1) << np.uint64(p & 63)


@_inlined
def _walk_counted(
    u: int,
    start: int,
    origin: int,
    segment: Any,
    counts: Any,
    group: Any,
    floor: Any,
    values: Any,
    held: Any,
    sums: Any,
) -> None:
    """`_walk` of a segment weighed from its `counts` (`_weight`; the window's first passage
    is `start`): the same loops, apart, so that a loop over saved weights tests nothing
    more."""
    ids, factor, add = segment
    if group[u]:
        least = floor[u]
        for i in range(len(ids)):
            p = ids[i] - origin
            old = values[u, p]
            new = max(old, factor * np.float64(_weight(i, start + p, counts)) + add)
            values[u, p] = new
            sums[p] += max(new, least) - max(old, least)
            held[p >> 6] |= np.uint64(1) << np.uint64(p & 63)
        return
    for i in range(len(ids)):
        p = ids[i] - origin
        value = np.float64(np.float32(factor) * _weight(i, start + p, counts))
        values[u, p] += value
        sums[p] += value
        held[p >> 6] |= np.uint64(1) << np.uint64(p & 63)


@_inlined
def _merge_any(
    u: int,
    start: int,
    places: Any,
    held: Any,
    ids: Any,
    i: int,
    sources: Any,
    group: Any,
    values: Any,
) -> None:
    """A segment's postings in the window from its place `i` (as `_walk_any`'s) into unit
    `u`'s values at the candidates' `places`, by `_merge` or `_merge_counted`."""
    passages, origin, (factor, add) = ids
    saved, coded, place, idf, (lengths, norms, pairs, bm25, escapes) = sources
    end = i + len(passages)
    segment = passages, factor, add
    if len(saved):
        _merge(u, origin, places, held, segment, saved[i:end], group, values)
    else:
        counts = coded[i:end], escapes, idf, (lengths, norms, pairs, bm25), place + i
        _merge_counted(u, start, origin, places, held, segment, counts, group, values)


@_inlined
def _merge(
    u: int,
    origin: int,
    places: Any,
    held: Any,
    segment: Any,
    weights: Any,
    group: Any,
    values: Any,
) -> None:
    """One segment's postings in the window (as `_walk`'s) into unit `u`'s values at the
    candidates' `places` (marked in `held`): each posting read in turn, or, when the
    candidates are few against them (`LOOK`), each candidate searched for (galloping: they
    ascend)."""
    ids, factor, add = segment
    if len(places) * LOOK < len(ids):
        i = 0
        for p in places:
            i = _seek(ids, i, len(ids), origin + p)
            if i < len(ids) and ids[i] == origin + p:
                _put(u, p, factor, add, weights[i], group, values)
        return
    for i in range(len(ids)):
        p = ids[i] - origin
        if held[p >> 6] & (np.uint64(1) << np.uint64(p & 63)):
            _put(u, p, factor, add, weights[i], group, values)


@_inlined
def _merge_counted(
    u: int,
    start: int,
    origin: int,
    places: Any,
    held: Any,
    segment: Any,
    counts: Any,
    group: Any,
    values: Any,
) -> None:
    """`_merge` of a segment weighed from its `counts` (`_weight`), where a candidate holds
    a posting."""
    ids, factor, add = segment
    if len(places) * LOOK < len(ids):
        i = 0
        for p in places:
            i = _seek(ids, i, len(ids), origin + p)
            if i < len(ids) and ids[i] == origin + p:
                _put(u, p, factor, add, _weight(i, start + p, counts), group, values)
        return
    for i in range(len(ids)):
        p = ids[i] - origin
        if held[p >> 6] & (np.uint64(1) << np.uint64(p & 63)):
            _put(u, p, factor, add, _weight(i, start + p, counts), group, values)


@_inlined
def _put(u: int, p: int, factor: float, add: float, weight: Any, group: Any, values: Any) -> None:
    """One posting's value into unit `u`'s at place `p` (as `_walk`)."""
    if group[u]:
        values[u, p] = max(values[u, p], factor * np.float64(weight) + add)
    else:
        values[u, p] += np.float64(np.float32(factor) * weight)


@_inlined
def _seek(ids: Any, low: int, n: int, doc: int) -> int:
    """The first place from `low` (below `n`) whose passage is at or after `doc` (galloping)."""
    if low >= n or ids[low] >= doc:
        return low
    step = 1  # ids[low] < doc
    while low + step < n and ids[low + step] < doc:
        low += step
        step *= 2
    high = min(low + step, n)  # high == n or ids[high] >= doc
    while low + 1 < high:
        middle = (low + high) // 2
        if ids[middle] < doc:
            low = middle
        else:
            high = middle
    return high


@_inlined
def _seek_split(s: int, low: Any, at: int, n: int, doc: int, split: Any) -> int:
    """`_seek` in split segment `s` (`low`: its ids' low 16 bits; `split`: each segment's
    first posting's place in the split ids, their runs' starts and high bits, and each
    segment's run at its last place read, which only moves on, as a segment's places do):
    the runs before `doc`'s high bits skipped, then a gallop on the low bits in its run.
    (The inlined helpers' names are not the kernel's: numba's inlining let a helper's
    `base` overwrite the kernel's.)"""
    if at >= n:
        return at
    offsets, starts, high, run = split
    segment_at, wanted, current = offsets[s], doc >> SHIFT, run[s]
    while starts[current + 1] - segment_at <= at:  # the run holding place `at`
        current += 1
    while high[current] < wanted and starts[current + 1] - segment_at < n:
        current += 1
    run[s] = current
    begin = max(at, starts[current] - segment_at)
    if high[current] != wanted:  # all of the segment before `doc`, or its run after it
        return n if high[current] < wanted else begin
    return _seek(low, begin, min(n, starts[current + 1] - segment_at), doc & _LOW)


@_inlined
def _id_at(s: int, low: Any, i: int, split: Any) -> Any:
    """The passage of split segment `s`'s posting `i` (as `_seek_split`)."""
    offsets, starts, high, run = split
    current = run[s]
    while starts[current + 1] - offsets[s] <= i:
        current += 1
    run[s] = current
    return (np.int64(high[current]) << SHIFT) | np.int64(low[i])


@_inlined
def _clear(p: int, order: Any, walked: int, end: int, values: Any, empty: Any) -> None:
    """Units order[walked:end]'s values at window place `p` emptied for the next window
    (the walked units' are emptied where their postings are, after the window)."""
    for j in range(walked, end):
        values[order[j], p] = empty[order[j]]


@_compiled
def window_maxima(ids: Any, weights: Any, size: int) -> Any:
    """A term's largest posting weight in each window of an index of `size` passages, 0.0
    where the window holds none of its postings (its `ids`, ascending), at least the least
    positive normal float32 where it holds one, so that 0.0 says "none" whatever the weights' sign:
    one pass, ~1 ns a posting."""
    maxima = np.zeros(-(-size // WINDOW), np.float32)
    window, most = -1, _TINY
    for i in range(len(ids)):
        if ids[i] >= (window + 1) * WINDOW:  # the next window holding one (ids ascend)
            if window >= 0:
                maxima[window] = most
            window, most = ids[i] // WINDOW, _TINY
        most = max(most, weights[i])
    if window >= 0:
        maxima[window] = most
    return maxima


@_compiled
def split_maxima(
    low: Any,
    first: int,
    runs_at: Any,
    run_count: int,
    codes: Any,
    idf: float,
    weighing: Any,
    size: int,
) -> Any:
    """`counted_maxima` of a term whose passages are split (`low`: their low bits; its first
    posting's place among the index's, whose runs' starts and high bits are at `runs_at`),
    its ids decoded here, a pass, not in numpy first."""
    starts = numba.carray(_pointer(runs_at[0]), run_count + 1, np.int32)
    high = numba.carray(_pointer(runs_at[1]), run_count, np.uint16)
    ids = np.empty(len(low), np.int32)
    current = np.searchsorted(starts, first, side="right") - 1
    for i in range(len(low)):
        while starts[current + 1] - first <= i:
            current += 1
        ids[i] = (np.int32(high[current]) << SHIFT) | np.int32(low[i])
    return counted_maxima(ids, codes, first, idf, weighing, size)


@_compiled
def counted_maxima(ids: Any, codes: Any, first: int, idf: float, weighing: Any, size: int) -> Any:
    """`window_maxima` of a term weighed from its pair codes (its first posting at `first`
    in the index): its weights computed in one pass (`_weight`), then theirs."""
    lengths, norms, pairs, bm25, escapes = weighing
    counts = codes, escapes, idf, (lengths, norms, pairs, bm25), first
    weights = np.empty(len(ids), np.float32)
    for i in range(len(ids)):
        weights[i] = _weight(i, ids[i], counts)
    return window_maxima(ids, weights, size)
