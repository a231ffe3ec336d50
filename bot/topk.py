"""The k best BM25 passages without scoring every posting (MaxScore, in numpy).

`Bm25Index.scores` adds every posting of every question word into a dense
array: a common word's tens of thousands of postings cost most of a
question. But a word's contribution to any passage is at most its largest
weight, so: score exactly only the passages that hold one of the words with
the largest bounds ("essential"), and stop as soon as the k-th best of them
beats the best score any other passage could reach (the constant part plus
the bounds of the other words). The other words are looked up only for those
passages, by binary search in their postings, so their long lists are never
read whole. When no small set proves the top (every word common), the caller
scores densely.

Scores are computed in the same order of float operations as `scores` and
`best_of`, so they are equal to the dense ones bit for bit, and so is the
top (ties by passage order, as bot.answering.candidates.top).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.index import Bm25Index, Ids

SLACK = 1e-6  # float32 weights: a bound is raised by this share to stay an upper bound
DENSE_SHARE = 0.125  # essential postings beyond this share of the passages: score densely


@dataclass(frozen=True)
class _Unit:
    """One question word: its index terms and weights; `group` takes the best of them."""

    spans: list[tuple[Ids, npt.NDArray[np.float32], float, float]]  # ids, weights, w, absent
    group: bool
    bound: float  # the most it adds to any passage
    floor: float  # what it adds to a passage holding none of its terms
    postings: int


def top(
    index: Bm25Index,
    single: Mapping[str, float],
    groups: Sequence[Mapping[str, float]] = (),
    k: int = 10,
    dense_share: float = DENSE_SHARE,
) -> tuple[list[int], dict[int, float]] | None:
    """The k best passages for ``index.scores(single) + sum(index.best_of(g) for g in
    groups)``, best first, with their scores; None when pruning cannot prove them."""
    units, offset = _units(index, single, groups)
    limit = dense_share * index.size
    essential = [u for u in units if u.postings <= limit and u.spans]
    if not essential:
        return None
    rest = [u for u in units if not (u.postings <= limit and u.spans)]
    # What the essential words add to each passage (dense: a gather per posting, no search),
    # read for the passages that hold one: a lower bound of their score and, with every
    # other word's bound, an upper one.
    added = np.zeros(index.size)
    for unit in essential:
        _add(unit, added)
    held = np.zeros(index.size, np.bool_)
    for unit in essential:
        for ids, *_ in unit.spans:
            held[ids] = True
    docs = np.flatnonzero(held).astype(np.int32)
    if len(docs) < k:
        return None
    floors = offset + sum(u.floor for u in rest)
    low = added[docs] + floors
    high = low + sum(u.bound - u.floor for u in rest)
    threshold = float(-np.partition(-low, k - 1)[k - 1])  # at least k passages reach it
    outside = offset + sum(u.floor for u in essential) + sum(u.bound for u in rest)
    if outside * (1 + SLACK) + SLACK >= threshold:
        return None  # a passage holding only the common words could be in the top
    chosen = docs[high * (1 + SLACK) + SLACK >= threshold]
    exact = _exact(units, offset, chosen)
    best = np.argpartition(-exact, k - 1)[:k]
    ranked = best[np.lexsort((chosen[best], -exact[best]))]
    return [int(d) for d in chosen[ranked]], {
        int(d): float(s) for d, s in zip(chosen[ranked], exact[ranked], strict=True)
    }


def _add(unit: _Unit, added: npt.NDArray[np.float64]) -> None:
    """Add to `added` what `unit` adds to each passage beyond its floor."""
    if not unit.group:
        ids, weights, weight, _ = unit.spans[0]
        added[ids] += weight * weights.astype(np.float64)
        return
    best = np.zeros(len(added))
    for ids, weights, weight, absent in unit.spans:
        values = weight * weights.astype(np.float64) + absent - unit.floor
        best[ids] = np.maximum(best[ids], values)
    added += best


def _units(
    index: Bm25Index, single: Mapping[str, float], groups: Sequence[Mapping[str, float]]
) -> tuple[list[_Unit], float]:
    units: list[_Unit] = []
    offset = 0.0
    for term, weight in single.items():  # the order of Bm25Index.scores
        found = index.span_of(term)
        if found is None:
            continue
        ids, weights, top_weight, absent = found
        offset += weight * absent
        bound = weight * top_weight * (1 + SLACK)
        units.append(_Unit([(ids, weights, weight, 0.0)], False, bound, 0.0, len(ids)))
    for alternatives in groups:  # of Bm25Index.best_of
        spans = []
        floor, bound = 0.0, 0.0
        for term, weight in alternatives.items():
            found = index.span_of(term)
            if found is None:
                continue
            ids, weights, top_weight, absent = found
            floor = max(floor, weight * absent)
            bound = max(bound, (weight * top_weight + weight * absent) * (1 + SLACK))
            spans.append((ids, weights, weight, weight * absent))
        postings = sum(len(ids) for ids, *_ in spans)
        units.append(_Unit(spans, True, max(bound, floor), floor, postings))
    return units, offset


def _exact(units: list[_Unit], offset: float, docs: Ids) -> npt.NDArray[np.float64]:
    """The dense scores of `docs`, by the same float operations in the same order."""
    scores = np.zeros(len(docs))
    groups = []
    for unit in units:
        if unit.group:
            groups.append(unit)
            continue
        ids, weights, weight, _ = unit.spans[0]
        at, held = _held(ids, docs)
        scores[held] += weight * weights[at[held]]
    if offset:
        scores += offset
    for unit in groups:
        best = np.full(len(docs), unit.floor)
        for ids, weights, weight, absent in unit.spans:
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
