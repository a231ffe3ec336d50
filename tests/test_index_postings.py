"""A question's postings summed and maximised (bot/index_postings.py) against the definitions
they must equal bit for bit: a zeroed array and one scattered add per term, in turn; a
floor-filled array and one scattered maximum per alternative, in turn, added to the scores."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index_postings import add_best_of_postings, summed_postings


def one_by_one(size: int, found: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    scores = np.zeros(size)
    for ids, weights, weight in found:
        scores[ids] += weight * weights
    return scores


def postings(rng: np.random.Generator, size: int, count: int) -> np.ndarray:
    return np.sort(rng.choice(size, count, replace=False)).astype(np.int32)


@pytest.mark.parametrize(
    "weights",
    [
        [1, 1, 1],  # a plain term list: no multiply
        [1.0, 0.35, 2],  # Python numbers: float32 products
        [np.float64(0.7), 1.0, 0.3],  # a NumPy weight: float64 products, as numpy makes them
        [0.4],  # one term
    ],
)
def test_the_sums_equal_a_scattered_add_per_term(weights: list[float]) -> None:
    rng = np.random.default_rng(4)
    size = 5000
    for _ in range(20):
        # overlapping postings: a passage's sum takes its terms in order, from 0.0
        found = []
        for weight in weights:
            ids = postings(rng, size, int(rng.integers(1, 3000)))
            found.append((ids, (rng.random(len(ids)) * 7).astype(np.float32), weight))
        expected = one_by_one(size, found)
        summed = summed_postings(size, found)
        assert summed.dtype == np.float64 and summed.tobytes() == expected.tobytes()


def test_no_postings_sum_to_zero_everywhere() -> None:
    assert summed_postings(7, []).tolist() == [0.0] * 7
    empty = (np.empty(0, np.int32), np.empty(0, np.float32), 2.0)
    assert summed_postings(3, [empty, empty]).tolist() == [0.0] * 3


def one_by_one_best(
    size: int, floor: float, found: list[tuple[np.ndarray, np.ndarray, float, float]]
) -> np.ndarray:
    best = np.full(size, floor)
    for ids, weights, weight, add in found:
        best[ids] = np.maximum(best[ids], weight * weights.astype(np.float64) + add)
    return best


@pytest.mark.parametrize(
    "alternatives",
    [
        [(1.0, 0.3), (0.42, 0.1), (0.6, 0.2)],  # Python numbers
        [(np.float64(0.7), 0.25), (0.35, np.float64(0.05))],  # NumPy numbers among them
        [(0.8, 0.4)],  # one alternative
    ],
)
def test_the_best_equals_a_scattered_maximum_per_alternative(
    alternatives: list[tuple[float, float]],
) -> None:
    rng = np.random.default_rng(5)
    size = 5000
    for _ in range(20):
        # overlapping postings: a passage held by several alternatives takes their best
        found = []
        for weight, add in alternatives:
            ids = postings(rng, size, int(rng.integers(1, 3000)))
            found.append((ids, (rng.random(len(ids)) * 7).astype(np.float32), weight, add))
        floor = max(add for _, add in alternatives)
        total = rng.random(size) * 30  # the scores so far: added to in place
        total[rng.random(size) < 0.05] = -np.inf  # tombstoned passages (bot/live_index.py)
        expected = total + one_by_one_best(size, floor, found)
        add_best_of_postings(total, floor, found)
        assert total.dtype == np.float64 and total.tobytes() == expected.tobytes()
    total = np.array([1.0, 2.5])
    add_best_of_postings(total, 0.5, [])  # no alternative: the floor
    assert total.tolist() == [1.5, 3.0]
