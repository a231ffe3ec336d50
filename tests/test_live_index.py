"""LiveIndex (a main segment, a delta segment and tombstones) against the reference definition.

What "equal" means with a delta (bot/live_index.py): N and the document frequencies count
both segments' passages, tombstoned ones included, and the average length stays the main
segment's until the merge. Corpora whose passages all have one length have the same
average length in both segments, so there the live scores must equal rank-bm25's over
all passages exactly; with lengths that vary, they equal our index built over all
passages with the main segment's average length (itself checked against rank-bm25 in
tests/test_index.py), and they differ from the merge by no more than that length moves.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.index import Bm25Index, Bm25Params, Statistics, collect
from bot.live_index import LiveIndex
from tests.test_index import ATOL, RTOL, reference

VARIANTS = ("plus", "l", "okapi")


def corpus(rng: random.Random, docs: int, words: int, length: int | None) -> list[list[str]]:
    vocab = [f"w{i}" for i in range(words)]
    weights = [1 / (i + 1) for i in range(words)]
    return [rng.choices(vocab, weights, k=length or rng.randint(1, 20)) for _ in range(docs)]


def live(
    base_docs: list[list[str]], delta_docs: list[list[str]], dead: list[int], params: Bm25Params
) -> LiveIndex:
    return LiveIndex(Bm25Index(base_docs, params), collect(delta_docs), np.array(dead, np.int64))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), variant=st.sampled_from(VARIANTS))
def test_equal_lengths_score_as_rank_bm25_over_both_segments(seed: int, variant: str) -> None:
    rng = random.Random(seed)
    # rare words only in the delta: new terms, and terms both segments hold
    base_docs = corpus(rng, rng.randint(1, 40), 30, length=8)
    delta_docs = corpus(rng, rng.randint(1, 10), 40, length=8)
    everything = base_docs + delta_docs
    if variant == "okapi":  # its floor for negative IDFs is the main segment's: keep IDFs > 0
        everything = [*everything, *[[f"pad{i}"] * 8 for i in range(2 * len(everything))]]
        base_docs = everything[: len(base_docs)] + everything[len(base_docs) + len(delta_docs) :]
        everything = base_docs + delta_docs
    params = Bm25Params(variant=variant)
    dead = rng.sample(range(len(base_docs)), rng.randint(0, len(base_docs) // 2))
    index = live(base_docs, delta_docs, dead, params)
    theirs = reference(everything, params)
    alive = np.setdiff1d(np.arange(len(everything)), dead)
    for _ in range(5):
        query = rng.choices([f"w{i}" for i in range(45)], k=rng.randint(1, 5))
        ours = index.scores(query)
        expected = theirs.get_scores(query)
        np.testing.assert_allclose(ours[alive], expected[alive], rtol=RTOL, atol=ATOL)
        assert np.all(ours[dead] == -np.inf)
        assert (
            index.term_idf(query[0])
            == pytest.approx(float(theirs.idf.get(query[0], index.unseen_idf)), rel=1e-9)
            or query[0] not in theirs.idf
        )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_varied_lengths_score_with_the_main_segments_average_length(seed: int) -> None:
    rng = random.Random(seed)
    base_docs, delta_docs = corpus(rng, 30, 25, None), corpus(rng, 6, 35, None)
    params = Bm25Params()
    dead = rng.sample(range(30), 5)
    index = live(base_docs, delta_docs, dead, params)
    whole = collect(base_docs + delta_docs)
    stats = Statistics(36, Bm25Index(base_docs).avgdl, np.diff(whole.indptr))
    expected = Bm25Index(whole, params, stats)
    alive = np.setdiff1d(np.arange(36), dead)
    terms = [f"w{i}" for i in range(35)]
    for _ in range(5):
        query = {t: rng.uniform(0.2, 1.0) for t in rng.sample(terms, 3)}
        np.testing.assert_allclose(
            index.scores(query)[alive], expected.scores(query)[alive], rtol=RTOL, atol=ATOL
        )
        best = index.best_of(query)
        each = np.max([expected.scores({t: w}) for t, w in query.items()], axis=0)
        np.testing.assert_allclose(best[alive], each[alive], rtol=RTOL, atol=ATOL)
        assert np.all(best[dead] == -np.inf)


def test_postings_spans_and_containment_cross_segments() -> None:
    base_docs = [["apple", "pear"], ["pear"], ["plum", "apple"]]
    delta_docs = [["kiwi", "apple"], ["pear", "pear"]]
    index = live(base_docs, delta_docs, [1], Bm25Params())
    assert index.postings("apple").tolist() == [0, 2, 3]
    assert index.postings("kiwi").tolist() == [3]
    assert index.postings("fig").tolist() == []
    for term in ("apple", "kiwi", "pear", "plum", "fig"):  # tombstoned ones count until the merge
        assert index.doc_count(term) == len(index.postings(term))
        assert index.base.doc_count(term) == len(index.base.postings(term))
    assert index.term_id("kiwi") is not None and index.term_id("fig") is None
    assert index.holds_within("kiwi", 3, 4) and not index.holds_within("kiwi", 0, 2)
    assert index.holds_within("pear", 2, 4) and not index.holds_within("plum", 3, 4)
    found = index.segments("pear")
    assert found is not None
    (base_ids, base_weights, _, base_top), (ids, weights, factor, top) = found[0]
    assert base_ids.tolist() == [0, 1] and ids.tolist() == [4]  # 1: tombstoned, in `dead`
    assert index.dead.tolist() == [1] and factor == 1.0
    assert top == pytest.approx(float(weights.max()))
    assert base_top >= float(base_weights.max()) * found[0][0][2] * (1 - 1e-6)
    assert index.size == 5 and "kiwi" in index.vocabulary and len(index.vocabulary) == 4
    with pytest.raises(TypeError, match="merge"):
        _ = index.weights
