"""Candidate retrieval: BM25 over the question's units (bot/answering/vocabulary.py).

A unit scores by its best alternative in each passage (bot/index.py); the best passages
are found by MaxScore on a large index (bot/topk.py), else from every passage's score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bot import topk
from bot.answering.query import Query
from bot.index import Bm25Index, Scores


def scores(index: Bm25Index, query: Query) -> Scores:
    """BM25 where each question word counts once: by its best match in each passage.

    Words with one index term are scored together in one pass; a word with
    alternatives (fuzzy, synonym, acronym) takes the maximum over them, so
    an exact match plus its synonyms in one passage do not add up.
    """
    return _scores(index, *_weighted(query))


def _scores(
    index: Bm25Index, single: Mapping[str, float], groups: Sequence[Mapping[str, float]]
) -> Scores:
    total = index.scores(single)
    for alternatives in groups:
        index.add_best_of(total, alternatives)
    return total


def best_passages(
    index: Bm25Index,
    query: Query,
    k: int,
    prune_from: int = topk.PRUNE_FROM,
    dense_share: float = topk.DENSE_SHARE,
) -> tuple[list[int], Mapping[int, float] | Scores]:
    """`top(scores(index, query), k)` and those scores (`best`)."""
    return best(index, *_weighted(query), k, prune_from, dense_share)


def best(
    index: Bm25Index,
    single: Mapping[str, float],
    groups: Sequence[Mapping[str, float]],
    k: int,
    prune_from: int = topk.PRUNE_FROM,
    dense_share: float = topk.DENSE_SHARE,
) -> tuple[list[int], Mapping[int, float] | Scores]:
    """The k best passages for `single` words and words with alternatives (`groups`), and
    their scores: from an index of `prune_from` passages on, by MaxScore (bot/topk.py) over
    the passages that can be in the top when it proves them (the same passages and scores),
    else `top` of every passage's score. The answer path's BM25 top, and `bench`'s."""
    if index.size >= prune_from:
        found = topk.top(index, single, groups, k, dense_share)
        if found is not None:
            return found
    total = _scores(index, single, groups)
    return top(total, k), total


def _weighted(query: Query) -> tuple[dict[str, float], list[Mapping[str, float]]]:
    """The question's one-term words as one weighted query, and each other word's terms
    (their `Unit.scaled` weights: kept per unit, as a known word's unit is kept)."""
    single: dict[str, float] = {}
    groups: list[Mapping[str, float]] = []
    for unit in query.units:
        count = len(unit.terms)
        if count == 1:
            single.update(unit.scaled)
        elif count:
            groups.append(unit.scaled)
    return single, groups


SAMPLE = 8192  # columns whose best scores give `top` a first cut
SMALL = 512  # passages up to which one stable sort is cheaper than the sampled cut


def top(scores: Sequence[float] | np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores, best first; ties keep passage order."""
    # The arrays' own methods, not numpy's functions of the same names: those are Python
    # wrappers, a tenth of this function's cost on a small knowledge base.
    array = np.asarray(scores)
    if len(array) <= k:
        return [int(i) for i in (-array).argsort(kind="stable") if array[i] > -np.inf]
    if len(array) <= SMALL:  # a small knowledge base: a sort (ties in passage order) is cheaper
        order = (-array).argsort(kind="stable")[:k]
        if array[order[-1]] > -np.inf:  # k scores above a tombstone's (bot/live_index.py)
            ranked: list[int] = order.tolist()
            return ranked
    # The scores as `step` rows of `columns` (passage r * columns + c at row r, column c):
    # the k-th best of the columns' best scores, k passages' scores, is at most the k-th best
    # of all, and the passages at or above it (a few dozen) are in the columns whose best is:
    # the top, ties at its edge included. One row below 2 SAMPLE passages: every score.
    step = max(1, len(array) // SAMPLE)
    columns = len(array) // step
    maxima = array if step == 1 else array[: step * columns].reshape(step, columns).max(axis=0)
    cut = -np.inf
    if columns > k:
        negated = -maxima  # a new array: partitioned in place
        negated.partition(k - 1)
        cut = -negated[k - 1]
    if cut > -np.inf:
        above = (maxima >= cut).nonzero()[0]
        if len(above) * step <= SAMPLE:  # not a cut at the many passages sharing the lowest score
            if step > 1:  # the columns' passages at or above the cut
                above = _at_or_above(array, above, step, cut)
            best: list[int] = above[np.lexsort((above, -array[above]))[:k]].tolist()
            return best
    # Most passages hold no question word and share the lowest score: the top is
    # searched among the others (a large archive's partition costs 0.3 ms whole).
    floor = array.min()
    if floor == -np.inf:  # tombstoned passages of a live index (bot/live_index.py): never
        finite = array[array > floor]
        if len(finite) <= k:
            kept = (array > floor).nonzero()[0]
            return [int(i) for i in kept[(-array[kept]).argsort(kind="stable")]]
        floor = finite.min()
    above = (array > floor).nonzero()[0]
    if len(above) > k:  # the k-th score, then the passages above it and, in order, those at it
        values = array[above]
        negated = -values
        negated.partition(k - 1)
        edge = -negated[k - 1]
        above = np.concatenate([above[values > edge], above[values == edge]])[:k]
    elif len(above) < k:
        above = np.concatenate([above, (array == floor).nonzero()[0][: k - len(above)]])
    ranked = above[np.lexsort((above, -array[above]))].tolist()
    return ranked


def _at_or_above(array: np.ndarray, held: np.ndarray, step: int, cut: float) -> np.ndarray:
    """The passages at or above `cut`, given the columns whose best score is (`held`) of the
    scores laid out as `step` rows: those columns' passages, and the last few passages, in
    no column, read as well (not a second pass over every score after a strided sample of
    them, which read as many cache lines as the whole: 116 -> 87 us a top of 1,000 new
    questions at 100k passages, docs/performance.md)."""
    columns = len(array) // step
    found = (held + columns * np.arange(step)[:, None]).ravel()
    if step * columns < len(array):
        found = np.concatenate([found, np.arange(step * columns, len(array))])
    return found[array[found] >= cut]
