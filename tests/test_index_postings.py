"""A question's postings summed (bot/index_postings.py) against the definition they must
equal bit for bit: a zeroed array and one scattered add per term, in turn."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index_postings import summed_postings


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
