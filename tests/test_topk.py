"""MaxScore top-k (bot/topk.py) against the dense scores it must equal."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.index import Bm25Index, Bm25Params
from bot.topk import top


def corpus(rng: random.Random, size: int) -> list[list[str]]:
    """Zipf-like words: a few very common (long postings), many rare."""
    words = [f"w{i}" for i in range(300)]
    weights = [1 / (i + 1) for i in range(300)]
    return [rng.choices(words, weights, k=rng.randint(3, 30)) for _ in range(size)]


def dense(index: Bm25Index, single: dict[str, float], groups: list[dict[str, float]]) -> np.ndarray:
    total = index.scores(single)
    for group in groups:
        total += index.best_of(group)
    return total


@pytest.mark.parametrize("variant", ["plus", "okapi", "l"])
def test_the_top_equals_the_dense_top_bit_for_bit(variant: str) -> None:
    rng = random.Random(11)
    index = Bm25Index(corpus(rng, 2000), Bm25Params(variant=variant))
    proved = 0
    for _ in range(300):
        single = {f"w{rng.randint(0, 320)}": rng.choice([1.0, 0.5, 2]) for _ in range(4)}
        groups = [
            {f"w{rng.randint(0, 320)}": rng.random() for _ in range(rng.randint(1, 3))}
            for _ in range(rng.randint(0, 2))
        ]
        k = rng.choice([1, 5, 12])
        found = top(index, single, groups, k=k, dense_share=1.0)
        scores = dense(index, single, groups)
        if found is None:
            continue
        proved += 1
        docs, exact = found
        assert len(docs) == k == len(set(docs))
        assert all(exact[d] == scores[d] for d in docs)  # the same floats, not just close
        assert [exact[d] for d in docs] == sorted((exact[d] for d in docs), reverse=True)
        others = np.delete(scores, docs)
        assert others.max() <= min(exact.values())  # nothing left out beats the k-th
        expected = sorted(range(len(scores)), key=lambda d: (-scores[d], d))[:k]
        if scores[expected[-1]] > others.max():  # no tie at the edge: the same passages
            assert docs == expected
    assert proved > 100  # pruning proves most tops: the test tests it


def test_it_gives_up_when_every_word_is_common() -> None:
    rng = random.Random(3)
    index = Bm25Index(corpus(rng, 1000))
    assert top(index, {"w0": 1.0, "w1": 1.0}, k=10, dense_share=0.01) is None
    assert top(index, {"unknown": 1.0}, k=10, dense_share=1.0) is None
