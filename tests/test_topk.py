"""MaxScore top-k (bot/topk.py) against the dense scores it must equal."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.answering import Answerer
from bot.answering.candidates import best_passages, scores
from bot.answering.candidates import top as candidate_top
from bot.index import Bm25Index, Bm25Params, collect
from bot.live_index import LiveIndex
from bot.topk import _pairs, top

SETS = Path(__file__).parent / "sets"


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


def exact_top(scores: np.ndarray, k: int) -> list[int]:
    """The definition: the k highest finite scores, ties by passage order."""
    kept = [d for d in range(len(scores)) if scores[d] > -np.inf]
    return sorted(kept, key=lambda d: (-scores[d], d))[:k]


def random_query(rng: random.Random, words: int) -> tuple[dict[str, float], list[dict[str, float]]]:
    """A few one-term words and a few words with alternatives, some of them common."""
    single = {f"w{rng.randint(0, words)}": rng.choice([1.0, 0.5, 0.8]) for _ in range(3)}
    groups = [
        {
            f"w{rng.randint(0, words)}": rng.choice([1.0, 0.4, 0.65])
            for _ in range(rng.randint(2, 5))
        }
        for _ in range(rng.randint(1, 3))
    ]
    return single, groups


@pytest.mark.parametrize("variant", ["plus", "okapi", "l"])
def test_words_with_alternatives_are_pruned_too(variant: str) -> None:
    """With the default share, a word whose alternatives include a common term is one of the
    words looked up only for the passages that may reach the top; the top is still the
    dense top, passages and scores, ties by passage order."""
    rng = random.Random(5)
    index = Bm25Index(corpus(rng, 3000), Bm25Params(variant=variant))
    proved = with_common_group = 0
    for _ in range(300):
        single, groups = random_query(rng, 320)
        k = rng.choice([1, 5, 12])
        found = top(index, single, groups, k=k)
        if found is None:
            continue
        proved += 1
        common = [g for g in groups if sum(len(index.postings(t)) for t in g) > 0.125 * 3000]
        with_common_group += bool(common)
        scores = dense(index, single, groups)
        docs, exact = found
        assert docs == exact_top(scores, k)
        assert all(exact[d] == scores[d] for d in docs)
    assert proved > 50 and with_common_group > 20


def test_a_live_index_is_pruned_over_both_segments_without_its_tombstones() -> None:
    """Main and delta segments, the main one's weights scaled to the live IDF, tombstoned
    passages: the same top as the live index's dense scores, bit for bit."""
    rng = random.Random(8)
    base = Bm25Index(corpus(rng, 2500))
    dead = np.array(sorted(rng.sample(range(2500), 300)), np.int64)
    index = LiveIndex(base, collect(corpus(rng, 400)), dead)
    proved = delta_in_top = 0
    for _ in range(200):
        single, groups = random_query(rng, 320)
        found = top(index, single, groups, k=12)
        if found is None:
            continue
        proved += 1
        scores = dense(index, single, groups)
        docs, exact = found
        assert docs == exact_top(scores, 12)
        assert all(exact[d] == scores[d] for d in docs)
        assert not set(docs) & set(dead.tolist())
        delta_in_top += any(d >= 2500 for d in docs)
    assert proved > 40 and delta_in_top > 10


def test_ties_at_the_edge_keep_passage_order() -> None:
    """Twenty copies of one passage: the top 5 is the first five copies, by both paths."""
    docs = [["pine", "cone"]] * 20 + [["pine", "tree", "oak"]] * 30 + [["elm"]] * 400
    index = Bm25Index(docs)
    found = top(index, {"cone": 1.0, "pine": 1.0}, k=5)
    assert found is not None and found[0] == [0, 1, 2, 3, 4]
    scores = index.scores({"cone": 1.0, "pine": 1.0})
    assert candidate_top(scores, 5) == [0, 1, 2, 3, 4]
    assert candidate_top(index.scores({"pine": 1.0}), 25) == list(range(25))


def test_a_common_word_that_could_beat_the_top_makes_it_give_up() -> None:
    """A rare word in few passages and a heavily weighted common word: a passage holding
    only the common word could outscore them, so nothing is proved (the caller scores
    densely) rather than a wrong top."""
    docs = [["rare", "x"]] * 3 + [["common", "y"]] * 300 + [["z"]] * 700
    index = Bm25Index(docs)
    assert top(index, {"rare": 0.1}, [{"common": 5.0, "y": 5.0}], k=2) is None
    found = top(index, {"rare": 5.0}, [{"common": 0.1, "y": 0.1}], k=2)
    assert found is not None and found[0] == [0, 1]


def test_the_answerers_candidates_equal_the_dense_ones(many_answerer: Answerer) -> None:
    """The answer path's candidates and their scores, pruned where it can, against every
    passage's score: the same for every question of the own sets, both where the pruning
    proves the top and where it falls back to every passage's score (over ten articles,
    an eighth of the passages is a few dozen: most words are too common to prune by)."""
    questions = [
        item["q"] for path in SETS.glob("*_qa.yaml") for item in yaml.safe_load(path.read_text())
    ]
    index, k = many_answerer.index, many_answerer.settings.rules.rerank
    pruned = 0
    for question in questions:
        query = many_answerer.query(question)
        found, kept = best_passages(index, query, k, prune_from=0, dense_share=1.0)
        total = scores(index, query)
        assert found == candidate_top(total, k) == exact_top(total, k)
        assert [kept[d] for d in found] == [total[d] for d in found]
        pruned += not isinstance(kept, np.ndarray)
    assert 20 < pruned < len(questions) - 20


@pytest.mark.parametrize(("postings", "passages"), [(40, 5_000), (5_000, 40), (3_000, 3_000)])
def test_a_terms_passages_among_the_candidates_are_found_by_each_search(
    postings: int, passages: int
) -> None:
    """`_pairs` finds the same (candidate, posting) pairs whether it searches the candidates
    in the postings (few candidates), the postings in the candidates (a short list) or merges
    both (like lengths): each case picks another of the three; and none when either is empty."""
    rng = np.random.default_rng(postings)
    ids = np.sort(rng.choice(20_000, postings, replace=False)).astype(np.int32)
    docs = np.sort(rng.choice(20_000, passages, replace=False)).astype(np.int32)
    held, at = _pairs(ids, docs)
    expected = [(i, int(np.flatnonzero(ids == d)[0])) for i, d in enumerate(docs) if d in ids]
    assert list(zip(held.tolist(), at.tolist(), strict=True)) == expected
    assert len(expected) > 0
    for few, many in ((ids[:0], docs), (ids, docs[:0])):
        held, at = _pairs(few, many)
        assert len(held) == len(at) == 0
